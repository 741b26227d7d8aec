-- title: 金额等于某值的项目（按金额反查项目）
-- params: doc_id, total
SELECT p.period, p.unit, p.name, p.total, p.table_no, t.title AS table_title, p.line, r.cells
FROM projects p
JOIN report_tables t ON t.doc_id = p.doc_id AND t.table_no = p.table_no
JOIN table_rows r ON r.doc_id = p.doc_id AND r.table_no = p.table_no AND r.line = p.line
WHERE p.doc_id = $doc_id AND abs(p.total - $total) < 0.005
ORDER BY p.table_no, p.line
