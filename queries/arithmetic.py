"""The one arithmetic: sum, difference, share, compare, change over time — on amounts read from
the tables, never on figures quoted from the explanations (but last year's amount and a
change's rate worked back from one sentence that states this year's and the change:
queries/worked_back.py) — each with its phrasing.

Every route that computes (two amounts of one document, the parts of a compound question, two
named departments, two loaded years) reads its operands and hands them here; the headline
(`figures[0]`) is what was asked: the sum, the difference, the share, the larger (or smaller)
one, the change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from queries.answer import fmt_number, shown_amount
from queries.db import to_number

_CENT = Decimal("0.01")
TABLES = "按报表数计算"              # the basis said after a computed figure
EACH_TABLE = "按各自报表计算"        # … when the operands come from several documents


@dataclass(frozen=True)
class Operand:
    """One amount an operation works on, in `unit` (all operands of one operation share it)."""

    label: str
    value: Decimal
    unit: str
    side: str = ""                 # income | expense | basic | project: a share's natural base
    figure: dict = field(default_factory=dict, compare=False)   # as its own answer gave it

    def shown(self) -> str:
        return f"{fmt_number(self.value, self.unit)}{self.unit}"

    def as_figure(self) -> dict:
        return self.figure or _figure(self.label, self.value, self.unit)


@dataclass
class Outcome:
    """What an operation gives: the figures (the asked one first) and the sentence."""

    figures: list[dict]
    sentence: str


def _figure(label: str, value: Decimal, unit: str) -> dict:
    return {"label": label, "value": to_number(Decimal(value)), "unit": unit}


def _amount(value: Decimal, unit: str) -> str:
    """An amount worked out, as an answer shows one read (元 with 约…万元 beside it)."""
    return shown_amount(value, unit)


def listed(operands: list[Operand]) -> str:
    """"A 1.00万元，B 2.00万元": the operands as the sentence states them."""
    return "，".join(f"{o.label}{o.shown()}" for o in operands)


def combine(op: str, operands: list[Operand], *, said: str = "", basis: str = TABLES,
            label: str = "") -> Outcome | None:
    """Apply `op` (sum, difference, share, compare, compare_low, change, list) to the
    operands; `said` replaces the listing of the operands in the sentence (each department's
    own sentence), `label` names the computed figure. None when the operation does not apply
    (a share of zero, three operands of a difference, operands in different units)."""
    if not operands or len({o.unit for o in operands}) != 1:
        return None
    unit = operands[0].unit
    lead = said or listed(operands)
    heads = [o.as_figure() for o in operands]
    if op == "list":
        return Outcome(heads, f"{lead}。")
    if op == "sum":
        total = sum((o.value for o in operands), Decimal(0))
        label = label or "与".join(o.label for o in operands) + "合计"
        return Outcome([_figure(label, total, unit), *heads],
                       f"{lead}，{'两者' if len(operands) == 2 else ''}合计{_amount(total, unit)}"
                       f"（{basis}）。")
    if op in ("compare", "compare_low") and len(operands) > 2:
        # "货物、工程、服务哪类最多": the most (or least) of the listed, the others after it
        pick = max if op == "compare" else min
        top = pick(operands, key=lambda o: o.value)
        if sum(o.value == top.value for o in operands) > 1:
            return None                  # (a tie at the top names no one item)
        most = "最多" if op == "compare" else "最少"
        return Outcome([top.as_figure(), *(h for o, h in zip(operands, heads) if o is not top)],
                       f"{lead}，{top.label}{most}（{basis}）。")
    if len(operands) != 2:
        return None
    a, b = operands
    if op == "share":
        # a part larger than its whole is not inside it (another column or scope was read):
        # no share is given rather than one above 100%
        if not b.value or (a.value > b.value > 0):
            return None
        pct = (a.value / b.value * 100).quantize(_CENT)
        return Outcome([_figure(label or f"{a.label}占{b.label}的比例", pct, "%"), *heads],
                       f"{a.label}{a.shown()}，占{b.label}{b.shown()}的{pct}%（{basis}）。")
    diff = a.value - b.value
    gap = _figure(label or f"{a.label}与{b.label}之差", abs(diff), unit)
    if op in ("compare", "compare_low"):
        more = "多" if op == "compare" else "少"
        big = 0 if (a.value >= b.value) == (op == "compare") else 1    # the asked one leads
        word = "两者相同" if not diff else \
            f"{operands[big].label}{more}，{more}{_amount(abs(diff), unit)}"
        return Outcome([heads[big], heads[1 - big], gap], f"{lead}，{word}（{basis}）。")
    if op == "difference":
        word = f"前者比后者{'多' if diff > 0 else '少'}{_amount(abs(diff), unit)}" if diff \
            else "两者相同"
        return Outcome([gap, *heads], f"{lead}，{word}（{basis}）。")
    if op == "change":             # a: this year, b: the year before; `label` names the item
        name = label or a.label
        direction = "增加" if diff > 0 else "减少" if diff < 0 else "持平"
        figures = [_figure(f"{name}比上年{direction}" if diff else f"{name}与上年持平",
                           abs(diff), unit)]
        rate = ""
        if b.value and diff:
            pct = (abs(diff) / b.value * 100).quantize(_CENT)
            word = "增长" if diff > 0 else "下降"
            rate = f"，{word}{pct}%"
            figures.append(_figure(f"{name}比上年{word}", pct, "%"))
        change = f"{direction}{_amount(abs(diff), unit)}" if diff else "与上年持平"
        return Outcome([*figures, *heads], f"{lead}，比上年{change}{rate}（{basis}）。")
    return None
