"""Question vocabulary: the words that mark an intent, and small pure helpers on question keys."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from queries.knowledge import Knowledge

# (single characters only where they never occur inside a budget name: not 有/共, which do in
# 国有资本, 一般公共预算)
GENERIC = ("是多少钱", "多少钱", "是多少", "有多少", "为多少", "多少", "是什么", "什么", "哪些",
            "哪个", "几个", "有几", "一共有", "总共有", "共有", "一共", "总共", "的", "了", "呢",
            "吗", "是", "金额", "预算数", "安排", "花", "钱", "给", "要", "用于", "情况", "数额",
            "资金量")
RESIDUE = set("合计总额总计资金金额预算支出收入经费费用数是多少有几个钱万元亿年度本中今")
# column words: they qualify a 科目 / item rather than name one
MODIFIERS = {"上年结转": "carryover", "结转": "carryover", "单位资金": "unit_funds",
              "基本支出": "basic", "项目支出": "project", "一般公共预算": "gpb",
              "当年": "current", "本年": "current"}
BUDGET_WORDS = re.compile(r"预算|经费|资金|支出|收入|拨款|项目|费|钱|金额|结转|科目|绩效|三公|设备|"
                           r"多少|采购|资产|编制|单位|机构|职责|指标|租金|补助|车|人")
GLOSSARY_ASK = re.compile(r"^(?:什么是|何为|解释一下|解释|请解释)(.+?)$|^(.+?)(?:是什么意思|是什么|指什么|"
                           r"的定义|的含义|什么意思|的意思)$")
RANK = re.compile(r"最多|最高|最大|最贵|最少|最低|最小|最便宜|前(\d+|[一二三四五六七八九十])|"
                  r"第(\d+|[一二三四五六七八九十])(?:大|多|高)|排名|排行|排序")
LOW = re.compile(r"最少|最低|最小|最便宜")
FILTER = re.compile(r"超过|大于|高于|多于|以上|不少于|至少")
FILTER_BELOW = re.compile(r"少于|小于|低于|不足|以下|不到|不超过")
CHANGE = re.compile(r"比上年|比去年|较上年|同比|增加|减少|增长|下降|增减|变化|变动|没变|不变|新增")
REASON = re.compile(r"为什么|为何|原因|怎么回事")
SHARE = re.compile(r"占比|比例|比重|占.{0,6}(?:多少|百分|%)|百分之")
PERF = re.compile(r"绩效|指标|目标")
PERF_FACTS = {"实施单位": "unit", "项目期": "term", "项目属性": "attribute", "主管部门": "department",
               "概况": "overview", "立项依据": "basis", "必要性": "necessity", "实施计划": "plan",
               "总体目标": "goal_year", "用途": "overview", "做什么": "overview"}
ORG = re.compile(r"事业单位|所属单位|下属单位|下属机构|内设机构|机构设置|处室|职责|职能(?!部门)")
ASSET = re.compile(r"辆|车辆|用车|房屋|办公用房|面积|平方米|通用设备|设备|资产")
DEPT_FACT = re.compile(r"编制|在职|在编|人员总数|人员数|职能部门|预算单位数|其他人员|多少人|"
                       r"几个人|人数")
MEASURE = re.compile(r"多少(人|天|次|台|套|辆|项|期|个|张|份|册|件|架|支|篇|学时|平方米)|"
                      r"几(人|天|次|台|套|辆|项|期|个|张|份|架|支)|(人|天)数")
PERF_WORDS = re.compile(r"的?(绩效目标|绩效指标|绩效|指标|目标|项目)")
PAREN = re.compile(r"（[^）]*）")
SAME = re.compile(r"相同|持平|一致|不变|没有变化")
CODE = re.compile(r"(?<!\d)(\d{7}|\d{5}|\d{3})(?!\d)")
ORDINAL = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
CLAUSE = re.compile(r"[，；。、：;]|(?<!\d),|,(?!\d)")
DESCRIBE_NOISE = re.compile(r"哪个|哪些|哪一个|什么|项目|购买|购置|采购|买|用于|用来|涉及|包括|包含|"
                             r"有关|关于|相关|的|是|有|在|钱|资金|预算|经费|花")
AMOUNT_KINDS = {"summary", "split", "subject", "econ", "gov_econ", "sangong", "opex", "project",
                "table"}
NUM_UNIT = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(万元|亿元|元|%|个|人|辆|台（套）|平方米)")


def strip_generic(text: str) -> str:
    for word in GENERIC:
        text = text.replace(word, "")
    return text


def is_residue(text: str) -> bool:
    return all(ch in RESIDUE for ch in text)


def remove_chars(text: str, name: str) -> str:
    """Delete `name`'s characters from `text` (what the question says besides the name)."""
    if name in text:
        return text.replace(name, "", 1)
    out = list(text)
    for ch in name:
        if ch in out:
            out.remove(ch)
    return "".join(out)


def explained_by_entity(key: str, word: str, kn: "Knowledge") -> bool:
    """True when a budget entity whose name contains `word` matches the question: then `word`
    is part of that name ("事业单位" inside an item, "办公用房" inside a project), not a topic."""
    hits = kn.find(strip_generic(key), AMOUNT_KINDS)
    return bool(hits) and word in hits[0].key and hits[0].matched > len(word)




def modifier_of(text: str) -> str | None:
    for word, key in sorted(MODIFIERS.items(), key=lambda wk: -len(wk[0])):
        if word in text:
            return key
    return None
