"""Split a budget document into its regions: contents, report tables, performance sheets, prose."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import cn2an
import opencc

from catalog.encoding import decode_text
from catalog.formats import FORMATS, ORG_SUFFIXES, ROLES, Format, TableKind
from catalog.pdf import read_pdf
from catalog.settings import env_number
from catalog.text import clean_cell, split_row
from catalog.xlsx import read_xlsx
from errors import BuildError


@dataclass(frozen=True)
class Limits:
    """Sizes no real department's document reaches; configurable for an operator."""

    text_bytes: int = int(env_number("BUDGETQA_MAX_TEXT_MB", 20) * 2**20)
    pdf_bytes: int = int(env_number("BUDGETQA_MAX_PDF_MB", 100) * 2**20)
    pdf_pages: int = int(env_number("BUDGETQA_MAX_PDF_PAGES", 500, minimum=1))


LIMITS = Limits()
_PAGE_NUMBER = re.compile(r"\d+$")
_LEADERS = ("...", "…")
_YEAR_TITLE = re.compile(r"^(\d{4})\s*年度?(.+)$")
_ANY_YEAR = re.compile(r"((?:19|20)\d{2})")
_DOC_YEAR = re.compile(r"(\d{4})\s*年度?.{0,4}?(?:部门|单位)(?:预算|决算)")
# a body named before a year in the prose ("附件：X 2019 年度部门预算公开表", "X 2019 年度收入、
# 支出预算总计"): the department of a document whose cover carries no text
_BODY_BEFORE_YEAR = re.compile(r"([\u4e00-\u9fff（）]{2,30}?(?:" + "|".join(ORG_SUFFIXES) +
                               r"))\s*(?:19|20)\d{2}\s*年")


@dataclass
class Line:
    """One physical line of the document (1-based number, raw text, cleaned cells)."""

    no: int
    raw: str
    cells: list[str]

    @property
    def is_row(self) -> bool:
        return "\t" in self.raw

    @property
    def text(self) -> str:
        return clean_cell(self.raw.replace("\t", " ")) if not self.is_row else ""

    @property
    def blank(self) -> bool:
        return not self.raw.strip()


@dataclass
class TableBlock:
    """The lines of one report table as found in the document, before interpretation."""

    kind: TableKind
    title: str
    year: str
    title_line: int
    unit: str = ""
    department: str = ""
    rows: list[Line] = field(default_factory=list)
    empty_marked: bool = False
    number: int | None = None


@dataclass
class SheetBlock:
    """A performance-target sheet: its title line and every line up to its signature row."""

    kind: str  # "project" | "department"
    title_line: int
    lines: list[Line] = field(default_factory=list)


@dataclass
class Document:
    """A document split into regions; everything keeps its line numbers."""

    path: Path
    sha256: str
    lines: list[Line]
    department: str
    year: str
    title: str
    toc_numbers: dict[str, int]
    tables: list[TableBlock]
    sheets: list[SheetBlock]
    prose: list[Line]             # non-table lines after the contents, with their part/section
    service_rows: list[Line]      # 政府购买服务目录 rows
    consumed: set[int]
    pages: dict[int, int] = field(default_factory=dict)    # line -> page, for a PDF
    fmt: Format | None = None                                # the format it was read with
    encoding: str = ""                                       # utf-8, gb18030, utf-16 … or pdf
    # tables that could not be read: (title line, title, reason); the rest is served
    skipped_tables: list[tuple[int, str, str]] = field(default_factory=list)
    files: dict[int, str] = field(default_factory=dict)    # line -> file, for several files
    shas: dict[str, str] = field(default_factory=dict)     # file -> sha256, for several files


def read_lines(path: Path) -> tuple[list[Line], str, dict[int, int], str]:
    """Read a document into numbered lines, its sha256 and (for a PDF) each line's page."""
    try:
        size = path.stat().st_size
        limit = LIMITS.pdf_bytes if path.suffix.lower() in (".pdf", ".xlsx") else LIMITS.text_bytes
        if size > limit:
            raise BuildError(f"文件大小 {size / 2**20:.1f} MB，超过上限 {limit / 2**20:.0f} MB"
                             "（BUDGETQA_MAX_TEXT_MB / BUDGETQA_MAX_PDF_MB 可调整）",
                             file=path.name)
        data = path.read_bytes()
    except OSError as exc:
        raise BuildError(f"无法读取文件（{exc.strerror}）", file=path.name) from exc
    sha = hashlib.sha256(data).hexdigest()
    if path.suffix.lower() == ".xlsx":
        book = read_xlsx(path, data)
        lines = [Line(i + 1, raw, split_row(raw) if "\t" in raw else [])
                 for i, raw in enumerate(simplified(book.raw_lines))]
        return lines, sha, {}, "xlsx"
    if path.suffix.lower() == ".pdf":
        pdf = read_pdf(path, data, max_pages=LIMITS.pdf_pages)
        raw_pdf = simplified(pdf.raw_lines)
        lines = [Line(i + 1, raw, split_row(raw) if "\t" in raw else [])
                 for i, raw in enumerate(raw_pdf)]
        return lines, sha, {i + 1: page for i, page in enumerate(pdf.pages)}, "pdf"
    text, encoding = decode_text(data, path.name)
    if not text.strip():
        raise BuildError("文件为空", file=path.name)
    raw_lines = simplified(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    lines = [Line(i + 1, raw, split_row(raw) if "\t" in raw else [])
             for i, raw in enumerate(raw_lines)]
    return lines, sha, {}, encoding


_T2S = opencc.OpenCC("t2s")
# a document printed in traditional characters (Hong Kong, Macao, Taiwan or an older
# publication) is read as simplified text, like the questions: titles and row names then meet
# the format's words. A simplified document is left as printed.
TRADITIONAL_SHARE = 0.02
_CJK = re.compile(r"[\u4e00-\u9fff]")


def simplified(raw_lines: list[str]) -> list[str]:
    """The lines in simplified characters when the document is printed in traditional ones."""
    sample = "".join(raw_lines[:400])
    cjk = len(_CJK.findall(sample))
    if not cjk:
        return raw_lines
    converted = _T2S.convert(sample)
    changed = sum(1 for a, b in zip(sample, converted) if a != b)
    if len(converted) != len(sample) or changed < TRADITIONAL_SHARE * cjk:
        return raw_lines
    return [_T2S.convert(ln) for ln in raw_lines]


def _match_kind(fmt: Format, text: str) -> tuple[TableKind, str, str] | None:
    text = fmt.clean_title(text)
    if not fmt.is_title(text):
        return None
    m = _YEAR_TITLE.match(text)
    if m:
        year, rest = m.groups()
    elif not fmt.year_in_title:
        year, rest = "", text
    else:
        return None
    for kind in fmt.table_kinds:
        if kind.matches(rest):
            return kind, text, year
    return None


def _is_toc_line(line: Line) -> bool:
    """'表一 预算收支总表……………… 12': dot leaders (or a tab) before a page number. Written
    without a regular expression over the leaders: a long run of dots with no number after it
    made the old pattern backtrack quadratically."""
    raw = line.raw.rstrip()
    m = _PAGE_NUMBER.search(raw[-12:]) if raw[-1:].isdigit() else None
    if m is None:
        return False
    head = raw[: len(raw) - len(m.group(0))]
    if head.endswith("\t"):
        return True
    return head.rstrip(" \t\u3000").endswith(_LEADERS)


def _toc_numbers(fmt: Format, lines: list[Line]) -> dict[str, int]:
    numbers: dict[str, int] = {}
    for line in lines:
        if not _is_toc_line(line):
            continue
        head = clean_cell(line.raw.split("\t")[0]).rstrip(" .…\t")
        m = fmt.toc_table_entry.match(head)
        if m:
            numbers[m.group(2).strip()] = int(cn2an.cn2an(m.group(1), "smart"))
    return numbers


def detect(lines: list[Line]) -> Format:
    """The format whose table titles the document uses most (ties: the first format). A
    format that recognises tables by their roles (`ROLES`) reads titles of every wording, so
    a format with the document's exact titles is preferred while it reads at least half as
    many of them."""
    def score(fmt: Format) -> int:
        return sum(1 for ln in lines if not ln.is_row and _match_kind(fmt, ln.text))
    exact = [f for f in FORMATS if f.table_kinds is not ROLES]
    best = max(exact, key=score)
    by_role = next((f for f in FORMATS if f.table_kinds is ROLES), None)
    if by_role is not None and 2 * score(best) < score(by_role):
        return by_role
    return best


def split_document(path: Path, fmt: Format | None = None) -> Document:
    """Find every region of the document. Raises BuildError when no report table is found."""
    lines, sha, pages, encoding = read_lines(path)
    fmt = fmt or detect(lines)
    toc = _toc_numbers(fmt, lines)
    consumed: set[int] = {ln.no for ln in lines if _is_toc_line(ln)}
    tables: list[TableBlock] = []
    skipped: list[tuple[int, str, str]] = []
    sheets: list[SheetBlock] = []
    service_rows: list[Line] = []
    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        if line.no in consumed or line.is_row:
            i += 1
            continue
        text = line.text
        found = _match_kind(fmt, text)
        if found:
            i = _read_table(fmt, lines, i, found, tables, consumed, skipped)
            continue
        if fmt.project_sheet_title.search(text) or fmt.dept_sheet_title.search(text):
            kind = "project" if fmt.project_sheet_title.search(text) else "department"
            i = _read_sheet(lines, i, kind, sheets, consumed, fmt)
            continue
        i += 1
    # 政府购买服务目录: tab rows headed "代码" and their continuations
    in_catalogue = False
    for line in lines:
        if line.no in consumed:
            continue
        if line.is_row and line.cells and line.cells[0] == "代码":
            in_catalogue = True
            consumed.add(line.no)
            continue
        if in_catalogue:
            if line.is_row:
                service_rows.append(line)
                consumed.add(line.no)
            elif not line.blank and line.text != "续表":
                in_catalogue = False
    prose = [ln for ln in lines if ln.no not in consumed and not ln.is_row and not ln.blank]
    if not tables and skipped:
        line, _, reason = skipped[0]
        raise BuildError(reason, line=line, file=path.name)
    if not tables and not any(fmt.part_heading.match(ln.text) for ln in prose):
        raise BuildError("没有找到可识别的预算报表（例如“预算收支总表”）", file=path.name)
    for pos, block in enumerate(tables, start=1):
        block.number = toc.get(block.title, toc.get(re.sub(r"^\d{4}年", "", block.title), pos))
    department = next((t.department for t in tables if t.department), "")
    head = [ln.text for ln in lines[:20] if not ln.blank]
    if not department:
        department = _department_from_prose(head, prose)
    year_match = next((m for m in (_DOC_YEAR.search(h) for h in head) if m), None)
    year = year_match.group(1) if year_match else (
        next((t.year for t in tables if t.year), "")
        or next((m.group(1) for m in (_ANY_YEAR.search(h) for h in head) if m), ""))
    title_line = next((h for h in head if _DOC_YEAR.search(h)), f"{year}年度部门预算公开")
    title = title_line if department in title_line else f"{department}{title_line}"
    return Document(path, sha, lines, department, year, title, toc, tables, sheets, prose,
                    service_rows, consumed, pages, fmt, encoding, skipped)


def _department_from_prose(head: list[str], prose: list[Line]) -> str:
    """The cover's first line, without the title run into it ("X局2024年度部门决算"); when the
    cover is no text (an image), the body the prose names most often before a year."""
    first = re.sub(r"(?:19|20)\d{2}\s*年度?.*$", "", head[0]).strip() if head else ""
    if first.endswith(ORG_SUFFIXES):
        return first
    named = [m.group(1) for ln in prose for m in _BODY_BEFORE_YEAR.finditer(ln.text)]
    if named:
        return max(set(named), key=lambda n: (named.count(n), -named.index(n)))
    return first or (head[0] if head else "")


def _read_table(fmt: Format, lines: list[Line], i: int, found: tuple[TableKind, str, str],
                tables: list[TableBlock], consumed: set[int],
                skipped: list[tuple[int, str, str]]) -> int:
    """Read one table from its title line; a table that cannot be read is recorded in
    `skipped` with its reason (the rest of the document is still read)."""
    kind, title, year = found
    block = TableBlock(kind, title, year, lines[i].no)
    consumed.add(lines[i].no)
    j = i + 1
    # preamble: department and unit lines before the first row
    while j < len(lines) and not lines[j].is_row:
        text = lines[j].text
        dept, unit = fmt.dept_line.search(text), fmt.unit_line.search(text)
        if dept or unit:
            # "部门名称：X" / "单位：万元", or both on one line ("编制部门：X 单位：元")
            block.department = dept.group(1).strip() if dept else block.department
            block.unit = unit.group(1) if unit else block.unit
        elif text and (_match_kind(fmt, text) or fmt.is_empty_note(text)):
            break
        if text:
            consumed.add(lines[j].no)
        j += 1
    while j < len(lines) and (lines[j].is_row or lines[j].blank):
        if lines[j].is_row:
            block.rows.append(lines[j])
            consumed.add(lines[j].no)
        j += 1
    if j < len(lines) and fmt.is_empty_note(lines[j].text):
        block.empty_marked = True
        consumed.add(lines[j].no)
        j += 1
    if not block.rows:
        skipped.append((block.title_line, title, f"表“{title}”没有表头或数据行（表格不完整）"))
    elif not block.unit:
        skipped.append((block.title_line, title,
                        f"表“{title}”缺少“{fmt.unit_prefix}”行，无法确定金额单位"))
    else:
        block.kind = _by_contents(block)
        tables.append(block)
    return j


def _by_contents(block: TableBlock) -> TableKind:
    """The kind its title gave, kept as cells only when its rows do not hold what that kind
    holds (a 功能科目 table whose header and rows say 经济分类 is not read as 功能科目)."""
    kind = block.kind
    if not kind.holds:
        return kind
    text = "".join(c for ln in block.rows[:HOLDS_ROWS] for c in ln.cells[:HOLDS_CELLS])
    return kind if any(w in text for w in kind.holds) else replace(kind, role="rows")


HOLDS_ROWS, HOLDS_CELLS = 12, 4     # the header and the first rows' labels say what it holds


def _read_sheet(lines: list[Line], i: int, kind: str, sheets: list[SheetBlock],
                consumed: set[int], fmt: Format) -> int:
    sheet = SheetBlock(kind, lines[i].no)
    consumed.add(lines[i].no)
    j = i + 1
    while j < len(lines):
        line = lines[j]
        text = line.text
        if not line.is_row and text and (
            fmt.project_sheet_title.search(text) or fmt.dept_sheet_title.search(text)
            or fmt.section_heading.match(text) or fmt.part_heading.match(text)
        ):
            break
        if not line.blank:
            sheet.lines.append(line)
            consumed.add(line.no)
        j += 1
        if line.is_row and line.cells and re.match(r"^负责人[:：]?$", line.cells[0] or ""):
            break
        if line.is_row and any(re.match(r"^负责人[:：]?$", c) for c in line.cells[:2]):
            break
    sheets.append(sheet)
    return j


def same_publication(a: Document, b: Document) -> bool:
    """Two files of one publication: the same department and year, one of them holding no
    report table (the narrative published beside the tables)."""
    return (bool(a.department) and a.department == b.department and a.year == b.year
            and (not a.tables) != (not b.tables))


def merge_publication(tables: Document, narrative: Document) -> Document:
    """One document from a tables file and its narrative file: the narrative's lines follow
    the tables file's, renumbered; every line keeps its own file and page."""
    offset = len(tables.lines)
    files = {ln.no: tables.path.name for ln in tables.lines}
    for ln in narrative.lines:       # the same Line objects sit in narrative.prose
        ln.no += offset
        files[ln.no] = narrative.path.name
    pages = {**tables.pages, **{k + offset: v for k, v in narrative.pages.items()}}
    tables.lines = tables.lines + narrative.lines
    tables.prose = tables.prose + narrative.prose
    tables.consumed |= {k + offset for k in narrative.consumed}
    tables.pages = pages
    tables.files = files
    tables.shas = {tables.path.name: tables.sha256, narrative.path.name: narrative.sha256}
    tables.sheets = tables.sheets + narrative.sheets
    tables.service_rows = tables.service_rows + narrative.service_rows
    if tables.title.endswith("年度部门预算公开") and narrative.title:
        tables.title = narrative.title
    return tables
