"""A question that explains its own words — "房补（提租补贴）", "花在人头上的钱，就是人员经费",
"开全体会议这类政协会议": two spans said to mean the same. Found in the question's text
(punctuation still there); which side is read is decided per document: the one the document
prints as a name, the other being the asker's gloss. When both or neither are names, nothing
changes (the reading gate then judges the words as they are)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable

from queries import word_classes
from queries.normalize import match_key
from queries.thresholds import EXAMPLE_UNEVEN, GLOSS_LONGEST, GLOSS_REACH, NAME_LEAST
from queries.vocab import (ASKS_FIGURE, EXAMPLES, FUNCTION_WORDS, LEX, MODIFIERS, NAMELESS,
                           SAYS_WHICH, alt, strip_generic, words_re)

_G = LEX["glosses"]
_CLAUSE_END = "，,。？?；;！!"
_CLAUSES = re.compile(rf"[{_CLAUSE_END}]")
_GLOSS_EDGE = _CLAUSE_END + "、"          # and the list mark
_RESTATING = re.compile(rf"^(?:{alt(_G['restating'])})")
_OF = "的"
# ("…的钱，就是那个机关运行的经费": the restating word with what points at the name)
_RESTATING_POINTED = re.compile(rf"^(?:{alt(_G['restating'])})(?:{alt(_G['restating_pointers'])})?")
_LEAD = re.compile(rf"^(?:{alt(_G['example_lead'])})")
_EXPLAINING = re.compile(alt(_G["explaining"]))
# a money word said before a bracket stands for the phrase it ends ("…的钱（人员经费）")
_MONEY_WORDS = frozenset(LEX["triggers"]["describe_tail"] + [LEX["glosses"]["money_word"]])
# (to the clause's end, or to where "other" is said in the same clause: "除了财政拨款以外别的
# 来源的钱")
_BESIDES = re.compile(rf"(?:{alt(_G['besides'])})[^{_CLAUSE_END}]*?"
                      rf"(?:{alt(_G['besides_end'])})?(?=[{_CLAUSE_END}]|{alt(_G['others'])}|$)")
_RESIDUAL_LINES = tuple(_G["residual_lines"])
_OTHERS = re.compile(rf"(?:{alt(_G['others'])})[^{_CLAUSE_END}]*")
_BRACKET = re.compile(rf"（([^（）]{{{NAME_LEAST},{GLOSS_LONGEST}}})）")
_QUOTES = "“”‘’\"'"
# "…下面那些小项里": a term that ends where it is a scope names no kind of the examples
_SCOPE_ENDS = tuple(LEX["operations"]["scope_markers"])
_KIND_NOISE = words_re([*FUNCTION_WORDS, *LEX["operations"]["sum"],
                        *LEX["triggers"]["spending_said"]])
# (a list of examples is read by queries/examples.py)
_LIST_MARK = LEX["examples"]["list_mark"]


@dataclass(frozen=True)
class Gloss:
    """`said` and `term` (match keys) are offered as one meaning; `how` they were joined:
    a bracket after what it glosses (the brackets go with whichever side goes), a restating
    clause (…，就是Y), or examples of a kind (X这类Y)."""

    said: str
    term: str
    how: str            # "bracket" | "restating" | "examples" | "besides"
    marker: str = ""    # the word joining them (也就是, 这类), read with the side dropped
    # examples said as a list ("工资、奖金这些": queries/examples.py); how it was said, not
    # what it means
    listed: bool = field(default=False, compare=False)


def _clause_start(before: str) -> int:
    """Where the clause `before` ends in begins: after the last punctuation."""
    return max((before.rfind(ch) for ch in _CLAUSE_END), default=-1) + 1


def _gloss_start(before: str) -> int:
    """Where a gloss written just before a bracket begins: after the last punctuation or a
    closed-class word standing on its own (的, 给 …), at most GLOSS_REACH characters back."""
    words = word_classes.words()
    start = max(0, len(before) - GLOSS_REACH)
    for i in range(len(before) - 1, start - 1, -1):
        ch = before[i]
        if ch in _GLOSS_EDGE or words.get(ch) and word_classes.kind_of(
                ch, words[ch]) == "function":
            return i + 1
    return start


def _money_word_only(said: str) -> bool:
    """"钱", "笔钱" (of 那笔钱): a money word, with at most a measure word before it."""
    money = next((w for w in _MONEY_WORDS if said.endswith(w)), "")
    if not money:
        return False
    rest = said[:-len(money)]
    measure = next((w for w in _G["money_measures"] if rest.endswith(w)), "")
    rest = rest[:len(rest) - len(measure)]
    return not word_classes.without_class_words(rest, kinds=("function", "measure"))


@lru_cache(maxsize=1024)
def glosses_in(text: str) -> tuple[Gloss, ...]:
    """The glosses a question's text states, in order."""
    found: list[Gloss] = []
    for m in _BRACKET.finditer(text):
        before = text[:m.start()]
        said = before[_gloss_start(before):]
        # "买电脑打印机这些（…设备购置）": the examples, then what they are examples of; "一年
        # 花在人身上的钱（人员经费）": the money word stands for the whole phrase
        # ("住房这块（…）": an area said, its examples in the bracket)
        # (never for a column: "城管执法那笔钱（基本支出）" is the item's 基本支出)
        if any(before.endswith(w) for w in _G["examples"] + LEX["sector"]["words"]) or \
                _money_word_only(match_key(said)) and match_key(m.group(1)) not in MODIFIERS:
            said = before[_clause_start(before):]
        if len(match_key(said)) >= NAME_LEAST:
            found.append(Gloss(match_key(said), match_key(m.group(1)), "bracket"))
    clauses = [c.strip(_QUOTES + " ") for c in _CLAUSES.split(text)]
    for prev, clause in zip(clauses, clauses[1:]):
        m = _RESTATING_POINTED.match(clause)
        if m and prev and len(clause) > m.end():
            found.append(Gloss(match_key(prev), match_key(clause[m.end():]), "restating",
                               m.group()))
    # examples are read outside brackets (a bracket's own 这些 glosses inside it)
    unbracketed = [c.strip(_QUOTES + " ") for c in _CLAUSES.split(_BRACKET.sub("", text))]
    for prev, clause in zip(unbracketed, unbracketed[1:]):
        m = EXAMPLES.match(clause)
        if m and len(match_key(prev)) >= NAME_LEAST and not uneven(prev):
            # "交养老保险、发退休人员的钱，这类社保开支": the marker opens the next clause
            found.append(Gloss(match_key(prev), match_key(clause[m.end():]), "examples",
                               m.group(), _LIST_MARK in prev))
    for clause in unbracketed:
        m = EXAMPLES.search(clause)
        if m and m.start() >= NAME_LEAST:
            listed = clause[:m.start()]
            if not uneven(listed):
                found.append(Gloss(match_key(listed), match_key(clause[m.end():]), "examples",
                                   m.group(), _LIST_MARK in listed))
    # "除了财政拨的钱，还有没有别的收入": the other item is named by its own word
    m = _BESIDES.search(text)
    other = _OTHERS.search(text, m.end()) if m else None
    if m and other:
        found.append(Gloss(match_key(m.group()), match_key(other.group()), "besides"))
    return tuple(g for g in found if g.said and g.term and g.said != g.term)


def _names_in(text: str, is_name: Callable[[str], bool]) -> list[str]:
    """The longest names a text says, left to right."""
    out, i = [], 0
    while i < len(text):
        n = next((n for n in range(len(text) - i, NAME_LEAST - 1, -1)
                  if is_name(text[i:i + n])), 0)
        if n:
            out.append(text[i:i + n])
        i += max(n, 1)
    return out


def _said_again(g: Gloss, is_name: Callable[[str], bool],
                same: Callable[[str, str], bool]) -> bool:
    """A clause after a question that says it again: the question asks a figure, the clause
    none, says nothing of which figure (a column, a year, a "not": "…，就是项目支出的"), and
    every name it says is one the question said ("就是事业单位运行的钱" after 行政运行 is not)."""
    if not ASKS_FIGURE.search(g.said) or ASKS_FIGURE.search(g.term) or SAYS_WHICH.search(g.term):
        return False
    said, again = _names_in(g.said, is_name), _names_in(g.term, is_name)
    return bool(again) and all(any(n == m or same(n, m) for m in said) for n in again)


def without_restating(text: str, is_name: Callable[[str], bool],
                      same: Callable[[str, str], bool] = str.__eq__) -> str:
    """The text without a clause that only says the question before it again in the asker's
    words ("…分别是多少，就是人头费和日常办公那些钱"): its parts are the question's."""
    for g in glosses_in(text):
        if g.how == "restating" and _said_again(g, is_name, same):
            clause = next((c for c in _CLAUSES.split(text)
                           if match_key(c).startswith(g.marker + g.term)), "")
            text = text.replace(clause, "", 1) if clause else text
    return text


def uneven(listed: str) -> bool:
    """A list whose first item says much more than the others ("开全委会要采购住宿、餐饮这些服务":
    住宿 and 餐饮, for what 开全委会要采购 says): no plain list of examples — the words are read
    as said (the reading gate judges what the first item says besides its example)."""
    items = listed.split(LEX["examples"]["list_mark"])
    if len(items) < 2:
        return False
    lead = _LEAD.match(items[0])                 # ("像对口援助": 像 only leads the examples)
    first = items[0][lead.end():] if lead else items[0]
    return len(first.strip()) - max(len(i.strip()) for i in items[1:]) >= EXAMPLE_UNEVEN


def kind_said(term: str) -> str:
    """What an examples gloss's term names before it asks ("设备" of "设备要多少钱"), without
    the words that only join, point, time or spend ("开销一年要…" names nothing) — "" where
    it ends as a scope ("…下面那些小项里")."""
    asked = ASKS_FIGURE.search(term)
    head = term[:asked.start()] if asked else term
    if head.endswith(_SCOPE_ENDS) or head.startswith(_SCOPE_ENDS):
        return ""                 # (or where they are the scope: "宣传、组织这些里面哪项…")
    # (never a word for money or spending, nor adding up: "这些费用", "这些支出加起来")
    return _KIND_NOISE.sub("", NAMELESS.sub("", strip_generic(head)))


def gives_examples(g: Gloss) -> bool:
    """A bracket of examples ("住房这块（公积金、房租补贴之类）"): what it lists is no part asked."""
    return g.how == "bracket" and bool(_EXPLAINING.search(g.term)) and \
        not _RESTATING.match(g.term)          # (never "（就是事业运行）": a name said again)


def _still_said(said: str, key: str) -> str:
    """The part of a gloss the key still holds: its longest ending, then back over what the
    key still has of the rest (the department it named may have been read already:
    "法院花在人头上的钱", "开政协全体会议" keyed "开全体会议")."""
    end = next((i for i in range(len(said) - 1) if said[i:] in key), -1)
    if end < 0:
        return ""
    at = key.index(said[end:])
    start, k = at, end
    while start > 0 and k > 0:
        if key[start - 1] == said[k - 1]:
            start -= 1
        k -= 1
    return key[start:at + len(said) - end]


def read_glosses(key: str, glosses: tuple[Gloss, ...], is_name: Callable[[str], bool],
                 same: Callable[[str, str], bool] = str.__eq__,
                 printed: Callable[[str], bool] | None = None) -> str:
    """`key` with each gloss's non-name side dropped (a bracketed side with its brackets). A
    term that runs on into the question ("这些其他法院支出安排了多少") is its longest beginning
    that is a name; a name glossed is its longest ending that is one ("政协的人员经费"). `same`
    tells two sayings of one name ("人头费" and "人员经费" in the document's words); `printed`
    whether a text is one of the document's names as written (not only in its words; by
    default any name is)."""
    printed = printed or is_name
    for g in glosses:
        # (the department the gloss began with may have been read already)
        bracketed = f"{_still_said(g.said, key) or g.said}（{g.term}）"
        if g.how == "bracket":
            if bracketed not in key or is_name(bracketed):
                continue              # "X（Y）" is itself the document's name
            term = _RESTATING.sub("", g.term)       # "（就是事业运行）"
        else:
            # ("就是那个机关运行的经费": a name said with 的 inside it)
            # (only as the key still says it: "机关的服务" read with 机关 already taken as
            # the department's offices is no 机关服务)
            said_as = (g.term, g.term.replace(_OF, "")) if g.term in key else (g.term,)
            term = max((next((t[:n] for n in range(len(t), NAME_LEAST - 1, -1)
                              if is_name(t[:n])), "") for t in said_as), key=len)
        # ("像开全体会议这样的": the example's lead word is no part of what it says; "人员经费
        # 是多少，就是工资": the side that asks is the one read, whatever its gloss)
        plain = strip_generic(_LEAD.sub("", g.said))
        term_name = bool(term) and is_name(term)
        said_name = any(is_name(plain[-n:]) for n in range(len(plain), NAME_LEAST - 1, -1)) or (
            g.how == "restating" and (bool(ASKS_FIGURE.search(g.said)) or not term_name and any(
                is_name(plain[:n]) for n in range(len(plain), NAME_LEAST - 1, -1))))
        # ("社保就业那一大块，就是给离退休老干部发钱的": the name said first, then pointed at
        # and described — unless what restates it is a name)
        said_end = next((plain[-n:] for n in range(len(plain), NAME_LEAST - 1, -1)
                         if is_name(plain[-n:])), g.said)
        if term_name and said_name and g.how == "restating" and same(g.said, term):
            gloss = g.marker + g.term     # "人头费，指的是人员经费": one name said twice
            key = key.replace(gloss if gloss in key else g.term, "", 1)
            continue
        said = _still_said(g.said, key)
        if term_name and said_name and g.how == "restating" and said and (
                printed(term) and same(said_end, term) or
                printed(term.replace(_OF, "")) and not printed(said_end) and
                not ASKS_FIGURE.search(g.said) and g.term in key):
            # "那个事业单位的运转，就是事业运行科目": the asker's words end in the name the
            # gloss prints as the document does — the printed name is read (as it is after
            # words of the asker's own: "日常运转的钱，就是那个机关运行经费")
            key = key.replace(said + g.marker, "", 1) if said + g.marker in key \
                else key.replace(said, "", 1)
            if not printed(term) and term.replace(_OF, "") in g.term.replace(_OF, ""):
                # ("就是那个机关的服务": the printed name, read without its 的)
                key = key.replace(term, term.replace(_OF, ""), 1)
            continue
        if g.how == "besides" and term_name and printed(term) and _OTHERS.match(term) and \
                term.endswith(_RESIDUAL_LINES):
            continue                  # "除了办公费以外其他商品和服务支出": a printed 其他…支出
            # line is no "the rest" — the words are read as said (the gate judges them)
        if g.how == "besides" and term_name:
            said_name = False         # what is set apart is a name too, but "other" says it
        if gives_examples(g) and not said_name:
            # "住房这块（公积金、房租补贴之类）": examples of what is said, read without them
            # (whether or not they are names: the whole is asked, not their sum)
            key = key.replace(bracketed, bracketed[:bracketed.rindex("（")], 1)
            continue
        if term_name and said_name and g.how == "bracket" and bracketed in key and \
                not gives_examples(g) and not printed(_still_said(g.said, key)):
            # "机关日常运转（行政运行）": the asker names the document's item in the bracket
            key = key.replace(bracketed, term, 1)
            continue
        if g.how == "bracket" and _RESTATING.match(g.term) and said_name and bracketed in key:
            # "人员经费（就是工资）": the name said, then again in the asker's words
            key = key.replace(bracketed, bracketed[:bracketed.rindex("（")], 1)
            continue
        if g.how == "restating" and said_name and _said_again(g, is_name, same):
            # "人员经费跟公用经费分别是多少，就是人头费和日常办公那些钱": the question asked,
            # then said again in the asker's words — the question is read
            gloss = g.marker + g.term
            key = key.replace(gloss if gloss in key else g.term, "", 1)
            continue
        if g.how == "examples" and not term_name and not said_name and \
                not g.listed and len(kind_said(g.term)) >= NAME_LEAST:
            # "买电脑打印机那些设备": examples of a word no name says either — what they are
            # examples of is read (the gate judges it), never the examples one by one
            said = _still_said(g.said, key)
            joined = said + g.marker
            if said and joined in key:
                key = key.replace(joined, "", 1)
            continue
        if term_name == said_name:
            continue                  # both names or neither: the words are read as said
        said = _still_said(g.said, key)
        if term_name and said:
            joined = said + g.marker       # "…的钱也就是", "开全体会议这类"
            key = key.replace(bracketed, term, 1) if g.how == "bracket" \
                else key.replace(joined if joined in key else said, "", 1)
        elif said_name and gives_examples(g):
            key = key.replace(bracketed, bracketed[:bracketed.rindex("（")], 1)
        elif said_name and g.how == "restating":
            gloss = g.marker + g.term              # "人员经费，就是发工资的钱": the gloss goes
            key = key.replace(gloss if gloss in key else g.term, "", 1)
    return key
