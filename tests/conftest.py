"""Shared fixtures: the seed document, a database built once per session, derived documents."""

from __future__ import annotations

import re
import shutil
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from catalog.build import build

ROOT = Path(__file__).resolve().parent.parent
SEED_DOCS = ROOT / "data" / "documents"
SEED = next(SEED_DOCS.glob("*.txt"))


@pytest.fixture(scope="session")
def seed_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("seed") / "budget.duckdb"
    build(SEED_DOCS, db)
    return db


@pytest.fixture()
def con(seed_db: Path):
    c = duckdb.connect(str(seed_db), read_only=True)
    yield c
    c.close()


_TWO_DEC = re.compile(r"(?<![\d.,])\d+\.\d{2}(?![\d])")
_GROUPED = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d])")


def transform_seed(dest: Path, renames: dict[str, str], factor: int = 2) -> Path:
    """A second document in the same template: names replaced, every table amount scaled.

    Scaling every amount by the same integer keeps every total equal to its parts, so the
    transformed document is as consistent as the seed.
    """
    dest.mkdir(parents=True, exist_ok=True)
    out = []
    for line in SEED.read_text(encoding="utf-8").split("\n"):
        if "\t" in line:
            cells = line.split("\t")
            cells = [_scale(c, factor) for c in cells]
            line = "\t".join(cells)
        for old, new in sorted(renames.items(), key=lambda kv: -len(kv[0])):
            line = line.replace(old, new)
        out.append(line)
    path = dest / "derived-budget.txt"
    path.write_text("\n".join(out), encoding="utf-8")
    return dest


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
