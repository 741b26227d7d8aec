-- title: 实体索引：项目
-- params: doc_id
SELECT name, unit FROM projects WHERE doc_id = $doc_id
GROUP BY name, unit ORDER BY min(table_no), min(line)
