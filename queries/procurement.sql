-- title: 政府采购预算表的行（类、专项与经济科目、采购品目）
-- params: doc_id
SELECT p.level, p.category, p.project, p.econ, p.item, p.method, p.total, p.table_no,
       t.title AS table_title, p.line, r.cells
FROM procurement p
JOIN report_tables t ON t.doc_id = p.doc_id AND t.table_no = p.table_no
JOIN table_rows r ON r.doc_id = p.doc_id AND r.table_no = p.table_no AND r.line = p.line
WHERE p.doc_id = $doc_id
ORDER BY p.line
