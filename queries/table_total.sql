-- title: 某张报表的“合计”行
-- params: doc_id, table_kind
SELECT c.table_no, c.table_title, c.line, r.cells, c.column_path, c.col_key, c.value_wan AS value, c.unit,
       c.name, c.code
FROM cells c
JOIN table_rows r ON r.doc_id = c.doc_id AND r.table_no = c.table_no AND r.line = c.line
WHERE c.doc_id = $doc_id AND c.table_kind = $table_kind AND c.name = '合计'
ORDER BY c.column_path
