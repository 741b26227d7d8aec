"""The intents, one row each: its name, a pure match, the Engine method that answers, what it
answers and the operations it performs.

`match(q, key, kn)` reads the question and the document's name index only (no SQL, nothing
written to the answer) and returns the slots the intent needs, or None when the question does
not ask it. The engine keeps the intents that match, in this order (specificity), calls each
one's method with its slots, and keeps the first answer whose reading explains every content
word of the question (queries/reading.py); an answer that leaves a word unexplained is set
aside, and if no intent explains the whole question the engine declines with what it
understood. A newcomer finds here which rule answered a question (the answer's `intent` field
is the row's name).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from queries.intents import amounts, arithmetic, facts, projects

Match = Callable[..., "dict[str, Any] | None"]


@dataclass(frozen=True)
class Intent:
    name: str
    match: Match
    method: str
    answers: str
    # the operations it performs (queries/reading.py OPERATION_OF): their words are understood
    # only when this intent answers
    ops: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Plan:
    """An intent that matched, with the slots its match read from the question."""

    intent: Intent
    slots: dict[str, Any]


_COUNT = frozenset({"count"})

INTENTS: tuple[Intent, ...] = (
    Intent("code", amounts.match_code, "_by_code",
           "a 科目 named by its code (2240101, 224), by column"),
    Intent("glossary", facts.match_glossary, "_glossary",
           "a 名词解释 term, or the list of terms", _COUNT),
    Intent("dept_sheet", facts.match_dept_sheet, "_dept_sheet",
           "the department's overall performance sheet", _COUNT),
    Intent("dept_fact", facts.match_dept_fact, "_dept_fact",
           "staffing and other counts of the department sheet", _COUNT),
    Intent("organisation", facts.match_org, "_org",
           "duties, internal offices, affiliated units", _COUNT),
    Intent("services", facts.match_services, "_services",
           "the government services purchase catalogue", _COUNT),
    Intent("assets", facts.match_assets, "_assets",
           "vehicles, floor space and other assets", _COUNT),
    Intent("difference", arithmetic.match_difference, "_difference",
           "A 比 B 多多少 between two table amounts", frozenset({"difference"})),
    Intent("sum", arithmetic.match_sum, "_sum", "A 和 B 一共 of two table amounts"),
    Intent("share", arithmetic.match_share, "_share",
           "a share of a table amount in its natural total", frozenset({"share"})),
    Intent("narrative", facts.match_narrative, "_narrative",
           "changes, reasons, purchases from the explanations",
           frozenset({"count", "change", "reason", "difference", "share"})),
    Intent("project_list", projects.match_project_list, "_project_lists",
           "lists, rankings, filters of projects and units",
           frozenset({"count", "rank", "filter"})),
    Intent("unit_overview", projects.match_unit_overview, "_unit_overview",
           "what the tables give for one unit", _COUNT),
    Intent("indicator", projects.match_indicator, "_perf",
           "a project's performance indicator or sheet field", _COUNT),
    Intent("indicator_search", projects.match_indicator_search, "_indicator_search",
           "an indicator asked without its project, found across the sheets", _COUNT),
    Intent("amount", amounts.match_amount, "_amount",
           "one amount: total, 科目, economic item, 三公, project, table"),
    Intent("describe", projects.match_describe, "_describe",
           "projects found by words in their performance sheets", _COUNT),
    Intent("narrative_fact", facts.match_narrative_fact, "_narrative_fact",
           "a clause of the explanations that states it (a count, a share)",
           frozenset({"count", "share"})),
)


def plans(q: Any, key: str, kn: Any) -> Iterator[Plan]:
    """The intents the question asks, in order, each with its slots (no SQL is run). Lazy: the
    engine stops matching once an answer explains the whole question."""
    for intent in INTENTS:
        slots = intent.match(q, key, kn)
        if slots is not None:
            yield Plan(intent, slots)
