"""The project's question tables (tests/tables/*.jsonl), one schema, one runner.

Each row (one JSON object a line):
    q         the question
    intent    the registry row the engine reports (queries/intents/registry.py: "amount",
              "compound:sum", "declined:amount", "scope:other_year", "between:difference",
              "not_found")
    status    answered / clarify / no_data / out_of_scope
    headline  [value, unit]: figures[0], the number the question asked for; absent when the
              answer must carry no figure
    also      optional: other numbers the answer must state (its sentence or figures)
    text      optional: words the answer or its choices must say
    corpus    optional: the fixture engine asked ("seed" default; "multidoc": the seed, its
              previous year and another department; "routes": the seed and 地震局; "final":
              the real 部门决算 of ../shared; "pair": that 决算 and a 部门预算 of its department
              and year; "gaoyuan" / "zhengxie": Jiangsu's 高院 2019 / 政协 2019 in two files;
              "wanli": Shanghai's 万里街道 2025 部门预算; "zhengxie17" / "zhengxie18": 政协
              2017 / 2018; "zfb": Shanghai's 区政府办公室 2025 单位预算)
    xfail     optional: why today's answer is known to be wrong (the row states the right one)
    after     optional: the question asked just before, in the same conversation — the row's
              question may lean on what its answer was about (queries/followup.py)

Every row was checked against the document by hand before it was pinned. The shared scorer's
sets (tests/dev-questions.jsonl, tests/trap-questions.jsonl, tests/real/) keep its format and
are read by tests/test_engine.py and tests/test_real_pdfs.py.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from queries.answer import STATUSES
from queries.intents.registry import INTENTS, ROUTES
from tests.conftest import answer_numbers, registered_intent

TABLES = sorted((Path(__file__).parent / "tables").glob("*.jsonl"))
FIELDS = {"q", "intent", "status", "headline", "also", "text", "corpus", "xfail", "after"}
CORPORA = {"seed": "engine", "multidoc": "multidoc_engine", "routes": "routes_engine",
           "final": "final_engine", "pair": "pair_engine", "gaoyuan": "gaoyuan_engine",
           "zhengxie": "zhengxie_engine", "wanli": "wanli_engine",
           "zhengxie17": "zhengxie17_engine", "zhengxie18": "zhengxie18_engine",
           "zfb": "zfb_engine"}
CJK = re.compile(r"[\u4e00-\u9fff]")
# registry rows no table can answer by their own name: `document` hands the question to the
# INTENTS and reports theirs; scope:no_documents needs an engine without any document;
# difference of two amounts is answered as a compound question first, the single intent
# stays as the fallback for names the compound reading cannot cut (sum is pinned by one:
# "出差的钱加上寄快递打电话的钱 一共多少", tests/tables/remarks.jsonl)
UNPINNED = {"document", "scope:no_documents", "difference"}


def _rows() -> list[tuple[str, int, dict[str, Any]]]:
    return [(p.stem, n, json.loads(line)) for p in TABLES
            for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), start=1)
            if line.strip()]


ROWS = _rows()


def _param(table: str, n: int, row: dict[str, Any]) -> Any:
    marks = [pytest.mark.xfail(reason=row["xfail"], strict=True)] if "xfail" in row else []
    return pytest.param(row, id=f"{table}:{n}-{row['q'][:30]!r}", marks=marks)


@pytest.mark.parametrize("row", [_param(*r) for r in ROWS])
def test_question_table_row(request: pytest.FixtureRequest, row: dict[str, Any]) -> None:
    engine = request.getfixturevalue(CORPORA[row.get("corpus", "seed")])
    after = engine.ask(row["after"]).subject if "after" in row else ""
    ans = engine.ask(row["q"], after=after)
    assert (ans.intent, ans.status) == (row["intent"], row["status"]), ans.answer
    assert ans.answer and CJK.search(ans.answer), "a Chinese sentence"
    if "headline" in row:
        value, unit = row["headline"]
        assert ans.figures, ans.answer
        head = ans.figures[0]
        assert head["unit"] == unit and abs(float(head["value"]) - value) < 0.006, ans.figures
        assert ans.rows, "a figure is always cited with its source rows"
    else:
        assert not ans.figures, ans.figures
    found = answer_numbers(ans)
    for n in row.get("also", []):
        assert any(abs(x - n) < 0.006 for x in found), (n, ans.answer)
    words = ans.answer + " ".join(str(c) for c in ans.candidates)
    assert all(t in words for t in row.get("text", [])), ans.answer
    # every answer says how it read the question; one with figures understood all of it
    assert ans.reading.startswith("我理解为"), ans.reading
    if ans.figures:
        assert "没有理解" not in ans.reading, ans.reading


def test_rows_follow_the_schema() -> None:
    for table, n, row in ROWS:
        where = f"{table}:{n}"
        assert {"q", "intent", "status"} <= set(row) <= FIELDS, where
        assert row["status"] in STATUSES, where
        assert row.get("corpus", "seed") in CORPORA, where
        if "headline" in row:
            value, unit = row["headline"]
            assert isinstance(value, (int, float)) and isinstance(unit, str) and unit, where
            assert row["status"] == "answered", f"{where}: only an answer carries a figure"


def test_every_intent_of_the_tables_is_a_registered_row() -> None:
    unknown = sorted({r["intent"] for _, _, r in ROWS if not registered_intent(r["intent"])})
    assert unknown == []


def test_every_registered_row_answers_a_table_row() -> None:
    # a row's own name, answered by it: declined:glossary is no glossary answer; the compound
    # and between routes are pinned by any of their operations, yes_no by any row it leads
    led = ("compound:", "between:", "yes_no:", "several:")
    answered = {r["intent"].split(":")[0] if r["intent"].startswith(led) else r["intent"]
                for _, _, r in ROWS}
    missing = {i.name for i in ROUTES + INTENTS} - answered
    assert missing == UNPINNED, missing
