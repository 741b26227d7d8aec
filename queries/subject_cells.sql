-- title: 功能分类科目在各表中的数值（按科目编码）
-- params: doc_id, code
SELECT c.table_no, c.table_kind, c.table_title, c.line, r.cells, c.column_path, c.col_key,
       c.value_wan AS value, c.unit, c.name, c.code
FROM cells c
JOIN table_rows r ON r.doc_id = c.doc_id AND r.table_no = c.table_no AND r.line = c.line
WHERE c.doc_id = $doc_id AND c.code = $code
ORDER BY c.table_no, c.column_path
