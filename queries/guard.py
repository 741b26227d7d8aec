"""The SQL guard: every statement the engine executes passes through `check_sql` first."""

from __future__ import annotations

import functools

import sqlglot
from sqlglot import exp
from sqlglot.errors import SqlglotError

from errors import UnsafeQueryError

# the tables (and view) the catalog builds; nothing else may be read
ALLOWED_TABLES = frozenset({
    "meta", "documents", "report_tables", "source_lines", "table_rows", "cells", "subjects",
    "econ_items", "projects", "project_units", "sangong", "opex", "perf_sheets", "perf_funds",
    "perf_indicators", "dept_facts", "paragraphs", "org", "assets", "glossary", "services",
    "checks", "build_warnings", "amounts", "skipped_documents", "procurement",
    "document_files", "skipped_tables",
})
# anonymous (non-builtin to sqlglot) functions we allow by name
ALLOWED_FUNCTIONS = frozenset({"list_contains", "string_agg", "list_extract"})
FORBIDDEN = (
    exp.Insert, exp.Update, exp.Delete, exp.Drop, exp.Create, exp.Alter, exp.Command,
    exp.Pragma, exp.Set, exp.Copy, exp.Attach, exp.Detach, exp.Install, exp.Merge,
    exp.TruncateTable, exp.Use, exp.Transaction, exp.Commit, exp.Rollback, exp.LoadData,
)


def _forbidden_types() -> tuple[type, ...]:
    return tuple(t for t in FORBIDDEN if isinstance(t, type))


@functools.lru_cache(maxsize=512)
def check_sql(sql: str) -> exp.Expression:
    """Parse and vet one statement; return its tree or raise UnsafeQueryError.

    Cached by text: the engine runs the same few templates again and again.
    """
    try:
        statements = sqlglot.parse(sql, read="duckdb")
    except SqlglotError as exc:
        raise UnsafeQueryError(f"SQL 无法解析：{exc}") from exc
    statements = [s for s in statements if s is not None]
    if len(statements) != 1:
        raise UnsafeQueryError("只允许执行一条查询语句")
    tree = statements[0]
    if not isinstance(tree, exp.Query):
        raise UnsafeQueryError("只允许 SELECT 查询")
    bad = _forbidden_types()
    for node in tree.walk():
        if isinstance(node, bad):
            raise UnsafeQueryError(f"不允许的语句：{type(node).__name__}")
        if isinstance(node, exp.Table):
            if not isinstance(node.this, exp.Identifier):
                raise UnsafeQueryError("不允许表函数或文件读取")
            if node.args.get("db") or node.args.get("catalog"):
                raise UnsafeQueryError("不允许跨库访问")
            name = node.name
            if name not in ALLOWED_TABLES and name not in _ctes_in_scope(node):
                raise UnsafeQueryError(f"不允许访问的表：{name}")
        if isinstance(node, exp.Anonymous) and node.name.lower() not in ALLOWED_FUNCTIONS:
            raise UnsafeQueryError(f"不允许的函数：{node.name}")
        if isinstance(node, (exp.ReadCSV,)) or type(node).__name__ in {"ReadParquet", "ReadJSON"}:
            raise UnsafeQueryError("不允许读取文件")
    return tree


def _ctes_in_scope(node: exp.Expression) -> set[str]:
    """CTE names visible where a table is read, resolved as DuckDB does: those of the WITH
    clauses around it, and inside a CTE only the siblings defined before it (itself too in
    WITH RECURSIVE). A CTE defined later, or inside a subquery, names nothing here: otherwise
    `WITH a AS (SELECT * FROM duckdb_databases), duckdb_databases AS (…)` would let `a` read
    the system view while the guard took it for the CTE."""
    names: set[str] = set()
    child, parent = node, node.parent
    while parent is not None:
        if isinstance(parent, exp.With):
            ctes = list(parent.expressions)
            position = next((k for k, c in enumerate(ctes) if c is child), len(ctes))
            visible = ctes[:position]
            if parent.args.get("recursive") and position < len(ctes):
                visible.append(ctes[position])
            names |= {c.alias_or_name for c in visible}
        elif isinstance(parent, exp.Query):
            with_ = parent.args.get("with_") or parent.args.get("with")   # the key varies
            if with_ is not None and with_ is not child:
                names |= {c.alias_or_name for c in with_.expressions}
        child, parent = parent, parent.parent
    return names


def placeholders(tree: exp.Expression) -> set[str]:
    """Names of the $name placeholders in a parsed statement."""
    return {p.name for p in tree.find_all(exp.Placeholder) if p.name}
