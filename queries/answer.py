"""The answer object every path returns, and the formatting of amounts for people."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any, Callable

import cn2an

from queries.db import Result, to_number

STATUSES = ("answered", "clarify", "no_data", "out_of_scope")


@dataclass
class Answer:
    """What the CLI prints as JSON and the app renders; see design.md §3."""

    question: str
    status: str
    answer: str
    figures: list[dict[str, Any]] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)
    sql: list[dict[str, Any]] = field(default_factory=list)
    candidates: list[dict[str, Any]] = field(default_factory=list)
    notice: str = ""
    document: str = ""
    intent: str = ""
    reading: str = ""
    used: list[str] = field(default_factory=list)   # texts an answer drew on, beyond its words

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        del out["used"]
        return out

    def fresh(self) -> "Answer":
        """An empty answer to the same question (for trying another reading)."""
        return Answer(self.question, "answered", "", notice=self.notice, document=self.document)

    def named(self) -> list[str]:
        """What this answer names besides its sentence: figure labels, candidates and the
        tables its rows come from (表三 …)."""
        out = [str(f.get("label", "")) for f in self.figures]
        out += [f"{c.get('name', '')} {c.get('detail') or ''}" for c in self.candidates]
        # the tables its rows come from, without their bracketed notes ("（不含上年结转）")
        out += [re.sub(r"（[^（）]*）", "", str(r.get("table", ""))) for r in self.rows]
        return out + self.used

    def record(self, result: Result) -> None:
        """Record the SQL as run, with its parameters (once per template and parameters)."""
        entry = {"template": result.template, "sql": result.sql,
                 "params": {k: to_number(v) if isinstance(v, Decimal) else v
                            for k, v in result.params.items()}}
        if entry not in self.sql:
            self.sql.append(entry)

    def cite(self, result: Result, rows: list[dict[str, Any]] | None = None,
             table: str = "", label: Callable[[dict[str, Any]], str] | None = None) -> None:
        """Record the SQL and the source rows it returned (cells as in the document);
        `table` names the source for every row, `label` per row (e.g. with its document)."""
        self.record(result)
        seen = {(r["table"], r["line"]) for r in self.rows}
        for r in rows if rows is not None else result.rows:
            name = label(r) if label else table or table_label(r.get("table_no"),
                                                                r.get("table_title", ""))
            key = (name, r.get("line"))
            if key in seen or r.get("line") is None:
                continue
            seen.add(key)
            cells = list(r.get("cells") or [])
            row = {"table": name, "line": r["line"], "cells": cells}
            if r.get("table_no"):
                row["table_no"] = r["table_no"]          # for showing the table's own header
            self.rows.append(row)

    def figure(self, label: str, value_wan: Decimal | None, unit: str = "万元",
               source_unit: str = "万元") -> str:
        """Add a figure (converted to `unit` when it is an amount) and return its display text."""
        if value_wan is None:
            return "无数据"
        value, shown_unit = convert(value_wan, source_unit, unit)
        self.figures.append({"label": label, "value": to_number(value), "unit": shown_unit})
        return f"{fmt_number(value, shown_unit)}{shown_unit}"


def source_note(row: dict[str, Any]) -> str:
    """'（表十 …，第402行）' for a row that carries table_no, table_title and line."""
    return f"（{table_label(row.get('table_no'), row.get('table_title', ''))}，第{row['line']}行）"


def table_label(table_no: int | None, title: str) -> str:
    if not table_no:
        return title
    return f"表{cn2an.an2cn(int(table_no))} {title}".strip()


def prose_label(p: dict[str, Any] | None) -> str:
    """Where a line of the explanations stands, in the document's own words: part · section."""
    if not p:
        return ""
    return " ".join(dict.fromkeys(n for n in (p.get("part"), p.get("section")) if n))


_SCALE = {"元": Decimal(1), "万元": Decimal(10000), "亿元": Decimal(100000000)}
AMOUNT_UNITS = frozenset(_SCALE)      # the units amounts convert between
MONEY_UNITS = tuple(_SCALE)           # smallest first: 元, 万元, 亿元


def convert(value: Decimal, source_unit: str, unit: str) -> tuple[Decimal, str]:
    """Convert between 元 / 万元 / 亿元; other units (人, 辆, %) are returned unchanged."""
    if source_unit not in _SCALE or unit not in _SCALE:
        return value, source_unit
    return value * _SCALE[source_unit] / _SCALE[unit], unit


def fmt_number(value: Decimal, unit: str = "万元") -> str:
    """Figures for people: 万元 with two decimals, 元 with thousands separators, 亿元 exact."""
    value = Decimal(value)
    if unit == "万元":
        return f"{value:,.2f}"
    if unit == "元":
        q = value.quantize(Decimal("0.01"))
        return f"{q:,.0f}" if q == q.to_integral_value() else f"{q:,.2f}"
    if unit == "亿元":
        return format(value.normalize(), "f")
    normal = value.normalize()
    return format(normal, "f")
