"""A question that leans on the one before it in a conversation ("比去年多了多少",
"这一项为什么增加", "那去年呢").

Every question is read on its own first. One that names nothing of its own — only what it asks
(a change, a reason, a share, a year) and words that point back (这一项) — is read again of
what the answer just before it was about, as the questions of one message are
(queries/intents/several.py); the answer says so in its notice. Only the question right
before counts, and only when it was answered: a pointer after a question not answered points
at nothing (declined by the reading gate, queries/reading.py).
"""

from __future__ import annotations

import re

from queries.answer import Answer
from queries.context import Context
from queries.intents import several
from queries.normalize import match_key, normalize
from queries.pipeline import says_a_name, without_department
from queries.reading import read_as
from queries.scope import Doc
from queries.vocab import FINAL_ACCOUNTS, LEX, NAMELESS, POINTERS, own_year

_OPENERS = tuple(sorted(LEX["followup"]["openers"], key=len, reverse=True))
_NOTICE = LEX["phrasing"]["follow_up"]
_LAST_YEAR = LEX["time"]["last"][0]          # (去年: how the year before is said)
_YEAR = LEX["followup"]["year"]
_SUBJECT = "subject"          # (the entity kind of a 科目)
UNNAMED = LEX["followup"]["unnamed"]
_NOT_FOUND = "not_found"
_OF_SEVERAL = tuple(LEX["followup"]["of_several"])


def subject_of(ctx: Context, text: str, ans: Answer) -> str:
    """What an answered question was about, for the question after it ("" when none)."""
    if ans.status != "answered" or not ans.figures:
        return ""
    doc = _doc_of(ctx, ans)
    if doc is None:
        return ""
    q = normalize(text)
    key, _ = _without_department(ctx, doc, q.key, q.text)
    if ans.intent.startswith(_OF_SEVERAL):
        return UNNAMED   # (a sum, a comparison, a list: of no one name)
    if several.names_nothing(key):
        return ""        # (of the whole budget: what a question naming nothing reads alone)
    kn = ctx.knowledge_for(doc.doc_id)
    # (else the longest of the document's names the words it asked of hold)
    named = several.named_subject(ctx, q, doc, ans, key) or \
        max(kn.names_said(several.subject_of(key)), key=len, default="")
    said = NAMELESS.sub("", several.subject_of(key))
    if named and named in said and len(said) > len(named) and said in match_key(ans.answer):
        named = said     # ("公务用车运行费": the name as the answer says it, not its column 运行费)
    if not named:
        return ""        # (all of it, "总盘子少了多少", or what no name says: read alone)
    if len({e.get("code") for e in kn.entities if e.name == named and e.kind == _SUBJECT}) > 1:
        return UNNAMED   # (a name several 科目 print — 一般行政管理事务 under two 款: which)
    # (with several documents loaded, of the one it was answered from)
    if len({d.year for d in ctx.docs}) > 1:
        named = f"{doc.year}{_YEAR}{named}"
    if len({d.department for d in ctx.docs}) > 1:
        named = kn.department + named
    return named


def leans(ctx: Context, text: str, subject: str, selected: Doc | None) -> str:
    """The question read of `subject` when it names nothing of its own, else "" (UNNAMED
    when it leans on an answer no one name says: asked back, never the whole budget's)."""
    if not subject:
        return ""
    doc = selected or (ctx.docs[0] if len(ctx.docs) == 1 else None)
    q = normalize(text, keep_aside=True)
    plain = normalize(text)
    if plain.aside and not says_a_name(ctx, plain.aside):
        q = plain     # ("听讲减少了，减少了多少": a scene that names nothing is no name)
    key = q.key
    if doc is not None:
        key, _ = _without_department(ctx, doc, key, q.text)
        key = _years_as_said(key, doc)
    pointed = any(word in key for word in POINTERS)
    for word in POINTERS:      # (before an opener: 那个科目 is no 那 + 个科目)
        key = key.replace(word, "")
    opener = next((w for w in _OPENERS if key.startswith(w)), "")
    bare = key[len(opener):]
    if not bare or match_key(subject) in bare:
        return ""
    # (said as a follow-up — 那…, 这一项… — or asking of nothing but the last one's item:
    # never a question of the budget, the year's money or all of it, "今年预算少了多少")
    kind = doc.kind if doc is not None else ""
    if several.says_the_whole(bare, kind) or kind in FINAL_ACCOUNTS and own_year(bare) != bare:
        return ""       # (the whole budget; a 决算's 去年, read alone as its own year)
    # ("那里面买东西的有伐": within what the last answer was about, whatever it names)
    # (said first, not after the department: "区府办里面设了几个科室" is of the department)
    said_first = q.key[len(opener):] if q.key.startswith(opener) else q.key
    within = bare.startswith(several.WITHIN) and said_first.startswith(several.WITHIN)
    if (opener or pointed) and several.names_nothing(bare) or within or \
            several.of_the_last(bare, text, kind):
        if subject == UNNAMED:
            return UNNAMED
        said = q.text
        for word in POINTERS:
            said = said.replace(word, "")
        said = said.removeprefix(opener)
        first = next((w for w in several.WITHIN if said.startswith(w)), "")
        # ("其中基本工资多少": within it — "人员经费里基本工资多少")
        return subject + (several.WITHIN_READ + said[len(first):] if first else said)
    return ""


def within(text: str) -> bool:
    """The question opens with 里面 / 其中 / 这里面 (after 那): within what was asked before —
    or, when that reading is not understood, a question of its own ("其中基本工资多少")."""
    key = normalize(text).key
    opener = next((w for w in _OPENERS if key.startswith(w)), "")
    return key[len(opener):].startswith(several.WITHIN)


def notice(subject: str) -> str:
    return _NOTICE.format(subject=subject)


def unnamed(ctx: Context, text: str) -> Answer:
    """The answer to a follow-up of an answer no one name says: which item, asked back."""
    ans = Answer(text, "no_data", "", intent=_NOT_FOUND,
                 reading=read_as(LEX["phrasing"]["follow_up_unnamed_read"]))
    return ctx.done(ans, "no_data", LEX["phrasing"]["follow_up_unnamed"])


def _years_as_said(key: str, doc: Doc) -> str:
    """The document's own year is no name, and the year before it is its 上年 ("跟2023年比"
    of a 2024 决算)."""
    if not doc.year.isdigit():
        return key
    key = re.sub(rf"{doc.year}年?", "", key)
    return re.sub(rf"{int(doc.year) - 1}年?", _LAST_YEAR, key)


def _doc_of(ctx: Context, ans: Answer) -> Doc | None:
    # (an answer of one document loaded may leave its title unsaid)
    return next((d for d in ctx.docs
                 if ans.document in (ctx.knowledge_for(d.doc_id).title, d.label)),
                ctx.docs[0] if len(ctx.docs) == 1 else None)


def _without_department(ctx: Context, doc: Doc, key: str, text: str) -> tuple[str, list[str]]:
    return without_department(key, ctx.knowledge_for(doc.doc_id), text)
