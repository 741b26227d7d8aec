-- title: 绩效目标表中的绩效指标
-- params: doc_id, sheet_no
SELECT i.period, i.level1, i.level2, i.name, i.value, i.comparator, i.number, i.unit, i.line,
       l.cells
FROM perf_indicators i JOIN source_lines l ON l.doc_id = i.doc_id AND l.line = i.line
WHERE i.doc_id = $doc_id AND i.sheet_no = $sheet_no
ORDER BY CASE i.period WHEN '年度' THEN 0 ELSE 1 END, i.line
