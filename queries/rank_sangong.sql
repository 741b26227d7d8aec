-- title: “三公”经费各项（不含合计与子项）按金额排序
-- params: doc_id, level, low
SELECT s.name, s.total, s.table_no, t.title AS table_title, s.line, r.cells
FROM sangong s
JOIN report_tables t ON t.doc_id = s.doc_id AND t.table_no = s.table_no
JOIN table_rows r ON r.doc_id = s.doc_id AND r.table_no = s.table_no AND r.line = s.line
WHERE s.doc_id = $doc_id AND s.level = $level AND s.total IS NOT NULL
ORDER BY CASE WHEN $low THEN s.total ELSE -s.total END, s.line
