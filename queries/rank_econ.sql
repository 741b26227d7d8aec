-- title: 一个经济分类类别下的科目按金额排序（该类别首次出现的表）
-- params: doc_id, category, low
SELECT e.item AS name, e.total, e.table_no, t.title AS table_title, e.line, r.cells
FROM econ_items e
JOIN report_tables t ON t.doc_id = e.doc_id AND t.table_no = e.table_no
JOIN table_rows r ON r.doc_id = e.doc_id AND r.table_no = e.table_no AND r.line = e.line
WHERE e.doc_id = $doc_id AND e.category = $category AND NOT e.is_category
  AND e.total IS NOT NULL
  AND e.table_no = (SELECT min(table_no) FROM econ_items
                    WHERE doc_id = $doc_id AND category = $category AND is_category)
ORDER BY CASE WHEN $low THEN e.total ELSE -e.total END, e.line
