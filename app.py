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
ask_tab, browse_tab, status_tab = st.tabs(["问答", "数据浏览", "数据状态"])

with ask_tab:
    for i, (question, ans) in enumerate(st.session_state.history):
        with st.chat_message("user"):
            st.text(question)
        with st.chat_message("assistant"):
            chat.answer_card(ans, i)
    if not st.session_state.history:
        chat.examples(eng.examples())

with browse_tab:
    browse.render(eng, kn.doc_id)

with status_tab:
    status.render(eng, 0)

prompt = st.chat_input("请输入问题，例如：三公经费是多少？")
asked = prompt or st.session_state.get("pending")
if asked:
    st.session_state.pending = None
    st.session_state.history.append((asked, eng.ask(asked).to_json()))
    st.query_params["q"] = asked
    st.rerun()
