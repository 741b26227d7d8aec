-- title: 构建时记录的警告
-- params: doc_id
SELECT line, message FROM build_warnings WHERE doc_id = $doc_id ORDER BY line
