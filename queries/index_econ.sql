-- title: 实体索引：经济科目
-- params: doc_id
SELECT item, bool_or(is_category) AS is_category, any_value(category) AS parent
FROM econ_items WHERE doc_id = $doc_id
GROUP BY item ORDER BY min(line)
