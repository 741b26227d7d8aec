"""哪一大类 / 哪个具体科目 / 商品和服务支出里哪一项 / 三公经费里哪一项 … 最多 / 最少 / 前三:
the items of one group of a document's tables, ranked by amount.

A group is a level of the 功能分类 (类 / 款 / 项, said as 大类, 具体科目 …: [ranking] in the
lexicon), the items of an economic category the question names (商品和服务支出里…), or the
items of the “三公” table, or the 政府采购 rows (its classes, or its goods).
Projects are ranked by the project_list row. The answer names the
first item (or the first n) with its amount, the next one for context, each cited with its row.
"""

from __future__ import annotations

from typing import Any

from catalog.formats import Stored
from queries.answer import Answer, Candidate, table_label
from queries.context import Context
from queries.knowledge import Knowledge
from queries.normalize import Question
from queries.thresholds import RANK_CONTEXT, RANK_MANY
from queries.vocab import (LEX, LOW, NAMELESS, ORDINAL, RANK, RANK_COUNT, strip_generic,
                           words_re)

_R = LEX["ranking"]
LEVELS: dict[str, str] = dict(_R["levels"])
LEVEL = words_re(list(LEVELS))
WHICH = words_re(_R["which"])
SANGONG = words_re(_R["sangong"])
WHICH_MANY = words_re(_R["which_many"])
PROCUREMENT = words_re(_R["procurement"])
COLUMNS: dict[str, str] = dict(_R["columns"])
COLUMN = words_re(list(COLUMNS))


def match_ranking(q: Question, key: str, kn: Knowledge) -> dict[str, Any] | None:
    rank = RANK.search(key)
    level = LEVEL.search(key)
    if level and level.group(0) in _R["loose_levels"] and _PROJECTS.search(key):
        level = None
    if not rank or not (WHICH.search(key) or level):
        return None
    slots: dict[str, Any] = {"low": bool(LOW.search(key)), "n": _count(key)}
    # a group the question names comes first ("三公经费里哪一项"), then a level of the 科目
    # ("哪一大类"; "哪一项" alone: the most detailed level)
    categories = [e.name for e in kn.entities if e.kind == "econ" and e.get("category")]
    said = [c for c in categories if c in key]
    if len(said) == 1:
        return {**slots, "group": "econ", "said": said[0], "level": ""}
    sangong = SANGONG.search(key)
    if sangong:
        return {**slots, "group": "sangong", "said": sangong.group(0), "level": ""}
    bought = PROCUREMENT.search(key)
    if bought and any(e.kind == "procurement" for e in kn.entities):
        # (its classes when a level word of 类 is said, or two of them named: "货物、工程、
        # 服务三类，哪类最多", "货物、工程、服务里哪块最多")
        named = {e.name for e in kn.entities if e.kind == "procurement" and
                 e.get("level") == Stored.PURCHASE_CLASS and e.name in key}
        classes = bool(level) and LEVELS[level.group(0)] == _R["level_order"][0] or \
            len(named) > 1
        return {**slots, "group": "procurement", "said": bought.group(0),
                "level": Stored.PURCHASE_CLASS if classes else Stored.PURCHASE_GOODS}
    # "政协事务里哪一项最多": the 科目 under a 类 or 款 the question names
    parents = [e for e in kn.entities if e.kind == "subject" and e.get("level") in _PARENTS and
               e.get("code") and e.name in key] if not _PROJECTS.search(key) else []
    if parents:
        parent = max(parents, key=lambda e: len(e.name))
        order = _R["level_order"]
        # (a level said loosely — "一般公共服务支出主要花在哪块" — is the finest under it; one
        # at or above the named 科目's own is the level below it)
        said_level = LEVELS[level.group(0)] if level else ""
        if level and level.group(0) in _R["loose_levels"]:
            said_level = order[-1]
        if not said_level or order.index(said_level) <= order.index(parent.get("level")):
            said_level = _BELOW[parent.get("level")]
        return {**slots, "group": "subjects", "said": parent.name, "level": said_level,
                "parent": parent.get("code")}
    column = COLUMN.search(key)
    if column and not _PROJECTS.search(COLUMN.sub("", key)) and \
            not any(e.kind == "project" for e in kn.entities):
        # "项目支出里哪个最多" where no project is listed: the 科目 by that column
        return {**slots, "group": "subjects", "said": column.group(0),
                "level": LEVELS[level.group(0)] if level else _R["level_order"][-1],
                "column": COLUMNS[column.group(0)]}
    if level:
        # "哪一块花钱最多" of the whole budget: a 类 or a 具体科目, both read by people — asked
        # (never when anything else is named: "住房哪块最多" is of 住房)
        loose = all(m.group(0) in _R["either_levels"] for m in LEVEL.finditer(key)) and \
            _names_nothing_else(key)
        return {**slots, "group": "subjects", "said": level.group(0),
                "level": LEVELS[level.group(0)], "either": loose}
    return None


_PARENTS = _R["level_order"][:-1]
_PROJECTS = words_re(_R["projects"])
_BELOW = dict(zip(_R["level_order"], _R["level_order"][1:]))


def _names_nothing_else(key: str) -> bool:
    """Nothing but the ranking's own words is said ("这么多钱哪一块花的最多")."""
    for words in (RANK, WHICH, LEVEL, LOW):
        key = words.sub("", key)
    return not NAMELESS.sub("", strip_generic(key))


def _count(key: str) -> int:
    """前三 / 最多的3个: how many are asked (1 unless a number is said)."""
    g = next((m.group(1) for m in RANK.finditer(key) if m.lastindex and m.group(1)), None)
    counted = RANK_COUNT.search(key)
    if not g and counted:
        g = counted.group(1)
    if not g:
        return RANK_MANY if WHICH_MANY.search(key) else 1
    return int(g) if g.isdigit() else ORDINAL.get(g, 1)


def ranking(ctx: Context, q: Question, key: str, kn: Knowledge, ans: Answer, *, group: str,
            said: str, level: str, low: bool, n: int, parent: str = "",
            column: str = "", either: bool = False) -> Answer | None:
    """The first n items of the group by amount (ties with the last one kept), and the next."""
    if either and n == 1:
        asked = _either_level(ctx, q, kn, ans, low)
        if asked:
            return asked
    if group == "subjects" and column:
        result = ctx.run(ans, "rank_subjects_column", kn, level=level, low=low, column=column)
        table = table_label(result.rows[0]["table_no"], result.rows[0]["table_title"]) \
            if result.rows else ""
        what = f"{level}级科目的{said}（{LEX['phrasing']['rank_subjects']}{table}）"
    elif group == "subjects":
        result = ctx.run(ans, "rank_subjects", kn, level=level, low=low, parent=parent)
        table = table_label(result.rows[0]["table_no"], result.rows[0]["table_title"]) \
            if result.rows else ""
        within = LEX["phrasing"]["rank_within"].format(name=said) if parent else ""
        what = f"{within}{level}级科目（{LEX['phrasing']['rank_subjects']}{table}）"
    elif group == "econ":
        result = ctx.run(ans, "rank_econ", kn, category=said, low=low)
        what = f"{said}各项"
    elif group == "procurement":
        result = ctx.run(ans, "rank_procurement", kn, level=level, low=low)
        what = LEX["phrasing"]["rank_procurement_classes" if level == Stored.PURCHASE_CLASS
                               else "rank_procurement_items"]
        # (the classes or goods the question lists are among those ranked: "货物、工程、服务")
        ans.explain(*(r["name"] for r in result.rows))
    else:
        result = ctx.run(ans, "rank_sangong", kn, level=Stored.ITEM, low=low)
        what = f"{said}各项"
    rows = result.rows
    if not rows:
        return None
    top = rows[:n]
    while len(top) < len(rows) and rows[len(top)]["total"] == top[-1]["total"]:
        top.append(rows[len(top)])           # a tie with the last one is named too
    after = rows[len(top):len(top) + RANK_CONTEXT]
    ans.cite(result, top + after)
    word = _R["low_word"] if low else _R["high_word"]
    parts = [f"“{_name(r)}”{ans.figure(_name(r), r['total'], q.unit, at=r)}" for r in top]
    lead = f"{what}中金额{word}的是" if len(top) == 1 else f"{what}中金额{word}的{len(top)}项是"
    sentence = lead + "、".join(parts)
    if after:
        nxt = after[0]
        sentence += f"；其次是“{_name(nxt)}”{ctx.amt(nxt['total'], q.unit)}"
    ans.explain(said, word, what)
    for m in (RANK.search(key), WHICH.search(key), *LEVEL.finditer(key)):
        if m:
            ans.explain(m.group(0))       # (and every level word said: "三类，哪类")
    return ctx.done(ans, "answered", sentence + "。")


def _either_level(ctx: Context, q: Question, kn: Knowledge, ans: Answer,
                  low: bool) -> Answer | None:
    """"哪一块花钱最多" said of the whole budget: the first 类 and the first 具体科目 offered,
    each with its figure, when they are not one item (None: rank at the level said)."""
    word = _R["low_word"] if low else _R["high_word"]
    found = []
    for level in (_R["level_order"][0], _R["level_order"][-1]):
        rows = ctx.run(ans, "rank_subjects", kn, level=level, low=low, parent="").rows
        if not rows:
            return None
        found.append(Candidate(f"{level}级：{_name(rows[0])}",
                               ask=_R["either_asks"][level].format(word=word),
                               amount=ctx.amt(rows[0]["total"], q.unit)))
    if len({c.amount for c in found}) == 1:
        return None                  # (a 类 that is one 科目: the same figure either way)
    ans.candidates = found
    ans.explain(*(m.group(0) for m in (RANK.search(q.text), WHICH.search(q.text),
                                       LEVEL.search(q.text)) if m), word)
    return ctx.done(ans, "clarify", LEX["phrasing"]["rank_either_level"].format(
        choices="；".join(f"{c.name}（{c.amount}）" for c in found)))


def _name(row: dict[str, Any]) -> str:
    """A 科目 with its code (the same name stands under several parents)."""
    return f"{row['code']} {row['name']}" if row.get("code") else row["name"]
