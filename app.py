"""预算问答 — Streamlit entry point (placeholder until the chat UI lands)."""

from __future__ import annotations

import streamlit as st

st.set_page_config(page_title="预算问答", page_icon="📊")
st.title("预算问答")
st.info("问答界面正在建设中。")
