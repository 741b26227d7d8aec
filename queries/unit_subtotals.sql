-- title: 项目支出表中各单位的小计行（不含部门合计）
-- params: doc_id
SELECT u.period, u.unit, u.total, u.gpb, u.unit_funds, u.table_no, t.title AS table_title,
       u.line, r.cells,
       (SELECT count(*) FROM projects p WHERE p.doc_id = u.doc_id AND p.table_no = u.table_no
            AND p.unit = u.unit) AS n_projects
FROM project_units u
JOIN report_tables t ON t.doc_id = u.doc_id AND t.table_no = u.table_no
JOIN table_rows r ON r.doc_id = u.doc_id AND r.table_no = u.table_no AND r.line = u.line
WHERE u.doc_id = $doc_id AND NOT u.is_department_total
ORDER BY u.table_no, u.line
