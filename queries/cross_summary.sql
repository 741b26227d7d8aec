-- title: 跨文档比较：收支总表中的一行
-- params: name
SELECT c.doc_id, d.department, d.year, c.value_wan AS value, c.table_no, c.table_title, c.line, r.cells
FROM cells c
JOIN documents d ON d.doc_id = c.doc_id
JOIN table_rows r ON r.doc_id = c.doc_id AND r.table_no = c.table_no AND r.line = c.line
WHERE c.table_kind = 'summary' AND c.name = $name AND c.col_key = 'total'
ORDER BY c.doc_id, c.line
