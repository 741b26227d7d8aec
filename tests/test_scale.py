"""Cost that stays flat as the corpus grows (issue 21): what makes it so, asserted as behaviour
(never as time — the figures are `python -m bench`'s).

- the parallel build writes the same rows as the serial one, in doc_id order;
- every per-document template reads only that document's rows (DuckDB pushes the doc_id
  filter into each table scan, so row groups of other documents are skipped);
- naming a department checks only the documents that could match, and the name-index cache
  stays within its bound.
"""

from __future__ import annotations

import json
import shutil

import duckdb
import pytest

import bench
import catalog.reader
import queries.context
import queries.scope
from catalog.build import build
from errors import BuildError
from queries.engine import Engine
from queries.normalize import normalize
from queries.scope import Doc, Loaded, org_matches, resolve
from queries.templates import load_templates

DOCS = 10          # read by a pool of two (PARALLEL_FROM_FILES lowered for the test)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("scale")
    docs = bench.generate(DOCS, root / "docs")
    # a damaged file among them: skipped the same way by both builds
    (docs / "copy-0005.txt").write_bytes(b"\xff\xfe\x00broken")
    serial, parallel = root / "serial.duckdb", root / "parallel.duckdb"
    mp = pytest.MonkeyPatch()
    mp.setattr(catalog.reader, "WORKERS", 1)
    one = build(docs, serial)
    mp.setattr(catalog.reader, "WORKERS", 2)
    mp.setattr(catalog.reader, "PARALLEL_FROM_FILES", 2)
    pools = []
    real = catalog.reader.multiprocessing.get_context

    def counted(method):
        pools.append(method)
        return real(method)
    mp.setattr(catalog.reader.multiprocessing, "get_context", counted)
    try:
        two = build(docs, parallel)
    finally:
        mp.undo()
    assert pools == ["spawn"]                    # the second build was read by the pool
    return {"docs": docs, "serial": serial, "parallel": parallel, "reports": (one, two)}


def _tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [r[0] for r in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE table_name <> 'meta' ORDER BY 1")
        .fetchall()]


def test_the_parallel_build_writes_the_same_rows_as_the_serial_build(corpus):
    one, two = corpus["reports"]
    assert [(d.doc_id, d.file) for d in one.documents] == \
        [(d.doc_id, d.file) for d in two.documents]
    assert len(one.documents) == DOCS - 1 and one.skipped == two.skipped
    a = duckdb.connect(str(corpus["serial"]), read_only=True)
    b = duckdb.connect(str(corpus["parallel"]), read_only=True)
    try:
        assert _tables(a) == _tables(b)
        for table in _tables(a):
            query = f"SELECT * FROM {table} ORDER BY ALL"   # noqa: S608 - the schema's names
            assert a.execute(query).fetchall() == b.execute(query).fetchall(), table
    finally:
        a.close()
        b.close()


def test_rows_are_stored_in_document_order(corpus):
    """DuckDB keeps min/max of doc_id per row group: stored in doc_id order, one document's
    rows sit in one or two row groups and the others are skipped."""
    con = duckdb.connect(str(corpus["parallel"]), read_only=True)
    try:
        for table in _tables(con):
            columns = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()]
            if "doc_id" not in columns:
                continue
            backwards = con.execute(
                f"SELECT count(*) FROM (SELECT doc_id, lag(doc_id) OVER (ORDER BY rowid) AS p "
                f"FROM {table}) WHERE doc_id < p").fetchone()[0]   # noqa: S608
            assert backwards == 0, table
    finally:
        con.close()


def _scans(node: dict):
    if node.get("name", "").strip() in ("SEQ_SCAN", "TABLE_SCAN"):
        yield node.get("extra_info", {})
    for child in node.get("children", []):
        yield from _scans(child)


def test_every_per_document_template_reads_only_that_documents_rows(corpus):
    """Each scan of a table keyed by document carries the doc_id filter itself (what lets
    DuckDB skip other documents' row groups), in every template that takes a doc_id."""
    con = duckdb.connect(str(corpus["parallel"]), read_only=True)
    keyed = {r[0] for r in con.execute(
        "SELECT table_name FROM duckdb_columns() WHERE column_name = 'doc_id'").fetchall()}
    checked = 0
    try:
        for name, template in sorted(load_templates().items()):
            if "doc_id" not in template.params:
                continue                      # cross_*: one query over every document
            plan = None
            for guess in ("x", 1):            # text or number parameters
                params = {p: 3 if p == "doc_id" else guess for p in template.params}
                try:
                    plan = json.loads(con.execute("EXPLAIN (FORMAT JSON) " + template.sql,
                                                  params).fetchall()[0][1])
                    break
                except duckdb.Error:
                    continue
            assert plan is not None, name
            for root in plan:
                for scan in _scans(root):
                    table = scan.get("Table", "").split(".")[-1]
                    filters = scan.get("Filters", "")
                    filters = " ".join(filters) if isinstance(filters, list) else str(filters)
                    if table in keyed:
                        checked += 1
                        assert "doc_id" in filters, f"{name} scans all of {table}"
    finally:
        con.close()
    assert checked > 50


def _docs(n: int) -> list[Doc]:
    regions = ["山西省", "江苏省", "上海市普陀区", ""]
    names = ["应急管理厅", "财政厅", "政协", "人民政府万里街道办事处", "高级人民法院"]
    return [Doc(i + 1, f"{regions[i % 4]}{names[i % 5]}" + ("" if i < 20 else f"第{i}分局"),
                str(2017 + i % 3), "", f"d{i}.txt") for i in range(n)]


@pytest.mark.parametrize("mention", ["应急厅", "省应急管理厅", "江苏省政协", "政协", "财政厅",
                                     "万里街道", "高院", "第33分局", "公安厅", "法院"])
def test_the_department_index_finds_what_a_walk_would(mention):
    docs = _docs(60)
    assert Loaded(docs).naming(mention, {}) == [d for d in docs if org_matches(mention, d)]


FIRST, SECOND = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥", "春夏秋冬东南西北中上下左右前后内外大小高低长短方圆远"


def test_naming_a_department_checks_only_the_documents_that_could_match(monkeypatch):
    docs = [Doc(i + 1, f"山西省{a}{b}管理局", "2026", "", f"d{i}.txt")
            for i, (a, b) in enumerate((a, b) for a in FIRST for b in SECOND)]
    loaded = Loaded(docs)
    calls = []
    real = queries.scope.org_matches

    def counted(name, doc, units=()):
        calls.append(doc.doc_id)
        return real(name, doc, units)
    monkeypatch.setattr(queries.scope, "org_matches", counted)
    q = normalize("寅秋管理局的三公经费是多少")
    scope = resolve(q, q.key, loaded, {})
    assert [d.department for d in scope.docs] == ["山西省寅秋管理局"]
    assert len(docs) > 500 and len(calls) < 5           # not one per loaded document


def test_the_name_index_cache_keeps_its_bound(corpus, monkeypatch, tmp_path):
    monkeypatch.setattr(queries.context, "KNOWLEDGE_CACHE", 3)
    db = tmp_path / "copy.duckdb"
    shutil.copy(corpus["parallel"], db)
    engine = Engine(db, None)
    try:
        ids = [d.doc_id for d in engine.docs]
        for doc_id in ids:
            engine.knowledge_for(doc_id)
            assert len(engine.ctx._knowledge) <= 3
        assert list(engine.ctx._knowledge) == ids[-3:]          # the least recently used left
        engine.knowledge_for(ids[-3])                              # used again: kept longest
        engine.knowledge_for(ids[0])
        assert list(engine.ctx._knowledge) == [ids[-1], ids[-3], ids[0]]
        assert engine.doc(ids[4]).doc_id == ids[4] and engine.doc(engine.docs[2].key) == \
            engine.docs[2]
    finally:
        engine.close()


def test_a_question_naming_nothing_knows_its_departments_without_a_walk(monkeypatch):
    docs = _docs(60)
    loaded = Loaded(docs)
    q = normalize("三公经费比上年增加多少")
    scope = resolve(q, q.key, loaded, {})
    assert scope.docs == docs and scope.departments is loaded.department_names
    asked = queries.scope.Asked(q, q.key, None, loaded=docs, index=loaded)
    for department in {d.department for d in docs}:
        assert asked.of_department(department) == [d for d in docs
                                                   if d.department == department]


def _die(path, doc_id=0):
    import os
    os._exit(3)                                  # a reader process killed mid-file


def test_a_reader_process_that_dies_stops_the_build_instead_of_hanging(corpus, monkeypatch):
    monkeypatch.setattr(catalog.reader, "PARALLEL_FROM_FILES", 2)
    paths = sorted(corpus["docs"].glob("*.txt"))
    with pytest.raises(BuildError, match="进程意外退出"):
        list(catalog.reader.read_all(paths, _die, lambda: 1, workers=2))
