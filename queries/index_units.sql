-- title: 实体索引：单位
-- params: doc_id
SELECT DISTINCT unit FROM project_units WHERE doc_id = $doc_id AND NOT is_department_total
UNION SELECT unit FROM opex WHERE doc_id = $doc_id AND NOT is_total
UNION SELECT unit FROM perf_sheets WHERE doc_id = $doc_id AND unit IS NOT NULL
ORDER BY unit
