-- title: 部门整体绩效目标表中的信息
-- params: doc_id
SELECT f.category, f.key, f.value, f.number, f.unit, f.line, l.cells
FROM dept_facts f JOIN source_lines l ON l.doc_id = f.doc_id AND l.line = f.line
WHERE f.doc_id = $doc_id ORDER BY f.line
