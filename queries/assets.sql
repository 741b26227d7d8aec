-- title: 国有资产占有使用情况
-- params: doc_id
SELECT category, item, number, unit, text, line FROM assets WHERE doc_id = $doc_id ORDER BY line
