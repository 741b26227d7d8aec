"""Colloquial recall: names suggested by shared words, as choices only (never a figure)."""

from __future__ import annotations

import pytest

from queries.recall import Recall


def test_suggests_names_that_share_a_content_word_best_first():
    recall = Recall(["公务用车购置费", "办公设备购置", "会议费"], ["", "", ""])
    assert recall.suggest("消防车购置费") == ["公务用车购置费", "办公设备购置"]


def test_function_words_alone_suggest_nothing():
    recall = Recall(["人员经费", "公用经费"], ["", ""])
    assert recall.suggest("火星探测经费") == []


def test_a_description_finds_its_project():
    recall = Recall(["甲项目", "乙项目"], ["采购无人机和救生艇", "办公场所租赁"])
    assert recall.suggest("无人机的钱") == ["甲项目"]


@pytest.mark.parametrize("question", ["消防车购置费", "森林防火的钱"])
def test_suggestions_are_choices_without_figures(engine, question):
    # nothing named as asked: the answerable names sharing its words are offered back, each
    # with its figure — the answer itself carries none
    ans = engine.ask(question)
    assert ans.status == "clarify" and not ans.figures
    assert ans.candidates and all(c["ask"] and c["amount"] for c in ans.candidates)
