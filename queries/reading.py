"""How a question was read: which span maps to which element, and what was left over.

The principle is PRECISE's (Popescu, Etzioni and Kautz, 2003): a question is answered only when
every content word maps to one element. An answer explains the spans of the question that its
typed elements name — figure labels, source tables, choices and what it records with
`Answer.explain` — aligned character by character, in order, runs of two or more (never its
rendered sentence, so rewording an answer cannot change which intent wins); the lexicon
explains the words that ask rather than name (function, time, operation and measure words).
Whatever content is left over was not understood, and the engine declines instead of answering
a neighbouring figure.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from queries import word_classes
from queries.normalize import bracket_free, match_key
from queries.thresholds import MIN_RUN, PASSES, TYPO_CONTEXT, TYPO_MAX
from queries.vocab import (
    DIRECTED_RATES,
    COUNT_ASKS,
    CURRENT,
    UNASKED_QUALIFIERS,
    POINTERS,
    YEAR_WORDS,
    DATE,
    DESCRIPTORS,
    DESCRIPTORS_NOT,
    DESCRIPTORS_UNLESS,
    LEX,
    MAGNITUDE_WORDS,
    MEASURE,
    MODIFIERS,
    RANK,
    RANK_COUNT,
    measure_unit,
)

# how an answer cites its source ("（表六 …，第296行）"): the app shows it apart
_LINE = LEX["phrasing"]
_SOURCE_NOTE = re.compile(rf"（[^（）]*(?:（[^（）]*）[^（）]*)*{_LINE['line_prefix']}\d+"
                          rf"{_LINE['line_suffix']}）")
_CONTENT = re.compile(r"[\u4e00-\u9fffA-Za-z]")
# an amount or count the question states ("4000万", "3643万元", "26100人")
_NUM = LEX["numbers"]
_MULT = "|".join(_NUM["multipliers"])
_CUR = "|".join(_NUM["currency"])
# (said roughly too: "一百多万", "300多万元")
_ROUGH = "|".join(_NUM["rough"])
AMOUNT = re.compile(rf"\d[\d,]*(?:\.\d+)?(?:(?:{_ROUGH})?(?:{_MULT}))?(?:{_CUR})?|"
                    rf"[{_NUM['numerals']}]+(?:{_ROUGH})?(?:{_MULT})(?:{_CUR})?")
_MIN_RUN, _TYPO_CONTEXT, _TYPO_MAX = MIN_RUN, TYPO_CONTEXT, TYPO_MAX


# "少了将近一半 / 六成多": how much a change was, said roughly
MAGNITUDE = MAGNITUDE_WORDS


def _lexicon_words() -> tuple[tuple[str, str], ...]:
    """(word, kind) for every lexicon word that a reading may explain without data."""
    out: list[tuple[str, str]] = []
    out += [(w, "function") for w in LEX["function"]["words"] + LEX["function"]["paying"] +
            LEX["function"]["estimate_exact"] + LEX["generic"]["words"]]
    # what people say before naming a department ("查询…", "如果是…") asks, it names nothing
    out += [(w, "function") for w in LEX["org_suffixes"]["lead_words"]]
    # "住房这一块": the area's word says how broadly, the name it completed says what
    out += [(w, "function") for w in LEX["sector"]["words"]]
    # "是不是有点多": how much, said without a figure, asks the figure
    out += [(w, "function") for w in LEX["triggers"]["degree"]]
    # "基本支出里面…": where, said after a name (as 里 is)
    out += [(w, "function") for w in LEX["operations"]["scope_markers"]]
    # column words (基本支出, 上年结转 …) are explained only by an answer that names them
    for kind in ("current", "carryover", "both", "compared_by", "last"):
        out += [(w, "time") for w in LEX["time"][kind]]
    out += [(w, "unit") for w in LEX["own_unit"]["words"]]
    # "几万 / 多少亿": the unit the answer is asked in
    out += [(w, "unit") for w in LEX["numbers"]["asks_yi"] + LEX["numbers"]["asks_wan"]]
    for words in LEX["operations"].values():
        out += [(w, "operation") for w in words]
    trig = LEX["triggers"]
    for name in ("glossary_prefix", "glossary_suffix", "rank_high", "rank_low", "rank_words",
                 "filter_above", "filter_below", "change", "reason", "share", "listing",
                 "which", "between", "count", "subtotal", "total_suffix", "same",
                 "previous_year", "funds_total", "perf", "range_joiners"):
        out += [(w, "operation") for w in trig[name]]
    out += [(w, "operation") for w in MAGNITUDE]
    out += [(f"{p}{u}", "measure") for p in LEX["measure"]["prefixes"]
            for u in LEX["measure"]["units"]]
    return tuple(sorted(set(out), key=lambda wk: (-len(wk[0]), wk)))


LEXICON_WORDS = _lexicon_words()
# the one-character words the lexicon reads alone (的, 了, 钱)
_READ_ALONE = frozenset(w for w, _ in LEXICON_WORDS if len(w) == 1)


def _operation_groups() -> dict[str, str]:
    """word -> operation for the words that ask for an operation (change, reason, share, rank,
    filter, compare, difference): they are understood only by an intent that performs it, so
    "公务接待费增加的原因" is not answered with the amount. Words that are also plain question
    words (多少) are not gated."""
    trig, ops = LEX["triggers"], LEX["operations"]
    plain = set(LEX["function"]["words"]) | set(LEX["generic"]["words"])
    # (a direction said with its rate asked is a change asked: "项目支出少了百分之几" is never
    # its level nor its share)
    groups = {"change": trig["change"] + MAGNITUDE + DIRECTED_RATES,
              "reason": trig["reason"],
              "share": trig["share"] + ops["share_words"] + [ops["share_marker"]],
              # (and "哪一项…有预算": which of a group, never answered by the group's amount)
              "rank": trig["rank_high"] + trig["rank_low"] + trig["rank_words"] +
              LEX["ranking"]["which"],
              "filter": trig["filter_above"] + trig["filter_below"],
              "compare": ops["compare"],
              "purpose": LEX["purpose"]["asked"] + LEX["purpose"]["what_for"],
              "difference": ops["difference_tail"] + [w for w in ops["difference"] if len(w) > 1]}
    out = {w: op for op, words in groups.items() for w in words if w not in plain}
    out[ops["than"]] = "difference"        # "A比B…": a comparison of two figures
    return out


OPERATION_OF = _operation_groups()
ALL_OPERATIONS = frozenset(OPERATION_OF.values()) | {"count"}
# column words an answer must name to explain (本年 / 当年 is the document's own year anyway)
COLUMN_WORDS = tuple(w for w in MODIFIERS if w not in LEX["time"]["current"])
_FUNCTION_CHARS = {w for w, kind in LEXICON_WORDS if len(w) == 1}


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str          # element | function | measure | time | unit | operation | amount
    element: str       # what the span maps to (a name, or the lexicon word itself)


@dataclass
class Reading:
    """A question key and the spans of it that were explained."""

    key: str
    spans: list[Span] = field(default_factory=list)
    # qualifiers the headline figure carries that the question does not say ("上年…结转" for
    # a question about this year's money): a neighbouring figure, never given
    unasked: list[str] = field(default_factory=list)

    def covered(self) -> list[bool]:
        mask = [False] * len(self.key)
        for s in self.spans:
            for i in range(s.start, s.end):
                mask[i] = True
        return mask

    def leftover(self) -> list[str]:
        """Runs of content characters no element and no lexicon word explains. A one-character
        question word between two of them is shown with them ("管理中心", not "管理"、"心"):
        it changes nothing about whether the question was understood."""
        mask = self.covered()
        lone = {s.start for s in self.spans if s.kind == "function" and s.end - s.start == 1}
        for i in sorted(lone):
            if 0 < i < len(self.key) - 1 and not mask[i - 1] and not mask[i + 1] and \
                    _CONTENT.match(self.key[i - 1]) and _CONTENT.match(self.key[i + 1]) and \
                    sum(s.start <= i < s.end for s in self.spans) == 1:
                mask[i] = False
        runs, cur = [], ""
        for ch, done in zip(self.key, mask):
            if not done and _CONTENT.match(ch):
                cur += ch
            elif cur:
                runs.append(cur)
                cur = ""
        if cur:
            runs.append(cur)
        return runs

    def explained(self) -> int:
        """How many content characters are explained."""
        return sum(done for ch, done in zip(self.key, self.covered()) if _CONTENT.match(ch))

    @property
    def complete(self) -> bool:
        return not self.leftover() and not self.unasked

    def elements(self) -> list[str]:
        """The data elements the question was mapped to, in question order, once each."""
        out: list[str] = []
        for s in sorted(self.spans, key=lambda s: s.start):
            if s.kind == "element" and s.element not in out:
                out.append(s.element)
        return out


def strip_source_note(sentence: str) -> str:
    """An answer sentence without its "（表六 …，第296行）" notes (the app shows the rows)."""
    return _SOURCE_NOTE.sub("", sentence)


# clause breaks; quotation marks are dropped with the rest of the punctuation by match_key
# ("“三公”经费" is one name)
_SENTENCE_CHUNK = re.compile(r"[，。；：、,;:\s《》]+")
_BRACKETS = re.compile(r"[（）()]+")
_PASSES = PASSES


def _chunks(text: str) -> list[str]:
    """The names a text holds: its clauses, and their bracketed parts on their own."""
    out = []
    for clause in _SENTENCE_CHUNK.split(text):
        # "因公出国（境）费" is said "因公出国费" or "因公出国境费"
        out += [clause, *bracket_free(clause), _BRACKETS.sub("", clause)]
        parts = _BRACKETS.split(clause)
        if len(parts) > 1:
            out += parts
    return [c for c in (match_key(c) for c in out) if len(c) >= _MIN_RUN]


def read(key: str, texts: list[str], ops: frozenset[str] = ALL_OPERATIONS,
         asks: Sequence[str] = ()) -> Reading:
    """Align the question key with what an answer names, then with the lexicon; operation
    words count only for the operations `ops` the answering intent performs, and `asks` are
    the question words the answer answers (有没有)."""
    reading = Reading(key)
    mask = [False] * len(key)

    def mark(start: int, end: int, kind: str, element: str) -> None:
        reading.spans.append(Span(start, end, kind, element))
        mask[start:end] = [True] * (end - start)

    for word in asks:
        for m in re.finditer(re.escape(word), key):
            mark(m.start(), m.end(), "operation", word)

    chunks = {c for t in texts for c in _chunks(t)}
    whole_ends: set[int] = set()
    for chunk in sorted(chunks, key=lambda c: (-len(c), c)):      # names said as written
        start = key.find(chunk)
        while start >= 0:
            mark(start, start + len(chunk), "element", chunk)
            whole_ends.add(start + len(chunk))
            start = key.find(chunk, start + len(chunk))
    # then names said in part or with a typo, the names before the clauses that hold them;
    # more passes let a name explain a word said twice or in another order ("服务…预算")
    for chunk in sorted(chunks, key=lambda c: (len(c), c)):
        _typos(key, chunk, mark)
        for _ in range(_PASSES):
            blank = "".join("\0" if done else ch for ch, done in zip(key, mask))
            if not _align(blank, chunk, mark):
                break
    named = "".join(match_key(t) for t in texts)
    # a column word is one thing: explained only by an answer that says it whole ("单位资金" is
    # not "…预算单位…项目资金"), never by its characters aligned one run at a time
    for word in COLUMN_WORDS:
        if word in named:
            continue
        for m in re.finditer(re.escape(word), key):
            _unmark(reading, mask, m.start(), m.end())
    for word, fragments in DESCRIPTORS.items():
        if word not in key or not any(fragment in named for fragment in fragments):
            continue
        if any(w in named for w in DESCRIPTORS_NOT.get(word, ())) and \
                not any(w in named for w in DESCRIPTORS_UNLESS.get(word, ())):
            continue              # ("买东西" never read from an answer naming 服务 alone)
        for m in re.finditer(re.escape(word), key):
            mark(m.start(), m.end(), "element", word)
    skipped = ({RANK, RANK_COUNT} if "rank" not in ops else set()) | \
        ({MEASURE} if "count" not in ops else set())
    for pattern, kind in ((DATE, "time"), (AMOUNT, "amount"), (RANK, "operation"),
                          (RANK_COUNT, "operation"), (MEASURE, "measure")):
        if pattern in skipped:
            continue
        for m in pattern.finditer(key):
            if m.end() > m.start() and (pattern is not MEASURE or _measured(m, named)):
                mark(m.start(), m.end(), kind, m.group(0))
    # a column word the answer did not name stays unexplained: its parts (项目 + 支出) are
    # question words on their own, but together they ask for a column
    # (a longer phrase that holds one, 连同上年结转, still explains it)
    reserved = [(m.start(), m.end()) for word in COLUMN_WORDS
                for m in re.finditer(re.escape(word), key) if not all(mask[m.start():m.end()])]
    # an operation the answering intent does not perform ("为什么" asked of an amount) is not
    # explained by the plain words it is made of (为 + 什么)
    # (never one said across what is already read: "最多多少" is 最多 and 多少, no 多多少)
    reserved += [(m.start(), m.end()) for word, op in OPERATION_OF.items() if op not in ops
                 for m in re.finditer(re.escape(word), key)
                 if len(word) > 1 and not any(mask[m.start():m.end()])]
    if "count" not in ops:
        # "有几个 / 多少家" asks for a count: only an intent that counts explains it, whatever
        # single question words it is made of
        reserved += [(m.start(), m.end()) for m in MEASURE.finditer(key)
                     if not all(mask[m.start():m.end()])]
    for word, kind in LEXICON_WORDS:
        if OPERATION_OF.get(word, "") not in ops | {""}:
            continue
        start = key.find(word)
        while start >= 0:
            end = start + len(word)
            blocked = any(s < end and start < e and not (start <= s and e <= end and
                                                         end - start > e - s)
                          for s, e in reserved)
            # (a single character that makes a dictionary word with the unexplained one
            # before it is that word's: the 加 of 参加 joins no sum)
            inside = len(word) == 1 and start > 0 and not mask[start - 1] and \
                word_classes.kind(key[start - 1:end]) == "verb"
            # (a longer one said across two nouns with unexplained characters: 公家 of 办公家具;
            # a character the lexicon reads alone stands: "项目的钱" is no 目的)
            across = len(word) > 1 and word_classes.across_two_nouns(
                key, start, end, lambda i: not mask[i] and bool(_CONTENT.match(key[i])) and
                key[i] not in _READ_ALONE)
            if not all(mask[start:end]) and not blocked and not inside and not across:
                mark(start, end, kind, word)
            start = key.find(word, end)
    # a single character that ends or starts a name together with the words beside it
    # ("因公出国" + "费" is "因公出国费", said by the answer's "因公出国（境）费")
    for i, ch in enumerate(key):
        if mask[i] or not _CONTENT.match(ch):
            continue
        before, after = i, i + 1
        while before > 0 and mask[before - 1]:
            before -= 1
        while after < len(key) and mask[after]:
            after += 1
        joined = (key[before:i + 1], key[i:after])
        if any(len(j) > 2 and any(j in c for c in chunks) for j in joined):
            mark(i, i + 1, "element", ch)
    # a word left over that its class says asks, points or joins (由, 从, 关于, 这些, 哪里 …)
    # is understood without data; a measure word (张, 座) only by an intent that counts
    # (only a word left whole: a character glued to a name, "财政所的" -> 所的, is the name's;
    # and never a word the lexicon knows: 比 is an operation, gated by the intent)
    if not all(mask[i] or not _CONTENT.match(ch) for i, ch in enumerate(key)):
        named_at = [False] * len(key)
        for span in reading.spans:
            if span.kind == "element":
                named_at[span.start:span.end] = [True] * (span.end - span.start)
        open_at = [not done and bool(_CONTENT.match(ch)) for ch, done in zip(key, mask)]
        for start, end, word, kind in word_classes.class_words(key, open_at):
            if any(s < end and start < e for s, e in reserved):
                continue                      # part of an operation not performed (干嘛)
            if word in _KNOWN or (end - start == 1 and start > 0 and named_at[start - 1]
                                  and not word_classes.is_localizer(word) and kind != "suffix"
                                  and not word_classes.is_particle(word)
                                  and word not in word_classes.BEFORE_VERB
                                  and not (kind == "verb" and _verb_stands(key, end, named_at))):
                continue                      # one character right after a name is its own
                # (not a verb between two names: "预算定绩效目标")
            if kind in ("function", "verb", "suffix") or \
                    (kind == "measure" and "count" in ops):
                mark(start, end, kind, word)
    # a single character that echoes the name it stands by ("租赁费租了多少") is a verb made
    # of the name, not a new word
    for i, ch in enumerate(key):
        lone = not mask[i] and i in whole_ends and (i + 1 == len(key) or mask[i + 1])
        # (an operation word the intent does not perform is never such a verb: "基本支出占")
        if lone and _CONTENT.match(ch) and ch in named and \
                OPERATION_OF.get(ch, "") in ops | {""}:
            mark(i, i + 1, "element", ch)
    if any(w in key for w in POINTERS) and not any(map(_names_an_item, reading.elements())):
        # a word pointing at an item said before points at nothing when no item is read (an
        # operation word the answer's label holds, 比上年增加, is none)
        for word in POINTERS:
            for m in re.finditer(re.escape(word), key):
                # (never one whose last character begins a name read: "那项目支出呢")
                if not any(s.kind == "element" and s.start < m.end() < s.end
                           for s in reading.spans):
                    _unmark(reading, mask, m.start(), m.end())
    return reading


def _names_an_item(element: str) -> bool:
    """An element read holds two characters beyond the lexicon's own words (年增加: none)."""
    for word in _KNOWN_LONGEST:
        element = element.replace(word, "")
    return len(_CJK_CHARS.findall(element)) >= 2


_CJK_CHARS = re.compile(r"[\u4e00-\u9fff]")


def _verb_stands(key: str, end: int, named_at: list[bool]) -> bool:
    """A one-character verb after a name is a verb, not the name's last character, when an
    aspect particle or 的话, another name, the words that ask how many or another verb follows
    it ("定了", "按大类分的话", "预算定绩效目标", "出几期", "工程想达到")."""
    return key.startswith(_ASPECT, end) or (end < len(key) and named_at[end]) or \
        key.startswith(COUNT_ASKS, end) or (end < len(key) and word_classes.verb_at(key, end))


_COUNT_UNITS = set(LEX["measure"]["count_units"])
_ASPECT = tuple(LEX["word_classes"]["aspect"])
# every word the lexicon gives a rule of its own (the word classes never overrule it): a
# descriptor is explained only by an answer naming what it describes ("采购里吃饭的钱" is not
# the whole procurement because 吃饭 is a verb)
_KNOWN = frozenset(w for w, _ in LEXICON_WORDS) | frozenset(OPERATION_OF) | \
    frozenset(COLUMN_WORDS) | frozenset(DESCRIPTORS)
_KNOWN_LONGEST = sorted(_KNOWN | set(YEAR_WORDS), key=len, reverse=True)


def _measured(m: re.Match[str], named: str) -> bool:
    """"多少人 / 几天 / 人数" is understood when the answer counts in that unit ("≥220人");
    a count of things in any of 个 / 家 / 项."""
    unit = measure_unit(m.group(0))
    if unit in _COUNT_UNITS:
        return any(u in named for u in _COUNT_UNITS)
    return unit in named


def _unmark(reading: Reading, mask: list[bool], start: int, end: int) -> None:
    """Take back what element spans said about key[start:end] (the rest of each span stays)."""
    kept: list[Span] = []
    for s in reading.spans:
        if s.end <= start or s.start >= end:
            kept.append(s)
            continue
        if s.start < start:
            kept.append(Span(s.start, start, s.kind, s.element))
        if s.end > end:
            kept.append(Span(end, s.end, s.kind, s.element))
    reading.spans[:] = kept
    mask[start:end] = [False] * (end - start)


def names_nothing(text: str) -> bool:
    """True when the text holds only column, time and question words ("加上上年结转")."""
    return read(text, list(MODIFIERS)).complete


def _align(key: str, probe: str, mark) -> bool:
    """Mark the runs of `key` found in order in `probe` (longest contiguous blocks first).
    True when something new was marked."""
    blocks = SequenceMatcher(None, key, probe, autojunk=False).get_matching_blocks()
    runs = [b for b in blocks if b.size >= _MIN_RUN]
    for b in runs:
        mark(b.a, b.a + b.size, "element", probe[b.b:b.b + b.size])
    return bool(runs)


def _typos(key: str, probe: str, mark) -> None:
    """A one-character gap between runs of a name, facing a gap of the same size in the name,
    is a typo inside that name (专向 / 专项, 建没 / 建设), unless it is a question word."""
    blocks = SequenceMatcher(None, key, probe, autojunk=False).get_matching_blocks()
    runs = [b for b in blocks if b.size >= _MIN_RUN]
    if not runs:
        return
    last = runs[-1]
    end = last.a + last.size
    # the typo is the name's next-to-last character ("公务接带费" / 公务接待费): one wrong
    # character, then the name's last one said right
    if last.size >= 3 and last.b + last.size == len(probe) - 2 and end + 1 < len(key) and \
            key[end + 1] == probe[-1] and key[end] not in _FUNCTION_CHARS and \
            _CONTENT.match(key[end]):
        mark(end, end + 2, "element", probe[-2:])
    if sum(b.size for b in runs) < _TYPO_CONTEXT:
        return
    for b1, b2 in zip(runs, runs[1:]):
        gap_key, gap_name = b2.a - (b1.a + b1.size), b2.b - (b1.b + b1.size)
        typed = key[b1.a + b1.size:b2.a]
        if 0 < gap_key == gap_name <= _TYPO_MAX and not set(typed) & _FUNCTION_CHARS:
            mark(b1.a + b1.size, b2.a, "element", probe[b1.b + b1.size:b2.b])
    if last.size >= 3 and last.b + last.size == len(probe) - 1 and end < len(key) and \
            _CONTENT.match(probe[-1]) and key[end] not in _FUNCTION_CHARS:
        mark(end, end + 1, "element", probe[-1])


READ_AS = "我理解为："          # how every reading begins (the app shows it under the figure)


def read_as(text: str) -> str:
    """A reading sentence: what was understood, said once with its opening words."""
    return f"{READ_AS}{text}。"


def understood(reading_text: str) -> str:
    """What a reading sentence says was understood, without its opening words and full stop."""
    return reading_text.removeprefix(READ_AS).rstrip("。")


def describe(reading: Reading) -> str:
    """The reading as a Chinese sentence for the answer card."""
    elements = reading.elements()
    left = reading.leftover()
    understood = "、".join(f"“{e}”" for e in elements) if elements else "（没有可对应的数据项）"
    text = f"{READ_AS}{understood}"
    if left:
        text += "；没有理解：" + "、".join(f"“{w}”" for w in left)
    return text + "。"


def unasked_qualifiers(label: str, key: str) -> list[str]:
    """The words of a headline's label that make it another figure than the question's when
    the question says none of their words ([reading] unasked_qualifiers in the lexicon): in
    the name itself ("上年财政拨款结转"), or in its note ("X（…，上年结转）") when the question
    asks for this year's money (a project printed only as carried over is otherwise answered
    with that figure, its note saying so)."""
    said = label if CURRENT.search(key) else re.sub(r"（[^（）]*）|\([^()]*\)", "", label)
    return [word for word, asked in UNASKED_QUALIFIERS.items()
            if word in said and not any(a in key for a in asked)]
