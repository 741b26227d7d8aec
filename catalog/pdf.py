"""Read a published PDF into the reader's numbered lines, keeping the page of every line.

Ruled tables (pdfplumber) become rows of tab-separated cells, as in the text documents: merged
cells are empty, a cell's wrapped text is joined, and a code split into 类/款/项 cells becomes
one 科目编码 cell. Text outside the tables becomes lines, in page order, with lines that wrap
at the right margin joined into their paragraph. A table that runs over pages continues
without its repeated header rows; page numbers in the footer are dropped. A PDF without a text
layer is refused (no OCR).
"""

from __future__ import annotations

import contextvars
import hashlib
import io
import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pdfplumber

from catalog import grid
from catalog.settings import env_number
from errors import BuildError

_CODE_HEAD = re.compile(r"^\d{3}$")
_CODE_PART = re.compile(r"^\d{2}$")
_LEVEL_WORDS = ("类", "款", "项")
_FOOTER = re.compile(r"^[-—–\s]*\d{1,4}[-—–\s]*$|^第\s*\d+\s*页")
# a line that starts a new paragraph rather than continuing the one above
# ("1. " is an item; "983.05万元" is an amount wrapped onto the line)
_SENTENCE_ENDS = ("。", "；", "：", ":", "！", "？")
_STARTS = re.compile(r"^(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、|\d+(?:[、．]|\.(?!\d))|"
                     r"第[一二三四五六七八九十]+部分)")
# a line ending within this many characters of the margin wraps (digits set in another font
# leave justified lines a character or two short)
_WRAP_SLACK = 2.5
_BASELINE = 0.6            # vertical tolerance for one text line, in character heights
# a table row printed without its ruling at the top of a page ("会议费 110.05"): a label and
# one figure, read as a row of the table that continues from the page before
_LOOSE_ROW = re.compile(r"^(\S+)\s+(-?(?:\d{1,3}(?:,\d{3})+|\d+)\.\d+)$")

MAX_PAGES = 500
# Work per page is bounded before pdfplumber's table finder runs (its cost grows with the
# ruled grid: a 9 KB file of 120 x 120 grids took 85 s): a page whose ruling lines would make
# more cells than any report table has, or that draws more objects, is skipped and reported.
# The published documents stay far below (the largest seen: 2,744 cells, 0 to 882 usual).
MAX_GRID_CELLS = int(env_number("BUDGETQA_MAX_PDF_GRID_CELLS", 10000, minimum=1))
MAX_PAGE_OBJECTS = int(env_number("BUDGETQA_MAX_PDF_OBJECTS", 20000, minimum=1))
# and one document may take this long in all (checked between pages)
PDF_SECONDS = env_number("BUDGETQA_PDF_SECONDS", 300, minimum=1)

# build progress inside a long document: (page, pages) after each page
PAGE_PROGRESS: contextvars.ContextVar[Callable[[int, int], None] | None] = \
    contextvars.ContextVar("PAGE_PROGRESS", default=None)
# pages left out, per document (sha256), taken by the build for its warnings
_NOTES: dict[str, list[tuple[int, str]]] = {}
_NOTES_LOCK = threading.Lock()


def take_notes(sha256: str) -> list[tuple[int, str]]:
    """(0, reason) for every page of that PDF that was skipped; each note is given once."""
    with _NOTES_LOCK:
        return _NOTES.pop(sha256, [])


def _too_complex(page) -> str:
    """Why a page would cost unbounded work to read, or ''."""
    objects = len(page.lines) + len(page.rects) + len(page.curves)
    if objects > MAX_PAGE_OBJECTS:
        return f"图形对象 {objects} 个，超过上限 {MAX_PAGE_OBJECTS}"
    rows = {round(e["top"]) for e in page.edges if e.get("orientation") == "h"}
    cols = {round(e["x0"]) for e in page.edges if e.get("orientation") == "v"}
    if len(rows) * len(cols) > MAX_GRID_CELLS:
        return f"表格线构成约 {len(rows) * len(cols)} 个格子，超过上限 {MAX_GRID_CELLS}"
    return ""


@dataclass
class PdfText:
    """What the reader needs from a PDF: raw lines (tab-joined table rows) and their pages."""

    raw_lines: list[str] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)
    # the last line added is prose that ran to the right margin unfinished: the next page's
    # first line, starting at the margin, goes on with it
    wrapping: bool = False

    def add(self, raw: str, page: int) -> None:
        self.raw_lines.append(raw)
        self.pages.append(page)

    def continues(self, text: str) -> bool:
        """`text` (the first line of a page) goes on with the paragraph the page before ended
        in the middle of ("…N 万元，与" / "上年相比增加…"): appended to it."""
        last = self.raw_lines[-1] if self.raw_lines else ""
        if not (self.wrapping and last and "\t" not in last and not _STARTS.match(text)
                and not last.endswith(_SENTENCE_ENDS)):
            return False
        self.raw_lines[-1] = last + text
        return True


def read_pdf(path: Path, data: bytes, max_pages: int = MAX_PAGES) -> PdfText:
    """The PDF's lines in page order. Raises BuildError for a PDF that cannot be opened, is
    encrypted, is too long, or has no text layer."""
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many types for bad files
        # pdfplumber wraps pdfminer's error: its name says whether a password is the cause
        names = " ".join(type(e).__name__ for e in (exc, *exc.args, exc.__context__)
                         if isinstance(e, BaseException))
        why = "PDF 已加密（需要密码），无法读取" if "Password" in names or "Encrypt" in names \
            else f"PDF 文件无法打开（{type(exc).__name__}），文件可能已损坏"
        raise BuildError(why, file=path.name) from exc
    with pdf:
        try:
            n_pages = len(pdf.pages)
        except Exception as exc:  # noqa: BLE001 - a truncated file fails here
            raise BuildError(f"PDF 文件无法读取页面（{type(exc).__name__}）", file=path.name) from exc
        if n_pages > max_pages:
            raise BuildError(f"PDF 共{n_pages}页，超过上限{max_pages}页", file=path.name)
        out = PdfText()
        carry = _Carry()
        chars = 0
        notes: list[tuple[int, str]] = []
        started = time.monotonic()
        progress = PAGE_PROGRESS.get()
        for number, page in enumerate(pdf.pages, start=1):
            if time.monotonic() - started > PDF_SECONDS:
                raise BuildError(f"PDF 读取超过 {PDF_SECONDS:g} 秒（读到第{number}页），已停止"
                                 "（BUDGETQA_PDF_SECONDS 可调整）", file=path.name)
            try:
                why = _too_complex(page)
                if why:
                    notes.append((0, f"PDF 第{number}页{why}，已跳过此页"))
                    carry = _Carry()           # a skipped page ends the table before it
                else:
                    chars += len(page.chars)
                    carry = _read_page(page, number, out, carry)
            except BuildError:
                raise
            except Exception as exc:  # noqa: BLE001 - one damaged page, named
                raise BuildError(f"PDF 第{number}页无法读取（{type(exc).__name__}）",
                                 file=path.name) from exc
            finally:
                page.close()          # pdfplumber keeps each page's objects otherwise
            if progress:
                progress(number, n_pages)
    if notes and len(notes) == n_pages:
        raise BuildError(f"PDF 每一页都过于复杂，无法在限定的工作量内读取（{notes[0][1]}）",
                         file=path.name)
    if notes:
        with _NOTES_LOCK:
            _NOTES[hashlib.sha256(data).hexdigest()] = notes
    if chars == 0:
        raise BuildError("PDF 没有文字层（可能是扫描图片），无法读取；本系统不做文字识别（OCR）",
                         file=path.name)
    return out


@dataclass
class _Carry:
    """What a table continued from the page before needs: its header rows, 类/款/项 levels
    and how its printed columns were merged."""

    header: list[list[str]] = field(default_factory=list)
    levels: int = 0
    groups: list[list[int]] = field(default_factory=list)
    raw_width: int = 0
    captions: list[str] = field(default_factory=list)
    # the last row with one label and figures: where a row printed without its ruling goes
    single: list[str] = field(default_factory=list)


def _beside(tables) -> list[tuple[float, list[list[str]]]]:
    """(top, rows) per printed table; two grids printed side by side at the same height (a
    procurement table cut in two by the PDF writer) become one."""
    out: list[tuple[float, list[list[str]]]] = []
    used: set[int] = set()
    ordered = sorted(tables, key=lambda t: (t.bbox[1], t.bbox[0]))
    for i, t in enumerate(ordered):
        if i in used:
            continue
        rows = t.extract()
        tops = [r.bbox[1] for r in t.rows]
        for k in range(i + 1, len(ordered)):
            o = ordered[k]
            overlap = min(t.bbox[3], o.bbox[3]) - max(t.bbox[1], o.bbox[1])
            height = min(t.bbox[3] - t.bbox[1], o.bbox[3] - o.bbox[1])
            if k in used or o.bbox[0] < t.bbox[2] - 2 or height <= 0 or overlap < 0.5 * height:
                continue
            other = o.extract()
            rows = grid.join_beside(rows, other, tops, [r.bbox[1] for r in o.rows])
            tops = [r.bbox[1] for r in t.rows] + [r.bbox[1] for r in o.rows][len(rows):]
            used.add(k)
        out.append((t.bbox[1], rows))
    return out


def _read_page(page, number: int, out: PdfText, carry: _Carry) -> _Carry:
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]

    def outside(obj) -> bool:
        x = (obj["x0"] + obj["x1"]) / 2
        y = (obj["top"] + obj["bottom"]) / 2
        return not any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)

    items: list[tuple[float, str, object]] = []
    for top, rows in _beside(tables):
        items.append((top, "table", rows))
    # digits printed on another baseline than their sentence ("机关运行经费支出 万元" over
    # "184.65"): a vertical tolerance of about half a character keeps them in their line
    sizes = sorted(c.get("size", 10) for c in page.chars) or [10]
    tolerance = max(3.0, _BASELINE * sizes[len(sizes) // 2])
    for top, text, margin, wraps in _paragraph_lines(
            page.filter(outside).extract_text_lines(y_tolerance=tolerance)):
        items.append((top, "text", (text, margin, wraps)))
    items.sort(key=lambda it: it[0])
    first_text = True
    for pos, (_, kind, payload) in enumerate(items):
        if kind == "text":
            text, margin, wraps = payload          # type: ignore[misc]
            text = text.strip()
            loose = _LOOSE_ROW.match(text)
            if loose and pos == 0 and carry.header:
                _emit(out, number, [_like(carry.single, *loose.groups())], carry)
                continue
            if text and not _FOOTER.match(text):
                if not (first_text and margin and out.continues(text)):
                    out.add(text, number)
                out.wrapping, first_text = wraps, False
                carry = _Carry()               # text between tables: the next one is new
            continue
        rows = [[_cell(c) for c in row] for row in payload]  # type: ignore[union-attr]
        carry = take_grid(out, number, rows, carry)
        out.wrapping, first_text = False, False
    return carry


def take_grid(out: PdfText, number: int, rows: list[list[str]], carry: _Carry) -> _Carry:
    """One printed grid (a PDF table, a worksheet): its captions as text lines, its rows
    repaired and emitted, continuing the table before it when `carry` holds its header."""
    rows = [r for r in rows if any(r)]
    captions, rows = grid.caption_rows(rows)
    if captions and not (carry.header and captions == carry.captions):
        # a new table; the same title printed again on the next page continues the table
        for text in captions:
            out.add(text, number)
        carry = _Carry(captions=captions)
    if not rows:
        return carry
    raw_width = max(len(r) for r in rows)
    if not carry.header:
        carry = _Carry(groups=grid.merge_columns(rows), raw_width=raw_width,
                       captions=carry.captions)
    if carry.groups and raw_width == carry.raw_width:
        rows = [grid.apply_groups(r, carry.groups) for r in rows]
    rows = _side_by_side(rows, carry.header)
    if not carry.header:
        header, levels, rows = _header(rows)
        carry.header, carry.levels = header, levels
        emit = header + grid.realign_labels(grid.repair_body(rows))
    else:
        # a table continued from the previous page: drop its repeated header rows
        while rows and _is_header_copy(rows[0], carry.header):
            rows = rows[1:]
        emit = grid.repair_body(rows)
    _emit(out, number, emit, carry)
    return carry


def _emit(out: PdfText, number: int, rows: list[list[str]], carry: _Carry) -> None:
    width = max((len(h) for h in carry.header), default=0)
    for row in rows:
        if 1 < len(row) < width:
            # a row whose first cell spans the code and name columns ("合计" on a page
            # of its own): its figures belong to the rightmost columns
            row = [row[0]] + [""] * (width - len(row)) + row[1:]
        cells = _merge_code(row, carry.levels)
        out.add("\t".join(cells) if len(cells) > 1 else cells[0] + "\t", number)
        texts = [c for c in cells if c and not grid.is_figure(c)]
        if len(texts) == 1 and any(grid.is_figure(c) for c in cells):
            carry.single = cells


def _like(model: list[str], label: str, figure: str) -> list[str]:
    """A label and a figure laid out as the model row (its label's and figure's columns)."""
    text_at = next((j for j, c in enumerate(model) if c and not grid.is_figure(c)), None)
    figure_at = next((j for j in range(len(model) - 1, -1, -1) if grid.is_figure(model[j])),
                     None)
    if text_at is None or figure_at is None or text_at >= figure_at:
        return [label, figure]
    row = [""] * len(model)
    row[text_at], row[figure_at] = label, figure
    return row


def _cell(value: object) -> str:
    return re.sub(r"\s*\n\s*", "", str(value)).strip() if value is not None else ""


def _header(rows: list[list[str]]) -> tuple[list[list[str]], int, list[list[str]]]:
    """Split a table's first rows into header rows (up to the 类/款/项 row) and body."""
    for i, row in enumerate(rows[:5]):
        levels = _level_prefix(row)
        if not levels:
            continue
        rest = row[levels:]
        if any(rest):
            # "类 款 项 合计 2,946.25 …": the level row also carries the total row
            return rows[:i], levels, [[""] * levels + rest] + rows[i + 1:]
        return rows[:i], levels, rows[i + 1:]
    # no 类/款/项 row: header rows are those before the first row holding a number
    for i, row in enumerate(rows):
        if any(re.fullmatch(r"-?[\d,]+(?:\.\d+)?", c) for c in row):
            return rows[:i], 0, rows[i:]
    return rows, 0, []


def _level_prefix(row: list[str]) -> int:
    """How many leading cells are the 类 / 款 / 项 labels (0 when the row does not start so)."""
    n = 0
    while n < len(row) and n < len(_LEVEL_WORDS) and row[n] == _LEVEL_WORDS[n]:
        n += 1
    return n if n >= 2 else 0


def _side_by_side(rows: list[list[str]], header: list[list[str]]) -> list[list[str]]:
    """A table printed as two halves side by side (its header repeated in the right half)
    becomes the left half's rows followed by the right half's."""
    if not rows:
        return rows
    if header:
        # a continuation page of a two-halves table is twice as wide as the header kept
        half = max(len(h) for h in header)
        if len(rows[0]) != 2 * half:
            return rows
        return [r[:half] for r in rows] + [r[half:] for r in rows if any(r[half:])]
    first = rows[0]
    half = len(first) // 2
    if not half or len(first) % 2 or first[:half] != first[half:] or not any(first[:half]):
        return rows
    left = [r[:half] for r in rows]
    right = [r[half:] for r in rows if any(r[half:])]
    n_head = next((i for i, r in enumerate(rows) if _level_prefix(r[:half]) or
                   any(re.fullmatch(r"\d{3}", c) for c in r[:half])), len(rows))
    levels = 1 if n_head < len(rows) and _level_prefix(rows[n_head][:half]) else 0
    return left + right[n_head + levels:]


def _is_header_copy(row: list[str], header: list[list[str]]) -> bool:
    filled = [c for c in row if c]
    return bool(filled) and (any(row == h for h in header) or
                             all(c in _LEVEL_WORDS for c in filled))


def _merge_code(row: list[str], levels: int) -> list[str]:
    """类/款/项 cells -> one code cell ("212", "01", "02" -> "2120102"); in header and total
    rows the first filled cell of the group stands for it."""
    if levels < 2 or len(row) <= levels:
        return row
    group, rest = row[:levels], row[levels:]
    if _CODE_HEAD.match(group[0]) and all(not c or _CODE_PART.match(c) for c in group[1:]):
        return ["".join(group)] + rest
    return [next((c for c in group if c), "")] + rest


def _paragraph_lines(lines: list[dict]) -> list[tuple[float, str, bool, bool]]:
    """Text lines of a page, those that wrap at the right margin joined with the next:
    (top, text, starts at the left margin, wraps at the right one)."""
    if not lines:
        return []
    right = max(ln["x1"] for ln in lines)
    left = min(ln["x0"] for ln in lines)
    out: list[tuple[float, str, bool, bool]] = []
    joining = False
    for ln in lines:
        text = ln["text"].strip()
        chars = ln.get("chars", [])
        size = max((c.get("size", 10) for c in chars), default=10)
        # a continuation starts at the margin; a new paragraph is indented (two characters)
        at_margin = ln["x0"] <= left + size
        # a line spread across the page ("编制部门：X        单位：元") reaches the margin but
        # does not wrap: its characters have a wide gap between them
        gaps = [b["x0"] - a["x1"] for a, b in zip(chars, chars[1:])]
        spread = bool(gaps) and max(gaps) > 4 * size
        wraps = ln["x1"] >= right - _WRAP_SLACK * size and not spread
        if joining and not _STARTS.match(text) and at_margin:
            top, before, margin, _ = out[-1]
            out[-1] = (top, before + text, margin, wraps)
        else:
            out.append((ln["top"], text, at_margin, wraps))
        joining = wraps
    return out
