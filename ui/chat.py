"""The chat: one answer card per question, with the buttons that ask again."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

import streamlit as st

from ui.format import figure_text, md_escape

__all__ = ["answer_card", "examples", "md_escape", "permalink", "rows_frame", "source_text"]


def rows_frame(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Source rows as a table that reads on a phone: line, the row's cells, the table."""
    return [{"行号": r["line"], "原文（单元格以 | 分隔）": " | ".join(c for c in r["cells"] if c),
             "来源表": r["table"]} for r in rows]


def source_text(rows: list[dict[str, Any]]) -> str:
    """'表十 …：第402、397行；表六 …：第333行' — each table once, its lines after it."""
    by_table: dict[str, list[str]] = {}
    for r in rows:
        by_table.setdefault(r["table"], []).append(str(r["line"]))
    return "；".join(f"{t}：第{'、'.join(lines[:8])}{'等' if len(lines) > 8 else ''}行"
                    for t, lines in by_table.items())


def answer_card(ans: dict[str, Any], index: int) -> None:
    """Render one answer (the JSON form of queries.answer.Answer)."""
    if ans.get("notice"):
        st.caption(md_escape(ans["notice"]))
    status = ans["status"]
    if status == "answered" and ans["figures"]:
        first = ans["figures"][0]
        st.metric(md_escape(first["label"]), figure_text(first))
    if ans.get("reading"):
        # how the question was read: every word mapped, or what was not understood
        st.caption(md_escape(ans["reading"]))
    text = md_escape(ans["answer"]).replace("\n", "  \n")
    if status == "answered":
        st.markdown(text)
    elif status == "clarify":
        st.warning(text)
    else:
        st.info(text)
    if ans["candidates"]:
        st.caption("请选择：" if status == "clarify" else "您可以试试：")
        for j, cand in enumerate(ans["candidates"]):
            label = f"{cand['name']}（{cand['detail']}）" if cand.get("detail") else cand["name"]
            if st.button(md_escape(label), key=f"cand-{index}-{j}", width="stretch"):
                st.session_state.pending = cand["ask"]
    if ans["rows"]:
        document = f"{ans['document']} · " if ans.get("document") else ""
        st.caption(md_escape(f"来源：{document}{source_text(ans['rows'])}"))
        st.dataframe(rows_frame(ans["rows"]), hide_index=True, width="stretch")
    if ans["sql"]:
        with st.expander("查看执行的 SQL"):
            for s in ans["sql"]:
                st.code(f"{s['sql']}\n-- 参数：{s['params']}", language="sql")
    st.caption("本问题的链接（可复制分享）：")
    st.code(permalink(ans["question"]), language=None)


def permalink(question: str) -> str:
    """A readable link that asks the question on arrival; only URL syntax is escaped."""
    try:
        base = (st.context.url or "").split("?")[0]
    except (AttributeError, RuntimeError):
        base = ""
    doc = st.session_state.get("doc")
    prefix = f"?doc={quote(doc)}&q=" if doc else "?q="
    return f"{base}{prefix}" + re.sub(r"[%&#+?=\s]", lambda m: quote(m.group()), question)


def examples(questions: list[str]) -> None:
    st.markdown("**可以这样问：**")
    for q in questions:
        if st.button(md_escape(q), key=f"ex-{q}", width="stretch"):
            st.session_state.pending = q
