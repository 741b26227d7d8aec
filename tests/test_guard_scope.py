"""The SQL guard resolves CTE scope as DuckDB does (issue 20, item 9)."""

from __future__ import annotations

import duckdb
import pytest

from errors import UnsafeQueryError
from queries.guard import check_sql
from queries.templates import load_templates

LEAKS = [
    # a later sibling named like a system view: `a` reads the real view
    "WITH a AS (SELECT database_name FROM duckdb_databases), "
    "duckdb_databases AS (SELECT 1 AS database_name) SELECT * FROM a",
    "WITH a AS (SELECT sql FROM sqlite_master), sqlite_master AS (SELECT 1 AS sql) "
    "SELECT * FROM a",
    # the same in WITH RECURSIVE: DuckDB still sees only earlier siblings (and itself)
    "WITH RECURSIVE a AS (SELECT database_name FROM duckdb_databases), "
    "duckdb_databases AS (SELECT 1 AS database_name) SELECT * FROM a",
    # a CTE of a subquery names nothing outside it
    "SELECT * FROM duckdb_settings, (WITH duckdb_settings AS (SELECT 1) SELECT 1) t",
    # without RECURSIVE a CTE does not see itself: the name is a catalog table
    "WITH duckdb_tables AS (SELECT * FROM duckdb_tables) SELECT * FROM duckdb_tables",
]


@pytest.mark.parametrize("sql", LEAKS)
def test_a_cte_cannot_hide_a_system_view(sql):
    with pytest.raises(UnsafeQueryError):
        check_sql(sql)


def test_the_late_sibling_really_reads_the_catalog_in_duckdb():
    """Pins why the first case is refused: DuckDB itself resolves it to the system view."""
    con = duckdb.connect()
    try:
        rows = con.execute(LEAKS[0]).fetchall()
    finally:
        con.close()
    assert rows and rows[0][0] != 1


@pytest.mark.parametrize("sql", [
    "WITH a AS (SELECT * FROM cells), b AS (SELECT * FROM a) SELECT * FROM b",
    "WITH RECURSIVE r AS (SELECT 1 AS n UNION ALL SELECT n + 1 FROM r WHERE n < 3) "
    "SELECT * FROM r",
    "SELECT * FROM (WITH a AS (SELECT * FROM cells) SELECT * FROM a) t",
    "WITH a AS (SELECT * FROM cells) SELECT * FROM (SELECT * FROM a) t",
])
def test_visible_ctes_are_still_allowed(sql):
    check_sql(sql)


def test_every_template_still_passes():
    for template in load_templates().values():
        check_sql(template.sql)
