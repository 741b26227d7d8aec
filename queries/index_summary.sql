-- title: 实体索引：收支总表的行
-- params: doc_id
SELECT DISTINCT c.name, c.table_no, c.line, c.table_kind
FROM cells c WHERE c.doc_id = $doc_id AND c.table_kind IN ('summary', 'fiscal_summary')
ORDER BY c.table_no, c.line, c.name
