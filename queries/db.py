"""Read-only access to the built database: one shared connection, one cursor per query."""

from __future__ import annotations

import itertools
import threading
from collections import OrderedDict
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb

from catalog.settings import env_number
from errors import DatabaseDamaged, DatabaseUnavailable, QueryTimeout, UnsafeQueryError
from queries.guard import check_sql
from queries.templates import Template

# connections opened read-only here, each with a token of its own: results are cached per
# token, so a connection whose id is reused after another was closed never sees old rows
_TOKENS: dict[int, int] = {}
_NEXT_TOKEN = itertools.count(1)
# databases a query found damaged (their path): the live engine rebuilds them (queries/live.py)
_PATHS: dict[int, str] = {}
_DAMAGED: set[str] = set()
_DAMAGE = (duckdb.IOException, duckdb.InternalException, duckdb.SerializationException)
READ_ONLY_CONFIG = {"enable_external_access": False, "lock_configuration": True}
STATEMENT_SECONDS = env_number("BUDGETQA_STATEMENT_SECONDS", 5, minimum=0.1)


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
        con = duckdb.connect(str(path), read_only=True, config=READ_ONLY_CONFIG)
    except duckdb.Error as exc:
        raise DatabaseUnavailable(f"无法打开数据库：{exc}") from exc
    _TOKENS[id(con)] = next(_NEXT_TOKEN)
    _PATHS[id(con)] = str(path)
    with _DAMAGED_LOCK:
        _DAMAGED.discard(str(path))
    return con


_DAMAGED_LOCK = threading.Lock()


def damaged(path: Path) -> bool:
    """True when a query on this database file met damage since it was last opened."""
    with _DAMAGED_LOCK:
        return str(path) in _DAMAGED


def forget(con: duckdb.DuckDBPyConnection) -> None:
    """A closed connection's cached results are dropped (memory; correctness needs no call)."""
    _PATHS.pop(id(con), None)
    token = _TOKENS.pop(id(con), None)
    if token is not None:
        _RESULTS.drop(token)


class _Results:
    """Results of templates already run on a connection. The served database is opened
    read-only and never changes under its connection (a rebuild writes a new file), so the same
    template with the same parameters gives the same rows: many questions share them."""

    SIZE = 4096

    def __init__(self) -> None:
        self._data: OrderedDict[tuple, Result] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple) -> Result | None:
        with self._lock:
            hit = self._data.get(key)
            if hit is not None:
                self._data.move_to_end(key)
        if hit is None:
            return None
        # callers may add keys to rows: each gets its own copies
        return replace(hit, rows=[dict(r) for r in hit.rows], params=dict(hit.params))

    def drop(self, token: int) -> None:
        with self._lock:
            for key in [k for k in self._data if k[0] == token]:
                del self._data[key]

    def put(self, key: tuple, result: Result) -> None:
        with self._lock:
            self._data[key] = replace(result, rows=[dict(r) for r in result.rows])
            while len(self._data) > self.SIZE:
                self._data.popitem(last=False)


_RESULTS = _Results()


def run(con: duckdb.DuckDBPyConnection, template: Template, **params: Any) -> Result:
    """Execute a validated template with bound parameters on a fresh cursor."""
    missing = set(template.params) - set(params)
    if missing:
        raise UnsafeQueryError(f"模板 {template.name} 缺少参数 {sorted(missing)}")
    check_sql(template.sql)  # cheap; every executed statement passes the guard
    bound = {k: params[k] for k in template.params}
    token = _TOKENS.get(id(con))
    key = (token, template.sql, tuple(sorted(bound.items())))
    try:
        hash(key)
    except TypeError:                 # a list parameter: run it, do not keep it
        token = None
    if token is None:                 # not a served read-only connection: never cached
        return _execute(con, template, bound)
    cached = _RESULTS.get(key)
    if cached is not None:
        return cached
    result = _execute(con, template, bound)
    _RESULTS.put(key, result)
    return result


def _execute(con: duckdb.DuckDBPyConnection, template: Template,
             bound: dict[str, Any]) -> Result:
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
    except _DAMAGE as exc:
        # the file changed under the served connection (truncated, overwritten): no figure
        path = _PATHS.get(id(con))
        if path is not None:
            with _DAMAGED_LOCK:
                _DAMAGED.add(path)
        raise DatabaseDamaged("数据库文件已损坏，正在根据文档重建，请稍后再问一次") from exc
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
