-- title: 使用某一资金来源的项目（单位资金、一般公共预算……）
-- params: doc_id, source
SELECT p.period, p.unit, p.name, p.total,
       CASE $source WHEN 'unit_funds' THEN p.unit_funds WHEN 'gpb' THEN p.gpb
                    WHEN 'fund' THEN p.fund WHEN 'soe' THEN p.soe WHEN 'special' THEN p.special
       END AS amount,
       p.table_no, t.title AS table_title, p.line, r.cells
FROM projects p
JOIN report_tables t ON t.doc_id = p.doc_id AND t.table_no = p.table_no
JOIN table_rows r ON r.doc_id = p.doc_id AND r.table_no = p.table_no AND r.line = p.line
WHERE p.doc_id = $doc_id
  AND CASE $source WHEN 'unit_funds' THEN p.unit_funds WHEN 'gpb' THEN p.gpb
                   WHEN 'fund' THEN p.fund WHEN 'soe' THEN p.soe WHEN 'special' THEN p.special
      END > 0
ORDER BY amount DESC, p.line
