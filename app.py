"""预算问答 — Streamlit app: chat, data browser and data status, all logic in `queries`."""

from __future__ import annotations

import streamlit as st

from queries.engine import Engine, get_engine
from ui import browse, chat, status

st.set_page_config(page_title="预算问答", page_icon="📊", layout="centered")


@st.cache_resource(show_spinner="正在载入预算数据…")
def engine() -> Engine:
    return get_engine()


eng = engine()
kn = eng.knowledge[0]

if "history" not in st.session_state:
    st.session_state.history = []          # [(question, answer JSON)]
    st.session_state.pending = st.query_params.get("q") or None

st.title("预算问答")
st.caption(f"依据：{kn.title}")
# Only the chosen view is rendered: a chat rerun does not rebuild tables and charts.
view = st.radio("视图", ["问答", "数据浏览", "数据状态"], horizontal=True, key="view",
                label_visibility="collapsed")

if view == "问答":
    if eng.notice:
        st.info(eng.notice)
    for i, (question, ans) in enumerate(st.session_state.history):
        with st.chat_message("user"):
            st.text(question)
        with st.chat_message("assistant"):
            chat.answer_card(ans, i)
    if not st.session_state.history:
        chat.examples(eng.examples())

elif view == "数据浏览":
    browse.render(eng, kn.doc_id)
else:
    status.render(eng, 0)

prompt = st.chat_input("请输入问题，例如：三公经费是多少？") if view == "问答" else None
asked = prompt or st.session_state.get("pending")
if asked:
    st.session_state.pending = None
    st.session_state.history.append((asked, eng.ask(asked).to_json()))
    st.query_params["q"] = asked
    st.rerun()
