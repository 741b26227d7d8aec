-- title: 机构设置与职责
-- params: doc_id
SELECT kind, name, count, line FROM org WHERE doc_id = $doc_id ORDER BY line
