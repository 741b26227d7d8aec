"""What a 部门决算's explanations state of an item: its 年初预算 and 决算 and the reason for
the difference, quoted sentence by sentence (queries/intents/execution.py answers with them;
an amount's answer names them beside the table's figure)."""

from __future__ import annotations

import re
from typing import Any

from queries.answer import Answer, SourceRow, prose_label
from queries.context import Context
from queries.normalize import match_key
from queries.scope import Doc
from queries.vocab import DIGIT, LEVEL_MARK, LEX, REASON, SAME, words_re

FINAL, STATED = (words_re(LEX["execution"][k]) for k in ("final", "stated"))
# an item's figures sentence stands at most this many sentences from its name (name, 主要用于,
# figures): farther, it is another item's
_NEAR = 3


def paragraphs(ctx: Context, ans: Answer, doc: Doc) -> list[dict[str, Any]]:
    """The explanations' paragraphs, each with the row after it when it stops mid-sentence
    (a paragraph the page wrapped over two rows: "…年初预算为" / "N万元，…")."""
    rows = ctx.query(ans, "paragraphs", ctx.knowledge_for(doc.doc_id), cite=False)
    out = []
    for i, r in enumerate(rows):
        parts = [r] + ([rows[i + 1]] if not r["text"].rstrip().endswith("。") and
                       i + 1 < len(rows) else [])
        out.append(dict(r, text="".join(p["text"] for p in parts), parts=parts))
    return out


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[。；])", text) if s.strip()]


def quote(ans: Answer, ctx: Context, doc: Doc, p: dict[str, Any], sentence: str) -> None:
    """Cite the rows of the explanations the quoted sentence stands in."""
    at = p["text"].find(sentence)
    start = 0
    for part in p["parts"]:
        end = start + len(part["text"])
        if start < at + len(sentence) and at < end:
            prose = ctx.knowledge_for(doc.doc_id).prose_at(part["line"])
            row = SourceRow(prose_label(prose), part["line"], [part["text"]])
            if row not in ans.rows:
                ans.rows.append(row)
        start = end


def own_sentences(said: list[str], want: str) -> list[str]:
    """The sentence of a paragraph stating an item's 年初预算 and 决算 — among its first few
    (heading, 主要用于, figures) — and the one after it when it gives the reason or says they
    are level; only when the paragraph is that item's: its heading names it ("…行政运行（项）。"),
    or the figures sentence does before its 年初预算 ("一般公共预算财政拨款支出年初预算为…").
    A name said in another item's 主要用于 ("…等的基本支出") is not that item's paragraph."""
    head = said[0] if said else ""
    for j, s in enumerate(said[:_NEAR]):
        stated = STATED.search(s)
        if not (stated and FINAL.search(s) and DIGIT.search(s)):
            continue
        if want not in match_key(head if j else "") and want not in match_key(s[:stated.start()]):
            return []
        if j and want in match_key(head) and not want_is_last(match_key(head), want):
            return []          # "…财政事务（款）行政运行（项）。": the 项's paragraph, not the 款's
        after = said[j + 1:j + 2]
        return [s, *(a for a in after if FINAL.search(a) and (REASON.search(a) or SAME.search(a)))]
    return []


def want_is_last(head: str, want: str) -> bool:
    """The heading names `want` as its last level: no level of another name follows it."""
    after = head[head.find(want) + len(want):]
    first = LEVEL_MARK.match(after)
    return not LEVEL_MARK.search(after[first.end() if first else 0:])


def stated_note(ctx: Context, ans: Answer, doc: Doc, name: str) -> str:
    """" 说明中：“年初预算为N万元，支出决算为M万元。”": an item's own figures sentence in the
    决算's explanations, quoted beside its table figure (the budget the asker may mean), or ""."""
    for p in paragraphs(ctx, ans, doc):
        picked = own_sentences(sentences(p["text"]), match_key(name))
        if picked:
            quote(ans, ctx, doc, p, picked[0])
            return LEX["phrasing"]["stated_budget"].format(said=picked[0].strip())
    return ""

