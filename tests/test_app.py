"""The Streamlit app, headless: asking, a permalink, a clarify click."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT


@pytest.fixture()
def app() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    return at


def test_ask_shows_the_figure_and_the_source(app):
    app.chat_input[0].set_value("三公经费是多少").run()
    assert not app.exception
    assert any("57" in m.value for m in app.metric)
    assert app.dataframe, "the source rows are shown"
    assert app.query_params["q"] == ["三公经费是多少"] or app.query_params["q"] == "三公经费是多少"


def test_permalink_asks_on_arrival():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["q"] = "避难场所改造花多少钱"
    at.run()
    assert not at.exception
    assert any("3,643" in m.value or "3643" in m.value for m in at.metric)


def test_clarify_button_asks_again(app):
    app.chat_input[0].set_value("专项业务工作经费").run()
    assert app.warning
    app.button(key=[b.key for b in app.button if b.key.startswith("cand-")][1]).click().run()
    assert not app.exception
    assert app.metric
