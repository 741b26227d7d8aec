-- title: 功能分类科目按金额排序（一个层级，或所问类/款之下；支出总表，没有时财政拨款支出表，再没有时一般公共预算支出表）
-- params: doc_id, level, low, parent
SELECT s.code, s.name, s.total, s.table_no, t.title AS table_title, s.line, r.cells
FROM subjects s
JOIN report_tables t ON t.doc_id = s.doc_id AND t.table_no = s.table_no
JOIN table_rows r ON r.doc_id = s.doc_id AND r.table_no = s.table_no AND r.line = s.line
WHERE s.doc_id = $doc_id AND s.level = $level AND s.total IS NOT NULL
  AND starts_with(s.code, CAST($parent AS VARCHAR))
  AND s.table_kind = (
      SELECT table_kind FROM subjects
      WHERE doc_id = $doc_id AND table_kind IN ('expense', 'fiscal_expense', 'gpb_expense')
      ORDER BY CASE table_kind WHEN 'expense' THEN 0 WHEN 'fiscal_expense' THEN 1 ELSE 2 END
      LIMIT 1)
ORDER BY CASE WHEN $low THEN s.total ELSE -s.total END, s.line
