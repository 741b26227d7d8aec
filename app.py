"""预算问答 — Streamlit app: chat, data browser and data status, all logic in `queries`."""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from catalog.build import DEFAULT_DB, DEFAULT_DOCS
from errors import BudgetQAError
from queries.live import LiveEngine
from ui import browse, chat, page, status
from ui.format import md_escape, plain
from ui.params import read as read_address

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
VIEWS = {"问答": "chat", page.BROWSE: "browse", "数据状态": "status"}
# a portal shows the chat (and the browser when it enables it), never the staff view
browse_open = not embedded or bool(os.environ.get("BUDGETQA_EMBED_BROWSE"))
views = ["问答"] + ([page.BROWSE] if browse_open else [])
if not embedded:
    views.append("数据状态")

if "history" not in st.session_state:
    st.session_state.history = []          # [(question, answer JSON)]
    # every parameter validated (ui/params.py): a crafted link opens the app as if absent
    address = read_address(st.query_params)
    # the conversation survives a reload: earlier questions ride along in the address
    st.session_state.pending_many = address.history
    st.session_state.pending = address.q
    linked = eng.doc(address.doc)
    # a link's document, else the newest year of the first department (比上年 is read
    # against the latest budget, not an older one)
    newest = max(eng.docs, key=lambda d: (d.department == eng.docs[0].department, d.year),
                 default=None)
    st.session_state.doc = (linked or newest).key if eng.docs else None
    names = {v: k for k, v in VIEWS.items()}
    if address.view in names and names[address.view] in views:
        st.session_state.view = names[address.view]
        st.session_state.browse_target = (address.table, address.lines)
if st.session_state.get("view") not in views:
    st.session_state.view = views[0]       # e.g. ?view=status in a portal: the chat

page.page_setup()
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
if not embedded:
    st.caption(md_escape(f"依据：{doc.title}"))

# Only the chosen view is rendered: a chat rerun does not rebuild tables and charts.
view = st.radio("视图", views, horizontal=True, key="view", label_visibility="collapsed") \
    if len(views) > 1 else views[0]

# The question of this run (typed, a button's, a link's) is answered before the page is drawn,
# so it is shown in this same run: no second run per question.
prompt = st.chat_input("请输入问题，例如：三公经费是多少？") if view == "问答" else None
earlier = st.session_state.get("pending_many") or []
asked = prompt or st.session_state.get("pending")
st.session_state.pending_many, st.session_state.pending = [], None
for question in earlier + ([asked] if asked else []):
    # (a question that names nothing of its own leans on what the last answer was about)
    after = st.session_state.history[-1][1].get("subject", "") if st.session_state.history \
        else ""
    st.session_state.history.append((question, live.ask(question, doc=doc.key,
                                                        after=after).to_json()))

if view == "问答":
    if eng.notice and not embedded:
        st.info(eng.notice)
    questions = [q for q, _ in st.session_state.history]
    state = chat.conversation_query(questions, doc.key, KEEP) if embedded else ""
    last = len(st.session_state.history) - 1
    for i, (question, ans) in enumerate(st.session_state.history):
        with st.chat_message("user"):
            st.text(plain(question))
        with st.chat_message("assistant"):
            chat.answer_card(ans, i, eng, doc, browse_open=browse_open,
                             state=state if i == last else "")
    if not st.session_state.history:
        chat.examples(eng.examples(doc.doc_id))
elif view == page.BROWSE:
    shown = browse.render(eng, doc.doc_id, st.session_state.pop("browse_target", None))
else:
    status.render(eng, doc.doc_id)

# the address keeps the conversation (a reload or a shared link restores it) and the view
params = chat.conversation([q for q, _ in st.session_state.history], doc.key, KEEP)
params["view"] = VIEWS[view]
if view == page.BROWSE and shown:
    params.update(table=str(shown[0]), line=shown[1])
chat.set_address(params)
