-- title: 政府购买服务指导性目录
-- params: doc_id
SELECT section, code, level, name, line FROM services WHERE doc_id = $doc_id ORDER BY line
