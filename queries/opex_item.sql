-- title: 机关运行经费表中的经济科目行
-- params: doc_id, item
SELECT c.table_no, c.table_title, c.line, r.cells, c.value_wan AS total, c.unit
FROM cells c
JOIN table_rows r ON r.doc_id = c.doc_id AND r.table_no = c.table_no AND r.line = c.line
WHERE c.doc_id = $doc_id AND c.table_kind = 'opex' AND c.col_key = 'total'
  AND (c.name = $item OR c.row_label = $item)
ORDER BY c.line
