-- title: 文字说明段落
-- params: doc_id
SELECT part, section, subsection, kind, text, line FROM paragraphs
WHERE doc_id = $doc_id ORDER BY line
