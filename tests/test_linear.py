"""Reading stays linear on any input: long runs of dot leaders, "…", spaces, digits and CJK
in a document's lines and paragraphs. Asserted by growth (10k -> 100k characters), not by a
clock limit: a quadratic pattern grows ~100x, a linear one ~10x."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from catalog.document import split_document
from catalog.narrative import read_prose
from queries.vocab import NUM_UNIT
from tests.conftest import SEED

RUNS = {"dots": ".", "ellipsis": "…", "spaces": " ", "digits": "7", "cjk": "预"}
GROWTH_LIMIT = 35          # 10x more input may cost at most this many times the work


def _document(tmp: Path, run: str, n: int) -> Path:
    """The seed document with one line (and one paragraph) made of a long run."""
    text = SEED.read_text(encoding="utf-8")
    line = "表一 预算收支总表" + run * n
    lines = text.split("\n")
    lines.insert(40, line)                      # in the contents, among the dot leaders
    lines.insert(len(lines) - 5, "说明" + run * n + "万元")      # a paragraph
    path = tmp / f"{n}.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _seconds(fn) -> float:
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def _read(path: Path) -> None:
    doc = split_document(path)
    prose = read_prose(doc.fmt, doc.prose)
    for p in prose.paragraphs:
        list(NUM_UNIT.finditer(p.text))


@pytest.mark.parametrize("kind", sorted(RUNS))
def test_reading_grows_linearly_with_a_long_run(tmp_path, kind):
    small, large = (_document(tmp_path, RUNS[kind], n) for n in (10_000, 100_000))
    base = _seconds(lambda: _read(SEED))
    t_small = _seconds(lambda: _read(small)) - base
    t_large = _seconds(lambda: _read(large)) - base
    # a floor keeps timer noise on tiny differences from deciding the ratio
    assert t_large <= GROWTH_LIMIT * max(t_small, 0.002), (kind, t_small, t_large)
