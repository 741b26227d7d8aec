-- title: 名词解释
-- params: doc_id
SELECT term, definition, line FROM glossary WHERE doc_id = $doc_id ORDER BY line
