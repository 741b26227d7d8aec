"""Round trip over every entity the document holds: asking for it by name returns its figure.

Generic over the database (no figure written here), so it holds for any document: a subject
by name and by code gives the 支出总表 total, a project its first table's amount (or a
clarify whose every choice then answers), an economic item the sum of its rows, a 三公 item
its amount or "未安排".
"""

from __future__ import annotations

import re

from decimal import Decimal
from pathlib import Path

import pytest

from queries.engine import Engine
from tests.conftest import SEED_DOCS, transform_seed

CENT = Decimal("0.005")


@pytest.fixture(scope="module", params=["seed", "transformed"])
def engine(request, seed_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """The bundled document, and a copy with other department/project names and amounts."""
    if request.param == "seed":
        eng = Engine(seed_db, SEED_DOCS)
    else:
        seed = Engine(seed_db, SEED_DOCS)
        dept = seed.docs[0].department
        names = [r[0] for r in seed.con.execute(
            "SELECT DISTINCT name FROM projects ORDER BY name").fetchall()]
        seed.close()
        renames = {dept: "测试省示范管理局"}
        renames |= {name: f"示范工程第{i}号" for i, name in enumerate(names)}
        folder = tmp_path_factory.mktemp("roundtrip")
        docs = transform_seed(folder / "docs", renames, factor=2)
        eng = Engine(folder / "t.duckdb", docs)
    yield eng
    eng.close()


def _first(ans) -> Decimal | None:
    return Decimal(str(ans.figures[0]["value"])) if ans.figures else None


def test_every_subject_by_name_and_code(engine):
    rows = engine.con.execute("SELECT code, name, total FROM subjects "
                              "WHERE table_kind = 'expense' ORDER BY code").fetchall()
    assert rows
    for code, name, total in rows:
        for question in (f"{name}是多少", code):
            ans = engine.ask(question)
            assert ans.status == "answered", (question, ans.answer)
            assert abs(_first(ans) - total) <= CENT, (question, ans.answer)


def test_every_project_or_a_clarify_whose_choices_answer(engine):
    rows = engine.con.execute("SELECT name, unit, total FROM projects ORDER BY table_no, line"
                              ).fetchall()
    by_name: dict[str, dict[str, Decimal]] = {}
    for name, unit, total in rows:
        by_name.setdefault(name, {}).setdefault(unit, total)
    bare = {}
    for name, units in by_name.items():
        bare.setdefault(re.sub(r"[（）()]", "", name), set()).update(units)
    for name, units in by_name.items():
        ans = engine.ask(name)
        namesakes = bare[re.sub(r"[（）()]", "", name)]
        if len(units) == 1 and len(namesakes) > 1 and not re.search(r"[（）()]", name):
            # "会议培训项目" beside another unit's "会议（培训）项目": asked back, each choice
            # answering with its own figure
            assert ans.status == "clarify", ans.answer
            assert {c["detail"] for c in ans.candidates} == namesakes, ans.candidates
            for cand in ans.candidates:
                assert engine.ask(cand["ask"]).status == "answered", cand
            continue
        if len(units) == 1:
            assert ans.status == "answered", ans.answer
            assert abs(_first(ans) - next(iter(units.values()))) <= CENT, (name, ans.answer)
            continue
        assert ans.status == "clarify" and len(ans.candidates) == len(units)
        for cand in ans.candidates:
            chosen = engine.ask(cand["ask"])
            assert chosen.status == "answered", (cand, chosen.answer)
            assert abs(_first(chosen) - units[cand["detail"]]) <= CENT, (cand, chosen.answer)


def test_every_economic_item_sums_its_rows(engine):
    rows = engine.con.execute("SELECT item, sum(total) FROM econ_items WHERE NOT is_category "
                              "GROUP BY item ORDER BY item").fetchall()
    for item, total in rows:
        ans = engine.ask(f"{item}多少")
        values = [Decimal(str(f["value"])) for f in ans.figures]
        assert ans.status == "answered" and any(abs(v - total) <= CENT for v in values), item


def test_every_sangong_item(engine):
    rows = engine.con.execute("SELECT name, total FROM sangong WHERE level <> '合计'").fetchall()
    for name, total in rows:
        ans = engine.ask(name)
        assert ans.status == "answered", ans.answer
        if total is None:
            # an empty “三公” cell is none arranged: said so, with its 0
            assert _first(ans) == 0 and "未安排" in ans.answer, ans.answer
        else:
            assert abs(_first(ans) - total) <= CENT, (name, ans.answer)
