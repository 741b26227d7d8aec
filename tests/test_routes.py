"""Routes over the loaded documents (queries/intents/registry.py ROUTES) with two departments
loaded, one of them named by a short name (地震局): every answer names its registry row and
a reading of the question's own words, and passes the same reading gate."""

from __future__ import annotations

import json
import shutil

import pytest

from catalog.build import build
from queries.engine import Engine
from queries.intents.registry import INTENTS, ROUTES
from tests.conftest import ROOT, SEED, transform_seed

TABLE = ROOT / "tests" / "routes-questions.jsonl"
ROWS = [json.loads(line) for line in TABLE.read_text(encoding="utf-8").splitlines() if line]
QUAKE = "山西省地震局"
NAMES = {i.name for i in ROUTES + INTENTS}


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    folder = tmp_path_factory.mktemp("routes") / "docs"
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    transform_seed(folder, {"山西省应急管理厅": QUAKE}, factor=2, name="quake.txt")
    db = folder.parent / "routes.duckdb"
    build(folder, db)
    eng = Engine(db, folder)
    yield eng
    eng.close()


@pytest.mark.parametrize("row", ROWS, ids=[r["q"] for r in ROWS])
def test_route_table_row(engine: Engine, row: dict) -> None:
    ans = engine.ask(row["q"])
    assert ans.intent.split(":")[0] == row["intent"].split(":")[0], (ans.intent, ans.answer)
    if ":" in row["intent"]:
        assert ans.intent == row["intent"], ans.answer
    assert ans.status == row["status"], ans.answer
    if "headline" in row:
        assert ans.figures and ans.figures[0]["value"] == pytest.approx(row["headline"]), \
            (ans.figures, ans.answer)
    else:
        assert not ans.figures


@pytest.mark.parametrize("row", ROWS, ids=[r["q"] for r in ROWS])
def test_every_answer_names_a_registered_row_and_reads_the_question(engine: Engine,
                                                                    row: dict) -> None:
    ans = engine.ask(row["q"])
    name = ans.intent.removeprefix("declined:")
    assert name in NAMES or name.split(":")[0] in NAMES, ans.intent
    assert ans.reading.startswith("我理解为：") and "问题没有指向" not in ans.reading
    if ans.figures:
        assert "没有理解" not in ans.reading, ans.reading


def test_both_departments_are_answered_from_their_own_documents(engine: Engine) -> None:
    ans = engine.ask("应急管理厅和地震局的三公经费分别是多少")
    assert [f["value"] for f in ans.figures] == [57, 114]
    assert {r["table"].split(" · ")[0] for r in ans.rows} == {
        d.label for d in engine.docs}
