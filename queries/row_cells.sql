-- title: 报表中一行的全部数值（按行号与行名）
-- params: doc_id, table_no, line, name
SELECT r.table_no, t.title AS table_title, r.line, r.cells, c.column_path, c.col_key, c.value_wan AS value,
       c.unit, c.name, c.code
FROM table_rows r
JOIN report_tables t ON t.doc_id = r.doc_id AND t.table_no = r.table_no
LEFT JOIN cells c ON c.doc_id = r.doc_id AND c.table_no = r.table_no AND c.line = r.line
     AND (c.name = $name OR c.row_label = $name OR c.code = $name)
WHERE r.doc_id = $doc_id AND r.table_no = $table_no AND r.line = $line
ORDER BY c.column_path
