"""Routes over the loaded documents that need no figure: the question is empty, names a
department or year that is not loaded, or must say which document it is about — and the route
that hands the question to one document's intents.

Each is a pure `match(asked)` (no SQL) and an `answer(ctx, asked)`; the rows are in
queries/intents/registry.py. Their readings say what was understood, in the question's words.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from queries.answer import Answer, Candidate, convert
from queries.context import Context
from queries import worked_back
from queries.intents import compare
from queries.reading import read_as
from queries.scope import Asked
from queries.thresholds import DOCUMENT_CHOICES
from queries.vocab import (ASKS_FIGURE, BARE_BUDGET, CARRYOVER, CHANGE, FINAL_ACCOUNTS, LAST_YEAR,
                           LEX, NAMELESS, OTHER_YEAR, REASON, strip_generic, words_re)

Slots = "dict[str, Any] | None"


def _declined(ctx: Context, asked: Asked, status: str, reading: str, sentence: str) -> Answer:
    ans = asked.base
    ans.reading = read_as(reading)
    return ctx.done(ans, status, sentence)


# ------------------------------------------------------------ nothing to read


def match_empty(asked: Asked) -> dict[str, Any] | None:
    return {} if not asked.q.key else None


def empty(ctx: Context, asked: Asked) -> Answer:
    return _declined(ctx, asked, "out_of_scope", "问题中没有可读的文字",
                     "请输入一个关于部门预算的问题，例如“三公经费是多少？”")


def match_no_documents(asked: Asked) -> dict[str, Any] | None:
    return {} if not asked.loaded else None


def no_documents(ctx: Context, asked: Asked) -> Answer:
    return _declined(ctx, asked, "no_data", "问的是预算数据，但还没有载入任何文档",
                     "还没有载入任何预算文档。")


# ------------------------------------------------------------ not loaded


def match_unknown_department(asked: Asked) -> dict[str, Any] | None:
    scope = asked.scope
    if scope.unknown_org and not scope.named_department and \
            not compare.CROSS.search(asked.key):      # "各厅局" names every department
        return {"name": scope.unknown_org}
    return None


def unknown_department(ctx: Context, asked: Asked, *, name: str) -> Answer:
    return _declined(ctx, asked, "no_data", f"问的是“{name}”的数据，已载入的文档中没有这个部门",
                     f"文档中没有“{name}”的预算数据。{ctx.loaded}")


def match_other_year(asked: Asked) -> dict[str, Any] | None:
    key = asked.key
    if asked.scope.named_year:
        return None
    # 去年 compared with (比去年, 去年结转, 为什么比去年) is the document's own 上年 column
    compared = CHANGE.search(key) or CARRYOVER.search(key) or REASON.search(key)
    other = OTHER_YEAR.search(key) or (None if compared else LAST_YEAR.search(key))
    return {"word": other.group(0)} if other else None


def other_year(ctx: Context, asked: Asked, *, word: str) -> Answer:
    word = word.removesuffix(LEX["operations"]["of"])        # ("上年的三公经费": 上年)
    back = _worked_back(ctx, asked, word)
    if back is not None:
        return back
    years = "、".join(sorted({f"{d.year}年" for d in asked.loaded}))
    return _declined(ctx, asked, "no_data", f"问的是“{word}”的数据，文档只有{years}的",
                     f"文档中没有“{word}”的预算数据，只有{years}的。{ctx.loaded}")


def _worked_back(ctx: Context, asked: Asked, word: str) -> Answer | None:
    """"去年三公是多少": last year's amount, worked back from the sentence of a budget's
    explanations that states this year's and the change (queries/worked_back.py); None when
    the document states no such sentence of what is asked."""
    doc = asked.target
    asked_of = asked.key.replace(word, "", 1)
    if doc is None or doc.kind in FINAL_ACCOUNTS or not LAST_YEAR.fullmatch(word) or \
            _PARTS.search(asked.key) or _MORE_ASKED.search(asked_of):
        return None
    subject = NAMELESS.sub("", strip_generic(ASKS_FIGURE.sub("", asked_of)))
    said = ctx.answer_in(asked.q, subject + LEX["worked_back"]["ask_change"], doc)
    if said.status != "answered" or not said.intent.startswith(_STATED) or not said.rows:
        return None
    stated = worked_back.level_and_change(said.answer)
    if stated is None:
        return None
    kn = ctx.knowledge_for(doc.doc_id)
    if subject and subject not in BARE_BUDGET and subject not in _SIDES:
        # (what the subject is read as: "领导出国的钱" is 因公出国（境）费)
        read = ctx.with_synonyms(kn.with_sectors(subject), kn)
        said_as = [subject, strip_generic(read), *kn.names_said(read)]
        if not worked_back.is_of(kn, said_as, stated.said_of):
            return None          # (the sentence found states another item's amount)
        if any(side in subject and side not in stated.said_of for side in _SIDES):
            return None          # (收入 asked, a sentence of 支出)
    else:
        # (the whole budget only from a sentence naming a total, that very total)
        total = ctx.answer_in(asked.q, LEX["worked_back"]["ask_total"] +
                              LEX["worked_back"]["ask_amount"], doc)
        if not _TOTALS.search(stated.said_of) or total.status != "answered" or \
                not total.figures or abs(convert(
                    Decimal(str(total.figures[0]["value"])), total.figures[0]["unit"],
                    stated.unit)[0] - stated.level) > _CENT:
            return None
    back = worked_back.last_year(stated, subject)
    if back is None:
        return None
    figures, sentence = back
    said.figures = figures + said.figures
    said.intent = ""
    return ctx.done(said, "answered", f"{said.answer}{sentence}")


_STATED = "narrative"
_PARTS = words_re(LEX["worked_back"]["parts"])
_MORE_ASKED = words_re(LEX["worked_back"]["more_asked"])
_TOTALS = words_re(LEX["worked_back"]["totals"])
_SIDES = LEX["worked_back"]["sides"]
_CENT = Decimal("0.005")


def match_unknown_year(asked: Asked) -> dict[str, Any] | None:
    scope = asked.scope
    if scope.unknown_year and not scope.named_year:
        return {"year": scope.unknown_year}
    return None


def unknown_year(ctx: Context, asked: Asked, *, year: str) -> Answer:
    return _declined(ctx, asked, "no_data", f"问的是{year}年的数据，已载入的文档中没有这一年",
                     f"文档中没有{year}年的预算数据。{ctx.loaded}")


# ------------------------------------------------------------ which document


def match_which_document(asked: Asked) -> dict[str, Any] | None:
    return {} if asked.target is None else None


def which_document(ctx: Context, asked: Asked) -> Answer:
    docs = asked.scope.docs[:DOCUMENT_CHOICES]
    if not docs:
        return _declined(ctx, asked, "no_data", "问的部门和年度没有载入",
                         f"文档中没有所问部门和年度的预算数据。{ctx.loaded}")
    ans = asked.base
    ans.candidates = [Candidate(d.label, d.title, f"{d.department}{d.year}年{asked.q.text}",
                                doc=d.key) for d in docs]
    ans.reading = read_as("问题适用于多份已载入的文档，需要指明哪一份")
    return ctx.done(ans, "clarify", "已载入多份预算文档，请问您问的是哪一份？" +
                    "；".join(d.label for d in docs))


# ------------------------------------------------------------ one document


def match_document(asked: Asked) -> dict[str, Any] | None:
    return {} if asked.target is not None else None


def document(ctx: Context, asked: Asked) -> Answer:
    """The question asked of its one document, through the document intents."""
    target = asked.target
    assert target is not None          # match_document
    return labelled(ctx, target, ctx.answer_in(asked.q, asked.topic, target, asked.base))


def labelled(ctx: Context, doc: Any, result: Answer) -> Answer:
    """With several documents loaded, an answer says which one it is from."""
    if len(ctx.docs) > 1 and result.status == "answered":
        result.answer = f"【{doc.label}】{result.answer}"
    return result
