"""Several departments and years in one assistant (documents generated from the seed)."""

from __future__ import annotations

import duckdb
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from queries.engine import Engine
from tests.conftest import OTHER, ROOT, SEED


@pytest.fixture(scope="module")
def corpus(multidoc_corpus: dict) -> dict:
    return multidoc_corpus


@pytest.fixture(scope="module")
def engine(multidoc_engine: Engine) -> Engine:
    return multidoc_engine


def _value(ans) -> float:
    assert ans.status == "answered", ans.answer
    return ans.figures[0]["value"]


def test_every_row_is_keyed_by_document(corpus):
    con = duckdb.connect(str(corpus["db"]), read_only=True)
    docs = con.execute("SELECT department, year FROM documents ORDER BY doc_id").fetchall()
    assert sorted(docs) == sorted([(corpus["dept"], corpus["year"]),
                                   (corpus["dept"], corpus["prev"]), (OTHER, corpus["year"])])
    per_doc = con.execute("SELECT doc_id, count(*) FROM cells GROUP BY 1").fetchall()
    assert len(per_doc) == 3 and len({n for _, n in per_doc}) == 1
    assert con.execute("SELECT count(*) FROM checks WHERE NOT passed").fetchone()[0] == 0
    con.close()


def test_no_document_named_and_none_selected_asks_which(engine):
    ans = engine.ask("三公经费是多少")
    assert ans.status == "clarify" and not ans.figures and len(ans.candidates) == 3
    follow = engine.ask(ans.candidates[0]["ask"])
    assert follow.status == "answered" and follow.figures


def test_selected_document_answers(engine, corpus):
    seed_key = SEED.stem
    assert _value(engine.ask("三公经费是多少", doc=seed_key)) == 57
    assert _value(engine.ask("三公经费是多少", doc="other-department")) == 114


@pytest.mark.parametrize("question, expected", [
    (f"{OTHER}三公经费", 114), ("示范管理局三公经费是多少", 114),
    ("应急厅三公经费", 57), ("省应急管理厅三公经费", 57), ("应急管理厅的三公经费", 57),
    ("应急管理厅{prev}年三公经费", 114), ("{prev}年应急厅三公经费", 114),
])
def test_department_and_year_named_in_the_question(engine, corpus, question, expected):
    assert _value(engine.ask(question.format(prev=corpus["prev"]))) == expected


@pytest.mark.parametrize("question", ["山西省公安厅三公经费", "2019年三公经费", "教育厅的预算总额"])
def test_not_loaded_is_no_data_naming_what_is_loaded(engine, question):
    ans = engine.ask(question)
    assert ans.status == "no_data" and not ans.figures and "已载入" in ans.answer


def test_compare_across_departments(engine, corpus):
    ans = engine.ask("哪个部门三公经费最多")
    assert ans.status == "answered"
    assert [f["value"] for f in ans.figures] == [114, 57]          # latest year of each department
    assert ans.answer.endswith(f"最多的是{OTHER}（{corpus['year']}年）。")
    opex = engine.ask("各部门机关运行经费")
    assert opex.status == "answered" and len(opex.figures) == 2
    sources = {r["table"].split(" · ")[0] for r in opex.rows}
    assert sources == {f"{corpus['dept']} {corpus['year']}年", f"{OTHER} {corpus['year']}年"}


def test_year_over_year_from_the_tables(engine, corpus):
    ans = engine.ask("应急管理厅三公经费比去年增加多少")
    assert ans.status == "answered"
    # the change asked for leads, with its rate; the document's own statement follows
    change, rate, now, before, stated = ans.figures
    assert (change["value"], rate["value"], now["value"], before["value"]) == (57, 50, 57, 114)
    assert change["label"].endswith("比上年减少") and rate["label"].endswith("比上年下降")
    assert "减少57.00万元，下降50.00%" in ans.answer
    years = {r["table"].split(" · ")[0] for r in ans.rows}
    assert years == {f"{corpus['year']}年", f"{corpus['prev']}年"}
    # the seed says its “三公” is the same as the year before (its own 上年数); the previous
    # year's document (amounts ×2) says otherwise: both shown, which is which said
    assert stated["value"] == 0 and "说明所写" in stated["label"]
    assert "两个来源不一致" in ans.answer and "报表数之差" in ans.answer


def test_a_stated_change_about_another_item_is_not_set_against_the_tables(engine):
    # the explanations' 机关运行经费 sentence states another amount (the 参公单位's, 1042.42)
    # than the row this route answers (the department's own unit): no disagreement is claimed
    ans = engine.ask("应急管理厅机关运行经费比上年增加多少")
    assert ans.intent == "year_over_year" and len(ans.figures) == 4
    assert "不一致" not in ans.answer and "一致" not in ans.answer


@pytest.fixture()
def app_over_corpus(corpus, monkeypatch):
    """The app over the several-department corpus (its own engines, closed afterwards)."""
    monkeypatch.setenv("BUDGETQA_DOCS", str(corpus["docs"]))
    monkeypatch.setenv("BUDGETQA_DB", str(corpus["db"]))
    st.cache_resource.clear()
    import queries.engine as engine_module
    monkeypatch.setattr(engine_module, "_ENGINES", {})
    yield AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    st.cache_resource.clear()
    for eng in engine_module._ENGINES.values():      # this test's engines, not the shared ones
        eng.close()


def test_app_selects_the_document_from_the_permalink(app_over_corpus):
    at = app_over_corpus
    at.query_params["doc"] = "other-department"
    at.query_params["q"] = "三公经费是多少"
    at.run()
    assert not at.exception
    assert at.selectbox(key="doc").value == "other-department"
    assert [m.value for m in at.metric] == ["114.00 万元"]
    at.selectbox(key="doc").select(SEED.stem).run()
    at.chat_input[0].set_value("三公经费是多少").run()
    assert [m.value for m in at.metric][-1] == "57.00 万元"


def test_a_change_over_two_loaded_years_is_drawn_as_a_series(app_over_corpus, corpus):
    """Two years' figures in one answer: a bar per year in the card, the figures beside."""
    at = app_over_corpus
    at.query_params["q"] = "应急管理厅三公经费比上年减少了多少"
    at.run()
    assert not at.exception
    charts = at.get("vega_lite_chart")
    assert len(charts) == 1
    spec = charts[0].proto.spec
    assert '"type": "bar"' in spec and '"type": "text"' in spec      # bars, values on them
    table = next(h.proto.body for h in at.get("html") if "各年数值" in h.proto.body)
    assert table.index(f"{corpus['prev']}年") < table.index(f"{corpus['year']}年")
    assert "114.00 万元" in table and "57.00 万元" in table
