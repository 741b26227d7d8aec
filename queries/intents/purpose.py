"""用途 / 干什么用的 / 主要用于什么: what a 科目 or item is for, in the document's words.

The explanations say of each 科目 what its money is used for ("…财政委托业务支出（项）。主要
用于：…", "“…”科目43.83万元，主要用于…"); the answer quotes that clause from the paragraph
that names the item, with its line. Projects are described by their performance sheets (the
indicator row answers them); this row answers only from the explanations, and gives no figure:
the question asks for words.
"""

from __future__ import annotations

import re
from typing import Any

from queries.answer import Answer, SourceRow, prose_label
from queries.context import Context
from queries.knowledge import Knowledge
from queries.normalize import Question
from queries.vocab import LEX, strip_generic, words_re

PURPOSE = words_re(LEX["purpose"]["asked"])
USED_FOR = words_re(LEX["purpose"]["stated"])
_CLAUSE_END = re.compile(r"[。；]")


def match_purpose(q: Question, key: str, kn: Knowledge) -> dict[str, Any] | None:
    asked = PURPOSE.search(key)
    if not asked:
        return None
    said = kn.names_said(strip_generic(PURPOSE.sub("", key)))
    return {"name": said[0], "word": asked.group(0)} if said else None


def purpose(ctx: Context, q: Question, key: str, kn: Knowledge, ans: Answer, *, name: str,
            word: str) -> Answer | None:
    """The clause after 用于 in the first paragraph that names the item before it."""
    for p in kn.paragraphs:
        text = p["text"]
        at = text.find(name)
        used = USED_FOR.search(text, at + len(name)) if at >= 0 else None
        if used is None:
            continue
        stated = text[used.start():]
        stated = stated[:m.start()] if (m := _CLAUSE_END.search(stated)) else stated
        stated = re.sub(r"^(\w+?)[：:]", r"\1", stated)        # "主要用于：…" reads "主要用于…"
        ans.rows.append(SourceRow(prose_label(p), p["line"], [text]))
        ans.explain(name, word, stated)
        where = p.get("section") or p.get("part") or ""
        return ctx.done(ans, "answered", f"{name}：{stated}（{where}，第{p['line']}行）。")
    return None

