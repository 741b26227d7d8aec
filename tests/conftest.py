"""Shared fixtures: the seed document, a database built once per session, derived documents."""

from __future__ import annotations

import os
import re
import shutil
import sys
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from catalog.build import build

ROOT = Path(__file__).resolve().parent.parent
SEED_DOCS = ROOT / "data" / "documents"
SEED = next(SEED_DOCS.glob("*.txt"))
_STATUS = pytest.StashKey[int]()


@pytest.fixture(scope="session")
def seed_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("seed") / "budget.duckdb"
    build(SEED_DOCS, db)
    return db


@pytest.fixture(scope="module")
def engine(seed_db: Path):
    """The engine over the bundled document, for tests that only ask questions (per module:
    DuckDB refuses a second connection to the file with another configuration)."""
    from queries.engine import Engine

    eng = Engine(seed_db, SEED_DOCS)
    yield eng
    eng.close()


def answer_numbers(ans) -> list[float]:
    """Every number an answer states: in its sentence (thousands separators removed) and its
    figures — what the shared evaluator reads."""
    text = ans.answer.replace(",", "")
    return [float(x) for x in re.findall(r"-?\d+(?:\.\d+)?", text)] + \
        [float(f["value"]) for f in ans.figures]


@pytest.fixture()
def con(seed_db: Path):
    c = duckdb.connect(str(seed_db), read_only=True)
    yield c
    c.close()


_TWO_DEC = re.compile(r"(?<![\d.,])\d+\.\d{2}(?![\d])")
_GROUPED = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d])")


def transform_seed(dest: Path, renames: dict[str, str], factor: int = 2,
                   name: str = "derived-budget.txt") -> Path:
    """A second document in the same template: names replaced, every table amount scaled.

    Scaling every amount by the same integer keeps every total equal to its parts, so the
    transformed document is as consistent as the seed. Renames never touch amount cells.
    """
    dest.mkdir(parents=True, exist_ok=True)
    ordered = sorted(renames.items(), key=lambda kv: -len(kv[0]))

    def rename(text: str) -> str:
        for old, new in ordered:
            text = text.replace(old, new)
        return text

    out = []
    for line in SEED.read_text(encoding="utf-8").split("\n"):
        if "\t" in line:
            cells = [_scale(c, factor) for c in line.split("\t")]
            line = "\t".join(c if _is_number(c) else rename(c) for c in cells)
        else:
            line = rename(line)
        out.append(line)
    path = dest / name
    path.write_text("\n".join(out), encoding="utf-8")
    return dest


def _is_number(cell: str) -> bool:
    text = cell.strip()
    return bool(_TWO_DEC.fullmatch(text) or _GROUPED.fullmatch(text) or text.isdigit())


def _scale(cell: str, factor: int) -> str:
    text = cell.strip()
    if _TWO_DEC.fullmatch(text):
        return f"{Decimal(text) * factor:.2f}"
    if _GROUPED.fullmatch(text):
        value = Decimal(text.replace(",", "")) * factor
        return f"{value:,}"
    return cell


def copy_seed(dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(SEED, dest / SEED.name)
    return dest



def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    session.config.stash[_STATUS] = int(exitstatus)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    """Leave straight after pytest's summary, with its exit status.

    Streamlit's AppTest script threads keep a DuckDB connection referenced until interpreter
    shutdown, where DuckDB's binding prints a "leaked instances" report that would otherwise
    follow (and hide) pytest's closing line. Nothing is written at that point, so exiting
    here loses nothing.
    """
    if _STATUS in config.stash:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(config.stash[_STATUS])
