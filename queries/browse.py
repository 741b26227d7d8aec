"""Read-only views for the app's browse and status panels (same templates, same guard)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from queries.answer import table_label
from queries.db import run
from queries.engine import Engine
from queries.vocab import LEX

_YEAR_PREFIX = re.compile(rf"^\d{{4}}{LEX['numbers']['year_suffix']}")


@dataclass
class TableView:
    """A report table as it appears in the document: column paths and rows of cells."""

    table_no: int
    label: str
    unit: str
    empty: bool
    columns: list[str]
    header_lines: list[list[str]]
    rows: list[tuple[int, list[str]]]   # (line, cells)


def _q(engine: Engine, template: str, doc_id: int, **params: Any) -> list[dict[str, Any]]:
    return run(engine.con, engine.templates[template], doc_id=doc_id, **params).rows


def report_tables(engine: Engine, doc_id: int) -> list[dict[str, Any]]:
    rows = _q(engine, "report_tables", doc_id)
    for r in rows:
        r["label"] = table_label(r["table_no"], r["title"])
    return rows


def table_view(engine: Engine, doc_id: int, table_no: int) -> TableView:
    meta = next(t for t in report_tables(engine, doc_id) if t["table_no"] == table_no)
    lines = _q(engine, "table_rows", doc_id, table_no=table_no)
    width = max([len(meta["columns"])] + [len(r["cells"]) for r in lines])
    columns = [c or f"列{i + 1}" for i, c in enumerate(meta["columns"] + [""] * width)][:width]
    seen: dict[str, int] = {}
    for i, c in enumerate(columns):     # column names must be unique for a data frame
        seen[c] = seen.get(c, 0) + 1
        if seen[c] > 1:
            columns[i] = f"{c}（{seen[c]}）"
    data = [(r["line"], list(r["cells"]) + [""] * (width - len(r["cells"])))
            for r in lines if not r["is_header"]]
    headers = [list(r["cells"]) for r in lines if r["is_header"]]
    return TableView(table_no, meta["label"], meta["unit"], bool(meta["is_empty"]), columns,
                     headers, data)


def column_names(engine: Engine, doc_id: int, table_no: int) -> list[str]:
    """A table's columns as people read them: the header rows merged ("本年收入·一般公共预算"),
    without the year printed in front of a header."""
    meta = next((t for t in report_tables(engine, doc_id) if t["table_no"] == table_no), None)
    if meta is None:
        return []
    names = []
    for path in meta["columns"] or []:
        parts = [_YEAR_PREFIX.sub("", p) for p in str(path).split("/") if p]
        names.append("·".join(dict.fromkeys(p for p in parts if p)))
    return names


def checks(engine: Engine, doc_id: int) -> list[dict[str, Any]]:
    return _q(engine, "checks", doc_id)


def warnings(engine: Engine, doc_id: int) -> list[dict[str, Any]]:
    return _q(engine, "build_warnings", doc_id)


def skipped(engine: Engine) -> list[dict[str, Any]]:
    """Documents the build could not read, with the reason (the others are served)."""
    return run(engine.con, engine.templates["skipped_documents"]).rows


def skipped_tables(engine: Engine, doc_id: int) -> list[dict[str, Any]]:
    """Tables of a served document that could not be read, with the reason."""
    return run(engine.con, engine.templates["skipped_tables"], doc_id=doc_id).rows


def document_files(engine: Engine, doc_id: int) -> list[dict[str, Any]]:
    """The files a document was read from (a narrative and a tables file: two)."""
    return run(engine.con, engine.templates["document_files"], doc_id=doc_id).rows


def income_by_source(engine: Engine, doc_id: int) -> list[dict[str, Any]]:
    return _q(engine, "chart_income", doc_id)


def expense_by_subject(engine: Engine, doc_id: int) -> list[dict[str, Any]]:
    return _q(engine, "chart_subjects", doc_id)


def projects_by_amount(engine: Engine, doc_id: int, period: str) -> list[dict[str, Any]]:
    return _q(engine, "period_projects", doc_id, period=period)
