-- title: 实体索引：政府预算支出经济科目
-- params: doc_id
SELECT gov_item FROM econ_items WHERE doc_id = $doc_id AND gov_item <> ''
GROUP BY gov_item ORDER BY min(line)
