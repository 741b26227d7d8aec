"""Questions beyond the development set (golden file): wording, units, columns, narrative."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import answer_numbers

GOLDEN = [json.loads(line) for line in
          Path(__file__).with_name("golden-more.jsonl").read_text(encoding="utf-8").splitlines()]






@pytest.mark.parametrize("item", GOLDEN, ids=lambda it: it["q"])
def test_golden_question(engine, item):
    ans = engine.ask(item["q"])
    assert ans.status == item["status"], ans.answer
    words = ans.answer + " ".join(str(c) for c in ans.candidates)
    assert all(t in words for t in item.get("text", [])), ans.answer
    found = answer_numbers(ans)
    for n in item.get("numbers", []):
        scales = (1,) if item.get("exact_unit") else (1, 10000, 1 / 10000)
        assert any(abs(x - n * s) < 0.006 for x in found for s in scales), (n, ans.answer)
    if item.get("no_figures"):
        assert not ans.figures
