-- title: 绩效目标表中的项目资金（元）
-- params: doc_id, sheet_no
SELECT f.period, f.source, f.value, f.unit, f.line, l.cells
FROM perf_funds f JOIN source_lines l ON l.doc_id = f.doc_id AND l.line = f.line
WHERE f.doc_id = $doc_id AND f.sheet_no = $sheet_no
ORDER BY f.line, f.period
