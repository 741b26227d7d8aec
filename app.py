"""预算问答 — Streamlit app: chat, data browser and data status, all logic in `queries`."""

from __future__ import annotations

import json
import os
from pathlib import Path

import streamlit as st

from catalog.build import DEFAULT_DB, DEFAULT_DOCS
from errors import BudgetQAError
from queries.live import LiveEngine
from ui import browse, chat, params, status
from ui.format import md_escape, plain

KEEP = 6          # questions of the conversation kept in the address (a reload restores them)

st.set_page_config(page_title="预算问答", page_icon="📊", layout="centered")


@st.cache_resource(show_spinner="正在载入预算数据…")
def engine() -> LiveEngine:
    # BUDGETQA_DOCS / BUDGETQA_DB point the app at another document folder (tests, staging)
    docs = Path(os.environ.get("BUDGETQA_DOCS", DEFAULT_DOCS))
    db = Path(os.environ.get("BUDGETQA_DB", DEFAULT_DB if docs == DEFAULT_DOCS
                             else docs.parent / f".{docs.name}.duckdb"))
    return LiveEngine(db, docs)


try:
    live = engine()
except BudgetQAError as exc:      # no database and none can be built: say why, no error page
    st.error(f"预算数据暂时无法载入：{getattr(exc, 'detail', exc.message)}")
    st.stop()
# changed, added or deleted documents are noticed here (queries/live.py); one engine per run
eng = live.current()

embedded = chat.is_embedded()
VIEWS = {"问答": "chat", "数据浏览": "browse", "数据状态": "status"}
# a portal shows the chat (and the browser when it enables it), never the staff view
views = ["问答"] + (["数据浏览"] if not embedded or os.environ.get("BUDGETQA_EMBED_BROWSE")
                   else [])
if not embedded:
    views.append("数据状态")

if "history" not in st.session_state:
    st.session_state.history = []          # [(question, answer JSON)]
    # every parameter validated (ui/params.py): a crafted link opens the app as if absent
    address = params.read(st.query_params)
    # the conversation survives a reload: earlier questions ride along in the address
    st.session_state.pending_many = address.history
    st.session_state.pending = address.q
    linked = eng.doc(address.doc)
    st.session_state.doc = (linked or eng.docs[0]).key if eng.docs else None
    names = {v: k for k, v in VIEWS.items()}
    if address.view in names and names[address.view] in views:
        st.session_state.view = names[address.view]
        st.session_state.browse_target = (address.table, address.lines)

chat.page_setup()
if embedded:
    st.markdown("**预算问答**")
else:
    st.title("预算问答")
if not eng.docs:
    st.info("还没有载入任何预算文档。")
    st.stop()

docs = {d.key: d for d in eng.docs}
if st.session_state.get("doc") not in docs:      # its document was removed or renamed
    st.session_state.doc = next(iter(docs))
if len(docs) > 1:
    st.selectbox("文档", list(docs), key="doc", format_func=lambda k: docs[k].label)
doc = docs[st.session_state.doc]
st.query_params["doc"] = doc.key
if not embedded:
    st.caption(md_escape(f"依据：{doc.title}"))

# Only the chosen view is rendered: a chat rerun does not rebuild tables and charts.
view = st.radio("视图", views, horizontal=True, key="view", label_visibility="collapsed") \
    if len(views) > 1 else views[0]
st.query_params["view"] = VIEWS[view]

if view == "问答":
    if eng.notice and not embedded:
        st.info(eng.notice)
    for i, (question, ans) in enumerate(st.session_state.history):
        with st.chat_message("user"):
            st.text(plain(question))
        with st.chat_message("assistant"):
            chat.answer_card(ans, i, eng, doc)
    if not st.session_state.history:
        chat.examples(eng.examples(doc.doc_id))
elif view == "数据浏览":
    browse.render(eng, doc.doc_id, st.session_state.pop("browse_target", None))
else:
    status.render(eng, doc.doc_id)

prompt = st.chat_input("请输入问题，例如：三公经费是多少？") if view == "问答" else None
if st.session_state.get("pending_many"):
    for earlier in st.session_state.pending_many:
        st.session_state.history.append((earlier, live.ask(earlier, doc=doc.key).to_json()))
    st.session_state.pending_many = []
asked = prompt or st.session_state.get("pending")
if asked:
    st.session_state.pending = None
    st.session_state.history.append((asked, live.ask(asked, doc=doc.key).to_json()))
    st.query_params["q"] = asked
    st.query_params["h"] = json.dumps([q for q, _ in st.session_state.history[-KEEP:-1]],
                                      ensure_ascii=False)
    st.rerun()
