"""The answer object every path returns, and the formatting of amounts for people."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields, replace
from decimal import Decimal
from typing import Any, Callable

import cn2an

from queries.db import Result, to_number
from queries.thresholds import YUAN_ALSO_IN_WAN
from queries.vocab import LEX

STATUSES = ("answered", "clarify", "no_data", "out_of_scope")


class _Record(Mapping):
    """A typed element of an answer that reads like the JSON object it becomes (`f["value"]`,
    `dict(f, label=…)`): unset optional fields are left out of the JSON."""

    _OPTIONAL: tuple[str, ...] = ()

    def _keys(self) -> list[str]:
        return [f.name for f in fields(self)  # type: ignore[arg-type]
                if not (f.name in self._OPTIONAL and getattr(self, f.name) in (None, [], ""))]

    def __getitem__(self, key: str) -> Any:
        if key not in self._keys():
            raise KeyError(key)
        return getattr(self, key)

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys())

    def __len__(self) -> int:
        return len(self._keys())

    def to_json(self) -> dict[str, Any]:
        return dict(self.items())

    @classmethod
    def of(cls, item: Mapping[str, Any]) -> Any:
        """The typed element for a mapping built elsewhere (a part's figure relabelled …)."""
        if isinstance(item, cls):
            return item
        names = {f.name for f in fields(cls)}  # type: ignore[arg-type]
        return cls(**{k: v for k, v in item.items() if k in names})


@dataclass(eq=False)
class Figure(_Record):
    """A number the answer states: the headline first (what was asked), then its parts."""

    label: str
    value: float | int | None
    unit: str
    # where it was read: the index of its row in `Answer.rows`, and (row, cell) of each cell
    # (several for a sum); empty when it was computed from figures of other answers
    row: int | None = None
    cells: list[tuple[int, int]] = field(default_factory=list)
    _OPTIONAL = ("row", "cells")

    def to_json(self) -> dict[str, Any]:
        out = dict(self.items())
        if "cells" in out:
            out["cells"] = [list(c) for c in self.cells]
        return out


@dataclass(eq=False)
class SourceRow(_Record):
    """A row of a source table (or a quoted line of the explanations), cells as printed."""

    table: str
    line: int | None
    cells: list[str]
    table_no: int | None = None
    page: int | None = None
    file: str | None = None
    _OPTIONAL = ("table_no", "page", "file")

    def __eq__(self, other: object) -> bool:     # the same row of the same table
        return isinstance(other, Mapping) and (self.get("table"), self.get("line"),
                                               list(self.get("cells") or [])) == (
            other.get("table"), other.get("line"), list(other.get("cells") or []))


@dataclass(eq=False)
class Candidate(_Record):
    """A choice offered back: a name with its unit or figure, and the question it asks."""

    name: str
    detail: str = ""
    ask: str = ""
    amount: str = ""               # its figure as shown ("4,518.27万元"), when it has one
    doc: str | None = None         # the document it is asked of (a 'which document?' choice)
    _OPTIONAL = ("amount", "doc")


@dataclass
class Answer:
    """What the CLI prints as JSON and the app renders; see design.md §3."""

    question: str
    status: str
    answer: str
    figures: list[Figure] = field(default_factory=list)
    rows: list[SourceRow] = field(default_factory=list)
    sql: list[dict[str, Any]] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    notice: str = ""
    document: str = ""
    intent: str = ""
    reading: str = ""
    # what the answer explains beyond its figures, rows and candidates: the names and words it
    # answered about (an empty cell's item, a term, a unit); the reading gate reads these
    explains: list[str] = field(default_factory=list)
    # the question words it answers (有没有, 是否): explained as asking, never as a name (a verb
    # said after them is no name's own character: "有没有用")
    asks: list[str] = field(default_factory=list)
    # the item asked, when the document prints it empty (未安排 / 无数据): "no" to 有没有
    empty: str = ""
    # what an answered question was about: what the next question of the conversation may
    # lean on ("比去年多了多少", queries/followup.py)
    subject: str = ""

    def typed(self) -> "Answer":
        """Every element as its dataclass (parts built as mappings elsewhere included)."""
        self.figures = [Figure.of(f) for f in self.figures]
        self.rows = [SourceRow.of(r) for r in self.rows]
        self.candidates = [Candidate.of(c) for c in self.candidates]
        return self

    def to_json(self) -> dict[str, Any]:
        self.typed()
        out = {f.name: getattr(self, f.name) for f in fields(self)
               if f.name not in ("explains", "asks", "empty")}
        out["figures"] = [f.to_json() for f in self.figures]
        out["rows"] = [r.to_json() for r in self.rows]
        out["candidates"] = [c.to_json() for c in self.candidates]
        return out

    def fresh(self) -> "Answer":
        """An empty answer to the same question (for trying another reading)."""
        return Answer(self.question, "answered", "", notice=self.notice, document=self.document)

    def adopt(self, part: "Answer",
              table: Callable[[str], str] | None = None) -> Callable[[Any], Figure]:
        """Take a part's SQL and source rows into this answer (rows relabelled by `table`);
        returns how to move one of the part's figures so it points at the same rows here."""
        index: dict[int, int] = {}
        for i, r in enumerate(part.typed().rows):
            row = replace(r, table=table(r.table)) if table else r
            if row not in self.rows:
                self.rows.append(row)
            index[i] = self.rows.index(row)
        for entry in part.sql:
            if entry not in self.sql:
                self.sql.append(entry)

        def move(fig: Any) -> Figure:
            f = Figure.of(fig)
            return replace(f, row=index.get(f.row) if f.row is not None else None,
                           cells=[(index[r], c) for r, c in f.cells if r in index])
        return move

    def explain(self, *words: str) -> None:
        """Record names or words the answer explains that no figure, row or choice names."""
        self.explains += [w for w in words if w]

    def named(self) -> list[str]:
        """What this answer names: figure labels, choices, the tables its rows come from and
        what it says it explains — what the reading gate aligns the question with."""
        out = [str(f.get("label", "")) for f in self.figures]
        out += [f"{c.get('name', '')} {c.get('detail') or ''}" for c in self.candidates]
        # the tables its rows come from, without their bracketed notes ("（不含上年结转）")
        out += [re.sub(r"（[^（）]*）", "", str(r.get("table", ""))) for r in self.rows]
        return out + self.explains

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
            # table_no: for showing the table's own header
            self.rows.append(SourceRow(name, r["line"], list(r.get("cells") or []),
                                       r.get("table_no") or None))

    def cite_row(self, row: Mapping[str, Any], table: str) -> None:
        """Cite one database row under the table name given (a row of another document)."""
        cited = SourceRow(table, row["line"], list(row.get("cells") or []), row.get("table_no"))
        if cited not in self.rows:
            self.rows.append(cited)

    def figure(self, label: str, value_wan: Decimal | None, unit: str = "万元",
               source_unit: str = "万元", at: Any = None) -> str:
        """Add a figure (converted to `unit` when it is an amount) and return its display text;
        `at` is the database row (or rows, for a sum) it was read from."""
        if value_wan is None:
            return "无数据"
        value, shown_unit = convert(value_wan, source_unit, unit)
        fig = Figure(label, to_number(value), shown_unit)
        if isinstance(at, list):                 # a sum: each row with its own amount
            for src in at:
                self._locate(fig, src, src.get("total", src.get("value")))
        elif at is not None:
            self._locate(fig, at, value_wan)
        self.figures.append(fig)
        return shown_amount(value, shown_unit)

    def _locate(self, fig: Figure, src: Mapping[str, Any], value: Decimal | None) -> None:
        """Point the figure at its row (by the row's line: its identity in the document) and
        at the cell of that row printing its value."""
        line = src.get("line")
        at = next((i for i, r in enumerate(self.rows) if r.get("line") == line), None)
        if at is None:
            return
        if fig.row is None:
            fig.row = at
        for j, cell in enumerate(self.rows[at].get("cells") or []):
            if value is not None and cell_value(cell) == Decimal(value):
                fig.cells.append((at, j))
                return


def cell_value(cell: Any) -> Decimal | None:
    """A printed cell as a number ("1,234.50" -> 1234.50), or None."""
    text = str(cell).replace(",", "").strip()
    try:
        return Decimal(text) if text else None
    except ArithmeticError:
        return None


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


_SCALE = {unit: Decimal(v) for unit, v in LEX["numbers"]["money_scale"].items()}
_YUAN, _WAN, _YI = LEX["numbers"]["money"]
AMOUNT_UNITS = frozenset(_SCALE)      # the units amounts convert between
MONEY_UNITS = tuple(_SCALE)           # smallest first: 元, 万元, 亿元


def convert(value: Decimal, source_unit: str, unit: str) -> tuple[Decimal, str]:
    """Convert between 元 / 万元 / 亿元; other units (人, 辆, %) are returned unchanged."""
    if source_unit not in _SCALE or unit not in _SCALE:
        return value, source_unit
    return value * _SCALE[source_unit] / _SCALE[unit], unit


def shown_amount(value: Decimal, unit: str) -> str:
    """An amount as answers show it: in its unit — one in 元 with 约…万元 beside it (a table in
    元 read by people who count in 万元: both, the table's first)."""
    shown = f"{fmt_number(value, unit)}{unit}"
    if unit == _YUAN and abs(value) >= YUAN_ALSO_IN_WAN:
        shown += LEX["phrasing"]["about_wan"].format(
            value=fmt_number(convert(value, unit, _WAN)[0], _WAN))
    return shown


def fmt_number(value: Decimal, unit: str = "万元") -> str:
    """Figures for people: 万元 with two decimals, 元 with thousands separators, 亿元 exact."""
    value = Decimal(value)
    if unit == _WAN:
        return f"{value:,.2f}"
    if unit == _YUAN:
        q = value.quantize(Decimal("0.01"))
        return f"{q:,.0f}" if q == q.to_integral_value() else f"{q:,.2f}"
    if unit == _YI:
        return format(value.normalize(), "f")
    normal = value.normalize()
    return format(normal, "f")


def not_arranged(item: str, unit: str) -> Figure:
    """The 0 of an item a budget table prints empty: nothing arranged ("有没有安排…" → 没有)."""
    return Figure(f"{item}{LEX['phrasing']['not_arranged']}", 0.0, unit)
