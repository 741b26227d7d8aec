-- title: 实体索引：只见于机关运行经费表的经济科目
-- params: doc_id
SELECT c.name AS item, min(c.line) AS line
FROM cells c
WHERE c.doc_id = $doc_id AND c.table_kind = 'opex' AND c.col_key = 'total' AND c.name IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM opex o
                  WHERE o.doc_id = $doc_id AND o.table_no = c.table_no AND o.line = c.line)
  AND NOT EXISTS (SELECT 1 FROM econ_items e WHERE e.doc_id = $doc_id AND e.item = c.name)
GROUP BY c.name
ORDER BY line
