"""Routes over the loaded documents (queries/intents/registry.py ROUTES) with two departments
loaded, one of them named by a short name (地震局). The corpus is tests/conftest.py
routes_corpus; its question table is tests/tables/routes.jsonl (tests/test_question_tables.py)."""

from __future__ import annotations

import pytest

from queries.engine import Engine


@pytest.fixture(scope="module")
def engine(routes_engine: Engine) -> Engine:
    return routes_engine


def test_both_departments_are_answered_from_their_own_documents(engine: Engine) -> None:
    ans = engine.ask("应急管理厅和地震局的三公经费分别是多少")
    assert [f["value"] for f in ans.figures] == [57, 114]
    assert {r["table"].split(" · ")[0] for r in ans.rows} == {
        d.label for d in engine.docs}
