-- title: 文档中的一行（按行号），单元格如原文
-- params: doc_id, line
SELECT line, cells FROM source_lines WHERE doc_id = $doc_id AND line = $line
