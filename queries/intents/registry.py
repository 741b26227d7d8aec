"""The intents, one row each: name, the Engine method that answers, and what it answers.

Order is specificity: the engine tries the rows in this order and keeps the first answer whose
reading explains every content word of the question (queries/reading.py); an answer that leaves
a word unexplained is set aside, and if no row explains the whole question the engine declines
with what it understood. A newcomer finds here which rule answered a question (the answer's
`intent` field is the row's name).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Intent:
    name: str
    method: str
    answers: str
    # the operations it performs (queries/reading.py OPERATION_OF): their words are understood
    # only when this intent answers
    ops: frozenset[str] = frozenset()


INTENTS: tuple[Intent, ...] = (
    Intent("code", "_by_code", "a 科目 named by its code (2240101, 224), by column"),
    Intent("glossary", "_glossary", "a 名词解释 term, or the list of terms",
           frozenset({"count"})),
    Intent("dept_sheet", "_dept_sheet", "the department's overall performance sheet",
           frozenset({"count"})),
    Intent("dept_fact", "_dept_fact", "staffing and other counts of the department sheet",
           frozenset({"count"})),
    Intent("organisation", "_org", "duties, internal offices, affiliated units",
           frozenset({"count"})),
    Intent("services", "_services", "the government services purchase catalogue",
           frozenset({"count"})),
    Intent("assets", "_assets", "vehicles, floor space and other assets",
           frozenset({"count"})),
    Intent("difference", "_difference", "A 比 B 多多少 between two table amounts",
           frozenset({"difference"})),
    Intent("sum", "_sum", "A 和 B 一共 of two table amounts"),
    Intent("share", "_share", "a share of a table amount in its natural total",
           frozenset({"share"})),
    Intent("narrative", "_narrative", "changes, reasons, purchases from the explanations",
           frozenset({"count", "change", "reason", "difference"})),
    Intent("project_list", "_project_lists", "lists, rankings, filters of projects and units",
           frozenset({"count", "rank", "filter"})),
    Intent("unit_overview", "_unit_overview", "what the tables give for one unit",
           frozenset({"count"})),
    Intent("indicator", "_perf", "a project's performance indicator or sheet field",
           frozenset({"count"})),
    Intent("indicator_search", "_indicator_search",
           "an indicator asked without its project, found across the sheets",
           frozenset({"count"})),
    Intent("amount", "_amount", "one amount: total, 科目, economic item, 三公, project, table"),
    Intent("describe", "_describe", "projects found by words in their performance sheets",
           frozenset({"count"})),
    Intent("narrative_fact", "_narrative_fact", "a clause of the explanations that states it",
           frozenset({"count"})),
)
