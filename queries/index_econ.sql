-- title: 实体索引：经济科目
-- params: doc_id
SELECT DISTINCT item, is_category FROM econ_items WHERE doc_id = $doc_id
