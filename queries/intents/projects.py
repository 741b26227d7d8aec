"""Project questions: one project, lists, rankings, filters, clarify, performance sheets and
finding a project by words in its sheet."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from catalog.formats import Stored
from queries.answer import (
    Answer,
    Candidate,
    Figure,
    SourceRow,
    fmt_number,
    source_note,
    table_label,
)
from queries.context import Context
from queries.db import run
from queries.knowledge import Entity, Knowledge
from queries.matcher import Match, find
from queries.normalize import Question, match_key
from queries.reading import names_nothing
from queries.thresholds import INDICATOR_CUTOFF, SHEET_FIELD_CUTOFF
from queries.vocab import (
    LEX,
    ASKS_MONEY,
    BETWEEN,
    BOTH_PERIODS,
    CARRYOVER,
    COUNT,
    CURRENT,
    DEPARTMENT_WORDS,
    DESCRIBE_NOISE,
    DESCRIBE_TAIL,
    FILTER,
    FILTER_BELOW,
    FUNDS_TOTAL,
    IN_YUAN,
    LISTING,
    LOW,
    MEASURE,
    ORDINAL,
    OVERVIEW_WORDS,
    OWN_UNIT,
    PAREN,
    PERF,
    PERF_FACTS,
    PERF_WORDS,
    PROJECT,
    PROJECT_WORDS,
    RANK,
    RANK_COUNT,
    SOURCES,
    SUBTOTAL,
    SUM_WORDS,
    TOTAL_SUFFIX,
    UNIT_WORD,
    WHICH,
    is_residue,
    measure_unit,
    remove_chars,
    strip_generic,
)


def unit_overview(ctx: Context, q: Question, key: str, kn: Knowledge, ans: Answer, *,
                   unit: str) -> Answer | None:
    """调度中心一共多少钱: what the document gives per unit (its projects, its 机关运行经费)."""
    result = ctx.run(ans, "unit_subtotals", kn)
    rows = [r for r in result.rows if r["unit"] == unit]
    ans.cite(result, rows)
    parts, asks = [], []
    for r in rows:
        label = f"{unit}（{r['period']}项目）"
        shown = ans.figure(label, r["total"], q.unit, at=r)
        parts.append(f"{r['period']}项目{shown}")
        asks.append(Candidate(label, "", f"{unit}的{r['period']}项目", amount=shown))
    opex = ctx.run(ans, "opex", kn)
    own = [r for r in opex.rows if r["unit"] == unit]
    ans.cite(opex, own)
    for r in own:
        shown = ans.figure(f"{unit}（机关运行经费）", r["total"], q.unit, at=r)
        parts.append(f"机关运行经费{shown}")
        asks.append(Candidate(f"{unit}（机关运行经费）", "", f"{unit}的机关运行经费", amount=shown))
    if not parts:
        return None
    ans.explain(unit)
    listed = f"文档按单位列出的{unit}数据：" + "；".join(parts) + \
        "。部门预算的收支总额、科目和基本支出不按单位分列。"
    if SUM_WORDS.search(key) or TOTAL_SUFFIX.search(key):
        # a total of the unit is asked and the document gives none: no figure stands for it;
        # what it does give is offered as questions
        ans.candidates = asks
        return ctx.done(ans, "no_data", f"文档没有给出{unit}的总额。{listed}")
    return ctx.done(ans, "answered", listed)


def project_lists(ctx: Context, q: Question, key: str, kn: Knowledge, ans: Answer) -> Answer | None:
    """Questions about several projects at once (never unit subtotal rows as projects)."""
    for handler in (project_by_amount, unit_ranking, project_ranking,
                    project_filter, projects_by_source, unit_subtotal,
                    unit_project_list, period_projects, all_projects):
        result = handler(ctx, q, key, kn, ans)
        if result is not None:
            return result
    return None


def project_by_amount(ctx: Context, q, key, kn, ans) -> Answer | None:
    """3643万是哪个项目: projects whose amount equals the one asked about."""
    if not q.amounts_wan or not WHICH.search(key):
        return None
    amount = q.amounts_wan[0]
    rows = ctx.query(ans, "projects_with_total", kn, total=amount)
    if not rows:
        return ctx.done(ans, "no_data", f"没有金额为{fmt_number(amount)}万元的项目。")
    parts = [project_line(ans, r) for r in rows]
    return ctx.done(ans, "answered", f"金额为{fmt_number(amount)}万元的项目：" +
                      "；".join(parts) + "。")


def unit_ranking(ctx: Context, q, key, kn, ans) -> Answer | None:
    """哪个单位项目最多: units ranked by their project subtotals (本年), with counts."""
    if not (RANK.search(key) and UNIT_WORD.search(key)):
        return None
    result = ctx.run(ans, "unit_subtotals", kn)
    rows = [r for r in result.rows if r["period"] == Stored.CURRENT] or result.rows
    if not rows:
        return None          # no unit subtotals printed ("我们单位…最多的项目": no ranking)
    low = LOW.search(key)
    rows = sorted(rows, key=lambda r: r["total"] or 0, reverse=not low)
    ans.cite(result, rows)
    parts = []
    for r in rows:
        shown = ans.figure(f"{r['unit']}（{r['period']}项目小计）", r["total"], q.unit, at=r)
        parts.append(f"{r['unit']}{shown}（{r['n_projects']}个项目）")
    word = "最少" if low else "最多"
    ans.explain(UNIT_WORD.search(key).group(0), f"按{rows[0]['period']}项目金额")
    return ctx.done(ans, "answered", f"按{rows[0]['period']}项目金额，{word}的单位是"
                                       f"{rows[0]['unit']}。各单位：" + "；".join(parts) + "。")


def project_ranking(ctx: Context, q, key, kn, ans) -> Answer | None:
    rank = RANK.search(key)
    if not rank:
        return None
    period = Stored.CARRYOVER if CARRYOVER.search(key) else Stored.CURRENT
    result = ctx.run(ans, "period_projects", kn, period=period)
    n, nth = 1, False
    # the first rank word that says a number ("排前三名": 前三, not 排)
    numbered = next((m for m in RANK.finditer(key) if m.lastindex and
                     (m.group(1) or m.group(2))), rank)
    g = numbered.group(1) or numbered.group(2)
    counted = RANK_COUNT.search(key)          # "最多的三个项目"
    if not g and counted:
        g = counted.group(1)
    if g:
        n = int(g) if g.isdigit() else ORDINAL.get(g, 3)
        nth = bool(numbered.group(2))           # 第二大: that one only
    low = LOW.search(key)
    ordered = list(reversed(result.rows)) if low else result.rows
    top = ordered[n - 1:n] if nth else ordered[:n]
    if not top:
        return None          # no project rows of that period: nothing ranked, nothing said
    ans.cite(result, top)
    parts = [project_line(ans, r) for r in top]
    word = "最少" if low else "最多"
    ans.explain(f"按{period}项目金额")
    head = f"{period}项目中金额第{n}{'少' if low else '多'}的是" if nth else \
        f"{period}项目中金额{word}的" + (f"前{n}个" if n > 1 else "是")
    return ctx.done(ans, "answered", f"{head}：" + "；".join(parts) +
                      "（只比较项目，不含单位小计）。")


def project_filter(ctx: Context, q, key, kn, ans) -> Answer | None:
    """超过3000万 / 少于10万 / 100万到500万之间: projects only, never unit subtotals."""
    amounts = q.amounts_wan
    if not amounts:
        return None
    if len(amounts) >= 2 and BETWEEN.search(key):
        low, high = sorted(amounts[:2])
        words = f"在{fmt_number(low)}万元到{fmt_number(high)}万元之间"
    elif _direction(key) == "below":
        low, high = Decimal(-1), amounts[0]
        words = f"少于{fmt_number(high)}万元"
    elif _direction(key) == "above":
        low, high = amounts[0], Decimal(10) ** 12
        words = f"超过{fmt_number(low)}万元"
    else:
        return None
    # 本年 / 上年结转 said: that table's projects only
    period = Stored.CARRYOVER if CARRYOVER.search(key) else \
        Stored.CURRENT if CURRENT.search(key) else ""
    rows = ctx.query(ans, "projects_in_range", kn, min_total=low, max_total=high,
                   period=period)
    which = f"{period}项目中" if period else ""
    if not rows:
        _count_first(ans, key, 0, f"{which}金额{words}的项目数")
        return ctx.done(ans, "answered", f"{which}没有金额{words}的项目。")
    parts = [project_line(ans, r) for r in rows]
    _count_first(ans, key, len(rows), f"{which}金额{words}的项目数")
    return ctx.done(ans, "answered", f"{which}金额{words}的项目共{len(rows)}个：" +
                      "；".join(parts) + "。")


def projects_by_source(ctx: Context, q, key, kn, ans) -> Answer | None:
    """单位资金用于哪些项目: projects funded from one source, by that source's amount."""
    source = next((k for w, k in SOURCES.items() if w in key), None)
    if source is None or not LISTING.search(key):
        return None
    rows = ctx.query(ans, "projects_by_source", kn, source=source)
    word = next(w for w, k in SOURCES.items() if k == source)
    ans.explain(word)
    if not rows:
        return ctx.done(ans, "answered", f"没有使用{word}的项目。")
    parts = []
    for r in rows:
        shown = ans.figure(f"{r['name']}（{r['unit']}，{word}）", r["amount"], q.unit, at=r)
        parts.append(f"{r['name']}（{r['unit']}，{r['period']}）{word}{shown}")
    return ctx.done(ans, "answered", f"使用{word}的项目共{len(rows)}个：" +
                      "；".join(parts) + "。")


def unit_subtotal(ctx: Context, q, key, kn, ans) -> Answer | None:
    """防灾减灾保障中心项目支出合计: the unit's subtotal rows, not the department's."""
    units = [u for u in kn.find_units(key) if u.item.name != kn.department]
    if not units or LISTING.search(key) or not SUBTOTAL.search(key):
        return None
    unit = units[0].item.name
    result = ctx.run(ans, "unit_subtotals", kn)
    rows = [r for r in result.rows if r["unit"] == unit]
    if not rows:
        return None
    ans.cite(result, rows)
    parts = []
    for r in rows:
        label = f"{unit}（{r['period']}项目小计）"
        parts.append(f"{r['period']}{ans.figure(label, r['total'], q.unit, at=r)}")
    return ctx.done(ans, "answered", f"{unit}的项目支出：" + "；".join(parts) + "。")


def unit_project_list(ctx: Context, q, key, kn, ans) -> Answer | None:
    units = kn.find_units(key)
    if not units:
        return None
    rest = strip_generic(MEASURE.sub("", COUNT.sub("", remove_chars(key, units[0].key))))
    if not (LISTING.search(key) or names_nothing(PROJECT.sub("", rest))):
        return None
    unit = units[0].item.name
    rows = ctx.query(ans, "unit_projects", kn, unit=unit)
    if not rows:
        return None
    parts = [project_line(ans, r) for r in rows]
    _count_first(ans, key, len(rows), f"{unit}的项目数")
    return ctx.done(ans, "answered", f"{unit}的项目共{len(rows)}个：" + "；".join(parts) + "。")


def period_projects(ctx: Context, q, key, kn, ans) -> Answer | None:
    """上年结转的项目有哪些 / 本年项目有几个 / 上年结转项目支出合计."""
    asked = Stored.CARRYOVER if CARRYOVER.search(key) else \
        Stored.CURRENT if CURRENT.search(key) else None
    if asked and (LISTING.search(key) or _asks_count(key)):
        rows = ctx.query(ans, "period_projects", kn, period=asked)
        if not rows:
            return None          # no table lists that period's projects: not "0 projects"
        parts = [project_line(ans, r) for r in rows]
        _count_first(ans, key, len(rows), f"{asked}项目数")
        return ctx.done(ans, "answered", f"{asked}项目共{len(rows)}个：" + "；".join(parts) + "。")
    rest = strip_generic(key)
    if not ((CARRYOVER.search(rest) or CURRENT.search(rest)) and PROJECT.search(rest)):
        return None
    other = PROJECT_WORDS.sub("", CURRENT.sub("", CARRYOVER.sub("", rest)))
    if not is_residue(other):
        return None
    period = Stored.CARRYOVER if CARRYOVER.search(rest) else Stored.CURRENT
    rows = ctx.query(ans, "project_table_total", kn, period=period)
    if not rows:
        return None
    r = rows[0]
    shown = ans.figure(f"{period}项目支出合计", r["total"], q.unit, at=r)
    return ctx.done(ans, "answered", f"{period}项目支出合计{shown}{source_note(r)}。")


def all_projects(ctx: Context, q, key, kn, ans) -> Answer | None:
    """有哪些项目 / 所有项目: every project of the document, both periods."""
    rest = DEPARTMENT_WORDS.sub("", PROJECT.sub("", LISTING.sub("", strip_generic(key))))
    if not (LISTING.search(key) or COUNT.search(key)) or \
            (rest and not is_residue(rest)):
        return None
    parts, projects = [], set()
    for period in (Stored.CURRENT, Stored.CARRYOVER):
        rows = ctx.query(ans, "period_projects", kn, period=period)
        if rows:
            projects |= {(r["name"], r["unit"]) for r in rows}
            parts.append(f"{period}{len(rows)}个：" +
                         "；".join(project_line(ans, r) for r in rows))
    if not parts:
        return None
    # a project with money in both tables is one project
    _count_first(ans, key, len(projects), "项目数（本年与上年结转中的同一项目计一次）")
    return ctx.done(ans, "answered", f"项目支出预算中共有{len(projects)}个项目——" +
                      "。".join(parts) + "。")


def project_line(ans: Answer, r: dict[str, Any]) -> str:
    ans.figures.append(Figure(f"{r['name']}（{r['unit']}，{r['period']}）", float(r["total"]),
                              "万元"))
    return f"{r['name']}（{r['unit']}，{r['period']}）{fmt_number(r['total'])}万元"


# the sheet's column for its year's goal, in words (catalog PERF_PROSE_FIELDS: 绩效目标)
GOAL_FIELD = "goal_year"


def perf(ctx: Context, q: Question, key: str, kn: Knowledge, ans: Answer, *,
          hits: list[Match[Entity]]) -> Answer | None:
    candidates = project_candidates(hits, q, key, kn)
    sheets = [(no, s) for no, s in kn.sheets.items()
              if any(s["project"] == c.item.name and s["unit"] == c.item.get("unit")
                     for c in candidates)]
    if not sheets:
        return None
    rest = remove_chars(key, candidates[0].key)
    for unit in kn.find_units(key):       # the unit named is not part of the indicator
        rest = rest.replace(unit.key, "")
    # sheet fields before generic words are dropped ("必要性" holds 要, "做什么" 什么)
    field = next((w for w in sorted(PERF_FACTS, key=len, reverse=True) if w in rest), None)
    fact = PERF_FACTS.get(field or "")
    rest = strip_generic(rest)
    wants_funds = FUNDS_TOTAL.search(rest) or IN_YUAN.search(rest)
    ind_hits = []
    for no, s in sheets:
        names = sorted(s["indicators"])
        # "培训（参会）人数" is also found as "培训人数"
        keys = [match_key(n) for n in names] + [PAREN.sub("", match_key(n)) for n in names]
        seen: set[str] = set()
        for h in find(rest, keys, names + names, cutoff=SHEET_FIELD_CUTOFF):
            if h.item not in seen:
                seen.add(h.item)
                ind_hits.append((h, no))
    if not (fact or wants_funds or ind_hits or PERF.search(rest)):
        return None
    if len(sheets) > 1:
        return clarify_projects(ctx, ans, [c.item for c in candidates], kn)
    no, sheet = sheets[0]
    info = ctx.query(ans, "perf_sheet", kn, cite=False, sheet_no=no)[0]
    where = sheet_title(kn, info)
    if fact:
        value = info.get(fact) or "（表中未填写）"
        label = next(w for w, f in PERF_FACTS.items() if f == fact)
        ans.explain(field or label)
        cite_source(ctx, ans, kn, info["project_line"], where)
        return ctx.done(ans, "answered", f"{where}中的{label}：{value}")
    if wants_funds:
        funds = ctx.query(ans, "perf_funds", kn, table=where, sheet_no=no)
        # the fund the question names by its period (年度 / 实施期) and source leads
        funds = sorted(funds, key=lambda f: (f["period"] not in rest, f["source"] not in rest))
        parts = []
        for f in funds:
            if f["value"] is None or (f["source"] != Stored.FUNDS_TOTAL and not f["value"]):
                continue
            shown = ans.figure(f"{f['period']}{f['source']}", f["value"], "元", f["unit"], at=f)
            parts.append(f"{f['period']}{f['source']}{shown}")
        return ctx.done(ans, "answered", f"{where}：" + "；".join(parts) + "。")
    indicators = ctx.query(ans, "perf_indicators", kn, cite=False, sheet_no=no)
    if ind_hits:
        # "培训多少人" wants the indicator measured in 人, not the 合格率 of the 培训人员
        unit_of = {r["name"]: r["unit"] or "" for r in indicators}
        wanted = measure_unit(key)

        def rank(hn):
            h = hn[0]
            fits = bool(wanted) and unit_of.get(h.item, "").startswith(wanted)
            return (-h.matched, -h.coverage, not fits, -h.ratio)
        ind_hits.sort(key=rank)
        return indicator_answer(ctx, ans, where, ind_hits[0][0].item, indicators)
    yearly = [r for r in indicators if r["period"] == Stored.YEARLY]
    if not yearly and info.get(GOAL_FIELD):
        # a sheet written as prose (项目经费情况说明) states its 绩效目标 in words, no indicators
        label = next(w for w, f in PERF_FACTS.items() if f == GOAL_FIELD)
        ans.explain(label, *PERF.findall(rest))
        cite_source(ctx, ans, kn, info["project_line"], where)
        return ctx.done(ans, "answered", f"{where}中的{label}：{info[GOAL_FIELD]}")
    for r in yearly:
        ans.rows.append(SourceRow(where, r["line"], r["cells"]))
    listing = "；".join(f"{r['level2']}·{r['name']}：{r['value']}" for r in yearly)
    return ctx.done(ans, "answered", f"{where}的年度绩效指标共{len(yearly)}项：{listing}。")


def indicator_answer(ctx: Context, ans: Answer, where: str, name: str,
                      indicators: list[dict[str, Any]]) -> Answer:
    """One indicator of one sheet: its 年度 value headlined, the 实施期 value beside it."""
    rows = [r for r in indicators if r["name"] == name]
    year = next((r for r in rows if r["period"] == Stored.YEARLY), rows[0])
    ans.rows.append(SourceRow(where, year["line"], year["cells"]))
    ans.explain(where)                # the sheet: its project and unit
    if year["number"] is not None:
        ans.figures.append(Figure(f"{name}（{year['period']}指标值）", float(year["number"]),
                                  year["unit"]))
        ans.explain(name)
    others = [r for r in rows if r is not year and r["value"] != year["value"]]
    extra = f"；实施期指标值{others[0]['value']}" if others else ""
    return ctx.done(ans, "answered", f"{where}：{year['level2']}“{name}”年度指标值为"
                                       f"{year['value']}{extra}（第{year['line']}行）。")


def indicator_search(ctx: Context, q: Question, key: str, kn: Knowledge, ans: Answer, *,
                      probe: str) -> Answer | None:
    """An indicator asked without its project ("航油费标准是多少"): answered from the one
    project sheet that has it; several sheets -> which project?"""
    names, owners = [], []
    for no, s in sorted(kn.sheets.items()):
        if not s.get("project"):
            continue
        for name in sorted(s["indicators"]):
            names.append(name)
            owners.append(no)
    keys = [match_key(n) for n in names]
    hits = [h for h in find(probe, keys, list(range(len(names))), cutoff=INDICATOR_CUTOFF)
            if h.matched == len(h.key)]          # the whole indicator name is said
    if not hits:
        return None
    best = max(h.matched for h in hits)
    found = sorted({(owners[h.item], names[h.item]) for h in hits if h.matched == best})
    sheets = sorted({no for no, _ in found})
    if len(sheets) > 1:
        ents = [Entity("project", kn.sheets[no]["project"], (("unit", kn.sheets[no]["unit"]),))
                for no in sheets]
        indicator = found[0][1]
        ans.candidates = [Candidate(e.name, e.get("unit"), f"{e.get('unit')}{e.name}的{indicator}")
                          for e in ents]
        names = "；".join(f"{e.get('unit')}的“{e.name}”" for e in ents)
        return ctx.done(ans, "clarify", f"“{indicator}”是{len(ents)}个项目的绩效指标，"
                                          f"请问您指的是哪一个项目？{names}")
    no, name = found[0]
    info = ctx.query(ans, "perf_sheet", kn, cite=False, sheet_no=no)[0]
    where = sheet_title(kn, info)
    indicators = ctx.query(ans, "perf_indicators", kn, cite=False, sheet_no=no)
    return indicator_answer(ctx, ans, where, name, indicators)


def cite_source(ctx: Context, ans: Answer, kn: Knowledge, line: int, table: str) -> None:
    """Cite one line of the document (a sheet's field) with its cells as written."""
    ctx.query(ans, "source_line", kn, table=table, line=line)


def project_candidates(hits: list[Match[Entity]], q: Question, key: str,
                        kn: Knowledge) -> list[Match[Entity]]:
    """The best-matching project name; narrowed to a unit the question names (the
    department's own name counts here: its 机关 is a unit of the project tables)."""
    top = hits[0]
    same = [h for h in hits if h.item.name == top.item.name or h.key == top.key]
    units = {u.item.name for u in kn.find_units(key)}
    if not units and (kn.department in q.text or OWN_UNIT.search(key)):
        units = {kn.department}
    narrowed = [h for h in same if h.item.get("unit") in units]
    uniq: dict[tuple[str, str], Match[Entity]] = {}
    for h in narrowed or same:
        uniq.setdefault((h.item.name, h.item.get("unit")), h)
    return list(uniq.values())


def project_answer(ctx: Context, q, key, kn, ans, hits) -> Answer:
    candidates = project_candidates(hits, q, key, kn)
    if len(candidates) > 1:
        return clarify_projects(ctx, ans, [c.item for c in candidates], kn)
    ent = candidates[0].item
    rows = ctx.query(ans, "project", kn, name=ent.name, unit=ent.get("unit"))
    period = _period_asked(key)
    others: list[dict] = []
    if period and len(rows) > 1:
        others = [r for r in rows if r["period"] != period]
        rows = [r for r in rows if r["period"] == period]
    if not rows:
        return None
    total = sum((r["total"] or Decimal(0) for r in rows), Decimal(0))
    if len(rows) > 1 and BOTH_PERIODS.search(key):     # "连同上年结转一共": the sum
        ans.figure(ent.name + "（本年与上年结转合计）", total, q.unit, at=rows)
    parts = []
    for r in rows:
        shown = ans.figure(f"{r['name']}（{ent.get('unit')}，{r['period']}）", r["total"],
                           q.unit, at=r)
        parts.append(f"{r['period']}{shown}（{table_label(r['table_no'], r['table_title'])}，"
                     f"第{r['line']}行）")
    sentence = f"{ent.name}（{ent.get('unit')}）：" + "；".join(parts)
    if len(rows) > 1 and not BOTH_PERIODS.search(key):
        sentence += f"；两者合计{ans.figure(ent.name + '（合计）', total, q.unit, at=rows)}"
    elif len(rows) > 1:
        sentence += f"；两者合计{ctx.amt(total, q.unit)}"
    # "X项目" and "X（Y）项目" may be different units' projects: show both
    def bare(name: str) -> str:
        return re.sub(r"[（）()]", "", match_key(name))
    named = {u.item.name for u in kn.find_units(key)}
    near = [e for e in kn.entities if e.kind == "project" and e.get("unit") != ent.get("unit")
            and e.name != ent.name and bare(e.name) == bare(ent.name)
            and ent.get("unit") not in named]
    near = list({(e.name, e.get("unit")): e for e in near}.values())   # once each
    if near and not re.search(r"[（）()]", q.raw):
        # said without brackets the name is both units' project (X项目 / X（Y）项目): which?
        return clarify_projects(ctx, ans.fresh(), [ent, *near], kn)
    # "今年有多少钱": this year's figure, and the money carried over named beside it
    sentence += "".join(LEX["phrasing"]["other_period"].format(
        period=r["period"], amount=ctx.amt(r["total"], q.unit),
        where=f"{table_label(r['table_no'], r['table_title'])}，第{r['line']}行")
        for r in others if r["total"] is not None)
    sentence += "。" + mention_projects(ctx, q, kn, ans, near)
    return ctx.done(ans, "answered", sentence.rstrip("。") + "。")


def mention_projects(ctx: Context, q: Question, kn: Knowledge, ans: Answer,
                      entities: list[Entity]) -> str:
    """'另有名称相近的项目：X（单位）本年…万元' — named with their figures and offered as
    choices, so a reader who meant one of them is not left with the wrong figure."""
    seen, parts = set(), []
    for e in entities:
        if (e.name, e.get("unit")) in seen:
            continue
        seen.add((e.name, e.get("unit")))
        rows = ctx.query(ans, "project", kn, name=e.name, unit=e.get("unit"))
        label = f"{e.name}（{e.get('unit')}）"
        amounts = "，".join(f"{r['period']}{ans.figure(label, r['total'], q.unit, at=r)}"
                           for r in rows)
        parts.append(f"{e.name}（{e.get('unit')}）{amounts}")
        ans.candidates.append(Candidate(e.name, e.get("unit"), f"{e.get('unit')}{e.name}"))
    return f"另有名称相近的项目：{'；'.join(parts)}。" if parts else ""


def clarify_projects(ctx: Context, ans: Answer, ents: list[Entity], kn: Knowledge) -> Answer:
    """Which project? One choice per project, each with its unit and its amount (so the
    choice can be made from the buttons alone; the prompt does not list them again)."""
    ans.candidates = []
    for e in ents:
        rows = run(ctx.con, ctx.templates["project"], doc_id=kn.doc_id, name=e.name,
                   unit=e.get("unit")).rows
        amounts = "，".join(f"{r['period']}{ctx.amt(r['total'], '万元')}" for r in rows)
        ans.candidates.append(Candidate(e.name, e.get("unit"), f"{e.get('unit')}{e.name}",
                                        amount=amounts))
    names = "、".join(dict.fromkeys(f"“{e.name}”" for e in ents))
    return ctx.done(ans, "clarify", f"{names}有{len(ents)}个，分属不同单位或名称相近，"
                                      "请选择您要问的一个：")


def describe(ctx: Context, q: Question, key: str, kn: Knowledge, ans: Answer, *,
              word: str) -> Answer | None:
    """Find projects by words in their performance sheets (无人机 -> the project buying them)."""
    found = [(no, s) for no, s in sorted(kn.sheets.items())
             if word in match_key(s.get("text", "")) or any(word in match_key(i)
                                                            for i in s["indicators"])]
    if not found:
        return None
    ans.explain(word)               # the word is in each found project's sheet
    if not PROJECT.search(key) and any(word in match_key(p["text"]) for p in kn.paragraphs):
        return None      # the explanations say it (a project described in prose): quoted next
    if not PROJECT.search(key):
        # the amount asked for is not in the tables: no figure; point at the projects
        names = [f"{s['project']}（{s['unit']}）" for _, s in found]
        ans.candidates = [Candidate(s["project"], s["unit"], f"{s['unit']}{s['project']}")
                          for _, s in found]
        return ctx.done(ans, "no_data", f"文档没有单列“{word}”的金额；它写在以下项目的绩效"
                                          f"目标表中：{'、'.join(names)}。可以询问这些项目的预算。")
    parts = []
    for no, s in found:
        rows = ctx.query(ans, "project", kn, name=s["project"], unit=s["unit"])
        shown = []
        for r in rows:
            label = f"{r['name']}（{r['period']}）"
            shown.append(f"{r['period']}{ans.figure(label, r['total'], q.unit, at=r)}")
        amounts = "，".join(shown)
        parts.append(f"{s['project']}（{s['unit']}）{amounts}")
    return ctx.done(ans, "answered", f"绩效目标表中提到“{word}”的项目有{len(found)}个：" +
                      "；".join(parts) + "。")


def sheet_title(kn: Knowledge, info: dict[str, Any]) -> str:
    """What a project's sheet is called: its 绩效目标表, or the part of the explanations that
    describes it in prose (项目经费情况说明)."""
    at = kn.prose_at(info["title_line"])
    part = at["part"] if at and at["line"] == info["title_line"] else ""
    return f"{info['project']}（{info['unit']}）{part or '绩效目标表'}"


def _period_asked(key: str) -> str | None:
    """今年 / 本年 -> the current-year table; 上年结转 -> the carried-over one; 连同结转 /
    一共 -> both (None)."""
    if BOTH_PERIODS.search(key):
        return None
    if CARRYOVER.search(key):
        return Stored.CARRYOVER
    if CURRENT.search(key):
        return Stored.CURRENT
    return None


def _direction(key: str) -> str | None:
    """above / below by the longest filter word ("不少于" is above, "不超过" below)."""
    found = [(m.end() - m.start(), side) for side, pattern in (("above", FILTER),
                                                              ("below", FILTER_BELOW))
             for m in pattern.finditer(key)]
    return max(found)[1] if found else None


# ------------------------------------------------------------ matching (no SQL)
# Each returns the slots its intent needs, read from the question and the name index, or None
# when the question does not ask this intent (queries/intents/registry.py).


def match_unit_overview(q: Question, key: str, kn: Knowledge) -> dict | None:
    units = [u for u in kn.find_units(key) if u.item.name != kn.department]
    if not units or PROJECT.search(key):
        return None
    rest = strip_generic(key.replace(units[0].key, ""))
    if rest not in OVERVIEW_WORDS and not is_residue(rest):
        return None
    return {"unit": units[0].item.name}


def match_project_list(q: Question, key: str, kn: Knowledge) -> dict | None:
    return {} if PROJECT.search(key) else None


def match_indicator(q: Question, key: str, kn: Knowledge) -> dict | None:
    hits = kn.find(strip_generic(key), {"project"}) or \
        kn.find(PERF_WORDS.sub("", strip_generic(key)), {"project"})
    return {"hits": hits} if hits else None


def match_indicator_search(q: Question, key: str, kn: Knowledge) -> dict | None:
    probe = PERF_WORDS.sub("", strip_generic(key))
    if len(probe) < 2 or kn.find(strip_generic(key), {"project"}):
        return None              # a project is named: its own sheet answers (indicator)
    return {"probe": probe}


def match_describe(q: Question, key: str, kn: Knowledge) -> dict | None:
    if not PROJECT.search(key) and not ASKS_MONEY.search(key):
        return None
    word = DESCRIBE_TAIL.sub("", DESCRIBE_NOISE.sub("", strip_generic(key)))
    return {"word": word} if len(word) >= 2 else None


def _asks_count(key: str) -> bool:
    """几个 / 多少个 / 有几项: the question wants how many projects, not how much — nor how
    many of something else ("项目打算培训多少人" counts people, which no list of projects
    answers)."""
    measure = MEASURE.search(key)
    return bool(COUNT.search(key) or measure and measure.group(1) in _COUNT_UNITS)


_COUNT_UNITS = frozenset(LEX["measure"]["count_units"])


def _count_first(ans: Answer, key: str, n: int, label: str) -> None:
    """When the question asks how many, the count is the headline; the amounts follow."""
    if _asks_count(key):
        ans.figures.insert(0, Figure(label, n, "个"))
