"""When two sources disagree: a change computed from two loaded years' tables beside the
document's own 比上年 sentence for the same item.

A department's explanation compares this year with the previous year's figure as *this*
document prints it, which may be restated (a reorganisation, a moved 科目, a previous year
counted on another basis); the two loaded documents give the difference between the two
published budgets. A journalist comparing two published budgets asks the second — it is the
headline, computed by queries/arithmetic.py from table amounts — and needs to know when the
department says otherwise: the document's own figure follows, named as the document's
statement, with both figures and which is which. When they agree the answer says so.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from queries.answer import AMOUNT_UNITS, Answer, convert, fmt_number
from queries.context import Context
from queries.scope import Doc
from queries.vocab import FALL, RISE, SAME

# the intents that answer a change from the document's explanations (a quoted clause)
_QUOTING = frozenset({"narrative", "narrative_fact"})
_CENT = Decimal("0.01")


def _states(said: Answer, amount: Decimal) -> bool:
    """Whether the quoted clause or its paragraph states this year's amount of the item: then
    its 比上年 is about the same item ("参公单位机关运行经费…增加" is not the department's)."""
    text = said.answer + "".join(str(c) for r in said.rows for c in (r.get("cells") or []))
    text = text.replace(",", "")
    return f"{Decimal(amount).quantize(_CENT)}" in text


def stated_change(ctx: Context, q, key: str, doc: Doc, now: Decimal, diff: Decimal,
                  unit: str, ans: Answer) -> str:
    """The sentence to add after a change computed from two loaded documents (`now`: this
    year's amount, `diff`: this year minus the previous one, both in `unit`): agreement with
    the document's own 比上年 sentence, or the document's figure beside it (added as a
    figure, its clause cited); empty when the document states no such change of this item."""
    said = ctx.answer_in(q, key, doc)
    if said.status != "answered" or said.intent not in _QUOTING or not said.figures or \
            not _states(said.typed(), now):
        return ""
    head = said.figures[0]
    label = str(head.get("label", ""))
    if head.get("unit") not in AMOUNT_UNITS:
        return ""
    sign = 0 if SAME.search(label) else 1 if RISE.search(label) else -1 if FALL.search(label) \
        else None
    if sign is None:
        return ""
    value = convert(Decimal(str(head["value"])), head["unit"], unit)[0]
    stated = (value * sign).quantize(_CENT)
    quote = said.answer.rstrip("。")
    if stated == Decimal(diff).quantize(_CENT):
        return f"与{doc.label}说明中所写一致：“{quote}”。"
    move = ans.adopt(said, lambda t: f"{doc.year}年 · {t}")     # as the route cites its years
    ans.figures.append(replace(move(head), label=f"{doc.label}说明所写：{label}"))
    shown = f"{fmt_number(abs(value), unit)}{unit}"
    return (f"两个来源不一致：上面的数字是两份已载入文档的报表数之差；{doc.label}自己的说明写的是"
            f"“{quote}”（{label}{'' if not sign else shown}）。说明是按本年文档所列的上年数比较的，"
            f"上年数可能经过调整（口径、机构或科目变化），与上年文档公布的数不同。")
