"""A list of examples said for the category they belong to: "给员工发工资、奖金、福利这些一共多少钱"
asks the 工资福利支出 all three fall under, "给退休人员发钱、交养老保险这些" the 款 that holds both
科目. Each example is read as the names holding the longest part of it any name holds; the
category is the deepest 功能分类 款 or 项 all of them share, else the one economic 类 they all
fall under — or, when the list is followed by an area ("离休金、养老保险这些社保方面"), that
area's 类 once every example falls under it. Nothing is read when two examples name nothing
the document prints (one may: a 奖金 it has no row for), when the examples fall under
different categories, or when the list is not followed by a word that says it gives examples
(这些, 之类 …)."""

from __future__ import annotations

import re
from typing import Callable

from queries.knowledge import Entity, Knowledge
from queries.normalize import match_key
from queries.thresholds import EXAMPLE_CODE_LEVELS, EXAMPLE_LEAST
from queries.vocab import (BRACKETED, CURRENT, LEX, SUM_WORDS, alt, described,
                           strip_generic)

_G = LEX["glosses"]
_MARKER = re.compile(rf"(?:{alt(_G['examples'])})")
_SEPARATORS = re.compile(rf"(?:{alt(LEX['examples']['separators'])})")
_CLAUSE = re.compile(r"[，,。？?；;！!]")


def category_of_examples(text: str, kn: Knowledge,
                         in_words: Callable[[str], str]) -> tuple[str, str] | None:
    """(the examples as said, in the key's form, with their marker; the category's name) for
    the first clause of `text` that lists examples of one category; `in_words` puts a
    colloquial word in the document's words."""
    # (examples in brackets gloss what is said before them: queries/glosses.py reads those)
    clauses = _CLAUSE.split(BRACKETED.sub("", text))
    for i, clause in enumerate(clauses):
        m = _MARKER.search(clause)
        if not m and i + 1 < len(clauses) and _MARKER.match(clauses[i + 1].strip()):
            # "交养老保险、发退休人员的钱，这类社保开支": the marker opens the next clause
            clause = clause + clauses[i + 1].strip()
            m = _MARKER.search(clause)
        if not m:
            continue
        area = kn.with_sectors(match_key(clause[m.end():]))
        listed = clause[:m.start()]
        items = [i for i in listed.split(LEX["examples"]["list_mark"]) if i.strip()]
        if len(items) < 2:           # (and only then by a conjunction: 商品和服务支出 is one)
            items = [i for i in _SEPARATORS.split(listed) if i.strip()]
        if len(items) < 2:
            continue
        words = [in_words(_plain(match_key(i))) for i in items]
        if _heads_list(kn, words[0]):
            return None              # "公车一年加油、修车、过路费啥的": examples of the 公车
            # named before them, not of a category they share
        groups = [g for g in (_named_by(kn, w) for w in words) if g]
        if len(groups) < max(2, len(items) - 1):
            return None              # examples the document does not print (one may be a
            # word it has no row for: 奖金 beside 工资 and 福利)
        area_class = _area(kn, area)
        if area_class and all(_under(group, area_class) for group in groups) and \
                any(e.kind == "subject" for group in groups for e in group):
            # "离休金、养老保险这些社保方面": the area said after them names their category
            return match_key(clause[:m.end()]), ""
        rest = _said_after(match_key(clause[m.end():]))
        name = _shared_subject(kn, groups) or _shared_parent(groups)
        if len(rest) >= EXAMPLE_LEAST and rest not in match_key(name):
            return None              # "油费、维修这些车子开销": what follows names another
            # category than the one they share ("法律咨询、法律援助这类服务": 公共法律服务)
        if name and not any(match_key(name) in match_key(i) for i in items):
            # (never one of the examples itself: "住房补贴、住房公积金这些" share only 住房)
            return match_key(clause[:m.end()]), name
        return None
    return None


def _area(kn: Knowledge, said: str) -> Entity | None:
    """The 功能分类 类 an area said after the examples names ("社保方面" read as 社会保障和
    就业支出 by Knowledge.with_sectors; "社保开支": the word people call it by), or None."""
    classes = [e for e in kn.entities if e.kind == "subject" and e.get("code") and
               e.get("level") == LEX["sector"]["level"]]
    found = next((e for e in classes if match_key(e.name) in said), None)
    if found is None:
        begins = next((b for w, b in LEX["sector"]["said"].items() if said.startswith(w)), "")
        found = next((e for e in classes if begins and match_key(e.name).startswith(begins)),
                     None)
    return found


def _under(group: list[Entity], area: Entity) -> bool:
    """An example names a 科目 under the area's 类, or only economic items (离休费: the area
    said is what places them) — never a 科目 of another 类 alone."""
    subjects = [e for e in group if e.kind == "subject"]
    return not subjects or any(str(e.get("code") or "").startswith(area.get("code"))
                               for e in subjects)


def _said_after(rest: str) -> str:
    """What follows the examples, without the words that ask how much and how broadly
    (一共多少钱, 方面的钱) or name the area they are examples of (社保方面)."""
    for word in sorted([*LEX["sector"]["words"], *LEX["sector"]["said"]], key=len, reverse=True):
        rest = rest.replace(word, "")
    return SUM_WORDS.sub("", strip_generic(CURRENT.sub("", rest)))


def _plain(item: str) -> str:
    """The example without the words that only say whom it is for (给员工发工资: 工资), a word
    that stands for one fragment of the document's names read as it (给退休人员发钱: 退休)."""
    return strip_generic(described(item, drop_several=True))


def _named_by(kn: Knowledge, word: str) -> list[Entity]:
    """The economic items and 科目 whose names hold the longest part of the word any of them
    holds ("交养老保险": 养老保险)."""
    # (by their own names: a 项 is also keyed with its 款's name before it)
    items = [(match_key(e.name), e) for e in kn.entities if e.kind in ("econ", "subject")]
    for size in range(len(word), EXAMPLE_LEAST - 1, -1):
        for start in range(len(word) - size + 1):
            run = word[start:start + size]
            found = [e for k, e in items if run in k]
            if found:
                return found
    return []


def _heads_list(kn: Knowledge, first: str) -> bool:
    """The first example opens with a name and goes on past it ("公务用车运行维护费一年加油"):
    that name is what the list gives examples of."""
    items = [match_key(e.name) for e in kn.entities]
    for size in range(len(first), EXAMPLE_LEAST - 1, -1):
        for start in range(len(first) - size + 1):
            run = first[start:start + size]
            if any(run in k for k in items):
                rest = first[size:]    # (what follows names nothing: "奖金工资" is two examples)
                return start == 0 and len(rest) >= EXAMPLE_LEAST and \
                    any(run == k for k in items) and \
                    not any(rest[i:i + EXAMPLE_LEAST] in k for k in items
                            for i in range(len(rest) - EXAMPLE_LEAST + 1))
    return False


def _shared_parent(groups: list[list[Entity]]) -> str:
    """The one economic 类 every example has an item under (or is)."""
    parents = None
    for group in groups:
        under = {e.name if e.get("category") else e.get("parent") for e in group
                 if e.kind == "econ"} - {None}
        parents = under if parents is None else parents & under
    return parents.pop() if parents and len(parents) == 1 else ""


def _shared_subject(kn: Knowledge, groups: list[list[Entity]]) -> str:
    """The deepest 功能分类 code every example has a 科目 under (a 款 or a 项, never a whole
    类: "医疗、养老这些" shares only 社会保障和就业, which is not what either says)."""
    shared = None
    for group in groups:
        codes = {e.get("code")[:n] for e in group if e.kind == "subject" and e.get("code")
                 for n in EXAMPLE_CODE_LEVELS if len(e.get("code")) >= n}
        shared = codes if shared is None else shared & codes
    if not shared:
        return ""
    deepest = max(shared, key=len)
    return next((e.name for e in kn.entities if e.kind == "subject" and
                 e.get("code") == deepest), "")
