"""Formatting for people: escaped text, figures with separators and units."""

from __future__ import annotations

import re
from typing import Any

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$])")


def md_escape(text: str) -> str:
    """Show user or document text literally inside st.markdown (no links, no HTML, no bold)."""
    return _MD_SPECIAL.sub(r"\\\1", text or "")


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
