-- title: 实体索引：功能分类科目
-- params: doc_id
SELECT code, name, level FROM subjects WHERE doc_id = $doc_id
GROUP BY code, name, level ORDER BY code
