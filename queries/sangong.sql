-- title: “三公”经费各项
-- params: doc_id
SELECT s.item, s.name, s.level, s.parent, s.total, s.gpb, s.budget, s.table_no,
       t.title AS table_title, t.unit AS table_unit, s.line, r.cells
FROM sangong s
JOIN report_tables t ON t.doc_id = s.doc_id AND t.table_no = s.table_no
JOIN table_rows r ON r.doc_id = s.doc_id AND r.table_no = s.table_no AND r.line = s.line
WHERE s.doc_id = $doc_id ORDER BY s.line, s.rowid
