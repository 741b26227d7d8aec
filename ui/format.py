"""Formatting for people: escaped text, figures with separators and units."""

from __future__ import annotations

import re
from html import escape
from typing import Any

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")
# bidirectional controls reorder what a reader sees (a name could show as another)
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
# a spreadsheet reads a cell that starts so as a formula (OWASP: CSV injection)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def md_escape(text: str) -> str:
    """The one helper every piece of document or user text passes through before the UI shows
    it: literal inside Markdown (no links, images, HTML or bold) and without bidi controls."""
    return _MD_SPECIAL.sub(r"\\\1", _BIDI.sub("", str(text or "")))


def csv_safe(cell: object) -> object:
    """A cell for a CSV download: text that a spreadsheet would run as a formula is quoted
    with a leading apostrophe; numbers stay numbers."""
    if isinstance(cell, str) and cell.startswith(_FORMULA_START):
        return "'" + cell
    return cell


def figure_text(fig: dict[str, Any]) -> str:
    """'3,643.00 万元', '570,000 元', '8 辆', '77.1 %'."""
    value, unit = fig["value"], fig["unit"]
    if unit == "万元":
        return f"{value:,.2f} {unit}"
    if unit == "元":
        return f"{value:,.0f} {unit}" if float(value).is_integer() else f"{value:,.2f} {unit}"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,} {unit}" if isinstance(value, int) else f"{value} {unit}"


def html_escape(text: object) -> str:
    """The same helper for HTML (tables, excerpts, links): every character literal, quotes
    included (safe inside attributes), and without bidi controls."""
    return escape(_BIDI.sub("", str(text if text is not None else "")), quote=True)


# a clause of the explanations repeated word for word (收入 and 支出 give the same reason)
_CLAUSE = re.compile(r"[^，。；;]+[，。；;]?")
_REPEAT_MIN = 20


def once(text: str) -> str:
    """Text with a long clause that it already said replaced by a short back-reference, so a
    reason the document prints twice is read once ("主要原因同上")."""
    seen: set[str] = set()
    out = []
    for clause in _CLAUSE.findall(text):
        core = clause.rstrip("，。；;").strip()
        if len(core) >= _REPEAT_MIN and core in seen:
            out.append(("主要原因同上" if core.startswith(("主要原因", "原因")) else "（同上）")
                       + clause[len(clause.rstrip("，。；;")):])
            continue
        seen.add(core)
        out.append(clause)
    return "".join(out)


_DIRECTION = {"减少": "减少", "下降": "减少", "增加": "增加", "增长": "增加", "上升": "增加"}


def change_direction(fig: dict[str, Any], text: str) -> str | None:
    """减少 / 增加 for an unsigned 比上年增减 figure: a negative value, else the word the
    sentence prints right before that amount (a stopgap until the engine says it itself)."""
    value = fig.get("value")
    if not isinstance(value, (int, float)):
        return None
    if value < 0:
        return "减少"
    amount = abs(float(value))
    for m in re.finditer(r"(减少|下降|增加|增长|上升)\s*([\d,]+(?:\.\d+)?)", text or ""):
        try:
            if abs(float(m.group(2).replace(",", "")) - amount) < 0.006:
                return _DIRECTION[m.group(1)]
        except ValueError:
            continue
    return None
