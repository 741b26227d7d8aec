"""Arithmetic on table figures: shares (占比), differences (比…多多少) and sums (A和B合计).

Each operand is resolved like any amount question and cited; the result says it was computed
from the tables. When an operand cannot be resolved the handler steps aside: no figure is
ever made up from a partial match.
"""

from __future__ import annotations

import re
from decimal import Decimal

from catalog.formats import AMOUNT_KEY_LABELS, format_named
from queries import arithmetic
from queries.answer import Answer, Figure, SourceRow, convert, prose_label
from queries.context import Context
from queries.intents import amounts
from queries.intents.values import entity_value
from queries.knowledge import Knowledge
from queries.normalize import Question, match_key
from queries.reading import names_nothing
from queries.thresholds import STATED_GAP
from queries.vocab import (
    CHANGE,
    FALL,
    RISE,
    NAMELESS,
    SPENDING_COLUMNS,
    DIFFERENCE_SIDES,
    LEX,
    PREVIOUS_YEAR,
    SHARE,
    SHARE_OF_SIDES,
    alt,
    strip_generic,
    words_re,
)

_OPS = LEX["operations"]
_SHARE_IN = re.compile(rf"^(.+?)(?:{alt(_OPS['scope_markers'] + _OPS['within'])})的?(.+?)的?"
                       rf"(?:{alt(_OPS['share_words'] + [_OPS['share_marker']])})")
_SHARE_AT = re.compile(rf"^(.+?){re.escape(_OPS['share_at'])}(.+?)(?:"
                       rf"{alt(_OPS['scope_markers'] + _OPS['within'])})[^{_OPS['share_marker']}]*"
                       rf"{re.escape(_OPS['share_marker'])}")
_SUM_JOIN = alt(_OPS["sum_joiners"])
_SUM = re.compile(rf"^(.+?)(?:{_SUM_JOIN})(.+?)(?:{alt(_OPS['sum'])})")
_SUM_TAIL = re.compile(rf"(?:{alt(_OPS['sum'])}).*$")
_SHARE_TAIL = re.compile(rf"的?(?:{alt(_OPS['share_words'])}).*$")
_CENT = Decimal("0.01")
_STATED_GAP = STATED_GAP


def Operand(label: str, value: Decimal, side: str) -> arithmetic.Operand:   # noqa: N802
    """A table amount (万元, as stored) as an operand."""
    return arithmetic.Operand(label, value, "万元", side)


def _computed(ctx: Context, op: str, operands: list[arithmetic.Operand], q: Question,
              ans: Answer, keep: int = 0) -> Answer | None:
    """The one arithmetic on amounts of this document, in the unit the question asks; `keep`
    figures of the result (a share headlines only its percentage)."""
    shown = [arithmetic.Operand(o.label, convert(o.value, o.unit, q.unit)[0], q.unit, o.side)
             for o in operands]
    outcome = arithmetic.combine(op, shown)
    if outcome is None:
        return None
    ans.figures += outcome.figures[:keep] if keep else outcome.figures
    return ctx.done(ans, "answered", outcome.sentence)


def value_of(ctx: Context, probe: str, kn: Knowledge, ans: Answer) -> Operand | None:
    """One figure named by `probe`, cited; None unless a single entity gives it."""
    hits, _, base = amounts.amount_hits(ctx.with_synonyms(probe, kn), kn)
    if not hits:
        return None
    _, ent = amounts.best_hit(hits, base)
    value, side = entity_value(ctx, ent, kn, ans)
    return None if value is None else Operand(ent.name, value, side)


def natural_base(ctx: Context, part: Operand, kn: Knowledge, ans: Answer) -> Operand | None:
    """What a share is of when the question does not say: the matching table total."""
    if part.side == "income":
        return value_of(ctx, format_named(kn.format).income_share_base, kn, ans)
    if part.side == "basic":
        return econ_total(ctx, kn, ans)
    if part.side == "project":
        return value_of(ctx, "项目支出", kn, ans)
    rows = ctx.query(ans, "table_total", kn, table_kind="expense")
    value = next((r["value"] for r in rows if r["col_key"] == "total"), None)
    return None if value is None else Operand("支出合计", value, "expense")


def econ_total(ctx: Context, kn: Knowledge, ans: Answer) -> Operand | None:
    rows = ctx.query(ans, "table_total", kn, table_kind="gpb_basic_econ")
    value = next((r["value"] for r in rows if r["col_key"] == "total"), None)
    return None if value is None else Operand("一般公共预算基本支出", value, "basic")


# a base said only as a side of the accounts ("收入里…占多少") is that side's natural total
_WHOLE_SIDES = frozenset(LEX["names"]["whole_sides"])


def share(ctx: Context, q: Question, key: str, kn: Knowledge, ans: Answer, *,
           part_text: str, base_text: str) -> Answer | None:
    part = value_of(ctx, part_text, kn, ans)
    if part is None or (not base_text and kn.is_total(match_key(part.label))):
        return None     # "占全部支出的比例" names the whole, not a part of it
    if strip_generic(base_text) in _WHOLE_SIDES:
        ans.explain(base_text)
        base_text = ""           # "收入里财政拨款占多少": the natural total of that side
    if not base_text:
        # the share the document itself states for it ("…（类）2106.66万元，占71.73%") is
        # the one a reader checks against: it comes before a computed one (when it states
        # the part's table amount: a clause of another fund shares another base)
        stated = stated_share(ctx, part.label, kn, ans, part.value)
        if stated is not None:
            return stated
    base = value_of(ctx, base_text, kn, ans) if base_text else \
        natural_base(ctx, part, kn, ans)
    if base_text and base is not None and kn.is_total(match_key(base.label)):
        # (of a whole said in words, "占全部支出百分之几": the share the document states
        # first too — its own base is the one it printed the share against)
        stated = stated_share(ctx, part.label, kn, ans, part.value)
        if stated is not None:
            return stated
    if base is None and base_text:
        # "占一般公共预算当年支出多大比重": a base no one row gives — the share the document
        # states for the part, when it states one
        return stated_share(ctx, part.label, kn, ans)
    if base is not None and part.side == "basic" and base.label == AMOUNT_KEY_LABELS["basic"]:
        base = econ_total(ctx, kn, ans)   # 人员经费/公用经费 are parts of the 一般公共预算 basic
    column = next((k for k in SPENDING_COLUMNS if base is not None and
                   base.label == AMOUNT_KEY_LABELS[k]), "")
    if column and part.side != column:
        return None      # "城管执法占项目支出的百分之几": its own 项目支出 is asked, not its whole
    if base is None or not base.value or base.label == part.label:
        return None
    return _computed(ctx, "share", [part, base], q, ans, keep=1)


def stated_share(ctx: Context, label: str, kn: Knowledge, ans: Answer,
                 amount: float | None = None) -> Answer | None:
    """"<label>…占N%" in one clause of the explanations, quoted with its line — with
    `amount`, only a clause stating the part's table amount (one that states another, of
    another fund, shares another base)."""
    said = re.compile(rf"{re.escape(label)}[^。；%]{{0,{_STATED_GAP}}}?"
                      rf"{_OPS['share_marker']}(\d+(?:\.\d+)?)%")
    for p in kn.paragraphs:
        m = said.search(p["text"])
        if p["kind"] != "paragraph" or not m:
            continue
        if amount is not None and not any(a in m.group(0).replace(",", "")
                                          for a in _amount_forms(amount)):
            continue
        row = ctx.query(ans, "paragraph", kn, cite=False, line=p["line"])[0]
        ans.rows.append(SourceRow(prose_label(row), row["line"],
                         [row["text"]]))
        ans.figures.append(Figure(f"{label}所占比例（文档所列）", float(m.group(1)), "%"))
        return ctx.done(ans, "answered", f"{m.group(0)}（文档原文，{row['section'] or row['part']}，"
                                           f"第{row['line']}行）。")
    return None


def _amount_forms(amount: float) -> tuple[str, ...]:
    """An amount as the explanations may print it ("2106.66", "21968", "5011.4")."""
    fixed = f"{float(amount):.2f}"
    return (fixed, fixed.rstrip("0").rstrip("."))


def difference(ctx: Context, q: Question, key: str, kn: Knowledge, ans: Answer, *,
                sides: tuple[str, str]) -> Answer | None:
    """项目支出比基本支出多多少: two amounts from the tables and their difference."""
    first, second = value_of(ctx, sides[0], kn, ans), value_of(ctx, sides[1], kn, ans)
    if first is None or second is None or first.label == second.label:
        return None
    # the difference is what was asked: it leads, the two amounts follow
    return _computed(ctx, "difference", [first, second], q, ans)


def sum_of(ctx: Context, q: Question, key: str, kn: Knowledge, ans: Answer) -> Answer | None:
    """行政运行和事业运行一共多少: two named amounts added (names may contain 和)."""
    probe = _SUM_TAIL.sub("", key)
    named = strip_generic(probe)
    whole = amounts.amount_hits(named, kn)[0]
    if whole and whole[0].key == named:
        return None                      # "社会保障和就业支出合计" names one thing
    inside = [(at, at + len(n)) for n in kn.names_with_conjunction
              for at in (m.start() for m in re.finditer(re.escape(n), probe))]
    for m in re.finditer(_SUM_JOIN, probe):
        left, right = strip_generic(probe[: m.start()]), strip_generic(probe[m.end():])
        if not left or not right or names_nothing(right) or \
                any(a < m.start() < b for a, b in inside):
            continue         # "…加上上年结转": a column of the left name, not an operand
            # (nor the 及 of a name: 公务用车购置及运行费)
        first, second = value_of(ctx, left, kn, ans), value_of(ctx, right, kn, ans)
        if first is None or second is None or first.label == second.label:
            continue
        return _computed(ctx, "sum", [first, second], q, ans)
    ans.sql.clear()
    ans.rows.clear()
    return None


# ------------------------------------------------------------ matching (no SQL)


def match_share(q: Question, key: str, kn: Knowledge) -> dict | None:
    if not SHARE.search(key) and _OPS["share_marker"] not in key:
        return None
    if (CHANGE.search(key) or RISE.search(key) or FALL.search(key)) and \
            not _SHARE_SAID.search(key):
        return None       # "项目支出少了百分之几": the rate it fell by, never its share
    probe = strip_generic(key)
    m_of, m_in = SHARE_OF_SIDES.match(probe), _SHARE_IN.match(probe)
    m_at = _SHARE_AT.match(probe)
    if m_at:                       # "X在Y里占": X within Y
        return {"part_text": m_at.group(1), "base_text": m_at.group(2)}
    if m_in:                       # "Y里X占": X within Y
        return {"part_text": m_in.group(2), "base_text": m_in.group(1)}
    if m_of and not NAMELESS.sub("", SHARE.sub("", m_of.group(2))):
        # "X占了多大比例": the rest only asks — the natural total
        return {"part_text": m_of.group(1), "base_text": ""}
    if m_of:                       # "X占Y": Y the base
        return {"part_text": m_of.group(1), "base_text": m_of.group(2)}
    if SHARE.search(probe):        # "X占比": the natural total
        return {"part_text": _SHARE_TAIL.sub("", probe), "base_text": ""}
    marker = probe.find(_OPS["share_marker"])
    if SHARE.search(key) and marker > 0 and not probe[marker + 1:]:
        return {"part_text": probe[:marker], "base_text": ""}     # "X占多少": the natural total
    # the question words may close the shape ("X占Y的多少", "…的百分之多少")
    m_of = SHARE_OF_SIDES.match(key)
    base = strip_generic(m_of.group(2)) if m_of else ""
    if base and base not in _OPS["share_of"] and not SHARE.search(base):
        return {"part_text": strip_generic(m_of.group(1)), "base_text": base}
    return None


# a word of a share (占, 比例, 比重): a change said without one asks its own rate
_SHARE_SAID = words_re([_OPS["share_marker"], *LEX["operations"]["share_nouns"]])


def match_difference(q: Question, key: str, kn: Knowledge) -> dict | None:
    m = DIFFERENCE_SIDES.match(strip_generic(key))
    if not m or PREVIOUS_YEAR.match(m.group(2)):
        return None                # "比上年": a change, not two amounts
    return {"sides": (m.group(1), m.group(2))}


def match_sum(q: Question, key: str, kn: Knowledge) -> dict | None:
    return {} if _SUM.match(key) else None     # the sum words, before generic words go
