"""A part set apart that is no part of what is asked: "除了日常开销以外，专门做项目的钱一共多少",
"干部的医保，事业单位的不算，安排了多少", "光基本工资发了多少 不算津贴的". The clause only says
what the answer already leaves out, so the question is read without it — and the answer is
kept only when what the clause names and what is answered are two items of one kind neither of
which holds the other (基本支出 beside 项目支出, 津贴补贴 beside 基本工资, 事业单位医疗 beside
行政单位医疗). A part of what is answered ("三公经费，不算买车") is never read so: that asks a
figure with something taken out, which the gate declines as before."""

from __future__ import annotations

import re
from typing import Iterator

from queries.answer import Answer
from queries.context import Context
from queries.knowledge import Entity, Knowledge
from queries.normalize import match_key
from queries.thresholds import APART_LONGEST, NAME_LEAST
from queries.vocab import LEX, alt, words_re

_A = LEX["apart"]
_CLAUSE_END = "，,。？?；;！!"
_SAID = rf"([^{_CLAUSE_END}\s]{{{NAME_LEAST},{APART_LONGEST}}}?)"
_TAIL = rf"(?:{alt(_A['tails'])})?"
# the clause, whole: "除了X(以外)", "不算X(的)", "X(的)不算"
# (after a filler or a pointer: "那个…除了花在人身上的钱")
_LEAD = alt(LEX["function"]["fillers"] + LEX["several"]["anaphors"])
_CLAUSE = re.compile(rf"(?:{_LEAD})*(?:{alt(_A['before'])}){_SAID}"
                     rf"(?:{alt(_A['ends'])})?{_TAIL}$|{_SAID}{_TAIL}(?:{alt(_A['after'])})$")
_SPLIT = re.compile(rf"([{_CLAUSE_END}\s]+)")
# … or said anywhere inside a clause ("行政运行日常开支除外多少"): what it names, for the check
# that the answer is not that very part
_INSIDE = re.compile(rf"(?:{alt(_A['before'])}){_SAID}(?:{alt(_A['ends'])})|"
                     rf"{_SAID}{_TAIL}(?:{alt(_A['after'])})")


_REST = words_re(_A["rest_words"])
# (a question that says none of these sets nothing apart: read no further)
SAYS_APART = words_re(_A["before"] + _A["after"])
_HALVES = {frozenset(pair) for pair in _A["split_halves"]}


def set_apart(text: str) -> tuple[str, str] | None:
    """The question without its one clause that sets a part apart, and what that clause
    names; None when it has no such clause (or has only it), or when the rest of a whole is
    asked ("除了办公费，其他商品和服务支出多少")."""
    pieces = _SPLIT.split(text.strip())
    clauses = pieces[::2]
    found = [(i, m) for i, c in enumerate(clauses) if (m := _CLAUSE.match(c.strip()))]
    if len(found) != 1 or len(clauses) < 2:
        return None
    i, m = found[0]
    said = m.group(1) or m.group(2)
    rest = pieces[:2 * i] + pieces[2 * i + 2:] if i + 1 < len(clauses) else pieces[:2 * i - 1]
    asked = "".join(rest).strip(_CLAUSE_END + " ")
    return None if _REST.search(asked) else (asked, said)


def _answered(ans: Answer, kn: Knowledge) -> Entity | None:
    """The item the answer's headline figure is of (the longest name its label says)."""
    if not ans.figures:
        return None
    label = str(ans.figures[0].get("label", ""))
    named = [e for e in kn.entities if e.kind in _KINDS and e.name in label]
    return max(named, key=lambda e: len(e.name)) if named else None


_KINDS = frozenset(_A["kinds"])


def _apart(one: Entity, other: Entity) -> bool:
    """Two items of one kind, neither holding the other: the two halves of one split, or two
    科目 / economic items under one parent."""
    if one.kind != other.kind or one.name == other.name:
        return False
    if one.kind == "split":
        return one.get("table") == other.get("table") and \
            frozenset((one.get("key"), other.get("key"))) in _HALVES
    if one.kind == "subject":
        a, b = str(one.get("code") or ""), str(other.get("code") or "")
        return bool(a and b) and len(a) == len(b) and one.get("parent") == other.get("parent")
    # economic items: two lines of one class
    return not one.get("category") and not other.get("category") and \
        one.get("parent") == other.get("parent")


def _named(ctx: Context, said: str, kn: Knowledge) -> Iterator[Entity]:
    """The items a set-apart clause may name: those its words (read as the document's) say,
    or whose name begins with them ("事业单位的不算": 事业单位医疗)."""
    read = match_key(ctx.with_synonyms(said, kn))
    bare = match_key(said).removesuffix(_A["tails"][0])
    for e in kn.entities:
        if e.kind in _KINDS and (e.name in read or
                                 len(bare) >= NAME_LEAST and e.name.startswith(bare)):
            yield e


def read_apart(ctx: Context, ans: Answer, said: str) -> Entity | None:
    """The item answered (to the question without its clause), when it leaves out what the
    clause names."""
    if ans.status != "answered":
        return None
    for doc in ctx.docs:
        kn = ctx.knowledge_for(doc.doc_id)
        asked = _answered(ans, kn)
        if asked is None:
            continue
        if match_key(said) in asked.name:
            return None                # "行政单位医疗，不算行政单位的": it names what is asked
        named = list(_named(ctx, said, kn))
        return asked if named and all(_apart(e, asked) for e in named) else None
    return None


def parts_said_apart(text: str) -> list[str]:
    """What every clause or phrase setting a part apart names ("…日常开销除外…")."""
    return [m.group(1) or m.group(2) for m in _INSIDE.finditer(text)]


def answers_the_part(ctx: Context, ans: Answer, text: str) -> str:
    """What the question set apart, when the answer's headline is that very part ("一般公共服务
    支出，日常开销除外": the 基本支出 column is exactly what was to be left out); else ""."""
    if ans.status != "answered" or not ans.figures:
        return ""
    label = str(ans.figures[0].get("label", ""))
    for said in parts_said_apart(text):
        for doc in ctx.docs:
            kn = ctx.knowledge_for(doc.doc_id)
            if any(e.name in label for e in _named(ctx, said, kn)):
                return said
    return ""
