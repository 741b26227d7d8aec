"""数据状态: which document is loaded and how its reconciliation checks came out."""

from __future__ import annotations

import streamlit as st

from queries import browse
from queries.engine import Engine


def render(engine: Engine, doc_id: int) -> None:
    kn = engine.knowledge_for(doc_id)
    st.markdown(f"**文档**：{kn.title}  \n**部门**：{kn.department}  \n**年度**：{kn.year}")
    checks = browse.checks(engine, kn.doc_id)
    failed = [c for c in checks if not c["passed"]]
    if failed:
        st.warning(f"⚠ 勾稽检查：{len(checks) - len(failed)} 项通过，{len(failed)} 项未通过")
        for c in failed:
            st.markdown(f"⚠ {c['description']}：表中为 {c['expected']}，分项合计 {c['actual']}，"
                        f"差 {c['diff']}（行 {', '.join(map(str, c['lines']))}）")
    else:
        st.success(f"✓ 勾稽检查全部通过（{len(checks)} 项，容差 0.02 万元）")
    with st.expander("全部检查"):
        st.dataframe([{
            "结果": "✓" if c["passed"] else "⚠", "检查": c["description"],
            "表中数": float(c["expected"]), "分项合计": float(c["actual"]),
            "行": ", ".join(map(str, c["lines"]))} for c in checks],
            hide_index=True, width="stretch")
    warns = browse.warnings(engine, kn.doc_id)
    if warns:
        st.warning("构建警告：\n" + "\n".join(f"- 第{w['line']}行：{w['message']}" for w in warns))
    if engine.notice:
        st.info(engine.notice)
