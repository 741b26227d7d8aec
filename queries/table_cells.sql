-- title: 一张报表的全部“合计”列数值（收支总表的总计、合计与结转行）
-- params: doc_id, table_no
SELECT c.table_no, c.table_title, c.line, r.cells, c.column_path, c.col_key, c.value_wan AS value, c.unit,
       c.name, c.code
FROM cells c
JOIN table_rows r ON r.doc_id = c.doc_id AND r.table_no = c.table_no AND r.line = c.line
WHERE c.doc_id = $doc_id AND c.table_no = $table_no AND c.col_key = 'total'
ORDER BY c.line, c.column_path
