"""Hostile and odd documents (issue 12): each case of the generated corpus gets its documented
outcome with no traceback, and a good document beside it is always served. Plus links,
duplicate identities, a read-only data folder, odd question files and the SQL guard."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from catalog.build import build, freshen
from errors import UnsafeQueryError
from tests.conftest import ROOT, SEED, built_seed
from tests.hostile_documents import A_PDF, CASES, _renamed

GOOD = "山西省测试管理厅三公经费是多少"


def _engine(db: Path, docs: Path):
    from queries.engine import Engine
    return Engine(db, docs)


@pytest.mark.parametrize("name", sorted(CASES))
def test_corpus_case_gets_its_outcome_and_the_good_document_is_served(tmp_path, name):
    make, outcome = CASES[name]
    if name.endswith(".pdf") and not A_PDF.exists() and name in ("truncated.pdf",
                                                                  "encrypted.pdf"):
        pytest.skip("the real PDFs are not beside the project")
    docs = tmp_path / "docs"
    docs.mkdir()
    make(docs / name)
    _renamed(docs / "good.txt")
    report = build(docs, tmp_path / "db.duckdb")
    skipped = dict(report.skipped)
    if outcome == "skipped":
        assert name in skipped and skipped[name], report.text()
        if name == "encrypted.pdf":
            assert "加密" in skipped[name]
    else:
        assert name not in skipped, skipped
        assert {d.file for d in report.documents} == {name, "good.txt"}
    engine = _engine(tmp_path / "db.duckdb", docs)
    try:
        ans = engine.ask(GOOD)
        assert ans.status == "answered" and ans.figures[0]["value"] == 57
        if outcome == "served" and name != "amounts.txt":
            assert engine.ask("山西省应急管理厅三公经费是多少").figures[0]["value"] == 57
    finally:
        engine.close()


def test_amounts_that_do_not_fit_or_are_not_numbers_are_warnings(tmp_path):
    import duckdb

    docs = tmp_path / "docs"
    docs.mkdir()
    CASES["amounts.txt"][0](docs / "amounts.txt")
    report = build(docs, tmp_path / "db.duckdb")
    warnings = report.documents[0].warnings
    assert any("超出可存储的范围" in w for w in warnings)
    assert any("不是数字" in w for w in warnings)
    assert report.documents[0].checks_unchecked > 0          # that table is not checkable
    con = duckdb.connect(str(tmp_path / "db.duckdb"), read_only=True)
    try:
        unchecked = con.execute("SELECT count(*) FROM checks WHERE passed IS NULL").fetchone()
        assert unchecked[0] == report.documents[0].checks_unchecked
    finally:
        con.close()


def test_links_inside_the_folder_are_read_and_links_out_of_it_are_not(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "real.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    outside = tmp_path / "elsewhere.txt"
    _renamed(outside)
    (docs / "inside.txt").symlink_to(docs / "real.txt")
    (docs / "outside.txt").symlink_to(outside)
    (docs / "passwd.txt").symlink_to("/etc/passwd")
    report = build(docs, tmp_path / "db.duckdb")
    skipped = dict(report.skipped)
    assert "符号链接" in skipped["outside.txt"] and "符号链接" in skipped["passwd.txt"]
    # the link inside the folder is the same publication as real.txt: one of them is served
    assert {d.file for d in report.documents} <= {"real.txt", "inside.txt"}
    assert len(report.documents) == 1


def test_two_files_of_one_department_and_year_serve_the_newer_only(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    text = SEED.read_text(encoding="utf-8")
    (docs / "a-old.txt").write_text(text, encoding="utf-8")
    revised = text.replace("\t20.00\t20.00", "\t30.00\t30.00", 1)     # the newer publication
    (docs / "b-new.txt").write_text(revised, encoding="utf-8")
    os.utime(docs / "a-old.txt", (1_600_000_000, 1_600_000_000))
    report = build(docs, tmp_path / "db.duckdb")
    assert [d.file for d in report.documents] == ["b-new.txt"]
    assert "b-new.txt" in dict(report.skipped)["a-old.txt"]
    engine = _engine(tmp_path / "db.duckdb", docs)
    try:
        assert [d.key for d in engine.docs] == ["b-new"]
        assert len({d.label for d in engine.docs}) == len(engine.docs)
        assert engine.ask("公务接待费").figures[0]["value"] == 30
        # a permalink to the dropped file's key answers from the served one
        assert engine.ask("公务接待费", doc="a-old").figures[0]["value"] == 30
    finally:
        engine.close()


def test_a_read_only_data_folder_serves_the_existing_database_with_a_notice(tmp_path,
                                                                             monkeypatch):
    docs = tmp_path / "docs"
    docs.mkdir()
    doc = docs / SEED.name
    doc.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    db = tmp_path / "db.duckdb"
    build(docs, db)
    doc.write_text(doc.read_text(encoding="utf-8") + "\n", encoding="utf-8")   # now stale

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")
    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    report, notice = freshen(docs, db)
    assert report is None and "不可写" in notice
    engine = _engine(db, docs)
    try:
        assert "不可写" in engine.notice
        assert engine.ask("三公经费是多少").figures[0]["value"] == 57
    finally:
        engine.close()


@pytest.mark.parametrize("content,words", [
    ("三公经费是多少\n".encode("gbk"), "三公"),
    ("三公经费是多少\r\n".encode("utf-16"), "三公"),
])
def test_batch_files_in_other_encodings_are_read(tmp_path, content, words):
    qfile = tmp_path / "q.txt"
    qfile.write_bytes(content)
    out = subprocess.run([sys.executable, "-m", "queries.ask", "--json", "--batch", str(qfile)],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout.splitlines()[0])["figures"][0]["value"] == 57


@pytest.mark.parametrize("target", ["missing.txt", "."])
def test_batch_with_a_missing_file_or_a_directory_is_a_clear_message(tmp_path, target):
    out = subprocess.run([sys.executable, "-m", "queries.ask", "--batch", str(tmp_path / target)],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert "无法读取问题文件" in out.stderr


@pytest.mark.parametrize("question", ["三公\ud800经费是多少", "三公\u202e经费是多少",
                                      "\u2066三公经费\u2069是多少"])
def test_surrogates_and_bidi_controls_in_a_question(engine, question):
    ans = engine.ask(question)
    assert ans.status == "answered" and ans.figures[0]["value"] == 57


def test_a_cte_cannot_make_a_system_view_readable_elsewhere():
    from queries.guard import check_sql
    with pytest.raises(UnsafeQueryError):
        check_sql("SELECT * FROM (WITH duckdb_settings AS (SELECT 1) SELECT * FROM "
                  "duckdb_settings) x, duckdb_settings")
    with pytest.raises(UnsafeQueryError):
        check_sql("SELECT (WITH duckdb_databases AS (SELECT 1 AS a) SELECT a FROM "
                  "duckdb_databases), path FROM duckdb_databases")
    check_sql("WITH t AS (SELECT 1 AS a) SELECT a FROM t")      # an ordinary CTE is fine


def test_a_runaway_statement_is_stopped_by_the_time_limit(seed_db, monkeypatch):
    import queries.db as db
    from errors import QueryTimeout
    from queries.templates import Template
    monkeypatch.setattr(db, "STATEMENT_SECONDS", 0.5)
    con = db.open_readonly(seed_db)
    try:
        endless = Template(name="endless", title="", params=(), sql=(
            "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) "
            "SELECT count(*) FROM r"))
        with pytest.raises(QueryTimeout):
            db.run(con, endless)
        assert db.run(con, Template(name="one", title="", params=(),
                                    sql="SELECT 1 AS one")).rows == [{"one": 1}]
    finally:
        con.close()


@pytest.mark.skipif(not A_PDF.exists(), reason="the real PDFs are not beside the project")
def test_a_build_killed_while_reading_a_pdf_leaves_the_previous_database(tmp_path):
    import shutil
    import signal

    docs, db = built_seed(tmp_path)
    before = db.read_bytes()
    shutil.copy(A_PDF, docs / A_PDF.name)
    script = (
        "import sys, time; sys.path.insert(0, %r)\n"
        "import catalog.pdf as p\n"
        "orig = p._read_page\n"
        "def slow(page, number, *args):\n"
        "    if number == 5:\n"
        "        print('reading', flush=True); time.sleep(60)\n"
        "    return orig(page, number, *args)\n"
        "p._read_page = slow\n"
        "import catalog.build as b\n"
        "b.build(b.Path(%r), b.Path(%r))\n" % (str(ROOT), str(docs), str(db)))
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "reading"          # half-way through the PDF
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    proc.stdout.close()
    assert db.read_bytes() == before
    engine = _engine(db, None)                                   # the old database serves
    try:
        assert engine.ask("三公经费是多少").figures[0]["value"] == 57
    finally:
        engine.close()


def test_a_document_failing_half_way_is_named_and_the_rest_is_served(tmp_path, monkeypatch):
    import catalog.build as catalog_build

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    _renamed(docs / "b.txt")
    original = catalog_build._load_prose

    def failing(doc_id, *args):
        if doc_id == 2:                       # the second document fails after its tables
            raise catalog_build.BuildError("模拟的读取故障")
        return original(doc_id, *args)
    monkeypatch.setattr(catalog_build, "_load_prose", failing)
    report = build(docs, tmp_path / "db.duckdb")
    assert dict(report.skipped) == {"b.txt": "模拟的读取故障"}
    assert [d.file for d in report.documents] == ["a.txt"]
