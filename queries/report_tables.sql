-- title: 文档中的报表清单
-- params: doc_id
SELECT table_no, kind, title, unit, title_line, is_empty, n_cells, columns
FROM report_tables WHERE doc_id = $doc_id ORDER BY table_no
