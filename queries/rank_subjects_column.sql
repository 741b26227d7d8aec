-- title: 功能分类科目按支出总表的一栏（基本支出或项目支出）排序（一个层级；该栏为空或为零的不计）
-- params: doc_id, level, low, column
-- (in 万元, as every ranking's total: value_wan, never the cell as printed in 元)
SELECT s.code, s.name, c.value_wan AS total, s.table_no, t.title AS table_title, s.line, r.cells
FROM subjects s
JOIN cells c ON c.doc_id = s.doc_id AND c.table_no = s.table_no AND c.line = s.line
 AND c.col_key = $column
JOIN report_tables t ON t.doc_id = s.doc_id AND t.table_no = s.table_no
JOIN table_rows r ON r.doc_id = s.doc_id AND r.table_no = s.table_no AND r.line = s.line
WHERE s.doc_id = $doc_id AND s.level = $level AND s.table_kind = 'expense'
  AND c.value_wan IS NOT NULL AND c.value_wan <> 0
ORDER BY CASE WHEN $low THEN c.value_wan ELSE -c.value_wan END, s.line
