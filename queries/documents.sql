-- title: 已载入的文档
-- params:
SELECT doc_id, department, year, title, file, format, unit, kind FROM documents ORDER BY doc_id
