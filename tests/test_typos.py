"""A name mistyped by one character that sounds the same is read as the name
(queries/knowledge.py Knowledge.corrected); anything else is left as said."""

from __future__ import annotations

from queries.knowledge import sounds_alike


def _kn(engine):
    return engine.ctx.knowledge_for(engine.ctx.docs[0].doc_id)


def test_characters_that_share_a_reading_sound_alike():
    assert sounds_alike("带", "待") and sounds_alike("废", "费") and sounds_alike("够", "购")
    assert not sounds_alike("财", "行") and not sounds_alike("侍", "待")


def test_a_name_mistyped_by_sound_is_read_as_the_name(engine):
    key, done = _kn(engine).corrected("请客吃饭的公务接带费今年多少钱")
    assert done == [("公务接带费", "公务接待费")]
    assert "公务接待费" in key and "接带" not in key


def test_a_character_that_does_not_sound_the_same_is_no_typo(engine):
    key, done = _kn(engine).corrected("财政运行是多少")
    assert done == [] and key == "财政运行是多少"


def test_a_name_said_right_or_part_of_a_name_is_left_alone(engine):
    for said in ("公务接待费是多少", "安全生产培训费", "应急管理事务"):
        assert _kn(engine).corrected(said) == (said, [])


def test_the_answer_says_what_it_read(engine):
    ans = engine.ask("三公经废是多少")
    assert ans.status == "answered" and ans.figures[0]["value"] == 57
    assert "已按“三公经费”理解“三公经废”" in ans.notice


def test_a_name_said_with_one_character_left_out_is_the_name(engine):
    # (only for names long enough that the rest still tells them)
    key, done = _kn(engine).corrected("公务车运行维护费是多少")
    assert done == [("公务车运行维护费", "公务用车运行维护费")]
    assert _kn(engine).corrected("公务费是多少") == ("公务费是多少", [])
