"""The reading of a question, pinned by input -> result (queries/reading.py)."""

from __future__ import annotations

import pytest

from queries.reading import names_nothing, read

CASES = [
    # question key, what the answer names, operations the intent performs, left over
    ("公务接待费是多少", ["公务接待费为20.00万元"], frozenset(), []),
    # an operation word counts only for an intent that performs it
    ("公务接待费增加的原因", ["公务接待费为20.00万元"], frozenset(), ["增加的原因"]),
    ("公务接待费增加的原因", ["公务接待费20.00万元与上年相同"], frozenset({"change", "reason"}),
     []),
    # a count is understood only by an intent that counts
    ("有几个事业单位", ["事业单位医疗为154.80万元"], frozenset(), ["几个"]),
    ("有几个事业单位", ["所属事业单位4个"], frozenset({"count"}), []),
    # a measure only when the answer counts in it: 人数 is not answered by 天数 ≥3天
    ("会议培训项目的培训人数", ["会议培训项目", "培训（会议）天数≥3天"], frozenset({"count"}),
     ["人"]),
    # a column word only when the answer says that column, whole
    ("公务接待费的项目支出", ["公务接待费为20.00万元"], frozenset(), ["项目支出"]),
    ("单位资金多少", ["3个预算单位", "项目资金"], frozenset({"count"}), ["单位资金"]),
    # a one-character typo inside a name, never a question word taken for one
    ("省级应急避难场所改造式点项目", ["省级应急避难场所改造试点项目"], frozenset(), []),
    ("财政所的三公经费", ["财政拨款三公经费支出决算表"], frozenset(), ["所"]),
    ("公务接带费", ["公务接待费"], frozenset(), []),        # the next-to-last character
    ("公务接带汇", ["公务接待费"], frozenset(), ["带汇"]),  # two wrong: no typo
    # a name said without its short bracketed insert
    ("因公出国费", ["“因公出国（境）费”一栏为空"], frozenset(), []),
    # a one-character question word between two words left over is shown with them
    ("城市运行管理中心的三公经费", ["三公经费", "运行"], frozenset(), ["城市", "管理中心"]),
    # word classes (jieba): prepositions, conjunctions, pronouns ask or join, never name …
    ("由调度中心花的机关运行经费", ["调度中心（机关运行经费）"], frozenset(), []),
    ("关于三公经费的预算", ["三公经费"], frozenset(), []),
    ("钱从哪里来", ["钱"], frozenset(), ["来"]),
    # … but a qualifier of those classes selects, and must be explained
    ("除了财政拨款以外的收入", ["收入"], frozenset(), ["除了财政", "以外"]),
    ("除公务接待费之外的三公经费", ["公务接待费", "三公经费"], frozenset(), ["除", "外"]),
    # … an operation word keeps its own rule (比: a difference), whatever its class
    ("行政运行比年初预算少了多少", ["行政运行", "年初预算"], frozenset(), ["比", "少了多少"]),
    # … and a character glued to a name is the name's ("财政所的" is no particle)
    ("财政所的三公经费是多少", ["财政拨款三公经费支出决算表"], frozenset(), ["所"]),
    # … adverbs say how or when ("一直"), unless they negate, compare or limit ("不再")
    ("公务接待费一直是多少", ["公务接待费为20.00万元"], frozenset(), []),
    ("公务接待费不再是多少", ["公务接待费为20.00万元"], frozenset(), ["不再"]),
    # … verbs that only say what is done with it ("组织", "定") are plain, never one that
    # changes, excludes or buys ("翻了", "不算", "买")
    ("组织委员视察的钱", ["委员视察"], frozenset(), []),
    ("视察经费翻了多少", ["视察经费"], frozenset(), ["翻"]),
    ("不算公务接待费", ["公务接待费"], frozenset(), ["不算"]),
    ("扣掉公务用车", ["公务用车"], frozenset(), ["扣掉"]),
    ("避难场所改造的执行率", ["避难场所改造"], frozenset(), ["执行率"]),
    # a measure word counts only for an intent that counts
    ("有多少张办公桌", ["办公桌"], frozenset({"count"}), []),
    ("有多少张办公桌", ["办公桌"], frozenset(), ["张"]),
]


@pytest.mark.parametrize("key,texts,ops,left", CASES, ids=[c[0] for c in CASES])
def test_reading(key, texts, ops, left):
    assert read(key, texts, ops).leftover() == left


def test_names_nothing_counts_columns_times_and_question_words_as_nothing():
    assert names_nothing("加上上年结转")
    assert names_nothing("基本支出")
    assert not names_nothing("研究院")


@pytest.mark.parametrize("raw, aside, asked", [
    # what someone was heard to say, then the question: a scene, cut where its clause ends
    ("听讲公务员津贴比工资还高 高院基本工资跟津贴补贴各多少啊", "听讲公务员津贴比工资还高，",
     "高院基本工资跟津贴补贴各多少"),
    ("这个住房那块的钱，隔壁爷叔讲是给老百姓的，公积金跟购房补贴各多少",
     "这个住房那块的钱,隔壁爷叔讲是给老百姓的,", "公积金跟购房补贴各多少"),
    # (set aside, a scene that names what the question does not say is read with it again:
    # tests/tables/citizen-words.jsonl "听说培训费减少了，减少了多少")
    ("听说三公经费涨了，涨了多少", "听说三公经费涨了,", "涨了多少"),
    # (never a clause that asks: what is asked stays)
    ("同事讲是多少来着，三公经费多少", "", None),
])
def test_what_someone_was_heard_to_say_is_set_aside(raw, aside, asked):
    from queries.normalize import normalize
    q = normalize(raw)
    assert q.aside == aside
    if asked is not None:
        assert q.text == asked
