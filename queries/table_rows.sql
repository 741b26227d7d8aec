-- title: 一张报表的全部行（数据浏览）
-- params: doc_id, table_no
SELECT line, is_header, cells FROM table_rows
WHERE doc_id = $doc_id AND table_no = $table_no ORDER BY line
