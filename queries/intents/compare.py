"""Questions across documents: one figure compared across departments, or year over year."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from queries.answer import AMOUNT_UNITS, MONEY_UNITS, Answer, convert, fmt_number, table_label
from queries.context import Context
from queries.intents import amounts
from queries.knowledge import Entity
from queries.normalize import match_key
from queries.scope import Asked, Doc, strip_names
from queries.thresholds import ACROSS_LIST as LIST_LIMIT
from queries.vocab import CHANGE, LEX, REASON, alt, tail_operation, without_operation, words_re

_ACROSS = LEX["across"]
CROSS = words_re(_ACROSS["departments"])
CROSS_NOISE = words_re(_ACROSS["departments"] + _ACROSS["noise"])
LOW = words_re(LEX["triggers"]["rank_low"])
CHANGE_NOISE = words_re(_ACROSS["change_noise"])


def cross_query(entity: Entity) -> tuple[str, dict[str, Any]] | None:
    """The template that fetches the same figure from every document, by entity kind."""
    if entity.kind == "sangong":
        return "cross_sangong", {"item": entity.get("item")}
    if entity.kind == "opex":
        return "cross_opex", {}
    if entity.kind == "summary":
        return "cross_summary", {"name": entity.name}
    if entity.kind == "subject":
        return "cross_subject", {"code": entity.get("code")}
    if entity.kind == "split":
        return "cross_split", {"table_kind": entity.get("table"), "col_key": entity.get("key")}
    return None


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
        if entity is not None and cross_query(entity) is not None:
            break
    plan = cross_query(entity) if entity else None
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
    """比去年增加多少: the same figure from both years' tables, and the difference."""
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
    va, vb = Decimal(str(a["value"])), Decimal(str(b["value"]))
    diff = va - vb
    for part, doc in ((now, current), (before, previous)):
        ans.sql += part.sql
        ans.rows += [dict(r, table=f"{doc.year}年 · {r['table']}") for r in part.rows]
    label = a["label"]
    # the change is what was asked: it leads, the two years' figures follow
    ans.figures = [{"label": f"{label}比上年增减", "value": float(diff), "unit": a["unit"]},
                   dict(a, label=f"{current.year}年 {label}"),
                   dict(b, label=f"{previous.year}年 {label}")]
    direction = "增加" if diff > 0 else "减少" if diff < 0 else "持平"
    rate = f"，{'增长' if diff > 0 else '下降'}{abs(diff) / vb * 100:.2f}%" if vb and diff else ""
    change = f"{direction}{fmt_number(abs(diff), a['unit'])}{a['unit']}" if diff else "与上年持平"
    now_text = f"{fmt_number(va, a['unit'])}{a['unit']}"
    before_text = f"{fmt_number(vb, b['unit'])}{b['unit']}"
    sentence = (f"{current.department}{label}：{current.year}年{now_text}，"
                f"{previous.year}年{before_text}，比上年{change}{rate}（按两年报表计算）。")
    return ctx.done(ans, "answered", sentence)


# ------------------------------------------------------------ named departments

_OPS = LEX["operations"]
_PLACE = "\0"                      # where a department's name stood in the question
_OF = re.escape(_OPS["of"])
_JOINED = re.compile(rf"(?:{alt([_OPS['than'], *_OPS['conjunctions']])}){_OF}?{_PLACE}|"
                     rf"{_PLACE}{_OF}?")
# "A比B多多少": the words of a difference after 比 (多多少 …, or one 多/少 before the question words)
_DIFF_MORE = words_re([w for w in _OPS["difference"] if len(w) > 1])
_DIFF_ONE = re.compile(rf"(?:{alt([w for w in _OPS['difference'] if len(w) == 1])})$")
_ASK_TAIL = re.compile(rf"(?:{alt(_OPS['tail'])})+$")


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
            return ctx.done(ans, "no_data", f"没有在每个部门都找到这一数字，所以不作比较。{said}")
        parts.append((doc, part))
    return _combine(ctx, q, op, parts, ans)


_CENT = Decimal("0.01")


def _combine(ctx: Context, q, op: str, parts: list[tuple[Doc, Answer]],
             ans: Answer) -> Answer:
    units = {p.figures[0]["unit"] for _, p in parts}
    unit = q.unit if q.unit_asked else units.pop() if len(units) == 1 else MONEY_UNITS[1]
    places = _CENT if unit != MONEY_UNITS[-1] else _CENT * _CENT     # 亿元: four places
    values = [convert(Decimal(str(p.figures[0]["value"])), p.figures[0]["unit"], unit)[0]
              .quantize(places) for _, p in parts]
    shown = [f"{fmt_number(v, unit)}{unit}" for v in values]
    heads = [dict(p.figures[0], label=f"{d.label} {p.figures[0]['label']}", value=float(v),
                  unit=unit) for (d, p), v in zip(parts, values)]
    for doc, part in parts:
        ans.sql += part.sql
        ans.rows += [dict(r, table=f"{doc.label} · {r['table']}") for r in part.rows]
    ans.intent = f"between:{op}"
    ans.document = "、".join(d.label for d, _ in parts)
    ans.reading = "；".join(f"（{d.label}）{p.reading}" for d, p in parts)
    listed = "；".join(f"{d.label}：{p.answer.rstrip('。')}" for d, p in parts)
    label = parts[0][1].figures[0]["label"]
    if op == "difference" and len(parts) == 2:
        diff = values[0] - values[1]
        ans.figures = [{"label": f"{label}之差（{parts[0][0].department}减"
                                 f"{parts[1][0].department}）", "value": float(abs(diff)),
                        "unit": unit}, *heads]
        word = (f"前者比后者{'多' if diff > 0 else '少'}{fmt_number(abs(diff), unit)}{unit}"
                if diff else "两者相同")
        return ctx.done(ans, "answered", f"{listed}。{word}（按各自报表计算）。")
    if op in ("compare", "compare_low"):
        pick = (max if op == "compare" else min)(range(len(values)), key=lambda i: values[i])
        ans.figures = [heads[pick], *[h for i, h in enumerate(heads) if i != pick]]
        word = "多" if op == "compare" else "少"
        return ctx.done(ans, "answered", f"{listed}。{parts[pick][0].department}{word}"
                                               f"（{shown[pick]}）。")
    if op == "sum":
        total = sum(values, Decimal(0))
        ans.figures = [{"label": f"{label}合计（{len(parts)}个部门）", "value": float(total),
                        "unit": unit}, *heads]
        return ctx.done(ans, "answered", f"{listed}。合计{fmt_number(total, unit)}{unit}"
                                               "（按各自报表计算）。")
    ans.figures = heads
    return ctx.done(ans, "answered", listed)


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
    result.used += [m.group(0) for m in CROSS_NOISE.finditer(asked.key)]
    return result


def match_between(asked: Asked) -> dict[str, Any] | None:
    """A比B多多少 / A和B的…: two or more departments named, each from its own document."""
    return {"named": asked.named} if len(asked.named) >= 2 else None


def between_route(ctx: Context, asked: Asked, *,
                  named: list[tuple[str, Doc]]) -> Answer | None:
    return between(ctx, asked.q, asked.key, named, asked.base)


def match_year_over_year(asked: Asked) -> dict[str, Any] | None:
    """比上年增加多少 with the previous year's document loaded: both years' tables."""
    target = asked.target
    if target is None or not CHANGE.search(asked.topic) or REASON.search(asked.topic):
        return None
    previous = previous_year(target, asked.loaded)
    return {"previous": previous} if previous is not None else None


def year_over_year_route(ctx: Context, asked: Asked, *, previous: Doc) -> Answer | None:
    assert asked.target is not None          # match_year_over_year
    result = year_over_year(ctx, asked.q, asked.topic, asked.target, previous, asked.base)
    if result is not None:       # the words of a change over the years are this route's own
        result.used += [m.group(0) for m in CHANGE_NOISE.finditer(asked.topic)]
    return result
