"""Which source cells the answer card marks, and how a quoted passage is shown."""

from __future__ import annotations

from ui.format import change_direction, once
from ui.sources import headed, marked_cells, quote_html

ROWS = [{"table": "表一", "line": 135, "cells": ["收入总计", "100.00", "支出总计", "100.00"]},
        {"table": "表一", "line": 133, "cells": ["本年收入合计", "80.00", "本年支出合计", "100.00"]},
        {"table": "表一", "line": 134, "cells": ["上年结转", "20.00", "年终结转", ""]}]


def _answer(*figures):
    return {"figures": list(figures), "rows": ROWS}


def test_the_engines_cells_are_marked_as_given():
    fig = {"label": "x", "value": 100.0, "unit": "万元", "row": 1, "cells": [[1, 3], [0, 1]]}
    assert marked_cells(_answer(fig)) == {(1, 3), (0, 1)}


def test_the_engines_row_is_kept_even_when_another_row_prints_the_amount_first():
    fig = {"label": "本年支出合计", "value": 100.0, "unit": "万元", "row": 1}
    assert marked_cells(_answer(fig)) == {(1, 3)}


def test_without_the_engines_word_the_row_named_by_the_label_wins():
    assert marked_cells(_answer({"label": "本年支出合计", "value": 100.0, "unit": "万元"})) \
        == {(1, 3)}
    assert marked_cells(_answer({"label": "收入总计", "value": 100.0, "unit": "万元"})) \
        == {(0, 1)}
    # 支出总计 is printed after 收入总计's amount: the amount after the name
    assert marked_cells(_answer({"label": "支出总计", "value": 100.0, "unit": "万元"})) \
        == {(0, 3)}


def test_a_sum_marks_each_of_its_parts():
    total = {"label": "合计", "value": 100.0, "unit": "万元"}
    parts = [{"label": "本年收入合计", "value": 80.0, "unit": "万元"},
             {"label": "上年结转", "value": 20.0, "unit": "万元"}]
    ans = {"figures": [dict(total, value=100.0)] + parts, "rows": ROWS[1:]}
    assert marked_cells(ans) == {(0, 1), (1, 1)}
    # parts that do not add up: the cell that prints the amount, if any
    ans["figures"][0]["value"] = 99.0
    assert marked_cells(ans) == set()


def test_amount_columns_carry_the_unit_name_columns_do_not():
    assert headed(["项目·科目编码", "项目·科目名称", "本年收入·合计", "项目支出", "单位名称"],
                  [], "万元") == ["项目·科目编码", "项目·科目名称", "本年收入·合计（万元）",
                                  "项目支出（万元）", "单位名称"]


REASON = "主要原因是上年收入包含一次性的补助资金和上年结转项目"


def test_a_reason_printed_twice_is_read_once_and_marked_in_the_quote():
    text = f"收入总计100万元，比上年减少5万元，{REASON}。支出总计100万元，比上年减少5万元，{REASON}。"
    shown = once(text + "（说明，第1行）")
    assert shown.count(REASON) == 1 and "主要原因同上" in shown
    html = quote_html("说明", [{"line": 1, "cells": [text]}], text + "（说明，第1行）")
    assert html.count(REASON) == 1 and html.count("<mark>") == 2
    assert "<mark>收入总计100万元" in html


def test_the_direction_of_a_change_comes_from_its_sign_or_its_sentence():
    assert change_direction({"value": -5.0}, "") == "减少"
    assert change_direction({"value": 16.5}, "比上年减少16.50万元") == "减少"
    assert change_direction({"value": 24.09}, "增加24.09万元，增长2.37%") == "增加"
    assert change_direction({"value": 3.0}, "比上年减少5万元") is None


def test_a_change_headline_says_direction_and_rate_from_the_engine_or_its_sentence():
    from ui.chat import headline
    new = {"status": "answered", "answer": "", "figures": [
        {"label": "比上年减少", "value": 5.5, "unit": "万元"},
        {"label": "比上年下降", "value": 3.25, "unit": "%"}]}
    assert headline(new) == ("比上年减少", "5.50 万元，下降 3.25 %")
    old = {"status": "answered", "answer": "比上年增加5.50万元，增长3.25%", "figures": [
        {"label": "比上年增减", "value": 5.5, "unit": "万元"},
        {"label": "比上年增减幅度", "value": 3.25, "unit": "%"}]}
    assert headline(old) == ("比上年增加", "5.50 万元，增长 3.25 %")
