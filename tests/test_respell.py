"""Words mistyped by sound (queries/respell.py): input -> result specs, and the engine reading a
question again only when it was not understood as typed."""

from __future__ import annotations

import pytest

from queries.respell import respelled, vocabulary

NAMES = vocabulary(["培训费", "公务接待费", "政府采购", "会议费", "万里街道", "剩下的钱",
                    "机关运行经费"])


@pytest.mark.parametrize(("typed", "read", "done"), [
    # one character mistyped by its sound, in a word the names use
    ("干部陪训的钱", "干部培训的钱", [("陪训", "培训")]),
    ("接代客人", "接待客人", [("接代", "接待")]),
    ("政府才购多少", "政府采购多少", [("才购", "采购")]),
    # a character used as a word of grammar is never a mistyped one (到, 的, 也, 和)
    ("万里街到的", "万里街到的", []),
    ("2020年的预算", "2020年的预算", []),
    # a word of the dictionary is never respelled (会意 is a word, though 会议 sounds so)
    ("开会意", "开会意", []),
    # a character of another sound is no mistype (位 wèi is not 培 péi)
    ("位训", "位训", []),
    # nor a word the names do not use
    ("陪读", "陪读", []),
    # nor a character that makes a word with its neighbour (省 + 下属, never 剩下)
    ("省下属单位", "省下属单位", []),
    # (unless that neighbour is another word's: the 行 of 运行经废 is 运行's)
    ("运行经废", "运行经费", [("经废", "经费")]),
    # letters and digits are never read as characters
    ("A训", "A训", []),
])
def test_respelled(typed: str, read: str, done: list[tuple[str, str]]) -> None:
    assert respelled(typed, NAMES) == (read, done)


def test_two_words_that_sound_alike_leave_the_run_as_typed() -> None:
    both = vocabulary(["形式", "型式"])          # xíng shì, both: 行式 says neither for sure
    assert respelled("行式", both) == ("行式", [])


def test_the_engine_reads_a_mistyped_word_and_says_so(engine) -> None:
    ans = engine.ask("今年接代客人花了多少钱")
    assert ans.status == "answered" and ans.figures
    assert "已按“接待”理解“接代”" in ans.notice


def test_a_question_understood_as_typed_is_never_respelled(engine) -> None:
    ans = engine.ask("公务接待费是多少")
    assert ans.status == "answered" and "已按" not in ans.notice
