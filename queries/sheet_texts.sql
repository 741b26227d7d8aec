-- title: 实体索引：绩效目标表的文字（按描述找项目）
-- params: doc_id
SELECT sheet_no, project, unit,
       concat_ws(' ', overview, plan, goal_impl, goal_year, basis, necessity, measures) AS text
FROM perf_sheets WHERE doc_id = $doc_id AND kind = 'project' ORDER BY sheet_no
