"""数据状态: which document is loaded and how its reconciliation checks came out."""

from __future__ import annotations

import streamlit as st

from queries import browse
from queries.engine import Engine
from ui.format import md_escape


def render(engine: Engine, doc_id: int) -> None:
    kn = engine.knowledge_for(doc_id)
    doc = next((d for d in engine.docs if d.doc_id == doc_id), None)
    source = f"  \n**文件**：{md_escape(doc.file)}" if doc else ""
    st.markdown(f"**文档**：{md_escape(kn.title)}  \n**部门**：{md_escape(kn.department)}  \n"
                f"**年度**：{md_escape(kn.year)}{source}")
    files = browse.document_files(engine, kn.doc_id)
    if len(files) > 1:
        st.markdown(md_escape("本文档由 " + "、".join(f["file"] for f in files) +
                              " 组成（同一部门、同一年度分开公布的文件）。"))
    for s in browse.skipped(engine):
        st.error(md_escape(f"未能读取的文档：{s['file']}（{s['reason']}）——其余文档照常提供。"))
    for t in browse.skipped_tables(engine, kn.doc_id):
        st.warning(md_escape(f"未能读取的表：第{t['line']}行 {t['reason']}——本文档其余部分照常提供。"))
    checks = browse.checks(engine, kn.doc_id)
    failed = [c for c in checks if c["passed"] is False]
    unchecked = [c for c in checks if c["passed"] is None]
    if unchecked:
        st.info(f"有 {len(unchecked)} 项检查无法核对：所在的表中有单元格因不是数字或超出范围被跳过"
                "（见下方构建警告）。")
    if failed:
        st.warning(f"⚠ 勾稽检查：{len(checks) - len(failed) - len(unchecked)} 项通过，"
                   f"{len(failed)} 项未通过")
        for c in failed:
            st.markdown(md_escape(f"⚠ {c['description']}：表中为 {c['expected']}，分项合计 "
                                  f"{c['actual']}，差 {c['diff']}（行 "
                                  f"{', '.join(map(str, c['lines']))}）"))
    else:
        st.success(f"✓ 勾稽检查全部通过（{len(checks)} 项，容差 0.02 万元，即 200 元）")
    with st.expander("全部检查"):
        st.dataframe([{
            "结果": {True: "✓", False: "⚠", None: "—"}[c["passed"]], "检查": c["description"],
            "表中数": float(c["expected"]), "分项合计": float(c["actual"]),
            "行": ", ".join(map(str, c["lines"]))} for c in checks],
            hide_index=True, width="stretch")
    warns = browse.warnings(engine, kn.doc_id)
    if warns:
        st.warning("构建警告：\n" + "\n".join(f"- 第{w['line']}行：{md_escape(w['message'])}"
                                            for w in warns))
    if engine.notice:
        st.info(engine.notice)
