-- title: 项目支出表的部门合计行
-- params: doc_id, period
SELECT u.period, u.unit, u.total, u.gpb, u.unit_funds, u.table_no, t.title AS table_title,
       u.line, r.cells
FROM project_units u
JOIN report_tables t ON t.doc_id = u.doc_id AND t.table_no = u.table_no
JOIN table_rows r ON r.doc_id = u.doc_id AND r.table_no = u.table_no AND r.line = u.line
WHERE u.doc_id = $doc_id AND u.period = $period AND u.is_department_total
