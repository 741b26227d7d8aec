"""A second held-out set, written from the document by hand in the dev set's categories."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import answer_numbers

ITEMS = [json.loads(line) for line in
         Path(__file__).with_name("held-out.jsonl").read_text(encoding="utf-8").splitlines()]






@pytest.mark.parametrize("item", ITEMS, ids=lambda it: it["q"])
def test_held_out(engine, item):
    ans = engine.ask(item["q"])
    kind = item.get("kind", "answer")
    if kind == "refuse":
        assert ans.status != "answered" and not ans.figures
    elif kind == "empty":
        assert ans.status == "answered" and not ans.figures
        assert any(w in ans.answer for w in ("无数据", "未安排", "为空"))
    elif kind == "clarify":
        assert ans.status == "clarify"
        assert all(t in ans.answer + str(ans.candidates) for t in item["text"])
    else:
        assert ans.status == "answered", ans.answer
        scales = (1,) if item.get("unit") else (1, 10000, 1e-4)
        for want in item.get("expect", []):
            assert any(abs(x - want * s) < 0.006 for x in answer_numbers(ans) for s in scales), \
                (want, ans.answer)
        assert all(t in ans.answer for t in item.get("text", [])), ans.answer
