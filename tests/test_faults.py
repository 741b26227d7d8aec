"""Faults a real deployment meets (issue 20): one bad figure, a damaged database, a full disk,
pathological files. The promise: a fault in one input never costs another input, never a
wrong figure, and never the service."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

import catalog.build as catalog_build
from catalog.build import build, freshen, is_intact
from catalog.numbers import NumberError, parse_number
from queries.engine import Engine
from tests.conftest import ROOT, SEED, built_seed, copy_seed
from tests.faulty_documents import SHARED_DOC, grid_bomb_pdf

OTHER = "山西省示范管理局"
HUGE = "9" * 30
REAL = ROOT.parent / "shared" / "documents" / "real"

# (what, text in the seed, the same text poisoned with a 30-digit figure)
POISONS = {
    "asset": ("实有8辆", f"实有{HUGE}辆"),
    "sheet_fund": ("75,817,700", HUGE),
    "indicator": ("≥160000张", f"≥{HUGE}张"),
    "staffing": ("核定的人员编制数\t156人", f"核定的人员编制数\t{HUGE}人"),
    "table_cell": ("\t57.00\t", f"\t{HUGE}.00\t"),
}

# every typed table's rows of one document (doc_id left out): what "unchanged" means
TYPED = ("cells", "subjects", "econ_items", "projects", "project_units", "sangong", "opex",
         "perf_funds", "perf_indicators", "dept_facts", "assets", "org", "paragraphs")


def other_department(dest: Path, poison: tuple[str, str] | None = None,
                     name: str = "other-department.txt") -> Path:
    """A second department's document: the seed under another name, optionally poisoned."""
    dest.mkdir(parents=True, exist_ok=True)
    text = SEED.read_text(encoding="utf-8").replace("山西省应急管理厅", OTHER)
    if poison:
        assert poison[0] in text, poison
        text = text.replace(poison[0], poison[1], 1)
    (dest / name).write_text(text, encoding="utf-8")
    return dest / name


def rows_of(db: Path, file: str) -> dict[str, list]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        doc_id = con.execute("SELECT doc_id FROM documents WHERE file = ?", [file]).fetchone()
        assert doc_id, f"{file} is not served"
        out = {}
        for table in TYPED:
            cols = [c[0] for c in con.execute(f"DESCRIBE {table}").fetchall() if c[0] != "doc_id"]
            out[table] = sorted(map(repr, con.execute(
                f"SELECT {', '.join(cols)} FROM {table} WHERE doc_id = ?", [doc_id[0]]).fetchall()))
        return out
    finally:
        con.close()


@pytest.fixture(scope="module")
def seed_only(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("seed-only") / "docs"
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    db = folder.parent / "budget.duckdb"
    build(folder, db)
    return db


def test_the_shared_document_is_the_bundled_one():
    # the reproductions are built from ../shared; the suite runs on the bundled copy too
    if SHARED_DOC.exists():
        assert SHARED_DOC.read_bytes() == SEED.read_bytes()


# ---------------------------------------------------------------- one parser, one limit

@pytest.mark.parametrize("text,reason", [(HUGE, "超出"), ("1" * 200, "超出"),
                                         ("1.1234567", "小数"), ("12a", "不是数字")])
def test_one_number_parser_refuses_what_cannot_be_stored(text, reason):
    with pytest.raises(NumberError) as err:
        parse_number(text)
    assert reason in str(err.value)
    assert parse_number("12,345.67") == parse_number("12345.67")


@pytest.mark.parametrize("kind", sorted(POISONS))
def test_one_out_of_range_figure_costs_only_that_item(tmp_path, seed_only, kind):
    docs = copy_seed(tmp_path / "docs")
    other_department(docs, POISONS[kind])
    db = tmp_path / "budget.duckdb"
    report = build(docs, db)
    # both documents are served; the good one exactly as when built alone
    assert sorted(d.file for d in report.documents) == sorted([SEED.name, "other-department.txt"])
    assert report.skipped == []
    assert rows_of(db, SEED.name) == rows_of(seed_only, SEED.name)
    # the poisoned item is named, with its line, and stored without a number
    poisoned = next(d for d in report.documents if d.file == "other-department.txt")
    assert any("超出可存储的范围" in w for w in poisoned.warnings), poisoned.warnings
    con = duckdb.connect(str(db), read_only=True)
    try:
        found = con.execute("SELECT count(*) FROM build_warnings w JOIN documents d "
                            "USING (doc_id) WHERE d.file = 'other-department.txt' "
                            "AND w.message LIKE '%超出可存储的范围%'").fetchone()[0]
    finally:
        con.close()
    assert found >= 1


def test_a_poisoned_asset_is_not_served_as_a_figure(tmp_path):
    docs = tmp_path / "docs"
    other_department(docs, POISONS["asset"])
    db = tmp_path / "budget.duckdb"
    build(docs, db)
    eng = Engine(db, docs)
    try:
        ans = eng.ask("公务用车实有多少辆")
        # the document's sentence may be quoted as printed, but never a figure made of it
        assert all(abs(float(f.get("value") or 0)) < 1e15 for f in ans.figures), ans.figures
        assert "1,000,000,000" not in ans.answer
        # the rest of the document answers as before
        assert eng.ask("三公经费是多少").figures[0]["value"] == 57.0
    finally:
        eng.close()


def test_the_cli_answers_next_to_a_poisoned_document(tmp_path, capsys):
    from queries import ask

    docs = copy_seed(tmp_path / "docs")
    other_department(docs, POISONS["asset"])
    code = ask.main(["--docs", str(docs), "--doc", SEED.name.removesuffix(".txt"),
                     "三公经费是多少"])
    out = capsys.readouterr().out
    assert code == 0 and "57.00" in out


# ---------------------------------------------------------------- fault injection

def test_poisoned_documents_next_to_good_ones_cost_nothing(tmp_path, monkeypatch):
    """A 30-digit figure, a truncated PDF and a grid bomb beside good documents: every good
    document is served with unchanged figures, each bad one is skipped or marked with its
    reason, and the bomb's pages never reach the table finder. (A real published PDF joins the
    good ones when ../shared is there.)"""
    good = tmp_path / "good"
    good.mkdir()
    shutil.copy(SEED, good / SEED.name)
    wanli = REAL / "putuo_wanli_2025_budget.pdf"
    good_files = [SEED.name]
    if wanli.exists():
        shutil.copy(wanli, good / "wanli.pdf")
        good_files.append("wanli.pdf")
    clean_db = tmp_path / "clean.duckdb"
    build(good, clean_db)

    mixed = tmp_path / "mixed"
    shutil.copytree(good, mixed)
    other_department(mixed, POISONS["asset"], name="poisoned.txt")
    data = grid_bomb_pdf(tmp_path / "small.pdf", pages=4, grid=3, text="hello").read_bytes()
    (mixed / "truncated.pdf").write_bytes(data[: len(data) // 2])
    grid_bomb_pdf(mixed / "bomb.pdf", pages=10, grid=120)

    import pdfplumber.page

    calls = {"n": 0}
    original = pdfplumber.page.Page.find_tables

    def counting(self, *args, **kwargs):
        calls["n"] += 1
        return original(self, *args, **kwargs)

    monkeypatch.setattr(pdfplumber.page.Page, "find_tables", counting)
    db = tmp_path / "mixed.duckdb"
    report = build(mixed, db)
    served = {d.file for d in report.documents}
    assert {*good_files, "poisoned.txt"} <= served
    skipped = dict(report.skipped)
    assert "bomb.pdf" in skipped and "复杂" in skipped["bomb.pdf"], skipped
    assert "truncated.pdf" in skipped, skipped
    for file in good_files:
        assert rows_of(db, file) == rows_of(clean_db, file), file
    # only the good PDF's pages (and none of the bomb's) were given to the table finder
    pages = duckdb.connect(str(clean_db), read_only=True)
    try:
        good_pages = pages.execute("SELECT coalesce(max(page), 0) FROM source_lines s "
                                   "JOIN documents d USING (doc_id) "
                                   "WHERE d.file LIKE '%.pdf'").fetchone()[0]
    finally:
        pages.close()
    assert calls["n"] <= good_pages + 4


def test_a_grid_bomb_page_is_skipped_and_named_in_a_readable_pdf(tmp_path):
    """Pages over the limit are left out with a warning; the rest of the PDF is read."""
    import hashlib

    from catalog.pdf import read_pdf, take_notes

    path = grid_bomb_pdf(tmp_path / "b.pdf", pages=3, grid=120, text="hello")
    data = path.read_bytes()
    from errors import BuildError

    with pytest.raises(BuildError) as err:
        read_pdf(path, data)
    assert "每一页都过于复杂" in err.value.message
    take_notes(hashlib.sha256(data).hexdigest())


def test_build_progress_is_reported_per_pdf_page(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    grid_bomb_pdf(docs / "small-grid.pdf", pages=12, grid=4, text="hello")
    proc = subprocess.run([sys.executable, "-m", "catalog.build", "--docs", str(docs),
                           "--db", str(tmp_path / "b.duckdb")], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert "第 10/12 页" in proc.stderr and "第 12/12 页" in proc.stderr
    assert "Traceback" not in proc.stderr
    shutil.copy(SEED, docs / SEED.name)          # and when the CLI builds on first use
    proc = subprocess.run([sys.executable, "-m", "queries.ask", "--docs", str(docs),
                           "三公经费是多少"], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0 and "第 10/12 页" in proc.stderr


# ---------------------------------------------------------------- the previous database serves

def _stale(docs: Path, db: Path) -> None:
    build(docs, db)
    doc = next(docs.glob("*.txt"))
    doc.write_text(doc.read_text(encoding="utf-8").replace("\t57.00\t", "\t99.00\t", 1),
                   encoding="utf-8")


@pytest.mark.parametrize("where", ["write", "tempfile"])
def test_a_full_disk_keeps_serving_the_previous_database(tmp_path, monkeypatch, where):
    docs = copy_seed(tmp_path / "docs")
    db = tmp_path / "budget.duckdb"
    _stale(docs, db)
    before = db.read_bytes()
    if where == "write":
        def full(con, rows):
            raise duckdb.IOException('Could not write file "x": No space left on device')
        monkeypatch.setattr(catalog_build, "_write", full)
    else:
        def full(*args, **kwargs):
            raise OSError(errno.ENOSPC, "No space left on device")
        monkeypatch.setattr(catalog_build.tempfile, "mkstemp", full)
    report, notice = freshen(docs, db)
    assert report is None and "磁盘空间不足" in notice and "继续使用已有的数据库" in notice
    assert db.read_bytes() == before
    eng = Engine(db, docs)
    try:
        assert "磁盘空间不足" in eng.notice
        assert eng.ask("三公经费是多少").figures[0]["value"] == 57.0     # the old figure
    finally:
        eng.close()
    assert catalog_build.main(["--docs", str(docs), "--db", str(db)]) == 2


def test_the_build_cli_reports_a_read_only_folder_without_a_traceback(tmp_path):
    docs = copy_seed(tmp_path / "docs")
    target = tmp_path / "file-not-folder"
    target.write_text("x")
    proc = subprocess.run([sys.executable, "-m", "catalog.build", "--docs", str(docs),
                           "--db", str(target / "budget.duckdb")], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and "构建失败" in proc.stderr
    assert "Traceback" not in proc.stderr


# ---------------------------------------------------------------- a damaged database

def _flip(db: Path, offset: int) -> None:
    data = bytearray(db.read_bytes())
    data[offset % len(data)] ^= 0xFF
    db.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", ["half"] + [f"flip{k}" for k in range(16)])
def test_a_damaged_database_is_detected_at_open_and_rebuilt(tmp_path, damage):
    docs, db = built_seed(tmp_path)
    size = db.stat().st_size
    if damage == "half":
        db.write_bytes(db.read_bytes()[: size // 2])
    else:
        _flip(db, (int(damage[4:]) * 7919 + 1) * size // (16 * 7919 + 17))
    assert not is_intact(db)
    eng = Engine(db, docs)
    try:
        assert "损坏" in eng.notice
        assert eng.ask("三公经费是多少").figures[0]["value"] == 57.0
    finally:
        eng.close()
    assert is_intact(db)


def test_the_cli_rebuilds_a_truncated_database(tmp_path, capsys):
    from queries import ask

    docs, db = built_seed(tmp_path, truncated=True)
    assert ask.main(["--docs", str(docs), "--db", str(db), "三公经费是多少"]) == 0
    captured = capsys.readouterr()
    assert "57.00" in captured.out and "损坏" in captured.err


def test_a_killed_builders_temporary_file_is_removed_at_once(tmp_path):
    docs = copy_seed(tmp_path / "docs")
    db = tmp_path / "budget.duckdb"
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()                                   # a pid that no longer runs
    leftover = tmp_path / f"budget.duckdb.{proc.pid}.abc123.tmp"
    leftover.write_bytes(b"half a database")
    mine = tmp_path / f"budget.duckdb.{os.getpid()}.def456.tmp"     # a build still running
    mine.write_bytes(b"in progress")
    build(docs, db)
    assert not leftover.exists() and mine.exists()


def test_bad_environment_values_fall_back_to_defaults(tmp_path):
    docs = copy_seed(tmp_path / "docs")
    env = dict(os.environ, BUDGETQA_MAX_TEXT_MB="abc", BUDGETQA_MAX_PDF_PAGES="-3",
               BUDGETQA_STATEMENT_SECONDS="nan")
    proc = subprocess.run([sys.executable, "-m", "queries.ask", "--docs", str(docs),
                           "三公经费是多少"], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0 and "57.00" in proc.stdout, proc.stderr
    assert "Traceback" not in proc.stderr and "BUDGETQA_MAX_TEXT_MB" in proc.stderr


# ---------------------------------------------------------------- identity and the CLI

def test_documents_sharing_a_stem_get_unique_keys(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(SEED, docs / "doc.txt")
    wanli = REAL / "putuo_wanli_2025_budget.pdf"
    if wanli.exists():
        shutil.copy(wanli, docs / "doc.pdf")          # another department, the same stem
        eng = Engine(tmp_path / "b.duckdb", docs)
        try:
            assert sorted(d.key for d in eng.docs) == ["doc.pdf", "doc.txt"]
            assert "万里" in eng.doc("doc.pdf").department
            assert eng.doc("doc.txt").department == "山西省应急管理厅"
            ans = eng.ask("三公经费是多少", doc="doc.txt")
            assert ans.figures[0]["value"] == 57 and "万里" not in ans.answer
        finally:
            eng.close()
    from queries.scope import Doc, unique_keys

    a = Doc(1, "甲", "2026", "t", "doc.txt")
    b = Doc(2, "乙", "2026", "t", "doc.pdf")
    c = Doc(3, "丙", "2026", "t", "other.txt")
    assert [d.key for d in unique_keys([a, b, c])] == ["doc.txt", "doc.pdf", "other"]


def test_an_unknown_doc_key_is_an_error_listing_the_loaded_keys(tmp_path, capsys):
    from queries import ask

    docs = copy_seed(tmp_path / "docs")
    assert ask.main(["--docs", str(docs), "--doc", "no-such-document", "三公经费是多少"]) == 2
    err = capsys.readouterr().err
    assert "no-such-document" in err and SEED.stem in err


def test_a_fifo_as_batch_file_is_refused_not_waited_on(tmp_path):
    fifo = tmp_path / "questions.fifo"
    os.mkfifo(fifo)
    docs = copy_seed(tmp_path / "docs")
    proc = subprocess.run([sys.executable, "-m", "queries.ask", "--docs", str(docs),
                           "--batch", str(fifo)], cwd=ROOT, capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 2 and "不是普通文件" in proc.stderr


def test_a_long_question_notice_counts_what_was_read(engine):
    from queries.normalize import MAX_QUESTION

    ans = engine.ask("三公经费是多少" + "，" * 300)
    assert f"只读取了前 {MAX_QUESTION} 个字" in (ans.notice or ans.answer)


@pytest.mark.parametrize("question,year", [("2100年三公经费是多少", "2100"),
                                           ("1899年三公经费是多少", "1899"),
                                           ("25年三公经费是多少", "2025")])
def test_years_outside_the_documents_decline(engine, question, year):
    ans = engine.ask(question)
    assert ans.status == "no_data" and not ans.figures and year in ans.answer


def test_26年_is_the_loaded_year(engine):
    assert engine.ask("26年三公经费是多少").figures[0]["value"] == 57


@pytest.mark.parametrize("question,values", [
    ("三公经费比10万元多多少", [47, 57, 10]),
    ("三公经费比100万元少多少", [43, 57, 100]),
    ("10万元比三公经费少多少", [47, 10, 57]),
])
def test_an_amount_as_one_side_of_a_comparison(engine, question, values):
    ans = engine.ask(question)
    assert ans.status == "answered", ans.answer
    assert [f["value"] for f in ans.figures] == values
    assert "两者相同" not in ans.answer


def test_a_figure_a_double_cannot_carry_is_refused_at_read():
    with pytest.raises(NumberError):
        parse_number("999999999999999.99")


@pytest.mark.parametrize("old,new,question", [
    ("合计\t57.00\t57.00\t\t", f"合计\t{HUGE}.00\t57.00\t\t", "三公经费是多少"),
    ("培训费\t培训费\t20.00\t\t20.00", f"培训费\t培训费\t{HUGE}.00\t\t20.00", "培训费是多少"),
])
def test_an_unreadable_cell_is_never_said_to_be_empty(tmp_path, old, new, question):
    docs = tmp_path / "docs"
    docs.mkdir()
    text = SEED.read_text(encoding="utf-8")
    assert old in text
    (docs / "x.txt").write_text(text.replace(old, new, 1), encoding="utf-8")
    eng = Engine(tmp_path / "x.duckdb", docs)
    try:
        ans = eng.ask(question)
        assert not ans.figures, ans.answer
        assert "无法读取" in ans.answer
        assert "未安排" not in ans.answer.replace("不能说未安排", "") and "为空" not in ans.answer
    finally:
        eng.close()


@pytest.mark.parametrize("question", ["值守培训费多少钱", "值守培训费"])
def test_a_unique_part_of_a_project_name_answers_the_project(engine, question):
    """Not the generic economic item 培训费 the name ends with."""
    ans = engine.ask(question)
    assert ans.status == "answered" and ans.figures[0]["value"] == 18
    assert ans.answer.startswith("应急调度值班值守培训费")


def test_the_generic_item_itself_still_answers_the_item(engine):
    assert engine.ask("培训费是多少").figures[0]["value"] == 20


def test_a_damaged_database_without_its_documents_is_refused_in_chinese(tmp_path, capsys):
    from queries import ask

    docs, db = built_seed(tmp_path, truncated=True)
    shutil.rmtree(docs)                     # nothing to rebuild from
    assert ask.main(["--docs", str(docs), "--db", str(db), "三公经费是多少"]) == 2
    assert "无法启动" in capsys.readouterr().err


def test_a_database_from_before_checksums_still_serves_when_a_rebuild_fails(tmp_path,
                                                                              monkeypatch):
    docs, db = built_seed(tmp_path)
    catalog_build.checksum_path(db).unlink()        # as written by the previous version

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(catalog_build.tempfile, "mkstemp", full)
    report, notice = freshen(docs, db)
    assert report is None and "磁盘空间不足" in notice
