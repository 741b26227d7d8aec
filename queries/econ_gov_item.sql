-- title: 政府预算支出经济科目（如“社会保障缴费”）下的全部行及其来源
-- params: doc_id, gov_item
SELECT e.item, e.gov_item, e.category, e.total, e.personnel, e.public,
       e.table_no, t.title AS table_title, e.line, r.cells
FROM econ_items e
JOIN report_tables t ON t.doc_id = e.doc_id AND t.table_no = e.table_no
JOIN table_rows r ON r.doc_id = e.doc_id AND r.table_no = e.table_no AND r.line = e.line
WHERE e.doc_id = $doc_id AND e.gov_item = $gov_item
ORDER BY e.line
