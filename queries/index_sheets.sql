-- title: 实体索引：绩效目标表与指标
-- params: doc_id
SELECT s.sheet_no, s.project, s.unit, i.name AS indicator
FROM perf_sheets s LEFT JOIN perf_indicators i ON i.doc_id = s.doc_id AND i.sheet_no = s.sheet_no
WHERE s.doc_id = $doc_id AND s.kind = 'project'
ORDER BY s.sheet_no, i.line
