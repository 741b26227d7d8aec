-- title: 每一行所在的页码（PDF 文档）及文件
-- params: doc_id
SELECT line, page, file FROM source_lines
WHERE doc_id = $doc_id AND page IS NOT NULL
ORDER BY line
