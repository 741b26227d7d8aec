"""Questions across documents: one figure compared across departments, or year over year."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from typing import Any

from catalog.formats import Stored
from queries import arithmetic
from queries.answer import (
    AMOUNT_UNITS,
    MONEY_UNITS,
    Answer,
    Candidate,
    Figure,
    convert,
    fmt_number,
    table_label,
)
from queries.context import Context
from queries.db import to_number
from queries.intents import amounts, stated
from queries.intents.values import across_query
from queries.normalize import match_key, year_span
from queries.reading import read_as, understood
from queries.scope import Asked, Doc, kind_words_in, strip_names
from queries.thresholds import ACROSS_LIST as LIST_LIMIT
from queries.vocab import (
    CHANGE,
    COMPARE,
    EACH,
    FALL,
    LEX,
    LISTING,
    PROJECT,
    REASON,
    RISE,
    WHICH,
    alt,
    tail_operation,
    without_operation,
    words_re,
)
from queries.wordrun import TrailingWords

_ACROSS = LEX["across"]
CROSS = words_re(_ACROSS["departments"])
CROSS_NOISE = words_re(_ACROSS["departments"] + _ACROSS["noise"])
LOW = words_re(LEX["triggers"]["rank_low"])
CHANGE_NOISE = words_re(_ACROSS["change_noise"])


def latest_per_department(docs: list[Doc]) -> list[Doc]:
    best: dict[str, Doc] = {}
    for d in docs:
        if d.department not in best or d.year > best[d.department].year:
            best[d.department] = d
    return sorted(best.values(), key=lambda d: d.doc_id)


def across(ctx: Context, key: str, docs: list[Doc], reference: Doc, ans: Answer) -> Answer:
    """哪个部门三公经费最多 / 各部门机关运行经费: one query over every document."""
    topic = CROSS_NOISE.sub("", key)
    # the figure as the reference document names it, else as the first that has it (a 决算
    # prints no 机关运行经费 table)
    entity = None
    for doc in [reference, *[d for d in docs if d is not reference]]:
        entity = amounts.pick_entity(ctx, topic, ctx.knowledge_for(doc.doc_id))
        if entity is not None and across_query(entity) is not None:
            break
    plan = across_query(entity) if entity else None
    if plan is None:
        what = f"“{entity.name}”" if entity else "这个问题"
        return ctx.done(ans, "no_data", f"{what}无法在部门之间比较。可以比较的有：预算总额、"
                                             "“三公”经费及其各项、机关运行经费、基本支出、项目支出、各功能分类科目。")
    template, params = plan
    result = ctx.run_over(ans, template, **params)
    wanted = {d.doc_id for d in docs}
    rows = [r for r in result.rows if r["doc_id"] in wanted]
    ans.cite(result, rows, label=lambda r: f"{r['department']} {r['year']}年 · "
                                          f"{table_label(r['table_no'], r['table_title'])}")
    present = {r["doc_id"] for r in rows}
    missing = [d for d in docs if d.doc_id not in present]
    rows.sort(key=lambda r: r["value"] if r["value"] is not None else Decimal(-1), reverse=True)
    low = LOW.search(key)
    ordered = list(reversed(rows)) if low else rows
    parts = []
    for r in ordered[:LIST_LIMIT]:      # a portal may hold hundreds of departments
        shown = ans.figure(f"{r['department']}（{r['year']}年）{entity.name}", r["value"])
        parts.append(f"{r['department']}{shown}")
    if len(ordered) > LIST_LIMIT:
        parts.append(f"……（共{len(ordered)}个部门，只列出前{LIST_LIMIT}个）")
    parts += [f"{d.department}无数据" for d in missing[:LIST_LIMIT]]
    ans.rows = ans.rows[:LIST_LIMIT]
    if not ordered:
        return ctx.done(ans, "no_data", f"已载入的文档中都没有“{entity.name}”的数据。")
    head = ordered[0]
    word = "最少" if low else "最多"
    sentence = (f"{entity.name}（{len(docs)}个部门）：" + "；".join(parts) +
                f"。{word}的是{head['department']}（{head['year']}年）。")
    return ctx.done(ans, "answered", sentence)


def previous_year(doc: Doc, docs: list[Doc]) -> Doc | None:
    earlier = [d for d in docs if d.department == doc.department and d.year < doc.year]
    return max(earlier, key=lambda d: d.year) if earlier else None


def year_over_year(ctx: Context, q, key: str, current: Doc, previous: Doc,
                   ans: Answer) -> Answer | None:
    """比去年增加多少: the same figure from both years' tables, and the change."""
    topic = CHANGE_NOISE.sub("", key)
    if not topic:
        return None
    now = ctx.answer_in(q, topic, current)
    before = ctx.answer_in(q, topic, previous)
    if not (now.status == before.status == "answered" and now.figures and before.figures):
        return None
    a, b = now.figures[0], before.figures[0]
    if a["unit"] != b["unit"]:
        return None
    moves = [ans.adopt(part, lambda t, y=doc.year: f"{y}年 · {t}")
             for part, doc in ((now, current), (before, previous))]
    label = a["label"]
    # the change is what was asked: it leads, the two years' figures follow
    operands = [arithmetic.Operand(f"{doc.year}年{label}", Decimal(str(f["value"])), f["unit"],
                                   figure=replace(move(f), label=f"{doc.year}年 {label}"))
                for f, doc, move in ((a, current, moves[0]), (b, previous, moves[1]))]
    outcome = arithmetic.combine("change", operands, label=label,
                                 said=f"{current.department}{label}：{current.year}年"
                                      f"{operands[0].shown()}，{previous.year}年"
                                      f"{operands[1].shown()}", basis="按两年报表计算")
    if outcome is None:
        return None
    ans.figures = outcome.figures
    # the document's own 比上年 sentence, when it states one (queries/intents/stated.py)
    note = stated.stated_change(ctx, q, key, current, operands[0].value,
                                operands[0].value - operands[1].value, a["unit"], ans)
    return ctx.done(ans, "answered", outcome.sentence + note)


# ------------------------------------------------------------ one department, several years

YEAR_WORDS = words_re(_ACROSS["years"])
# quoted clauses and unit overviews hold several figures: never an operand of arithmetic
QUOTED = frozenset({"narrative", "narrative_fact", "unit_overview"})
RANK_HIGH = words_re(LEX["triggers"]["rank_high"])
SHARE_ASKED = words_re(LEX["triggers"]["share"] + LEX["triggers"]["rate"])   # 涨幅: the rate


def quoted(name: str) -> str:
    """“name”, unless the name carries its own quotation marks (“三公”经费)."""
    return name if "“" in name else f"“{name}”"


def years_of(asked: Asked) -> list[Doc]:
    """The loaded years of the one department a question is about, oldest first: the years
    it names when it names two or more, else every loaded year when it says 每年 / 这三年."""
    departments = asked.scope.departments          # no walk over every loaded document
    if len(departments) != 1:
        return []
    mine = sorted((d for d in asked.of_department(next(iter(departments)))
                   if d.kind == asked.scope.docs[0].kind), key=lambda d: d.year)
    named = [d for d in mine if d.year in asked.q.years]
    span = year_span(asked.q.text)
    if span:
        # "从2017年到2019年…": every loaded year from the first to the last
        named = [d for d in mine if span[0] <= d.year <= span[1]]
    if len(named) >= 2:
        return named
    return mine if len(mine) >= 2 and YEAR_WORDS.search(asked.key) else []


def over_years(ctx: Context, q, key: str, docs: list[Doc], ans: Answer,
               mentions: list[str] | None = None) -> Answer | None:
    """"2017、2018、2019年三公经费分别是多少" / "哪一年…最高" / "三年…加起来" / "2019年…比2017年
    增加多少": the same figure from each year's document, listed, ranked, added or changed."""
    topic = key
    kn = ctx.knowledge_for(docs[-1].doc_id)
    # (a name holding the department's word is kept whole: 政协会议 is a 科目)
    keep = [n for m in [*(mentions or []), *kind_words_in(key)]
            for n in kn.names_containing(match_key(m)) if n in key]
    for doc in docs:
        topic = strip_names(topic, doc, mentions or [], keep)
    # "政协每年的…": the department said by its own kind of body, before the figure
    for word in sorted(LEX["org_suffixes"]["words"], key=len, reverse=True):
        if word in docs[0].department and topic.startswith(word) and not any(
                topic.startswith(name) for name in kn.names_containing(word)):
            topic = topic[len(word):]      # (not 政协会议, a 科目 of its own)
            break
    topic = YEAR_WORDS.sub("", topic).replace(_OPS["than"], "")
    high, low = RANK_HIGH.search(topic), LOW.search(topic)
    change = len(docs) == 2 and (CHANGE.search(topic) or _DIFF_MORE.search(topic)) is not None
    rate_asked = SHARE_ASKED.search(topic) is not None
    op = "change" if change else tail_operation(topic)
    if op == "sum" and EACH.search(topic):
        op = "list"                # "收入合计分别是多少": 合计 names the row, 分别 lists it
    # the operation's own words go; a total word stays unless the question adds ("收入总计")
    plain = without_operation(topic) if op == "sum" else COMPARE.sub("", EACH.sub("", topic))
    topic = CHANGE_NOISE.sub("", CROSS_NOISE.sub("", plain))
    topic = _ASK_TAIL.sub("", SHARE_ASKED.sub("", _DIFF_MORE.sub("", topic)))
    if not topic:
        return None
    parts: list[tuple[Doc, Answer]] = []
    for doc in docs:
        part = ctx.answer_in(q, topic, doc)
        if part.status != "answered" or not part.figures or \
                part.figures[0].get("unit") not in AMOUNT_UNITS or part.intent in QUOTED:
            return None      # a figure quoted from prose (a 比上年 change …) is no year's level
        parts.append((doc, part))
    units = {p.figures[0]["unit"] for _, p in parts}
    if len(units) != 1:
        return None
    label = parts[-1][1].figures[0]["label"]
    operands = []
    for doc, part in parts:
        head = part.figures[0]
        move = ans.adopt(part, lambda t, y=doc.year: f"{y}年 · {t}")
        operands.append(arithmetic.Operand(f"{doc.year}年", Decimal(str(head["value"])),
                                           head["unit"], figure=replace(
                                               move(head), label=f"{doc.year}年 {label}")))
    ans.intent = "years"
    ans.document = "、".join(d.label for d, _ in parts)
    ans.reading = f"我理解为：{docs[0].department}各年的{quoted(label)}。"
    said = f"{docs[0].department}{label}：" + arithmetic.listed(operands)
    if high or low:
        pick = (min if low else max)(range(len(operands)), key=lambda i: operands[i].value)
        ans.figures = [operands[pick].as_figure(),
                       *[o.as_figure() for i, o in enumerate(operands) if i != pick]]
        word = "最少" if low else "最多"
        return ctx.done(ans, "answered", f"{said}。{word}的是{docs[pick].year}年"
                                           f"（{operands[pick].shown()}）。")
    if op == "change":             # the later year against the earlier one
        later, earlier = operands[1], operands[0]
        diff = later.value - earlier.value
        direction = "增加" if diff > 0 else "减少" if diff < 0 else "持平"
        rate = f"，{'增长' if diff > 0 else '下降'}{abs(diff) / earlier.value * 100:.2f}%" \
            if earlier.value and diff else ""
        # the change leads, as the documents state one: its direction in words, the amount
        # as a size ("比上年减少 …万元", "下降 …%")
        ans.figures = [{"label": f"{later.label}比{earlier.label}{label}{direction}",
                        "value": float(abs(diff)), "unit": later.unit},
                       later.as_figure(), earlier.as_figure()]
        if rate_asked and earlier.value:     # "增长了百分之几": the rate is what was asked
            pct = (abs(diff) / earlier.value * 100).quantize(Decimal("0.01"))
            ans.figures.insert(0, {"label": f"{later.label}比{earlier.label}{label}"
                                            f"{'增长' if diff > 0 else '下降'}",
                                   "value": float(pct), "unit": "%"})
        # two consecutive years: the later document's own 比上年 sentence, when it states one
        note = stated.stated_change(ctx, q, strip_names(key, docs[1], mentions or []), docs[1],
                                    later.value, diff, later.unit, ans) \
            if int(docs[1].year) - int(docs[0].year) == 1 else ""
        return ctx.done(ans, "answered", f"{said}，{later.label}比{earlier.label}{direction}"
                                           f"{fmt_number(abs(diff), later.unit)}{later.unit}"
                                           f"{rate}（按各年报表计算）。{note}")
    outcome = arithmetic.combine(op if op in ("sum", "list") else "list", operands, said=said,
                                 basis="按各年报表计算", label=f"{label}（{len(docs)}年合计）")
    if outcome is None:
        return None
    ans.figures = outcome.figures
    return ctx.done(ans, "answered", outcome.sentence + _elsewhere(ans, parts))


def _elsewhere(ans: Answer, parts: list[tuple[Doc, Answer]]) -> str:
    """Each year's answer may give the same name in another table too (the 三公 table's
    会议费 and the 基本支出 table's), or the 科目 of the same activity (政协会议): each listed
    after the series, year by year."""
    series: dict[str, list[str]] = {}
    for doc, part in parts:
        head = part.figures[0]["label"]
        for other in part.figures[1:]:
            label = str(other["label"])
            if not (label.startswith(f"{head}（") or label.endswith(amounts.SUBJECT_NOTE)):
                continue
            ans.figures.append(replace(other, label=f"{doc.year}年 {label}"))
            series.setdefault(label, []).append(
                f"{doc.year}年{fmt_number(other['value'], other['unit'])}{other['unit']}")
    return "".join(f"另：{name}（口径不同）：" + "，".join(said) + "。"
                   for name, said in series.items())


# ------------------------------------------------------------ named departments

_OPS = LEX["operations"]
_PLACE = "\0"                      # where a department's name stood in the question
_OF = re.escape(_OPS["of"])
_JOINED = re.compile(rf"(?:{alt([_OPS['than'], *_OPS['conjunctions']])}){_OF}?{_PLACE}|"
                     rf"{_PLACE}{_OF}?")
# "A比B多多少": the words of a difference after 比 (多多少 …, or one 多/少 before the question words)
_DIFF_MORE = words_re([w for w in _OPS["difference"] if len(w) > 1])
_DIFF_ONE = re.compile(rf"(?:{alt([w for w in _OPS['difference'] if len(w) == 1])})$")
_ASK_TAIL = TrailingWords(_OPS["tail"])      # (?:…)+$ without exponential backtracking


def between(ctx: Context, q, key: str, named: list[tuple[str, Doc]],
            ans: Answer) -> Answer | None:
    """"A公务接待费比B多多少" / "A和B的公务接待费": the same figure from each named department's
    own document, then their difference, sum, comparison or both side by side. None when the
    question is not one figure asked of each (the caller asks which document)."""
    topic = key
    for mention, _ in sorted(named, key=lambda md: -len(md[0])):
        topic = topic.replace(match_key(mention), _PLACE)
    for _, doc in named:
        topic = strip_names(topic, doc, [])
    than = _OPS["than"] + _PLACE in topic
    topic = _JOINED.sub("", topic)
    op = tail_operation(topic)
    if op == "list" and than and (_DIFF_MORE.search(topic) or
                                  _DIFF_ONE.search(_ASK_TAIL.sub("", topic))):
        op = "difference"
    topic = _ASK_TAIL.sub("", _DIFF_MORE.sub("", without_operation(topic)))
    if op == "difference":
        topic = _DIFF_ONE.sub("", topic)
    if not topic:
        return None
    parts: list[tuple[Doc, Answer]] = []
    for _, doc in named:
        part = ctx.answer_in(q, topic, doc)
        if part.status != "answered" or not part.figures or \
                part.figures[0].get("unit") not in AMOUNT_UNITS:
            said = "；".join(f"{d.label}：{p.answer}" for d, p in [*parts, (doc, part)])
            ans.reading = read_as("、".join(f"“{m}”" for m, _ in named) +
                                  f"各自的数字，但{doc.label}：{understood(part.reading)}")
            return ctx.done(ans, "no_data", f"没有在每个部门都找到这一数字，所以不作比较。{said}")
        parts.append((doc, part))
    return _combine(ctx, q, op, parts, ans, [m for m, _ in named])


_CENT = Decimal("0.01")


def _combine(ctx: Context, q, op: str, parts: list[tuple[Doc, Answer]], ans: Answer,
             mentions: list[str]) -> Answer:
    units = {p.figures[0]["unit"] for _, p in parts}
    unit = q.unit if q.unit_asked else units.pop() if len(units) == 1 else MONEY_UNITS[1]
    places = _CENT if unit != MONEY_UNITS[-1] else _CENT * _CENT     # 亿元: four places
    operands = []
    for doc, part in parts:
        head = part.figures[0]
        value = convert(Decimal(str(head["value"])), head["unit"], unit)[0].quantize(places)
        label = f"{doc.label} {head['label']}"
        move = ans.adopt(part, lambda t, d=doc.label: f"{d} · {t}")
        operands.append(arithmetic.Operand(label, value, unit, figure=replace(
            move(head), label=label, value=to_number(value), unit=unit)))
    ans.intent = f"between:{op}"
    ans.document = "、".join(d.label for d, _ in parts)
    ans.reading = read_as("、".join(f"“{m}”（{d.label}）" for m, d in
                                   zip(mentions, (d for d, _ in parts))) +
                          "各自的" + "；".join(dict.fromkeys(understood(p.reading)
                                                             for _, p in parts)))
    said = "；".join(f"{d.label}：{p.answer.rstrip('。')}" for d, p in parts)
    label = parts[0][1].figures[0]["label"]
    named = {"difference": f"{label}之差（{parts[0][0].department}减{parts[-1][0].department}）",
             "sum": f"{label}合计（{len(parts)}个部门）"}
    outcome = arithmetic.combine(op if op in _BETWEEN_OPS else "list", operands, said=said,
                                 basis=arithmetic.EACH_TABLE, label=named.get(op, ""))
    if outcome is None:
        return ctx.done(ans, "no_data", f"{said}。这些数字无法这样计算。")
    ans.figures = outcome.figures
    return ctx.done(ans, "answered", outcome.sentence)


_BETWEEN_OPS = ("difference", "sum", "compare", "compare_low")


# ------------------------------------------------------------ the routes (registry rows)


def _departments(asked: Asked) -> int:
    return len({d.department for d in asked.loaded})


def match_across(asked: Asked) -> dict[str, Any] | None:
    """哪个部门…最多 / 各部门…: one figure over every loaded department."""
    found = CROSS.search(asked.key)
    return {"words": found.group(0)} if found and _departments(asked) > 1 else None


def across_route(ctx: Context, asked: Asked, *, words: str) -> Answer:
    scope = asked.scope
    docs = scope.docs if scope.named_year else latest_per_department(asked.loaded)
    reference = asked.selected if asked.selected in docs else docs[0]
    result = across(ctx, asked.key, docs, reference, asked.base)
    # the words of a comparison across departments are this route's own vocabulary
    result.explains += [m.group(0) for m in CROSS_NOISE.finditer(asked.key)]
    return result


def match_between(asked: Asked) -> dict[str, Any] | None:
    """A比B多多少 / A和B的…: two or more departments named, each from its own document."""
    return {"named": asked.named} if len(asked.named) >= 2 else None


def between_route(ctx: Context, asked: Asked, *,
                  named: list[tuple[str, Doc]]) -> Answer | None:
    return between(ctx, asked.q, asked.key, named, asked.base)


def match_years(asked: Asked) -> dict[str, Any] | None:
    """One department over two or more of its loaded years."""
    docs = years_of(asked)
    return {"docs": docs} if docs else None


def years_route(ctx: Context, asked: Asked, *, docs: list[Doc]) -> Answer | None:
    return over_years(ctx, asked.q, asked.key, docs, asked.base, asked.scope.mentions)


def match_year_over_year(asked: Asked) -> dict[str, Any] | None:
    """比上年增加多少 with the previous year's document loaded: both years' tables."""
    target = asked.target
    if target is None or not CHANGE.search(asked.topic) or REASON.search(asked.topic):
        return None
    previous = previous_year(target, asked.of_department(target.department))
    return {"previous": previous} if previous is not None else None


def year_over_year_route(ctx: Context, asked: Asked, *, previous: Doc) -> Answer | None:
    assert asked.target is not None          # match_year_over_year
    result = year_over_year(ctx, asked.q, asked.topic, asked.target, previous, asked.base)
    if result is not None:       # the words of a change over the years are this route's own
        result.explains += [m.group(0) for m in CHANGE_NOISE.finditer(asked.topic)]
    return result


# ------------------------------------------------------------ items across two years

def match_items_changed(asked: Asked) -> dict[str, Any] | None:
    """哪些项目的预算比上年增加了: projects of this year and the year before, paired by name."""
    target, topic = asked.target, asked.topic
    if target is None or not (PROJECT.search(topic) and CHANGE.search(topic) and
                              (LISTING.search(topic) or WHICH.search(topic))):
        return None
    previous = previous_year(target, asked.of_department(target.department))
    if previous is None or REASON.search(topic):
        return None
    rise, fall = RISE.search(topic), FALL.search(topic)
    direction = "rise" if rise and not fall else "fall" if fall and not rise else ""
    return {"previous": previous, "direction": direction}


def items_changed(ctx: Context, asked: Asked, *, previous: Doc, direction: str) -> Answer:
    """Each project of the current year with last year's figure for the same name (the same
    unit first), the change, and whether it rose or fell; a project of one year only is said
    so. The count of projects that moved as asked leads."""
    assert asked.target is not None          # match_items_changed
    ans, current, unit = asked.base, asked.target, asked.q.unit
    now = ctx.query(ans, "period_projects", ctx.knowledge_for(current.doc_id), cite=False,
                    period=Stored.CURRENT)
    before = ctx.query(ans, "period_projects", ctx.knowledge_for(previous.doc_id), cite=False,
                       period=Stored.CURRENT)
    earlier = {(r["unit"], r["name"]): r for r in before}
    by_name = {r["name"]: r for r in before}
    pairs = [(r, earlier.get((r["unit"], r["name"])) or by_name.get(r["name"])) for r in now]
    changed = []
    for r, b in pairs:
        if b is None or r["total"] is None or b["total"] is None:
            continue
        diff = r["total"] - b["total"]
        if (direction == "rise" and diff > 0) or (direction == "fall" and diff < 0) or \
                (not direction and diff):
            changed.append((r, b, diff))
    changed.sort(key=lambda rbd: -abs(rbd[2]))
    new_only = [r for r, b in pairs if b is None]
    word = {"rise": "增加", "fall": "减少"}.get(direction, "有变化")
    ans.explain(*(m.group(0) for m in (RISE.search(asked.topic), FALL.search(asked.topic)) if m))
    ans.explain(f"项目预算比上年{word}", f"{current.year}年", f"{previous.year}年")
    if not changed:
        # none moved as asked: no figure stands for "none"; the other direction is offered
        other = [d for r, b in pairs if b is not None and r["total"] is not None and
                 b["total"] is not None and (d := r["total"] - b["total"])]
        if other:
            turn = "减少" if direction == "rise" else "增加"
            ask = f"{current.department}哪些项目比上年{turn}了"
            ans.candidates = [Candidate(ask, f"{len(other)}个", ask)]
        return ctx.done(ans, "answered", f"{current.department}本年项目中，没有比上年{word}的"
                                         f"（按{current.year}年和{previous.year}年报表同名项目比较）。")
    ans.figures.append(Figure(f"比上年{word}的项目数", len(changed), "个"))
    parts = []
    for r, b, diff in changed[:LIST_LIMIT]:
        label = f"{r['name']}（{r['unit']}）"
        cite = [dict(r, table_no=r["table_no"]), dict(b, table_no=b["table_no"])]
        for row, doc in zip(cite, (current, previous)):
            ans.cite_row(row, f"{doc.year}年 · {table_label(row['table_no'], row['table_title'])}")
        ans.figure(f"{label}比上年{'增加' if diff > 0 else '减少'}", abs(diff), unit)
        parts.append(f"{label}{current.year}年{ctx.amt(r['total'], unit)}，{previous.year}年"
                     f"{ctx.amt(b['total'], unit)}，{'增加' if diff > 0 else '减少'}"
                     f"{ctx.amt(abs(diff), unit)}")
    more = f"（共{len(changed)}个，只列出前{LIST_LIMIT}个）" if len(changed) > LIST_LIMIT else ""
    head = f"{current.department}本年项目中，比上年{word}的有{len(changed)}个"
    tail = f"。{current.year}年新列的项目（上年同名项目没有）：" + "、".join(
        r["name"] for r in new_only[:LIST_LIMIT]) if new_only else ""
    body = "：" + "；".join(parts) + more if parts else ""
    return ctx.done(ans, "answered", f"{head}{body}{tail}（按两年报表同名项目计算）。")
