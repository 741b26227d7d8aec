-- title: 图表：支出按功能分类科目（类）
-- params: doc_id
SELECT code, name AS label, total AS value, basic, project, line
FROM subjects WHERE doc_id = $doc_id AND table_kind = 'expense' AND level = '类'
ORDER BY total DESC NULLS LAST
