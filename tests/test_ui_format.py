"""The one escaping helper and the CSV guard (OWASP CSV injection)."""

from __future__ import annotations

import re

import pytest

from ui.format import csv_safe, md_escape


@pytest.mark.parametrize("cell,expected", [
    ('=HYPERLINK("http://x","点我")', '\'=HYPERLINK("http://x","点我")'),
    ("+1+1", "'+1+1"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"), ("\t=1", "'\t=1"),
    ("办公费", "办公费"), (334.94, 334.94), ("", ""),
])
def test_csv_cells_a_spreadsheet_would_run_are_neutralised(cell, expected):
    assert csv_safe(cell) == expected


@pytest.mark.parametrize("text", ["[点我](http://evil)", "![图](http://x/a.png)", "**粗体**",
                                  "<img src=x onerror=alert(1)>", "名称\u202e反转"])
def test_document_text_is_literal_and_without_bidi_controls(text):
    shown = md_escape(text)
    # every Markdown or HTML character is escaped with a backslash: shown, never interpreted
    assert not re.search(r"(?<!\\)(\]\(|\*\*|<img)", shown), shown
    assert "\u202e" not in shown
