-- title: 机关运行经费（部门合计与各单位）
-- params: doc_id
SELECT o.unit, o.is_total, o.total, o.gpb, o.table_no, t.title AS table_title,
       t.unit AS table_unit, o.line, r.cells
FROM opex o
JOIN report_tables t ON t.doc_id = o.doc_id AND t.table_no = o.table_no
JOIN table_rows r ON r.doc_id = o.doc_id AND r.table_no = o.table_no AND r.line = o.line
WHERE o.doc_id = $doc_id ORDER BY o.line
