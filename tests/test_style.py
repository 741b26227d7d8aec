"""House style that a test can hold: short lines, and no document figures in the reader."""

from __future__ import annotations

import re

from tests.conftest import ROOT, SEED

SOURCES = [p for p in ROOT.rglob("*.py") if ".git" not in p.parts and "screenshots" not in p.parts]


def test_lines_are_at_most_100_characters():
    long = [f"{p.relative_to(ROOT)}:{i}" for p in SOURCES
            for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), start=1)
            if len(line) > 100]
    assert long == []


def test_the_reader_and_engine_carry_no_figure_of_the_document():
    """Every two-decimal amount of the document is read, never written into the code."""
    amounts = set(re.findall(r"\d+\.\d{2}", SEED.read_text(encoding="utf-8")))
    amounts = {a for a in amounts if float(a) >= 10}        # skip tiny ones like 0.02
    code = [p for p in SOURCES if p.parts[len(ROOT.parts)] in ("catalog", "queries", "ui")]
    code += [ROOT / "app.py"]
    found = [(p.name, a) for p in code for a in amounts if a in p.read_text(encoding="utf-8")]
    assert found == []


def test_no_department_unit_or_project_name_in_the_code(seed_db):
    import duckdb
    con = duckdb.connect(str(seed_db), read_only=True)
    names = {r[0] for r in con.execute(
        "SELECT department FROM documents UNION SELECT unit FROM project_units "
        "UNION SELECT name FROM projects").fetchall() if r[0] and len(r[0]) >= 5}
    con.close()
    code = [p for p in SOURCES if p.parts[len(ROOT.parts)] in ("catalog", "queries", "ui")]
    code += [ROOT / "app.py", *(ROOT / "queries").glob("*.sql"), *(ROOT / "queries").glob("*.json")]
    found = [(p.name, n) for p in code for n in names if n in p.read_text(encoding="utf-8")]
    assert found == []
