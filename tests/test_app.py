"""The Streamlit app, headless (AppTest): chat, buttons, permalinks, browse and status panels."""

from __future__ import annotations

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT, copy_seed

APP = str(ROOT / "app.py")


def _new() -> AppTest:
    return AppTest.from_file(APP, default_timeout=60)


@pytest.fixture()
def app() -> AppTest:
    st.cache_resource.clear()
    at = _new()
    at.run()
    assert not at.exception
    return at


def _cand_keys(at: AppTest) -> list[str]:
    return [b.key for b in at.button if b.key and b.key.startswith("cand-")]


def test_ask_shows_figure_sentence_source_rows_and_permalink(app):
    app.chat_input[0].set_value("三公经费是多少").run()
    assert not app.exception
    assert [m.value for m in app.metric] == ["57.00 万元"]
    assert any("三公" in m.value for m in app.markdown)
    html = "\n".join(h.proto.body for h in app.get("html"))
    # the source rows in a real table: the table's title once, its column names, the
    # headline figure's cell marked, and a link that opens the table in 数据浏览
    assert "<table" in html and "<th" in html and "表十" in html and "402行" in html
    hit = html.split('class="num hit"')[1]
    assert "<mark>57.00</mark>" in hit[:200] and "（答案）" in hit[:260]
    assert "预算数·合计（万元）" in html, "amount columns carry the table's unit"
    assert app.query_params["q"] in ("三公经费是多少", ["三公经费是多少"])
    assert '<a href="' in html and "&amp;q=" in html and "?doc=" in html
    assert 'class="copy-link"' in html and "data-link=" in html
    assert "onclick" not in html, "the page script handles the button, not an inline handler"
    assert "<details" in html and "SELECT" in html, "the SQL as run, without st.code"
    assert not app.code
    # "在数据浏览中查看" switches view in this session: the chat is still there on return
    browse = [b.key for b in app.button if b.key and b.key.startswith("browse-")]
    assert browse == ["browse-0-10"]
    app.button(key=browse[0]).click().run()
    assert app.radio(key="view").value == "数据浏览"
    assert app.query_params["table"] in ("10", ["10"])
    html = "\n".join(h.proto.body for h in app.get("html"))
    assert "397" in html and "402" in html and ">50<" not in html
    app.radio(key="view").set_value("问答").run()
    assert [m.value for m in app.metric] == ["57.00 万元"]


@pytest.mark.parametrize("question,label,row_name,values", [
    # the headline's own row, not another row that prints the same amount
    ("今年预算一共多少", "收入总计", "收入总计", ["37420.03"]),
    # a sum the table does not print: each of its cells
    ("办公费是多少", "办公费合计", "办公费", ["254.39", "80.55"]),
])
def test_the_marked_cells_are_the_headlines_own(app, question, label, row_name, values):
    import re
    app.chat_input[0].set_value(question).run()
    assert app.metric[0].label == label
    html = "\n".join(h.proto.body for h in app.get("html"))
    rows = re.findall(r"<tr>(.*?)</tr>", html)
    marked = [(re.findall(r'class="val">([^<]*)<', r), re.findall(r"<mark>([^<]*)</mark>", r))
              for r in rows if "<mark>" in r]
    assert [m for _, ms in marked for m in ms] == values
    assert all(row_name in cells[0] for cells, _ in marked)


def test_a_change_headlines_its_direction_and_rate_and_quotes_the_reason_once(app):
    app.chat_input[0].set_value("预算为什么减少").run()
    assert [(m.label, m.value) for m in app.metric] == \
        [("比上年减少", "16,714.11 万元，下降 30.88 %")]
    text = " ".join(m.value for m in app.markdown)
    assert text.count("国债自然灾害应急能力提升工程补助资金") == 1
    html = "\n".join(h.proto.body for h in app.get("html"))
    quote = html.split('class="src-quote"')[1]
    assert "<mark>" in quote and quote.count("国债自然灾害应急能力提升工程补助资金") == 1


def test_example_question_button(app):
    keys = [b.key for b in app.button if b.key and b.key.startswith("ex-")]
    assert len(keys) >= 3
    app.button(key=keys[0]).click().run()
    assert not app.exception
    assert app.metric, "an example question is answered with a figure"


def test_clarify_click_answers_the_chosen_project(app):
    app.chat_input[0].set_value("专项业务工作经费").run()
    assert app.warning and len(_cand_keys(app)) >= 3
    app.button(key=_cand_keys(app)[1]).click().run()
    assert not app.exception
    assert app.metric and len(app.chat_message) == 4


def test_no_data_suggestion_click(app):
    app.chat_input[0].set_value("消防车购置费").run()
    assert app.warning and _cand_keys(app)          # choices offered back, each a button
    app.button(key=_cand_keys(app)[0]).click().run()
    assert not app.exception
    assert len(app.chat_message) == 4


def test_permalink_asks_on_arrival():
    st.cache_resource.clear()
    at = _new()
    at.query_params["q"] = "避难场所改造花多少钱"
    at.run()
    assert not at.exception
    assert [m.value for m in at.metric] == ["3,643.00 万元"]


@pytest.mark.parametrize("question", ["<img src=x onerror=alert(1)>", "[链接](javascript:alert(1))",
                                      "**粗体**"])
def test_user_text_is_shown_literally(app, question):
    app.chat_input[0].set_value(question).run()
    assert not app.exception
    assert question in [t.value for t in app.text]
    rendered = [m.value for m in app.markdown] + [i.value for i in app.info]
    assert not any(question in v for v in rendered), "markup must be escaped, not rendered"


def _rows(at: AppTest) -> int:
    import re
    html = "\n".join(h.proto.body for h in at.get("html"))
    return len(re.findall(r"<tr>", html.split("<tbody>")[-1])) if "<tbody>" in html else 0


def test_browse_tab_shows_tables_filter_and_empty_tables(app):
    app.radio(key="view").set_value("数据浏览").run()
    box = app.selectbox(key="browse-table")
    assert len(box.options) == 13
    html = "\n".join(h.proto.body for h in app.get("html"))
    assert "<table" in html and "收入（万元）" in html, "a real table, named as in the answers"
    rows_before = _rows(app)
    app.text_input(key="browse-filter").input("合计").run()
    assert 0 < _rows(app) < rows_before
    empty = next(o for o in box.options if "政府性基金预算支出表" in o)
    app.selectbox(key="browse-table").select(empty).run()
    assert any("本表无数据" in i.value for i in app.info)


def test_embedded_mode_never_offers_the_staff_view(monkeypatch):
    st.cache_resource.clear()
    at = _new()
    at.query_params["view"] = "status"
    monkeypatch.setattr("ui.chat.is_embedded", lambda: True)
    at.run()
    assert not at.exception
    assert not at.radio, "one view (the chat) in a portal: no switch at all"
    assert not at.success and not at.title


def test_status_panel_reports_checks(app):
    app.radio(key="view").set_value("数据状态").run()
    assert any("勾稽检查全部通过" in s.value for s in app.success)
    assert any("山西" in m.value or "部门" in m.value for m in app.markdown)


def test_the_reading_is_shown_and_a_word_not_understood_gives_no_figure(app):
    app.chat_input[0].set_value("三公经费是多少").run()
    assert any(c.value.startswith("我理解为") and "三公" in c.value for c in app.caption)
    app.chat_input[0].set_value("副厅长的工资多少").run()
    assert not app.exception
    assert [m.value for m in app.metric] == ["57.00 万元"], "the second answer adds no figure"
    assert any("没有理解" in c.value and "副厅长" in c.value for c in app.caption)


def test_status_names_a_skipped_document_and_the_good_one_is_served(tmp_path, monkeypatch):

    docs = copy_seed(tmp_path / "docs")
    (docs / "[link](http:x)损坏.pdf").write_bytes(b"not a pdf at all")
    monkeypatch.setenv("BUDGETQA_DOCS", str(docs))
    st.cache_resource.clear()
    at = _new()
    at.run()
    at.radio(key="view").set_value("数据状态").run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert any("损坏" in e and "未能读取" in e for e in errors)
    assert all("](http" not in e for e in errors), "file names are shown literally, escaped"
    at.radio(key="view").set_value("问答").run()
    at.chat_input[0].set_value("三公经费是多少").run()
    assert [m.value for m in at.metric] == ["57.00 万元"]
    st.cache_resource.clear()


def test_markdown_in_document_names_is_shown_literally_in_every_view(tmp_path, monkeypatch):
    from tests.conftest import SEED
    docs = tmp_path / "docs"
    docs.mkdir()
    text = SEED.read_text(encoding="utf-8")
    text = text.replace("山西省应急管理厅", "山西省[点我](http://evil.example)厅")
    text = text.replace("办公设备购置", "![图](http://evil.example/a.png)办公设备购置")
    (docs / "odd.txt").write_text(text, encoding="utf-8")
    monkeypatch.setenv("BUDGETQA_DOCS", str(docs))
    st.cache_resource.clear()
    at = _new()
    at.run()
    at.chat_input[0].set_value("办公设备购置花多少钱").run()
    for view in ("问答", "数据浏览", "数据状态"):
        at.radio(key="view").set_value(view).run()
        assert not at.exception
        shown = [e.value for kind in ("markdown", "caption", "info", "warning", "error",
                                      "success") for e in getattr(at, kind)]
        shown += [m.label for m in at.metric] + [b.label for b in at.button]
        assert not [s for s in shown if "](http" in str(s)], view
        if view != "数据浏览":
            assert any("evil" in str(s) for s in shown), f"the odd name is shown in {view}"
    st.cache_resource.clear()


def test_a_reload_keeps_the_conversation():
    st.cache_resource.clear()
    first = _new()
    first.run()
    first.chat_input[0].set_value("三公经费是多少").run()
    first.chat_input[0].set_value("机关运行经费是多少").run()
    first.chat_input[0].set_value("收入总计").run()
    params = {k: first.query_params[k] for k in ("q", "h", "doc")}
    reloaded = _new()                         # the same address, a new session
    for key, value in params.items():
        reloaded.query_params[key] = value[0] if isinstance(value, list) else value
    reloaded.run()
    assert not reloaded.exception
    users = [m for m in reloaded.chat_message if m.name == "user"]
    assert [u.text[0].value for u in users] == ["三公经费是多少", "机关运行经费是多少", "收入总计"]
    assert len(reloaded.metric) == 3


def test_a_portal_that_enables_the_browser_gets_it_and_still_no_staff_view(monkeypatch):
    monkeypatch.setattr("ui.chat.is_embedded", lambda: True)
    monkeypatch.setenv("BUDGETQA_EMBED_BROWSE", "1")
    st.cache_resource.clear()
    at = _new()
    at.run()
    assert at.radio(key="view").options == ["问答", "数据浏览"]
    at.chat_input[0].set_value("三公经费是多少").run()
    html = "\n".join(h.proto.body for h in at.get("html"))
    # without a public address a link inside the frame opens the app, embedded, in a new tab
    assert 'data-open="blank"' in html and "?embed=true&amp;doc=" in html
    assert 'data-portal-state="q=' in html, "the conversation is handed to the portal page"
    at.button(key="browse-0-10").click().run()
    assert not at.exception and at.radio(key="view").value == "数据浏览"


def test_with_a_public_address_links_in_a_portal_open_the_portal_page(monkeypatch):
    monkeypatch.setattr("ui.chat.is_embedded", lambda: True)
    monkeypatch.setenv("BUDGETQA_PUBLIC_URL", "https://portal.example.gov.cn/yusuan/")
    st.cache_resource.clear()
    at = _new()
    at.run()
    at.chat_input[0].set_value("三公经费是多少").run()
    html = "\n".join(h.proto.body for h in at.get("html"))
    assert 'href="https://portal.example.gov.cn/yusuan/?doc=' in html
    assert 'data-open="top"' in html and "embed=true" not in html
    assert 'data-portal-origin="https://portal.example.gov.cn"' in html
