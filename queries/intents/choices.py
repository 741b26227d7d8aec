"""Choices offered back with their figures: each name asked of the document as a question of
its own, its headline figure shown beside it (a choice to click, never the answer's figure).

A name asked to show its figure offers no choices itself (the asking is not nested).
"""

from __future__ import annotations

from contextvars import ContextVar
from decimal import Decimal
from typing import Any

from queries.answer import Candidate, fmt_number
from queries.context import Context
from queries.knowledge import Knowledge
from queries.normalize import Question, match_key
from queries.vocab import LEX

_ASKING: ContextVar[bool] = ContextVar("asking_choices", default=False)


def nested() -> bool:
    """Whether a choice is being asked for its figure (then offer none)."""
    return _ASKING.get()


def with_figures(ctx: Context, q: Question, kn: Knowledge, names: list[str],
                 answerable_only: bool = False) -> list[Candidate]:
    """Each name as a choice with its figure (the unit its document prints); a name the
    document gives no figure for is left out when `answerable_only`, else offered bare."""
    doc = ctx.doc(kn.doc_id)
    if _ASKING.get() or doc is None:
        return [] if answerable_only else [Candidate(n, "", n) for n in names]
    token = _ASKING.set(True)
    try:
        parts = [(n, ctx.answer_in(q, match_key(n), doc)) for n in names]
    finally:
        _ASKING.reset(token)
    out = []
    for name, part in parts:
        if part.status == "answered" and part.figures:
            head = part.figures[0]
            amount = f"{fmt_number(Decimal(str(head['value'])), head['unit'])}{head['unit']}"
            out.append(Candidate(name, "", name, amount=amount))
        elif not answerable_only:
            out.append(Candidate(name, "", name))
    return out


def listed(candidates: list[Candidate]) -> str:
    """"A（figure）、B（figure）" for the sentence that asks."""
    return "、".join(f"{c.name}（{c.amount}）" if c.amount else c.name for c in candidates)


def one_figure(candidates: list[Candidate], of: int = 0) -> bool:
    """Two or more choices that all print the same figure: whichever was meant, the figure is
    that one (收入总计 and 支出总计 of a balanced budget) — never when they are the first few
    of `of` names (the others may print another: "支出" is 外交支出 0 and 本年支出合计)."""
    amounts = {c.amount for c in candidates}
    return len(candidates) > 1 and len(amounts) == 1 and "" not in amounts and \
        of <= len(candidates)


def answered_once(ctx: Context, q: Question, kn: Knowledge, candidates: list[Candidate],
                  said: str) -> Any:
    """The first choice answered, any others named as printing the same figure."""
    doc = ctx.doc(kn.doc_id)
    part = ctx.answer_in(q, match_key(candidates[0].name), doc)
    if candidates[1:]:
        part.answer += LEX["phrasing"]["same_figure"].format(
            names="、".join(c.name for c in candidates[1:]), amount=candidates[0].amount)
    part.explain(said, *(c.name for c in candidates))
    return part

