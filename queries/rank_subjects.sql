-- title: 功能分类科目按金额排序（一个层级，或所问类/款之下；支出总表，没有时财政拨款支出表，再没有时一般公共预算支出表；类级科目在没有按科目列的支出总表时按收支总表的支出栏——全部资金）
-- params: doc_id, level, low, parent
WITH chosen AS (
    SELECT table_kind FROM subjects
    WHERE doc_id = $doc_id AND table_kind IN ('expense', 'fiscal_expense', 'gpb_expense')
    ORDER BY CASE table_kind WHEN 'expense' THEN 0 WHEN 'fiscal_expense' THEN 1 ELSE 2 END
    LIMIT 1),
from_summary AS (
    SELECT s.code, s.name, c.value AS total, c.table_no, c.table_title, c.line, r.cells
    FROM cells c
    JOIN subjects s ON s.doc_id = c.doc_id AND s.name = c.name AND s.level = $level
     AND s.table_kind = (SELECT table_kind FROM chosen)
    JOIN table_rows r ON r.doc_id = c.doc_id AND r.table_no = c.table_no AND r.line = c.line
    WHERE c.doc_id = $doc_id AND c.table_kind = 'summary' AND c.col_key = 'total'
      AND starts_with(c.column_path, '支出') AND c.value IS NOT NULL
      AND $level = '类' AND CAST($parent AS VARCHAR) = ''
      AND (SELECT table_kind FROM chosen) <> 'expense'),
from_subjects AS (
    SELECT s.code, s.name, s.total, s.table_no, t.title AS table_title, s.line, r.cells
    FROM subjects s
    JOIN report_tables t ON t.doc_id = s.doc_id AND t.table_no = s.table_no
    JOIN table_rows r ON r.doc_id = s.doc_id AND r.table_no = s.table_no AND r.line = s.line
    WHERE s.doc_id = $doc_id AND s.level = $level AND s.total IS NOT NULL
      AND starts_with(s.code, CAST($parent AS VARCHAR))
      AND s.table_kind = (SELECT table_kind FROM chosen))
SELECT * FROM from_summary
UNION ALL
SELECT * FROM from_subjects WHERE NOT EXISTS (SELECT 1 FROM from_summary)
ORDER BY CASE WHEN $low THEN total ELSE -total END, line
