"""Reconciliation (勾稽) checks run at build time; every outcome is stored, failures are reported."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import cn2an

from catalog.formats import AMOUNT_KEY_LABELS, Format, Stored
from catalog.tables import (
    EconItem,
    ParsedTable,
    ProjectTable,
    SangongItem,
    Subject,
)

TOLERANCE = Decimal("0.02")   # the document warns of 尾差 from rounding
ZERO = Decimal(0)


@dataclass
class Check:
    table_no: int
    name: str
    description: str
    expected: Decimal     # the stated figure
    actual: Decimal       # what the parts add up to
    lines: list[int]
    tolerance: Decimal = TOLERANCE     # in the table's unit (0.02 万元 is 200 元)

    @property
    def diff(self) -> Decimal:
        return self.actual - self.expected

    @property
    def passed(self) -> bool:
        return abs(self.diff) <= self.tolerance


def _t(table: ParsedTable) -> str:
    """'表十' — tables are numbered in Chinese everywhere people read them."""
    return f"表{cn2an.an2cn(table.number)}" if table.number else "表"


def _k(key: str) -> str:
    """A column by its Chinese name (合计, 上年结转 …), never an internal key."""
    return AMOUNT_KEY_LABELS.get(key, key)


def _sum(values: list[Decimal | None]) -> Decimal:
    return sum((v or ZERO for v in values), ZERO)


def _cell(table: ParsedTable, label: str, key: str = "total"):
    return next((c for c in table.cells if c.row_label == label and c.column.key == key), None)


def summary_checks(fmt: Format, table: ParsedTable) -> list[Check]:
    """收入总计 = 支出总计, and 收入总计 = 本年收入合计 + 上年结转."""
    words = fmt.summary_rows
    out: list[Check] = []
    inc, exp = _cell(table, words["income_total"]), _cell(table, words["expense_total"])
    if inc and exp:
        out.append(Check(table.number, "收支平衡", f"{_t(table)}：收入总计 = 支出总计",
                         inc.value, exp.value, [inc.line, exp.line]))
    sub = _cell(table, words["income_subtotal"])
    carry = _cell(table, words["carry_in"]) or _cell(table, words["carry_in_fiscal"])
    if inc and sub:
        parts = [sub.value, carry.value if carry else ZERO]
        lines = [inc.line, sub.line] + ([carry.line] if carry else [])
        out.append(Check(table.number, "收入总计构成",
                         f"{_t(table)}：收入总计 = 本年收入合计 + 上年结转",
                         inc.value, _sum(parts), lines))
    return out


def subject_checks(table: ParsedTable, rows: list[Subject]) -> list[Check]:
    """Each parent 科目 = sum of its children; 合计 = sum of 类; 合计 = 基本支出 + 项目支出."""
    out: list[Check] = []
    keys = sorted({k for r in rows for k in r.amounts})
    by_parent: dict[str, list[Subject]] = {}
    for r in rows:
        by_parent.setdefault(r.parent, []).append(r)
    total_row = next((r for r in table.rows if r.label == "合计" and not r.code), None)
    for r in rows:
        kids = by_parent.get(r.code, [])
        if not kids:
            continue
        for key in keys:
            if r.amounts.get(key) is None and all(k.amounts.get(key) is None for k in kids):
                continue
            out.append(Check(table.number, "科目汇总",
                             f"{_t(table)}：{r.code} {r.name}（{_k(key)}）= 下级科目之和",
                             r.amounts.get(key) or ZERO, _sum([k.amounts.get(key) for k in kids]),
                             [r.line] + [k.line for k in kids]))
    if total_row:
        tops = by_parent.get("", [])
        for key in keys:
            if total_row.amounts.get(key) is None and all(t.amounts.get(key) is None for t in tops):
                continue
            out.append(Check(table.number, "合计",
                             f"{_t(table)}：合计（{_k(key)}）= 各类科目之和",
                             total_row.amounts.get(key) or ZERO,
                             _sum([t.amounts.get(key) for t in tops]),
                             [total_row.line] + [t.line for t in tops]))
    if "basic" in keys or "project" in keys:
        for r in [*rows, *([total_row] if total_row else [])]:
            a = r.amounts
            if a.get("total") is None:
                continue
            label = getattr(r, "name", None) or r.label
            out.append(Check(table.number, "基本+项目",
                             f"{_t(table)}：{label} 合计 = 基本支出 + 项目支出",
                             a["total"], _sum([a.get("basic"), a.get("project")]), [r.line]))
    return out


def econ_checks(table: ParsedTable, items: list[EconItem]) -> list[Check]:
    """经济科目表：合计 = 各类之和；每类 = 其款项之和；每行 合计 = 人员经费 + 公用经费."""
    out: list[Check] = []
    total_row = next((r for r in table.rows if r.label == "合计"), None)
    cats = [i for i in items if i.is_category]
    for key in ("total", "personnel", "public"):
        if total_row:
            out.append(Check(table.number, "经济科目合计", f"{_t(table)}：合计（{_k(key)}）= 各类之和",
                             total_row.amounts.get(key) or ZERO,
                             _sum([c.amounts.get(key) for c in cats]),
                             [total_row.line] + [c.line for c in cats]))
        for cat in cats:
            kids = [i for i in items if not i.is_category and i.category == cat.item]
            out.append(Check(table.number, "经济科目分类",
                             f"{_t(table)}：{cat.item}（{_k(key)}）= 其款项之和",
                             cat.amounts.get(key) or ZERO, _sum([k.amounts.get(key) for k in kids]),
                             [cat.line] + [k.line for k in kids]))
    return out


def sangong_checks(table: ParsedTable, items: list[SangongItem]) -> list[Check]:
    """“三公”合计 = 三项之和；公务用车购置及运行费 = 购置费 + 运行维护费."""
    out: list[Check] = []
    total = next((i for i in items if i.level == Stored.TOTAL), None)
    parts = [i for i in items if i.level == Stored.ITEM]
    keys = sorted({k for i in items for k in i.amounts}) or ["total"]
    for key in keys:
        if total:
            out.append(Check(table.number, "三公合计", f"{_t(table)}：“三公”经费合计（{_k(key)}）= 三项之和",
                             total.amounts.get(key) or ZERO,
                             _sum([p.amounts.get(key) for p in parts]),
                             [total.line] + [p.line for p in parts]))
        table_total = next((i for i in items if i.level == Stored.TABLE_TOTAL), None)
        if table_total and total:
            beside = [i for i in items if i.level == Stored.BESIDE]
            out.append(Check(table.number, "三公表合计",
                             f"{_t(table)}：{table_total.name}（{_k(key)}）= “三公”经费 + 并列各项",
                             table_total.amounts.get(key) or ZERO,
                             _sum([total.amounts.get(key)] + [b.amounts.get(key) for b in beside]),
                             [table_total.line, total.line] + [b.line for b in beside]))
        for p in parts:
            subs = [i for i in items if i.level == Stored.SUBITEM and i.parent == p.name]
            if subs:
                out.append(Check(table.number, "三公分项", f"{_t(table)}：{p.name}（{_k(key)}）= 其子项之和",
                                 p.amounts.get(key) or ZERO,
                                 _sum([s.amounts.get(key) for s in subs]),
                                 [p.line] + [s.line for s in subs]))
    return out


def project_checks(table: ParsedTable, split: ProjectTable) -> list[Check]:
    """Each unit subtotal = sum of its projects; the department total = sum of unit subtotals."""
    out: list[Check] = []
    keys = sorted({k for u in split.units for k in u.amounts} | {"total"})
    for key in keys:
        for unit in split.units:
            out.append(Check(table.number, "单位小计",
                             f"{_t(table)}：{unit.unit} 小计（{_k(key)}）= 其项目之和",
                             unit.amounts.get(key) or ZERO,
                             _sum([p.amounts.get(key) for p in unit.projects]),
                             [unit.line] + [p.line for p in unit.projects]))
        if split.total is not None:
            out.append(Check(table.number, "部门合计",
                             f"{_t(table)}：部门合计（{_k(key)}）= 各单位小计之和",
                             split.total.amounts.get(key) or ZERO,
                             _sum([u.amounts.get(key) for u in split.units]),
                             [split.total.line] + [u.line for u in split.units]))
    return out


def project_total_check(expense: ParsedTable, current: ParsedTable | None,
                        carry: ParsedTable | None, splits: dict[int, ProjectTable]) -> list[Check]:
    """本年项目表 + 上年结转项目表 = 支出总表的项目支出合计."""
    total_row = next((r for r in expense.rows if r.label == "合计" and not r.code), None)
    if total_row is None or total_row.amounts.get("project") is None:
        return []
    parts, lines = [], [total_row.line]
    for t in (current, carry):
        split = splits.get(t.number) if t else None
        if split and split.total is not None:
            parts.append(split.total.amounts.get("total"))
            lines.append(split.total.line)
    if not parts:
        return []
    return [Check(expense.number, "项目支出总额",
                  f"{_t(current) if current else '表?'} + {_t(carry) if carry else '表?'} "
                  f"= {_t(expense)} 项目支出合计",
                  total_row.amounts["project"], _sum(parts), lines)]


def opex_checks(table: ParsedTable) -> list[Check]:
    """机关运行经费：部门合计 = 各单位之和."""
    rows = [r for r in table.rows if r.label]
    if len(rows) < 2 or "合计" not in rows[0].label:
        return []
    return [Check(table.number, "机关运行经费合计", f"{_t(table)}：{rows[0].label} = 各单位之和",
                  rows[0].amounts.get("total") or ZERO,
                  _sum([r.amounts.get("total") for r in rows[1:]]),
                  [r.line for r in rows])]
