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


def test_a_paragraph_headed_by_a_deeper_level_states_that_level_not_the_item():
    # "…财政事务（款）行政运行（项）。…年初预算为…": the 项's budget, never quoted for the 款
    from queries.intents.final_statements import want_is_last
    head = "一般公共服务支出（类）财政事务（款）行政运行（项）"
    assert want_is_last(head, "行政运行")
    assert not want_is_last(head, "财政事务")


def test_an_item_above_a_stated_level_is_answered_without_its_child_s_budget(final_engine):
    item = final_engine.ask("行政运行花了多少")
    stated = [n for n in item.answer.split("年初预算为")[1:]]
    assert item.status == "answered" and stated, item.answer     # the 项 states its budget
    budget = stated[0].split("万元")[0]
    whole = final_engine.ask("财政事务花了多少")
    assert whole.status == "answered" and budget not in whole.answer, whole.answer
