"""The chat: one answer card per question, with the buttons that ask again."""

from __future__ import annotations

import json
import os
import re
from html import escape
from typing import Any
from urllib.parse import quote

import streamlit as st

from queries.engine import Engine
from queries.scope import Doc
from ui.format import figure_text, md_escape
from ui.sources import sources_html


def answer_card(ans: dict[str, Any], index: int, engine: Engine, doc: Doc) -> None:
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
            extra = "，".join(x for x in (cand.get("detail"), cand.get("amount")) if x)
            label = f"{cand['name']}（{extra}）" if extra else cand["name"]
            if st.button(md_escape(label), key=f"cand-{index}-{j}", width="stretch"):
                st.session_state.pending = cand["ask"]
    if ans["rows"]:
        st.caption("来源（原表中的行，答案所在的单元格已标出）：")
        st.html(sources_html(engine, doc.doc_id, doc.key, ans))
    if ans["sql"]:
        with st.expander("查看执行的 SQL"):
            for s in ans["sql"]:
                st.code(f"{s['sql']}\n-- 参数：{s['params']}", language="sql")
    link = permalink(ans["question"])
    # the script is constant; the link (which holds the user's question) travels only as an
    # escaped attribute, never inside the script
    st.html(f'<p style="margin:0;font-size:.85rem;word-break:break-all">本问题的链接：'
            f'<a href="{escape(link)}" target="_top">{escape(link)}</a> '
            f'<button type="button" class="copy-link" data-link="{escape(link)}" '
            'style="margin-left:.3rem;padding:.1rem .6rem;border:1px solid #8a8f99;'
            'border-radius:.3rem;background:#fff;color:#1f2330;cursor:pointer" '
            "onclick=\"navigator.clipboard.writeText(this.dataset.link).then(() => "
            "{this.textContent='已复制';})\">复制链接</button></p>",
            unsafe_allow_javascript=True)


def permalink(question: str) -> str:
    """A readable link that asks the question on arrival; only URL syntax is escaped."""
    base = public_base_url()
    if not base:
        try:
            base = (st.context.url or "").split("?")[0]
        except (AttributeError, RuntimeError):
            base = ""
    doc = st.session_state.get("doc")
    prefix = f"?doc={quote(doc)}&q=" if doc else "?q="
    return f"{base}{prefix}" + re.sub(r"[%&#+?=\s]", lambda m: quote(m.group()), question)


def recent_questions(raw: str | None) -> list[str]:
    """The earlier questions a reloaded page carries in ?h= (a JSON list; junk is ignored)."""
    if not raw:
        return []
    try:
        items = json.loads(raw)
    except (TypeError, ValueError, RecursionError):
        return []
    return [q[:200] for q in items if isinstance(q, str) and q.strip()][:10] \
        if isinstance(items, list) else []


PAGE_SETUP = """
<style>
/* secondary text at WCAG AA contrast (≥ 4.5:1 on white) */
[data-testid="stCaptionContainer"] {opacity:1 !important}
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p {color:#4b4f5c !important}
</style>
"""


def page_setup() -> None:
    """Chinese page language for screen readers, and readable secondary text."""
    st.html(PAGE_SETUP)
    # a constant script of ours (no document or user text): the page's language for readers
    st.html("<script>document.documentElement.lang = 'zh-CN';</script>",
            unsafe_allow_javascript=True)


def is_embedded() -> bool:
    """?embed=true (a portal's iframe). Streamlit keeps that parameter for itself, out of
    st.query_params, and says so in st.context.is_embedded."""
    try:
        return bool(st.context.is_embedded)
    except (AttributeError, RuntimeError):
        return False


def public_base_url() -> str:
    """Where share links should point: the portal page that embeds the app, when configured
    (environment BUDGETQA_PUBLIC_URL, or public_url in .streamlit/secrets.toml)."""
    url = os.environ.get("BUDGETQA_PUBLIC_URL", "")
    if not url:
        try:
            url = str(st.secrets.get("public_url", ""))
        except (FileNotFoundError, KeyError, AttributeError, RuntimeError):
            url = ""
        except Exception:  # noqa: BLE001 - a malformed secrets file must not break answers
            url = ""
    return url.split("?")[0]


def examples(questions: list[str]) -> None:
    st.markdown("**可以这样问：**")
    for q in questions:
        if st.button(md_escape(q), key=f"ex-{q}", width="stretch"):
            st.session_state.pending = q
