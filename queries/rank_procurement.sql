-- title: 政府采购按金额排序（一个层级：类，或品目明细行——同一品目为不同项目采购时各为一行，名称后注项目；“货物A”等类的代码字母不计）
-- params: doc_id, level, low
SELECT CASE WHEN p.item <> '' AND p.project <> '' THEN p.item || '（' || p.project || '）'
            WHEN p.item <> '' THEN p.item
            ELSE regexp_replace(p.category, '[A-Z]$', '') END AS name,
       p.total, p.table_no, t.title AS table_title, p.line, r.cells
FROM procurement p
JOIN report_tables t ON t.doc_id = p.doc_id AND t.table_no = p.table_no
JOIN table_rows r ON r.doc_id = p.doc_id AND r.table_no = p.table_no AND r.line = p.line
WHERE p.doc_id = $doc_id AND p.level = $level AND p.total IS NOT NULL
  AND (p.level <> '品目' OR p.item <> '')
ORDER BY CASE WHEN $low THEN p.total ELSE -p.total END, p.line
