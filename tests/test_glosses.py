"""A question that explains its own words (queries/glosses.py): of the two spans said to mean
the same, the one the document prints as a name is read, the other is the asker's gloss."""

from __future__ import annotations

import pytest

from queries.glosses import Gloss, glosses_in, read_glosses, without_restating
from queries.normalize import match_key

NAMES = {"人员经费", "提租补贴", "政协会议", "其他法院支出", "专项业务工作经费", "办公设备购置"}


def _read(text: str, key: str | None = None) -> str:
    return read_glosses(key or match_key(text), glosses_in(text), NAMES.__contains__)


@pytest.mark.parametrize("text, how", [
    ("政协发的房补（提租补贴）比去年多了多少", Gloss("房补", "提租补贴", "bracket")),
    ("法院花在“人头”上的钱，就是人员经费，一共多少？",
     Gloss("法院花在人头上的钱", "人员经费", "restating", "就是")),
    ("开全体会议这类政协会议安排了多少钱？",
     Gloss("开全体会议", "政协会议安排了多少钱", "examples", "这类")),
    ("像对口援助、扶贫这样的其他法院支出有多少",
     Gloss("像对口援助扶贫", "其他法院支出有多少", "examples", "这样的")),
])
def test_the_glosses_a_question_states(text, how):
    assert how in glosses_in(text)


@pytest.mark.parametrize("text, read_as", [
    # the bracket names what the asker's word means
    ("政协发的房补（提租补贴）比去年多了多少", "政协发的提租补贴比去年多了多少"),
    # the name glossed, its gloss in brackets saying it explains: the gloss goes
    ("人员经费（工资、津贴这些）一共多少", "人员经费一共多少"),
    # a bracket that does not say it explains qualifies the name: kept
    ("专项业务工作经费（厅本级）是多少", "专项业务工作经费（厅本级）是多少"),
    ("法院花在“人头”上的钱，就是人员经费，一共多少？", "人员经费一共多少"),
    ("人员经费，就是发工资的钱，有多少", "人员经费有多少"),
    ("开全体会议这类政协会议安排了多少钱？", "政协会议安排了多少钱"),
    ("像开全体会议这样的政协会议安排了多少", "政协会议安排了多少"),
    # neither side a name, or both: the words stay as said (the reading gate judges them)
    ("买电脑（台式机加笔记本）一共多少钱", "买电脑（台式机加笔记本）一共多少钱"),
    ("人员经费（提租补贴）有多少", "人员经费（提租补贴）有多少"),
])
def test_the_side_that_is_no_name_is_dropped(text, read_as):
    assert _read(text) == match_key(read_as)


def test_a_gloss_whose_department_was_read_already_is_still_found():
    # the scope took 政协 out of the key before the glosses are read
    text = "开政协全体会议这类政协会议安排了多少钱？"
    assert _read(text, match_key("开全体会议这类政协会议安排了多少钱")) == \
        match_key("政协会议安排了多少钱")


def test_a_bracket_after_examples_names_what_they_are_examples_of():
    text = "办公室买电脑打印机这些（办公设备购置）要多少钱"
    assert Gloss("办公室买电脑打印机这些", "办公设备购置", "bracket") in glosses_in(text)
    assert _read(text) == match_key("办公设备购置要多少钱")


def test_a_money_word_before_a_bracket_stands_for_its_whole_phrase():
    text = "一年花在人身上的钱（人员经费）有多少"
    assert Gloss(match_key("一年花在人身上的钱"), "人员经费", "bracket") in glosses_in(text)
    assert _read(text) == match_key("人员经费有多少")


def test_a_question_said_again_in_the_askers_words_is_read_as_asked():
    # both sides name something (人头费 is the asker's word for 人员经费): the side that asks
    # is the question, what restates it after 就是 goes — and from the compound's parts too
    text = "人员经费跟公用经费分别是多少，就是人头费和日常办公那些钱"
    names = NAMES | {"公用经费", "人头费"}
    said_as = {"人头费": "人员经费"}

    def same(a: str, b: str) -> bool:
        return said_as.get(a, a) == said_as.get(b, b)
    assert read_glosses(match_key(text), glosses_in(text), names.__contains__, same) == \
        match_key("人员经费跟公用经费分别是多少")
    assert without_restating(text, names.__contains__, same) == "人员经费跟公用经费分别是多少，"
    # a clause that says which figure, or names another item, is no restatement: kept
    for other in ("人员经费是多少，就是项目支出的", "行政运行多少，就是事业运行的钱"):
        assert without_restating(other, (names | {"事业运行", "行政运行"}).__contains__,
                                 same) == other
