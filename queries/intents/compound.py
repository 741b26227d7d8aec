"""Questions in several parts: A和B分别 / 各, A、B, two questions in one, A和B一共, A比B多多少,
B里A占多少, A和B哪个多.

The question is cut into parts at conjunctions that are not inside a name; each part is asked
on its own through the whole engine (so each is read and gated like any question) and must be
answered with a figure, or the compound reading is dropped. A part that names only a column
("…本年和上年结转") borrows the name of the first part; a scope said first ("今年预算里…")
applies to every part; a unit said alone ("研究院和调度中心的项目支出") borrows what the last
part asks of its unit. The headline is the answer to the question: each part in order, or the
sum, the difference, the share.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from queries import arithmetic, word_classes
from queries.answer import AMOUNT_UNITS, Answer, convert, not_arranged
from queries.context import Context
from queries.examples import category_of_examples
from queries.glosses import gives_examples, glosses_in, kind_said, without_restating
from queries.intents.compare import QUOTED
from queries.intents.corpus import labelled
from queries.intents.several import subject_of
from queries.normalize import match_key, normalize, simplify
from queries.reading import names_nothing, read_as, understood
from queries.scope import Asked, Doc, Scope, strip_names
from queries.thresholds import BEGINNING_MIN, MISSPELT_LEAST, NAME_LEAST
from queries.vocab import (
    BRACKETED,
    COLUMN_SAID,
    FINAL_ACCOUNTS,
    CARRYOVER,
    CHANGE,
    CONJUNCTION,
    DIFFERENCE_SIDES,
    EACH,
    LEX,
    MODIFIERS,
    NAMELESS,
    PREVIOUS_YEAR,
    SHARE,
    SHARE_OF_SIDES,
    SUM_WORDS,
    alt,
    strip_generic,
    tail_operation,
    without_operation,
    words_re,
)
from queries.wordrun import TrailingWords

_SEPARATORS = re.compile(r"[、？?；;]+")
_SENTENCE = re.compile(r"[？?；;]+")
_OPS = LEX["operations"]
_OF = _OPS["of"]
_UNIT_TAIL = re.compile(rf"(?:{alt(sorted(AMOUNT_UNITS, key=len, reverse=True))})$")
_TAIL_WORDS = ("tail", "each", "sum", "sum_pointers", "compare", "difference_tail", "tail_money")
_SCOPE = words_re(_OPS["scope_markers"])
# (never "各占多少钱": money asked after 占 is an amount each, no share)
_SHARE_IN = re.compile(rf"^(.+?)(?:{_SCOPE.pattern})(.+?){re.escape(_OPS['share_marker'])}"
                       rf"(?!{alt(LEX['function']['money_asks'])})")
OPERATION_WORDS_WITH_CONJUNCTION = sorted(
    {w for name in ("sum", "each", "compare", "tail", "difference_tail") for w in _OPS[name]
     if any(c in w for c in _OPS["conjunctions"])}, key=len, reverse=True)
# (and the words of a share asked of each: "A和B各占百分之几", never the 比 of a comparison)
_TAIL = TrailingWords(sum((_OPS[n] for n in _TAIL_WORDS), []) +
                      [w for w in _OPS["share_of"] if w != _OPS["than"]])   # (?:…)+$
_QUOTED = QUOTED
_CONJUNCTION_FLAGS = frozenset(LEX["word_classes"]["conjunction_flags"])
_MISSPELT_LEAST = MISSPELT_LEAST
_CLAUSE = re.compile(r"[，,\s]+")
_MONEY_ASKED = LEX["glosses"]["money_word"]
_ASKS = words_re(LEX["function"]["whole_part_asks"])
_LISTS = words_re(_OPS["conjunctions"])


@dataclass
class Part:
    text: str
    answer: Answer

    @property
    def headline(self) -> dict:
        return self.answer.figures[0]


def compound(ctx: Context, q, doc: Doc, mentions: list[str], ans: Answer,
             scope: Scope | None = None) -> Answer | None:
    kn = ctx.knowledge_for(doc.doc_id)
    glossed = glosses_in(q.text)
    if "、" in q.text and (any(g.how == "examples" and _names_a_kind(g.term, kn)
                               for g in glossed) or any(
            g.how == "examples" and g.listed and len(kind_said(g.term)) >= NAME_LEAST
            for g in glossed) and category_of_examples(
            q.text, kn, lambda text: ctx.with_synonyms(text, kn))):
        return None     # "买电脑、打印机这类办公设备": examples of one thing, not parts (nor
        # "养老保险、离退休这些社保方面的钱": of a category the document prints and the
        # asker names — "差旅费、会议费这些支出加起来" adds them up)
    if any(gives_examples(g) for g in glosses_in(q.text)) and \
            LEX["examples"]["list_mark"] not in BRACKETED.sub("", q.text):
        return None     # "住房这块（公积金、房租补贴之类）": the list is the bracket's examples
    sentences = [s for s in _SENTENCE.split(simplify(q.text)) if match_key(s)]
    if len(sentences) > 1 and not all(subject_of(match_key(s)) for s in sentences):
        return None     # "A多少？比上年少了多少？": the second is about A (the several route's)
    said = without_restating(simplify(q.text), *ctx.name_tests(kn))
    if _asked_before(said):
        return None     # "…一共买了多少钱的东西，买东西和买服务各是多少": two questions
    text = "、".join(p for p in (_listed(match_key(x), kn) for x in _SEPARATORS.split(said))
                    if p)
    # (the department's own offices too: "政协机关的水费和电费" — Scope.organs)
    text = strip_names(text, doc, mentions, *((scope.inside_names, scope.organs) if scope else ()))
    kn = ctx.knowledge_for(doc.doc_id)
    op, sides = operation(text, kn)
    if op is None:
        return None
    if not q.unit_asked and doc.unit in AMOUNT_UNITS:
        q.unit = doc.unit          # the parts and the result in the document's own unit
    if any(_stated(s) is not None for s in sides):
        return _against_stated(ctx, q, doc, mentions, op, sides, ans)
    parts = ask_parts(ctx, q, doc, mentions, sides, kn)
    if parts is None:
        return None
    if op == _SUM_SHARE:
        # "A和B一共占支出的百分之几": the share of their sum — or nothing (one part's share
        # alone, or a row naming both, would read as it)
        shared = _share_of_sum(ctx, q, doc, mentions, parts, ans)
        if shared:
            return shared
        ans.reading = _parts_reading(parts)
        return ctx.done(ans, "no_data",
                        LEX["phrasing"]["not_each_answered"].format(count=len(parts)))
    return combine(ctx, q, op, parts, ans, kn)

def _listed(key: str, kn) -> str:
    """"水费电费要多少": two of the document's items said side by side, a list — only two
    lines of one level (never a group and its line: "三公经费公务接待费", "机关运行经费办公费"
    ask the line)."""
    names = [n for n in kn.names_said(key, _SIDE_BY_SIDE_LEAST)
             if n in kn.econ_lines and n not in MODIFIERS]
    for a in names:
        for b in names:
            if a != b and a + b in key and a + b not in kn.key_set:
                return key.replace(a + b, f"{a}{_LIST_MARK}{b}", 1)
    return key


_SIDE_BY_SIDE_LEAST = 2        # (水费, 电费: two characters each)
_LIST_MARK = LEX["examples"]["list_mark"]
_PERCENT = "%"
_SUM_SHARE = "sum_share"          # (an operation of this module's own: compound())
_SHARE_MARK = LEX["operations"]["share_marker"]
_SHARE_TAIL = LEX["several"]["share_read"]
_CENT = Decimal("0.01")


# ------------------------------------------------------------ reading the parts


def operation(text: str, kn) -> tuple[str | None, list[str]]:
    """The operation and the part texts (with the question's tail on each)."""
    text = _UNIT_TAIL.sub("", text)   # "…一共多少亿元": the unit is the question's, kept
    m = DIFFERENCE_SIDES.match(text)
    if m and not PREVIOUS_YEAR.match(m.group(2)) and not CHANGE.search(text) and \
            not SHARE.search(text):          # the 比 of 占比 / 比例 is no comparison
        # "行政运行的基本支出比项目支出": the bare column is 行政运行's too
        sides = [m.group(1), m.group(2)]
        if any(_stated(s) is not None for s in sides):
            return "difference", sides       # "X比10万元多多少": an amount is no name's part
        return "difference", inherit(sides, "", kn)
    m = _SHARE_IN.match(text)
    # (never when a change is asked after it: "…占三公几成 比上年多了还是少了" asks three things)
    if m and _has_content(m.group(1)) and not _asks_change(text[m.end():]):
        # "Y里X占": X within Y ("调度中心的机关运行经费")
        return "share", [f"{m.group(2)}的{m.group(1)}|{m.group(2)}", m.group(1)]
    m = SHARE_OF_SIDES.match(text)
    if m and _has_content(m.group(2)) and not _asks_change(m.group(2)):
        # "占收入比例": the natural total (share intent)
        return "share", [m.group(1), m.group(2)]
    pieces = split(text, kn)
    if len(pieces) == 1:
        pieces = _names_side_by_side(text, kn)     # "水费电费各要多少": two names, no 和
    if len(pieces) < 2:
        return None, []
    tail_start = _tail_start(pieces[-1])
    tail = pieces[-1][tail_start:]
    pieces[-1] = pieces[-1][:tail_start]
    op = tail_operation(tail)
    # "A和B一共占支出的百分之几": each part's share of that whole asked, then added
    summed = SUM_WORDS.search(pieces[-1]) if op == "list" else \
        SUM_WORDS.search(tail) if op == "sum" else None
    if summed and not EACH.search(text):
        said = pieces[-1] if op == "list" else tail
        share = said[summed.end():] + (tail if op == "list" else "")
        if SHARE.search(share):
            if op == "list":
                pieces[-1] = pieces[-1][:summed.start()]
            return _SUM_SHARE, inherit(pieces, share, kn)
    return op, inherit(pieces, without_operation(tail), kn)


def _asked_before(said: str) -> bool:
    """A clause asks on its own before the one that lists or asks a change ("政府采购一共买了多少
    钱的东西，买东西和买服务各是多少", "基本支出、项目支出各占多少，比去年各增加多少": two
    questions, never one list)."""
    clauses = [c for c in _CLAUSE.split(said) if c]
    return len(clauses) > 1 and any(_ASKS.search(c) for c in clauses[:-1]) and \
        bool(_ASKS.search(clauses[-1]) and (_LISTS.search(clauses[-1]) or
                                            CHANGE.search(clauses[-1])))


def _asks_change(text: str) -> bool:
    """The text asks a change besides ("比上年多了还是少了")."""
    return bool(CHANGE.search(text) or PREVIOUS_YEAR.search(text))


def _names_side_by_side(text: str, kn) -> list[str]:
    """"水费电费各要多少钱": names said one after another with nothing between them, the
    question's tail after the last; the names as parts (none when anything else is said)."""
    at = _tail_start(text)
    head, tail = text[:at], text[at:]
    said = sorted(kn.names_said(head, NAME_LEAST), key=head.find)
    joined = "".join(said)
    lead = head[:len(head) - len(joined)]
    # (only with 各 / 分别 / 一共 said, never a column word — "一般行政管理事务上年结转" is one
    # item's carry-over — and before them only words that ask: "街道一年的水费电费")
    if len(said) < 2 or not head.endswith(joined) or NAMELESS.sub("", strip_generic(lead)) or \
            not (EACH.search(tail) or SUM_WORDS.search(tail)) or \
            any(n in MODIFIERS for n in said):
        return [text]
    return [lead + said[0]] + said[1:-1] + [said[-1] + tail]


def split(text: str, kn) -> list[str]:
    """Cut at separators and at conjunctions outside names ("社会保障和就业支出")."""
    protected = [False] * len(text)
    _protect_separated_names(text, kn, protected)
    for key in kn.names_with_conjunction + OPERATION_WORDS_WITH_CONJUNCTION:
        start = text.find(key)
        while start >= 0:
            protected[start:start + len(key)] = [True] * len(key)
            start = text.find(key, start + 1)
    for start, size in _misspelt(text, kn.names_with_conjunction):
        protected[start:start + size] = [True] * size
    # "和去年一样" compares with a year: that 和 joins no parts
    cuts = [(m.start(), m.end()) for m in CONJUNCTION.finditer(text)
            if not protected[m.start()] and (m.group(0) == "、" or
                                             not _year_follows(text, m.end())) and
            not _inside_word(text, m.start(), m.end())]
    pieces, pos = [], 0
    for start, end in cuts:
        pieces.append(text[pos:start])
        pos = end
    pieces.append(text[pos:])
    return [p for p in pieces if p]


def _inside_word(text: str, start: int, end: int) -> bool:
    """A one-character conjunction that is part of a dictionary word other than a
    conjunction ("涉及" is a verb: "绩效目标涉及项目预算资金" is one question)."""
    if end - start != 1:
        return False
    table = word_classes.words()
    return any(text[a:b] in table and table[text[a:b]] not in _CONJUNCTION_FLAGS
               for a, b in ((start - 1, end), (start, end + 1)) if a >= 0 and b <= len(text))


def _protect_separated_names(text: str, kn, protected: list[bool]) -> None:
    """Mark the 、 inside a name the document prints with them (a table title listing its
    items): the question said one name, not several parts."""
    kept = [i for i, ch in enumerate(text) if ch != "、"]
    flat = "".join(text[i] for i in kept)
    for key in kn.names_with_separator:
        start = flat.find(key)
        while start >= 0 and key:
            first, last = kept[start], kept[start + len(key) - 1]
            protected[first:last + 1] = [True] * (last + 1 - first)
            start = flat.find(key, start + 1)


def _misspelt(text: str, names: list[str]) -> list[tuple[int, int]]:
    """Spans of `text` that are a long name with a conjunction, one character miswritten
    ("安全生产和应急管理专向资金"): still one name, its conjunction joins no parts."""
    spans = []
    for key in names:
        if len(key) < _MISSPELT_LEAST:
            continue
        for start in range(len(text) - len(key) + 1):
            window = text[start:start + len(key)]
            if sum(a != b for a, b in zip(window, key)) == 1:
                spans.append((start, len(key)))
    return spans


def inherit(pieces: list[str], tail: str, kn) -> list[str]:
    """Complete each part from its neighbours (scope first, a bare column, a bare unit)."""
    scope = ""
    m = _SCOPE.search(pieces[0])
    if m and m.end() < len(pieces[0]):
        scope, pieces[0] = pieces[0][:m.end()], pieces[0][m.end():]
    head = _entity_head(pieces[0], kn)
    if not _has_content(head):
        head = ""                  # "基本支出和项目支出": two columns, each its own name
    out = []
    for i, piece in enumerate(pieces):
        if i and head and not _has_content(piece):
            piece = head + piece               # "上年结转" -> "<name>上年结转"
        out.append(piece)
    return [scope + p + tail for p in _complete_units(out, kn)]


def ask_parts(ctx: Context, q, doc: Doc, mentions: list[str], texts: list[str],
               kn) -> list[Part] | None:
    head = _entity_head(texts[0], kn)
    parts = []
    for i, text in enumerate(texts):
        for option in text.split("|"):          # readings to try, most specific first
            answer = ask_one(ctx, q, doc, mentions, option)
            if not (_has_figure(answer) or _says_empty(answer)) and parts:
                tail = _money_tail(parts[-1].answer)
                at = _tail_start(option)
                if tail and not option[:at].endswith(tail):
                    # "会议费和培训": the part says its kind of money as the one before did
                    answer = ask_one(ctx, q, doc, mentions, option[:at] + tail + option[at:])
            # (never a label that says the change itself: "比上年增长")
            named = head or next((n for n in (_first_named(parts),) if not CHANGE.search(n)),
                                 "") or _said_before_change(texts[0])
            if i and named and named not in option and \
                    (COLUMN_SAID.search(option) and doc.kind in FINAL_ACCOUNTS or
                     CHANGE.search(option)) and \
                    not any(m in option for m in MODIFIERS) and \
                    names_nothing(COLUMN_SAID.sub("", option)):
                # "信息化原来打算花多少、实际花了多少": a part naming nothing but a 决算's
                # column is the first's (never the whole's: "…，比去年少了多少")
                answer = ask_one(ctx, q, doc, mentions, named + option)
            if not (_has_figure(answer) or _says_empty(answer)) and i and head and \
                    head not in option:
                answer = ask_one(ctx, q, doc, mentions, head + option)   # "培训几天"
            owned = _owned_by_last(texts) if not i else ""
            if not (_has_figure(answer) or _says_empty(answer)) and owned:
                # "行政单位和事业单位的医疗支出": what the last part says is its, the first's too
                at = _tail_start(option)
                answer = ask_one(ctx, q, doc, mentions, option[:at] + owned + option[at:])
            owner = _owner_of_first(texts) if i else ""
            if not (_has_figure(answer) or _says_empty(answer)) and owner and \
                    owner not in option:
                # "政府采购的货物和服务": what the first part is of, the later ones' too
                answer = ask_one(ctx, q, doc, mentions, owner + option)
            if _has_figure(answer) or _says_empty(answer):
                break
        if not (_has_figure(answer) or _says_empty(answer)):
            return None
        if _MONEY_ASKED in q.text and _counted(answer):
            return None      # "开大会、委员视察，这两块钱各多少": never a count of meetings
        parts.append(Part(text.split("|")[0], answer))
    return parts


def _counted(answer: Answer) -> bool:
    """The answer's figure counts things (1次, 3台), no amount of money nor a share."""
    return bool(answer.figures) and answer.figures[0]["unit"] not in (*AMOUNT_UNITS, "%")


def _first_named(parts: list[Part]) -> str:
    """The item the first part's answer leads with, without its column ("信息化建设")."""
    figures = parts[0].answer.figures if parts else []
    return match_key(BRACKETED.sub("", str(figures[0].get("label", "")))) if figures else ""


def _said_before_change(text: str) -> str:
    """What the first part says before its change word ("房租补贴那项涨了百分之多少": 房租补贴
    那项), for a later part that asks only why or how much it changed; "" when nothing."""
    first = text.split("|")[0]
    m = CHANGE.search(first)
    said = strip_generic(first[:m.start()]) if m else ""
    return said if len(said) >= NAME_LEAST else ""


def _owner_of_first(texts: list[str]) -> str:
    """The words before the first part's 的, with it ("政府采购的货物": 政府采购的), when the
    last part has no 的 of its own; else ""."""
    first = texts[0].split("|")[0]
    if _OF not in first or _OF in texts[-1].split("|")[0]:
        return ""
    return first.split(_OF, 1)[0] + _OF


def _owned_by_last(texts: list[str]) -> str:
    """The words after the last part's 的, before its question words ("事业单位的医疗支出多少":
    医疗支出), when the first part has no 的 of its own; else ""."""
    last = texts[-1].split("|")[0]
    last = last[:_tail_start(last)]
    if _OF not in last or _OF in texts[0]:
        return ""
    return last.rsplit(_OF, 1)[1]


def _money_tail(answer: Answer) -> str:
    """The money word the answer's headline name ends with (会议费 -> 费), or ""."""
    if not answer.figures:
        return ""
    label = re.sub(r"（[^（）]*）$", "", str(answer.figures[0].get("label", "")))
    return next((t for t in _MONEY_TAILS if label.endswith(t)), "")


_MONEY_TAILS = sorted(LEX["triggers"]["describe_tail"], key=len, reverse=True)


def ask_one(ctx: Context, q, doc: Doc, mentions: list[str], text: str) -> Answer:
    qp = normalize(text)
    qp.unit, qp.unit_asked = q.unit, True
    return ctx.answer_in(qp, strip_names(qp.key, doc, mentions), doc)

# ------------------------------------------------------------ composing the answer


def combine(ctx: Context, q, op: str, parts: list[Part], ans: Answer,
            kn: Any = None) -> Answer | None:
    moves = [ans.adopt(p.answer) for p in parts]
    heads = [move(p.headline) if p.answer.figures else None for p, move in zip(parts, moves)]
    ans.intent = f"compound:{op}"
    ans.reading = _parts_reading(parts)
    said = [(h["label"], h["value"]) for h in heads if h is not None]
    if len(set(said)) < len(said):
        return None     # two parts read as one item ("做审计和绩效评价"): no parts at all
    if op != "list" and kn is not None and any(
            e.kind == "econ" and e.get("opex_only") and e.name in {h for h, _ in said}
            for e in kn.entities):
        # an item only the 机关运行经费 table prints, which counts money of every kind, is
        # never added to or set against a figure of another table
        ans.figures = []
        return ctx.done(ans, "no_data",  # (ans.reading: what each part was read as, above)
                        LEX["phrasing"]["not_each_answered"].format(count=len(parts)))
    if op == "list":
        ans.figures = [h for h in heads if h is not None]
        return ctx.done(ans, "answered", "；".join(p.answer.answer.rstrip("。") for p in parts)
                        + "。")
    if op == "sum":
        # a “三公” item the table prints empty (未安排) adds nothing to the sum
        heads = [h if h is not None or not (p.answer.empty and kn and kn.is_sangong_item(
                     p.answer.empty)) else not_arranged(p.answer.empty, q.unit)
                 for h, p in zip(heads, parts)]
    if any(h is None for h in heads):
        return None
    values = [_amount(h, q.unit) for h in heads]
    if any(v is None for v in values) or any(p.answer.intent in _QUOTED for p in parts):
        return None            # only table amounts add up or compare, not quoted clauses
    operands = [arithmetic.Operand(h["label"], v, q.unit, figure=h) for h, v in zip(heads, values)]
    outcome = arithmetic.combine(op, operands)
    if outcome is None:
        return None
    ans.figures = outcome.figures
    return ctx.done(ans, "answered", outcome.sentence)


def _parts_reading(parts: list[Part]) -> str:
    """What each part was read as, numbered, as one reading."""
    return read_as("；".join(f"（{i}）{understood(p.answer.reading)}"
                             for i, p in enumerate(parts, start=1)))


def _share_of_sum(ctx: Context, q, doc: Doc, mentions: list[str], parts: list[Part],
                  ans: Answer) -> Answer | None:
    """Each part answered as its share of one whole ("X占W的比例"): the parts' amounts and
    the whole asked again, the amounts added, then their sum's share of the whole (never when
    the wholes differ)."""
    if not all(p.answer.figures and p.answer.figures[0].get("unit") == _PERCENT
               for p in parts):
        return None
    said = [str(p.answer.figures[0].get("label", "")).split(_SHARE_MARK, 1) for p in parts]
    wholes = {w.removesuffix(_SHARE_TAIL) for _, w in (s for s in said if len(s) == 2)}
    if len(wholes) != 1 or any(len(s) != 2 for s in said) or \
            len({n for n, _ in said}) != len(said):
        return None       # (two wholes, or one part read twice: "基本工资与基本工资")
    names = [s[0] for s in said] + [wholes.pop()]
    asked = [ask_one(ctx, q, doc, mentions, match_key(name)) for name in names]
    heads = [a.figures[0] if a.status == "answered" and a.figures else None for a in asked]
    values = [_amount(h, q.unit) if h else None for h in heads]
    if any(v is None for v in values):
        return None
    *amounts, whole = [arithmetic.Operand(name, v, q.unit, figure=h)
                       for name, h, v in zip(names, heads, values)]
    if not whole.value or any(
            (a.value / whole.value * 100).quantize(_CENT) !=
            Decimal(str(p.answer.figures[0]["value"])).quantize(_CENT)
            for a, p in zip(amounts, parts)):
        return None       # (an amount read again from another table than its share's)
    summed = arithmetic.combine("sum", amounts)
    if summed is None:
        return None
    total = summed.figures[0]
    outcome = arithmetic.combine("share", [
        arithmetic.Operand(total["label"], sum((o.value for o in amounts), Decimal(0)),
                           q.unit, figure=total), whole])
    if outcome is None:
        return None
    for a in asked:
        ans.adopt(a)
    ans.figures = [outcome.figures[0], total, *summed.figures[1:], whole.as_figure()]
    ans.intent = "compound:sum"
    ans.reading = _parts_reading(parts)
    return ctx.done(ans, "answered", f"{arithmetic.listed(amounts)}；{outcome.sentence}")


def _names_a_kind(term: str, kn) -> bool:
    """The words after 这类 / 这些 begin one of the document's names (这类办公设备 …): the list
    before them are examples of it, not parts to add up."""
    return any(kn.begins_a_name(term[:n]) or term[:n] in kn.key_set
               for n in range(len(term), BEGINNING_MIN - 1, -1))


def _year_follows(text: str, pos: int) -> bool:
    """"和去年一样": a year follows the conjunction (but "和上年结转" is a column)."""
    return bool(PREVIOUS_YEAR.match(text, pos)) and not CARRYOVER.match(text, pos)


def _tail_start(piece: str) -> int:
    """Where the trailing question words of the last part begin ("…分别是多少"; "…分别比去年
    少了多少", "…各占收入的百分之几": from 分别 / 各, what is asked of each part)."""
    m = _TAIL.search(piece)
    at = m.start() if m else len(piece)
    each = EACH.search(piece, 1)
    if each and each.start() < at and (CHANGE.search(piece, each.end()) or
                                       SHARE.search(piece, each.end())):
        return each.start()      # (and "…各占财政拨款的百分之几": the base is each one's)
    return at


def _complete_units(pieces: list[str], kn) -> list[str]:
    """A part that names only a unit takes what another part asks of its unit: "研究院的
    租赁费比煤矿安全保障中心的" -> "煤矿安全保障中心的租赁费" (the last part's first)."""
    def bare(p: str) -> bool:
        core = p.rstrip(_OF)
        return bool(core) and kn.unit_prefix(core) == core

    for source in reversed(pieces):
        unit = kn.unit_prefix(source)
        rest = source[len(unit):].lstrip(_OF) if unit else ""
        if rest and not bare(source):
            return [p.rstrip(_OF) + _OF + rest if bare(p) else p for p in pieces]
    return pieces


def _has_content(piece: str) -> bool:
    """True when the piece names something: not only column, time and question words."""
    return not names_nothing(piece)


def _entity_head(piece: str, kn) -> str:
    """The longest name the piece starts with ("<项目名称>本年" -> the name)."""
    keys = kn.key_set
    for end in range(len(piece), 1, -1):
        if piece[:end] in keys:
            return piece[:end]
    return ""


_STATED = re.compile(rf"(\d+(?:\.\d+)?)({alt(sorted(AMOUNT_UNITS, key=len, reverse=True))})")


def _stated(side: str) -> Decimal | None:
    """The amount a side of a comparison states by itself ("10万元"), in 万元, or None."""
    m = _STATED.fullmatch(side.strip())
    if not m:
        return None
    return convert(Decimal(m.group(1)), m.group(2), "万元")[0]


def _against_stated(ctx: Context, q, doc: Doc, mentions: list[str], op: str,
                    sides: list[str], ans: Answer) -> Answer | None:
    """A table amount compared with an amount the question states: the document's side is
    asked as usual, the stated side is taken as said (never read as a name's figure)."""
    if op != "difference" or all(_stated(s) is not None for s in sides):
        return None
    operands, parts = [], []
    for side in sides:
        wan = _stated(side)
        if wan is not None:
            value = convert(wan, "万元", q.unit)[0] if q.unit in AMOUNT_UNITS else wan
            operands.append(arithmetic.Operand("问题给出的金额", value,
                                               q.unit if q.unit in AMOUNT_UNITS else "万元"))
            continue
        answer = ask_one(ctx, q, doc, mentions, side)
        if not _has_figure(answer) or answer.intent in _QUOTED:
            return None
        head = ans.adopt(answer)(answer.figures[0])
        value = _amount(head, q.unit)
        if value is None:
            return None
        operands.append(arithmetic.Operand(head["label"], value, q.unit, figure=head))
        parts.append(answer)
    outcome = arithmetic.combine(op, operands)
    if outcome is None:
        return None
    ans.intent = f"compound:{op}"
    ans.reading = read_as("；".join(f"（{i}）{understood(p.reading)}"
                                   for i, p in enumerate(parts, start=1)) + "，与问题给出的金额相比")
    ans.explain(*[s for s in sides if _stated(s) is not None])
    ans.figures = outcome.figures
    return ctx.done(ans, "answered", outcome.sentence)


def _has_figure(answer: Answer) -> bool:
    return answer.status == "answered" and bool(answer.figures)


def _says_empty(answer: Answer) -> bool:
    """Answered from the tables with no figure: the cell is empty (未安排 / 无数据)."""
    return answer.status == "answered" and not answer.figures and bool(answer.rows)


def _amount(figure: dict, unit: str) -> Decimal | None:
    if figure.get("unit") not in AMOUNT_UNITS:
        return None
    return convert(Decimal(str(figure["value"])), figure["unit"], unit)[0]


# ------------------------------------------------------------ the route (registry row)


def match_compound(asked: Asked) -> dict[str, Any] | None:
    """Several parts (A和B分别 / 一共 / 比 / 占 / 哪个多) need one document to ask them of; the
    parts themselves are read when answering (they need the document's names)."""
    return {} if asked.target is not None else None


def compound_route(ctx: Context, asked: Asked) -> Answer | None:
    assert asked.target is not None          # match_compound
    result = compound(ctx, asked.q, asked.target, asked.scope.mentions, asked.base, asked.scope)
    return None if result is None else labelled(ctx, asked.target, result)
