"""Interpret a report table: header rows -> column paths, data rows -> cells and typed rows."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal

from catalog.document import Line, TableBlock
from catalog.formats import Format, Stored
from catalog.numbers import MAX_ABS
from catalog.text import is_amount, is_empty, parse_amount, strip_enumerator

_YEAR_PREFIX = re.compile(r"^\d{4}年?")
# the one limit of every stored number (catalog/numbers.py; parse_amount already applies it)
MAX_AMOUNT = MAX_ABS


@dataclass
class Column:
    index: int
    path: str
    leaf: str
    kind: str            # "label" | "code" | "amount"
    key: str | None      # canonical amount key for amount columns


@dataclass
class Cell:
    """One numeric cell with everything needed to cite it."""

    row_label: str
    row_label2: str
    code: str
    column: Column
    value: Decimal
    line: int


@dataclass
class Row:
    """A data row: its line, the cells as in the document, and its amounts by canonical key."""

    line: int
    cells: list[str]
    label: str
    label2: str
    code: str
    amounts: dict[str, Decimal]


@dataclass
class ParsedTable:
    block: TableBlock
    columns: list[Column]
    header_lines: list[int]
    rows: list[Row]
    cells: list[Cell]
    warnings: list[tuple[int, str]] = field(default_factory=list)

    @property
    def number(self) -> int:
        return self.block.number or 0

    @property
    def is_empty(self) -> bool:
        return self.block.empty_marked or not self.cells


def _is_column_number_row(cells: list[str]) -> bool:
    filled = [c for c in cells if c]
    return len(filled) >= 3 and filled == [str(i) for i in range(1, len(filled) + 1)]


def _is_header_row(fmt: Format, cells: list[str]) -> bool:
    if _is_column_number_row(cells):
        return True
    if any(is_amount(c) for c in cells):
        return False
    first = cells[0] if cells else ""
    return first == "" or fmt.starts_header(first)


def _column_paths(header: list[list[str]], width: int) -> list[list[str]]:
    """Header path per column; upper header rows span rightwards over their empty cells."""
    paths: list[list[str]] = [[] for _ in range(width)]
    for depth, row in enumerate(header):
        padded = row + [""] * (width - len(row))
        last_upper = depth < len(header) - 1
        current = ""
        for j, cell in enumerate(padded):
            # a span never crosses the start of a group in a row above ("科目名称" does not
            # run on under "本年收入合计")
            above = any(j < len(header[k]) and header[k][j] for k in range(depth))
            if cell:
                current = cell
            elif not last_upper or j == 0 or above:
                current = ""
            label = cell or (current if last_upper else "")
            if label and (not paths[j] or paths[j][-1] != label):
                paths[j].append(label)
    return paths


def _classify(fmt: Format, index: int, parts: list[str]) -> Column:
    leaf = parts[-1] if parts else ""
    path = "/".join(parts)
    if fmt.is_code_header(leaf):
        return Column(index, path, leaf, "code", None)
    if fmt.is_label_header(leaf):
        return Column(index, path, leaf, "label", None)
    key = fmt.amount_headers.get(_YEAR_PREFIX.sub("", leaf))
    return Column(index, path, leaf, "amount", key)


def _labels_for(columns: list[Column], j: int) -> tuple[list[int], list[int]]:
    """Label and code columns that describe amount column j: the text block to its left."""
    labels: list[int] = []
    codes: list[int] = []
    k = j - 1
    while k >= 0 and columns[k].kind == "amount":
        k -= 1
    while k >= 0 and columns[k].kind != "amount":
        (codes if columns[k].kind == "code" else labels).insert(0, k)
        k -= 1
    return labels, codes


def _row_names(fmt: Format, cells: list[str], labels: list[int],
               codes: list[int]) -> tuple[str, str, str]:
    """Row label, second label and 科目编码; a word such as 合计 in the code column is a label."""
    label = cells[labels[0]] if labels else ""
    label2 = cells[labels[1]] if len(labels) > 1 else ""
    code = cells[codes[0]] if codes else ""
    if code and not fmt.code_pattern.match(code):
        label, code = (label or code), ""
    return label, label2, code


def parse_table(fmt: Format, block: TableBlock) -> ParsedTable:
    """Read header rows into column paths and every data row into numeric cells."""
    rows = block.rows
    header: list[Line] = []
    for ln in rows:
        if not _is_header_row(fmt, ln.cells):
            break
        header.append(ln)
    body = rows[len(header):]
    width = max(len(ln.cells) for ln in rows)
    named = [ln.cells for ln in header if not _is_column_number_row(ln.cells)]
    paths = _column_paths(named, width)
    columns = [_classify(fmt, j, p) for j, p in enumerate(paths)]
    # a column whose body holds words and never a figure names its rows (采购组织形式, a
    # second label column under an empty header)
    for col in columns:
        cells_in = [ln.cells[col.index] for ln in body
                    if col.index < len(ln.cells) and not is_empty(ln.cells[col.index])]
        if col.kind == "amount" and cells_in and not any(is_amount(c) for c in cells_in):
            columns[col.index] = Column(col.index, col.path, col.leaf, "label", None)
    # the first column carries the row labels when its header names no amount, or when no
    # column at all was recognised as a label
    first = columns[0] if columns else None
    # one row of figures, each named by its column's header
    wide = block.kind.role in ("sangong_wide", "wide")
    if first and not wide and first.kind == "amount" and (
            first.key is None or all(c.kind == "amount" for c in columns)):
        columns[0] = Column(0, first.path, first.leaf, "label", None)
    parsed = ParsedTable(block, columns, [h.no for h in header], [], [])
    for ln in body:
        cells = ln.cells + [""] * (width - len(ln.cells))
        first_labels, first_codes = _labels_for(columns, next(
            (c.index for c in columns if c.kind == "amount"), width))
        label, label2, code = _row_names(fmt, cells, first_labels, first_codes)
        row = Row(ln.no, ln.cells, label, label2, code, amounts={})
        for col in columns:
            if col.kind != "amount" or is_empty(cells[col.index]):
                continue
            try:
                value = parse_amount(cells[col.index])
            except ValueError as exc:       # catalog/numbers.py: not a number, or too large
                parsed.warnings.append((ln.no, f"表“{block.title}”列“{col.path}”的单元格"
                                               f"{exc}，无法读取"))
                continue
            if value is None:
                continue
            if abs(value) >= MAX_AMOUNT:
                parsed.warnings.append((ln.no, f"表“{block.title}”列“{col.path}”的金额"
                                               f"“{cells[col.index]}”超出可存储的范围，已跳过"))
                continue
            labels, codes = _labels_for(columns, col.index)
            label, label2, code = _row_names(fmt, cells, labels, codes)
            if not label and not code and fmt.span_labels:
                # a two-sided summary's total row: "当年支出小计" printed across the
                # 功能分类 and 支出用途 groups, its figure in the last column
                label = next((c for c in reversed(cells[:col.index])
                              if c and not is_amount(c)), "")
            if not label and not code and block.kind.role == "wide":
                label = col.leaf
            parsed.cells.append(Cell(label, label2, code, col, value, ln.no))
            if labels == first_labels and col.key and col.key not in row.amounts:
                row.amounts[col.key] = value
        parsed.rows.append(row)
    return parsed


# ---------------------------------------------------------------- typed rows


@dataclass
class Subject:
    code: str
    name: str
    level: str
    parent: str
    amounts: dict[str, Decimal]
    line: int


def subjects(fmt: Format, table: ParsedTable) -> list[Subject]:
    """功能分类科目 rows (those with a 科目编码) of a code table."""
    out = []
    for row in table.rows:
        if not fmt.code_pattern.match(row.code):
            continue
        level = fmt.code_levels.get(len(row.code), "")
        parent = row.code[:-2] if len(row.code) > min(fmt.code_levels) else ""
        out.append(Subject(row.code, row.label, level, parent, row.amounts, row.line))
    return out


@dataclass
class EconItem:
    item: str
    gov_item: str
    category: str
    is_category: bool
    amounts: dict[str, Decimal]
    line: int


def econ_items(table: ParsedTable) -> list[EconItem]:
    """经济分类 rows: a row with no 政府预算科目 opens a category (工资福利支出 …)."""
    out: list[EconItem] = []
    category = ""
    classes: dict[str, str] = {}
    keys = {k for r in table.rows for k in r.amounts}
    only = next(iter(keys)) if len(keys) == 1 and "total" not in keys else None
    for row in table.rows:
        if only is not None:
            # one figure column ("基本支出" in a 基本支出 table): it is the row's total
            row = replace(row, amounts={"total": row.amounts[only]} if row.amounts else {})
        if not row.label or row.label == "合计":
            continue
        if row.label.endswith("合计"):
            continue                 # 人员经费合计 / 公用经费合计: totals, not items
        if row.code:
            # the national template codes its rows: the 类 is the code's first three digits
            # (two halves printed side by side interleave the classes)
            is_cat = len(row.code) == 3
            if is_cat:
                classes[row.code] = row.label
            category = classes.get(row.code[:3], category)
            out.append(EconItem(row.label, "", category, is_cat, row.amounts, row.line))
            continue
        is_cat = not row.label2
        if is_cat:
            category = row.label
        out.append(EconItem(row.label, row.label2, category if not is_cat else row.label, is_cat,
                            row.amounts, row.line))
    return out


@dataclass
class Project:
    unit: str
    name: str
    amounts: dict[str, Decimal]
    line: int


@dataclass
class UnitSubtotal:
    unit: str
    amounts: dict[str, Decimal]
    line: int
    projects: list[Project] = field(default_factory=list)


@dataclass
class ProjectTable:
    total: Row | None
    units: list[UnitSubtotal]


_TOL = Decimal("0.02")


def split_projects(table: ParsedTable, department: str, known_units: set[str]) -> ProjectTable:
    """Separate the department total, unit subtotal rows and project rows of a project table.

    The first row is the department total. A unit row is a row whose name is a unit named
    elsewhere in the document (机关运行经费表, 实施单位, 所属单位); failing that, a row whose
    amount equals the sum of the rows that follow it up to the next such row.
    """
    rows = [r for r in table.rows if r.label]
    if not rows:
        return ProjectTable(None, [])
    total = rows[0] if rows[0].label == department or len(rows) > 1 else None
    body = rows[1:] if total is not None else rows
    units: list[UnitSubtotal] = []
    i = 0
    while i < len(body):
        row = body[i]
        is_unit = row.label in known_units or row.label == department or not units
        if not is_unit:
            # structural fallback: does this row equal the sum of the following run?
            is_unit = _opens_run(body, i)
        if is_unit:
            units.append(UnitSubtotal(row.label, row.amounts, row.line))
        else:
            units[-1].projects.append(Project(units[-1].unit, row.label, row.amounts, row.line))
        i += 1
    return ProjectTable(total, units)


def _opens_run(rows: list[Row], i: int) -> bool:
    target = rows[i].amounts.get("total")
    if target is None:
        return False
    acc = Decimal(0)
    for row in rows[i + 1:]:
        acc += row.amounts.get("total", Decimal(0))
        if abs(acc - target) <= _TOL:
            return True
        if acc > target + _TOL:
            return False
    return False


@dataclass
class SangongItem:
    item: str
    name: str
    level: str      # 合计 | 项 | 子项
    parent: str
    amounts: dict[str, Decimal]
    line: int


def sangong_items(table: ParsedTable) -> list[SangongItem]:
    """“三公”经费 rows: circled numbers mark the parts of the row above them."""
    out: list[SangongItem] = []
    parent = ""
    for row in table.rows:
        if not row.label:
            continue
        name = strip_enumerator(row.label)
        if "合计" in row.label:
            out.append(SangongItem(row.label, name, Stored.TOTAL, "", row.amounts, row.line))
        elif name != row.label and re.match(r"^[①-⑳]", row.label):
            out.append(SangongItem(row.label, name, Stored.SUBITEM, parent, row.amounts, row.line))
        else:
            parent = name
            out.append(SangongItem(row.label, name, Stored.ITEM, "", row.amounts, row.line))
    return out


@dataclass
class WideTotal:
    """The 机关运行经费 figure of a wide “三公” table, as an opex total row."""

    label: str
    amounts: dict[str, Decimal]
    line: int


def sangong_wide(table: ParsedTable) -> tuple[list[SangongItem], WideTotal | None]:
    """The national template's one-row “三公”经费 table (with the 机关运行经费 in 预算 tables):
    each column is an item, named by the deepest header row that has a word in that column
    (merged header cells are ambiguous in print), its group by the nearest word to the left
    in the row above. In 决算 tables each item has a 预算数 and a 决算数 column."""
    header = [ln.cells for ln in table.block.rows if ln.no in table.header_lines]
    row = next((ln for ln in table.block.rows if ln.no not in table.header_lines), None)
    if row is None or not header:
        return [], None
    width = max(len(r) for r in header)
    header = [r + [""] * (width - len(r)) for r in header]
    paired = set(header[-1]) >= {_BUDGET, _ACTUAL}
    names = header[:-1] if paired else header
    step = 2 if paired else 1
    items: list[SangongItem] = []
    depths: list[int] = []
    opex: WideTotal | None = None
    for col in range(0, width, step):
        depth = max((d for d in range(len(names)) if names[d][col]), default=None)
        if depth is None or col >= len(row.cells):
            continue
        leaf = names[depth][col]
        group = next((names[depth - 1][c] for c in range(col, -1, -1)
                      if depth > 0 and names[depth - 1][c]), "")
        amounts: dict[str, Decimal] = {}
        for offset, key in ((0, "budget"), (1, "total")) if paired else ((0, "total"),):
            try:
                value = parse_amount(row.cells[col + offset]) if col + offset < len(
                    row.cells) else None
            except ValueError:
                value = None
            if value is not None:
                amounts[key] = value
        depths.append(depth)
        if _OPEX_HEADER.search(leaf):
            opex = WideTotal(_OPEX_NAME, amounts, row.no)
        elif leaf == "合计" and depth <= 1:
            items.append(SangongItem(leaf, leaf, Stored.TOTAL, "", amounts, row.no))
        elif leaf in ("小计", "合计"):
            items.append(SangongItem(group, group, Stored.ITEM, "", amounts, row.no))
        elif depth >= 2 and group and group not in ("合计",) and not _TOP.search(group):
            # "购置费" under "公务用车购置及运行费" is the 公务用车购置费
            stem = group.split("购置")[0] if "购置" in group else ""
            name = leaf if leaf.startswith(stem) else stem + leaf
            parent = next((i.name for i in reversed(items) if i.level == Stored.ITEM), group)
            items.append(SangongItem(leaf, name, Stored.SUBITEM, parent, amounts, row.no))
        else:
            items.append(SangongItem(leaf, leaf, Stored.ITEM, "", amounts, row.no))
        if len(depths) > len(items):
            depths.pop()            # the 机关运行经费 column is not a “三公” item
    return _beside_sangong(items, depths), opex


def _beside_sangong(items: list[SangongItem], depths: list[int]) -> list[SangongItem]:
    """A table of “三公”经费 and other items printed beside it (会议费, 培训费): its 合计 adds
    them all, so the “三公” 小计 is the “三公” total and the table's 合计 is a total of its
    own, named by the table's top-level columns."""
    three = next((i for i in items if i.level == Stored.ITEM and _TOP.search(i.name)), None)
    total = next((i for i in items if i.level == Stored.TOTAL), None)
    beside = [i for i, d in zip(items, depths)
              if d == 0 and i.level == Stored.ITEM and i is not three]
    if three is None or total is None or not beside:
        return items
    three.level, three.name = Stored.TOTAL, three.item
    total.level = Stored.TABLE_TOTAL
    total.item = total.name = "、".join([three.item] + [i.item for i in beside]) + total.item
    for i in beside:
        i.level = Stored.BESIDE
    return items


_BUDGET, _ACTUAL = "预算数", "决算数"
_TOP = re.compile(r"三公")
_OPEX_HEADER = re.compile(r"机关运行经费")
_OPEX_NAME = "合计"


@dataclass
class Purchase:
    level: str          # Stored.TOTAL / PURCHASE_CLASS / PURCHASE_LINE / PURCHASE_GOODS
    category: str
    project: str
    econ: str
    item: str
    method: str
    total: Decimal | None
    line: int


def procurement(fmt: Format, table: ParsedTable) -> list[Purchase]:
    """政府采购 rows, each with the 类 and 专项 printed above it (blank on its own row)."""
    field_of: dict[int, str] = {}
    for col in table.columns:
        words = col.path.split("/")
        name = next((fmt.procurement_columns[w] for w in reversed(words)
                     if w in fmt.procurement_columns), None)
        if name is None:     # a header word wrapped in its cell ("采购品目大" / "类")
            name = next((f for w in words for k, f in fmt.procurement_columns.items()
                         if w and k.startswith(w)), None)
        if name and col.kind != "amount" or (name and col.key is None):
            field_of[col.index] = name
    out: list[Purchase] = []
    carried = {"category": "", "project": "", "econ": ""}
    for row in table.rows:
        cells = {f: (row.cells[j] if j < len(row.cells) else "") for j, f in field_of.items()}
        total = row.amounts.get("total")
        if row.label == Stored.TOTAL or cells.get("category") == Stored.TOTAL:
            out.append(Purchase(Stored.TOTAL, "", "", "", "", "", total, row.line))
            continue
        if cells.get("category"):
            carried = {"category": strip_enumerator(cells["category"]), "project": "",
                       "econ": ""}
            level = Stored.PURCHASE_CLASS
        elif cells.get("project") or cells.get("econ"):
            carried["project"] = cells.get("project") or carried["project"]
            carried["econ"] = cells.get("econ", "")
            level = Stored.PURCHASE_LINE
        elif cells.get("item") or cells.get("method"):
            level = Stored.PURCHASE_GOODS
        else:
            continue
        out.append(Purchase(level, carried["category"], carried["project"], carried["econ"],
                            cells.get("item", "") if level == Stored.PURCHASE_GOODS else "",
                            cells.get("method", ""), total, row.line))
    return out
