-- title: 科目编码对应的科目
-- params: doc_id, code
SELECT DISTINCT code, name, level, parent_code FROM subjects
WHERE doc_id = $doc_id AND code = $code
ORDER BY name
