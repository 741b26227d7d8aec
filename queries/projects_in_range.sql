-- title: 金额在某个区间内的项目（只含项目，不含单位小计）
-- params: doc_id, min_total, max_total, period
-- (period '' means both tables)
SELECT p.period, p.unit, p.name, p.total, p.table_no, t.title AS table_title, p.line, r.cells
FROM projects p
JOIN report_tables t ON t.doc_id = p.doc_id AND t.table_no = p.table_no
JOIN table_rows r ON r.doc_id = p.doc_id AND r.table_no = p.table_no AND r.line = p.line
WHERE p.doc_id = $doc_id AND p.total > $min_total AND p.total < $max_total
  AND ($period = '' OR p.period = $period)
ORDER BY p.total DESC, p.line
