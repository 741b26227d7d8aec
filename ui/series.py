"""A series in the answer card: when an answer gives one figure for each of several years
(这三年分别, 比上年 with both years' tables), a bar per year with its value written on it, and
the figures as a table under it — readable on a phone."""

from __future__ import annotations

import re
from typing import Any

import streamlit as st

from ui.format import figure_text, html_escape

INK = "#31333f"           # chart text on white: 12:1
_YEAR = re.compile(r"^((?:19|20)\d{2})年\s*")


def series_of(ans: dict[str, Any]) -> list[dict[str, Any]]:
    """The answer's figures that each name a year, one per year, in year order; empty unless
    there are two or more in one unit."""
    if ans.get("status") != "answered":
        return []
    by_year: dict[str, dict[str, Any]] = {}
    for fig in ans.get("figures") or []:
        m = _YEAR.match(str(fig.get("label", "")))
        if m and m.group(1) not in by_year:
            by_year[m.group(1)] = {"year": m.group(1), "label": str(fig["label"]),
                                   "value": fig["value"], "unit": fig["unit"]}
    points = [by_year[y] for y in sorted(by_year)]
    if len(points) < 2 or len({p["unit"] for p in points}) != 1:
        return []
    return points


def series_chart(points: list[dict[str, Any]]) -> None:
    """Bars by year with each value written above its bar, then the same figures as a table."""
    import altair as alt
    import pandas as pd

    unit = points[0]["unit"]
    frame = pd.DataFrame({"年度": [f"{p['year']}年" for p in points],
                          "数值": [float(p["value"]) for p in points]})
    top = max(frame["数值"].max(), 1) * 1.2
    base = alt.Chart(frame).encode(
        x=alt.X("年度:N", sort=None, title=None,
                axis=alt.Axis(labelAngle=0, labelColor=INK, labelFontSize=12)),
        # the unit above the chart, not a rotated axis title (which a phone's narrow chart
        # pushes against its left edge)
        y=alt.Y("数值:Q", title=None, scale=alt.Scale(domain=[0, top]),
                axis=alt.Axis(format=",.0f", labelColor=INK, tickCount=4)),
        tooltip=["年度", alt.Tooltip("数值:Q", format=",.2f")])
    bars = base.mark_bar(color="#1f6fb2")
    values = base.mark_text(dy=-8, fontSize=12, color=INK).encode(
        text=alt.Text("数值:Q", format=",.2f"))
    title = alt.TitleParams(f"单位：{unit}", anchor="start", fontSize=12, fontWeight="normal",
                            color=INK)
    st.altair_chart((bars + values).properties(height=220, title=title), width="stretch")
    # each cell padded and the figures right-aligned, so the year and its value never run
    # together ("2025年114.00 万元") and the values line up by their digits
    cell = "padding:.2rem 1rem .2rem 0;text-align:left"
    figure = "padding:.2rem 0;text-align:right;font-variant-numeric:tabular-nums"
    rows = "".join(f"<tr><th scope='row' style='{cell}'>{html_escape(p['year'])}年</th>"
                   f"<td style='{figure}'>{html_escape(figure_text(p))}</td></tr>"
                   for p in points)
    st.html("<table class='series' style='border-collapse:collapse;font-size:.9rem'>"
            "<caption style='text-align:left;color:#31333f'>各年数值</caption>"
            f"<thead><tr><th scope='col' style='{cell}'>年度</th>"
            f"<th scope='col' style='{figure}'>数值</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>")
