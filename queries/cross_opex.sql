-- title: 跨文档比较：机关运行经费（部门合计）
-- params:
SELECT o.doc_id, d.department, d.year, o.total AS value, o.table_no,
       t.title AS table_title, o.line, r.cells
FROM opex o
JOIN documents d ON d.doc_id = o.doc_id
JOIN report_tables t ON t.doc_id = o.doc_id AND t.table_no = o.table_no
JOIN table_rows r ON r.doc_id = o.doc_id AND r.table_no = o.table_no AND r.line = o.line
WHERE o.is_total
ORDER BY o.doc_id
