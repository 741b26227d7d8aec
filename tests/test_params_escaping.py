"""Crafted links, escaping and export (issue 20, items 10 and 11)."""

from __future__ import annotations

import csv
import io

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from catalog.text import clean_cell
from tests.conftest import ROOT
from ui import params
from ui.format import csv_safe, md_escape, plain

APP = str(ROOT / "app.py")

CRAFTED = [
    {"view": "browse", "table": "10", "line": "²"},
    {"view": "browse", "table": "²", "line": "1,2"},
    {"view": "browse", "table": "99999999999999999999", "line": "9" * 50},
    {"h": "[" * 5000},
    {"h": '["' + "x" * 100000 + '"]'},
    {"h": '{"a": 1}', "q": ""},
    {"doc": "\x00../../etc/passwd", "view": "nonsense"},
    {"q": "问" * 100000},
]


@pytest.mark.parametrize("query", CRAFTED)
def test_crafted_parameters_never_raise(query):
    got = params.read(query)
    assert got.table is None or got.table.isascii() and got.table.isdigit()
    assert all(x.isascii() and x.isdigit() for x in got.lines.split(",") if x)
    assert got.view in (None, "chat", "browse", "status")
    assert isinstance(got.history, list)
    assert got.q is None or len(got.q) <= params.MAX_QUESTION_CHARS


def test_valid_parameters_are_kept():
    got = params.read({"q": "三公经费是多少", "h": '["a", "b"]', "doc": "x-2026",
                       "view": "browse", "table": "10", "line": "402,403"})
    assert (got.q, got.history, got.doc, got.view, got.table, got.lines) == \
        ("三公经费是多少", ["a", "b"], "x-2026", "browse", "10", "402,403")


@pytest.mark.parametrize("query", CRAFTED[:4])
def test_the_app_opens_on_a_crafted_link(query):
    st.cache_resource.clear()
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    if query.get("view") != "browse":
        assert at.chat_input, "the chat input is there"


@pytest.mark.parametrize("text", [
    "详见 https://evil.example.com/x 或 www.evil.example.com",
    "联系 someone@evil.example.com",
    "HTTP://EVIL.EXAMPLE.COM",
])
def test_addresses_in_document_text_are_not_made_links(text):
    shown = md_escape(text)
    for trigger in ("http:", "https:", "HTTP:", "www.", "www\\.", "@e"):
        assert trigger not in shown.replace("\\", ""), shown
    # the reader still sees the same characters (the joiner is invisible)
    assert shown.replace("\u2060", "").replace("\\", "") == text


def test_bidi_controls_are_removed_from_documents_questions_and_answers():
    evil = "项目\u202e费用\u2066x\u2069"
    assert "\u202e" not in clean_cell(evil) and "\u2066" not in clean_cell(evil)
    assert plain(evil) == "项目费用x" and "\u202e" not in md_escape(evil)


def test_csv_numbers_stay_numbers_and_formulas_are_neutralised():
    cells = ["-20.00", "1,234.50", "=1+1", "+SUM(A1)", "@x", "-2+3", "正常"]
    out = io.StringIO()
    csv.writer(out).writerow([csv_safe(c) for c in cells])
    row = next(csv.reader(io.StringIO(out.getvalue())))
    assert row[:2] == ["-20.00", "1,234.50"]
    assert row[2:6] == ["'=1+1", "'+SUM(A1)", "'@x", "'-2+3"]
    assert row[6] == "正常"
