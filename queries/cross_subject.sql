-- title: 跨文档比较：功能分类科目（支出总表合计）
-- params: code
SELECT c.doc_id, d.department, d.year, c.value_wan AS value, c.table_no, c.table_title, c.line, r.cells
FROM cells c
JOIN documents d ON d.doc_id = c.doc_id
JOIN table_rows r ON r.doc_id = c.doc_id AND r.table_no = c.table_no AND r.line = c.line
WHERE c.table_kind = 'expense' AND c.code = $code AND c.col_key = 'total'
ORDER BY c.doc_id
