"""数据浏览: every report table as in the document, a filter, CSV download and a few charts."""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from queries import browse
from queries.engine import Engine
from ui.format import csv_safe, html_escape
from ui.sources import STYLE, headed, table_html

# chart text at WCAG AA contrast on white (Vega's default grey axis labels are 3.7:1)
INK = "#31333f"

if TYPE_CHECKING:
    import pandas as pd


def table_frame(view: browse.TableView, columns: list[str]) -> pd.DataFrame:
    import pandas as pd  # loaded when the browser view is first opened, not for every chat

    frame = pd.DataFrame([cells for _, cells in view.rows], columns=columns)
    frame.insert(0, "行号", [line for line, _ in view.rows])
    return frame


def render(engine: Engine, doc_id: int,
           target: tuple[str | None, str | None] | None = None) -> tuple[int, str] | None:
    """The browser; returns (table number, cited lines) of the table shown, for the address."""
    tables = browse.report_tables(engine, doc_id)
    labels = {t["label"]: t["table_no"] for t in tables}
    if target and target[0]:
        # opened from an answer's "在数据浏览中查看": that table, filtered to the cited lines
        chosen = next((lab for lab, no in labels.items() if str(no) == target[0]), None)
        if chosen:
            st.session_state["browse-table"] = chosen
            st.session_state["browse-filter"] = ""
            st.session_state["browse-lines"] = target[1] or ""
    choice = st.selectbox("选择报表", list(labels), key="browse-table")
    view = browse.table_view(engine, doc_id, labels[choice])
    lines = {int(x) for x in str(st.session_state.get("browse-lines", "")).split(",")
             if x.strip().isdigit()}
    shown = (view.table_no, ",".join(map(str, sorted(lines))))
    if view.empty:
        st.info("本表无数据。")
    else:
        # the same column names (and the unit on amount columns) as the answer card shows
        columns = headed(browse.column_names(engine, doc_id, view.table_no),
                         [cells for _, cells in view.rows], view.unit)
        frame = table_frame(view, columns[:len(view.columns)] + view.columns[len(columns):])
        if lines:
            frame = frame[frame["行号"].isin(lines)]
            st.caption(f"只显示答案引用的第{'、'.join(map(str, sorted(lines)))}行")
            st.button("显示整张表", key="browse-all", on_click=_show_all)
        needle = st.text_input("筛选（输入科目、项目或数字）", key="browse-filter").strip()
        if needle:
            mask = frame.astype(str).apply(lambda col: col.str.contains(needle, regex=False))
            frame = frame[mask.any(axis=1)]
            st.caption(f"筛选出 {len(frame)} 行")
        # a real table (screen readers read it; a phone shows each row as a labelled card),
        # not the canvas grid of st.dataframe
        caption = html_escape(f"{view.label}（单位：{view.unit}，共 {len(frame)} 行）")
        body = [[str(line)] + [str(c) for c in cells]
                for line, cells in zip(frame["行号"], frame.drop(columns="行号").values.tolist())]
        st.html(STYLE + table_html(caption, list(frame.columns), body))
        safe = frame.map(csv_safe)
        st.download_button("下载 CSV", safe.to_csv(index=False).encode("utf-8-sig"),
                           file_name=f"{choice}.csv", mime="text/csv", key="browse-csv")
    st.divider()
    _charts(engine, doc_id)
    return shown


def _show_all() -> None:
    st.session_state["browse-lines"] = ""


def _bar(rows: list[dict], title: str, label: str = "label") -> None:
    import altair as alt
    import pandas as pd

    if not rows:
        return
    # names in full, wrapped onto lines of 9 characters (a phone has no room for one long
    # line); each bar's value written beside it, not only in a tooltip
    frame = pd.DataFrame({"名称": [str(r[label]) for r in rows],
                          "标签": [_wrap(str(r[label])) for r in rows],
                          "金额（万元）": [float(r["value"] or 0) for r in rows]})
    base = alt.Chart(frame, title=title).encode(
        y=alt.Y("标签:N", sort="-x", title=None, axis=alt.Axis(
            labelLimit=0, labelFontSize=11, labelOverlap=False, labelColor=INK,
            labelExpr="split(datum.label, '|')")),
        # room on the right for the largest bar's value
        x=alt.X("金额（万元）:Q", axis=alt.Axis(format=",.0f", labelColor=INK, titleColor=INK,
                                                     tickCount=4),
                scale=alt.Scale(domain=[0, max(frame["金额（万元）"].max(), 1) * 1.3])),
        tooltip=["名称", alt.Tooltip("金额（万元）:Q", format=",.2f")])
    bars = base.mark_bar()
    values = base.mark_text(align="left", dx=3, fontSize=11, color="#1f2330").encode(
        text=alt.Text("金额（万元）:Q", format=",.2f"))
    lines = max(len(n.split("|")) for n in frame["标签"])
    chart = (bars + values).properties(height=alt.Step(max(30, 15 * lines + 4)))
    st.altair_chart(chart.configure_title(color=INK), width="stretch")


def _wrap(name: str, width: int = 9) -> str:
    """A long name cut into lines of `width` characters, joined by "|" for the axis."""
    return "|".join(name[i:i + width] for i in range(0, len(name), width))


def _charts(engine: Engine, doc_id: int) -> None:
    st.header("图表", anchor=False)   # h2 under the page's h1 (heading order)
    _bar(browse.income_by_source(engine, doc_id), "收入来源")
    _bar(browse.expense_by_subject(engine, doc_id), "支出按功能分类科目（类）")
    projects = [{"label": f"{r['name']}（{r['unit']}）", "value": r["total"]}
                for r in browse.projects_by_amount(engine, doc_id, "本年")]
    _bar(projects[:15], "本年项目金额（前15）")
