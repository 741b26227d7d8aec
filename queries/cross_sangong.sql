-- title: 跨文档比较：“三公”经费某一项
-- params: item
SELECT s.doc_id, d.department, d.year, s.total AS value, s.table_no,
       t.title AS table_title, s.line, r.cells
FROM sangong s
JOIN documents d ON d.doc_id = s.doc_id
JOIN report_tables t ON t.doc_id = s.doc_id AND t.table_no = s.table_no
JOIN table_rows r ON r.doc_id = s.doc_id AND r.table_no = s.table_no AND r.line = s.line
WHERE s.item = $item
ORDER BY s.doc_id
