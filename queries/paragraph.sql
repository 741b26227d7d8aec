-- title: 一段文字说明（按行号）
-- params: doc_id, line
SELECT part, section, subsection, kind, text, line FROM paragraphs
WHERE doc_id = $doc_id AND line = $line
