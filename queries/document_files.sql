-- title: 一份文档读取自的文件（叙述与报表分两个文件公布时为两个）
-- params: doc_id
SELECT file, first_line, last_line FROM document_files WHERE doc_id = $doc_id ORDER BY first_line
