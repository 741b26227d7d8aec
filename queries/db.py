"""Read-only access to the built database: one shared connection, one cursor per query."""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb

from errors import DatabaseUnavailable, QueryTimeout, UnsafeQueryError
from queries.guard import check_sql
from queries.templates import Template

READ_ONLY_CONFIG = {"enable_external_access": False, "lock_configuration": True}
STATEMENT_SECONDS = float(os.environ.get("BUDGETQA_STATEMENT_SECONDS", "5"))


@dataclass
class Result:
    """Rows of one executed template, with the SQL and parameters as run (for the answer)."""

    template: str
    sql: str
    params: dict[str, Any]
    columns: list[str]
    rows: list[dict[str, Any]]


def open_readonly(path: Path) -> duckdb.DuckDBPyConnection:
    """Open the served database so that it cannot be written or reach outside itself."""
    try:
        return duckdb.connect(str(path), read_only=True, config=READ_ONLY_CONFIG)
    except duckdb.Error as exc:
        raise DatabaseUnavailable(f"无法打开数据库：{exc}") from exc


def run(con: duckdb.DuckDBPyConnection, template: Template, **params: Any) -> Result:
    """Execute a validated template with bound parameters on a fresh cursor."""
    missing = set(template.params) - set(params)
    if missing:
        raise UnsafeQueryError(f"模板 {template.name} 缺少参数 {sorted(missing)}")
    check_sql(template.sql)  # cheap; every executed statement passes the guard
    bound = {k: params[k] for k in template.params}
    cur = con.cursor()
    # a statement that runs too long is interrupted (a runaway recursive CTE must not hang
    # the connection that every session shares)
    timer = threading.Timer(STATEMENT_SECONDS, cur.interrupt)
    timer.daemon = True
    timer.start()
    try:
        cur.execute(template.sql, bound)
        columns = [d[0] for d in cur.description]
        rows = [dict(zip(columns, r)) for r in cur.fetchall()]
    except duckdb.InterruptException as exc:
        raise QueryTimeout(f"查询超过 {STATEMENT_SECONDS:g} 秒，已停止") from exc
    finally:
        timer.cancel()
        cur.close()
    return Result(template.name, template.sql.strip(), bound, columns, rows)


def to_number(value: Any) -> float | int | None:
    """DECIMAL -> a JSON number, deliberately: integers stay integers."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value
