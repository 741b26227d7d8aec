"""Every way a question is answered, one row each: its name, a pure match, the function that
answers, what it answers and the operations it performs. The answer's `intent` field is the
row's name, so a newcomer finds here which rule answered a question.

Two tables, tried in order (specificity: the first row whose answer passes the reading gate
wins):

ROUTES — over the loaded documents. `match(asked)` reads the question and which documents it
    names (queries/scope.py `Asked`); `answer(ctx, asked, **slots)`. First the questions that
    cannot be answered from any document (empty, not loaded), then those over several
    documents (across departments, between named departments), then “which document?”, then
    those over one department's years, then compound questions, and last `document`: the
    question asked of its one document through the INTENTS.

INTENTS — within one document. `match(q, key, kn)` reads the question and the document's
    name index only (no SQL, nothing written to the answer) and returns the slots the intent
    needs, or None; `answer(ctx, q, key, kn, ans, **slots)` returns an Answer or None (let the
    next row try). Order: a 科目 code, then the sheets and facts named by their own words, then
    arithmetic between table amounts, the explanations, project lists, one unit, indicators,
    one amount, and the recall routes (descriptions, quoted clauses) last.

Every answer passes the same reading gate (queries/pipeline.py, queries/reading.py): an
answer is kept only when it explains every content word of the question; operation words
count only for a row that performs that operation (`ops`).

Adding a question type: write `match_x` and `x` in the module of its kind, add one row here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from queries.intents import (
    amounts,
    arithmetic,
    compare,
    compound,
    either,
    corpus,
    execution,
    facts,
    projects,
    purpose,
    ranking,
    several,
    yes_no,
)

Slots = dict[str, Any]


@dataclass(frozen=True)
class Intent:
    name: str
    match: Callable[..., Slots | None]
    answer: Callable[..., Any]
    answers: str
    # the operations it performs (queries/reading.py OPERATION_OF): their words are understood
    # only when this row answers
    ops: frozenset[str] = frozenset()
    # a route's answer is read against the question by the gate; rows that only decline or
    # ask which document (no figure) and rows whose parts were each gated already are not
    gated: bool = True


@dataclass(frozen=True)
class Plan:
    """A row that matched, with the slots its match read from the question."""

    intent: Intent
    slots: Slots


_COUNT = frozenset({"count"})
_RANK = frozenset({"rank", "compare"})
_CHANGE = frozenset({"change", "difference"})
_PURPOSE = frozenset({"purpose"})

ROUTES: tuple[Intent, ...] = (
    Intent("scope:empty", corpus.match_empty, corpus.empty,
           "a question with nothing to read", gated=False),
    Intent("scope:no_documents", corpus.match_no_documents, corpus.no_documents,
           "no document is loaded", gated=False),
    Intent("scope:unknown_department", corpus.match_unknown_department,
           corpus.unknown_department, "a department that is not loaded", gated=False),
    Intent("scope:other_year", corpus.match_other_year, corpus.other_year,
           "明年 / 去年 / 前年 when that year is not loaded", gated=False),
    Intent("scope:unknown_year", corpus.match_unknown_year, corpus.unknown_year,
           "a year that is not loaded", gated=False),
    Intent("across", compare.match_across, compare.across_route,
           "one figure over every loaded department: 哪个部门…最多 / 各部门…", _RANK),
    Intent("between", compare.match_between, compare.between_route,
           "two named departments, each from its own document: A比B多多少 / A和B的…",
           gated=False),
    Intent("years", compare.match_years, compare.years_route,
           "one department over several loaded years: 分别 / 哪一年最多 / 加起来 / 比2017年",
           gated=False),
    Intent("execution", execution.match_execution, execution.execution_route,
           "执行率 / 决算比预算多少: a 决算's 预算数 and 决算数 columns, or its 部门预算 beside it",
           frozenset({"share", "difference", "reason", "compare"})),
    Intent("scope:which_document", corpus.match_which_document, corpus.which_document,
           "several documents fit and none is selected: ask which", gated=False),
    Intent("items_changed", compare.match_items_changed, compare.items_changed,
           "哪些项目比上年增加了: projects of two loaded years paired by name, the change",
           frozenset({"change", "difference", "count"})),
    Intent("year_over_year", compare.match_year_over_year, compare.year_over_year_route,
           "比上年增加多少 from two loaded years' tables", _CHANGE),
    Intent("several", several.match_several, several.several,
           "several questions in one message (X有多少？比去年少了多少？), each answered in order",
           gated=False),
    Intent("yes_no", yes_no.match_yes_no, yes_no.yes_no,
           "有没有 / 是否 / 有…吗: the figure asked without them, led by 有 or 没有 (有没有变化:"
           " the change)", _CHANGE),
    Intent("compound", compound.match_compound, compound.compound_route,
           "several parts: 分别 / 一共 / 比 / 占 / 哪个多, each part gated", gated=False),
    Intent("document", corpus.match_document, corpus.document,
           "the question asked of its one document (INTENTS below)", gated=False),
)

INTENTS: tuple[Intent, ...] = (
    Intent("code", amounts.match_code, amounts.by_code,
           "a 科目 named by its code (2240101, 224), by column"),
    Intent("glossary", facts.match_glossary, facts.glossary,
           "a 名词解释 term, or the list of terms", _COUNT | _PURPOSE),
    Intent("dept_sheet", facts.match_dept_sheet, facts.dept_sheet,
           "the department's overall performance sheet", _COUNT | _PURPOSE),
    Intent("dept_fact", facts.match_dept_fact, facts.dept_fact,
           "staffing and other counts of the department sheet", _COUNT),
    Intent("organisation", facts.match_org, facts.org,
           "duties, internal offices, affiliated units", _COUNT | _PURPOSE),
    Intent("services", facts.match_services, facts.services,
           "the government services purchase catalogue", _COUNT),
    Intent("assets", facts.match_assets, facts.assets,
           "vehicles, floor space and other assets", _COUNT),
    Intent("difference", arithmetic.match_difference, arithmetic.difference,
           "A 比 B 多多少 between two table amounts", frozenset({"difference"})),
    Intent("sum", arithmetic.match_sum, arithmetic.sum_of, "A 和 B 一共 of two table amounts"),
    Intent("share", arithmetic.match_share, arithmetic.share,
           "a share of a table amount in its natural total", frozenset({"share"})),
    Intent("narrative", facts.match_narrative, facts.narrative,
           "changes, reasons, purchases from the explanations",
           frozenset({"count", "change", "reason", "difference", "share"})),
    Intent("ranking", ranking.match_ranking, ranking.ranking,
           "哪一大类 / 哪个具体科目 / X里哪一项 … 最多 / 最少 / 前三: a group's items by amount",
           frozenset({"rank", "count"})),
    Intent("project_list", projects.match_project_list, projects.project_lists,
           "lists, rankings, filters of projects and units",
           frozenset({"count", "rank", "filter"})),
    Intent("unit_overview", projects.match_unit_overview, projects.unit_overview,
           "what the tables give for one unit", _COUNT),
    Intent("indicator", projects.match_indicator, projects.perf,
           "a project's performance indicator or sheet field", _COUNT | _PURPOSE),
    Intent("indicator_search", projects.match_indicator_search, projects.indicator_search,
           "an indicator asked without its project, found across the sheets", _COUNT),
    Intent("purpose", purpose.match_purpose, purpose.purpose,
           "用途 / 干什么用的: the clause of the explanations that says what an item is for",
           _PURPOSE),
    Intent("either", either.match_either, either.either,
           "a word for several items at once (发工资, 离退休): asked back with each figure"),
    Intent("amount", amounts.match_amount, amounts.amount,
           "one amount: total, 科目, economic item, 三公, project, table"),
    Intent("by_use", purpose.match_by_use, purpose.by_use,
           "an item asked by what its 用于 clause says it is for (请中介机构做审计花了多少)"),
    Intent("describe", projects.match_describe, projects.describe,
           "projects found by words in their performance sheets", _COUNT | _PURPOSE),
    Intent("narrative_fact", facts.match_narrative_fact, facts.narrative_fact,
           "a clause of the explanations that states it (a count, a share)",
           frozenset({"count", "share"})),
)


def _matching(rows: tuple[Intent, ...], *question: Any) -> Iterator[Plan]:
    for intent in rows:
        slots = intent.match(*question)
        if slots is not None:
            yield Plan(intent, slots)


def routes(asked: Any) -> Iterator[Plan]:
    """The routes the question takes over the loaded documents, in order (no SQL is run)."""
    return _matching(ROUTES, asked)


def plans(q: Any, key: str, kn: Any) -> Iterator[Plan]:
    """The intents the question asks of one document, in order, each with its slots (no SQL
    is run). Lazy: the pipeline stops matching once an answer explains the whole question."""
    return _matching(INTENTS, q, key, kn)
