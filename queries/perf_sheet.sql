-- title: 一个项目的绩效目标表
-- params: doc_id, sheet_no
SELECT sheet_no, project, department, unit, attribute, term, overview, basis, necessity,
       measures, plan, goal_impl, goal_year, title_line, end_line, project_line
FROM perf_sheets WHERE doc_id = $doc_id AND sheet_no = $sheet_no
