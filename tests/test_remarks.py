"""The asker's own words between the questions (queries/remarks.py): input -> result specs. The
engine's use of them is pinned in tests/tables/remarks.jsonl."""

from __future__ import annotations

import pytest

from queries.remarks import set_aside

# what the documents name, for these specs (the engine asks its loaded documents)
NAMED = ("三公", "接待", "公车", "基本支出", "项目支出", "工会经费", "培训")


def _names(clause: str) -> bool:
    return any(n in clause for n in NAMED)


@pytest.mark.parametrize(("typed", "rest", "aside"), [
    # a feeling, a story of the asker's own
    ("住房保障支出涨了74%?? 绝了 多少钱", "住房保障支出涨了74%?? 多少钱", ["绝了"]),
    ("领导出国的钱多少？我这辈子就去过一趟泰国", "领导出国的钱多少？", ["我这辈子就去过一趟泰国"]),
    ("为啥少了啊 别跟我讲什么大环境不好 理由是啥", "为啥少了啊 理由是啥", ["别跟我讲什么大环境不好"]),
    # a guess of the amount, alone in its clause
    ("项目支出占百分之几 七成有没有", "项目支出占百分之几", ["七成有没有"]),
    ("工会经费一共多少 七十万有没", "工会经费一共多少", ["七十万有没"]),
    ("医保一年交多少 一百来万？", "医保一年交多少", ["一百来万"]),
    ("基本支出是多少 两千五百万左右？", "基本支出是多少", ["两千五百万左右"]),
    ("三公经费多少 快四百万了吧", "三公经费多少", ["快四百万了吧"]),
    ("预算多少钱？有一个亿 是不是真的", "预算多少钱？", ["有一个亿", "是不是真的"]),
    # never a clause that asks, narrows or names something of the documents
    ("接待费多少 我问的是去年的", "接待费多少 我问的是去年的", []),
    ("三公经费多少，只算本级的", "三公经费多少，只算本级的", []),
    ("三公经费多少 我感觉接待最多", "三公经费多少 我感觉接待最多", []),
    ("那公积金呢 也涨了啊", "那公积金呢 也涨了啊", []),
    ("住酒店这么贵吗 会议费多少", "住酒店这么贵吗 会议费多少", []),
    ("基本支出 三千万", "基本支出 三千万", []),            # (nothing left that asks)
    ("2019年的呢 我说的是项目支出", "2019年的呢 我说的是项目支出", []),
    # a particle alone makes no remark: what follows may narrow what is asked
    ("人员经费多少呀 你别把退休的算进去", "人员经费多少呀 你别把退休的算进去", []),
    ("公务用车花了多少 新买的那辆啊", "公务用车花了多少 新买的那辆啊", []),
    ("三公多少 跟隔壁长征镇比呀", "三公多少 跟隔壁长征镇比呀", []),
    ("三公多少 一个季度的哈", "三公多少 一个季度的哈", []),
    ("三公多少 我算的是平摊到一辆的", "三公多少 我算的是平摊到一辆的", []),
    # … nor a year said short or in dialect
    ("三公经费多少 18年的哈", "三公经费多少 18年的哈", []),
    ("培训费多少 我要十八年那本", "培训费多少 我要十八年那本", []),
    ("会议费多少 我说旧年的", "会议费多少 我说旧年的", []),
    # an amount with words of its own is no guess ("三千万的项目")
    ("哪些项目 三千万以上的项目", "哪些项目 三千万以上的项目", []),
    # hearsay told before the question, small money of the asker's own, a judgement asked,
    # a rough guess or an impression of the figure
    ("都说当官的三公经费吃吃喝喝 三公一共多少", "三公一共多少", ["都说当官的三公经费吃吃喝喝"]),
    ("我跑外卖一个月才几千块 三公一共多少", "三公一共多少", ["我跑外卖一个月才几千块"]),
    ("培训费多少 是不是浪费", "培训费多少", ["是不是浪费"]),
    ("预算多少 是不是好几个亿", "预算多少", ["是不是好几个亿"]),
    ("占收入的比重是多少？我印象里是99点几%", "占收入的比重是多少？", ["我印象里是99点几%"]),
    # … but never a change heard: it is what is asked
    ("听说三公经费涨了 今年多少", "听说三公经费涨了 今年多少", []),
    # a change claimed by its size and doubted, asked or guessed is asked as the size the
    # document states, openly (never a yes to a direction)
    ("住房那块是不是涨了百分之五十多", "住房那块涨了百分之几", ["百分之五十多"]),
    ("听说培训费涨了九倍多 真的假的", "听说培训费涨了百分之几", ["真的假的", "九倍多"]),
    ("培训费是不是少了一百万", "培训费少了多少", ["一百万"]),
    ("三公经费比去年少了两百万左右", "三公经费比去年少了多少", ["两百万左右"]),
    ("会议费涨了50%吗", "会议费涨了百分之几", ["50%"]),
    # … never points of a share, a threshold without a change, nor a size told as read
    ("占比增加了3个百分点吗", "占比增加了3个百分点吗", []),
    ("三千万以上的项目有哪些", "三千万以上的项目有哪些", []),
    ("住房保障支出涨了74%?? 多少钱", "住房保障支出涨了74%?? 多少钱", []),
])
def test_set_aside(typed: str, rest: str, aside: list[str]) -> None:
    assert set_aside(typed, _names) == (rest, aside)


def _names_all(clause: str) -> bool:
    return True


@pytest.mark.parametrize(("typed", "rest", "aside"), [
    # hearsay that names what is asked keeps the name, its amount set aside
    ("听说会议费一年要一千多万，比去年少了多少", "会议费，比去年少了多少", ["听说一年要一千多万"]),
    ("人家说行政运行一年一亿多，比去年多了多少", "行政运行，比去年多了多少", ["人家说一年一亿多"]),
    # … and kept whole when it tells no amount
    ("听说会议费很多，比去年少了多少", "听说会议费很多，比去年少了多少", []),
])
def test_heard_amount(typed: str, rest: str, aside: list[str]) -> None:
    assert set_aside(typed, _names_all, lambda rest: False) == (rest, aside)
