"""A live engine notices changed, added and deleted documents and a damaged database without a
restart, and keeps answering from the old database while it rebuilds (issue 20, items 4, 5)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from catalog.build import build
from queries.live import LiveEngine
from tests.conftest import SEED, built_seed, copy_seed
from tests.test_faults import OTHER, other_department

QUESTION = "三公经费是多少"


def _edit(doc: Path, old: str, new: str) -> None:
    text = doc.read_text(encoding="utf-8")
    assert old in text
    doc.write_text(text.replace(old, new, 1), encoding="utf-8")


def _settle(live: LiveEngine, seconds: float = 60.0) -> None:
    """current() until a rebuild has started and finished (the check runs every call)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        live.current()
        live.wait(seconds)
        live.current()
        if live._worker is None or not live._worker.is_alive():
            return
    raise AssertionError("the rebuild did not finish")


@pytest.fixture()
def folder(tmp_path):
    docs = copy_seed(tmp_path / "docs")
    return docs


@pytest.fixture()
def live(folder):
    eng = LiveEngine(folder.parent / "budget.duckdb", folder, check_seconds=0)
    yield eng
    eng.close()


def _figure(live: LiveEngine, question: str = QUESTION, doc: str | None = None) -> float:
    ans = live.ask(question, doc=doc)
    assert ans.status == "answered", ans.answer
    return ans.figures[0].value if hasattr(ans.figures[0], "value") else ans.figures[0]["value"]


def test_an_edited_figure_is_served_without_a_restart(live, folder):
    assert _figure(live) == 57.0
    before = live.current()
    _edit(folder / SEED.name, "\t57.00\t", "\t99.00\t")
    live.current()                       # notices the change, rebuilds in the background
    assert before.ask(QUESTION).status == "answered"      # the old engine keeps answering
    _settle(live)
    assert live.current() is not before
    assert _figure(live) == 99.0


def test_an_added_document_is_served_and_a_deleted_one_disappears(live, folder):
    assert len(live.current().docs) == 1
    other_department(folder)
    _settle(live)
    assert {d.department for d in live.current().docs} == {"山西省应急管理厅", OTHER}
    (folder / "other-department.txt").unlink()
    _settle(live)
    assert [d.department for d in live.current().docs] == ["山西省应急管理厅"]
    (folder / SEED.name).unlink()
    _settle(live)
    assert live.current().docs == []
    ans = live.ask(QUESTION)
    assert ans.status != "answered" and not ans.figures


def test_an_unchanged_folder_is_not_rebuilt(live):
    engine = live.current()
    for _ in range(5):
        live.current()
    live.wait()
    assert live.current() is engine and live.generation == 0


def test_a_database_rebuilt_by_the_operator_is_picked_up(live, folder):
    _edit(folder / SEED.name, "\t57.00\t", "\t99.00\t")
    build(folder, live.db_path)          # python -m catalog.build while the app runs
    _settle(live)
    assert _figure(live) == 99.0


@pytest.mark.parametrize("damage", ["truncate", "garbage"])
def test_a_database_damaged_under_a_live_engine_is_rebuilt(live, damage):
    assert _figure(live) == 57.0
    db = live.db_path
    data = db.read_bytes()
    with db.open("r+b") as fh:           # in place: the served file itself is damaged
        if damage == "truncate":
            fh.truncate(len(data) // 2)
        else:
            fh.seek(len(data) // 3)
            fh.write(b"\xff" * 4096)
    for question in (QUESTION, "机关运行经费是多少", "培训费是多少"):
        ans = live.ask(question)
        assert ans.status in ("answered", "clarify", "no_data")
        assert "抱歉，处理这个问题时出错了" not in ans.answer
    _settle(live)
    assert _figure(live) == 57.0


# ---------------------------------------------------------------- the app, headless

def _app(monkeypatch, docs: Path, db: Path):
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT

    monkeypatch.setenv("BUDGETQA_DOCS", str(docs))
    monkeypatch.setenv("BUDGETQA_DB", str(db))
    st.cache_resource.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    return at


def test_the_app_rebuilds_a_truncated_database_instead_of_an_error_page(tmp_path, monkeypatch):
    docs, db = built_seed(tmp_path, truncated=True)
    at = _app(monkeypatch, docs, db)
    assert not at.exception
    at.chat_input[0].set_value(QUESTION).run()
    assert not at.exception
    assert [m.value for m in at.metric] == ["57.00 万元"]


def test_the_app_says_why_when_nothing_can_be_served(tmp_path, monkeypatch):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    at = _app(monkeypatch, docs, tmp_path / "budget.duckdb")
    assert not at.exception
    assert any("无法载入" in e.value for e in at.error)


def test_the_app_serves_next_to_a_poisoned_document(tmp_path, monkeypatch):
    from tests.test_faults import POISONS

    docs = copy_seed(tmp_path / "docs")
    other_department(docs, POISONS["asset"])
    at = _app(monkeypatch, docs, tmp_path / "budget.duckdb")
    assert not at.exception
    at.chat_input[0].set_value(f"山西省应急管理厅{QUESTION}").run()
    assert not at.exception
    assert [m.value for m in at.metric] == ["57.00 万元"]
