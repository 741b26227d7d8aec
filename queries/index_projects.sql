-- title: 实体索引：项目
-- params: doc_id
SELECT DISTINCT name, unit FROM projects WHERE doc_id = $doc_id
