"""The catalog reads the whole document: every amount, every table, every sheet, checked."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from catalog.build import build, ensure_database, is_current
from catalog.perf import parse_value
from catalog.text import clean_cell, parse_amount, strip_enumerator
from errors import BuildError
from tests.conftest import SEED, copy_seed, transform_seed

TWO_DEC = re.compile(r"(?<![\d.,])\d+\.\d{2}(?![\d%])")
GROUPED = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d])")


# ---------------------------------------------------------------- pure helpers

@pytest.mark.parametrize("cell, value", [
    ("31190.81", Decimal("31190.81")), ("37,420.03", Decimal("37420.03")),
    ("75,817,700", Decimal("75817700")), ("0", Decimal("0")), ("", None), ("-", None),
    (" 2.11 ", Decimal("2.11")),
])
def test_parse_amount(cell, value):
    assert parse_amount(cell) == value


@pytest.mark.parametrize("cell", ["abc", "12,34", "1.2.3", "≥5"])
def test_parse_amount_rejects_text(cell):
    with pytest.raises(ValueError):
        parse_amount(cell)


@pytest.mark.parametrize("raw, clean", [
    ("二十二、国有资本经营 预算支出", "二十二、国有资本经营预算支出"),
    ("<p>组织标准宣传</p>", "组织标准宣传"), ("≥1000m ²", "≥1000m²"), ("  合计 ", "合计"),
])
def test_clean_cell(raw, clean):
    assert clean_cell(raw) == clean


@pytest.mark.parametrize("label, name", [
    ("二十三、灾害防治及应急管理支出", "灾害防治及应急管理支出"), ("①公务用车购置费", "公务用车购置费"),
    ("（二）其他", "其他"), ("合计", "合计"),
])
def test_strip_enumerator(label, name):
    assert strip_enumerator(label) == name


@pytest.mark.parametrize("text, parsed", [
    ("≥26100人", ("≥", Decimal("26100"), "人")), ("100%", ("=", Decimal("100"), "%")),
    ("≤2.7万元/座", ("≤", Decimal("2.7"), "万元/座")), ("及时", ("", None, "")),
    ("2025年年底前完工", ("", None, "")), (">1年", (">", Decimal("1"), "年")),
])
def test_parse_indicator_value(text, parsed):
    assert parse_value(text) == parsed


# ---------------------------------------------------------------- coverage

def _table_and_sheet_lines(con) -> tuple[set[int], set[int]]:
    table_lines = {r[0] for r in con.execute("SELECT line FROM table_rows").fetchall()}
    sheets = con.execute("SELECT title_line, end_line FROM perf_sheets").fetchall()
    sheet_lines = {n for a, b in sheets for n in range(a, b + 1)}
    return table_lines, sheet_lines


def test_every_amount_of_tables_and_sheets_is_stored_with_its_line(con):
    table_lines, sheet_lines = _table_and_sheet_lines(con)
    stored = {(Decimal(v).normalize(), line) for v, line in
              con.execute("SELECT value, line FROM amounts").fetchall()}
    missing = []
    lines = SEED.read_text(encoding="utf-8").split("\n")
    checked = 0
    for no, text in enumerate(lines, start=1):
        if "\t" not in text or (no not in table_lines and no not in sheet_lines):
            continue
        for cell in text.split("\t"):
            cell = cell.strip()
            if TWO_DEC.fullmatch(cell) or GROUPED.fullmatch(cell):
                checked += 1
                if (Decimal(cell.replace(",", "")).normalize(), no) not in stored:
                    missing.append((no, cell))
    assert checked > 400
    assert missing == []


def test_thirteen_report_tables_numbered_from_the_contents(con):
    rows = con.execute("SELECT table_no, kind, is_empty FROM report_tables ORDER BY 1").fetchall()
    assert [r[0] for r in rows] == list(range(1, 14))
    assert {r[1] for r in rows if r[2]} == {"fund_income", "fund_expense", "soe"}


def test_column_paths_keep_the_full_header(con):
    paths = {r[0] for r in con.execute(
        "SELECT DISTINCT column_path FROM cells WHERE table_kind = 'income'").fetchall()}
    assert "本年收入/一般公共预算" in paths and "上年结转" in paths


def test_every_reconciliation_check_passes(con):
    total, failed = con.execute(
        "SELECT count(*), count(*) FILTER (WHERE NOT passed) FROM checks").fetchone()
    assert total > 100 and failed == 0
    names = {r[0] for r in con.execute("SELECT DISTINCT name FROM checks").fetchall()}
    assert {"收支平衡", "科目汇总", "基本+项目", "三公合计", "单位小计", "项目支出总额",
            "经济科目合计"} <= names


def test_subject_levels_and_parents(con):
    rows = con.execute("SELECT code, level, parent_code FROM subjects WHERE table_kind='expense'"
                       " ORDER BY line").fetchall()
    levels = {len(c): lv for c, lv, _ in rows}
    assert levels == {3: "类", 5: "款", 7: "项"}
    assert all(p == c[:-2] for c, _, p in rows if len(c) > 3)


def test_projects_exclude_subtotals_and_keep_units(con):
    dept = con.execute("SELECT department FROM documents").fetchone()[0]
    units = {r[0] for r in con.execute("SELECT unit FROM project_units").fetchall()}
    names = {r[0] for r in con.execute("SELECT name FROM projects").fetchall()}
    assert dept in units and not (names & units)
    dupes = con.execute("SELECT name, count(DISTINCT unit) FROM projects WHERE period='本年' "
                        "GROUP BY name HAVING count(DISTINCT unit) > 1").fetchall()
    assert dupes, "the same project name under two units must stay two projects"
    n_sheets = con.execute("SELECT count(*) FROM perf_sheets WHERE kind='project'").fetchone()[0]
    n_current = con.execute("SELECT count(*) FROM projects WHERE period='本年'").fetchone()[0]
    assert n_sheets == n_current == 15


def test_performance_sheets_funds_and_indicators(con):
    # every project sheet has both periods, balanced, and a 资金总额 for each period
    rows = con.execute("""
        SELECT s.sheet_no, count(*) FILTER (WHERE i.period='实施期'),
               count(*) FILTER (WHERE i.period='年度')
        FROM perf_sheets s JOIN perf_indicators i USING (doc_id, sheet_no)
        WHERE s.kind='project' GROUP BY 1""").fetchall()
    assert len(rows) == 15 and all(a == b and a > 0 for _, a, b in rows)
    totals = con.execute("SELECT count(*) FROM perf_funds WHERE source='资金总额'").fetchone()[0]
    assert totals == 30
    # the 年度 资金总额 of each sheet equals its project's 本年 amount (元 vs 万元)
    mismatched = con.execute("""
        SELECT s.project, f.value, p.total FROM perf_sheets s
        JOIN perf_funds f ON f.sheet_no = s.sheet_no AND f.period='年度' AND f.source='资金总额'
        JOIN projects p ON p.name = s.project AND p.unit = s.unit AND p.period='本年'
        WHERE abs(f.value / 10000 - p.total) > 0.01""").fetchall()
    assert mismatched == []


def test_wrapped_fund_label_borrows_its_twin(con):
    # a sheet whose 单位自筹 label on the 实施期 side was cut to "金" by the PDF extraction
    rows = con.execute("""
        SELECT f.sheet_no, count(*) FROM perf_funds f GROUP BY 1
        HAVING count(DISTINCT source) <> 6 OR count(*) <> 12""").fetchall()
    assert rows == []


def test_sheet_without_indicator_header_is_still_read(con):
    # the sheet whose indicator block starts directly with "绩效指标 | 产出指标 | …"
    row = con.execute("""
        SELECT count(*) FROM perf_indicators i JOIN perf_sheets s USING (doc_id, sheet_no)
        WHERE s.title_line = (SELECT max(title_line) FROM perf_sheets
                              WHERE project = (SELECT project FROM perf_sheets
                                               WHERE unit LIKE '%研究院' AND plan LIKE '%网络学院%'))
    """).fetchone()
    assert row[0] >= 20


def test_department_sheet_facts(con):
    facts = dict(con.execute("SELECT key, number FROM dept_facts WHERE category='基本信息' "
                             "AND number IS NOT NULL").fetchall())
    assert {"核定的人员编制数", "实际在职人员总数", "内设职能部门数"} <= set(facts)
    direction = con.execute("SELECT sum(number) FROM dept_facts WHERE category='资金方向' "
                            "AND key <> '合计'").fetchone()[0]
    total = con.execute("SELECT number FROM dept_facts WHERE category='资金方向' AND key='合计'"
                        ).fetchone()[0]
    assert abs(direction - total) <= Decimal("0.02")


def test_prose_org_assets_glossary_services(con):
    assert con.execute("SELECT count(*) FROM org WHERE kind='职责'").fetchone()[0] >= 10
    count = con.execute("SELECT count FROM org WHERE kind='所属单位数'").fetchone()[0]
    assert count == con.execute("SELECT count(*) FROM org WHERE kind='所属单位'").fetchone()[0]
    assert con.execute("SELECT count(*) FROM org WHERE kind='内设机构'").fetchone()[0] >= 20
    assert {"车辆情况", "房屋情况"} <= {r[0] for r in con.execute(
        "SELECT DISTINCT category FROM assets").fetchall()}
    terms = {r[0]: r[1] for r in con.execute("SELECT term, definition FROM glossary").fetchall()}
    assert len(terms) >= 10 and all(terms.values())
    assert con.execute("SELECT count(*) FROM services").fetchone()[0] > 30
    sections = {r[0] for r in con.execute("SELECT DISTINCT section FROM paragraphs").fetchall()}
    assert any("政府采购" in s for s in sections)


# ---------------------------------------------------------------- a second document

def test_transformed_document_builds_with_its_own_figures(seed_db, tmp_path):
    seed = duckdb.connect(str(seed_db), read_only=True)
    dept = seed.execute("SELECT department FROM documents").fetchone()[0]
    projects = [r[0] for r in seed.execute(
        "SELECT DISTINCT name FROM projects ORDER BY name").fetchall()]
    before = dict(seed.execute("SELECT unit || '/' || name || '/' || period, total "
                               "FROM projects").fetchall())
    seed.close()
    renames = {dept: "测试省示范管理局"}
    renames |= {name: f"示范项目{i:02d}" for i, name in enumerate(projects)}
    docs = transform_seed(tmp_path / "docs", renames)
    report = build(docs, tmp_path / "derived.duckdb")
    assert not report.documents[0].checks_failed
    con = duckdb.connect(str(tmp_path / "derived.duckdb"), read_only=True)
    assert con.execute("SELECT department FROM documents").fetchone()[0] == "测试省示范管理局"
    after = dict(con.execute("SELECT unit || '/' || name || '/' || period, total "
                             "FROM projects").fetchall())
    assert len(after) == len(before)
    for key, value in before.items():
        for old, new in sorted(renames.items(), key=lambda kv: -len(kv[0])):
            key = key.replace(old, new)
        assert after[key] == value * 2
    con.close()


# ---------------------------------------------------------------- bad input

def _write_doc(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "bad.txt").write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize("text, words", [
    ("", "文件为空"),
    ("   \n\n", "文件为空"),
    ("山西省某厅\n2026年度部门预算公开\n这是一段说明文字。\n", "没有找到可识别的预算报表"),
    ("2026年预算收支总表\n\n部门名称：某厅\n\n单位：万元\n", "表格不完整"),
])
def test_bad_documents_name_the_file_and_keep_the_old_database(tmp_path, text, words):
    db = tmp_path / "budget.duckdb"
    build(copy_seed(tmp_path / "good"), db)
    before = db.read_bytes()
    with pytest.raises(BuildError) as err:
        build(_write_doc(tmp_path / "bad", text), db)
    assert words in err.value.message and "bad.txt" in err.value.message
    assert db.read_bytes() == before


def test_truncated_table_names_its_line(tmp_path):
    text = "2026年预算收支总表\n\n部门名称：某厅\n\n单位：万元\n"
    with pytest.raises(BuildError) as err:
        build(_write_doc(tmp_path / "bad", text), tmp_path / "x.duckdb")
    assert err.value.line == 1


def test_a_bad_cell_is_a_recorded_warning(tmp_path):
    lines = SEED.read_text(encoding="utf-8").split("\n")
    con = duckdb.connect()  # find a table line with an amount and spoil that cell
    for i, line in enumerate(lines):
        if "\t" in line and TWO_DEC.search(line):
            cells = line.split("\t")
            j = next(k for k, c in enumerate(cells) if TWO_DEC.fullmatch(c.strip()))
            cells[j] = "12x.5"
            lines[i] = "\t".join(cells)
            spoiled = i + 1
            break
    con.close()
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "doc.txt").write_text("\n".join(lines), encoding="utf-8")
    report = build(folder, tmp_path / "w.duckdb")
    assert any(f"第{spoiled}行" in w for w in report.documents[0].warnings)
    db = duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True)
    assert db.execute("SELECT count(*) FROM build_warnings WHERE line = ?", [spoiled]).fetchone()[0]
    db.close()


def test_stale_or_corrupt_database_is_rebuilt(tmp_path):
    docs = copy_seed(tmp_path / "docs")
    db = tmp_path / "budget.duckdb"
    assert ensure_database(docs, db) is not None        # missing -> built
    assert ensure_database(docs, db) is None            # current -> kept
    db.write_bytes(b"not a database at all")
    assert not is_current(db, docs)
    assert ensure_database(docs, db) is not None        # corrupt -> rebuilt
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM cells").fetchone()[0] > 300
    con.close()
