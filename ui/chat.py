"""The chat: one answer card per question, with the buttons that ask again."""

from __future__ import annotations

import json
import os
import re
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import streamlit as st

from queries.engine import Engine
from queries.scope import Doc
from ui.format import change_direction, figure_text, html_escape, md_escape, once
from ui.page import open_browse
from ui.series import series_chart, series_of
from ui.sources import cited_tables, sources_html


def headline(ans: dict[str, Any]) -> tuple[str, str] | None:
    """The figure asked for, as (label, value text). A change says its direction (the engine's
    label: 比上年减少 / 比上年增加) and the rate the answer holds (比上年下降 … %):
    "比上年减少" over "X 万元，下降 Y %"."""
    if ans["status"] != "answered" or not ans["figures"]:
        return None
    first = ans["figures"][0]
    label, text = str(first["label"]), figure_text(first)
    if not label.startswith("比上年") or first.get("unit") == "%":
        return label, text
    if label.startswith("比上年增减"):
        # an unsigned change from an older engine: the direction from the sentence
        way = change_direction(first, ans.get("answer", ""))
        if not way:
            return label, text
        label, text = f"比上年{way}", figure_text(dict(first, value=abs(first["value"])))
    rate = next((f for f in ans["figures"][1:] if f.get("unit") == "%"
                 and str(f.get("label", "")).startswith("比上年")), None)
    if rate is not None and isinstance(rate.get("value"), (int, float)):
        word = str(rate["label"])[3:].replace("增减幅度", "")
        word = word or ("下降" if "减少" in label else "增长")
        text += f"，{word} {abs(rate['value']):g} %"
    return label, text


def answer_card(ans: dict[str, Any], index: int, engine: Engine, doc: Doc, *,
                browse_open: bool, state: str = "") -> None:
    """Render one answer (the JSON form of queries.answer.Answer). `state` (the last card
    only) is the conversation as a query string, handed to a portal page."""
    if ans.get("notice"):
        st.caption(md_escape(ans["notice"]))
    status = ans["status"]
    head = headline(ans)
    if head:
        st.metric(md_escape(head[0]), head[1])
    if ans.get("reading"):
        # how the question was read: every word mapped, or what was not understood
        st.caption(md_escape(ans["reading"]))
    # a reason the document prints twice (for 收入 and for 支出) is read once
    text = md_escape(once(ans["answer"])).replace("\n", "  \n")
    if status == "answered":
        st.markdown(text)
    elif status == "clarify":
        st.warning(text)
    else:
        st.info(text)
    points = series_of(ans)
    if points:                       # one figure for each of several years: as a chart
        series_chart(points)
    if ans["candidates"]:
        st.caption("请选择：" if status == "clarify" else "您可以试试：")
        for j, cand in enumerate(ans["candidates"]):
            extra = "，".join(x for x in (cand.get("detail"), cand.get("amount")) if x)
            label = f"{cand['name']}（{extra}）" if extra else cand["name"]
            st.button(md_escape(label), key=f"cand-{index}-{j}", width="stretch",
                      on_click=ask_later, args=(cand["ask"],))
    if ans["rows"]:
        st.caption("来源（原表中的行，答案所在的单元格已标出）：")
        st.html(sources_html(engine, doc.doc_id, ans))
        if browse_open:
            for no, title, lines in cited_tables(ans):
                short = title.split(" ")[0]
                st.button(f"在数据浏览中查看{md_escape(short)}", key=f"browse-{index}-{no}",
                          type="tertiary", icon=":material/table_view:", on_click=open_browse,
                          args=(no, lines))
    if ans["sql"]:
        st.html(sql_html(ans["sql"]))
    st.html(link_html(ans["question"], state))


def sql_html(statements: list[dict[str, Any]]) -> str:
    """The SQL as run, in a plain <details> block: st.code would load Streamlit's 1.5 MB
    syntax highlighter on the first answer of every page (most of a ?q= link's extra time)."""
    body = "\n\n".join(f"{s['sql']}\n-- 参数：{s['params']}" for s in statements)
    return ('<details class="sql"><summary style="cursor:pointer;color:#1f2330;'
            'padding:.3rem 0">查看执行的 SQL</summary><pre style="white-space:pre-wrap;'
            'overflow-wrap:anywhere;background:#f4f5f7;color:#1f2330;padding:.5rem;'
            f'border-radius:.3rem;font-size:.75rem;margin:.2rem 0">{html_escape(body)}</pre>'
            '</details>')


def link_html(question: str, state: str = "") -> str:
    """The question's link and a copy button. No script here: the page script (ui/page.py)
    handles the button and where the link opens (data-open), and hands `state` to a portal;
    the user's text travels only as escaped attributes and text."""
    link, where = permalink(question)
    opens = f' data-open="{where}"' if where else ""
    extra = ""
    if state:
        origin = portal_origin()
        extra = (f' data-portal-state="{html_escape(state)}"' +
                 (f' data-portal-origin="{html_escape(origin)}"' if origin else ""))
    return (f'<p class="q-link" style="margin:0;font-size:.85rem;word-break:break-all"{extra}>'
            f'本问题的链接：<a href="{html_escape(link)}"{opens}>{html_escape(link)}</a> '
            f'<button type="button" class="copy-link" data-link="{html_escape(link)}" '
            'style="margin-left:.3rem;padding:.1rem .6rem;border:1px solid #5f6470;'
            'border-radius:.3rem;background:#fff;color:#1f2330;cursor:pointer">复制链接</button>'
            '<span class="copy-status" role="status" aria-live="polite" '
            'style="margin-left:.4rem;color:#1b6b2f"></span></p>')


def ask_later(question: str) -> None:
    """A button's question, answered at the top of the next run (a callback runs first)."""
    st.session_state.pending = question


def permalink(question: str) -> tuple[str, str]:
    """A readable link that asks the question on arrival (only URL syntax is escaped), and
    where it opens: in a portal, the portal page at the top level ("top") when its address is
    configured, else the app with embed=true in a new tab ("blank"); standalone, here ("")."""
    base = public_base_url()
    embedded = is_embedded()
    where = "top" if base and embedded else ""
    if not base:
        try:
            base = (st.context.url or "").split("?")[0]
        except (AttributeError, RuntimeError):
            base = ""
        where = "blank" if embedded else ""
    doc = st.session_state.get("doc")
    params = ("embed=true&" if embedded and where == "blank" else "") + \
        (f"doc={quote(doc)}&" if doc else "")
    return (f"{base}?{params}q=" + re.sub(r"[%&#+?=\s]", lambda m: quote(m.group()), question),
            where)


def portal_origin() -> str:
    """The portal page's origin (scheme://host[:port]) when configured: the conversation is
    handed only to it."""
    parts = urlsplit(public_base_url())
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def conversation(questions: list[str], doc: str | None, keep: int) -> dict[str, str]:
    """The conversation as the address carries it: q (last), h (earlier, JSON), doc."""
    params = {"q": questions[-1]} if questions else {}
    if len(questions) > 1:
        params["h"] = json.dumps(questions[-keep:-1], ensure_ascii=False)
    if doc:
        params["doc"] = doc
    return params


def conversation_query(questions: list[str], doc: str | None, keep: int) -> str:
    """The same as a query string, handed to a portal page."""
    return urlencode(conversation(questions, doc, keep)) if questions else ""


def set_address(params: dict[str, str]) -> None:
    """The browser's address holds exactly `params` (a reload or a shared link restores the
    conversation and the view); unchanged keys are not rewritten."""
    for key in [k for k in st.query_params if k not in params]:
        del st.query_params[key]
    for key, value in params.items():
        if st.query_params.get(key) != value:
            st.query_params[key] = value


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
        st.button(md_escape(q), key=f"ex-{q}", width="stretch", on_click=ask_later, args=(q,))
