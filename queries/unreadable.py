"""An empty cell is not always an empty cell: the reader may have refused the figure printed
there (too large, not a number; catalog/numbers.py). Such a cell is reported as unreadable,
never as 为空 / 未安排, and no figure is given."""

from __future__ import annotations

from queries.answer import Answer
from queries.db import run

UNREADABLE = "无法读取"         # the reader's words for an item it could not store


def unreadable_in(ctx, ans: Answer, doc_id: int) -> str:
    """The reader's warning for a line this answer cites, or ''."""
    lines = {r.get("line") for r in ans.rows}
    if not lines:
        return ""
    rows = run(ctx.con, ctx.templates["build_warnings"], doc_id=doc_id).rows
    return next((w["message"] for w in rows
                 if w["line"] in lines and UNREADABLE in (w["message"] or "")), "")


def unreadable_answer(ctx, ans: Answer, where: str, message: str) -> Answer:
    """What is said instead of 为空: the cell holds a figure the reader could not read."""
    ans.explain(where)
    return ctx.done(ans, "no_data", f"{where}一栏印有数字，但构建数据库时无法读取（{message}），"
                                    "所以不给出数字，也不能说未安排。请查看原文档。")
