"""The value of an entity of a kind: one row per kind — the template that reads it from one
document, how its figure is picked from the rows, what a share of it is naturally of, and the
template that reads the same figure from every loaded document.

Arithmetic (queries/intents/arithmetic.py) reads its operands here; comparisons across
departments (queries/intents/compare.py) their templates. A new kind of amount is one row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from queries.knowledge import Entity
from queries.vocab import LEX

Rows = list[dict[str, Any]]


@dataclass(frozen=True)
class ValueOf:
    template: str | None                            # reads it from one document
    params: Callable[[Entity], dict[str, Any]]      # the template's parameters
    pick: Callable[[Rows, Entity], Decimal | None]  # the figure among the rows
    side: Callable[[Rows, Entity], str]             # income | expense | basic | project
    across: str | None = None                       # reads it from every document
    across_params: Callable[[Entity], dict[str, Any]] = lambda e: {}
    cite: bool = True          # its rows are the figure's sources (not a whole table's rows)


def _first(rows: Rows, test: Callable[[dict[str, Any]], bool], column: str = "value"
           ) -> Decimal | None:
    return next((r[column] for r in rows if test(r) and r[column] is not None), None)


def _sum(rows: Rows, _: Entity) -> Decimal | None:
    """An item printed in several rows (办公费 under 商品和服务支出 twice) is their sum."""
    return sum((r["total"] or Decimal(0) for r in rows), Decimal(0)) if rows else None


def _summary_side(rows: Rows, _: Entity) -> str:
    cell = next((c for c in rows if c["col_key"] == "total" and c["value"] is not None), None)
    income = LEX["names"]["income_side"]
    return "income" if cell and cell["column_path"].startswith(income) else "expense"


def _fixed(side: str) -> Callable[[Rows, Entity], str]:
    return lambda rows, ent: side


# a 科目's total: the 支出总表's, else (provinces without one) the 财政拨款 or 一般公共预算
# 支出表's
SUBJECT_TOTALS = ("expense", "fiscal_expense", "gpb_expense")

VALUES: dict[str, ValueOf] = {
    "summary": ValueOf(
        "row_cells", lambda e: {"table_no": e.get("table_no"), "line": e.get("line"),
                                "name": e.name},
        lambda rows, e: _first(rows, lambda c: c["col_key"] == "total"), _summary_side,
        "cross_summary", lambda e: {"name": e.name}),
    "split": ValueOf(
        "table_total", lambda e: {"table_kind": e.get("table")},
        lambda rows, e: _first(rows, lambda r: r["col_key"] == e.get("key")),
        lambda rows, e: "basic" if e.get("table") == "gpb_basic_econ" else "expense",
        "cross_split", lambda e: {"table_kind": e.get("table"), "col_key": e.get("key")}),
    "subject": ValueOf(
        "subject_cells", lambda e: {"code": e.get("code")},
        lambda rows, e: next((v for kind in SUBJECT_TOTALS if (v := _first(
            rows, lambda c, kind=kind: (c["table_kind"], c["col_key"]) == (kind, "total")))
            is not None), None), _fixed("expense"),
        "cross_subject", lambda e: {"code": e.get("code")}),
    "sangong": ValueOf(
        "sangong", lambda e: {},
        lambda rows, e: _first(rows, lambda r: r["item"] == e.get("item"), "total"),
        _fixed("basic"), "cross_sangong", lambda e: {"item": e.get("item")}, cite=False),
    "econ": ValueOf("econ_item", lambda e: {"item": e.name}, _sum, _fixed("basic")),
    # 财政拨款收入 of the 收入决算表, from its 合计 row
    "column": ValueOf(
        "table_total", lambda e: {"table_kind": e.get("table_kind")},
        lambda rows, e: _first(rows, lambda r: r["column_path"] == e.get("path")),
        lambda rows, e: "income" if e.get("table_kind") == "income" else "expense"),
    "project": ValueOf("project", lambda e: {"name": e.name, "unit": e.get("unit")}, _sum,
                       _fixed("project")),
    # 机关运行经费 is compared across departments, never an operand within one
    "opex": ValueOf(None, lambda e: {}, lambda rows, e: None, _fixed("basic"), "cross_opex"),
}


def across_query(entity: Entity) -> tuple[str, dict[str, Any]] | None:
    """The template that fetches the same figure from every document, by entity kind."""
    row = VALUES.get(entity.kind)
    if row is None or row.across is None:
        return None
    return row.across, row.across_params(entity)


def entity_value(ctx: Any, ent: Entity, kn: Any, ans: Any) -> tuple[Decimal | None, str]:
    """One entity's figure (in 万元) and the side of the budget it is on, its row cited; a
    table of many items (the 三公 table) is cited by the item's own row only."""
    row = VALUES.get(ent.kind)
    if row is None or row.template is None:
        return None, ""
    result = ctx.run(ans, row.template, kn, **row.params(ent))
    value = row.pick(result.rows, ent)
    if value is None:
        return None, ""
    ans.cite(result, rows=None if row.cite else [
        r for r in result.rows if r.get("item") == ent.get("item")][:1])
    return value, row.side(result.rows, ent)
