-- title: 构建时无法读取而跳过的文档及原因
-- params:
SELECT file, reason FROM skipped_documents ORDER BY file
