"""Wu words of grammar read as Mandarin (queries/dialect.py): input -> result specs, one per
line of tests/dialect.jsonl ("" when the message holds no Wu marker or nothing to read
otherwise). The engine's answers to such questions are pinned in tests/tables/dialect.jsonl."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from queries.dialect import mandarin, said_in_dialect

SPECS = [json.loads(line) for line in
         (Path(__file__).parent / "dialect.jsonl").read_text(encoding="utf-8").splitlines()
         if line.strip()]


@pytest.mark.parametrize("spec", SPECS, ids=[s["q"][:12] for s in SPECS])
def test_read_in_mandarin(spec: dict) -> None:
    assert mandarin(spec["q"]) == spec["read"]


def test_mandarin_alone_is_never_read() -> None:
    # (仔细, 几个, 搭建 are Mandarin: without a Wu marker nothing is read)
    for typed in ("请仔细看看三公经费几个项目", "基本支出和项目支出各是多少", "搭建平台的项目多少钱"):
        assert not said_in_dialect(typed)
        assert mandarin(typed) == ""
