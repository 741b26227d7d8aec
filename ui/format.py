"""Formatting for people: escaped text, figures with separators and units."""

from __future__ import annotations

import re
from typing import Any

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")
# bidirectional controls reorder what a reader sees (a name could show as another)
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
# a spreadsheet reads a cell that starts so as a formula (OWASP: CSV injection)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


# what Markdown turns into a link by itself (GFM autolinks: www., scheme://, a@b.c): a word
# joiner (U+2060, invisible) after the trigger keeps the text as text
_AUTOLINK = re.compile(r"(?i)(?:https?|ftp|mailto|www|file)(?=[:.])|@")
_JOINER = "\u2060"
# a plain number stays a number in a CSV (a negative amount is no formula)
_PLAIN_NUMBER = re.compile(r"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")


def plain(text: object) -> str:
    """Text shown as typed or printed, without bidi controls (st.text, tables)."""
    return _BIDI.sub("", str(text or ""))


def md_escape(text: str) -> str:
    """The one helper every piece of document or user text passes through before the UI shows
    it: literal inside Markdown (no links, autolinked addresses, images, HTML or bold) and
    without bidi controls."""
    text = _AUTOLINK.sub(lambda m: m.group(0) + _JOINER, plain(text))
    return _MD_SPECIAL.sub(r"\\\1", text)


def csv_safe(cell: object) -> object:
    """A cell for a CSV download: text that a spreadsheet would run as a formula is quoted
    with a leading apostrophe; numbers stay numbers."""
    if isinstance(cell, str) and cell.startswith(_FORMULA_START) and \
            not _PLAIN_NUMBER.fullmatch(cell):
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
