-- title: 勾稽检查结果
-- params: doc_id
SELECT table_no, name, description, expected, actual, diff, passed, lines
FROM checks WHERE doc_id = $doc_id ORDER BY passed, table_no, name
