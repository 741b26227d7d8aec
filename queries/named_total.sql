-- title: 报表中以名称给出的合计行（如“人员经费合计”）
-- params: doc_id, table_kind, name
SELECT c.table_no, c.table_title, c.line, r.cells, c.column_path, c.col_key,
       c.value_wan AS value, c.unit, c.name, c.code
FROM cells c
JOIN table_rows r ON r.doc_id = c.doc_id AND r.table_no = c.table_no AND r.line = c.line
WHERE c.doc_id = $doc_id AND c.table_kind = $table_kind AND c.name = $name
ORDER BY c.line, c.column_path
