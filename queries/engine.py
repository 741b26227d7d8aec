"""The question engine: normalise, recognise intent and entities, run a template, compose the answer.

`Engine.ask(question)` never raises for any input: it returns an `Answer` whose status is one of
answered / clarify / no_data / out_of_scope. A figure appears only when a matched entity
produced it from the database.
"""

from __future__ import annotations

import atexit
import re
import threading
from collections import OrderedDict
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable

from rapidfuzz.distance import LCSseq

from catalog.build import DEFAULT_DB, DEFAULT_DOCS, ensure_database
from catalog.formats import AMOUNT_KEY_LABELS, SHANXI_2026
from errors import BudgetQAError
from queries.answer import Answer, convert, fmt_number, table_label
from queries.db import open_readonly, run
from queries import compare
from queries.knowledge import Entity, Knowledge, build_knowledge, load_synonyms
from queries.scope import Doc, resolve, strip_names
from queries.matcher import Match, find
from queries.normalize import Question, match_key, normalize
from queries.templates import load_templates

# words that only carry the question's form, removed before matching names
# (single characters only where they never occur inside a budget name: not 有/共, which do in
# 国有资本, 一般公共预算)
_GENERIC = ("是多少钱", "多少钱", "是多少", "有多少", "为多少", "多少", "是什么", "什么", "哪些",
            "哪个", "几个", "有几", "一共有", "总共有", "共有", "一共", "总共", "的", "了", "呢",
            "吗", "是", "金额", "预算数", "安排", "花", "钱", "给", "要", "用于", "情况", "数额",
            "资金量")
_RESIDUE = set("合计总额总计资金金额预算支出收入经费费用数是多少有几个钱万元亿年度本")
# column words: they qualify a 科目 / item rather than name one
_MODIFIERS = {"上年结转": "carryover", "结转": "carryover", "单位资金": "unit_funds",
              "基本支出": "basic", "项目支出": "project", "一般公共预算": "gpb",
              "当年": "current", "本年": "current"}
_BUDGET_WORDS = re.compile(r"预算|经费|资金|支出|收入|拨款|项目|费|钱|金额|结转|科目|绩效|三公|设备|"
                           r"多少|采购|资产|编制|单位|机构|职责|指标")
_GLOSSARY_ASK = re.compile(r"^(?:什么是|何为|解释一下|解释|请解释)(.+?)$|^(.+?)(?:是什么意思|是什么|指什么|"
                           r"的定义|的含义|什么意思|的意思)$")
_RANK = re.compile(r"最多|最高|最大|最少|最低|最小|前(\d+|[一二三四五六七八九十])|排名|排行|排序")
_FILTER = re.compile(r"超过|大于|高于|多于|以上|不少于|至少")
_CHANGE = re.compile(r"比上年|比去年|较上年|同比|增加|减少|增长|下降|增减|变化|变动|没变|不变")
_REASON = re.compile(r"为什么|为何|原因|怎么回事")
_SHARE = re.compile(r"占比|比例|比重|占.{0,6}(?:多少|百分|%)|百分之")
_PERF = re.compile(r"绩效|指标|目标")
_PERF_FACTS = {"实施单位": "unit", "项目期": "term", "项目属性": "attribute", "主管部门": "department",
               "概况": "overview", "立项依据": "basis", "必要性": "necessity", "实施计划": "plan",
               "总体目标": "goal_year", "用途": "overview", "做什么": "overview"}
_ORG = re.compile(r"事业单位|所属单位|下属单位|下属机构|内设机构|机构设置|处室|职责|职能(?!部门)")
_ASSET = re.compile(r"辆|车辆|用车|房屋|办公用房|面积|平方米|通用设备|设备|资产")
_DEPT_FACT = re.compile(r"编制|在职|在编|人员总数|人员数|职能部门|预算单位数|其他人员")
_MEASURE = re.compile(r"多少(人|天|次|台|套|辆|项|期|个|张|份|册|件|架|支|篇|学时|平方米)|"
                      r"几(人|天|次|台|套|辆|项|期|个|张|份|架|支)|(人|天)数")
_PERF_WORDS = re.compile(r"的?(绩效目标|绩效指标|绩效|指标|目标|项目)")
_PAREN = re.compile(r"（[^）]*）")
_SAME = re.compile(r"相同|持平|一致|不变|没有变化")
_CODE = re.compile(r"(?<!\d)(\d{7}|\d{5}|\d{3})(?!\d)")
_ORDINAL = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_CLAUSE = re.compile(r"[，；。、：;]|(?<!\d),|,(?!\d)")
_DESCRIBE_NOISE = re.compile(r"哪个|哪些|哪一个|什么|项目|购买|购置|采购|买|用于|用来|涉及|包括|包含|"
                             r"有关|关于|相关|的|是|有|在|钱|资金|预算|经费|花")
_AMOUNT_KINDS = {"summary", "split", "subject", "econ", "sangong", "opex", "project", "table"}
_NUM_UNIT = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(万元|亿元|元|%|个|人|辆|台（套）|平方米)")


def _strip_generic(text: str) -> str:
    for word in _GENERIC:
        text = text.replace(word, "")
    return text


def _is_residue(text: str) -> bool:
    return all(ch in _RESIDUE for ch in text)


def _remove_chars(text: str, name: str) -> str:
    """Delete `name`'s characters from `text` (what the question says besides the name)."""
    if name in text:
        return text.replace(name, "", 1)
    out = list(text)
    for ch in name:
        if ch in out:
            out.remove(ch)
    return "".join(out)


def _explained_by_entity(key: str, word: str, kn: Knowledge) -> bool:
    """True when a budget entity whose name contains `word` matches the question: then `word`
    is part of that name (职业年金 … 事业单位, 办公用房租赁费), not a topic of its own."""
    hits = kn.find(_strip_generic(key), _AMOUNT_KINDS)
    return bool(hits) and word in hits[0].key and hits[0].matched > len(word)


class Engine:
    """Answers questions about the documents in one database. Thread-safe: a cursor per query."""

    def __init__(self, db_path: Path = DEFAULT_DB, docs_dir: Path | None = DEFAULT_DOCS) -> None:
        self.notice = ""
        if docs_dir is not None:
            report = ensure_database(docs_dir, db_path)
            if report is not None:
                self.notice = "数据库已根据文档重新构建。"
        self.templates = load_templates()
        self.con = open_readonly(db_path)
        self.synonyms = load_synonyms()
        self.docs = [Doc(r["doc_id"], r["department"], r["year"], r["title"], r["file"])
                      for r in run(self.con, self.templates["documents"]).rows]
        # names are indexed per document on first use; a bounded cache keeps memory flat
        self._knowledge: OrderedDict[int, Knowledge] = OrderedDict()
        self._lock = threading.Lock()
        if self.docs:
            self.knowledge_for(self.docs[0].doc_id)

    KNOWLEDGE_CACHE = 64

    def knowledge_for(self, doc_id: int) -> Knowledge:
        """The entity index of one document (built on first use, least recently used dropped)."""
        with self._lock:
            kn = self._knowledge.get(doc_id)
            if kn is not None:
                self._knowledge.move_to_end(doc_id)
                return kn
        doc = next(d for d in self.docs if d.doc_id == doc_id)
        kn = build_knowledge(self.con, self.templates, {"doc_id": doc.doc_id,
                                                        "department": doc.department,
                                                        "year": doc.year, "title": doc.title})
        with self._lock:
            self._knowledge[doc_id] = kn
            while len(self._knowledge) > self.KNOWLEDGE_CACHE:
                self._knowledge.popitem(last=False)
        return kn

    def doc(self, ref: int | str | None) -> Doc | None:
        """A loaded document by doc_id or by its key (the file name without .txt)."""
        for d in self.docs:
            if ref is not None and (d.doc_id == ref or d.key == str(ref)):
                return d
        return None

    # ------------------------------------------------------------ plumbing

    def _q(self, ans: Answer, template: str, kn: Knowledge, /, cite: bool = True,
           table: str = "", **params: Any) -> list[dict[str, Any]]:
        result = run(self.con, self.templates[template], doc_id=kn.doc_id, **params)
        if cite:
            ans.cite(result, table=table)
        else:
            ans.sql.append({"template": result.template, "sql": result.sql,
                            "params": dict(result.params)})
        return result.rows

    def close(self) -> None:
        self.con.close()

    @staticmethod
    def _amt(value_wan: Decimal, unit: str) -> str:
        """An amount (万元 in the tables) in the unit the question asked for, for sentences."""
        value, shown = convert(value_wan, "万元", unit)
        return f"{fmt_number(value, shown)}{shown}"

    def examples(self, doc_id: int | None = None) -> list[str]:
        """A few questions this document can answer, read from its own names."""
        kn = self.knowledge_for(doc_id if doc_id is not None else self.docs[0].doc_id)
        out = ["预算总额是多少？"]
        kinds = {e.kind for e in kn.entities}
        if "sangong" in kinds:
            out.append("三公经费是多少？")
        projects = [e for e in kn.entities if e.kind == "project"]
        if projects:
            rows = run(self.con, self.templates["period_projects"], doc_id=kn.doc_id,
                       period="本年").rows
            if rows:
                out.append(f"{rows[0]['name']}花多少钱？")
            names = [e.name for e in projects]
            shared = next((n for n in names if len({e.get("unit") for e in projects
                                                     if e.name == n}) > 1), None)
            if shared:
                out.append(shared)
        if kn.glossary:
            out.append(f"什么是{kn.glossary[0]['term']}？")
        return out

    # ------------------------------------------------------------ entry point

    def ask(self, raw: Any, doc: int | str | None = None) -> Answer:
        """Answer one question (about `doc` when the question names no document); any
        unexpected failure becomes a friendly message."""
        text = raw if isinstance(raw, str) else ("" if raw is None else str(raw))
        try:
            return self._ask(text, self.doc(doc))
        except BudgetQAError as exc:
            return Answer(text, "no_data", f"抱歉，暂时无法回答：{exc.message}")
        except Exception:  # noqa: BLE001 - the edge: no traceback reaches a user
            return Answer(text, "no_data", "抱歉，处理这个问题时出错了，请换一种问法再试。")

    def _ask(self, text: str, selected: Doc | None) -> Answer:
        q = normalize(text)
        ans = Answer(text, "answered", "")
        if q.truncated:
            ans.notice = f"问题过长，只读取了前 {len(q.text)} 个字。"
        if not q.key:
            return self._done(ans, "out_of_scope",
                              "请输入一个关于部门预算的问题，例如“三公经费是多少？”")
        if not self.docs:
            return self._done(ans, "no_data", "还没有载入任何预算文档。")
        key = q.key
        with self._lock:
            units = {k: [u.name for u in kn.units] for k, kn in self._knowledge.items()}
        scope = resolve(q, key, self.docs, units)
        loaded = "已载入的文档：" + "、".join(d.label for d in self.docs[:8]) + \
            (f"等{len(self.docs)}份" if len(self.docs) > 8 else "") + "。"
        if scope.unknown_org and not scope.named_department:
            return self._done(ans, "no_data", f"文档中没有“{scope.unknown_org}”的预算数据。{loaded}")
        if scope.unknown_year and not scope.named_year and not _CHANGE.search(key):
            return self._done(ans, "no_data", f"文档中没有{scope.unknown_year}年的预算数据。{loaded}")
        departments = {d.department for d in self.docs}
        if compare.CROSS.search(key) and len(departments) > 1:
            docs = scope.docs if scope.named_year else compare.latest_per_department(self.docs)
            reference = selected if selected in docs else docs[0]
            return compare.across(self, key, docs, reference, ans)
        target = self._target(scope, selected)
        if target is None:
            if not scope.docs:
                return self._done(ans, "no_data", f"文档中没有所问部门和年度的预算数据。{loaded}")
            ans.candidates = [{"name": d.label, "detail": d.title, "ask": f"{d.department}{d.year}年{q.text}",
                               "doc": d.key} for d in scope.docs[:10]]
            return self._done(ans, "clarify", "已载入多份预算文档，请问您问的是哪一份？" +
                              "；".join(d.label for d in scope.docs[:10]))
        if _CHANGE.search(key) and not _REASON.search(key):
            previous = compare.previous_year(target, self.docs)
            if previous is not None:
                result = compare.year_over_year(self, q, strip_names(key, target, scope.mentions),
                                                target, previous, ans)
                if result is not None:
                    return result
        result = self.answer_in(q, strip_names(key, target, scope.mentions), target, ans)
        if len(self.docs) > 1 and result.status == "answered":
            result.answer = f"【{target.label}】{result.answer}"
        return result

    def _target(self, scope, selected: Doc | None) -> Doc | None:
        """One document to answer from, or None when the question must say which."""
        docs = scope.docs
        if len(docs) == 1:
            return docs[0]
        if selected is not None and selected in docs:
            return selected
        if len({d.department for d in docs}) == 1 and docs:
            return max(docs, key=lambda d: d.year)        # a department named without a year
        return None

    def answer_in(self, q: Question, key: str, doc: Doc, ans: Answer | None = None) -> Answer:
        """Run the single-document handlers for `key` against one document."""
        kn = self.knowledge_for(doc.doc_id)
        key = self._with_synonyms(key, kn)
        if ans is None:
            ans = Answer(q.raw, "answered", "")
        ans.document = kn.title
        for handler in (self._by_code, self._glossary, self._dept_sheet, self._dept_fact,
                        self._org, self._services, self._assets, self._difference,
                        self._share, self._narrative, self._project_lists, self._perf,
                        self._amount, self._describe):
            result = handler(q, key, kn, ans)
            if result is not None:
                return result
        return self._not_found(q, key, kn, ans)

    def _with_synonyms(self, key: str, kn: Knowledge) -> str:
        """Colloquial words -> the document's words, unless the word is part of a name the
        question already uses ("工资" stays in "基本工资")."""
        for old, new in self.synonyms:
            if old in key and not any(name in key for name in kn.names_containing(old)):
                key = key.replace(old, new)
        return key

    def finish(self, ans: Answer, status: str, sentence: str) -> Answer:
        return self._done(ans, status, sentence)

    def _done(self, ans: Answer, status: str, sentence: str) -> Answer:
        ans.status = status
        ans.answer = (ans.notice + sentence) if ans.notice and status != "answered" else sentence
        if status != "answered":
            ans.figures = []
        return ans

    # ------------------------------------------------------------ handlers

    def _by_code(self, q: Question, key: str, kn: Knowledge, ans: Answer) -> Answer | None:
        for code in _CODE.findall(key):
            subj = self._q(ans, "subject_by_code", kn, cite=False, code=code)
            if not subj:
                continue
            name = subj[0]["name"]
            rest = _strip_generic(key.replace(code, "").replace(match_key(name), ""))
            return self._subject_answer(q, rest, kn, ans, code, name, subj[0]["level"])
        return None

    def _glossary(self, q: Question, key: str, kn: Knowledge, ans: Answer) -> Answer | None:
        if re.fullmatch(r"(有哪些)?名词解释(有哪些)?|术语(解释)?", key):
            rows = self._q(ans, "glossary", kn, cite=False)
            for r in rows:
                ans.rows.append({"table": "第四部分 名词解释", "line": r["line"],
                                 "cells": [f"{r['term']}：{r['definition']}"]})
            return self._done(ans, "answered", f"名词解释共{len(rows)}条：" +
                              "、".join(r["term"] for r in rows) + "。可以问“什么是……”。")
        m = _GLOSSARY_ASK.match(key)
        if not m:
            return None
        term_key = match_key(m.group(1) or m.group(2))
        hits = kn.find(term_key, {"term"}, cutoff=0.8)
        if not hits:
            return None
        ent = hits[0].item
        rows = self._q(ans, "glossary", kn, cite=False)
        row = next(r for r in rows if r["line"] == ent.get("line"))
        ans.rows.append({"table": "第四部分 名词解释", "line": row["line"],
                         "cells": [f"{row['term']}：{row['definition']}"]})
        return self._done(ans, "answered", f"{row['term']}：{row['definition']}")

    def _org(self, q: Question, key: str, kn: Knowledge, ans: Answer) -> Answer | None:
        m = _ORG.search(key)
        if not m or _explained_by_entity(key, m.group(0), kn):
            return None
        rows = self._q(ans, "org", kn, cite=False)
        word = m.group(0)
        if word in ("事业单位", "所属单位", "下属单位", "下属机构"):
            count = next((r for r in rows if r["kind"] == "所属单位数"), None)
            names = [r["name"] for r in rows if r["kind"] == "所属单位"]
            if count is None:
                return None
            ans.figures.append({"label": "所属事业单位数", "value": count["count"], "unit": "个"})
            self._cite_lines(ans, kn, [count["line"]], "第一部分 机构设置情况")
            return self._done(ans, "answered", f"{kn.department}所属事业单位{count['count']}个："
                                               f"{'、'.join(names)}。")
        if word in ("内设机构", "处室", "机构设置"):
            names = [r["name"] for r in rows if r["kind"] == "内设机构"]
            if not names:
                return None
            ans.figures.append({"label": "内设机构数", "value": len(names), "unit": "个"})
            self._cite_lines(ans, kn, [next(r["line"] for r in rows if r["kind"] == "内设机构")],
                             "第一部分 机构设置情况")
            return self._done(ans, "answered", f"{kn.department}设内设机构{len(names)}个："
                                               f"{'、'.join(names)}。")
        duties = [r for r in rows if r["kind"] == "职责"]
        if not duties or _strip_generic(key.replace(word, "")) not in ("", "主要", "部门", "本部门"):
            return None
        self._cite_lines(ans, kn, [d["line"] for d in duties], "第一部分 本部门职责")
        return self._done(ans, "answered", f"{kn.department}的主要职责共{len(duties)}项：\n" +
                          "\n".join(d["name"] for d in duties))

    def _cite_lines(self, ans: Answer, kn: Knowledge, lines: list[int], table: str) -> None:
        for line in lines:
            rows = self._q(ans, "paragraph", kn, cite=False, line=line)
            text = rows[0]["text"] if rows else ""
            ans.rows.append({"table": table, "line": line, "cells": [text] if text else []})

    def _dept_sheet(self, q: Question, key: str, kn: Knowledge, ans: Answer) -> Answer | None:
        """部门整体绩效目标 / 部门的年度绩效指标: the department's overall sheet."""
        if not (re.search(r"整体", key) and _PERF.search(key)) and \
                not re.search(r"部门(的)?(年度)?绩效(目标|指标)", key):
            return None
        facts = self._q(ans, "dept_facts", kn, cite=False)
        goal = next((f for f in facts if f["category"] == "文字" and f["key"] == "annual_goal"), None)
        indicators = self._q(ans, "perf_indicators", kn, cite=False, sheet_no=0)
        if goal is None and not indicators:
            return None
        where = "部门整体支出绩效目标申报表"
        parts = []
        if goal is not None:
            ans.rows.append({"table": where, "line": goal["line"], "cells": goal["cells"]})
            parts.append(f"年度绩效目标：{goal['value']}")
        if indicators:
            for r in indicators[:12]:
                ans.rows.append({"table": where, "line": r["line"], "cells": r["cells"]})
            listed = "；".join(f"{r['name']}：{r['value']}" for r in indicators[:12])
            more = f"等{len(indicators)}项" if len(indicators) > 12 else f"共{len(indicators)}项"
            parts.append(f"年度绩效指标{more}：{listed}")
        if "指标" in key:
            parts.reverse()
        return self._done(ans, "answered", "\n".join(parts))

    def _services(self, q: Question, key: str, kn: Knowledge, ans: Answer) -> Answer | None:
        """政府购买服务指导性目录: what the catalogue lists."""
        if "购买服务" not in key or not re.search(r"目录|哪些|有什么|清单|范围", key):
            return None
        rows = self._q(ans, "services", kn, cite=False)
        if not rows:
            return None
        leaves = [r for r in rows if r["level"] == max(x["level"] for x in rows)]
        for r in leaves:
            ans.rows.append({"table": f"政府购买服务指导性目录 {r['section']}".strip(),
                             "line": r["line"], "cells": [r["code"], r["name"]]})
        by_section: dict[str, list[str]] = {}
        for r in leaves:
            by_section.setdefault(r["section"] or "（未标明）", []).append(r["name"])
        parts = [f"{sec}（{len(names)}项）：{'、'.join(names[:10])}{'等' if len(names) > 10 else ''}"
                 for sec, names in by_section.items()]
        return self._done(ans, "answered", f"政府购买服务指导性目录列出{len(rows)}个条目，其中具体服务"
                                           f"{len(leaves)}项。" + "；".join(parts) + "。")

    def _difference(self, q: Question, key: str, kn: Knowledge, ans: Answer) -> Answer | None:
        """项目支出比基本支出多多少: two amounts from the tables and their difference."""
        m = re.match(r"^(.+?)比(.+?)(多|少|高|低)(多少|几)?", _strip_generic(key).replace("多多少", "多"))
        if not m or m.group(2).startswith(("上年", "去年")):
            return None
        first = self._lookup_amount(m.group(1), kn, ans, cite=True)
        second = self._lookup_amount(m.group(2), kn, ans, cite=True)
        if first is None or second is None or first[0] == second[0]:
            return None
        diff = first[1] - second[1]
        ans.figure(first[0], first[1], q.unit)
        ans.figure(second[0], second[1], q.unit)
        shown = ans.figure(f"{first[0]}与{second[0]}之差", abs(diff), q.unit)
        word = "多" if diff > 0 else "少" if diff < 0 else "相同"
        return self._done(ans, "answered", f"{first[0]}{self._amt(first[1], q.unit)}，{second[0]}"
                                           f"{self._amt(second[1], q.unit)}，前者比后者{word}{shown}"
                                           "（按报表数计算）。")

    def _dept_fact(self, q: Question, key: str, kn: Knowledge, ans: Answer) -> Answer | None:
        if not _DEPT_FACT.search(key):
            return None
        rows = [r for r in self._q(ans, "dept_facts", kn, cite=False)
                if r["category"] == "基本信息" and r["number"] is not None]
        hits = find(_strip_generic(key), [match_key(r["key"]) for r in rows], rows, cutoff=0.6)
        if not hits:
            return None
        r = hits[0].item
        ans.figures.append({"label": r["key"], "value": int(r["number"]), "unit": r["unit"]})
        ans.rows.append({"table": "部门整体支出绩效目标申报表", "line": r["line"], "cells": r["cells"]})
        return self._done(ans, "answered", f"{r['key']}：{r['value']}（部门整体支出绩效目标申报表，"
                                           f"第{r['line']}行）。")

    def _assets(self, q: Question, key: str, kn: Knowledge, ans: Answer) -> Answer | None:
        m = _ASSET.search(key)
        counted = re.search(r"辆|平方米|面积|台|套", key)   # counts, never money
        if not m or _PERF.search(key) or (not counted and _explained_by_entity(key, m.group(0), kn)):
            return None
        named = kn.find(_strip_generic(key), {"project"})
        if named and named[0].matched == len(named[0].key) >= 4:
            return None          # "办公用房租赁费租了多少平方米" asks the project's indicator
        rows = self._q(ans, "assets", kn, cite=False)
        if not rows:
            return None
        dept = match_key(kn.department)
        items = [match_key(r["item"]).replace(dept, "") for r in rows]
        probe = _strip_generic(key)
        scored = [(LCSseq.similarity(probe, it), -i) for i, it in enumerate(items)]
        best, neg_i = max(scored)
        if best < 2:
            return None
        r = rows[-neg_i]
        related = [x for x in rows if x["line"] == r["line"]]
        clauses = [f"{x['item'].replace(kn.department, '')}{fmt_number(x['number'], '')}{x['unit']}"
                   for x in related if x is r or LCSseq.similarity(probe, match_key(x["item"])) >= best]
        ans.figures.append({"label": r["item"].replace(kn.department, ""),
                            "value": int(r["number"]) if r["number"] == int(r["number"])
                            else float(r["number"]), "unit": r["unit"]})
        ans.rows.append({"table": "国有资产占有使用情况", "line": r["line"], "cells": [r["text"]]})
        return self._done(ans, "answered", "；".join(clauses) + f"。原文：{r['text']}")

    def _share(self, q: Question, key: str, kn: Knowledge, ans: Answer) -> Answer | None:
        if not _SHARE.search(key):
            return None
        probe = re.sub(r"占.*$|的?(?:占比|比例|比重).*$", "", key)
        part = self._lookup_amount(probe, kn, ans, cite=True)
        if part is None:
            return None
        label, value, base_label, base_kind = part
        base = self._base_total(base_kind, kn, ans)
        if base is None or not base[1]:
            return None
        share = (value / base[1] * 100).quantize(Decimal("0.01"))
        ans.figures.append({"label": f"{label}占{base[0]}的比例", "value": float(share), "unit": "%"})
        return self._done(ans, "answered",
                          f"{label}{fmt_number(value)}万元，占{base[0]}{fmt_number(base[1])}万元的"
                          f"{share}%（按报表数计算）。")

    def _base_total(self, kind: str, kn: Knowledge, ans: Answer) -> tuple[str, Decimal] | None:
        if kind == "income":
            rows = self._q(ans, "table_total", kn, table_kind="summary")
            ent = next((e for e in kn.entities if e.kind == "summary" and e.name == "收入总计"), None)
            if ent:
                cells = self._q(ans, "row_cells", kn, table_no=ent.get("table_no"),
                                line=ent.get("line"), name=ent.name)
                v = next((c["value"] for c in cells if c["col_key"] == "total"), None)
                if v is not None:
                    return "收入总计", v
            return None if not rows else ("合计", rows[0]["value"])
        rows = self._q(ans, "table_total", kn, table_kind="expense")
        v = next((r["value"] for r in rows if r["col_key"] == "total"), None)
        return None if v is None else ("支出合计", v)

    def _lookup_amount(self, probe: str, kn: Knowledge, ans: Answer,
                       cite: bool) -> tuple[str, Decimal, str, str] | None:
        """A single amount for share questions: a summary row or a split (基本/项目/人员/公用)."""
        hits = kn.find(_strip_generic(probe), {"summary", "split"})
        if not hits:
            return None
        ent = hits[0].item
        if ent.kind == "split":
            rows = self._q(ans, "table_total", kn, table_kind=ent.get("table"))
            v = next((r["value"] for r in rows if r["col_key"] == ent.get("key")), None)
            return None if v is None else (ent.name, v, "支出合计", "expense")
        cells = self._q(ans, "row_cells", kn, table_no=ent.get("table_no"), line=ent.get("line"),
                        name=ent.name)
        v = next((c["value"] for c in cells if c["col_key"] == "total"), None)
        return None if v is None else (ent.name, v, "收入总计", "income")

    def _narrative(self, q: Question, key: str, kn: Knowledge, ans: Answer) -> Answer | None:
        change, reason = _CHANGE.search(key), _REASON.search(key)
        purchase = "采购" in key
        if not (change or reason or purchase):
            return None
        topic = _strip_generic(_REASON.sub("", key))
        topic_core = _CHANGE.sub("", topic)
        best, best_score = None, 0.0
        for p in kn.paragraphs:
            if p["kind"] != "paragraph" or len(p["text"]) < 15:
                continue
            text = match_key(p["text"])
            if change and not (_CHANGE.search(text) or _SAME.search(text)) and not reason:
                continue
            section = match_key(p["section"] or "")
            score = 3 * LCSseq.similarity(topic_core, section) + \
                LCSseq.similarity(topic_core, text)
            if purchase and "采购" in section:
                score += 10
            if reason and "原因" in text:
                score += 2
            if score > best_score:
                best, best_score = p, score
        if best is None or best_score < 4:
            return None
        clauses = [c for c in _CLAUSE.split(best["text"]) if c.strip()]
        if reason:
            sentence = best["text"]
        else:
            # a change question wants the clause that states the change (比上年增加…/相同)
            def fit(c: str) -> int:
                bonus = 10 if change and (_CHANGE.search(c) or _SAME.search(c)) else 0
                return LCSseq.similarity(topic, match_key(c)) + bonus
            sentence = max(clauses, key=fit)
        best = self._q(ans, "paragraph", kn, cite=False, line=best["line"])[0]
        ans.rows.append({"table": f"第三部分 {best['section']}", "line": best["line"],
                         "cells": [best["text"]]})
        for num, unit in _NUM_UNIT.findall(sentence if not reason else "")[:3]:
            ans.figures.append({"label": sentence[:40], "value": float(num.replace(",", "")),
                                "unit": unit})
        return self._done(ans, "answered", f"{sentence.strip()}（{best['section']}，第{best['line']}行）")

    def _project_lists(self, q: Question, key: str, kn: Knowledge, ans: Answer) -> Answer | None:
        if "项目" not in key:
            return None
        rank, filt = _RANK.search(key), _FILTER.search(key)
        units = kn.find_units(key)
        listing = re.search(r"哪些|列表|清单|所有|全部|有什么|的项目$|项目有", key)
        carry = "结转" in key
        if rank:
            period = "上年结转" if carry else "本年"
            rows = self._q(ans, "period_projects", kn, cite=False, period=period)
            n = 1
            if rank.group(1):
                g = rank.group(1)
                n = int(g) if g.isdigit() else _ORDINAL.get(g, 3)
            low = re.search(r"最少|最低|最小", key)
            ordered = list(reversed(rows)) if low else rows
            top = ordered[:n]
            ans.cite(ans_result(self, kn, "period_projects", period=period), top)
            parts = [self._project_line(ans, r) for r in top]
            word = "最少" if low else "最多"
            head = f"{period}项目中金额{word}的" + (f"前{n}个" if n > 1 else "是")
            return self._done(ans, "answered", f"{head}：" + "；".join(parts) + "（只比较项目，不含单位小计）。")
        if filt and q.amounts_wan:
            threshold = q.amounts_wan[0]
            rows = self._q(ans, "projects_over", kn, min_total=threshold)
            parts = [self._project_line(ans, r) for r in rows]
            if not rows:
                return self._done(ans, "answered", f"没有金额超过{fmt_number(threshold)}万元的项目。")
            return self._done(ans, "answered", f"金额超过{fmt_number(threshold)}万元的项目共{len(rows)}个："
                                               + "；".join(parts) + "。")
        if units and (listing or _strip_generic(_remove_chars(key, units[0].key)) in ("项目", "")):
            unit = units[0].item.name
            rows = self._q(ans, "unit_projects", kn, unit=unit)
            if not rows:
                return None
            parts = [self._project_line(ans, r) for r in rows]
            return self._done(ans, "answered", f"{unit}的项目共{len(rows)}个：" + "；".join(parts) + "。")
        if carry and listing:
            rows = self._q(ans, "period_projects", kn, period="上年结转")
            parts = [self._project_line(ans, r) for r in rows]
            return self._done(ans, "answered", f"上年结转项目共{len(rows)}个：" + "；".join(parts) + "。")
        rest = _strip_generic(key)
        if ("结转" in rest or "本年" in rest) and "项目" in rest:
            other = rest.replace("上年结转", "").replace("结转", "").replace("本年", "")
            other = other.replace("项目支出", "").replace("项目", "")
            if _is_residue(other):
                period = "上年结转" if "结转" in rest else "本年"
                rows = self._q(ans, "project_table_total", kn, period=period)
                if rows:
                    r = rows[0]
                    shown = ans.figure(f"{period}项目支出合计", r["total"], q.unit)
                    return self._done(ans, "answered", f"{period}项目支出合计{shown}"
                                                       f"（{table_label(r['table_no'], r['table_title'])}，第{r['line']}行）。")
        return None

    def _project_line(self, ans: Answer, r: dict[str, Any]) -> str:
        ans.figures.append({"label": f"{r['name']}（{r['unit']}，{r['period']}）",
                            "value": float(r["total"]), "unit": "万元"})
        return f"{r['name']}（{r['unit']}，{r['period']}）{fmt_number(r['total'])}万元"

    # ------------------------------------------------------------ performance

    def _perf(self, q: Question, key: str, kn: Knowledge, ans: Answer) -> Answer | None:
        hits = kn.find(_strip_generic(key), {"project"}) or \
            kn.find(_PERF_WORDS.sub("", _strip_generic(key)), {"project"})
        if not hits:
            return None
        candidates = self._project_candidates(hits, key, kn)
        sheets = [(no, s) for no, s in kn.sheets.items()
                  if any(s["project"] == c.item.name and s["unit"] == c.item.get("unit")
                         for c in candidates)]
        if not sheets:
            return None
        rest = _strip_generic(_remove_chars(key, candidates[0].key))
        fact = next((f for w, f in _PERF_FACTS.items() if w in rest), None)
        wants_funds = "资金总额" in rest or "资金来源" in rest or re.search(r"(?<!万)元$", rest)
        ind_hits = []
        for no, s in sheets:
            names = sorted(s["indicators"])
            # "培训（参会）人数" is also found as "培训人数"
            keys = [match_key(n) for n in names] + [_PAREN.sub("", match_key(n)) for n in names]
            seen: set[str] = set()
            for h in find(rest, keys, names + names, cutoff=0.6):
                if h.item not in seen:
                    seen.add(h.item)
                    ind_hits.append((h, no))
        if not (fact or wants_funds or ind_hits or _PERF.search(rest)):
            return None
        if len(sheets) > 1:
            return self._clarify_projects(ans, [c.item for c in candidates], kn)
        no, sheet = sheets[0]
        info = self._q(ans, "perf_sheet", kn, cite=False, sheet_no=no)[0]
        where = f"{info['project']}（{info['unit']}）绩效目标表"
        if fact:
            value = info.get(fact) or "（表中未填写）"
            label = next(w for w, f in _PERF_FACTS.items() if f == fact)
            self._cite_source(ans, kn, info["project_line"], where)
            return self._done(ans, "answered", f"{where}中的{label}：{value}")
        if wants_funds:
            funds = self._q(ans, "perf_funds", kn, table=where, sheet_no=no)
            parts = []
            for f in funds:
                if f["value"] is None or (f["source"] != "资金总额" and not f["value"]):
                    continue
                shown = ans.figure(f"{f['period']}{f['source']}", f["value"], "元", f["unit"])
                parts.append(f"{f['period']}{f['source']}{shown}")
            return self._done(ans, "answered", f"{where}：" + "；".join(parts) + "。")
        indicators = self._q(ans, "perf_indicators", kn, cite=False, sheet_no=no)
        if ind_hits:
            # "培训多少人" wants the indicator measured in 人, not the 合格率 of the 培训人员
            measure = _MEASURE.search(key)
            unit_of = {r["name"]: r["unit"] or "" for r in indicators}
            wanted = next((g for g in (measure.groups() if measure else ()) if g), "")

            def rank(hn):
                h = hn[0]
                fits = bool(wanted) and unit_of.get(h.item, "").startswith(wanted)
                return (-h.matched, -h.coverage, not fits, -h.ratio)
            ind_hits.sort(key=rank)
            name = ind_hits[0][0].item
            rows = [r for r in indicators if r["name"] == name]
            year = next((r for r in rows if r["period"] == "年度"), rows[0])
            ans.rows.append({"table": where, "line": year["line"], "cells": year["cells"]})
            if year["number"] is not None:
                ans.figures.append({"label": f"{name}（{year['period']}指标值）",
                                    "value": float(year["number"]), "unit": year["unit"]})
            others = [r for r in rows if r is not year and r["value"] != year["value"]]
            extra = f"；实施期指标值{others[0]['value']}" if others else ""
            return self._done(ans, "answered", f"{where}：{year['level2']}“{name}”年度指标值为"
                                               f"{year['value']}{extra}（第{year['line']}行）。")
        yearly = [r for r in indicators if r["period"] == "年度"]
        for r in yearly:
            ans.rows.append({"table": where, "line": r["line"], "cells": r["cells"]})
        listing = "；".join(f"{r['level2']}·{r['name']}：{r['value']}" for r in yearly)
        return self._done(ans, "answered", f"{where}的年度绩效指标共{len(yearly)}项：{listing}。")

    def _cite_source(self, ans: Answer, kn: Knowledge, line: int, table: str) -> None:
        ans.rows.append({"table": table, "line": line, "cells": []})

    # ------------------------------------------------------------ amounts

    def _amount_hits(self, key: str, kn: Knowledge) -> tuple[list[Match[Entity]], str | None, str]:
        """Entities the question names, with the column word that qualifies them (if any)."""
        base = _strip_generic(key)
        mods = sorted([(w, k) for w, k in _MODIFIERS.items() if w in base], key=lambda wk: -len(wk[0]))
        stripped = base
        for w, _ in mods:
            stripped = stripped.replace(w, "")
        hits: list[Match[Entity]] = []
        if mods and stripped and not _is_residue(stripped):
            hits = kn.find(stripped, _AMOUNT_KINDS - {"summary", "split", "table"})
        if hits:
            return hits, mods[0][1], base
        return kn.find(base, _AMOUNT_KINDS), None, base

    def _top(self, hits: list[Match[Entity]], probe: str) -> tuple[Match[Entity], Entity]:
        """The best hit; among equally good 三公 items the parent when the question is part of
        its name ("公务用车" -> 公务用车购置及运行费, but "车辆购置费" stays 购置费)."""
        top = hits[0]
        same = [h for h in hits if h.key == top.key]
        tied = [h for h in hits if (h.matched, h.coverage) == (top.matched, top.coverage)]
        parent = [h for h in tied if h.item.kind == "sangong" and h.item.get("level") == "项"
                  and h.matched == len(probe) and probe in h.key]
        if parent and top.item.kind == "sangong" and not top.exact:
            top, same = parent[0], [parent[0]]
        return top, self._prefer(same)

    def pick_entity(self, key: str, kn: Knowledge) -> Entity | None:
        """The one amount entity a question names (for comparisons across documents)."""
        hits, _, base = self._amount_hits(self._with_synonyms(key, kn), kn)
        return self._top(hits, base)[1] if hits else None

    def _amount(self, q: Question, key: str, kn: Knowledge, ans: Answer) -> Answer | None:
        hits, mod_key, base = self._amount_hits(key, kn)
        if not hits:
            return None
        top, ent = self._top(hits, base)
        if ent.kind == "project":
            return self._project_answer(q, key, kn, ans, [h for h in hits if h.item.kind == "project"])
        see_also = [h.item for h in hits[1:4] if h.item.kind == "project" and h.key != top.key
                    and top.key in h.key]
        if ent.kind == "subject":
            return self._subject_answer(q, mod_key or _modifier_of(base), kn, ans, ent.get("code"),
                                        ent.name, ent.get("level"))
        result = {"summary": self._summary_answer, "split": self._split_answer,
                  "econ": self._econ_answer, "sangong": self._sangong_answer,
                  "opex": self._opex_answer, "table": self._table_answer}[ent.kind](q, key, kn, ans, ent)
        if result is not None and see_also and result.status == "answered":
            names = "、".join(f"“{e.name}”（{e.get('unit')}）" for e in see_also)
            result.answer += f" 另有名称相近的项目：{names}，可直接询问。"
            result.candidates = [{"name": e.name, "detail": e.get("unit"), "ask": e.name}
                                 for e in see_also]
        return result

    @staticmethod
    def _prefer(same: list[Match[Entity]]) -> Entity:
        order = ["sangong", "opex", "summary", "split", "subject", "project", "econ", "table"]
        return min(same, key=lambda h: order.index(h.item.kind)).item

    def _summary_answer(self, q, key, kn, ans, ent) -> Answer:
        cells = self._q(ans, "row_cells", kn, table_no=ent.get("table_no"), line=ent.get("line"),
                        name=ent.name)
        values = [c for c in cells if c["value"] is not None]
        src = table_label(cells[0]["table_no"], cells[0]["table_title"]) if cells else ""
        if not values:
            return self._done(ans, "answered", f"{src}中“{ent.name}”一栏为空（无数据，未安排此项预算）。")
        main = next((c for c in values if c["col_key"] == "total"), values[0])
        shown = ans.figure(ent.name, main["value"], q.unit)
        extra = [f"{AMOUNT_KEY_LABELS.get(c['col_key'], c['column_path'])}"
                 f"{ans.figure(ent.name + '（' + AMOUNT_KEY_LABELS.get(c['col_key'], '') + '）', c['value'], q.unit)}"
                 for c in values if c is not main]
        tail = f"，其中{'，'.join(extra)}" if extra else ""
        return self._done(ans, "answered", f"{ent.name}为{shown}{tail}（{src}，第{main['line']}行）。")

    def _split_answer(self, q, key, kn, ans, ent) -> Answer | None:
        rows = self._q(ans, "table_total", kn, table_kind=ent.get("table"))
        row = next((r for r in rows if r["col_key"] == ent.get("key")), None)
        if row is None:
            return None
        shown = ans.figure(ent.name, row["value"], q.unit)
        total = next((r for r in rows if r["col_key"] == "total"), None)
        share = ""
        if total and total["value"]:
            pct = (row["value"] / total["value"] * 100).quantize(Decimal("0.01"))
            share = f"，占合计{self._amt(total['value'], q.unit)}的{pct}%"
        return self._done(ans, "answered", f"{ent.name}合计{shown}{share}"
                                           f"（{table_label(row['table_no'], row['table_title'])}，第{row['line']}行）。")

    def _subject_answer(self, q: Question, rest: str | None, kn: Knowledge, ans: Answer,
                        code: str, name: str, level: str) -> Answer:
        cells = self._q(ans, "subject_cells", kn, code=code)
        mod = rest if rest in AMOUNT_KEY_LABELS else _modifier_of(rest or "")
        by = {(c["table_kind"], c["col_key"]): c for c in cells}
        # which table answers which column: 支出总表 for totals/基本/项目, 收入总表 for sources
        wanted = {"carryover": ("income", "carryover"), "unit_funds": ("income", "unit_funds"),
                  "gpb": ("income", "gpb"), "current": ("income", "total"),
                  "basic": ("expense", "basic"), "project": ("expense", "project")}
        target = wanted.get(mod or "", ("expense", "total"))
        cell = by.get(target)
        label = f"{code} {name}（{level}）"
        if cell is None and mod:
            src = "支出总表" if target[0] == "expense" else "收入总表"
            ans.rows = [r for r in ans.rows if True]
            return self._done(ans, "answered", f"{label}在{src}中“{AMOUNT_KEY_LABELS[target[1]]}”"
                                               "一栏为空（无数据）。")
        if cell is None:
            cell = next((c for c in cells if c["col_key"] == "total"), None)
        if cell is None:
            return self._done(ans, "answered", f"科目编码 {code} 对应“{name}”（{level}），表中没有金额。")
        col = AMOUNT_KEY_LABELS.get(cell["col_key"], cell["column_path"])
        shown = ans.figure(f"{name}（{cell['column_path']}）", cell["value"], q.unit)
        parts = [f"{label}{'' if col == '合计' else col}为{shown}"]
        if target == ("expense", "total"):
            for k in ("basic", "project"):
                c = by.get(("expense", k))
                if c is not None:
                    parts.append(f"其中{AMOUNT_KEY_LABELS[k]}{self._amt(c['value'], q.unit)}")
        return self._done(ans, "answered", "，".join(parts) +
                          f"（{table_label(cell['table_no'], cell['table_title'])}，第{cell['line']}行）。")

    def _econ_answer(self, q, key, kn, ans, ent) -> Answer:
        rows = self._q(ans, "econ_item", kn, item=ent.name)
        if not rows:
            return self._done(ans, "no_data", f"没有找到经济科目“{ent.name}”。")
        total = sum((r["total"] or Decimal(0) for r in rows), Decimal(0))
        src = table_label(rows[0]["table_no"], rows[0]["table_title"])
        if len(rows) == 1:
            r = rows[0]
            shown = ans.figure(ent.name, r["total"], q.unit)
            gov = f"（政府预算经济科目：{r['gov_item']}）" if r["gov_item"] else ""
            return self._done(ans, "answered", f"{ent.name}{gov}为{shown}（{src}，第{r['line']}行）。")
        parts = []
        for r in rows:
            shown = ans.figure(f"{ent.name}（{r['gov_item']}）", r["total"], q.unit)
            parts.append(f"{r['gov_item']}{shown}（第{r['line']}行）")
        shown_total = ans.figure(f"{ent.name}合计", total, q.unit)
        return self._done(ans, "answered", f"{ent.name}在{src}中有{len(rows)}行：" + "，".join(parts) +
                          f"，合计{shown_total}。")

    def _sangong_answer(self, q, key, kn, ans, ent) -> Answer:
        rows = self._q(ans, "sangong", kn, cite=False)
        row = next(r for r in rows if r["item"] == ent.get("item"))
        ans.cite(ans_result(self, kn, "sangong"), [row])
        src = table_label(row["table_no"], row["table_title"])
        if row["total"] is None:
            return self._done(ans, "answered", f"{src}中“{row['name']}”一栏为空，"
                                               f"即未安排此项预算（无数据）。")
        shown = ans.figure(ent.name, row["total"], q.unit)
        if row["level"] == "合计":
            parts = []
            for r in rows:
                if r["level"] == "项":
                    parts.append(f"{r['name']}{self._amt(r['total'], q.unit) if r['total'] is not None else '未安排'}")
            ans.cite(ans_result(self, kn, "sangong"), [r for r in rows if r["level"] == "项"])
            return self._done(ans, "answered", f"“三公”经费合计{shown}，其中" + "，".join(parts) +
                              f"（{src}，第{row['line']}行）。")
        return self._done(ans, "answered", f"{row['name']}为{shown}（{src}，第{row['line']}行）。")

    def _opex_answer(self, q, key, kn, ans, ent) -> Answer:
        rows = self._q(ans, "opex", kn, cite=False)
        mentioned = [r for r in rows if not r["is_total"] and match_key(r["unit"]) in q.key]
        mentioned += [r for r in rows if not r["is_total"] and r not in mentioned and any(
            u.item.name == r["unit"] for u in kn.find_units(q.key))]
        row = mentioned[0] if mentioned else next(r for r in rows if r["is_total"])
        ans.cite(ans_result(self, kn, "opex"), [row])
        src = table_label(row["table_no"], row["table_title"])
        shown = ans.figure(f"机关运行经费（{row['unit']}）", row["total"], q.unit)
        if row["is_total"]:
            units = [r for r in rows if not r["is_total"]]
            detail = "，".join(f"{r['unit']}{self._amt(r['total'], q.unit)}" for r in units)
            return self._done(ans, "answered", f"机关运行经费{row['unit']}{shown}，其中{detail}"
                                               f"（{src}，第{row['line']}行）。")
        return self._done(ans, "answered", f"{row['unit']}的机关运行经费为{shown}（{src}，第{row['line']}行）。")

    def _table_answer(self, q, key, kn, ans, ent) -> Answer | None:
        tables = self._q(ans, "report_tables", kn, cite=False)
        t = next(t for t in tables if t["table_no"] == ent.get("table_no"))
        if t["is_empty"]:
            ans.rows.append({"table": table_label(t["table_no"], t["title"]), "line": t["title_line"],
                             "cells": [t["title"]]})
            return self._done(ans, "answered", f"{table_label(t['table_no'], t['title'])}：本表无数据"
                                               "（该部门未安排此项预算）。")
        if t["kind"] in ("summary", "fiscal_summary"):
            return self._summary_table_answer(q, kn, ans, t)
        rows = self._q(ans, "table_total", kn, table_kind=t["kind"])
        main = next((r for r in rows if r["col_key"] == "total"), None)
        if main is None:
            return None
        shown = ans.figure(f"{t['title']}合计", main["value"], q.unit)
        return self._done(ans, "answered", f"{table_label(t['table_no'], t['title'])}合计{shown}"
                                           f"（第{main['line']}行）。")

    def _summary_table_answer(self, q, kn, ans, t) -> Answer | None:
        """A 收支总表 asked as a whole: its 收入总计, with 本年收入合计 and 上年结转."""
        words = SHANXI_2026.summary_rows
        cells = self._q(ans, "table_cells", kn, cite=False, table_no=t["table_no"])
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
        ans.cite(ans_result(self, kn, "table_cells", table_no=t["table_no"]), used)
        parts = [f"{c['name']}{ans.figure(c['name'], c['value'], q.unit)}" for c in used]
        src = table_label(t["table_no"], t["title"])
        return self._done(ans, "answered", f"{src}：" + "，".join(parts) + "。")

    # ------------------------------------------------------------ projects

    def _project_candidates(self, hits: list[Match[Entity]], key: str,
                            kn: Knowledge) -> list[Match[Entity]]:
        """The best-matching project name; narrowed to a unit the question names."""
        top = hits[0]
        same = [h for h in hits if h.item.name == top.item.name or h.key == top.key]
        units = {u.item.name for u in kn.find_units(key)}
        narrowed = [h for h in same if h.item.get("unit") in units]
        uniq: dict[tuple[str, str], Match[Entity]] = {}
        for h in narrowed or same:
            uniq.setdefault((h.item.name, h.item.get("unit")), h)
        return list(uniq.values())

    def _project_answer(self, q, key, kn, ans, hits) -> Answer:
        candidates = self._project_candidates(hits, key, kn)
        if len(candidates) > 1:
            return self._clarify_projects(ans, [c.item for c in candidates], kn)
        ent = candidates[0].item
        rows = self._q(ans, "project", kn, name=ent.name, unit=ent.get("unit"))
        parts, total = [], Decimal(0)
        for r in rows:
            shown = ans.figure(f"{r['name']}（{r['period']}）", r["total"], q.unit)
            parts.append(f"{r['period']}{shown}（{table_label(r['table_no'], r['table_title'])}，"
                         f"第{r['line']}行）")
            total += r["total"] or 0
        sentence = f"{ent.name}（{ent.get('unit')}）：" + "；".join(parts)
        if len(rows) > 1:
            sentence += f"；两者合计{ans.figure(ent.name + '（合计）', total, q.unit)}"
        return self._done(ans, "answered", sentence + "。")

    def _clarify_projects(self, ans: Answer, ents: list[Entity], kn: Knowledge) -> Answer:
        ans.candidates = [{"name": e.name, "detail": e.get("unit"),
                           "ask": f"{e.get('unit')}{e.name}"} for e in ents]
        names = "；".join(f"{e.get('unit')}的“{e.name}”" for e in ents)
        return self._done(ans, "clarify", f"有{len(ents)}个同名或相近的项目，请问您指的是哪一个？{names}")

    # ------------------------------------------------------------ fallbacks

    def _describe(self, q: Question, key: str, kn: Knowledge, ans: Answer) -> Answer | None:
        """Find projects by words in their performance sheets (无人机 -> the project buying them)."""
        if "项目" not in key:
            return None
        word = _DESCRIBE_NOISE.sub("", key)
        if len(word) < 2:
            return None
        found = [(no, s) for no, s in sorted(kn.sheets.items())
                 if word in match_key(s.get("text", "")) or any(word in match_key(i)
                                                                for i in s["indicators"])]
        if not found:
            return None
        parts = []
        for no, s in found:
            rows = self._q(ans, "project", kn, name=s["project"], unit=s["unit"])
            amounts = "，".join(f"{r['period']}{ans.figure(r['name'] + '（' + r['period'] + '）', r['total'], q.unit)}"
                                for r in rows)
            parts.append(f"{s['project']}（{s['unit']}）{amounts}")
        return self._done(ans, "answered", f"绩效目标表中提到“{word}”的项目有{len(found)}个：" +
                          "；".join(parts) + "。")

    def _not_found(self, q: Question, key: str, kn: Knowledge, ans: Answer) -> Answer:
        if not _BUDGET_WORDS.search(key):
            return self._done(ans, "out_of_scope", "这个问题与部门预算无关。我可以回答"
                                                   f"{kn.title}中的收支、科目、项目、“三公”经费、绩效目标等问题。")
        probe = _strip_generic(key)
        near = find(probe, kn.keys, kn.entities, cutoff=0.5, limit=5) if probe else []
        names = []
        for m in near:
            if m.item.kind != "term" and m.item.name not in names:
                names.append(m.item.name)
        ans.candidates = [{"name": n, "detail": "", "ask": n} for n in names[:3]]
        hint = f"文档中相近的有：{'、'.join(names[:3])}。" if names else \
            "可以问例如：预算总额、三公经费、某个项目的预算、某个科目的支出。"
        return self._done(ans, "no_data", f"文档中没有找到与“{q.text}”对应的数据。{hint}")


def _modifier_of(text: str) -> str | None:
    for word, key in sorted(_MODIFIERS.items(), key=lambda wk: -len(wk[0])):
        if word in text:
            return key
    return None


def ans_result(engine: Engine, kn: Knowledge, name: str, **params: Any):
    """Run a template again for citation purposes (same SQL, same parameters)."""
    return run(engine.con, engine.templates[name], doc_id=kn.doc_id, **params)


_ENGINES: dict[tuple[str, str], Engine] = {}
_ENGINES_LOCK = threading.Lock()


@atexit.register
def _close_engines() -> None:
    for engine in _ENGINES.values():
        engine.close()


def get_engine(db_path: Path = DEFAULT_DB, docs_dir: Path | None = DEFAULT_DOCS) -> Engine:
    """One engine per (database, documents) pair in this process."""
    key = (str(db_path), str(docs_dir))
    with _ENGINES_LOCK:
        if key not in _ENGINES:
            _ENGINES[key] = Engine(db_path, docs_dir)
        return _ENGINES[key]


AskFn = Callable[[str], Answer]
