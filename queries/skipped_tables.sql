-- title: 一份文档中无法读取而跳过的表及原因（文档其余部分照常提供）
-- params: doc_id
SELECT line, title, reason FROM skipped_tables WHERE doc_id = $doc_id ORDER BY line
