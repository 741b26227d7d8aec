-- title: 每一行所在的页码（PDF 文档）
-- params: doc_id
SELECT line, page FROM source_lines
WHERE doc_id = $doc_id AND page IS NOT NULL
ORDER BY line
