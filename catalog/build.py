"""Build the DuckDB database from the documents: `python -m catalog.build [--docs DIR] [--db PATH]`.

The build writes a temporary file next to the target and renames it into place, so a failed or
interrupted build leaves the previous database untouched.
"""

from __future__ import annotations

import argparse
import errno
import hashlib
import os
import sys
import tempfile
import time
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Callable

import duckdb

from catalog import checks as ck
from catalog.document import Document, merge_publication, split_document
from catalog.formats import FORMATS, Format, Stored
from catalog.narrative import read_prose, read_services
from catalog.pdf import PAGE_PROGRESS, take_notes
from catalog.perf import parse_sheet, sheets_from_prose
from catalog.reader import Read, read_all
from catalog.tables import (
    ParsedTable,
    econ_items,
    parse_table,
    procurement,
    sangong_items,
    sangong_wide,
    split_projects,
    subjects,
)
from catalog.text import strip_enumerator
from errors import BuildError

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DOCS = ROOT / "data" / "documents"
DEFAULT_DB = ROOT / "data" / "budget.duckdb"
SCHEMA = Path(__file__).with_name("schema.sql")
SCHEMA_VERSION = "4"
DOCUMENT_SUFFIXES = (".txt", ".pdf", ".xlsx")
# forms a department may publish in that are not read: listed as skipped with this reason,
# never passed over in silence
UNSUPPORTED_SUFFIXES = {
    ".xls": "Excel 97-2003 表格（请另存为 .xlsx）", ".et": "WPS 表格", ".html": "网页", ".htm": "网页",
    ".mhtml": "网页", ".doc": "Word 文档", ".docx": "Word 文档", ".wps": "WPS 文档",
    ".ofd": "OFD 版式文件", ".jpg": "图片", ".jpeg": "图片", ".png": "图片",
}

SUBJECT_KEYS = ("total", "basic", "project", "gpb", "fund", "soe", "special", "unit_funds",
                "carryover")
PROJECT_KEYS = ("total", "gpb", "fund", "soe", "special", "unit_funds")
FISCAL_KEYS = ("total", "gpb", "fund", "soe")


@dataclass
class DocReport:
    file: str
    department: str
    year: str
    tables: list[tuple[int, str, int, bool]] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)
    checks_passed: int = 0
    checks_failed: list[str] = field(default_factory=list)
    checks_unchecked: int = 0
    warnings: list[str] = field(default_factory=list)
    encoding: str = ""
    format: str = ""
    kind: str = ""          # 部门预算 / 单位预算 / 部门决算: with department and year, the identity
    doc_id: int = 0
    files: list[str] = field(default_factory=list)       # every file the document was read from
    skipped_tables: list[str] = field(default_factory=list)


@dataclass
class BuildReport:
    db: Path
    seconds: float
    documents: list[DocReport]
    skipped: list[tuple[str, str]] = field(default_factory=list)   # (file, reason)

    def text(self) -> str:
        out = [f"数据库：{self.db}（用时 {self.seconds:.2f} 秒）"]
        out.extend(f"已跳过：{f}（{why}）" for f, why in self.skipped)
        for d in self.documents:
            files = " + ".join(d.files) if len(d.files) > 1 else d.file
            out.append(f"文档：{files}（{d.department} {d.year}年；{d.format}；编码 {d.encoding}）")
            for no, title, n, empty in d.tables:
                out.append(f"  表{no} {title}：{'本表无数据' if empty else f'{n} 个数值单元格'}")
            out.append("  行数：" + "，".join(f"{k} {v}" for k, v in d.rows.items()))
            out.append(f"  勾稽检查：通过 {d.checks_passed} 项，未通过 {len(d.checks_failed)} 项" +
                       (f"，无法核对 {d.checks_unchecked} 项（表中有单元格被跳过）"
                        if d.checks_unchecked else ""))
            out.extend(f"    ⚠ {c}" for c in d.checks_failed)
            out.extend(f"  警告：{w}" for w in d.warnings)
            out.extend(f"  已跳过表：{w}" for w in d.skipped_tables)
        return "\n".join(out)


class _Rows:
    """Rows collected per table for one build, inserted in bulk at the end."""

    def __init__(self) -> None:
        self.data: dict[str, list[tuple]] = {}

    def add(self, table: str, *row: object) -> None:
        self.data.setdefault(table, []).append(row)

    def extend(self, table: str, rows: list[tuple]) -> None:
        self.data.setdefault(table, []).extend(rows)


def _amounts(amounts: dict[str, Decimal], keys: tuple[str, ...]) -> tuple:
    return tuple(amounts.get(k) for k in keys)


def load_document(path: Path, doc_id: int, rows: _Rows, doc: Document | None = None) -> DocReport:
    """Parse one document (or `doc`, already split, perhaps from several files) into `rows`;
    returns its report. Raises BuildError on unusable input. A table that cannot be read is
    skipped with its reason; the rest of the document is served."""
    doc = doc or split_document(path)
    fmt = doc.fmt or FORMATS[0]
    report = DocReport(path.name, doc.department, doc.year, encoding=doc.encoding,
                       format=fmt.name, kind=publication_kind(doc.title, fmt))
    units = [t.unit for t in doc.tables]
    main_unit = max(set(units), key=units.count) if units else "万元"
    rows.add("documents", doc_id, doc.department, doc.year, doc.title, path.name, doc.sha256,
             len(doc.lines), fmt.name, main_unit, publication_kind(doc.title, fmt))
    for name, sha, first, last in _file_spans(doc, path):
        rows.add("document_files", doc_id, name, sha, first, last)
        report.files.append(name)
    for ln in doc.lines:
        if not ln.blank:
            rows.add("source_lines", doc_id, ln.no, ln.cells if ln.is_row else [ln.text],
                     doc.pages.get(ln.no), doc.files.get(ln.no, path.name))
    for line, title, reason in doc.skipped_tables:
        _skip_table(rows, report, doc_id, line, title, reason)
    parsed: list[ParsedTable] = []
    for block in doc.tables:
        try:
            parsed.append(parse_table(fmt, block))
        except Exception as exc:  # noqa: BLE001 - one unreadable table never takes the rest
            _skip_table(rows, report, doc_id, block.title_line, block.title,
                        f"表“{block.title}”无法读取（{type(exc).__name__}）")
    sheets = [parse_sheet(s) for s in doc.sheets]
    prose = read_prose(fmt, doc.prose)
    for s in sheets_from_prose(prose.paragraphs):
        if not any(t.meta.get("project") == s.meta["project"] for t in sheets):
            s.meta.setdefault("unit", doc.department)      # described by the department itself
            sheets.append(s)
    known_units = {doc.department}
    known_units |= {s.meta.get("unit", "") for s in sheets}
    known_units |= {o.name for o in prose.org if o.kind == Stored.ORG_UNIT}
    for t in parsed:
        if t.block.kind.role == "opex":
            known_units |= {r.label for r in t.rows[1:]}
    known_units.discard("")
    found: list[ck.Check] = []
    splits = {}
    by_kind: dict[str, ParsedTable] = {}
    typed: dict[str, list[tuple]] = {}
    for t in parsed:
        table_rows = _Rows()
        role = t.block.kind.role
        if role in TYPED_ONCE:
            sig = _signature(t)
            repeat = sig in typed.get(role, [])
            typed.setdefault(role, []).append(sig)
        try:
            checks = _load_table(fmt, doc, doc_id, t, table_rows, known_units, splits, report,
                                 cells_only=role in TYPED_ONCE and repeat)
        except Exception as exc:  # noqa: BLE001 - one unreadable table never takes the rest
            _skip_table(rows, report, doc_id, t.block.title_line, t.block.title,
                        f"表“{t.block.title}”无法读取（{type(exc).__name__}）")
            continue
        by_kind.setdefault(t.block.kind.key, t)
        for table, data in table_rows.data.items():
            rows.extend(table, data)
        found += checks
    if not by_kind and not prose.paragraphs:
        raise BuildError("文档中没有一张报表可以读取（" + "；".join(report.skipped_tables) + "）",
                         file=path.name)
    if "expense" in by_kind and by_kind["expense"].block.kind.role == "code":
        found += ck.project_total_check(by_kind["expense"], by_kind.get("projects_current"),
                                        by_kind.get("projects_carryover"), splits)
    _load_sheets(doc_id, sheets, rows)
    _load_prose(doc_id, prose, read_services(doc.service_rows), rows)
    # figures that could not be read (catalog/numbers.py) and PDF pages left out: each is
    # named with its line, the rest of the document is served
    for line, message in [w for s in sheets for w in s.warnings] + prose.warnings + \
            pdf_notes(doc):
        rows.add("build_warnings", doc_id, line, message)
        report.warnings.append(f"第{line}行：{message}" if line else message)
    unit_of = {t.number: t.block.unit for t in parsed}
    # a table with a cell left out cannot be reconciled: its checks are "not checkable"
    partial = {t.number for t in parsed if t.warnings}
    for c in found:
        c.tolerance = ck.TOLERANCE * TO_WAN.get(unit_of.get(c.table_no, "万元"), 1) ** -1
        checkable = c.table_no not in partial
        rows.add("checks", doc_id, c.table_no, c.name, c.description, c.expected, c.actual,
                 c.diff, c.passed if checkable else None, c.lines)
        if not checkable:
            report.checks_unchecked += 1
        elif c.passed:
            report.checks_passed += 1
        else:
            report.checks_failed.append(f"{c.description}：表中为 {c.expected}，"
                                        f"分项合计 {c.actual}（差 {c.diff}；行 {c.lines}）")
    return report


def read_file(path: Path, doc_id: int = 0) -> Read:
    """Split and type one file (in a reader process: doc_id 0, set by the writer); never
    raises for a fault of the file itself."""
    out = Read(path)
    try:
        doc = split_document(path)
        out.department, out.year = doc.department, doc.year
        if not doc.tables:
            out.narrative = doc          # joined to its tables file by the writer
            return out
        rows = _Rows()
        out.report = load_document(path, doc_id, rows, doc)
        out.report.rows = {t: len(v) for t, v in rows.data.items()}
        out.tables = {t: _arrow(v) for t, v in rows.data.items() if v}
    except BuildError as exc:
        out.error = (exc.detail, exc.file, exc.line)
    except Exception as exc:  # noqa: BLE001 - a fault in one document stays there
        out.failure = type(exc).__name__
    return out


def pdf_notes(doc: Document) -> list[tuple[int, str]]:
    """The PDF pages the reader left out (too complex to read in bounded work)."""
    return take_notes(doc.sha256) if doc.encoding == "pdf" else []


# roles whose items the engine adds up when a name has several rows: a table printing the
# same rows as an earlier one of its role (财政拨款 and 一般公共预算 基本支出 tables when all
# money is 一般公共预算) is kept as cells, so an item is not counted twice
TYPED_ONCE = frozenset({"econ"})


def _signature(t: ParsedTable) -> tuple:
    """A table's rows by label, code and figures (whatever its one figure column is called)."""
    return tuple((r.label, r.code, tuple(sorted(r.amounts.values()))) for r in t.rows)


def _skip_table(rows: _Rows, report: DocReport, doc_id: int, line: int, title: str,
                reason: str) -> None:
    rows.add("skipped_tables", doc_id, line, title, reason)
    report.skipped_tables.append(f"第{line}行 {reason}")


def _file_spans(doc: Document, path: Path) -> list[tuple[str, str, int, int]]:
    """(file, sha256, first line, last line) of every file the document was read from."""
    if not doc.files:
        return [(path.name, doc.sha256, 1, len(doc.lines))]
    spans: dict[str, list[int]] = {}
    for line, name in doc.files.items():
        spans.setdefault(name, []).append(line)
    return [(name, doc.shas.get(name, ""), min(ls), max(ls)) for name, ls in spans.items()]


# amounts are kept in 万元 in the typed tables (the cells table keeps them as printed, with
# their unit): one scale for every question, converted back when an answer is in 元 or 亿元
TO_WAN = {"元": Decimal("0.0001"), "万元": Decimal(1), "亿元": Decimal(10000)}


def _in_wan(amounts: dict[str, Decimal], unit: str) -> dict[str, Decimal]:
    scale = TO_WAN.get(unit, Decimal(1))
    return {k: v * scale for k, v in amounts.items()} if scale != 1 else amounts


def _load_table(fmt: Format, doc: Document, doc_id: int, t: ParsedTable, rows: _Rows,
                known_units: set[str], splits: dict, report: DocReport,
                cells_only: bool = False) -> list[ck.Check]:
    block, kind, no = t.block, t.block.kind, t.number
    scale = TO_WAN.get(block.unit, Decimal(1))

    def wan(amounts: dict[str, Decimal]) -> dict[str, Decimal]:
        return _in_wan(amounts, block.unit)
    lines = [ln.no for ln in block.rows]
    rows.add("report_tables", doc_id, no, kind.key, block.title, block.unit, block.title_line,
             min(lines), max(lines), t.is_empty, len(t.cells), [c.path for c in t.columns])
    report.tables.append((no, block.title, len(t.cells), t.is_empty))
    for ln in block.rows:
        rows.add("table_rows", doc_id, no, ln.no, ln.no in t.header_lines, ln.cells)
    for c in t.cells:
        rows.add("cells", doc_id, no, kind.key, block.title, c.row_label,
                 strip_enumerator(c.row_label), c.row_label2, c.code, c.column.path,
                 c.column.key, c.value, block.unit, c.line, c.value * scale)
    for line, message in t.warnings:
        rows.add("build_warnings", doc_id, line, message)
        report.warnings.append(f"第{line}行：{message}")
    loader = _load_cells_only if cells_only else LOADERS.get(kind.role, _load_cells_only)
    return loader(
        _TableContext(fmt, doc, doc_id, t, rows, known_units, splits, wan))


@dataclass
class _TableContext:
    """What a role's loader needs to write one table's typed rows."""

    fmt: Format
    doc: Document
    doc_id: int
    table: ParsedTable
    rows: _Rows
    known_units: set[str]
    splits: dict
    wan: Callable[[dict[str, Decimal]], dict[str, Decimal]]


def _load_cells_only(c: _TableContext) -> list[ck.Check]:
    """A table read as cells only (政府采购, 政府购买服务, a one-row 支出总表): its rows and
    figures are in `cells`, nothing more is typed."""
    return []


def _load_summary(c: _TableContext) -> list[ck.Check]:
    return ck.summary_checks(c.fmt, c.table)


def _load_code(c: _TableContext) -> list[ck.Check]:
    t = c.table
    subs = subjects(c.fmt, t)
    for s in subs:
        c.rows.add("subjects", c.doc_id, t.number, t.block.kind.key, s.code, s.name, s.level,
                   s.parent, *_amounts(c.wan(s.amounts), SUBJECT_KEYS), s.line)
    return ck.subject_checks(t, subs)


def _load_econ(c: _TableContext) -> list[ck.Check]:
    t = c.table
    items = econ_items(t)
    for i in items:
        a = c.wan(i.amounts)
        c.rows.add("econ_items", c.doc_id, t.number, i.item, i.gov_item, i.category,
                   i.is_category, a.get("total"), a.get("personnel"), a.get("public"), i.line)
    return ck.econ_checks(t, items)


def _add_sangong(c: _TableContext, items: list) -> None:
    for i in items:
        c.rows.add("sangong", c.doc_id, c.table.number, i.item, i.name, i.level, i.parent,
                   *_amounts(c.wan(i.amounts), FISCAL_KEYS), i.line,
                   c.wan(i.amounts).get("budget"))


def _load_sangong(c: _TableContext) -> list[ck.Check]:
    items = sangong_items(c.table)
    _add_sangong(c, items)
    return ck.sangong_checks(c.table, items)


def _load_sangong_wide(c: _TableContext) -> list[ck.Check]:
    items, opex_total = sangong_wide(c.table)
    _add_sangong(c, items)
    if opex_total is not None:
        c.rows.add("opex", c.doc_id, c.table.number, opex_total.label, True,
                   *_amounts(c.wan(opex_total.amounts), FISCAL_KEYS), opex_total.line)
    return ck.sangong_checks(c.table, items)


def _load_opex(c: _TableContext) -> list[ck.Check]:
    """机关运行经费 by unit: the first row is the department's total."""
    t = c.table
    for k, r in enumerate(x for x in t.rows if x.label):
        c.rows.add("opex", c.doc_id, t.number, r.label, k == 0 and "合计" in r.label,
                   *_amounts(c.wan(r.amounts), FISCAL_KEYS), r.line)
    return ck.opex_checks(t)


def _load_opex_items(c: _TableContext) -> list[ck.Check]:
    """机关运行经费 by economic item: only its 合计 row is the 机关运行经费 (the items are the
    基本支出 table's rows again, kept as cells)."""
    t = c.table
    total = next((r for r in t.rows if r.label == Stored.TOTAL and r.amounts), None)
    if total is not None:
        c.rows.add("opex", c.doc_id, t.number, total.label, True,
                   *_amounts(c.wan(total.amounts), FISCAL_KEYS), total.line)
    return []


def _load_projects(c: _TableContext) -> list[ck.Check]:
    t, kind = c.table, c.table.block.kind
    split = split_projects(t, c.doc.department, c.known_units)
    c.splits[t.number] = split
    if split.total is not None:
        c.rows.add("project_units", c.doc_id, t.number, kind.period, split.total.label, True,
                   *_amounts(c.wan(split.total.amounts), PROJECT_KEYS), split.total.line)
    for u in split.units:
        c.rows.add("project_units", c.doc_id, t.number, kind.period, u.unit, False,
                   *_amounts(c.wan(u.amounts), PROJECT_KEYS), u.line)
        for p in u.projects:
            c.rows.add("projects", c.doc_id, t.number, kind.period, p.unit, p.name,
                       *_amounts(c.wan(p.amounts), PROJECT_KEYS), p.line)
    return ck.project_checks(t, split)


def _load_procurement(c: _TableContext) -> list[ck.Check]:
    for p in procurement(c.fmt, c.table):
        total = c.wan({"total": p.total}).get("total") if p.total is not None else None
        c.rows.add("procurement", c.doc_id, c.table.number, p.level, p.category, p.project,
                   p.econ, p.item, p.method, total, p.line)
    return []


# how each table role is read into typed rows (a role not listed is kept as cells only)
LOADERS: dict[str, Callable[[_TableContext], list[ck.Check]]] = {
    "summary": _load_summary,
    "code": _load_code,
    "econ": _load_econ,
    "sangong": _load_sangong,
    "sangong_wide": _load_sangong_wide,
    "opex": _load_opex,
    "opex_items": _load_opex_items,
    "projects": _load_projects,
    "wide": _load_cells_only,
    "rows": _load_cells_only,
    "procurement": _load_procurement,
}


def _load_sheets(doc_id: int, sheets: list, rows: _Rows) -> None:
    project_no = 0
    for s in sheets:
        if s.kind == "department":
            sheet_no = 0
        else:
            project_no += 1
            sheet_no = project_no
        m, tx = s.meta, s.texts
        rows.add("perf_sheets", doc_id, sheet_no, s.kind, m.get("project"), m.get("department"),
                 m.get("unit"), m.get("attribute"), m.get("term"), tx.get("overview"),
                 tx.get("basis"), tx.get("necessity"), tx.get("measures"), tx.get("plan"),
                 tx.get("goal_impl") or tx.get("annual_goal"),
                 tx.get("goal_year") or tx.get("key_tasks"),
                 s.title_line, s.end_line, s.meta_lines.get("project", s.title_line))
        for f in s.funds:
            rows.add("perf_funds", doc_id, sheet_no, f.period, f.source, f.value, f.unit, f.line)
        for i in s.indicators:
            rows.add("perf_indicators", doc_id, sheet_no, i.period, i.level1, i.level2, i.name,
                     i.value, i.comparator, i.number, i.unit, i.line)
        for f in s.facts:
            rows.add("dept_facts", doc_id, f.category, f.key, f.value, f.number, f.unit, f.line)
        if s.kind == "department":
            for key, text in s.texts.items():
                rows.add("dept_facts", doc_id, Stored.FACT_TEXT, key, text, None, "",
                         s.meta_lines.get(key, s.title_line))


def _load_prose(doc_id: int, prose, services, rows: _Rows) -> None:
    for p in prose.paragraphs:
        rows.add("paragraphs", doc_id, p.part, p.section, p.subsection, p.kind, p.text, p.line)
    for o in prose.org:
        rows.add("org", doc_id, o.kind, o.name, o.count, o.line)
    for a in prose.assets:
        rows.add("assets", doc_id, a.category, a.item, a.number, a.unit, a.text, a.line)
    for g in prose.glossary:
        rows.add("glossary", doc_id, g.term, g.definition, g.line)
    for s in services:
        rows.add("services", doc_id, s.section, s.code, s.level, s.name, s.line)


def _arrow(rows: list[tuple]):
    import pyarrow as pa  # only the build needs it; serving stays lighter to start

    cols = list(zip(*rows))
    arrays = []
    for col in cols:
        if any(isinstance(v, Decimal) for v in col):
            col = tuple(None if v is None else str(v) for v in col)
        arrays.append(pa.array(list(col)))
    return pa.table(arrays, names=[f"c{i}" for i in range(len(arrays))])


def _write(con: duckdb.DuckDBPyConnection, rows: _Rows) -> None:
    """Insert one batch of collected rows (one document's, or the meta rows)."""
    for table, data in rows.data.items():
        if not len(data):
            continue
        # rows read in this process are tuples; rows from a reader process are Arrow already
        con.register("incoming", data if hasattr(data, "schema") else _arrow(data))
        con.execute(f"INSERT INTO {table} SELECT * FROM incoming")  # noqa: S608 - our own names
        con.unregister("incoming")


class _BuildHalted(Exception):
    """A fault of the build itself (disk full, an I/O error), not of one document: the whole
    build stops and the previous database keeps serving."""


def _write_document(con: duckdb.DuckDBPyConnection, rows: _Rows) -> None:
    """Insert one document's rows in one transaction: a value the database refuses leaves no
    half-written document behind (the document is skipped, the others are kept)."""
    con.execute("BEGIN TRANSACTION")
    try:
        _write(con, rows)
    except BaseException as exc:
        try:
            con.execute("ROLLBACK")
        except duckdb.Error:
            pass
        if isinstance(exc, (duckdb.IOException, OSError)):
            raise _BuildHalted(describe_failure(exc)) from exc
        raise
    con.execute("COMMIT")


def describe_failure(exc: BaseException) -> str:
    """A short Chinese reason for a fault outside the documents (disk full, read-only …)."""
    text = str(exc)
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC or "No space left" in text:
        return "磁盘空间不足"
    if isinstance(exc, PermissionError) or "Permission denied" in text or \
            isinstance(exc, OSError) and exc.errno in (errno.EROFS, errno.EACCES):
        return "数据目录不可写"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    if isinstance(exc, BuildError):
        return exc.message
    if isinstance(exc, _BuildHalted):
        return str(exc)
    return type(exc).__name__


def document_paths(docs_dir: Path, allow_empty: bool = False) -> list[Path]:
    """The documents a build reads: every *.txt, *.pdf and *.xlsx file in the folder (and the
    files of forms it does not read, to list them as skipped), in name order."""
    if not docs_dir.is_dir():
        raise BuildError("文档目录不存在", file=str(docs_dir))
    try:
        paths = sorted(p for p in docs_dir.iterdir() if p.is_file() and (
            p.suffix.lower() in DOCUMENT_SUFFIXES or p.suffix.lower() in UNSUPPORTED_SUFFIXES))
    except OSError as exc:
        raise BuildError(f"无法读取文档目录（{exc.strerror}）", file=str(docs_dir)) from exc
    if not any(p.suffix.lower() in DOCUMENT_SUFFIXES for p in paths) and not allow_empty:
        raise BuildError("文档目录中没有 .txt 或 .pdf 文档", file=str(docs_dir))
    return paths


def _outside(path: Path, docs_dir: Path) -> bool:
    """A symbolic link that leads out of the documents folder (never followed)."""
    if not path.is_symlink():
        return False
    try:
        return not path.resolve(strict=True).is_relative_to(docs_dir.resolve())
    except (OSError, RuntimeError):
        return True


def build(docs_dir: Path = DEFAULT_DOCS, db_path: Path = DEFAULT_DB,
          progress: Callable[[int, int, str], None] | None = None) -> BuildReport:
    """Parse every document and replace db_path atomically. Raises BuildError; db untouched then.

    Files are read by one process per core (catalog/reader.py) and written as they arrive,
    in file order and in batches, so memory does not grow with the corpus.
    """
    start = time.perf_counter()
    # a folder whose documents were all removed builds an empty database: what was deleted is
    # no longer served
    paths = document_paths(docs_dir, allow_empty=True)
    reports: list[DocReport] = []
    db_path.parent.mkdir(parents=True, exist_ok=True)
    _remove_abandoned_temps(db_path)
    # the builder's pid in the name: a killed builder's file is removed by the next build
    fd, tmp_name = tempfile.mkstemp(prefix=f"{db_path.name}.{os.getpid()}.", suffix=".tmp",
                                    dir=db_path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    tmp.unlink()  # DuckDB wants to create the file itself
    try:
        con = duckdb.connect(str(tmp))
        try:
            # a checkpoint each time the log passes CHECKPOINT_LOG, not 16 MB (one per batch
            # cost a third of a 1,000-document build), nor never (the writer then holds the
            # whole database in memory: 5.4 GB at 10,000 documents); no progress bar on stdout
            con.execute(f"SET checkpoint_threshold = '{CHECKPOINT_LOG}'")
            con.execute("SET enable_progress_bar = false")
            con.execute(SCHEMA.read_text(encoding="utf-8"))
            skipped: list[tuple[str, str, str]] = []
            errors: list[BuildError] = []
            wanted: list[Path] = []
            for path in paths:
                if _outside(path, docs_dir):
                    skipped.append((path.name, "符号链接指向文档目录之外，不读取", ""))
                    continue
                form = UNSUPPORTED_SUFFIXES.get(path.suffix.lower())
                if form:
                    skipped.append((path.name, f"暂不支持读取{form}（{path.suffix}），"
                                    "请放入部门公开的 PDF 或文本（.txt）版本", _sha_or_empty(path)))
                    continue
                wanted.append(path)
            writer = _Writer(con, docs_dir, reports, skipped, errors)
            for number, got in enumerate(read_all(wanted, read_file, writer.next_id), start=1):
                if progress:
                    progress(number, len(wanted), got.path.name)
                writer.take(got)
            writer.finish()
            # a folder with no document left (only forms it does not read) serves nothing
            readable = any(p.suffix.lower() in DOCUMENT_SUFFIXES for p in paths)
            if readable and not reports and len(errors) == 1:
                raise errors[0]
            if readable and not reports:
                why = "；".join(f"{f}：{w}" for f, w, _ in skipped)
                raise BuildError(f"没有一份文档可以读取（{why}）", file=str(docs_dir))
            meta = _Rows()
            for name, why, sha in skipped:
                meta.add("skipped_documents", name, why, sha)
            meta.add("meta", "schema_version", SCHEMA_VERSION)
            meta.add("meta", "reader", reader_fingerprint())
            meta.add("meta", "built_at", time.strftime("%Y-%m-%dT%H:%M:%S"))
            _write(con, meta)
            con.execute("CHECKPOINT")
        finally:
            con.close()
        # the file's checksum beside it: a damaged database is noticed at open and rebuilt
        sidecar = Path(str(tmp) + CHECKSUM_SUFFIX)
        sidecar.write_text(file_sha256(tmp), encoding="ascii")
        os.replace(tmp, db_path)
        os.replace(sidecar, checksum_path(db_path))
    finally:
        for leftover in (tmp, Path(str(tmp) + ".wal"), Path(str(tmp) + CHECKSUM_SUFFIX)):
            if leftover.exists():
                leftover.unlink()
    return BuildReport(db_path, time.perf_counter() - start, reports,
                       [(name, why) for name, why, _ in skipped])


CHECKPOINT_LOG = "256MB"
# rows written in one transaction: about 35 text documents (one INSERT per table for all of
# them instead of per document; a batch DuckDB refuses is written again document by document)
BATCH_ROWS = 100_000


@dataclass
class _Served:
    """A tables document as written: what pairing a narrative with it needs."""

    path: Path
    department: str
    year: str
    doc_id: int
    merged: bool = False


class _Writer:
    """Writes the documents as they are read, in file order: doc_ids in that order, rows in
    doc_id order (DuckDB's row-group statistics skip other documents' rows), one publication
    per department, year and kind, a narrative joined to its tables file at the end."""

    def __init__(self, con: duckdb.DuckDBPyConnection, docs_dir: Path,
                 reports: list[DocReport], skipped: list[tuple[str, str, str]],
                 errors: list[BuildError]) -> None:
        self.con, self.docs_dir = con, docs_dir
        self.reports, self.skipped, self.errors = reports, skipped, errors
        self.doc_id = 0
        self.seen: dict[tuple[str, str, str], DocReport] = {}
        self.pending: list[tuple[DocReport, dict]] = []
        self.pending_rows = 0
        self.served: list[_Served] = []
        self.narratives: list[Read] = []

    def next_id(self) -> int:
        return self.doc_id + 1

    def _skip(self, path: Path, exc: BuildError) -> None:
        self.skipped.append((path.name, exc.located(), _sha_or_empty(path)))
        self.errors.append(exc if exc.file else
                           BuildError(exc.detail, file=path.name, line=exc.line))

    def take(self, got: Read) -> None:
        """One file read (catalog/reader.py)."""
        if got.error is not None or got.failure:
            self._skip(got.path, got.build_error())
            return
        if got.narrative is not None:
            self.narratives.append(got)
            return
        self.doc_id += 1
        report = got.report
        report.doc_id = self.doc_id
        tables = {t: _with_doc_id(v, self.doc_id) for t, v in got.tables.items()}
        self.served.append(_Served(got.path, got.department, got.year, self.doc_id))
        self._admit(got.path, report, tables)

    def _admit(self, path: Path, report: DocReport, tables: dict) -> None:
        identity = (report.department, report.year, report.kind)
        if identity not in self.seen:
            self.seen[identity] = report
            self.reports.append(report)
            self.pending.append((report, tables))
            self.pending_rows += sum(t.num_rows for t in tables.values())
            if self.pending_rows >= BATCH_ROWS:
                self.flush()
            return
        # the same publication twice: written first, then the older one is dropped
        self.flush()
        self.pending.append((report, tables))
        if not self.flush_one():
            return
        older = self.seen[identity]
        keep_new = _newer(path, self.docs_dir / older.file)
        dropped, kept = (older, report) if keep_new else (report, older)
        self.skipped.append((dropped.file, f"与 {kept.file} 是同一部门、同一年度的"
                             f"{report.kind}，使用较新的 {kept.file}",
                             _sha_or_empty(self.docs_dir / dropped.file)))
        _delete_document(self.con, dropped.doc_id)
        if keep_new:
            self.reports[self.reports.index(older)] = report
            self.seen[identity] = report

    def flush_one(self) -> bool:
        """Write the one pending document; False when it was refused (and skipped)."""
        report, tables = self.pending.pop()
        try:
            _write_document(self.con, _as_rows(tables))
        except _BuildHalted:
            raise
        except BuildError as exc:
            self._skip(self.docs_dir / report.file, exc)
            return False
        except Exception as exc:  # noqa: BLE001 - a fault in one document stays there
            self._skip(self.docs_dir / report.file,
                       BuildError(f"读取时出错（{type(exc).__name__}），已跳过此文档",
                                  file=report.file))
            return False
        return True

    def flush(self) -> None:
        """Write the pending documents in one transaction; if it is refused, one by one."""
        batch, self.pending, self.pending_rows = self.pending, [], 0
        if not batch:
            return
        if len(batch) > 1:
            try:
                _write_document(self.con, _merged(batch))
                return
            except _BuildHalted:
                raise
            except Exception:  # noqa: BLE001 - found below, document by document
                pass
        for report, tables in batch:
            self.pending.append((report, tables))
            if not self.flush_one():
                self.reports.remove(report)
                identity = (report.department, report.year, report.kind)
                if self.seen.get(identity) is report:
                    del self.seen[identity]

    def finish(self) -> None:
        """Write what is pending, then each narrative: joined to the first tables document of
        its department and year, else served as prose alone."""
        self.flush()
        for got in self.narratives:
            narrative = got.narrative
            partner = next((s for s in self.served if not s.merged and s.department and
                            s.department == got.department and s.year == got.year), None)
            try:
                if partner is None:
                    self._alone(got.path, narrative)
                else:
                    partner.merged = True
                    self._join(partner, narrative)
            except _BuildHalted:
                raise
            except BuildError as exc:
                self._skip(got.path, exc)
            except Exception as exc:  # noqa: BLE001 - a fault in one document stays there
                self._skip(got.path, BuildError(
                    f"读取时出错（{type(exc).__name__}），已跳过此文档", file=got.path.name))
        self.flush()

    def _alone(self, path: Path, narrative: Document) -> None:
        rows = _Rows()
        report = load_document(path, self.doc_id + 1, rows, narrative)
        self.doc_id += 1
        report.doc_id = self.doc_id
        report.rows = {t: len(v) for t, v in rows.data.items()}
        self._admit(path, report, {t: _arrow(v) for t, v in rows.data.items() if v})

    def _join(self, partner: _Served, narrative: Document) -> None:
        """The partner's file read again with the narrative's lines after its own, written
        under the partner's doc_id in place of what was written for it alone."""
        old = next((r for r in self.reports if r.doc_id == partner.doc_id), None)
        if old is None:
            return                       # the partner is not served: nor is its narrative
        doc = merge_publication(split_document(partner.path), narrative)
        rows = _Rows()
        report = load_document(partner.path, partner.doc_id, rows, doc)
        report.doc_id = partner.doc_id
        report.rows = {t: len(v) for t, v in rows.data.items()}
        _delete_document(self.con, partner.doc_id)
        _write_document(self.con, rows)
        self.reports[self.reports.index(old)] = report
        self.seen = {k: (report if v is old else v) for k, v in self.seen.items()}


def _with_doc_id(table, doc_id: int):
    """A document's Arrow table with its doc_id (column 0 of every table that has one)."""
    import pyarrow as pa
    return table.set_column(0, table.column_names[0],
                            pa.array([doc_id] * table.num_rows, pa.int64()))


def _as_rows(tables: dict) -> _Rows:
    rows = _Rows()
    rows.data = dict(tables)
    return rows


def _merged(batch: list[tuple[DocReport, dict]]) -> _Rows:
    """Several documents' Arrow tables as one batch (a column that is all NULL in one document
    takes the type it has in the others)."""
    import pyarrow as pa
    parts: dict[str, list] = {}
    for _, tables in batch:
        for name, table in tables.items():
            parts.setdefault(name, []).append(table)
    rows = _Rows()
    rows.data = {name: pa.concat_tables(ts, promote_options="permissive")
                 for name, ts in parts.items()}
    return rows


def publication_kind(title: str, fmt: Format) -> str:
    """部门预算 / 单位预算 / 部门决算 …, read from the title (the format says 预算 or 决算)."""
    who = "单位" if "单位预算" in title or "单位决算" in title else "部门"
    return who + fmt.kind_word


def _newer(a: Path, b: Path) -> bool:
    """True when a is the newer publication (modification time, then name)."""
    return (a.stat().st_mtime, a.name) > (b.stat().st_mtime, b.name)


def _delete_document(con: duckdb.DuckDBPyConnection, doc_id: int) -> None:
    """Remove one document's rows from every table that carries a doc_id."""
    tables = [r[0] for r in con.execute(
        "SELECT DISTINCT table_name FROM duckdb_columns() WHERE column_name = 'doc_id' "
        "AND NOT internal AND table_name NOT IN (SELECT view_name FROM duckdb_views())")
        .fetchall()]
    for table in tables:
        con.execute(f'DELETE FROM "{table}" WHERE doc_id = ?', [doc_id])  # noqa: S608


def _sha_or_empty(path: Path) -> str:
    try:
        return file_sha256(path)
    except OSError:
        return ""


STALE_TEMP_SECONDS = 600


def _remove_abandoned_temps(db_path: Path) -> None:
    """Temporary files left by a build that was killed: at once when the process that wrote
    it is gone, otherwise when older than any build takes."""
    cutoff = time.time() - STALE_TEMP_SECONDS
    for tmp in db_path.parent.glob(db_path.name + ".*.tmp*"):
        try:
            if tmp.stat().st_mtime < cutoff or not _alive(tmp.name[len(db_path.name) + 1:]):
                tmp.unlink()
        except OSError:
            pass


def _alive(rest: str) -> bool:
    """Whether the builder named in a temporary file's name ('<pid>.<random>.tmp') runs."""
    pid = rest.split(".", 1)[0]
    if not pid.isdigit() or not pid.isascii():
        return True                   # an older name without a pid: only the age decides
    if int(pid) == os.getpid():
        return True                   # another thread of this process may be building
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def reader_fingerprint() -> str:
    """A hash of the reader's code and schema: a database built by another reader is stale."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")) + [SCHEMA]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


_SHA_CACHE: dict[tuple, str] = {}
_SHA_CACHE_SIZE = 4096


def file_sha256(path: Path) -> str:
    """The file's content hash, remembered by (size, mtime, ctime, inode): a file that was
    written again (any edit changes its ctime, which no copy tool can set back) is reread, an
    unchanged one is not, so a freshness check every few seconds costs a stat per file."""
    st = path.stat()
    key = (str(path), st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)
    hit = _SHA_CACHE.get(key)
    if hit is not None:
        return hit
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    if len(_SHA_CACHE) >= _SHA_CACHE_SIZE:
        _SHA_CACHE.clear()
    _SHA_CACHE[key] = digest.hexdigest()
    return _SHA_CACHE[key]


CHECKSUM_SUFFIX = ".sha256"
REBUILT = "数据库已根据文档重新构建。"       # the notice of a rebuild that went as planned


def checksum_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + CHECKSUM_SUFFIX)


def is_intact(db_path: Path) -> bool:
    """True when the database file has the checksum its build wrote beside it (a truncated
    or bit-flipped file is rebuilt before DuckDB meets the damage in a query)."""
    return _checksum(db_path) == "ok"


def _checksum(db_path: Path) -> str:
    """'ok', 'missing' (built before checksums were written) or 'bad'."""
    try:
        expected = checksum_path(db_path).read_text(encoding="ascii").strip()
    except FileNotFoundError:
        return "missing"
    except (OSError, UnicodeDecodeError):
        return "bad"
    try:
        return "ok" if expected == file_sha256(db_path) else "bad"
    except OSError:
        return "bad"


def is_current(db_path: Path, docs_dir: Path) -> bool:
    """True when db_path is intact, was built by this reader, and holds exactly the documents
    in the folder, by content (a revised file copied with an older mtime is still seen)."""
    if not db_path.is_file() or not is_intact(db_path):
        return False
    try:
        paths = document_paths(docs_dir, allow_empty=True)
    except BuildError:
        return True  # no folder to rebuild from (unmounted?); keep what we have
    read = _read_meta(db_path)
    if read is None:
        return False
    meta, built = read
    if meta.get("schema_version") != SCHEMA_VERSION or meta.get("reader") != reader_fingerprint():
        return False
    if set(built) != {p.name for p in paths}:
        return False
    return all(built[p.name] == ("" if _outside(p, docs_dir) else file_sha256(p)) for p in paths)


def ensure_database(docs_dir: Path = DEFAULT_DOCS,
                    db_path: Path = DEFAULT_DB) -> BuildReport | None:
    """Build the database when it is missing, unreadable, stale or of an older schema."""
    return freshen(docs_dir, db_path)[0]


def freshen(docs_dir: Path = DEFAULT_DOCS,
            db_path: Path = DEFAULT_DB) -> tuple[BuildReport | None, str]:
    """(report of a rebuild or None, a notice for people). A database that cannot be rebuilt
    (no document readable, a read-only data folder) is still served when it opens."""
    if is_current(db_path, docs_dir):
        return None, ""
    damaged = db_path.is_file() and _checksum(db_path) == "bad"
    try:
        report = build(docs_dir, db_path)
    except BuildError as exc:
        if _usable(db_path):
            return None, f"文档无法重新读取（{exc.message}），继续使用已有的数据库。"
        raise
    except Exception as exc:  # noqa: BLE001 - disk full, read-only folder, a DuckDB fault
        # the previous database keeps serving whatever stopped the build
        why = describe_failure(exc)
        if _usable(db_path):
            return None, f"数据库未能重新构建（{why}），继续使用已有的数据库，它可能不是最新的。"
        raise BuildError(f"无法构建数据库（{why}）", file=str(db_path)) from exc
    if damaged:
        return report, "数据库文件已损坏，已根据文档重新构建。"
    return report, REBUILT


def _read_meta(db_path: Path) -> tuple[dict[str, str], dict[str, str]] | None:
    """(meta, file -> sha256 of every document built or skipped), or None when the file does
    not open as one of our databases."""
    try:
        con = duckdb.connect(str(db_path), read_only=True)
        try:
            meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
            built = dict(con.execute("SELECT file, sha256 FROM document_files UNION ALL "
                                     "SELECT file, sha256 FROM skipped_documents").fetchall())
        finally:
            con.close()
    except duckdb.Error:
        return None
    return meta, built


def _usable(db_path: Path) -> bool:
    """True when db_path is not known to be damaged, opens and has this schema (it may be
    stale; one built before checksums were written is trusted while no rebuild succeeds)."""
    read = _read_meta(db_path) if db_path.is_file() and _checksum(db_path) != "bad" else None
    return read is not None and read[0].get("schema_version") == SCHEMA_VERSION


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m catalog.build", description="从预算公开文档构建数据库")
    ap.add_argument("--docs", type=Path, default=DEFAULT_DOCS, help="文档目录（默认 data/documents）")
    ap.add_argument("--db", type=Path, default=DEFAULT_DB, help="数据库文件（默认 data/budget.duckdb）")
    args = ap.parse_args(argv)
    def progress(number: int, total: int, name: str) -> None:
        print(f"[{number}/{total}] 读取 {name}", file=sys.stderr, flush=True)

    def page_progress(page: int, pages: int) -> None:
        if page % 10 == 0 or page == pages:        # a long PDF shows it is moving
            print(f"    第 {page}/{pages} 页", file=sys.stderr, flush=True)

    PAGE_PROGRESS.set(page_progress)

    try:
        report = build(args.docs, args.db, progress)
    except BuildError as exc:
        print(f"构建失败：{exc.message}\n原有数据库保持不变。", file=sys.stderr)
        return 2
    except Exception as exc:  # noqa: BLE001 - disk full, read-only folder: no traceback
        print(f"构建失败：{describe_failure(exc)}\n原有数据库保持不变。", file=sys.stderr)
        return 2
    print(report.text())
    for name, why in report.skipped:
        print(f"已跳过 {name}：{why}", file=sys.stderr)
    return 1 if report.skipped or any(d.checks_failed for d in report.documents) else 0


if __name__ == "__main__":
    sys.exit(main())
