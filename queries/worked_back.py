"""Last year's figure, or the rate of a change, worked back from one sentence of the
explanations that states this year's amount and its change ("…“三公”经费预算数为A万元，比上年
预算减少B万元"): 去年三公多少 → A + B; 涨了百分之几 → the change over last year's.

Only a sentence that states both, in one unit, is read; the answer quotes it and says the figure
was worked out from it (queries/arithmetic.py does the sum, as it does every other)."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, NamedTuple

from queries.arithmetic import Operand, combine
from queries.answer import AMOUNT_UNITS
from queries.normalize import match_key
from queries.vocab import BRACKETED, CHANGE_AMOUNT, FALL, LEX, NUM_UNIT, RISE, SAME, words_re

_W = LEX["worked_back"]


class Stated(NamedTuple):
    """What one sentence states: this year's amount, the change after it (negative for a
    fall, 0 when it stayed the same), their unit, the words before the amount (what it is of)
    and last year's amount when the sentence states it too ("比上年预算N万元增加…")."""

    level: Decimal
    change: Decimal
    unit: str
    said_of: str
    previous: Decimal | None


def level_and_change(sentence: str) -> Stated | None:
    """The one amount a sentence states of this year and the change it states after it; None
    unless it states both in one unit, the amount alone before the comparison."""
    moved = next((m for m in CHANGE_AMOUNT.finditer(sentence) if m.group(2) in AMOUNT_UNITS),
                 None)
    same = SAME.search(sentence)
    at = moved.start() if moved else same.start() if same else -1
    if at < 0:
        return None
    opened = max(sentence.rfind(c, 0, at) for c in _SENTENCE_ENDS) + 1
    compared = max(sentence.rfind(c, opened, at) for c in _COMPARED_BY)
    if compared < 0:
        compared = at
    levels = _amounts(sentence[opened:compared])
    if not levels and opened and not sentence[opened:compared].strip():
        # "（三）公务接待费1.35万元。比2024年预算持平": the change opens a sentence of its own,
        # of the amount the one before it states
        compared = opened - 1
        opened = max(sentence.rfind(c, 0, compared) for c in _SENTENCE_ENDS) + 1
        levels = _amounts(sentence[opened:compared])
    between = _amounts(sentence[max(compared, 0):at])
    if len(levels) != 1 or len(between) > 1:
        return None            # (several amounts before it: which one changed is not said)
    level = levels[0]
    unit = level.group(2)
    value = Decimal(level.group(1).replace(",", ""))
    previous = Decimal(between[0].group(1).replace(",", "")) \
        if between and between[0].group(2) == unit else None
    said_of = sentence[opened:opened + level.start()]
    if moved is None:
        return Stated(value, Decimal(0), unit, said_of, previous)
    if moved.group(2) != unit:
        return None
    word = sentence[max(0, moved.start() - 1):moved.start(1)]
    change = Decimal(moved.group(1).replace(",", ""))
    if FALL.search(word):
        change = -change
    elif not RISE.search(word):
        return None
    if previous is not None and previous + change != value:
        return None            # (the sentence's own figures do not agree)
    return Stated(value, change, unit, said_of, previous)


def _amounts(text: str) -> list[re.Match[str]]:
    return [m for m in NUM_UNIT.finditer(text) if m.group(2) in AMOUNT_UNITS]


_SENTENCE_ENDS = "。；;"
# (the money an amount is of, said after its name, names nothing else: "机关运行经费财政拨款预算")
_QUALIFIERS = words_re(_W["qualifiers"])
_COMPARED_BY = LEX["time"]["compared_by"]


def is_of(kn: Any, said_as: list[str], said_of: str) -> bool:
    """The words before the amount end with what is asked — the subject as said or a document
    name it reads as (`said_as`) — and no other name comes between it and the amount ("…财政拨款
    安排的“三公”经费预算N万元" is no amount of 财政拨款)."""
    said = match_key(said_of)
    names = [n for n in map(match_key, said_as) if n]
    found = [(said.rfind(n), n) for n in names if n in said]
    # (or said with a bracket the question leaves out: 因公出国费 of 因公出国（境）费)
    bare = BRACKETED.sub("", said)
    found += [(len(said) - len(bare) + bare.rfind(n), n) for n in names
              if n not in said and n in bare]
    if not found:
        return False
    at, name = max(found)
    return not kn.names_said(_QUALIFIERS.sub("", said[at + len(name):]))


def last_year(read: Stated, name: str) -> tuple[list[dict], str] | None:
    """Last year's amount of `name`, worked back from what a sentence states (level_and_change):
    its figures (last year's first) and the sentence saying so."""
    level, change, unit = read.level, read.change, read.unit
    outcome = combine("sum", [Operand(_W["this_year"], level, unit),
                              Operand(_W["change"], -change, unit)],
                      label=_W["last_year_label"].format(name=name))
    if outcome is None:
        return None
    head = outcome.figures[0]
    said = _W["last_year_stated" if read.previous is not None else
              "last_year_said" if change else "last_year_same"]
    return [head], said.format(name=name, amount=f"{head['value']:,.2f}", unit=unit)


def rate(sentence: str, name: str) -> tuple[dict, str] | None:
    """The rate of the change the sentence states, over last year's amount worked back from
    it; None when it states no change (or last year's amount is nothing)."""
    read = level_and_change(sentence)
    if read is None or not read.change:
        return None
    level, change, unit = read.level, read.change, read.unit
    outcome = combine("change", [Operand(name, level, unit),
                                 Operand(_W["last_year_label"].format(name=name),
                                         level - change, unit)], label=name)
    if outcome is None or len(outcome.figures) < 2 or outcome.figures[1]["unit"] != "%":
        return None
    pct = outcome.figures[1]
    word = _W["rise"] if change > 0 else _W["fall"]
    return pct, _W["rate_said"].format(amount=f"{level - change:,.2f}", unit=unit, word=word,
                                       pct=f"{pct['value']:.2f}")
