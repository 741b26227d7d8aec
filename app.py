"""预算问答 — a thin Streamlit chat over the question engine (all logic lives in `queries`)."""

from __future__ import annotations

import streamlit as st

from queries.answer import Answer
from queries.engine import Engine, get_engine

EXAMPLES = ("预算总额是多少？", "三公经费是多少？", "避难场所改造花多少钱？", "专项业务工作经费")


@st.cache_resource(show_spinner="正在载入预算数据…")
def engine() -> Engine:
    return get_engine()


def show(ans: Answer) -> None:
    """Render one answer: figure first, then the sentence, the sources and the SQL."""
    if ans.notice:
        st.caption(ans.notice)
    if ans.status == "answered":
        if ans.figures:
            f = ans.figures[0]
            st.metric(f["label"], f"{f['value']:,}{f['unit']}")
        st.markdown(ans.answer.replace("\n", "  \n"), unsafe_allow_html=False)
    elif ans.status == "clarify":
        st.warning(ans.answer)
    else:
        st.info(ans.answer)
    for i, c in enumerate(ans.candidates):
        label = f"{c['name']}（{c['detail']}）" if c.get("detail") else c["name"]
        if st.button(label, key=f"cand-{id(ans)}-{i}"):
            st.session_state.pending = c["ask"]
    if ans.rows:
        st.caption("来源：" + "；".join(f"{r['table']} 第{r['line']}行" for r in ans.rows[:6]))
        st.dataframe([{"表": r["table"], "行": r["line"], "内容": " | ".join(x for x in r["cells"] if x)}
                      for r in ans.rows], hide_index=True)
    if ans.sql:
        with st.expander("查看执行的 SQL"):
            for s in ans.sql:
                st.code(f"{s['sql']}\n-- 参数：{s['params']}", language="sql")


st.set_page_config(page_title="预算问答", page_icon="📊")
st.title("预算问答")
eng = engine()
st.caption(f"数据来源：{eng.knowledge[0].title}")

if "history" not in st.session_state:
    st.session_state.history = []
    st.session_state.pending = st.query_params.get("q")

for question, ans in st.session_state.history:
    with st.chat_message("user"):
        st.text(question)
    with st.chat_message("assistant"):
        show(ans)

if not st.session_state.history:
    cols = st.columns(len(EXAMPLES))
    for col, example in zip(cols, EXAMPLES):
        if col.button(example, key=f"ex-{example}"):
            st.session_state.pending = example

prompt = st.chat_input("请输入关于部门预算的问题，例如：三公经费是多少？")
asked = prompt or st.session_state.pop("pending", None)
if asked:
    st.session_state.pending = None
    ans = eng.ask(asked)
    st.session_state.history.append((asked, ans))
    st.query_params["q"] = asked
    st.rerun()
