-- title: 图表：收入来源（收支总表收入一侧）
-- params: doc_id
SELECT c.name AS label, c.value_wan AS value, c.line
FROM cells c
WHERE c.doc_id = $doc_id AND c.table_kind = 'summary' AND c.col_key = 'total'
  AND c.column_path LIKE '收入%' AND c.name NOT LIKE '%合计' AND c.name NOT LIKE '%总计'
ORDER BY c.line
