"""Amount questions: totals, 科目 by name or code, economic items, 三公, 机关运行经费,
shares and differences — each answered from one report table with its rows cited."""

from __future__ import annotations

import os
import re
from dataclasses import replace
from decimal import Decimal

from catalog.formats import AMOUNT_KEY_LABELS, Stored, format_named
from queries.answer import (AMOUNT_UNITS, Answer, Candidate, convert, fmt_number, source_note,
                            table_label)
from queries.context import Context
from queries.intents import choices, projects
from queries.intents.values import entity_value
from queries.intents.final_statements import stated_note
from queries.knowledge import Entity, Knowledge, procurement_name
from queries.matcher import Match, shared_run
from queries.normalize import Question, match_key
from queries.thresholds import (
    NAME_LEAST,
    CODE_CHOICES,
    FEE_STEM_MIN,
    PROCUREMENT_WORD_LEAST,
    PROJECT_RUN_LEAST,
    SEE_ALSO,
    SHORT_NAME_CHOICES,
    TOO_SHORT,
    WIDER_BY,
    WIDER_CHOICES,
    WIDER_PROJECT_CUTOFF,
)
from queries.unreadable import unreadable_answer, unreadable_in
from queries.vocab import (
    CURRENT,
    CONJUNCTION,
    EACH,
    MONEY_TAIL,
    EXAMPLES,
    SPENDING_COLUMNS,
    described,
    NAMELESS,
    AMOUNT_KINDS,
    ASKS_MONEY,
    BARE_BUDGET,
    BUDGET_COLUMN,
    CODE,
    FISCAL,
    LEX,
    MODIFIERS,
    OWN_UNIT,
    TABLE_WORD,
    TOTAL_SUFFIX,
    is_residue,
    modifier_of,
    strip_generic,
    words_re,
)

TOTAL_WORD = AMOUNT_KEY_LABELS["total"]
_SAID_APART = re.compile(rf"([\u4e00-\u9fff]+)的({'|'.join(LEX['triggers']['said_tail'])})")
_T = LEX["triggers"]
_BUDGET_LOOSE = re.compile("".join(f"(?<!{w})" for w in _T["budget_column_loose_not_after"]) +
                          re.escape(_T["budget_column_loose"]) +
                          f"(?!{'|'.join(_T['budget_column_loose_not_before'])})")
YEAR_TOTALS = frozenset(LEX["totals"]["year_totals"])
# the label of a 科目 named beside an item of another table (a series over years lists it too)
SUBJECT_NOTE = "（科目）"
OWN_YEAR_WORDS = sorted((w for w in LEX["time"]["current"] if w not in MODIFIERS), key=len,
                        reverse=True)
TABLE_SCOPE = {"gpb_basic_econ": AMOUNT_KEY_LABELS["gpb"] + AMOUNT_KEY_LABELS["basic"] + "中，"}


def by_code(ctx: Context, q: Question, key: str, kn: Knowledge, ans: Answer, *,
             codes: list[str]) -> Answer | None:
    for code in codes:
        subj = ctx.query(ans, "subject_by_code", kn, cite=False, code=code)
        if not subj:
            continue
        name = subj[0]["name"]
        rest = strip_generic(key.replace(code, "").replace(match_key(name), ""))
        return subject_answer(ctx, q, rest, kn, ans, code, name, subj[0]["level"])
    return None


def amount_hits(key: str,
                kn: Knowledge) -> tuple[list[Match[Entity]], str | None, str]:
    """Entities the question names, with the column word that qualifies them (if any)."""
    base = strip_generic(key)
    # "年初留着应付加人加工资的机动经费": the words that only say what an item is for are no
    # part of its name when the rest is part of one (the gate still asks the answer to
    # explain them)
    plain = strip_generic(described(key, drop_several=True))
    if plain != base and len(plain) >= 2 and \
            not any(base in h.key for h in kn.find(base, AMOUNT_KINDS - {"table"})) and \
            any(plain in h.key for h in kn.find(plain, AMOUNT_KINDS - {"table"})):
        base = plain          # (never when the whole is part of a name: 医疗保险)
    # "政府采购今年": the document's own year said after a name is the scope's, not the name's
    # (a column word such as 本年 still qualifies)
    for word in OWN_YEAR_WORDS:
        if word in base and len(base) > len(word) and not kn.names_containing(word):
            base = base.replace(word, "")
    # "基本支出总额": the name before a total word, when that is a name of its own
    bare = TOTAL_SUFFIX.sub("", base)
    if bare != base and any(k == bare for k in kn.keys):
        base = bare
    mods = sorted([(w, k) for w, k in MODIFIERS.items() if w in base],
                  key=lambda wk: -len(wk[0]))
    stripped = base
    for w, _ in mods:
        stripped = stripped.replace(w, "")
    if len({k for _, k in mods} & set(SPENDING_COLUMNS)) > 1 and _COLUMN_CHOICE.search(key):
        # "是基本支出还是项目支出": the item whole, whose answer gives each column
        base = _COLUMN_CHOICE.sub("", key)
        for w, _ in mods:
            base = base.replace(w, "")
        base = stripped = strip_generic(base)
        mods = []
    hits: list[Match[Entity]] = []
    # a report table is named only when the question says 表, unless nothing else fits
    untabled = [] if TABLE_WORD.search(key) else kn.find(base, AMOUNT_KINDS - {"table"})
    kinds = AMOUNT_KINDS - {"table"} if untabled else AMOUNT_KINDS
    if mods and stripped and not is_residue(stripped):
        hits = kn.find(stripped, kinds - {"summary", "table"})
    if hits:
        return hits, mods[0][1], base
    found = untabled or kn.find(base, kinds)
    bought = strip_generic(PURCHASE.sub("", base))
    if not found and bought != base and len(bought) >= 2 and not is_residue(bought):
        # "家具采购多少钱": what the 政府采购 table buys, named beside the word for buying
        found = kn.find(bought, {"procurement"})
        if found:
            return found, None, bought
    bare = NAMELESS.sub("", base)
    if not found and bare and bare != base and not is_residue(bare):
        # "政府采购打算": the words that only ask or point (打算) make no name's part
        return kn.find(bare, kinds), None, bare
    return found, None, base


def best_hit(hits: list[Match[Entity]], probe: str,
         mod_key: str | None = None) -> tuple[Match[Entity], Entity]:
    """The best hit; among equally good 三公 items the parent when the question is part of
    its name ("公务用车" -> 公务用车购置及运行费, but "车辆购置费" stays 购置费)."""
    top = hits[0]
    same = [h for h in hits if h.key == top.key]
    tied = [h for h in hits if (h.matched, h.coverage) == (top.matched, top.coverage)]
    parent = [h for h in tied if h.item.kind == "sangong" and h.item.get("level") == Stored.ITEM
              and h.matched == len(probe) and probe in h.key]
    if parent and top.item.kind == "sangong" and not top.exact:
        top, same = parent[0], [parent[0]]
    return top, prefer(same, mod_key)


def in_sangong_table(kn: Knowledge, base: str) -> tuple[Match[Entity], Entity] | None:
    """"<the “三公” table's title>里的X" / "…的合计": the item of that table the rest names (its
    合计 is the table's own total when the table prints items beside the “三公”)."""
    titles = [e for e in kn.entities if e.kind == "table" and e.get("kind") == "sangong"]
    said = [k for t in titles
            for k in (match_key(t.name), match_key(re.sub(r"[（(][^（）()]*[）)]", "", t.name)))
            if k and k in base]
    for key in sorted(said, key=len, reverse=True):
        rest = strip_generic(base.replace(key, "", 1))
        if rest in TOTAL_WORDS:
            total = [e for e in kn.entities if e.kind == "sangong"
                     and e.get("level") == Stored.TABLE_TOTAL]
            if total:
                name = match_key(total[0].name)
                return Match(total[0], name, len(name), 1.0, 1.0), total[0]
        inner = kn.find(rest, {"sangong"}) if len(rest) >= 2 else []
        if inner:
            return inner[0], inner[0].item
    # "三公经费里因公出国多少": a part named right after the whole and 里 / 中 is that part
    for whole in kn.sangong_whole_keys:
        at = base.find(whole)
        after = base[at + len(whole):] if at >= 0 else ""
        scope = next((m for m in _SCOPE_MARKERS if after.startswith(m)), "")
        if not scope:
            continue
        part = strip_generic(after[len(scope):])
        # (an item of the table — never its 合计; and one item: "公务" is 公务接待费 and
        # 公务用车 alike, while 公车 is 公务用车购置及运行费 over its own two parts)
        inner = [h for h in kn.find(part, {"sangong"})
                 if h.item.get("level") in _SANGONG_PARTS] if len(part) >= NAME_LEAST else []
        if inner:
            top, ent = best_hit(inner, part)
            rivals = {h.item for h in inner if h.item.get("item") != ent.get("item") and
                      (h.matched, h.coverage) == (top.matched, top.coverage)}
            if not rivals or ent.get("level") == Stored.ITEM and all(
                    r.get("level") == Stored.SUBITEM for r in rivals):
                return top, ent
    return None


_SANGONG_PARTS = frozenset({Stored.ITEM, Stored.SUBITEM, Stored.BESIDE})


_SCOPE_MARKERS = sorted(LEX["parts"]["after_whole"], key=len, reverse=True)


def _one_part_said(kn: Knowledge, item: Entity, after: str, text: str) -> Entity | None:
    """The one part of a “三公” item said after the item by its own name (its name past what
    the parts' names share: 运行费 of 公务用车运行费), the other part's own word not said
    anywhere besides the item's printed name ("公务用车购置和运行费" is the item itself)."""
    whole = match_key(item.name)
    elsewhere = match_key(text).replace(whole, "")
    parts = [e for e in kn.entities if e.kind == "sangong" and e.get("level") == Stored.SUBITEM]
    if len(parts) < 2:
        return None
    shared = len(os.path.commonprefix([match_key(e.name) for e in parts]))
    owns = [(e, match_key(e.name)[shared:]) for e in parts]
    said = [e for e, own in owns if own in after and MONEY_TAIL.sub("", own) in whole]
    if len(said) != 1:
        return None
    others = [MONEY_TAIL.sub("", own) for e, own in owns if e is not said[0]]
    return None if any(o and o in elsewhere for o in others) else said[0]


def _full_name(ctx: Context, ans: Answer, kn: Knowledge, ent: Entity) -> str:
    """A “三公” part as its table row names it (运行费 of 公务用车购置及运行费 is printed as
    公务用车运行费 in the answers); any other item as it is."""
    if ent.kind != "sangong" or ent.get("level") != Stored.SUBITEM:
        return ent.name
    rows = ctx.query(ans, "sangong", kn, cite=False)
    return next((r["name"] for r in rows if r["item"] == ent.get("item")), ent.name)


def _same_head(kn: Knowledge, base: str, top: Match[Entity], ent: Entity) -> list[str]:
    """A question that says only part of the matched name ("运行经费" of 机关运行经费), its
    money word taken off ("运行"), is said just as well of the 科目 whose names end with that
    word (行政运行, 事业运行): those names, or none."""
    # (a “三公” part said alone — 运行费 under 公务用车购置及运行费 — is said just as well)
    part_alone = ent.kind == "sangong" and ent.get("level") == Stored.SUBITEM
    if (top.exact and not part_alone) or (base == top.key and not part_alone) or \
            base not in top.key:
        return []
    head = MONEY_TAIL.sub("", base)
    if len(head) < 2 or head == base:
        return []
    # (and the 机关运行经费 that holds it: "运行费" is said of the offices' running costs too)
    return list(dict.fromkeys(e.name for e in kn.entities if e.name != ent.name and (
        (e.kind == "subject" and match_key(e.name).endswith(head)) or
        (part_alone and e.kind == "opex" and head in match_key(e.name)))))




def in_summary_table(kn: Knowledge, base: str) -> tuple[Match[Entity], Entity] | None:
    """"<a 收支总表's title>中的X": X as that table prints it."""
    titles = [(k, t.get("table_no")) for t in kn.entities
              if t.kind == "table" and t.get("kind") in ("summary", "fiscal_summary")
              for k in (match_key(t.name), match_key(re.sub(r"[（(][^（）()]*[）)]", "", t.name)))
              if k and k in base]
    for key, table_no in sorted(titles, key=lambda kt: -len(kt[0])):
        rest = strip_generic(base.replace(key, "", 1))
        inner = [h for h in (kn.find(rest, {"summary"}) if len(rest) >= 2 else [])
                 if h.item.get("table_no") == table_no]
        if inner:
            return inner[0], inner[0].item
    return None


PURCHASE = words_re(LEX["totals"]["purchase"])
_COLUMN_CHOICE = words_re(LEX["column_choice"]["joiners"])
TOTAL_ENDINGS = tuple(LEX["totals"]["endings"])
TOTAL_WORDS = frozenset(LEX["totals"]["words"])
SPENDING = words_re(LEX["bare_budget"]["spending"])
SPENT_TOTAL = LEX["bare_budget"]["spent_total"]


def pick_entity(ctx: Context, key: str, kn: Knowledge) -> Entity | None:
    """The one amount entity a question names (for comparisons across documents)."""
    hits, _, base = amount_hits(ctx.with_synonyms(key, kn), kn)
    return best_hit(hits, base)[1] if hits else None


def amount(ctx: Context, q: Question, key: str, kn: Knowledge, ans: Answer) -> Answer | None:
    hits, mod_key, base = amount_hits(key, kn)
    if not NAMELESS.sub("", base) and SPENDING.search(key):
        # "一年到底要花多少钱": spending asked of nothing named — the year's spending total
        # (the colloquial 一共花: 支出总计, a 决算's 本年支出合计)
        ans.explain(*(m.group(0) for m in NAMELESS.finditer(base)))
        hits, mod_key, base = amount_hits(ctx.with_synonyms(SPENT_TOTAL, kn), kn)
    if base in BARE_BUDGET or not NAMELESS.sub("", base) and _WHOLE_SAID.search(key) and \
            ASKS_MONEY.search(key):
        # (the budget said, or only its whole: "今年一共有多少钱")
        summary = next((t for t in ctx.query(ans, "report_tables", kn, cite=False)
                        if t["kind"] == "summary"), None)
        if summary is not None:
            return summary_table_answer(ctx, q, kn, ans, summary)
    if not hits:
        return None
    top, ent = best_hit(hits, base, mod_key)
    inside = in_sangong_table(kn, strip_generic(key)) or in_summary_table(kn, strip_generic(key))
    bought = [h for h in hits if h.key == top.key and h.item.kind == "procurement"]
    if inside is not None:
        top, ent = inside
    elif bought and PURCHASE.search(key):
        # "政府采购的会议费": the 政府采购 table's row, not the economic item of that name
        top, ent = bought[0], bought[0].item
    elif ent.kind == "sangong" and ent.get("item") == Stored.TOTAL and top.key in base:
        # "三公经费的公务用车": the total says where to look, the rest names the item
        rest = strip_generic(base.replace(top.key, "", 1))
        inner = kn.find(rest, {"sangong"}) if len(rest) >= 2 else []
        if inner and inner[0].item.get("item") != Stored.TOTAL:
            top, ent = best_hit(inner, rest)
    elif ent.kind == "sangong" and ent.get("level") == Stored.ITEM and top.key in base and \
            (part := _one_part_said(kn, ent, base[base.find(top.key) + len(top.key):],
                                    q.text)) is not None:
        # "公车一年开销多少？其中…运行费多少": one part of the item said again after it (the
        # item's own name ends with it: never the whole item's figure for its part)
        ans.explain(top.key)          # (where it was looked for, said by the question)
        top, ent = Match(part, match_key(part.name), len(part.name), 1.0, 1.0), part
    elif ent.kind == "econ" and ent.get("category") and top.key in base:
        # "工资福利支出基本工资多少": the category says where to look, the rest names its line
        # (never the category's figure for a line said after it)
        rest = strip_generic(base.replace(top.key, "", 1))
        inner = [h for h in (kn.find(rest, {"econ"}) if len(rest) >= 2 else [])
                 if h.exact and h.item.get("parent") == ent.name and not h.item.get("category")]
        if inner:
            ans.explain(top.key)          # (where it was looked for, said by the question)
            top, ent = best_hit(inner, rest)
    if ent.kind == "project":
        named_projects = [h for h in hits if h.item.kind == "project"]
        return projects.project_answer(ctx, q, key, kn, ans, named_projects)
    # "值守培训费": more than the generic item, and that whole text is part of exactly one
    # project's name: the project is what was asked, not the economic item 培训费
    within = [h for h in hits if h.item.kind == "project" and base != top.key and
              top.key in base and base in h.key]
    if within and len({h.item.name for h in within}) == 1:
        return projects.project_answer(ctx, q, key, kn, ans, within)
    if len(base) - top.matched >= WIDER_BY:
        # "应急救援队伍建设": 应急救援 matches, but a project explains more of the question
        wider = [h for h in kn.find(base, {"project"}, cutoff=WIDER_PROJECT_CUTOFF)
                 if h.matched > top.matched]
        if wider:
            options = [ent.name] + list(dict.fromkeys(h.item.name for h in wider))[:WIDER_CHOICES]
            ans.candidates = [Candidate(n, "", n) for n in options]
            return ctx.done(ans, "clarify", "请问您问的是哪一项？" + "、".join(options))
    # every amount name that holds a short word, not only the matched ones (a short name
    # such as 医疗费 is matched only when said whole)
    holding = list(dict.fromkeys(
        [h.item.name for h in hits] + [e.name for k, e in zip(kn.keys, kn.entities)
                                       if base in k and e.kind in AMOUNT_KINDS - {"table"}]))
    heads = _same_head(kn, base, top, ent)
    if heads:
        # "运行经费": part of 机关运行经费, but 行政运行 and 事业运行 end with the same word
        names = [_full_name(ctx, ans, kn, ent)] + heads[:SHORT_NAME_CHOICES - 1]
        ans.candidates = choices.with_figures(ctx, q, kn, names)
        return ctx.done(ans, "clarify", f"“{base}”可能指以下几项，请问您指的是哪一个？" +
                        choices.listed(ans.candidates))
    if len(base) <= TOO_SHORT and not top.exact and len(holding) > 1:
        # "应急": too short to pick one of the names that contain it
        ans.candidates = choices.with_figures(ctx, q, kn, holding[:SHORT_NAME_CHOICES])
        if choices.one_figure(ans.candidates, len(holding)):
            return choices.answered_once(ctx, q, kn, ans.candidates, base)
        return ctx.done(ans, "clarify", f"“{base}”出现在多个名称中，请问您指的是哪一个？" +
                        choices.listed(ans.candidates))
    said_apart = _SAID_APART.search(key)
    core, tail = said_apart.groups() if said_apart else ("", "")
    short = NAME_LEAST <= len(core) <= TOO_SHORT and core + tail == base and not top.exact \
        and not CURRENT.search(core)
    held = list(dict.fromkeys(e.name for k, e in zip(kn.keys, kn.entities)
                              if core in k and e.kind in AMOUNT_KINDS - {"table"})) if short else []
    if len(held) > 1:
        # "那个啥事务的支出": a short word said apart from the 支出 every 科目 ends with — one
        # name holds 事务支出 whole, but several hold the word said
        ans.candidates = choices.with_figures(ctx, q, kn, held[:SHORT_NAME_CHOICES])
        if choices.one_figure(ans.candidates, len(held)):
            return choices.answered_once(ctx, q, kn, ans.candidates, core)
        return ctx.done(ans, "clarify", f"“{core}”出现在多个名称中，请问您指的是哪一个？" +
                        choices.listed(ans.candidates))
    # "单位医疗" is part of 行政单位医疗 and 事业单位医疗 alike: a question that says neither
    # whole names neither, and is asked back (the 三公 parent rule above picks its own)
    tied = list(dict.fromkeys(
        h.item.name for h in hits if h.item.kind == top.item.kind and not h.exact
        and (h.matched, h.coverage) == (top.matched, top.coverage)))
    # "工资福利" begins 工资福利支出 and is only inside 其他工资福利支出: the name it begins
    starting = [n for n in tied if match_key(n)[:top.matched] in base]
    if len(starting) == 1 and len(tied) > 1:
        top, ent = best_hit([h for h in hits if h.item.name == starting[0]], base, mod_key)
        tied = starting
    if not top.exact and ent.kind != "sangong" and len(tied) > 1:
        ans.candidates = choices.with_figures(ctx, q, kn, tied[:SHORT_NAME_CHOICES])
        if choices.one_figure(ans.candidates, len(tied)):
            return choices.answered_once(ctx, q, kn, ans.candidates, base)
        return ctx.done(ans, "clarify", f"“{base}”是多个名称的一部分，请问您指的是哪一个？" +
                        choices.listed(ans.candidates))
    units = [u.item.name for u in kn.find_units(key) if u.item.name != kn.department]
    own = OWN_UNIT.search(key)
    if own and len(kn.units) > 1 and ent.kind not in ("opex", "project"):
        # "厅本级的三公经费": the department's own unit, of a department of several — its
        # table gives the department's figure only, never passed off as the unit's
        ans.explain(own.group(0))
        said = ent.name if "“" in ent.name else f"“{ent.name}”"
        ans.candidates = [Candidate(ent.name, "", ent.name)]      # the department's figure
        return ctx.done(ans, "no_data", f"文档没有按单位列出{said}，只有部门合计；"
                                          f"“{own.group(0)}”只有项目和机关运行经费的数据。")
    if units and ent.kind != "opex":
        # a department-wide figure must not be passed off as one unit's
        ans.candidates = [Candidate(f"{units[0]}的项目", "", f"{units[0]}的项目")]
        return ctx.done(ans, "no_data", f"文档没有按单位列出“{ent.name}”，{units[0]}"
                                          "只有项目和机关运行经费的数据。")
    if ent.kind == "summary" and FISCAL.search(key):
        same = [h.item for h in hits if h.key == top.key
                and h.item.get("table_kind") == "fiscal_summary"]
        ent = same[0] if same else ent
    elif ent.kind == "summary" and inside is None and not ent.name.endswith(TOTAL_ENDINGS) \
            and format_named(kn.format).ask_between_summaries:
        # a row of both 收支总表 (not their totals, which are each table's own) printed with
        # two figures: ask which table
        twins = [h.item for h in hits if h.key == top.key and h.item.kind == "summary"
                 and h.item.get("table_kind") != ent.get("table_kind")]
        clash = summary_clash(ctx, q, kn, ans, [ent, *twins[:1]]) if twins else None
        if clash is not None:
            return clash
    # "培训费" is an economic item and the end of project names: answer the item, and show
    # those projects with their figures so nobody leaves with the wrong one
    see_also = [h.item for h in hits if h.item.kind == "project" and h.key != top.key
                and top.key in h.key][:SEE_ALSO]
    if ent.kind == "subject":
        # one name under several 款 ("一般行政管理事务" of 宣传事务, 组织事务 …): ask which,
        # unless they are one line of descent (a 款 and its only 项 of the same name)
        by_code = {h.item.get("code"): h.item for h in hits
                   if h.key == top.key and h.item.kind == "subject"}
        codes = sorted(by_code)
        if len(codes) > 1 and not all(b.startswith(a) for a, b in zip(codes, codes[1:])):
            ans.candidates = [Candidate(f"{by_code[c].name}（{by_code[c].get('parent')}）", c,
                                        by_code[c].get("parent", "") + by_code[c].name)
                              for c in codes[:CODE_CHOICES]]
            return ctx.done(ans, "clarify", f"“{ent.name}”有{len(codes)}个科目，分属不同的"
                                              "款，请问您问的是哪一个？" +
                              "、".join(c["name"] for c in ans.candidates))
        result = subject_answer(ctx, q, mod_key or modifier_of(base), kn, ans, ent.get("code"),
                                ent.name, ent.get("level"), ent.get("parent", ""))
        doc = ctx.doc(kn.doc_id)
        if result is not None and result.status == "answered" and doc is not None and \
                doc.kind in LEX["time"]["last_is_own"] and \
                len({e.get("code") for e in kn.entities
                     if e.kind == "subject" and e.name == ent.name}) == 1:
            # (one 科目 of that name: the explanations' paragraph about it is about this one)
            # a 决算's 科目: the explanations' 年初预算 for it, beside the 决算 figure
            result.answer += stated_note(ctx, result, doc, ent.name)
        return result
    answer_for = {"summary": summary_answer, "split": split_answer,
                  "econ": econ_answer, "gov_econ": gov_econ_answer,
                  "sangong": sangong_answer,
                  "opex": opex_answer, "table": table_answer,
                  "column": column_answer, "procurement": procurement_answer}[ent.kind]
    result = answer_for(ctx, q, key, kn, ans, ent)
    if result is not None and result.status == "answered" and ent.kind == "summary" and \
            match_key(ent.name) in YEAR_TOTALS and match_key(ent.name) not in q.key:
        result.answer += _grand_total(ctx, q, kn, result)
    if result is not None and result.status == "answered" and ent.kind == "summary":
        result.answer += _subject_twin(ctx, q, kn, result, ent)
    if result is not None and see_also and result.status == "answered":
        result.answer += " " + projects.mention_projects(ctx, q, kn, result, see_also)
    if result is not None and result.status == "answered" and ent.kind in ("econ", "gov_econ"):
        result.answer += _longer_items(ctx, q, kn, result, top.key, key)
    if result is not None and result.status == "answered" and ent.kind in READ_FOR and \
            match_key(ent.name) not in q.key:
        # "开会要花多少钱": 会议费, or the 科目 named for the same activity (政协会议) — asked
        result = _which_activity(ctx, q, kn, result, ent)
    if result is not None and result.status == "answered" and ent.kind in ("econ", "gov_econ"):
        result.answer += _beside(ctx, q, kn, result, ent)
    return result


def _beside(ctx: Context, q: Question, kn: Knowledge, ans: Answer, ent: Entity) -> str:
    """"单位交养老保险多少" read as 基本养老保险缴费: the items people count in the same word
    ([beside]: 职业年金) named with their figures, so the reading the asker meant is there."""
    parts = []
    named = match_key(ent.name)
    for said, fragments in BESIDE.items():
        at = q.key.find(said)
        # (never when the asker said the answered item's own words around it: 基本养老保险)
        if at < 0 or q.key[max(0, at - _SAID_AROUND):at + len(said)] in named and at:
            continue
        for e in kn.entities:
            if e.kind == ent.kind and e.name != ent.name and \
                    any(f in e.name for f in fragments) and \
                    not any(f in q.key for f in fragments) and len(parts) < SEE_ALSO:
                value, _ = entity_value(ctx, e, kn, ans)
                if value:
                    parts.append(f"“{e.name}”{ans.figure(e.name, value, q.unit)}")
    return LEX["phrasing"]["beside"].format(items="，".join(parts)) if parts else ""


BESIDE: dict[str, list[str]] = dict(LEX["beside"])
_SAID_AROUND = 2      # characters before a [beside] word that may say the item's own name


def _subject_twin(ctx: Context, q: Question, kn: Knowledge, ans: Answer, ent: Entity) -> str:
    """A 收支总表 row (all money) and the 科目 of the same name (the 财政拨款 tables) printing
    different amounts: the 科目's named beside it, so neither is taken for the other."""
    twin = next((e for e in kn.entities if e.kind == "subject" and e.name == ent.name), None)
    looked = ans.fresh()                 # its rows are cited only when it is named
    value = entity_value(ctx, twin, kn, looked)[0] if twin is not None else None
    if value is None or not ans.figures or Decimal(str(ans.figures[0]["value"])) == \
            Decimal(str(convert(value, "万元", q.unit)[0])):
        return ""
    ans.rows += [r for r in looked.rows if r not in ans.rows]
    shown = ans.figure(ent.name + SUBJECT_NOTE, value, q.unit)
    return LEX["phrasing"]["subject_twin"].format(name=ent.name, amount=shown)


def _grand_total(ctx: Context, q: Question, kn: Knowledge, ans: Answer) -> str:
    """"总收入" read as a 决算's 本年收入合计: its 总计 (with what was carried in) named too."""
    grand = next((e for e in kn.entities if e.kind == "summary" and
                  e.name == LEX["totals"]["grand_total"]), None)
    looked = ans.fresh()
    value = entity_value(ctx, grand, kn, looked)[0] if grand is not None else None
    if value:
        ans.rows += [r for r in looked.rows if r not in ans.rows]
    return LEX["phrasing"]["with_grand_total"].format(
        name=grand.name, amount=ctx.amt(value, q.unit)) if grand and value else ""


def _which_activity(ctx: Context, q: Question, kn: Knowledge, ans: Answer,
                    ent: Entity) -> Answer:
    """"开会的钱" read as 会议费 when a 科目 is named for the same activity (政协会议): the money
    for it either way — both offered back, each with its figure, when the asker said the
    activity in words of their own (the 科目 named beside the answer otherwise; the answer as
    it was when there is none)."""
    stem = MONEY_TAIL.sub("", match_key(ent.name))
    if len(stem) < FEE_STEM_MIN or not ans.figures:
        return ans
    found = {e.name: e for k, e in zip(kn.keys, kn.entities)
             if e.kind == "subject" and k.endswith(stem) and k != stem and match_key(e.name) == k}
    choices, differ = [], False
    answered = convert(Decimal(str(ans.figures[0]["value"])), ans.figures[0]["unit"], "万元")[0]
    for name, e in list(found.items())[:SEE_ALSO]:
        value, _ = entity_value(ctx, e, kn, ans)
        if value:
            choices.append(Candidate(name, SUBJECT_NOTE.strip("（）"), name,
                                     amount=ctx.amt(value, q.unit)))
            differ = differ or value != answered
    if not choices:
        return ans
    # (the same figure either way asks nothing: named beside the answer)
    if CONJUNCTION.search(q.key) or EACH.search(q.key) or stem in q.key or not differ:
        # (one of several listed, "开会和培训各多少", or the item's own word said — "离退休的
        # 钱", "退休废": the item, the 科目 named beside it)
        ans.answer += LEX["phrasing"]["beside"].format(items="，".join(
            f"“{c.name}”{SUBJECT_NOTE}{c.amount}" for c in choices))
        return ans
    first = ans.figures[0]
    value, shown = convert(Decimal(str(first["value"])), first["unit"], q.unit)
    ans.candidates = [Candidate(ent.name, "", ent.name,
                                amount=f"{fmt_number(value, shown)}{shown}"), *choices]
    items = "、".join(f"{c.name}（{c.amount}）" for c in ans.candidates)
    return ctx.done(ans, "clarify", LEX["phrasing"]["activity_choice"].format(items=items))


def _longer_items(ctx: Context, q: Question, kn: Knowledge, ans: Answer, said: str,
                  key: str) -> str:
    """"医疗费" answered, and 医疗费补助 is another item whose name holds it (维护费: 公务用车
    运行维护费): named with its figure, so a reader who meant it has it."""
    found: dict[str, Entity] = {}
    for k, e in zip(kn.keys, kn.entities):
        if e.kind in LONGER_KINDS and said in k and k != said and k not in key and \
                e.name not in found and match_key(e.name) == k:
            found[e.name] = e
    parts = []
    for name, e in list(found.items())[:SEE_ALSO]:
        value, _ = entity_value(ctx, e, kn, ans)
        if value:
            parts.append(f"“{name}”{ctx.amt(value, q.unit)}")
    return LEX["phrasing"]["longer_items"].format(said=said) + "，".join(parts) + "。" \
        if parts else ""


# items read from a colloquial word (开会 -> 会议费) beside which a 科目 named for the same
# activity is shown (政协会议)
READ_FOR = frozenset({"econ", "gov_econ", "sangong"})
# item kinds whose longer names are shown beside an economic item's answer
LONGER_KINDS = frozenset({"econ", "sangong"})


def blank(ctx: Context, q, kn, ans, where: str, label: str, at: dict | None = None) -> Answer:
    """An empty cell (of the row `at`, marked when given): in a 决算 nothing was spent (0); in
    a budget nothing was arranged (0); a cell whose figure the reader could not read is
    neither."""
    ans.explain(where, label)
    message = unreadable_in(ctx, ans, kn.doc_id)
    if message:
        return unreadable_answer(ctx, ans, where, message)
    if format_named(kn.format).blank_is_zero:
        shown = ans.figure(label, Decimal(0), q.unit)
        return ctx.done(ans, "answered", f"{where}一栏为空，即{shown}。")
    # a budget table's empty cell is none arranged: said so, with its 0
    ans.empty = label
    shown = ans.figure(label + LEX["phrasing"]["not_arranged"], Decimal(0), q.unit, at=at)
    return ctx.done(ans, "answered", f"{where}一栏为空，即未安排此项预算（{shown}）。")


def prefer(same: list[Match[Entity]], mod_key: str | None = None) -> Entity:
    """Among entities of one name, the 三公 item first, unless the question asks for the
    basic-expenditure figure (公务接待费 in 基本支出 is the economic item's row)."""
    order = ["sangong", "opex", "summary", "split", "subject", "project", "econ", "gov_econ",
             "table", "column", "procurement"]
    if mod_key == "basic":
        order = ["econ", "gov_econ", *[k for k in order if k not in ("econ", "gov_econ")]]
    return min(same, key=lambda h: order.index(h.item.kind)).item


def summary_clash(ctx: Context, q, kn, ans, ents: list[Entity]) -> Answer | None:
    """One row name printed with different figures in the 收支总表 and the 财政拨款收支总表
    (基本支出 with and without 其他资金): a bare question asks which table, naming both
    figures; "财政拨款…" or a question naming the table gets that table's figure."""
    found = []
    for e in ents:
        cells = ctx.query(ans, "row_cells", kn, cite=False, table_no=e.get("table_no"),
                          line=e.get("line"), name=e.name)
        value = next((c for c in cells if c["value"] is not None and c["col_key"] == "total"),
                     None)
        if value is None:
            return None
        found.append((e, value))
    if len({v["value"] for _, v in found}) < 2:
        return None
    ans.candidates = [Candidate(f"{v['table_title']}中的{e.name}", "",
                                f"{v['table_title']}中的{e.name}",
                                amount=ctx.amt(v["value"], q.unit)) for e, v in found]
    parts = "，".join(f"{table_label(v['table_no'], v['table_title'])}中为"
                     f"{ctx.amt(v['value'], q.unit)}（第{v['line']}行，{_reading(e.name, v)}）"
                     for e, v in found)
    return ctx.done(ans, "clarify", f"“{ents[0].name}”在两张表中数额不同：{parts}。"
                                     "请问您问的是哪一张表的？")


def _reading(name: str, cell: dict) -> str:
    """What a row's figure is in its table: the fund the table is of said before the name
    ("财政拨款基本支出"), or every fund's together."""
    fund = next((w for w in _FUNDED_TABLES if w in (cell.get("table_title") or "")), "")
    return _READING_FUNDED.format(name=fund + name) if fund else \
        _READING_ALL.format(name=name)


_FUNDED_TABLES = LEX["phrasing"]["funded_tables"]
_READING_FUNDED, _READING_ALL = LEX["phrasing"]["reading_funded"], LEX["phrasing"]["reading_all"]


def summary_answer(ctx: Context, q, key, kn, ans, ent) -> Answer:
    cells = ctx.query(ans, "row_cells", kn, table_no=ent.get("table_no"), line=ent.get("line"),
                    name=ent.name)
    values = [c for c in cells if c["value"] is not None]
    src = table_label(cells[0]["table_no"], cells[0]["table_title"]) if cells else ""
    if not values:
        return blank(ctx, q, kn, ans, f"{src}中“{ent.name}”", ent.name)
    main = next((c for c in values if c["col_key"] == "total"), values[0])
    shown = ans.figure(ent.name, main["value"], q.unit, at=main)
    extra = []
    for c in values:
        if c is main:
            continue
        column = AMOUNT_KEY_LABELS.get(c["col_key"], c["column_path"])
        extra.append(f"{column}{ans.figure(f'{ent.name}（{column}）', c['value'], q.unit, at=c)}")
    tail = f"，其中{'，'.join(extra)}" if extra else ""
    return ctx.done(ans, "answered", f"{ent.name}为{shown}{tail}（{src}，第{main['line']}行）。")


def split_answer(ctx: Context, q, key, kn, ans, ent) -> Answer | None:
    rows = ctx.query(ans, "table_total", kn, table_kind=ent.get("table"))
    row = next((r for r in rows if r["col_key"] == ent.get("key")), None)
    if row is None:
        # 决算 tables print "人员经费合计" as a row of its own
        named = ctx.query(ans, "named_total", kn, table_kind=ent.get("table"),
                        name=ent.name + TOTAL_WORD)
        row = next((r for r in named if r["value"] is not None), None)
        if row is None:
            return None
        shown = ans.figure(ent.name + TOTAL_WORD, row["value"], q.unit, at=row)
        return ctx.done(ans, "answered", f"{ent.name}{TOTAL_WORD}{shown}{source_note(row)}。")
    shown = ans.figure(ent.name, row["value"], q.unit, at=row)
    total = next((r for r in rows if r["col_key"] == "total"), None)
    share = ""
    if total and total["value"]:
        pct = (row["value"] / total["value"] * 100).quantize(Decimal("0.01"))
        share = f"，占合计{ctx.amt(total['value'], q.unit)}的{pct}%"
    # 人员经费 / 公用经费 are parts of the 一般公共预算基本支出 (the economic table)
    scope = TABLE_SCOPE.get(ent.get("table"), "")
    return ctx.done(ans, "answered", f"{scope}{ent.name}合计{shown}{share}"
                                       f"{source_note(row)}。")


def subject_answer(ctx: Context, q: Question, rest: str | None, kn: Knowledge, ans: Answer,
                    code: str, name: str, level: str, parent: str = "") -> Answer:
    cells = ctx.query(ans, "subject_cells", kn, code=code)
    mod = rest if rest in AMOUNT_KEY_LABELS else modifier_of(rest or "")
    by = {(c["table_kind"], c["col_key"]): c for c in cells}
    # which table answers which column: 支出总表 for totals/基本/项目, 收入总表 for sources
    wanted = {"carryover": ("income", "carryover"), "unit_funds": ("income", "unit_funds"),
              "gpb": ("income", "gpb"), "current": ("income", "total"),
              "basic": ("expense", "basic"), "project": ("expense", "project")}
    target = wanted.get(mod or "", ("expense", "total"))
    cell = by.get(target)
    # the 款 a 项 belongs to, named too: many 款 hold a 行政运行
    label = f"{code} {name}（{level}{'，属“' + parent + '”' if parent else ''}）"
    ans.explain(name, parent)
    if cell is None and mod:
        src = "支出总表" if target[0] == "expense" else "收入总表"
        message = unreadable_in(ctx, ans, kn.doc_id)
        if message:
            return unreadable_answer(ctx, ans, f"{label}在{src}中", message)
        ans.explain(label, AMOUNT_KEY_LABELS[target[1]])
        ans.empty = label
        return ctx.done(ans, "answered", f"{label}在{src}中“{AMOUNT_KEY_LABELS[target[1]]}”"
                                           "一栏为空（无数据）。")
    if cell is None:
        cell = next((c for c in cells if c["col_key"] == "total"), None)
    if cell is None:
        return ctx.done(ans, "answered", f"科目编码 {code} 对应“{name}”（{level}），表中没有金额。")
    col = AMOUNT_KEY_LABELS.get(cell["col_key"], cell["column_path"])
    shown = ans.figure(f"{name}（{cell['column_path']}）", cell["value"], q.unit, at=cell)
    parts = [f"{label}{'' if col == AMOUNT_KEY_LABELS['total'] else col}为{shown}"]
    if target == ("expense", "total"):
        split = [f"{AMOUNT_KEY_LABELS[k]}{ctx.amt(by[('expense', k)]['value'], q.unit)}"
                 for k in SPENDING_COLUMNS if by.get(("expense", k)) is not None]
        if split:
            parts.append("其中" + "，".join(split))
        if len(split) == len(SPENDING_COLUMNS) and _COLUMN_CHOICE.search(q.key):
            # "是基本支出还是项目支出": each column given
            ans.explain(*(AMOUNT_KEY_LABELS[k] for k in SPENDING_COLUMNS))
    return ctx.done(ans, "answered", "，".join(parts) +
                      f"{source_note(cell)}。")


def econ_answer(ctx: Context, q, key, kn, ans, ent) -> Answer:
    rows = ctx.query(ans, "econ_item", kn, item=ent.name)
    if not rows and ent.get("opex_only"):
        return _opex_only(ctx, q, kn, ans, ent)
    if not rows:
        return ctx.done(ans, "no_data", f"没有找到经济科目“{ent.name}”。")
    total = sum((r["total"] or Decimal(0) for r in rows), Decimal(0))
    src = table_label(rows[0]["table_no"], rows[0]["table_title"])
    if len(rows) == 1:
        r = rows[0]
        if r["total"] is None:
            return blank(ctx, q, kn, ans, f"{src}中“{ent.name}”（第{r['line']}行）", ent.name)
        twin = _opex_twin(ctx, kn, ans, ent.name, r["total"])
        where = table_label(twin["table_no"], twin["table_title"]) if twin else ""
        if twin and _says_opex(kn, key):
            # "机关运行经费中的差旅费": the row of the 机关运行经费 table is the one asked
            shown = ans.figure(f"{ent.name}（{where}）", twin["total"], q.unit, at=twin)
            ans.explain(where)
            return ctx.done(ans, "answered", f"{where}中“{ent.name}”为{shown}"
                                               f"（第{twin['line']}行）。")
        shown = ans.figure(ent.name, r["total"], q.unit, at=r)
        gov = f"（政府预算经济科目：{r['gov_item']}）" if r["gov_item"] else ""
        also = ""
        if twin:
            # the 机关运行经费 table counts the item's money of every kind: both are given
            other = ans.figure(f"{ent.name}（{where}）", twin["total"], q.unit, at=twin)
            ans.explain(where)
            also = f"另：{where}中“{ent.name}”为{other}（第{twin['line']}行），两表口径不同。"
        return ctx.done(ans, "answered", f"{ent.name}{gov}为{shown}（{src}，第{r['line']}行）。"
                        + also)
    shown_total = ans.figure(f"{ent.name}合计", total, q.unit, at=rows)    # the item is the sum
    parts = []
    for r in rows:
        shown = ans.figure(f"{ent.name}（{r['gov_item']}）", r["total"], q.unit, at=r)
        parts.append(f"{r['gov_item']}{shown}（第{r['line']}行）")
    return ctx.done(ans, "answered", f"{ent.name}在{src}中有{len(rows)}行：" + "，".join(parts) +
                      f"，合计{shown_total}。")


def _opex_only(ctx: Context, q, kn: Knowledge, ans: Answer, ent) -> Answer:
    """An economic item the 机关运行经费 table alone prints: its one row there."""
    result = ctx.run(ans, "opex_item", kn, item=ent.name)
    rows = [r for r in result.rows if r["total"] is not None]
    if len(rows) != 1:
        return ctx.done(ans, "no_data", f"没有找到经济科目“{ent.name}”。")
    r = rows[0]
    ans.cite(result, rows)
    where = table_label(r["table_no"], r["table_title"])
    ans.explain(ent.name)
    shown = ans.figure(ent.name, r["total"], q.unit, at=r)
    return ctx.done(ans, "answered", f"{ent.name}为{shown}（{where}，第{r['line']}行）。")


def _opex_twin(ctx: Context, kn: Knowledge, ans: Answer, item: str,
               total: Decimal | None) -> dict | None:
    """The row of the same economic item in a 机关运行经费 table listing items, when it prints
    another amount than the 基本支出 table (cited; None otherwise)."""
    result = ctx.run(ans, "opex_item", kn, item=item)
    twins = [r for r in result.rows if r["total"] is not None and r["total"] != total]
    if len(twins) != 1:
        return None          # none, or several rows of that name: no one figure to give
    ans.cite(result, twins)
    return twins[0]


def _says_opex(kn: Knowledge, key: str) -> bool:
    return any(e.kind == "opex" and match_key(e.name) in key for e in kn.entities)


def gov_econ_answer(ctx: Context, q, key, kn, ans, ent) -> Answer:
    """A 政府预算经济科目 (社会保障缴费 …): every 部门预算科目 row under it, and their sum."""
    rows = ctx.query(ans, "econ_gov_item", kn, gov_item=ent.name)
    if not rows:
        return ctx.done(ans, "no_data", f"没有找到政府预算经济科目“{ent.name}”。")
    total = sum((r["total"] or Decimal(0) for r in rows), Decimal(0))
    shown = ans.figure(f"{ent.name}（政府预算经济科目）合计", total, q.unit, at=rows)
    parts = [f"{r['item']}{ctx.amt(r['total'], q.unit)}" for r in rows]
    src = table_label(rows[0]["table_no"], rows[0]["table_title"])
    return ctx.done(ans, "answered", f"政府预算经济科目“{ent.name}”合计{shown}，包括" +
                      "、".join(parts) + f"（{src}）。")


_WHOLE_SAID = words_re(LEX["bare_budget"]["whole"])
_SPENT_SAID = words_re(LEX["execution"]["spent_said"])
# "三公经费具体是哪几项，各多少": the parts asked, said by the total's answer
_PARTS_ASKED = words_re(LEX["parts"]["asked"])


def own_unit(q: Question, row: dict) -> str:
    """The unit of the table a row is printed in (a “三公” table in 万元 inside a budget in
    元), unless the question asked for one: a figure is given as the document prints it."""
    unit = row.get("table_unit")
    return q.unit if q.unit_asked or unit not in AMOUNT_UNITS else unit


def sangong_answer(ctx: Context, q, key, kn, ans, ent) -> Answer:
    result = ctx.run(ans, "sangong", kn)
    rows = result.rows
    row = next(r for r in rows if r["item"] == ent.get("item"))
    q = replace(q, unit=own_unit(q, row))
    ans.cite(result, [row])
    src = table_label(row["table_no"], row["table_title"])
    budgeted = any(r.get("budget") is not None for r in rows)
    if (BUDGET_COLUMN.search(key) or _BUDGET_LOOSE.search(key)) and budgeted and \
            not _SPENT_SAID.search(key):
        # 决算: "年初预算" asks the 预算数 printed beside the 决算数 (a blank one is 0 there:
        # nothing was budgeted — never the 决算数 beside it)
        ans.explain((BUDGET_COLUMN.search(key) or _BUDGET_LOOSE.search(key)).group(0))
        name = ent.name if row["level"] == Stored.TOTAL else row["name"]
        empty = row.get("budget") is None
        shown = ans.figure(f"{ent.name}（预算数）", row["budget"] or Decimal(0), q.unit, at=row)
        said = f"预算数一栏为空，即{shown}" if empty else f"预算数为{shown}"
        return ctx.done(ans, "answered", f"{name}{said}（{src}，第{row['line']}行）。")
    if modifier_of(key) == "gpb" and row.get("gpb") is not None:
        # the 一般公共预算 column printed beside the total
        column = AMOUNT_KEY_LABELS["gpb"]
        name = ent.name if row["level"] == Stored.TOTAL else row["name"]
        shown = ans.figure(f"{name}（{column}）", row["gpb"], q.unit, at=row)
        return ctx.done(ans, "answered", f"{name}的{column}为{shown}"
                                           f"（{src}，第{row['line']}行）。")
    message = unreadable_in(ctx, ans, kn.doc_id) if row["total"] is None else ""
    if message:
        return unreadable_answer(ctx, ans, f"{src}中“{row['name']}”", message)
    if row["total"] is None and format_named(kn.format).blank_is_zero:
        # a blank 决算数 is nothing spent, not an item left out
        shown = ans.figure(ent.name, Decimal(0), q.unit)
        ans.explain(row["name"])
        return ctx.done(ans, "answered", f"{src}中“{row['name']}”决算数一栏为空，即支出"
                                           f"{shown}（第{row['line']}行）。")
    if row["total"] is None:
        # a “三公” item is printed for every department: its empty cell is none arranged, 0
        ans.explain(row["name"])
        return blank(ctx, q, kn, ans, f"{src}中“{row['name']}”", row["name"], at=row)
    # a part printed under its group's header (购置费 under 公务用车购置及运行费) is labelled
    # with the whole name its row gives
    label = row["name"] if ent.name in (row["name"] or "") else ent.name
    shown = ans.figure(label, row["total"], q.unit, at=row)
    if row["level"] == Stored.TOTAL:
        parts = []
        items = [r for r in rows if r["level"] == Stored.ITEM]
        # "三公经费具体是哪几项，各多少": the parts asked of the total, each a figure of its own
        # after it — never when a part is named ("三公经费中因公出国多少" is that part's)
        asked = _PARTS_ASKED.findall(key) if not any(
            match_key(r["name"] or "")[:NAME_LEAST] in key for r in items) else []
        for r in items:
            amount = ctx.amt(r["total"], q.unit) if r["total"] is not None else "未安排"
            parts.append(f"{r['name']}{amount}")
            if asked and r["total"] is not None:
                ans.figure(r["name"], r["total"], q.unit, at=r)
        ans.cite(result, [r for r in rows if r["level"] == Stored.ITEM])
        ans.explain(*asked)
        return ctx.done(ans, "answered", f"“三公”经费合计{shown}，其中" + "，".join(parts) +
                          f"（{src}，第{row['line']}行）。")
    also = _same_name_elsewhere(ctx, q, kn, ans, row)
    return ctx.done(ans, "answered", f"{row['name']}为{shown}（{src}，第{row['line']}行）。"
                    + also)


def _same_name_elsewhere(ctx: Context, q, kn, ans, row) -> str:
    """A 会议费 / 培训费 of the “三公” table is another scope than the economic item of the
    same name in the 基本支出 table (the 三公 table counts project money too): when the two
    print different amounts, both are given, each with its table."""
    if not any(e.kind == "econ" and e.name == row["name"] for e in kn.entities):
        return ""
    result = ctx.run(ans, "econ_item", kn, item=row["name"])
    other = next((r for r in result.rows if r["total"] is not None and
                  r["total"] != row["total"]), None)
    if other is None:
        return ""
    ans.cite(result, [other])
    where = table_label(other["table_no"], other["table_title"])
    shown = ans.figure(f"{row['name']}（{where}）", other["total"], q.unit, at=other)
    ans.explain(where)
    return f"另：{where}中“{row['name']}”为{shown}（第{other['line']}行），两表口径不同。"


def opex_answer(ctx: Context, q, key, kn, ans, ent) -> Answer:
    result = ctx.run(ans, "opex", kn)
    rows = result.rows
    mentioned = [r for r in rows if not r["is_total"] and match_key(r["unit"]) in q.key]
    mentioned += [r for r in rows if not r["is_total"] and r not in mentioned and any(
        u.item.name == r["unit"] for u in kn.find_units(q.key))]
    own = OWN_UNIT.search(key)
    if own and not mentioned:
        # "厅本级的机关运行经费": the unit named as the department is its own 机关
        mentioned = [r for r in rows if not r["is_total"] and r["unit"] == kn.department]
        ans.explain(own.group(0))
    row = mentioned[0] if mentioned else next(r for r in rows if r["is_total"])
    q = replace(q, unit=own_unit(q, row))
    ans.cite(result, [row])
    src = table_label(row["table_no"], row["table_title"])
    shown = ans.figure(f"机关运行经费（{row['unit']}）", row["total"], q.unit, at=row)
    if row["is_total"]:
        units = [r for r in rows if not r["is_total"]]
        detail = "，其中" + "，".join(f"{r['unit']}{ctx.amt(r['total'], q.unit)}"
                                    for r in units) if units else ""
        return ctx.done(ans, "answered", f"机关运行经费{row['unit']}{shown}{detail}"
                                           f"（{src}，第{row['line']}行）。")
    return ctx.done(ans, "answered", f"{row['unit']}的机关运行经费为{shown}（{src}，第{row['line']}行）。")


def procurement_answer(ctx: Context, q, key, kn, ans, ent) -> Answer | None:
    """A 政府采购 row by its name: one row is answered with its 专项; the same name under
    several 专项 (会议服务 of two meetings) asks which one, naming each figure."""
    result = ctx.run(ans, "procurement", kn)
    level = ent.get("level")
    rows = [r for r in result.rows if r["level"] == level and r["total"] is not None
            and procurement_name(r)[0] == ent.name]
    if not rows:
        return None
    # "某某云平台的租赁费": the 专项 the question names, of the rows with that name (the
    # one whose 专项 shares the longest run of the question's words, said by no other)
    if len(rows) > 1:
        plain = key.replace(LEX["operations"]["of"], "").replace(match_key(ent.name), "")
        runs = [shared_run(match_key(r["project"] or ""), plain) for r in rows]
        best = max(runs)
        if best >= PROJECT_RUN_LEAST and runs.count(best) == 1:
            rows = [rows[runs.index(best)]]
    others = _other_projects_said(result.rows, rows, ent, key)
    if others:
        # "网络那块花了多少": a word of this row's name that another 专项's name says too
        # (网络通讯维护及专用线路租赁费): which one is asked, each with its figure
        ans.cite(result, rows + others)
        ans.candidates = [Candidate(ent.name, rows[0]["project"] or rows[0]["category"],
                                    ent.name, amount=ctx.amt(rows[0]["total"], q.unit))] + [
            Candidate(r["project"], r["econ"] or "", r["project"],
                      amount=ctx.amt(r["total"], q.unit)) for r in others]
        listed = "，".join(f"{c.name}（{c.detail}）{c.amount}" for c in ans.candidates)
        return ctx.done(ans, "clarify", f"政府采购预算中有几项都说到这个词：{listed}。"
                                         "请问您问的是哪一项？")
    if len(rows) == 1 and EXAMPLES.search(key) and match_key(ent.name) not in match_key(q.raw):
        # "信息网络建设准备花多少钱买电脑软件这些": the item is an example of what the 专项
        # the question names buys — that 专项's row (not when it is named as printed:
        # "…里PC服务器这类")
        whole = [r for r in result.rows if r["level"] == Stored.PURCHASE_LINE and
                 r["project"] == rows[0]["project"] and r["total"] is not None and
                 shared_run(match_key(r["project"] or ""), key) >= PROJECT_RUN_LEAST]
        if len(whole) == 1:
            ans.explain(ent.name)          # (the example said is one of what it buys)
            rows, ent = whole, Entity("procurement", procurement_name(whole[0])[0],
                                      (("level", Stored.PURCHASE_LINE),))
    ans.cite(result, rows)
    src = table_label(rows[0]["table_no"], rows[0]["table_title"])
    if len(rows) == 1:
        r = rows[0]
        where = f"（{r['project']}）" if r["project"] and level != Stored.PURCHASE_CLASS else ""
        ans.explain(r["project"] or "")
        shown = ans.figure(ent.name, r["total"], q.unit, at=r)
        return ctx.done(ans, "answered", f"政府采购预算中，{ent.name}{where}为{shown}"
                                           f"（{src}，第{r['line']}行）。")
    ans.candidates = [Candidate(ent.name, r["project"] or r["category"],
                                f"政府采购{r['project'] or r['category']}的{ent.name}",
                                amount=ctx.amt(r["total"], q.unit)) for r in rows]
    parts = "，".join(f"{r['project'] or r['category']}{ctx.amt(r['total'], q.unit)}"
                      f"（第{r['line']}行）" for r in rows)
    return ctx.done(ans, "clarify", f"{src}中“{ent.name}”有{len(rows)}行：{parts}。"
                                     "请问您问的是哪一项？")


def _other_projects_said(all_rows: list[dict], rows: list[dict], ent: Entity,
                         key: str) -> list[dict]:
    """The 专项 lines (other than the answered rows') whose 专项 name holds the part of the
    entity's name the question said, when it said only a part ("网络" of 信息网络…)."""
    name = match_key(ent.name)
    size = shared_run(name, key)
    said = next((key[i:i + size] for i in range(len(key) - size + 1)
                 if key[i:i + size] in name), "")
    if len(said) < PROCUREMENT_WORD_LEAST or said == name:
        return []
    own = {r["project"] for r in rows}
    return [r for r in all_rows if r["level"] == Stored.PURCHASE_LINE and
            r["total"] is not None and r["project"] not in own and
            said in match_key(r["project"] or "")]


def column_answer(ctx: Context, q, key, kn, ans, ent) -> Answer | None:
    """A column of the income / expense table, read from its 合计 row."""
    result = ctx.run(ans, "table_total", kn, table_kind=ent.get("table_kind"))
    cell = next((r for r in result.rows if r["column_path"] == ent.get("path")), None)
    if cell is None or cell["value"] is None:
        return None
    ans.cite(result, [cell])
    shown = ans.figure(ent.name, cell["value"], q.unit, at=cell)
    src = table_label(cell["table_no"], cell["table_title"])
    return ctx.done(ans, "answered", f"{src}合计行中“{ent.name}”为{shown}"
                                       f"（第{cell['line']}行）。")


def table_answer(ctx: Context, q, key, kn, ans, ent) -> Answer | None:
    tables = ctx.query(ans, "report_tables", kn, cite=False)
    t = next(t for t in tables if t["table_no"] == ent.get("table_no"))
    if t["is_empty"]:
        ans.rows.append({"table": table_label(t["table_no"], t["title"]),
                         "line": t["title_line"],
                         "cells": [t["title"]]})
        return ctx.done(ans, "answered", f"{table_label(t['table_no'], t['title'])}：本表无数据"
                                           "（该部门未安排此项预算）。")
    if t["kind"] in ("summary", "fiscal_summary"):
        return summary_table_answer(ctx, q, kn, ans, t)
    rows = ctx.query(ans, "table_total", kn, table_kind=t["kind"])
    main = next((r for r in rows if r["col_key"] == "total"), None)
    if main is None:
        return None
    shown = ans.figure(f"{t['title']}合计", main["value"], q.unit, at=main)
    return ctx.done(ans, "answered", f"{table_label(t['table_no'], t['title'])}合计{shown}"
                                       f"（第{main['line']}行）。")


def summary_table_answer(ctx: Context, q, kn, ans, t) -> Answer | None:
    """A 收支总表 asked as a whole: its 收入总计, with 本年收入合计 and 上年结转."""
    words = format_named(kn.format).summary_rows
    result = ctx.run(ans, "table_cells", kn, table_no=t["table_no"])
    cells = result.rows
    pick = {}
    for c in cells:
        for role in ("income_total", "income_subtotal", "carry_in", "carry_in_fiscal"):
            if c["name"] == words[role] and role not in pick:
                pick[role] = c
    total = pick.get("income_total")
    if total is None:
        return None
    used = [total] + [pick[r] for r in ("income_subtotal", "carry_in", "carry_in_fiscal")
                      if r in pick]
    ans.cite(result, used)
    parts = [f"{c['name']}{ans.figure(c['name'], c['value'], q.unit, at=c)}" for c in used]
    src = table_label(t["table_no"], t["title"])
    return ctx.done(ans, "answered", f"{src}：" + "，".join(parts) + "。")


# ------------------------------------------------------------ matching (no SQL)


def match_code(q: Question, key: str, kn: Knowledge) -> dict | None:
    # "100万元" is not a 科目编码: only codes the document has
    codes = [c for c in CODE.findall(key) if c in kn.codes]
    return {"codes": codes} if codes else None


def match_amount(q: Question, key: str, kn: Knowledge) -> dict | None:
    return {}           # any question may name one amount: the reading judges the answer
