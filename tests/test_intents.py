"""Matching is pure: an intent's match() reads the question and the name index only.

The question tables themselves (question -> intent -> status -> headline) are
tests/tables/*.jsonl, read by tests/test_question_tables.py.
"""

from __future__ import annotations

from tests.test_question_tables import ROWS


def test_matching_reads_only_the_question_and_the_name_index(engine, monkeypatch):
    """match() runs no SQL: with the database connection made unusable, every seed table
    row answered by one intent still gets its plans, and that intent is among them."""
    from queries.intents.registry import INTENTS, plans
    from queries.normalize import normalize
    from queries.pipeline import without_department
    from queries.scope import strip_names

    doc = engine.docs[0]
    kn = engine.knowledge_for(doc.doc_id)
    names = {i.name for i in INTENTS}

    class NoConnection:
        def __getattr__(self, name):
            raise AssertionError(f"SQL while matching ({name})")

    monkeypatch.setattr(engine.ctx, "con", NoConnection())
    rows = [r for _, _, r in ROWS if r.get("corpus", "seed") == "seed" and r["intent"] in names]
    assert len(rows) > 100
    for row in rows:
        q = normalize(row["q"])
        key = engine.ctx.as_read(q, without_department(strip_names(q.key, doc, []), kn)[0],
                                 kn)[0]
        found = [p.intent.name for p in plans(q, key, kn)]
        assert row["intent"] in found, (row["q"], found)
