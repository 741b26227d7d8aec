"""Repair the grids of spreadsheet-printed PDFs before they are read as report tables.

A spreadsheet printed to PDF keeps its layout cells: a merged range becomes several thin
columns (a figure sits in one of them on one row and in the next on another), the title, the
部门 line and the 单位 line are printed inside the grid, a long label wraps into the row below
("七、文化旅游体育与传媒支" / "出"), and a figure can fall on its own row above or below its
label. Every function here works on rows of cell texts and knows no table kind.
"""

from __future__ import annotations

import re

_AMOUNT = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
# a caption printed in the grid: the 部门 / 单位 line, or a lone cell that is a table's title
_PREAMBLE = re.compile(r"(?:部门|单位|编制部门|编制单位)(?:名称)?[:：]")
_TITLE_CELL = re.compile(r"表(?:[（(][^（）()]{1,16}[)）])?$")
# the start of a label that opens its own row (an enumerator or a code), never a wrap
_OWN_ROW = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d|其中)")
_ROW_WORDS = frozenset({"合计", "小计", "总计", "合 计"})
_WRAP_MAX = 3          # a wrapped label's tail is a few characters ("出", "支出")


def is_amount(cell: str) -> bool:
    return bool(_AMOUNT.match(cell.strip()))


# a subject code (201, 20102, 2010201) is a number but not a figure
_CODE = re.compile(r"^\d{3}(?:\d{2}){0,2}$")


def is_figure(cell: str) -> bool:
    return is_amount(cell) and not _CODE.match(cell.strip())


def _has_text(row: list[str]) -> bool:
    return any(c and not is_figure(c) for c in row)


def _has_amount(row: list[str]) -> bool:
    return any(is_figure(c) for c in row if c)


def caption_rows(rows: list[list[str]]) -> tuple[list[str], list[list[str]]]:
    """(caption text lines, the remaining rows): leading rows that hold the title, 部门 or 单位
    inside the grid. Cells are joined down each column first, so a unit split over two rows
    ("单位：万" / "元") or a department name wrapped in its cell is whole again."""
    n = 0
    while n < len(rows) and not _has_amount(rows[n]):
        filled = [c for c in rows[n] if c]
        lone_title = len(filled) == 1 and _TITLE_CELL.search(filled[0]) is not None
        if not (lone_title or any(_PREAMBLE.search(c) for c in filled)):
            break
        n += 1
    if not n:
        return [], rows
    width = max(len(r) for r in rows[:n])
    columns = ["".join(r[j] for r in rows[:n] if j < len(r)) for j in range(width)]
    text = " ".join(c for c in columns if c)
    # "收支预算总表部门：X 单位：万元": the title, then its preamble on a line of its own
    m = _PREAMBLE.search(text)
    lines = [text[: m.start()].strip(), text[m.start():].strip()] if m else [text]
    return [ln for ln in lines if ln], rows[n:]


def merge_columns(rows: list[list[str]]) -> list[list[int]]:
    """Groups of adjacent columns that are one printed column: no row fills two of them, and
    the header (the rows above the first figure) names at most one of them.

    A header names each real column in some row, so two real columns never merge; the thin
    columns of a merged spreadsheet range (and columns empty everywhere) do."""
    width = max((len(r) for r in rows), default=0)
    padded = [r + [""] * (width - len(r)) for r in rows]
    n_head = next((i for i, r in enumerate(padded) if _has_amount(r)), len(padded))
    named = [any(r[j] for r in padded[:n_head]) for j in range(width)]
    filled = [any(r[j] for r in padded[n_head:]) for j in range(width)]
    # a header word printed one cell right of its figures (the middle of a merged range): a
    # named column with no figure of its own and an unnamed neighbour holding them are one
    units: list[list[int]] = []
    j = 0
    while j < width:
        if j + 1 < width and _digits_split(padded[n_head:], j, named):
            units.append([j, j + 1])     # "267.8" | "0": one figure over two cells
            j += 2
        elif j + 1 < width and not named[j] and filled[j] and named[j + 1] and not filled[j + 1]:
            units.append([j, j + 1])
            j += 2
        else:
            units.append([j])
            j += 1
    groups: list[list[int]] = []
    for unit in units:
        if groups and not (any(named[k] for k in unit) and any(named[k] for k in groups[-1])) \
                and not any(any(row[k] for k in unit) and any(row[k] for k in groups[-1])
                            for row in padded):
            groups[-1].extend(unit)
        else:
            groups.append(list(unit))
    return groups


_OPEN_DECIMAL = re.compile(r"\d\.\d?$")      # "267.8": a figure whose last digit is cut off
_TAIL_DIGITS = re.compile(r"^\d{1,2}$")


def _digits_split(body: list[list[str]], j: int, named: list[bool]) -> bool:
    """Column j+1 holds nothing but the last digits of figures cut off in column j."""
    tails = [r for r in body if r[j + 1]]
    return (not named[j + 1] and bool(tails) and
            all(_TAIL_DIGITS.match(r[j + 1]) and _OPEN_DECIMAL.search(r[j]) for r in tails))


def apply_groups(row: list[str], groups: list[list[int]]) -> list[str]:
    return ["".join(row[j] for j in g if j < len(row)) for g in groups]


def repair_body(rows: list[list[str]]) -> list[list[str]]:
    """Body rows with a wrapped label joined to its row and a figure printed on a row of its
    own moved to the label it belongs to (the row above when that row has no figure, else the
    row below)."""
    out: list[list[str]] = []
    for row in rows:
        filled = [(j, c) for j, c in enumerate(row) if c]
        prev = out[-1] if out else None
        if prev is not None and len(filled) == 1 and not is_amount(filled[0][1]):
            j, text = filled[0]
            above = prev[j] if j < len(prev) else ""
            if (above and not is_amount(above) and len(text) <= _WRAP_MAX
                    and text not in _ROW_WORDS and not _OWN_ROW.match(text)):
                prev[j] = above + text
                continue
        out.append(list(row))
    merged: list[list[str]] = []
    i = 0
    while i < len(out):
        row = out[i]
        if _has_amount(row) and not _has_text(row):
            prev = merged[-1] if merged else None
            nxt = out[i + 1] if i + 1 < len(out) else None
            target = prev if prev is not None and _has_text(prev) and not _has_amount(prev) \
                else nxt if nxt is not None and _has_text(nxt) and not _has_amount(nxt) else None
            if target is not None and _fits(row, target):
                for j, c in enumerate(row):
                    if c:
                        target.extend([""] * (j + 1 - len(target)))
                        target[j] = c
                i += 1
                continue
        merged.append(row)
        i += 1
    return merged


def realign_labels(rows: list[list[str]]) -> list[list[str]]:
    """A label printed one cell off, in a column that holds nothing else but figures
    ("二十、灾害防治及应急管理支出" one cell left of the other 功能 classes): moved to the
    neighbouring column where the labels of the other rows are."""
    width = max((len(r) for r in rows), default=0)
    padded = [r + [""] * (width - len(r)) for r in rows]
    texts = [sum(1 for r in padded if r[j] and not is_figure(r[j])) for j in range(width)]
    for r in padded:
        filled = [j for j, c in enumerate(r) if c]
        if len(filled) != 1 or is_figure(r[filled[0]]) or texts[filled[0]] != 1:
            continue
        j = filled[0]
        for k in (j + 1, j - 1):
            if 0 <= k < width and texts[k] > 1 and not r[k]:
                r[k], r[j] = r[j], ""
                break
    return padded


def _fits(figures: list[str], row: list[str]) -> bool:
    """The figures land only on empty cells of row."""
    return all(not c or j >= len(row) or not row[j] for j, c in enumerate(figures))


def join_beside(left: list[list[str]], right: list[list[str]], left_tops: list[float],
                right_tops: list[float], tolerance: float = 2.0) -> list[list[str]]:
    """Two grids printed side by side as one table: rows at the same height become one row
    (the right grid's rows with no partner keep empty left cells)."""
    lw = max((len(r) for r in left), default=0)
    rw = max((len(r) for r in right), default=0)
    used: set[int] = set()
    out: list[list[str]] = []
    for row, top in zip(left, left_tops):
        k = next((k for k, t in enumerate(right_tops)
                  if k not in used and abs(t - top) <= tolerance), None)
        other = right[k] if k is not None else []
        if k is not None:
            used.add(k)
        out.append(row + [""] * (lw - len(row)) + other + [""] * (rw - len(other)))
    out.extend([""] * lw + r for k, r in enumerate(right) if k not in used)
    return out
