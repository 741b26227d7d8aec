-- title: 跨文档比较：基本支出、项目支出、人员经费或公用经费
-- params: table_kind, col_key
SELECT c.doc_id, d.department, d.year, c.value_wan AS value, c.table_no, c.table_title, c.line, r.cells
FROM cells c
JOIN documents d ON d.doc_id = c.doc_id
JOIN table_rows r ON r.doc_id = c.doc_id AND r.table_no = c.table_no AND r.line = c.line
WHERE c.table_kind = $table_kind AND c.name = '合计' AND c.col_key = $col_key
ORDER BY c.doc_id
