"""Each intent pinned by table: question -> intent -> status -> headline figure (tests/intents/).

The rows were written as new phrasings of each kind (not the shared sets' sentences) and each
result was checked against the document by hand before it was pinned. Declines are rows too:
their status is not `answered` and they carry no figure.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from queries.intents.registry import INTENTS

TABLES = sorted((Path(__file__).parent / "intents").glob("*.jsonl"))
ROWS = [(p.stem, json.loads(line)) for p in TABLES
        for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("table,row", ROWS, ids=[f"{t}-{r['q']}" for t, r in ROWS])
def test_intent_table_row(engine, table, row):
    ans = engine.ask(row["q"])
    assert (ans.intent, ans.status) == (row["intent"], row["status"]), ans.answer
    if ans.status != "answered":
        assert not ans.figures
    if "headline" in row:
        value, unit = row["headline"]
        assert ans.figures and ans.figures[0]["unit"] == unit, ans.figures
        assert abs(float(ans.figures[0]["value"]) - value) < 0.006, ans.figures
    assert ans.reading.startswith("我理解为")


def test_every_registered_intent_has_a_row():
    pinned = {r["intent"].split(":")[-1] for _, r in ROWS}
    missing = [i.name for i in INTENTS if i.name not in pinned]
    # difference / sum of two amounts are answered as compound questions first; their single
    # intents stay as the fallback for names the compound reading cannot cut
    assert set(missing) <= {"difference", "sum"}, missing


def test_matching_reads_only_the_question_and_the_name_index(engine, monkeypatch):
    """match() runs no SQL: with the database connection made unusable, every table row's
    question still gets its plans, and the intent that answered it is among them."""
    from queries.intents.registry import plans
    from queries.normalize import normalize
    from queries.scope import strip_names

    doc = engine.docs[0]
    kn = engine.knowledge_for(doc.doc_id)

    class NoConnection:
        def __getattr__(self, name):
            raise AssertionError(f"SQL while matching ({name})")

    monkeypatch.setattr(engine.ctx, "con", NoConnection())
    for _, row in ROWS:
        if ":" in row["intent"] or row["intent"] in ("not_found", "scope"):
            continue              # compound parts and declines are read elsewhere
        q = normalize(row["q"])
        key = engine.ctx.with_synonyms(strip_names(q.key, doc, []), kn)
        names = [p.intent.name for p in plans(q, key, kn)]
        assert row["intent"] in names, (row["q"], names)
