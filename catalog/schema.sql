-- The database the catalog builds. Every row keeps doc_id and its source line.
CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR);

CREATE TABLE documents (
    doc_id INTEGER PRIMARY KEY, department VARCHAR, year VARCHAR, title VARCHAR,
    file VARCHAR, sha256 VARCHAR, n_lines INTEGER, format VARCHAR, unit VARCHAR,
    kind VARCHAR                  -- 部门预算 / 单位预算 / 部门决算
);

-- documents that could not be read, with the reason (the others are served)
CREATE TABLE skipped_documents (file VARCHAR, reason VARCHAR, sha256 VARCHAR);

-- the files a document was read from: a publication printed as a narrative and a tables file
-- is one document; each file's lines are first_line … last_line
CREATE TABLE document_files (
    doc_id INTEGER, file VARCHAR, sha256 VARCHAR, first_line INTEGER, last_line INTEGER
);

-- tables of a served document that could not be read, with the reason
CREATE TABLE skipped_tables (doc_id INTEGER, line INTEGER, title VARCHAR, reason VARCHAR);

-- one row per report table (表一 … 表十三); is_empty for tables marked 本表无数据
CREATE TABLE report_tables (
    doc_id INTEGER, table_no INTEGER, kind VARCHAR, title VARCHAR, unit VARCHAR,
    title_line INTEGER, first_line INTEGER, last_line INTEGER, is_empty BOOLEAN,
    n_cells INTEGER, columns VARCHAR[]
);

-- every non-blank line of the document, split at tabs (provenance for sheets and prose)
CREATE TABLE source_lines (
    doc_id INTEGER, line INTEGER, cells VARCHAR[], page INTEGER,
    file VARCHAR                  -- the file the line is printed in
);

-- every line of every report table, cells as in the document (for citing rows)
CREATE TABLE table_rows (
    doc_id INTEGER, table_no INTEGER, line INTEGER, is_header BOOLEAN, cells VARCHAR[]
);

-- every numeric cell of every report table
CREATE TABLE cells (
    doc_id INTEGER, table_no INTEGER, table_kind VARCHAR, table_title VARCHAR,
    row_label VARCHAR, name VARCHAR, row_label2 VARCHAR, code VARCHAR,
    column_path VARCHAR, col_key VARCHAR, value DECIMAL(26, 6), unit VARCHAR, line INTEGER,
    value_wan DECIMAL(26, 6)      -- the value in 万元, whatever the table's unit
);

-- 功能分类科目 rows of the code tables (收入总表, 支出总表, 一般公共预算支出表 …)
CREATE TABLE subjects (
    doc_id INTEGER, table_no INTEGER, table_kind VARCHAR, code VARCHAR, name VARCHAR,
    level VARCHAR, parent_code VARCHAR,
    total DECIMAL(26, 6), basic DECIMAL(26, 6), project DECIMAL(26, 6), gpb DECIMAL(26, 6),
    fund DECIMAL(26, 6), soe DECIMAL(26, 6), special DECIMAL(26, 6), unit_funds DECIMAL(26, 6),
    carryover DECIMAL(26, 6), line INTEGER
);

-- 经济分类: 部门预算科目 (item) and 政府预算科目 (gov_item)
CREATE TABLE econ_items (
    doc_id INTEGER, table_no INTEGER, item VARCHAR, gov_item VARCHAR, category VARCHAR,
    is_category BOOLEAN, total DECIMAL(26, 6), personnel DECIMAL(26, 6),
    public DECIMAL(26, 6), line INTEGER
);

-- projects (never unit subtotal rows nor the department total row)
CREATE TABLE projects (
    doc_id INTEGER, table_no INTEGER, period VARCHAR, unit VARCHAR, name VARCHAR,
    total DECIMAL(26, 6), gpb DECIMAL(26, 6), fund DECIMAL(26, 6), soe DECIMAL(26, 6),
    special DECIMAL(26, 6), unit_funds DECIMAL(26, 6), line INTEGER
);

-- unit subtotal rows and the department total row of the project tables
CREATE TABLE project_units (
    doc_id INTEGER, table_no INTEGER, period VARCHAR, unit VARCHAR, is_department_total BOOLEAN,
    total DECIMAL(26, 6), gpb DECIMAL(26, 6), fund DECIMAL(26, 6), soe DECIMAL(26, 6),
    special DECIMAL(26, 6), unit_funds DECIMAL(26, 6), line INTEGER
);

CREATE TABLE sangong (
    doc_id INTEGER, table_no INTEGER, item VARCHAR, name VARCHAR, level VARCHAR, parent VARCHAR,
    total DECIMAL(26, 6), gpb DECIMAL(26, 6), fund DECIMAL(26, 6), soe DECIMAL(26, 6),
    line INTEGER,
    budget DECIMAL(26, 6)         -- 决算 documents: the 预算数 beside the 决算数 (total)
);

CREATE TABLE opex (
    doc_id INTEGER, table_no INTEGER, unit VARCHAR, is_total BOOLEAN,
    total DECIMAL(26, 6), gpb DECIMAL(26, 6), fund DECIMAL(26, 6), soe DECIMAL(26, 6),
    line INTEGER
);

-- performance sheets: sheet_no 0 is the department's overall sheet
CREATE TABLE perf_sheets (
    doc_id INTEGER, sheet_no INTEGER, kind VARCHAR, project VARCHAR, department VARCHAR,
    unit VARCHAR, attribute VARCHAR, term VARCHAR, overview VARCHAR, basis VARCHAR,
    necessity VARCHAR, measures VARCHAR, plan VARCHAR, goal_impl VARCHAR, goal_year VARCHAR,
    title_line INTEGER, end_line INTEGER, project_line INTEGER
);

CREATE TABLE perf_funds (
    doc_id INTEGER, sheet_no INTEGER, period VARCHAR, source VARCHAR, value DECIMAL(26, 6),
    unit VARCHAR, line INTEGER
);

CREATE TABLE perf_indicators (
    doc_id INTEGER, sheet_no INTEGER, period VARCHAR, level1 VARCHAR, level2 VARCHAR,
    name VARCHAR, value VARCHAR, comparator VARCHAR, number DECIMAL(26, 6), unit VARCHAR,
    line INTEGER
);

-- the department sheet's facts (编制, 人数, funds by source and by direction) and texts
CREATE TABLE dept_facts (
    doc_id INTEGER, category VARCHAR, key VARCHAR, value VARCHAR, number DECIMAL(26, 6),
    unit VARCHAR, line INTEGER
);

CREATE TABLE paragraphs (
    doc_id INTEGER, part VARCHAR, section VARCHAR, subsection VARCHAR, kind VARCHAR,
    text VARCHAR, line INTEGER
);

CREATE TABLE org (doc_id INTEGER, kind VARCHAR, name VARCHAR, count INTEGER, line INTEGER);

CREATE TABLE assets (
    doc_id INTEGER, category VARCHAR, item VARCHAR, number DECIMAL(26, 6), unit VARCHAR,
    text VARCHAR, line INTEGER
);

CREATE TABLE glossary (doc_id INTEGER, term VARCHAR, definition VARCHAR, line INTEGER);

CREATE TABLE services (
    doc_id INTEGER, section VARCHAR, code VARCHAR, level INTEGER, name VARCHAR, line INTEGER
);

CREATE TABLE checks (
    doc_id INTEGER, table_no INTEGER, name VARCHAR, description VARCHAR,
    expected DECIMAL(26, 6), actual DECIMAL(26, 6), diff DECIMAL(26, 6), passed BOOLEAN,
    lines INTEGER[]
);

CREATE TABLE build_warnings (doc_id INTEGER, line INTEGER, message VARCHAR);

-- every amount the document states in a table or sheet, wherever it is stored
CREATE VIEW amounts AS
    SELECT doc_id, 'cells' AS source, table_no, value, unit, line FROM cells
    UNION ALL SELECT doc_id, 'perf_funds', NULL, value, unit, line FROM perf_funds
        WHERE value IS NOT NULL
    UNION ALL SELECT doc_id, 'dept_facts', NULL, number, unit, line FROM dept_facts
        WHERE number IS NOT NULL;

-- 政府采购预算表 rows: 采购品目大类 (level 类), 专项 and 经济科目 (level 科目), 采购物品 (level 品目);
-- the 类 and 专项 printed once are carried down to the rows under them
CREATE TABLE procurement (
    doc_id INTEGER, table_no INTEGER, level VARCHAR, category VARCHAR, project VARCHAR,
    econ VARCHAR, item VARCHAR, method VARCHAR, total DECIMAL(26, 6), line INTEGER
);
