-- title: 实体索引：收支总表的全部行（含无数据的行），及表头列
-- params: doc_id
SELECT r.table_no, r.line, r.cells, t.columns, t.kind AS table_kind
FROM table_rows r
JOIN report_tables t ON t.doc_id = r.doc_id AND t.table_no = r.table_no
WHERE r.doc_id = $doc_id AND NOT r.is_header AND t.kind IN ('summary', 'fiscal_summary')
ORDER BY r.table_no, r.line
