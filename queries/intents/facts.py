"""Facts outside the amount tables: glossary, organisation, the department sheet, services,
assets and the narrative paragraphs."""

from __future__ import annotations

import re
from decimal import Decimal
from difflib import SequenceMatcher
from functools import lru_cache

from rapidfuzz.distance import LCSseq

from catalog.formats import Stored, format_named
from queries import word_classes, worked_back
from queries.answer import (
    AMOUNT_UNITS,
    Answer,
    Candidate,
    Figure,
    SourceRow,
    convert,
    fmt_number,
    prose_label,
)
from queries.context import Context
from queries.intents import choices
from queries.intents.execution import VERSUS
from queries.scope import said_for_department
from queries.knowledge import Entity, Knowledge
from queries.matcher import find, shared_run
from queries.normalize import Question, match_key
from queries.reading import LEXICON_WORDS, names_nothing
from queries.thresholds import (
    AS_ASKED_BONUS,
    SWAPPED_HEAD,
    SWAPPED_NAME_LEAST,
    CHANGE_TOPIC_COVER,
    CLAUSE_FIT,
    CLAUSES_TRIED,
    COUNT_TOPIC_MIN,
    ROTATED_COST,
    ROTATED_REACH,
    SECTION_COST,
    FOLLOW_LEAST,
    DATE_BONUS,
    DEPT_FACT_CUTOFF,
    FIGURE_LABEL,
    INDICATORS_LISTED,
    LEAD,
    MEASURE_BONUS,
    MIN_RUN,
    NAME_LEAST,
    NAME_RUN,
    NAMES_LISTED,
    PARAGRAPH_MIN,
    PARAGRAPH_SCORE,
    SUBJECT_BONUS,
    STATED_FIGURES,
    TERM_CUTOFF,
    TOPIC_MIN,
    WHOLE_PROJECT,
)
from queries.vocab import (
    DIRECTED_RATES,
    THRESHOLD,
    ASSET_BOUGHT,
    ASSET_BOUGHT_ITEM,
    COMPARED_WAY,
    EXACTLY,
    DESCRIPTORS,
    DIGIT,
    LEVEL_MARK,
    NAMELESS,
    described,
    BRACKETED,
    alt,
    RATE,
    SUM_WORDS,
    words_re,
    BARE_BUDGET,
    AMOUNT_KINDS,
    ASKS_FIGURE,
    ASKS_UNIT,
    DEGREE,
    MAGNITUDE,
    SECTOR_WORDS,
    ASKS_MONEY,
    ASSET,
    BUDGET_WORDS,
    BUDGET_COLUMN,
    CHANGE,
    CURRENT,
    FALL,
    RISE,
    CHANGE_AMOUNT,
    CLAUSE,
    COUNT,
    COUNT_UNIT_END,
    COUNTED,
    DATE,
    DEPT_FACT,
    DEPT_SHEET,
    DEPT_SHEET_MONEY,
    DUTY_QUALIFIERS,
    FUNCTION_CHARS,
    GLOSSARY_ASK,
    GLOSSARY_LIST,
    INDICATOR_WORD,
    LAST_YEAR_WORDS,
    LEX,
    LISTING,
    MEASURE,
    MONEY_ONLY,
    NEW,
    NUM_UNIT,
    ORG,
    ORG_OFFICES,
    ORG_UNITS,
    PEOPLE_WORDS,
    PERF,
    PURCHASE,
    REASON,
    SAME,
    SERVICES,
    SERVICES_LIST,
    SHARE,
    VEHICLE,
    WHOLE,
    explained_by_entity,
    measure_unit,
    strip_generic,
)


def glossary(ctx: Context, q: Question, key: str, kn: Knowledge, ans: Answer, *,
              term: Entity | None) -> Answer | None:
    if term is None:                                # the list of terms
        rows = ctx.query(ans, "glossary", kn, cite=False)
        for r in rows:
            ans.rows.append(SourceRow(prose_label(kn.prose_at(r["line"])), r["line"],
                             [f"{r['term']}：{r['definition']}"]))
        if COUNT.search(key) or MEASURE.search(key):
            ans.figures.append(Figure("名词解释条数", len(rows), "条"))
        return ctx.done(ans, "answered", f"名词解释共{len(rows)}条：" +
                          "、".join(r["term"] for r in rows) + "。可以问“什么是……”。")
    rows = ctx.query(ans, "glossary", kn, cite=False)
    row = next(r for r in rows if r["line"] == term.get("line"))
    ans.rows.append(SourceRow(prose_label(kn.prose_at(row["line"])), row["line"],
                              [f"{row['term']}：{row['definition']}"]))
    ans.explain(row["term"])
    return ctx.done(ans, "answered", f"{row['term']}：{row['definition']}")


def org(ctx: Context, q: Question, key: str, kn: Knowledge, ans: Answer, *,
         word: str) -> Answer | None:
    rows = ctx.query(ans, "org", kn, cite=False)
    ans.explain(word)
    if word in ORG_UNITS:
        count = next((r for r in rows if r["kind"] == Stored.ORG_COUNT), None)
        names = [r["name"] for r in rows if r["kind"] == Stored.ORG_UNIT]
        if count is None:
            return None
        ans.figures.append(Figure("所属事业单位数", count["count"], "个"))
        cite_lines(ctx, ans, kn, [count["line"]])
        return ctx.done(ans, "answered", f"{kn.department}所属事业单位{count['count']}个："
                                           f"{'、'.join(names)}。")
    if word in ORG_OFFICES:
        names = [r["name"] for r in rows if r["kind"] == Stored.ORG_OFFICE]
        if not names:
            return None
        ans.figures.append(Figure("内设机构数", len(names), "个"))
        cite_lines(ctx, ans, kn, [next(r["line"] for r in rows
                                        if r["kind"] == Stored.ORG_OFFICE)])
        return ctx.done(ans, "answered", f"{kn.department}设内设机构{len(names)}个："
                                           f"{'、'.join(names)}。")
    duties = [r for r in rows if r["kind"] == Stored.ORG_DUTY]
    rest = key.replace(word, "")
    for qualifier in DUTY_QUALIFIERS - {""}:
        rest = rest.replace(qualifier, "")
    if not duties or not names_nothing(rest):
        return None
    ans.explain(*(w for w in DUTY_QUALIFIERS if w and w in key))
    cite_lines(ctx, ans, kn, [d["line"] for d in duties])
    return ctx.done(ans, "answered", f"{kn.department}的主要职责共{len(duties)}项：\n" +
                      "\n".join(d["name"] for d in duties))


def cite_lines(ctx: Context, ans: Answer, kn: Knowledge, lines: list[int]) -> None:
    """Cite paragraphs by line: one query, however many lines (17 职责 items), each under
    the part and section the document prints it in."""
    result = ctx.run(ans, "paragraphs", kn)
    wanted = set(lines)
    ans.cite(result, [dict(r, cells=[r["text"]]) for r in result.rows if r["line"] in wanted],
             label=prose_label)


def dept_sheet(ctx: Context, q: Question, key: str, kn: Knowledge, ans: Answer) -> Answer | None:
    """部门整体绩效目标 / 部门的年度绩效指标: the department's overall sheet."""
    facts = ctx.query(ans, "dept_facts", kn, cite=False)
    goal = next((f for f in facts if f["category"] == Stored.FACT_TEXT and
                 f["key"] == "annual_goal"), None)
    indicators = ctx.query(ans, "perf_indicators", kn, cite=False, sheet_no=0)
    if goal is None and not indicators:
        return None
    where = "部门整体支出绩效目标申报表"
    parts = []
    if goal is not None:
        ans.rows.append(SourceRow(where, goal["line"], goal["cells"]))
        parts.append(f"年度绩效目标：{goal['value']}")
        ans.explain("年度绩效目标")
    if indicators:
        for r in indicators[:INDICATORS_LISTED]:
            ans.rows.append(SourceRow(where, r["line"], r["cells"]))
        listed = "；".join(f"{r['name']}：{r['value']}" for r in indicators[:INDICATORS_LISTED])
        n = len(indicators)
        more = f"等{n}项" if n > INDICATORS_LISTED else f"共{n}项"
        parts.append(f"年度绩效指标{more}：{listed}")
        ans.explain("年度绩效指标")
    if INDICATOR_WORD.search(key):
        parts.reverse()
    return ctx.done(ans, "answered", "\n".join(parts))


def services(ctx: Context, q: Question, key: str, kn: Knowledge, ans: Answer) -> Answer | None:
    """政府购买服务指导性目录: what the catalogue lists."""
    rows = ctx.query(ans, "services", kn, cite=False)
    ans.explain(SERVICES_LIST.search(key).group(0))
    if not rows:
        return None
    leaves = [r for r in rows if r["level"] == max(x["level"] for x in rows)]
    for r in leaves:
        ans.rows.append(SourceRow(f"政府购买服务指导性目录 {r['section']}".strip(),
                                  r["line"], [r["code"], r["name"]]))
    by_section: dict[str, list[str]] = {}
    for r in leaves:
        by_section.setdefault(r["section"] or "（未标明）", []).append(r["name"])
    parts = [f"{sec}（{len(names)}项）：{'、'.join(names[:NAMES_LISTED])}"
             f"{'等' if len(names) > NAMES_LISTED else ''}"
             for sec, names in by_section.items()]
    return ctx.done(ans, "answered", f"政府购买服务指导性目录列出{len(rows)}个条目，其中具体服务"
                                       f"{len(leaves)}项。" + "；".join(parts) + "。")


def dept_fact(ctx: Context, q: Question, key: str, kn: Knowledge, ans: Answer) -> Answer | None:
    ans.explains += [m.group(0) for m in DEPT_FACT.finditer(key)]
    rows = [r for r in ctx.query(ans, "dept_facts", kn, cite=False)
            if r["category"] == Stored.FACT_BASIC and r["number"] is not None]
    probe = strip_generic(key)
    if probe in PEOPLE_WORDS or (probe[:1] in FUNCTION_CHARS and probe[1:] in PEOPLE_WORDS):
        probe = "在职人员总数"          # "有多少人": the people actually employed
    elif len(probe) > 2:
        probe = COUNT_UNIT_END.sub("", probe)      # "编制多少人" asks about 编制
    hits = find(probe, [match_key(r["key"]) for r in rows], rows, cutoff=DEPT_FACT_CUTOFF)
    if not hits:
        return None
    r = hits[0].item
    ans.figures.append(Figure(r["key"], int(r["number"]), r["unit"]))
    ans.rows.append(SourceRow("部门整体支出绩效目标申报表", r["line"], r["cells"]))
    return ctx.done(ans, "answered", f"{r['key']}：{r['value']}（部门整体支出绩效目标申报表，"
                                       f"第{r['line']}行）。")


def assets(ctx: Context, q: Question, key: str, kn: Knowledge, ans: Answer) -> Answer | None:
    counted = COUNTED.search(key)                                    # counts
    rows = ctx.query(ans, "assets", kn, cite=False)
    if not rows:
        return None
    dept = match_key(kn.department)
    items = [match_key(r["item"]).replace(dept, "") for r in rows]
    # an item the question quotes verbatim ("实有") first, then the most characters matched,
    # then document order (the total before its parts)
    # words, not digits, say which item ("共有车辆" vs "2025年…购置车辆"); a date the
    # question gives ("截至2024年8月31日") picks the sentence that states it
    words = described(DIGIT.sub("", key))
    bought = bool(ASSET_BOUGHT.search(q.key))         # (in the asker's own words)
    date = DATE.search(key)
    stated = _DATE_ONLY.search(date.group(0)).group(0) if date else None
    # an amount the question states ("100万元以上") picks the item stating the same amount
    amounts = set(_AMOUNT.findall(key))
    scored = [(bool(it) and it in key,
               LCSseq.similarity(words, DIGIT.sub("", it)) +
               (_DATE_BONUS if stated and stated in rows[i]["text"] else 0) +
               (_DATE_BONUS if amounts & set(_AMOUNT.findall(it)) else 0), -i)
              for i, it in enumerate(items) if bought or not ASSET_BOUGHT_ITEM.search(it)]
    if not scored:
        return None
    verbatim, best, neg_i = max(scored)
    if best < 2 and not verbatim:
        if not (counted and VEHICLE.search(key)):
            return None
        first = next((i for i, r in enumerate(rows) if VEHICLE.fullmatch(r["unit"] or "") and
                      (bought or not ASSET_BOUGHT_ITEM.search(items[i]))), None)
        if first is None:
            return None
        neg_i = -first               # "有几辆车": the fleet's first (total) figure
    r = rows[-neg_i]
    # (the asset words the stated clause says, and a count in its measure: "办公用房有多少
    # 平方米" is no clause about 车辆)
    said, vehicles = match_key(r["text"]), bool(VEHICLE.fullmatch(r["unit"] or ""))
    of_unit = {w for u, ws in _ASSET_UNIT_WORDS.items() if u in (r["unit"] or "") for w in ws}
    ans.explains += [w.group(0) for p in (ASSET, COUNTED, VEHICLE) for w in p.finditer(key)
                     if match_key(w.group(0)) in said or (p is VEHICLE and vehicles) or
                     w.group(0) in of_unit or (r["unit"] and w.group(0)[-1] in r["unit"])]
    item = r["item"].replace(kn.department, "")
    clauses = [f"{item}{fmt_number(r['number'], '')}{r['unit']}"]
    ans.figures.append(Figure(r["item"].replace(kn.department, ""),
                              int(r["number"]) if r["number"] == int(r["number"])
                              else float(r["number"]), r["unit"]))
    ans.rows.append(SourceRow("国有资产占有使用情况", r["line"], [r["text"]]))
    ans.explain(r["text"])            # the figure is quoted with its whole clause
    return ctx.done(ans, "answered", "；".join(clauses) + f"。原文：{r['text']}")


def narrative(ctx: Context, q: Question, key: str, kn: Knowledge, ans: Answer, *,
               change: bool, reason: bool, purchase: bool) -> Answer | None:
    """比上年/为什么/新增/政府采购: answered from the paragraph that says it, quoted — a change
    asked one way and stated the other ("因公出国费少了多少" of one that rose) is answered by the
    change stated, its label saying which way, never with "the document states no change"."""
    found = _narrative(ctx, q, key, kn, ans.fresh(), change=change, reason=reason,
                       purchase=purchase)
    if change and not reason and not purchase and _way_asked(key) is not None and \
            (found is None or found.status == "no_data"):
        other = _narrative(ctx, q, key, kn, ans.fresh(), change=change, reason=reason,
                           purchase=purchase, any_way=True)
        if other is not None and other.status == "answered" and other.figures and \
                _way_asked(str(other.figures[0].get("label", ""))) not in (None, _way_asked(key)):
            return other
    return found


def _narrative(ctx: Context, q: Question, key: str, kn: Knowledge, ans: Answer, *,
               change: bool, reason: bool, purchase: bool, any_way: bool = False
               ) -> Answer | None:
    if _POINTS.search(key) and _SHARE_ASKED.search(key):
        return None            # a share's change in 百分点: never a growth rate quoted
    topic = strip_generic(REASON.sub("", EXACTLY.sub("", COMPARED_WAY.sub("", key))))
    topic_core = SUM_SAID.sub("", LAST_YEAR_WORDS.sub("", SAME.sub("", CHANGE.sub("", topic))))
    # the department said by its kind (法院…), the direction asked (多了) and this year are
    # no part of what changed
    for word in sorted(said_for_department(kn.department, topic_core), key=len, reverse=True):
        if not any(word in name for name in kn.names_said(topic_core)):
            topic_core = topic_core.replace(word, "")
    topic_core = RATE.sub("", RISE.sub("", FALL.sub("", CURRENT.sub("", ASKS_FIGURE.sub(
        "", DEGREE.sub("", MAGNITUDE.sub("", SECTOR_WORDS.sub("", ASKS_UNIT.sub(
            "", topic_core))))))))).rstrip(
        "".join(DIRECTION_CHARS) + "".join(FUNCTION_CHARS) + _UNIT_CHARS) or topic_core
    # (nor the words that only point or join: "涨了那么多")
    topic_core = word_classes.without_class_words(
        topic_core, [*kn.names_said(topic_core), *_LEXICON_WORDS], ("function",)) or topic_core
    # (a direction left at the end once a particle after it has gone: "多了多少嘞")
    topic_core = topic_core.rstrip("".join(DIRECTION_CHARS)) or topic_core
    named = kn.names_said(topic_core)
    if not named and kn.names_said(NAMELESS.sub("", topic_core)):
        # "委员下去视察": a name said with a word between that only says how (下去)
        topic_core = NAMELESS.sub("", topic_core)
        named = kn.names_said(topic_core)
    totals = bool(named) and all(kn.is_total(n) for n in named)
    if change and (not _names_something(topic_core) or totals):
        # "今年比去年少了多少钱": nothing named but the money itself — the whole budget, whose
        # change the explanations state first (收支预算总体情况)
        total = next((p for p in kn.paragraphs if p["kind"] == "paragraph" and
                      TOTAL_TOPIC in p["text"] and CHANGE.search(match_key(p["text"]))), None)
        if total is None:
            return None
        ans.explain(topic_core)
        return quote(ctx, q, key, kn, ans, total, TOTAL_TOPIC, True, reason)
    if reason and not NAMELESS.sub("", topic_core):
        return None            # a bare "为啥" asks the reason of nothing said: not the first one
    best, best_score = None, 0.0
    subjects = named or [topic_core]
    asked_way = None if any_way else _way_asked(key)
    for p in kn.paragraphs:
        if p["kind"] != "paragraph" or len(p["text"]) < PARAGRAPH_MIN:
            continue
        text = match_key(p["text"])
        if change and not (CHANGE.search(text) or SAME.search(text)) and not reason:
            continue
        section = match_key((p["section"] or "") + (p["subsection"] or ""))
        if reason and not (REASON.search(text) or REASON.search(section)):
            continue           # a reason is quoted from where the document gives one
        if not (reason or change) and ASKS_MONEY.search(key) and \
                not NUM_UNIT.search(p["text"]) and \
                _names_something(SUM_SAID.sub("", _beyond(topic_core, section))):
            continue           # "政府采购里买东西花多少": a part of the section's whole is stated
            # with an amount ("反映…情况" states none)
        score = 3 * LCSseq.similarity(topic_core, section) + \
            LCSseq.similarity(topic_core, text)
        if purchase and PURCHASE.search(section):
            score += 10
        if reason and (REASON.search(text) or REASON.search(section)):
            score += 5
        if NEW.search(key) and NEW.search(text):
            score += 5
        if change and _subject_of(subjects, p, kn):
            score += SUBJECT_BONUS
        if reason and len(topic_core) >= NAME_LEAST and topic_core in section + text:
            score += SUBJECT_BONUS      # "项目经费怎么少了": the paragraph that says 项目经费
        if asked_way is not None:
            # "为什么会少": a paragraph whose change goes the way asked, not one that went the
            # other way (one that says it stayed the same answers "省下多少" truthfully: none)
            # (but a paragraph saying it stayed the same gives no reason why it moved)
            score += SUBJECT_BONUS if asked_way.search(text) else \
                0 if SAME.search(text) and not reason else -SUBJECT_BONUS
        if score > best_score:
            best, best_score = p, score
    said_whole = [n for n in named if kn.names_an_amount(n)]
    if (reason or change) and not purchase and said_whole and best is not None and \
            not _subject_of(said_whole, best, kn):
        # the best-scored paragraph is about another item: the one whose subject is the item
        # asked, stating what was asked (its reason, or its change), is the one quoted
        own = [p for p in kn.paragraphs if p["kind"] == "paragraph" and find_said(
            match_key(LEVEL_MARK.sub("", _opening(p["text"]))), said_whole[0]) >= 0]
        stating = [p for p in own if (REASON if reason else CHANGE).search(match_key(p["text"]))
                   or SAME.search(match_key(p["text"]))]
        # (stating what was asked the way asked; else, for a change, the way it went — "基本
        # 支出少了多少" of one that rose is answered by its rise, its label saying 增加, never
        # with "the document states no change")
        best = next((p for p in stating if asked_way is None or
                     asked_way.search(match_key(p["text"])) or
                     SAME.search(match_key(p["text"]))), None) or \
            (stating[0] if stating and change and not reason else best)
    # a change question must find its topic in the paragraph ("项目支出比去年…" is not
    # answered by the paragraph about 一般公共预算)
    covered = best is not None and (not change or reason or purchase or LCSseq.similarity(
        topic_core, match_key((best["section"] or "") + best["text"]))
        >= CHANGE_TOPIC_COVER * len(topic_core))
    if reason and not purchase and said_whole and (best is None or not _subject_of(
            said_whole, best, kn)):
        parts = _reasons_of_parts(kn, said_whole[0], asked_way)
        if parts:
            # "三公经费为什么少了": its paragraph lists its parts (其中：), each with its reason
            for p in parts:
                ans.rows.append(SourceRow(prose_label(p), p["line"], [p["text"]]))
            ans.explain(said_whole[0], *REASON.findall(key))
            return ctx.done(ans, "answered", "".join(p["text"] for p in parts) + _where(parts[0]))
    if (reason or change) and not purchase and best is not None and said_whole and \
            not _subject_of(said_whole, best, kn) and not NEW.search(key):
        ans.candidates = [Candidate(said_whole[0], "", said_whole[0])]
        if change:
            return ctx.done(ans, "no_data", f"文档的文字说明中没有“{said_whole[0]}”与上年的比较，"
                                              "可以问它的金额。")
        # "退休费为什么少了": the reasons the explanations give are about other items
        return ctx.done(ans, "no_data", f"文档的文字说明中没有写“{said_whole[0]}”变动的原因，"
                                          "可以问它的金额。")
    if best is None or best_score < PARAGRAPH_SCORE or not covered:
        if change and topic_core and not purchase:
            # asked how X changed, and no paragraph talks about X: say so, no figure
            return ctx.done(ans, "no_data", f"文档的文字说明中没有“{topic_core}”与上年的比较。"
                                              "可以问：预算收入比上年减少多少、一般公共预算当年支出"
                                              "比上年增加多少、机关运行经费增加了多少、三公经费为什么没变。")
        return None
    ans.explain(*SUM_SAID.findall(key))      # "合起来": what changed is the whole
    # (what changed is the one item named, when one is: never the words said around it —
    # "我看住房方面的开支涨得很厉害")
    # (a stray character left beside it is no name: "看住房保障支出")
    core = named[0] if len(named) == 1 and kn.names_an_amount(named[0]) and len(NAMELESS.sub(
        "", strip_generic(topic_core.replace(named[0], "")))) < NAME_LEAST else topic_core
    return quote(ctx, q, key, kn, ans, best, topic, bool(change), bool(reason), core)


def _reasons_of_parts(kn: Knowledge, name: str, asked_way: re.Pattern[str] | None
                      ) -> list[dict]:
    """An item's paragraph that names it first and leaves its reason to its parts (“其中：”,
    “具体情况如下：”): the paragraph and the parts that changed the way it did (or the way
    asked) with their reasons — or none."""
    paragraphs = [p for p in kn.paragraphs if p["kind"] == "paragraph"]
    for i, p in enumerate(paragraphs):
        text = match_key(p["text"])
        opening = match_key(re.split(r"[，。：；,]", p["text"])[0])
        if name not in opening or REASON.search(text) or \
                not text.endswith(tuple(LEX["triggers"]["parts_follow"])):
            continue
        way = FALL if FALL.search(text) else RISE if RISE.search(text) else asked_way
        if way is None:
            return []
        parts = [q for q in paragraphs[i + 1:i + 1 + PARTS_MOST]
                 if q.get("section") == p.get("section") and way.search(q["text"]) and
                 REASON.search(q["text"])]
        return [p, *parts] if parts else []
    return []


def _figure_follows(topic: str, clause_key: str) -> bool:
    """A figure of the clause comes after where it says the longest part of the topic: a
    figure states what was said before it ("…系统日常维护费等支出。支出决算为N万元" is not
    the money of a project the clause names afterwards as a reason)."""
    m = SequenceMatcher(None, clause_key, topic, autojunk=False).find_longest_match()
    if m.size < FOLLOW_LEAST:
        return True
    # (a count is said before what it counts: "下属5家预算单位"; only amounts are checked)
    return any(n.start() > m.a for n in NUM_UNIT.finditer(clause_key))


_WHICH = words_re(LEX["ranking"]["which"])
_OF = LEX["operations"]["of"]
_SHARE_MARK = LEX["operations"]["share_marker"]
_SCOPE_MARKERS = sorted(LEX["operations"]["scope_markers"], key=len, reverse=True)
# the time words a question may say (上年, 去年 …): never cut into by a class word
_TIME_WORDS = sorted({w for words in LEX["time"].values() if isinstance(words, list)
                      for w in words if isinstance(w, str)}, key=len, reverse=True)
_WHOLE_SAID = words_re(LEX["triggers"]["total_suffix"])
REASONS_FOLLOW = words_re(LEX["triggers"]["reasons_follow"])
# the words the lexicon gives a rule of its own (百分之几): never cut into by a class word
_LEXICON_WORDS = [*_TIME_WORDS, *(w for w, kind in LEXICON_WORDS if kind != "function")]
USED_FOR = words_re(LEX["purpose"]["stated"])


def _way_asked(key: str) -> re.Pattern[str] | None:
    """The direction a change question asks about (减少 / 少了 / 会少 …), or None."""
    plain = DEGREE.sub("", key).replace(_HOW_MUCH, "")
    if FALL.search(plain) or LEX["triggers"]["fall_char"] in plain:
        return FALL
    if RISE.search(plain) or LEX["triggers"]["rise_char"] in plain:
        return RISE
    return None


_HOW_MUCH = LEX["triggers"]["rise_char"] + LEX["triggers"]["fall_char"]      # 多少 asks


def find_said(text: str, name: str) -> int:
    """Where `text` says `name` — as printed, or with its words in another order where the
    explanations misprint it ("一般行政事务管理" for the tables' 一般行政管理事务: the same
    characters, the same first word, SWAPPED_NAME_LEAST or more) — or -1."""
    at = text.find(name)
    if at >= 0 or len(name) < SWAPPED_NAME_LEAST:
        return at
    chars, head = sorted(name), name[:SWAPPED_HEAD]
    at = text.find(head)
    while at >= 0:
        if sorted(text[at:at + len(name)]) == chars:
            return at
        at = text.find(head, at + 1)
    return -1


def _subject_of(names: list[str], p: dict, kn: Knowledge) -> bool:
    """The paragraph is about a name the question says: its section says it, its opening
    sentence says it, or a sentence says it before a change ("住房改革支出（款）提租补贴（项）
    N 万元，与上年相比增加…") with no other name between — never only inside what
    something else's money is used for or a reason ("…主要用于发放单位职工提租补贴…",
    "主要原因是…提租补贴等…")."""
    section = match_key((p.get("section") or "") + (p.get("subsection") or ""))
    text = LEVEL_MARK.sub("", p["text"])       # "住房保障（类）支出" says 住房保障支出
    opening = match_key(re.split(r"[。；]", text)[0])
    others = [n for n in kn.names_said(opening) if kn.names_an_amount(n) and
              not any(n in m or m in n for m in names)]
    # (a section about several items: a paragraph that opens with another one is its own —
    # and a section whose title names several says nothing of which one a paragraph is about)
    titled = {n for n in kn.names_said(section) if kn.names_an_amount(n)}
    if not others and len(titled) <= 1 and \
            any(len(n) >= NAME_LEAST and n in section for n in names):
        return True
    # (a name said without its bracket — 因公出国费 — as printed with it: 因公出国（境）费)
    for said in dict.fromkeys((text, BRACKETED.sub("", text))):
        for i, sentence in enumerate(map(match_key, re.split(r"[。；]", said))):
            for name in names:
                at = find_said(sentence, name) if len(name) >= NAME_LEAST else -1
                if at < 0 or REASON.search(sentence[:at]) or USED_FOR.search(sentence[:at]):
                    continue
                if i == 0:
                    return True           # the paragraph opens with it
                moved = CHANGE_AMOUNT.search(sentence, at + len(name)) or \
                    SAME.search(sentence, at + len(name))
                if moved and not kn.names_said(sentence[at + len(name):moved.start()]):
                    return True
    return False


_SENTENCE_ENDS = "。；;"
# (… or its rate, after its direction: "项目支出少了百分之几")
_MOVED_ALONE = words_re(LEX["triggers"]["moved_alone"] + DIRECTED_RATES)
_ASSET_UNIT_WORDS: dict[str, list[str]] = dict(LEX["triggers"]["asset_unit_words"])
_UNIT_CHARS = "".join(w for w in LEX["numbers"]["multipliers"] if len(w) == 1)
# (比 said as a comparison, never inside 占比 / 对比)
_THAN = re.compile(rf"(?<![占对]){re.escape(LEX['operations']['than'])}")
_POINTS = words_re(LEX["triggers"]["points"])
_SHARE_ASKED = words_re(LEX["triggers"]["share"] + [LEX["operations"]["share_marker"]])


def _said_after_the_change(topic: str, said: str) -> bool:
    """The longest run of the topic a clause window says (two characters at least) comes only
    after the change it states: that change is of what was said before it."""
    moved = CHANGE.search(said) or SAME.search(said)
    if moved is None or len(topic) < NAME_LEAST:
        return False
    run = SequenceMatcher(None, topic, said, autojunk=False).find_longest_match(
        0, len(topic), 0, len(said))
    return run.size >= NAME_LEAST and run.b > moved.start()


def _names_something(topic: str) -> bool:
    """What is left of a change question once this year, the direction and the question's
    own words are taken out names an item ("三公经费"), not only the money ("今年少")."""
    rest = RATE.sub("", FALL.sub("", RISE.sub("", CURRENT.sub("", topic))))
    rest = NAMELESS.sub("", rest)
    rest = "".join(ch for ch in rest if ch not in DIRECTION_CHARS and ch not in FUNCTION_CHARS)
    return bool(rest) and rest not in BARE_BUDGET


def _change_following(text: str, core: str) -> str:
    """The sentence naming `core` (and no change) with the next one when that one opens with
    the change ("与上年相比增加…", no amount or name before it), or ""."""
    if not core:
        return ""
    sentences = [s for s in re.split(r"(?<=[。；])", text) if s.strip()]
    for said, after in zip(sentences, sentences[1:]):
        moved = CHANGE_AMOUNT.search(after)
        said_key = match_key(LEVEL_MARK.sub("", said))
        at = find_said(said_key, core)
        # (the sentence's subject: before its first amount, never in what it is used for
        # or a reason — "…主要用于人员支出" is not 人员支出's change)
        first = NUM_UNIT.search(said_key)
        if at < 0 or (first and first.start() < at) or USED_FOR.search(said_key[:at]) or \
                REASON.search(said_key[:at]):
            continue
        if not CHANGE.search(said) and moved and not NUM_UNIT.search(after[:moved.start()]):
            return said + after
    return ""


def _beyond(topic: str, section: str) -> str:
    """What the topic says beyond the words of the section it is asked in ("政府采购里买服务"
    in 政府采购支出预算情况说明: 里买服务)."""
    return "".join(ch for i, ch in enumerate(topic)
                   if not (i > 0 and topic[i - 1:i + 1] in section) and
                   not (i + 1 < len(topic) and topic[i:i + 2] in section))


def quote(ctx: Context, q: Question, key: str, kn: Knowledge, ans: Answer, best: dict,
           topic: str, change: bool, reason: bool, core: str = "") -> Answer | None:
    """Answer with the clause (or sentence) of a paragraph that fits the question."""
    worked = None                    # a rate worked back from the sentence (worked_back.rate)
    if reason:
        # the sentence stating the change and the one giving the reason, once each (the
        # whole paragraph is in the source excerpt)
        sentences = [s for s in re.split(r"(?<=[。；])", best["text"]) if s.strip()]
        picked = [s for s in sentences if CHANGE.search(s) or SAME.search(s)][:1]
        if picked and sentences.index(picked[0]) > 0:
            # "X预算为N万元。与上年相比增加…": a change said without its level is the change
            # of the sentence before it, quoted with it
            first = picked[0]
            moved, level = CHANGE.search(first), NUM_UNIT.search(first)
            before = sentences[sentences.index(first) - 1]
            if moved and level and level.start() > moved.start() and NUM_UNIT.search(before) \
                    and not kn.names_said(match_key(first[:moved.start()])):
                picked.insert(0, before)
        picked += [s for s in sentences if REASON.search(s) and s not in picked][:1]
        if picked and REASONS_FOLLOW.search(picked[-1]) and \
                not NUM_UNIT.search(picked[-1]) and REASON.search(picked[-1]) and \
                sentences.index(picked[-1]) + 1 < len(sentences):
            # "主要是由以下因素…。一是…": the reasons it announces, with it
            picked.append(sentences[sentences.index(picked[-1]) + 1])
        sentence = "".join(picked or sentences[:1])
    elif NEW.search(key):
        # "本年新增A、B、C等": the whole sentence, not one clause of its list
        sentence = max(re.split(r"[。；]", best["text"]),
                       key=lambda c: (bool(NEW.search(c)),
                                      LCSseq.similarity(topic, match_key(c))))
    else:
        # a change question wants the clause that states the change (比上年增加…/相同);
        # windows of one or two clauses: "<某项>X万元，与上年预算数相同"
        windows = _windows(best["text"], 2)
        if ASKS_MONEY.search(key) and not change:     # (a figure asked: a clause stating one)
            windows = [w for w in windows if NUM_UNIT.search(w)] or windows
        windows = [w for w in windows if not _of_the_rest(best["text"], w, key)]
        if not windows:
            return None

        pairs = {topic[i:i + 2] for i in range(len(topic) - 1)}
        # the words the section title does not already say pick the clause ("政府采购里
        # 服务": 服务, not the 政府采购 total every clause of that section repeats)
        section = match_key((best["section"] or "") + (best["subsection"] or ""))
        own = set() if change else {p for p in pairs if p not in section}
        # …or the document's word for what the question describes ("买东西": 货物; never
        # what follows a figure asked, "多少钱的东西": the worth of whatever is bought)
        raw = match_key(q.text)
        own |= set() if change else {f for w, fs in DESCRIPTORS.items() if w in topic and
                                     not _said_after_of(raw, w)
                                     for f in fs if f not in section}

        # (and what the question says beyond the section's words is what is compared: "政府
        # 采购里买服务" against 拟购买服务支出, not the clause before it that says 采购 too)
        rest = topic if change else _beyond(topic, section)
        # "少了多少钱" wants the amount of the change, "下降了百分之几" its rate
        # (both when both are asked: "增加了多少、百分之几")
        both = bool(RATE.search(key)) and len(ASKS_FIGURE.findall(key)) > 1
        wanted = {"%", *AMOUNT_UNITS} if both else {"%"} if RATE.search(key) else AMOUNT_UNITS

        def fit(c: str) -> tuple[int, int]:
            bonus = 10 if change and (CHANGE.search(c) or SAME.search(c)) else 0
            if SUM_WORDS.search(key) and _WHOLE_SAID.search(c):
                bonus += 5           # "政府采购总共多少": the clause that states the 总额
            if (SUM_WORDS.search(key) or not change) and c == windows[0] and not any(
                    p in match_key(w) for w in windows for p in own):
                bonus += 5           # …or the one that opens the paragraph, before its parts
                # (a question naming none of the parts asks the whole: 政府采购今年多少钱)
            stated = {m.group(2) in AMOUNT_UNITS for m in CHANGE_AMOUNT.finditer(c)
                      if m.group(2) in wanted}
            if change and stated:
                bonus += 5 * len(stated)
            if change and RATE.search(key) and \
                    len({m.group(2) == "%" for m in CHANGE_AMOUNT.finditer(c)}) == 2:
                bonus += 1           # a rate asked: with the amount its clause states beside it
            if RATE.search(key) and "%" not in c:
                bonus -= 20          # a rate asked: only a clause that states one
            said = match_key(c)
            if change and (_said_after_the_change(rest, said) or
                           not reason and REASON.search(said)):
                bonus = min(bonus, 0)   # "…增加N万元；政府性基金…0万元": the change is another's
                # (and a reason's "支出增加" states no change asked; a penalty stays)
            if change and len(core) >= NAME_LEAST and shared_run(rest, said) >= len(core) and \
                    (CHANGE_AMOUNT.search(c) or SAME.search(said)):
                bonus += AS_ASKED_BONUS  # said as asked (公务用车运行费, not 公务用车购置及运行费)
            words = sum(p in said for p in pairs if change or p not in section) + \
                2 * sum(p in said for p in own)
            return LCSseq.similarity(rest, said) + words + bonus, -len(c)
        if not change and any(not kn.is_total(n) and not any(
                n in match_key(LEVEL_MARK.sub("", w)) for w in windows)
                for n in kn.names_said(rest)):
            return None     # "政府采购的家具用具": the paragraph says nothing of what is asked
        # "X（类）支出N万元，主要用于…。与上年相比增加…": the change the sentence after the
        # one naming the item states, quoted with it
        sentence = (change and _change_following(best["text"], core)) or max(windows, key=fit)
        if change and _names_another(kn, topic, sentence):
            return None              # "三公经费…少了多少" is not 因公出国（境）费's change
        if change:
            sentence = _with_subject_before(best["text"], _with_rate_after(best["text"], sentence),
                                            core)
        if RATE.search(key) and "%" not in sentence and not SAME.search(sentence):
            # a rate the paragraph does not state: worked back from this year's amount and
            # the change the sentence states, or none
            worked = worked_back.rate(sentence, core or topic) if change else None
            if worked is None:
                return None
    if not reason and not RATE.search(key) and ASKS_MONEY.search(key) and not any(
            u in AMOUNT_UNITS for _, u in NUM_UNIT.findall(sentence)):
        return None                  # "花多少" is answered by an amount, not a heading
    best = ctx.query(ans, "paragraph", kn, cite=False, line=best["line"])[0]
    ans.explains += [best["section"] or "", best["subsection"] or ""]
    if reason:
        # the paragraph's opening sentence names what the reason is about ("…信息化建设
        # （项）。…决算数小于预算数的主要原因：…"); the reason is asked however said (缘故)
        ans.explain(_opening(best["text"]), *REASON.findall(key))
    ans.rows.append(SourceRow(prose_label(best), best["line"],
                     [best["text"]]))
    if change:
        # a change question headlines the change the sentence states, not the level
        # the change stated after what was asked ("…项目经费支出安排减少 N 万元" in a
        # sentence that opens with the total's change), else the sentence's first
        moved = next((m for m in CHANGE_AMOUNT.finditer(sentence)
                      if core and core in match_key(sentence[:m.start()]) and
                      core not in match_key(sentence[:CHANGE_AMOUNT.search(sentence).start()])),
                     None) or CHANGE_AMOUNT.search(sentence)
        if moved:
            # the label says the direction the sentence states (比上年减少 …), as printed
            ans.figures.append(Figure(_change_label(sentence, moved),
                                      float(moved.group(1).replace(",", "")), moved.group(2)))
            rate = CHANGE_AMOUNT.search(sentence, moved.end())
            if rate and rate.group(2) == "%":
                ans.figures.append(Figure(_change_label(sentence, rate),
                                          float(rate.group(1).replace(",", "")), "%"))
            rate_at, ask_at = RATE.search(key), ASKS_FIGURE.search(key)
            if rate_at and (ask_at is None or ask_at.start() >= rate_at.start()):
                # "增长了百分之几" asks the rate: it leads (not after "多了多少、涨了几个
                # 百分点": the amount asked first)
                ans.figures.sort(key=lambda f: f["unit"] != "%")
        elif SAME.search(sentence):
            ans.figures.append(Figure(f"与上年{LEX['triggers']['same'][0]}", 0.0, "万元"))
            level = worked_back.level_and_change(sentence)
            if level is not None and ASKS_FIGURE.search(SAME.sub("", key)) and not (
                    RISE.search(key) or FALL.search(key) or CHANGE.search(SAME.sub("", key))):
                # ("公务用车运行费多少，跟去年一样吗": its amount leads, not a change of nothing)
                ans.figures.insert(0, Figure(LEX["worked_back"]["this_year"], float(level.level),
                                             level.unit))
    if not reason and not (change and ans.figures):
        # (a change question headlines the change; the level beside it is in the sentence)
        said = {(f["value"], f["unit"]) for f in ans.figures}
        ans.figures += [f for f in _stated_figures(sentence, key)
                        if (f["value"], f["unit"]) not in said]
    if reason and not ans.figures and ASKS_FIGURE.search(key):
        return None                  # "…花多少？为什么？": a reason alone leaves the figure out
    ans.explain(sentence)             # the quoted sentence is what the answer states
    if worked is not None:
        ans.figures.insert(0, worked[0])
        return ctx.done(ans, "answered", f"{sentence.strip()}{_where(best)}{worked[1]}")
    return ctx.done(ans, "answered", f"{sentence.strip()}{_where(best)}")


def narrative_fact(ctx: Context, q: Question, key: str, kn: Knowledge, ans: Answer, *,
                    topic: str) -> Answer | None:
    """The last resort before "not found": a clause of the explanations that states what
    the question names (绩效目标管理的项目有几个, 涉及资金多少 …), quoted with its line."""
    found = _narrative_fact(ctx, q, key, kn, ans, topic=topic)
    # …and without the words that only say whom or what an item is for ("办公用的公用经费":
    # the gate still asks the answer to explain them)
    plain = described(topic, drop_several=True)
    if found is None and plain != topic and len(plain) >= TOPIC_MIN:
        found = _narrative_fact(ctx, q, key, kn, ans, topic=plain)
    # …and without the document's own year ("人员经费今年多少")
    this_year = CURRENT.sub("", topic)
    if found is None and this_year != topic and len(this_year) >= TOPIC_MIN:
        found = _narrative_fact(ctx, q, key, kn, ans, topic=this_year)
    counted = NAMELESS.sub("", topic)
    if found is None and COUNT.search(key) and counted != topic and len(counted) >= NAME_LEAST:
        # …and without the lexicon's own words that only ask or point ("下属几个处室": 处室,
        # a short topic stated only where a count stands by it)
        found = _narrative_fact(ctx, q, key, kn, ans, topic=counted)
    inside = _INSIDE.search(topic)
    container, within = (topic[:inside.start()], topic[inside.end():]) if inside else ("", "")
    said_inside = _INSIDE.search(key)
    if not inside and said_inside and topic.startswith(strip_generic(key[:said_inside.start()])):
        # (the topic may have lost the word: 里面 is one the lexicon reads as pointing)
        container = strip_generic(key[:said_inside.start()])
        within = topic[len(container):]
    if found is None and len(container) >= NAME_LEAST and len(within) >= TOPIC_MIN:
        # "基本支出里人员经费": what is inside, from a clause or section that says the
        # container too (财政拨款基本支出预算情况说明: （一）人员经费N万元)
        trial = _narrative_fact(ctx, q, key, kn, ans.fresh(), topic=within)
        bare = described(within, drop_several=True)
        if trial is None and bare != within and len(bare) >= TOPIC_MIN:
            trial = _narrative_fact(ctx, q, key, kn, ans.fresh(), topic=bare)   # "发给人的…"
        said = "".join(match_key(x) for x in [*trial.explains, *(r.table for r in trial.rows)]
                       ) if trial is not None else ""
        if trial is not None and container in said:
            found = trial
    if found is not None and q.amounts_wan and THRESHOLD.search(key) and \
            not _says_the_threshold(found.answer, q.amounts_wan):
        return None      # "100万以上设备有多少": never the count above another amount (20万)
    return found


_YUAN, _WAN = LEX["numbers"]["money"][0], LEX["numbers"]["money"][1]


def _says_the_threshold(text: str, amounts: list[Decimal]) -> bool:
    """The quoted clause says one of the amounts the question sets as a threshold (in 万 or
    in 元)."""
    said = re.sub(r"[\s,]", "", text)
    return any(f"{convert(a, _WAN, unit)[0].normalize():f}{unit[0]}" in said
               for a in amounts for unit in (_WAN, _YUAN))


def _narrative_fact(ctx: Context, q: Question, key: str, kn: Knowledge, ans: Answer, *,
                    topic: str) -> Answer | None:
    anaphors = format_named(kn.format).anaphors
    fitted: list[tuple[tuple[float, bool], int, dict, str, str]] = []
    said = kn.names_said(topic)
    # "几家": a clause counting in the measure the question says is preferred (5家 over 3个)
    measure = measure_unit(key)
    money = not measure and MONEY_ONLY.search(key)
    for p in kn.paragraphs:
        if not _states_something(p):
            continue
        opening = _opening(p["text"])
        windows = _windows(p["text"], 4)
        for clause in windows:
            if not NUM_UNIT.search(clause) or \
                    _STATED_APART.search(clause) and not LEVEL_MARK.search(clause):
                continue
            # "本工程…" stands for what the paragraph's opening sentence names: that name
            # may come from there, what is asked of it must be in the clause itself
            lead = _named_in(topic, opening) if any(a in clause for a in anaphors) else ""
            # (what is asked without the words that only ask: 那个, 多大)
            asked = strip_generic(topic.replace(lead, "")) if lead else topic
            if lead and LCSseq.similarity(asked, match_key(clause)) < CLAUSE_FIT * len(asked):
                continue
            # (the section the clause is printed under may say what the question puts
            # first: "基本支出里人员经费" — "财政拨款基本支出…说明: （一）人员经费…")
            # (only when the section says one name of the question and the clause another)
            section = match_key(p["section"] or "")
            framed = any(n in section for n in said) and \
                any(n in match_key(clause) and n not in section for n in said)
            fit = (max(_fit_any_order(topic, match_key(lead + clause)),
                       _fit_any_order(topic, section + match_key(lead + clause)) - SECTION_COST
                       if framed else 0.0),
                   bool(measure) and any(u == measure for _, u in NUM_UNIT.findall(clause)) or
                   # (…and "多少钱" one stating an amount: "…共N个，涉及资金N万元")
                   bool(money) and any(u in AMOUNT_UNITS for _, u in NUM_UNIT.findall(clause)))
            if fit[0] >= CLAUSE_FIT and (len(topic) >= TOPIC_MIN or
                                         _adjoins_count(topic, match_key(clause))):
                fitted.append((fit, -len(clause), p, clause, lead))
    # the best fitting clause that states what was asked (a clause that fits as well but
    # states another item's figure gives way to the next: "基本支出中的日常公用经费" is the
    # 机关运行经费's definition, "（二）公用经费…" the figure)
    fitted.sort(key=lambda f: f[:2], reverse=True)
    # (every window of the first few paragraphs: "…项目共N个" and, wider, "…，涉及资金N万元")
    paragraphs: set[int] = set()
    for _, _, p, clause, lead in fitted:
        paragraphs.add(id(p))
        if len(paragraphs) > CLAUSES_TRIED:
            break
        figures, further = _states(kn, key, topic, said, p, clause, lead)
        if not figures and not further:
            break
        if figures:
            if lead:
                ans.explain(lead)
            row = ctx.query(ans, "paragraph", kn, cite=False, line=p["line"])[0]
            ans.rows.append(SourceRow(prose_label(row), row["line"], [row["text"]]))
            ans.figures += figures
            ans.explain(clause)               # the quoted clause is what the answer states
            return ctx.done(ans, "answered", f"{clause.strip()}{_where(row)}")
    if not fitted:
        # this year is the document's, which its clauses may not say ("今年预计要办多少件提案":
        # "预计办理提案700件左右"): tried again without it
        rest = CURRENT.sub("", topic)
        if rest != topic and len(rest) >= TOPIC_MIN:
            return _narrative_fact(ctx, q, key, kn, ans, topic=rest)
        # …and the words of the question that only say what is done ("项目设了绩效目标":
        # "共0个项目实行绩效目标管理")
        rest = word_classes.without_class_words(topic, _TIME_WORDS)
        if rest != topic and len(rest) >= TOPIC_MIN:
            return _narrative_fact(ctx, q, key, kn, ans, topic=rest)
    return None


def _states_something(p: dict) -> bool:
    """A paragraph long enough to state a fact, or a heading that states a figure ("（一）人员
    经费 N 万元" printed on a line of its own)."""
    return len(p["text"]) >= PARAGRAPH_MIN and (
        p["kind"] == "paragraph" or (p["kind"] == "heading" and bool(NUM_UNIT.search(p["text"]))))


def _adjoins_count(topic: str, clause_key: str) -> bool:
    """A short topic (处室) is stated only by a clause that counts it where it stands: "处室N
    个" or "N个处室" — not by any count in a clause that holds its characters."""
    counts = list(NUM_UNIT.finditer(clause_key))
    at = clause_key.find(topic)
    while at >= 0:
        end = at + len(topic)
        if any(m.end() == at for m in counts):
            return True                          # "N个内设机构"
        # "现有处室N个" (after a verb or nothing) — not "…的项目N个", "主席会议N次": a
        # thing said with what qualifies it
        before = clause_key[at - 1:at]
        if any(m.start() == end for m in counts) and (
                at == 0 or word_classes.kind(before) == "verb"):
            return True
        at = clause_key.find(topic, at + 1)
    return False


def _states(kn: Knowledge, key: str, topic: str, said: list[str], p: dict, clause: str,
            lead: str) -> tuple[list | None, bool]:
    """The figures a fitting clause states of what was asked (None when it does not), and
    whether a clause fitting less may still state them: only when this one does not say the
    name or says its figure before it — never past a clause stating another item's figure
    (a neighbouring figure: the question is asked back)."""
    clause_key = match_key(clause)
    opening_key = match_key(_opening(p["text"])) if lead else ""
    opening_key += match_key(p["section"] or "")     # (or by the section it is printed under)
    if any(name not in clause_key and name not in opening_key for name in said):
        return None, True    # a name the question says whole must be said by the clause too
        # (or, for "本工程…", by the sentence its paragraph opens with)
    if not said and _item_of(kn, clause_key + match_key(_opening(p["text"]))) and \
            any(u in AMOUNT_UNITS | {"%"} for _, u in NUM_UNIT.findall(clause)):
        return None, False   # "年初预算是多少": the clause's amount (or share) is its item's
    if _other_item(kn, topic, clause):
        return None, False   # the clause states another item's amount: never a neighbour's
    if _of_the_rest(p["text"], clause, key):
        return None, True    # "在其他政府采购项目中，…": the rest of something, not asked
    if clause_key.startswith(_SHARE_MARK):
        return None, False   # "占本年支出合计的N%": whose share it is was said before
    if not (COUNT.search(key) or MEASURE.search(key)) and not _figure_follows(topic, clause_key):
        return None, True    # the clause names it only after its figures (a reason: "因X项目")
    if said:
        # the thing asked is the last name said ("公用经费中办公费"): a figure must follow
        # it in the clause, not only precede it ("公用经费184.65万元，主要包括：办公费")
        asked = max(said, key=topic.rfind)
        at = clause_key.find(asked)
        if not any(m.start() > at for m in NUM_UNIT.finditer(clause_key)):
            return None, True
    counted = _COUNTED_THING.search(key)
    if counted and word_classes.kind(counted.group(1)[:2]) != "verb" and \
            not _counts(clause_key, counted.group(1)):
        return None, True         # "几个专门委员会": a count beside that thing, not any count
    figures = _stated_figures(clause, key)
    if not figures:
        return None, False        # the clause does not state what was asked (几个 ≠ 万元)
    if MONEY_ONLY.search(key) and not MEASURE.search(key) and \
            not any(f["unit"] in AMOUNT_UNITS for f in figures):
        return None, False        # "多少钱" is answered by an amount, not a count
    return figures, False


def _of_the_rest(text: str, clause: str, key: str) -> bool:
    """The clause (or a part of its sentence before it) says "among the rest of something"
    ("在其他政府采购项目中，…") and the question does not say "other"."""
    return any(_AMONG_THE_REST.match(part) for part in CLAUSE.split(_in_sentence(text, clause))) \
        and not any(w in key for w in _OTHERS)


def _counts(clause_key: str, thing: str) -> bool:
    """The clause counts the thing where it stands: "N个X…" or "X…N个" (a word or two
    between: "现有处室N个", "购置车辆N辆") — the thing known by its first or its last
    characters ("几个项目报了…", "几个编报绩效目标的项目")."""
    for word in {thing[:_THING_LEAST], thing[-_THING_LEAST:]}:
        for m in NUM_UNIT.finditer(clause_key):
            if clause_key.startswith(word, m.end()) or \
                    word in clause_key[max(0, m.start() - _THING_LEAST - _THING_GAP):m.start()]:
                return True
    return False


def _in_sentence(text: str, clause: str) -> str:
    """The clause with what its sentence says before it ("在其他…项目中，" of "由…的，N万元")."""
    at = text.find(clause)
    if at < 0:
        return clause
    start = max(text.rfind(mark, 0, at) for mark in _SENTENCE_MARKS) + 1
    return text[start:at + len(clause)]


def _said_after_of(text: str, word: str) -> bool:
    """"多少钱的东西": the word follows the possessive (what the figure is worth)."""
    at = text.find(word)
    return at >= len(_OF) and text.startswith(_OF, at - len(_OF))


def _fit_any_order(topic: str, text: str) -> float:
    """How much of the topic the text says, in order — or with the topic's two halves the
    other way round ("有几个项目编报绩效目标" against "编报绩效目标的项目共11个"), tried only
    when the plain order falls a little short."""
    plain = LCSseq.similarity(topic, text) / len(topic)
    if plain >= CLAUSE_FIT or plain < CLAUSE_FIT - ROTATED_REACH:
        return plain
    # (a clause saying it in the question's own order is preferred to one saying it turned)
    return max(plain, max(LCSseq.similarity(topic[i:] + topic[:i], text)
                          for i in range(1, len(topic))) / len(topic) - ROTATED_COST)


def not_found(ctx: Context, q: Question, key: str, kn: Knowledge, ans: Answer) -> Answer:
    if REASON.search(key) and not NAMELESS.sub("", REASON.sub("", key)):
        return ctx.done(ans, "no_data", LEX["phrasing"]["reason_of_what"])   # a bare "为啥"
    # (a question that names the department is about it, whatever it asks: 政协下面有几个处室)
    if not BUDGET_WORDS.search(key) and not said_for_department(kn.department, q.key):
        return ctx.done(ans, "out_of_scope", "这个问题与部门预算无关。我可以回答"
                                               f"{kn.title}中的收支、科目、项目、“三公”经费、绩效目标等问题。")
    # the names sharing its words, each as a question the document answers, with its figure
    # (a choice to click: never the answer's figure)
    ans.candidates = choices.with_figures(ctx, q, kn, kn.recall().suggest(key),
                                          answerable_only=True)
    if ans.candidates:
        return ctx.done(ans, "clarify", LEX["phrasing"]["neighbours"].format(
            question=q.text, choices=choices.listed(ans.candidates)))
    return ctx.done(ans, "no_data", f"文档中没有找到与“{q.text}”对应的数据。可以问例如："
                                    "预算总额、三公经费、某个项目的预算、某个科目的支出。")


def _with_subject_before(text: str, sentence: str, core: str) -> str:
    """"与上年相比增加N万元，增长N%" chosen for its change: with the clause before it in the
    same sentence when that one says what is asked and the chosen one does not ("提租补贴（项）
    支出N万元，与上年相比增加…")."""
    at = text.find(sentence)
    if at <= 0 or len(core) < NAME_LEAST or shared_run(core, match_key(sentence)) >= NAME_LEAST:
        return sentence
    before = text[:at]
    mark = CLAUSE.search(before[::-1])
    if mark is None or before[len(before) - mark.end()] in _SENTENCE_ENDS:
        return sentence                      # (never across a sentence's end)
    start = before[:len(before) - mark.end()]
    opening = max(start.rfind(c) for c in _SENTENCE_ENDS) + 1
    clause = text[opening:at]
    return text[opening:at + len(sentence)].strip() \
        if shared_run(core, match_key(clause)) >= NAME_LEAST else sentence


def _with_rate_after(text: str, sentence: str) -> str:
    """"…比上年增加N万元" followed by the clause that gives its rate ("增长N%"): both, as
    printed."""
    at = text.find(sentence)
    stated = {m.group(2) for m in CHANGE_AMOUNT.finditer(sentence)}
    if at < 0 or not stated or "%" in stated:
        return sentence
    end = at + len(sentence)
    following = CLAUSE.match(text, end)
    if following is None:
        return sentence
    after = text[following.end():]
    nxt = after[:m.start()] if (m := CLAUSE.search(after)) else after
    rate = {m.group(2) for m in CHANGE_AMOUNT.finditer(nxt)}
    return text[at:following.end() + len(nxt)].strip() if rate == {"%"} else sentence


# a 决算's figures sentence ("。年初预算为…") is of the item its paragraph is headed by
# ("…行政运行（项）。…"): never read with the words of a sentence before it that heads
# nothing ("…等基本支出。年初预算为10.00万元")
_STATED_APART = re.compile(rf"[。；;]\s*(?:{alt(LEX['execution']['stated'])})")


@lru_cache(maxsize=4096)
def _windows(text: str, most: int) -> tuple[str, ...]:
    """Runs of one to `most` consecutive clauses, quoted exactly as the text prints them
    (a document's paragraphs are read for every question: kept)."""
    spans, start = [], 0
    for m in CLAUSE.finditer(text):
        if text[start:m.start()].strip():
            spans.append((start, m.start()))
        start = m.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return tuple(text[spans[i][0]:spans[i + n - 1][1]].strip()
                 for n in range(1, most + 1) for i in range(len(spans) - n + 1))
_DATE_ONLY = re.compile(r"\d.*$")
_DATE_BONUS = DATE_BONUS
_AMOUNT = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?:"
                     + "|".join(sorted(AMOUNT_UNITS, key=len, reverse=True)) + ")")


def _names_another(kn: Knowledge, topic: str, sentence: str) -> bool:
    """The sentence names an amount item whole, and not the one the question names whole."""
    asked = [h for h in kn.find(strip_generic(topic), AMOUNT_KINDS) if h.exact]
    if not asked:
        return False
    said = match_key(LEVEL_MARK.sub("", sentence))
    mine = {match_key(h.item.name) for h in asked} | {h.key for h in asked}
    if any(m in said for m in mine):
        return False
    if any(h.exact and h.item.kind in AMOUNT_KINDS for name in kn.names_said(said)
           for h in kn.find(name, AMOUNT_KINDS)[:1]):
        return True
    # …or its subject (the words before its first amount) begins another item's name
    # ("（1）公务用车购置预算支出0万元，与上年一致" is 公务用车购置费's, not 三公经费's)
    first = NUM_UNIT.search(said)
    subject = re.sub(r"^[\d（）()．.、]+", "", said[:first.start()] if first else "")
    head = subject[:NAME_LEAST + 2]
    return len(subject) >= NAME_LEAST and bool(kn.begins_a_name(head)) and \
        not any(m.startswith(head) for m in mine)


def _other_item(kn: Knowledge, topic: str, clause: str) -> bool:
    """The clause states the amount of an item other than the one the question names, with
    words in common ("公务用车购置费0万元" for 公车一年花多少钱, which is 公务用车购置及运行费)."""
    asked = kn.find(strip_generic(topic), AMOUNT_KINDS)
    # (a question naming no item whole — "公务用车" is part of several — names none of them)
    wanted = asked[0].item.name if asked else None
    phrases = [match_key(p) for p in CLAUSE.split(clause)]
    for name in kn.names_said(match_key(clause)):
        if name in topic:
            continue
        # the words of its phrase up to the name ("公务用车运行费21.56万元": 运行费 is the item,
        # 公务用车 the words it shares with the question)
        phrase = next((p for p in phrases if name in p), name)
        lead = phrase[:phrase.find(name) + len(name)]
        same = SequenceMatcher(None, lead, topic, autojunk=False).find_longest_match(
            0, len(lead), 0, len(topic))
        # (an item said by its own printed name: "日常维护费" in prose is no 维修（护）费)
        exact = [h for h in kn.find(name, AMOUNT_KINDS)
                 if h.exact and match_key(h.item.name) == name]
        if exact and exact[0].item.name != wanted and same.size >= MIN_RUN:
            return True
        # (or one said right before what the question names, qualified by it: "参公单位机关
        # 运行经费财政拨款预算N万元" is the 机关运行经费's, not what 财政拨了多少 asks)
        said_at = [phrase.find(n) for n in kn.names_said(topic) if n in phrase]
        if exact and exact[0].item.name != wanted and said_at and \
                phrase.find(name) + len(name) == min(said_at):
            return True
    return False


def _item_of(kn: Knowledge, text: str) -> bool:
    """The text names an amount item that is no total: what its figures are of."""
    return any(kn.names_an_amount(n) and not kn.is_total(n) for n in kn.names_said(text))


def _change_label(sentence: str, moved: re.Match[str]) -> str:
    """"比上年减少" for "…减少N万元": the change word the sentence uses before the figure."""
    word = sentence[moved.start():moved.start(1)].rstrip().rstrip(
        "".join(LEX["triggers"]["change_particles"]))
    before = LEX["triggers"]["previous_year"][0]            # 上年
    return word if before in word else f"{LEX['time']['compared_by'][0]}{before}{word}"


def _opening(text: str) -> str:
    """A paragraph's first sentence (it names what the paragraph is about)."""
    return re.split(r"[。；]", text)[0]


def _named_in(topic: str, opening: str) -> str:
    """The longest run of the question said in a paragraph's opening sentence (the project a
    later "本工程" refers to), if it is a name's length."""
    text = match_key(opening)
    m = SequenceMatcher(None, topic, text, autojunk=False).find_longest_match(
        0, len(topic), 0, len(text))
    return topic[m.a:m.a + m.size] if m.size >= _NAME_RUN else ""


_NAME_RUN = NAME_RUN
# the parts of an item listed after it ("其中：") are looked for this far
PARTS_MOST = 6


def _where(p: dict) -> str:
    """"（section，第N行）" for a quoted paragraph; the part when it has no section."""
    where = p.get("section") or p.get("part") or ""
    return f"（{where}，第{p['line']}行）" if where else f"（第{p['line']}行）"


def _stated_figures(clause: str, key: str) -> list[dict]:
    """The figures a quoted clause states (at most three), the one asked for first; when the
    question asks for a count (几个, 多少人) only figures counted in that measure."""
    stated = [Figure(clause[:FIGURE_LABEL], float(num.replace(",", "")), unit)
              for num, unit in _unqualified(clause, key)]
    counted = {"%"} if SHARE.search(key) else _counted_in(key)
    if counted:
        stated = [f for f in stated if f["unit"] in counted]
    # the one asked for first, wherever the clause states it; then at most two more
    return _asked_first(stated, key, clause, match_key(key))[:STATED_FIGURES]


def _unqualified(clause: str, key: str) -> list[tuple[str, str]]:
    """The (number, unit) pairs of a clause, without those the words just before them qualify
    in a way the question does not ask: a change ("比上年增加3,355.65万元") for a question
    that asks no change, the budget ("年初预算为135.90万元") for one that asks no budget
    figure — never a neighbouring figure."""
    out, since = [], 0
    for m in NUM_UNIT.finditer(clause):
        lead = clause[since:m.start()]
        since = m.end()
        if (CHANGE.search(lead) and not CHANGE.search(key)) or \
                (BUDGET_COLUMN.search(lead) and not BUDGET_COLUMN.search(key)):
            continue
        out.append((m.group(1), m.group(2)))
    return out


def _counted_in(key: str) -> set[str]:
    """The units a count question accepts: 多少人 -> 人; 几个 / 几家 -> any count unit."""
    unit = measure_unit(key)
    counts = set(LEX["measure"]["count_units"])
    if unit in counts or (not unit and COUNT.search(key)):
        return counts
    return {unit} if unit else set()


def _asked_first(figures: list[dict], key: str, clause: str = "", topic: str = "") -> list[dict]:
    """A clause states several figures: the one the question asks for leads — an amount when
    多少钱 is asked, else the number whose preceding words match the question best ("…平均
    得分N分"), with a bonus for the measure asked for (金额 -> 万元, 几个 -> 个, 占比 -> %);
    otherwise the clause's order."""
    if SHARE.search(key):
        wanted = {"%"}
    elif ASKS_MONEY.search(COUNT.sub("", key)) and not COUNT.search(key):
        wanted = AMOUNT_UNITS
    elif COUNT.search(key):
        wanted = set(LEX["measure"]["count_units"])
    else:
        wanted = set()
    before: dict[float, float] = {}
    if clause and topic:
        pairs = {topic[i:i + 2] for i in range(len(topic) - 1)}
        for m in NUM_UNIT.finditer(clause):
            # the words just before a number say what it is: count the question's word pairs
            # there ("服务采购金额N" for 服务), then the characters in order — within its own
            # clause, and with the words right after a count ("N个专门委员会")
            lead = CLAUSE.split(clause[max(0, m.start() - _LEAD):m.start()])[-1]
            lead = match_key(lead)
            after = match_key(CLAUSE.split(clause[m.end():m.end() + _LEAD])[0]) \
                if m.group(2) in _COUNT_UNITS else ""
            said = sum(p in lead for p in pairs) + sum(p in after for p in pairs)
            before.setdefault(float(m.group(1).replace(",", "")),
                              said + LCSseq.similarity(topic, lead) / 10)

    # ("涉及多少钱": money said in so many words is asked whatever the words before a count)
    money = bool(MONEY_ONLY.search(key)) and not COUNT.search(key)

    def score(f: dict) -> tuple[bool, float]:
        return money and f["unit"] in AMOUNT_UNITS, \
            before.get(f["value"], 0) + (_MEASURE_BONUS if f["unit"] in wanted else 0)
    return sorted(figures, key=score, reverse=True)


_LEAD, _MEASURE_BONUS = LEAD, MEASURE_BONUS
# the words that say "the rest of" (其他, 其它): a clause about the rest answers only a
# question that says so
_OTHERS = tuple(LEX["glosses"]["others"])
# "基本支出里人员经费": the words that put a name inside another
_INSIDE = re.compile(alt(sorted(LEX["org_suffixes"]["inside"], key=len, reverse=True)))
_AMONG_THE_REST = re.compile(rf"^\s*(?:{alt(LEX['triggers']['among_lead'])})?"
                             rf"(?:{alt(list(_OTHERS))})[^，,]*"
                             rf"(?:{alt(LEX['triggers']['among_end'])})\s*$")
_SENTENCE_MARKS = "。；;"
# "几个专门委员会": the thing a count question counts (its first characters are looked for
# beside a count in the clause, at most a couple of characters away)
_COUNTED_THING = re.compile(rf"(?:{alt(LEX['measure']['prefixes'])})"
                            rf"(?:{alt(LEX['measure']['count_units'])})([\u4e00-\u9fff]{{2,12}})")
_THING_LEAST, _THING_GAP = 2, 2
_COUNT_UNITS = frozenset(LEX["measure"]["count_units"])
# a change asked of "the money" itself is the budget's total ([triggers] total_topic)
TOTAL_TOPIC = LEX["triggers"]["total_topic"]
SUM_SAID = words_re(LEX["triggers"]["sum_said"])
DIRECTION_CHARS = frozenset(LEX["triggers"]["direction_chars"])



# ------------------------------------------------------------ matching (no SQL)
# Each returns the slots its intent needs, read from the question and the name index, or None
# when the question does not ask this intent (queries/intents/registry.py).


def match_glossary(q: Question, key: str, kn: Knowledge) -> dict | None:
    listed = GLOSSARY_LIST.search(key)
    if listed and names_nothing(key[:listed.start()] + key[listed.end():]):
        return {"term": None}                           # 名词解释有哪些
    m = GLOSSARY_ASK.match(key)
    hits = kn.find(match_key(m.group(1) or m.group(2)), {"term"}, cutoff=TERM_CUTOFF) if m else []
    return {"term": hits[0].item} if hits else None


def match_org(q: Question, key: str, kn: Knowledge) -> dict | None:
    m = ORG.search(key)
    return {"word": m.group(0)} if m and not explained_by_entity(key, m.group(0), kn) else None


def match_dept_sheet(q: Question, key: str, kn: Knowledge) -> dict | None:
    asked = (WHOLE.search(key) and PERF.search(key)) or DEPT_SHEET.search(key)
    # the amounts are stated in the explanations, not the goal text
    return {} if asked and not DEPT_SHEET_MONEY.search(key) else None


def match_services(q: Question, key: str, kn: Knowledge) -> dict | None:
    return {} if SERVICES.search(key) and SERVICES_LIST.search(key) else None


def match_dept_fact(q: Question, key: str, kn: Knowledge) -> dict | None:
    return {} if DEPT_FACT.search(key) and not kn.find(strip_generic(key), {"project"}) else None


def match_assets(q: Question, key: str, kn: Knowledge) -> dict | None:
    m = ASSET.search(key)
    # the answer type: "公车一年花多少钱" asks an amount, which no asset count or area is
    if m and (ASKS_MONEY.search(key) or q.amounts_wan and not THRESHOLD.search(key)) and \
            not COUNTED.search(key):
        return None      # (nor "公务用车运行费有30万吗": an amount said of it, no threshold)
    if not m or PERF.search(key) or \
            (not COUNTED.search(key) and explained_by_entity(key, m.group(0), kn)):
        return None
    named = kn.find(strip_generic(key), {"project"})
    if named and named[0].matched == len(named[0].key) >= WHOLE_PROJECT:
        return None          # "<项目>租了多少平方米" asks the project's indicator
    return {}


def match_narrative(q: Question, key: str, kn: Knowledge) -> dict | None:
    # ("哪一样最多" asks which item, not whether it stayed the same: 一样)
    plain = _WHICH.sub("", key)
    change = bool(CHANGE.search(plain) or SAME.search(plain) or
                  _MOVED_ALONE.search(plain) and not _THAN.search(plain))
    reason, purchase = bool(REASON.search(key)), bool(PURCHASE.search(key))
    if not (change or reason or purchase):
        return None
    if VERSUS.search(key):
        return None      # "决算比预算少": against the budget, not the year before (execution)
    return {"change": change, "reason": reason, "purchase": purchase}


_PER_YEAR = words_re(LEX["generic"]["per_year"])


def match_narrative_fact(q: Question, key: str, kn: Knowledge) -> dict | None:
    # words, not dots or digits, nor the count asked for ("多少个项目" names 项目)
    topic = re.sub(r"[^\u4e00-\u9fff]", "", strip_generic(MEASURE.sub("", COUNT.sub("", key))))
    topic = _PER_YEAR.sub("", topic)         # ("人员经费一年多少": a budget is a year's)
    for marker in _SCOPE_MARKERS:
        if topic.startswith(marker):  # "（政协机关）里现在有…": where, left by the department's
            topic = topic[len(marker):]   # name (never the 上 of 上年)
            break
    for marker in _SCOPE_MARKERS:
        if len(marker) > 1:           # "基本支出里面人员经费": where, not what (a longer word
            topic = topic.replace(marker, "")      # only: 里 may be a name's, 万里)
    asks_number = COUNT.search(key) or MEASURE.search(key) or ASKS_MONEY.search(key)
    least = COUNT_TOPIC_MIN if COUNT.search(key) or MEASURE.search(key) else TOPIC_MIN
    if len(topic) < least or (LISTING.search(key) and not asks_number):
        return None          # "下属单位有哪些" asks for names, not a figure a clause states
    return {"topic": topic}
