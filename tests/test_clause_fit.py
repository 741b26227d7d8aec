"""How much of a question a clause of the explanations says (queries/intents/facts.py)."""

from __future__ import annotations

from queries.intents.facts import _fit_any_order
from queries.thresholds import CLAUSE_FIT


def test_a_clause_saying_the_topic_in_the_other_order_fits():
    assert _fit_any_order("有项目编报绩效目标", "本单位编报绩效目标的项目共11个") >= CLAUSE_FIT
    # … but a clause saying little of it stays short, in either order
    assert _fit_any_order("有项目编报绩效目标", "本单位项目支出共11个") < CLAUSE_FIT
