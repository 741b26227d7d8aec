"""Last year's figure, or the rate of a change, worked back from one sentence of the
explanations that states this year's amount and its change ("2025年“三公”经费预算数为37.91万元，
比2024年预算减少10万元"): 去年三公多少 → 47.91万元; 涨了百分之几 → the change over last year's.

Only a sentence that states both, in one unit, is read; the answer quotes it and says the figure
was worked out from it (queries/arithmetic.py does the sum, as it does every other)."""

from __future__ import annotations

from decimal import Decimal

from queries.arithmetic import Operand, combine
from queries.answer import AMOUNT_UNITS
from queries.vocab import CHANGE_AMOUNT, FALL, LEX, NUM_UNIT, RISE, SAME

_W = LEX["worked_back"]
_FALL = FALL
_RISE = RISE
_SAME = SAME


def level_and_change(sentence: str) -> tuple[Decimal, Decimal, str] | None:
    """This year's amount the sentence states, the change it states after it (negative for a
    fall, 0 when it stayed the same) and their unit; None unless it states both in one unit."""
    moved = next((m for m in CHANGE_AMOUNT.finditer(sentence) if m.group(2) in AMOUNT_UNITS),
                 None)
    same = _SAME.search(sentence)
    at = moved.start() if moved else same.start() if same else -1
    if at < 0:
        return None
    levels = [m for m in NUM_UNIT.finditer(sentence[:at]) if m.group(2) in AMOUNT_UNITS]
    if not levels:
        return None
    level = levels[-1]
    unit = level.group(2)
    if moved is None:
        return Decimal(level.group(1).replace(",", "")), Decimal(0), unit
    if moved.group(2) != unit:
        return None
    word = sentence[max(0, moved.start() - 1):moved.start(1)]
    change = Decimal(moved.group(1).replace(",", ""))
    if _FALL.search(word):
        change = -change
    elif not _RISE.search(word):
        return None
    return Decimal(level.group(1).replace(",", "")), change, unit


def last_year(sentence: str, name: str) -> tuple[list[dict], str] | None:
    """Last year's amount of `name`, worked back from the sentence: its figures (last year's
    first) and the sentence saying so; None when the sentence does not state both."""
    read = level_and_change(sentence)
    if read is None:
        return None
    level, change, unit = read
    outcome = combine("sum", [Operand(_W["this_year"], level, unit),
                              Operand(_W["change"], -change, unit)],
                      label=_W["last_year_label"].format(name=name))
    if outcome is None:
        return None
    head = outcome.figures[0]
    said = _W["last_year_said" if change else "last_year_same"]
    return [head], said.format(name=name, amount=f"{head['value']:,.2f}", unit=unit)


def rate(sentence: str, name: str) -> tuple[dict, str] | None:
    """The rate of the change the sentence states, over last year's amount worked back from
    it; None when it states no change (or last year's amount is nothing)."""
    read = level_and_change(sentence)
    if read is None or not read[1]:
        return None
    level, change, unit = read
    outcome = combine("change", [Operand(name, level, unit),
                                 Operand(_W["last_year_label"].format(name=name),
                                         level - change, unit)], label=name)
    if outcome is None or len(outcome.figures) < 2 or outcome.figures[1]["unit"] != "%":
        return None
    pct = outcome.figures[1]
    word = _W["rise"] if change > 0 else _W["fall"]
    return pct, _W["rate_said"].format(amount=f"{level - change:,.2f}", unit=unit, word=word,
                                       pct=f"{pct['value']:.2f}")
