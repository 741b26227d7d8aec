"""The question engine: normalise, find the document and intent, run templates, compose the answer.

`Engine.ask(question)` never raises for any input: it returns an `Answer` whose status is one of
answered / clarify / no_data / out_of_scope. A figure appears only when a matched entity
produced it from the database.
"""

from __future__ import annotations

import atexit
import logging
import threading
from collections import OrderedDict
from decimal import Decimal
from pathlib import Path
from typing import Any

from catalog.build import DEFAULT_DB, DEFAULT_DOCS, freshen
from errors import BudgetQAError
from queries import compare
from queries.answer import AMOUNT_UNITS, Answer, convert, fmt_number
from queries.db import Result, forget, open_readonly, run
from queries.intents.amounts import AmountIntents
from queries.intents.arithmetic import ArithmeticIntents
from queries.intents.compound import CompoundIntents
from queries.intents.facts import FactIntents
from queries.intents.projects import ProjectIntents
from queries.intents.registry import plans
from queries.knowledge import Knowledge, build_knowledge, load_synonyms
from queries.normalize import Question, match_key, normalize
from queries.reading import Reading, describe, explaining_texts, read
from queries.scope import Doc, org_matches, resolve, strip_names
from queries.templates import load_templates
from queries.vocab import CARRYOVER, CHANGE, LAST_YEAR, OTHER_YEAR, REASON

LOG = logging.getLogger(__name__)
INTERNAL_ERROR = "抱歉，处理这个问题时出错了，请换一种问法再试。"


class Engine(CompoundIntents, AmountIntents, ArithmeticIntents, ProjectIntents, FactIntents):
    """Answers questions about the documents in one database. Thread-safe: a cursor per query."""

    def __init__(self, db_path: Path = DEFAULT_DB, docs_dir: Path | None = DEFAULT_DOCS) -> None:
        self.notice = ""
        if docs_dir is not None:
            _, self.notice = freshen(docs_dir, db_path)
        self.templates = load_templates()
        self.con = open_readonly(db_path)
        self.synonyms = load_synonyms()
        self.docs = [Doc(**r) for r in run(self.con, self.templates["documents"]).rows]
        self._departments = len({d.department for d in self.docs})
        self._loaded = "已载入的文档：" + "、".join(d.label for d in self.docs[:8]) + \
            (f"等{len(self.docs)}份" if len(self.docs) > 8 else "") + "。"
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
                                                        "year": doc.year, "title": doc.title,
                                                        "format": doc.format})
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

    def _run(self, ans: Answer, template: str, kn: Knowledge, /, **params: Any) -> Result:
        """Run a template for one document and record the SQL on the answer."""
        result = run(self.con, self.templates[template], doc_id=kn.doc_id, **params)
        ans.record(result)
        return result

    def _q(self, ans: Answer, template: str, kn: Knowledge, /, cite: bool = True,
           table: str = "", **params: Any) -> list[dict[str, Any]]:
        """Run a template; cite all its rows as sources unless `cite` is False."""
        result = self._run(ans, template, kn, **params)
        if cite:
            ans.cite(result, table=table)
        return result.rows

    def close(self) -> None:
        forget(self.con)
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
            LOG.exception("question failed: %r", text[:200])
            return Answer(text, "no_data", INTERNAL_ERROR)

    def _ask(self, text: str, selected: Doc | None) -> Answer:
        result = self._ask_scoped(text, selected)
        if not result.intent:
            result.intent = "scope"      # decided before any intent: empty, other year, org …
            result.reading = result.reading or "我理解为：（问题没有指向已载入文档中的数据）。"
        return result

    def _ask_scoped(self, text: str, selected: Doc | None) -> Answer:
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
        if scope.unknown_org and self._inside_a_name(scope.unknown_org, scope.docs):
            scope.unknown_org = ""       # "其他政府办公厅（室）…支出" is a 科目, not a department
        loaded = self._loaded
        if scope.unknown_org and not scope.named_department and not compare.CROSS.search(key):
            # ("各厅局" names every department, not an unknown one)
            return self._done(ans, "no_data", f"文档中没有“{scope.unknown_org}”的预算数据。{loaded}")
        compared = CHANGE.search(key) or CARRYOVER.search(key) or REASON.search(key)
        other = OTHER_YEAR.search(key) or (None if compared else LAST_YEAR.search(key))
        if other and not scope.named_year:
            years = "、".join(sorted({f"{d.year}年" for d in self.docs}))
            return self._done(ans, "no_data", f"文档中没有“{other.group(0)}”的预算数据，"
                                              f"只有{years}的。{loaded}")
        if scope.unknown_year and not scope.named_year and not CHANGE.search(key):
            return self._done(ans, "no_data", f"文档中没有{scope.unknown_year}年的预算数据。{loaded}")
        if compare.CROSS.search(key) and self._departments > 1:
            docs = scope.docs if scope.named_year else compare.latest_per_department(self.docs)
            reference = selected if selected in docs else docs[0]
            return compare.across(self, key, docs, reference, ans)
        named = _named_departments(scope)
        if len(named) >= 2:
            # "A比B多多少" / "A和B的…": each department from its own document
            result = compare.between(self, q, key, named, ans)
            if result is not None:
                return result
        target = self._target(scope, selected)
        if target is None:
            if not scope.docs:
                return self._done(ans, "no_data", f"文档中没有所问部门和年度的预算数据。{loaded}")
            ans.candidates = [{"name": d.label, "detail": d.title, "doc": d.key,
                               "ask": f"{d.department}{d.year}年{q.text}"} for d in scope.docs[:10]]
            return self._done(ans, "clarify", "已载入多份预算文档，请问您问的是哪一份？" +
                              "；".join(d.label for d in scope.docs[:10]))
        key = strip_names(key, target, scope.mentions)
        if CHANGE.search(key) and not REASON.search(key):
            previous = compare.previous_year(target, self.docs)
            if previous is not None:
                result = compare.year_over_year(self, q, key, target, previous, ans)
                if result is not None:
                    return result
        result = self._compound(q, target, scope.mentions, ans.fresh()) or \
            self.answer_in(q, key, target, ans)
        if len(self.docs) > 1 and result.status == "answered":
            result.answer = f"【{target.label}】{result.answer}"
        return result

    INSIDE_NAME_DOCS = 8     # documents whose names are read to tell a 科目 from a department

    def _inside_a_name(self, mention: str, docs: list[Doc]) -> bool:
        """The mention is part of a name the document prints (a 科目, an item, a project)."""
        probe = match_key(mention)
        return any(any(probe in k for k in self.knowledge_for(d.doc_id).key_set)
                   for d in docs[:self.INSIDE_NAME_DOCS])

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
        """Answer `key` from one document: the first intent (queries/intents/registry.py)
        whose answer explains every content word; otherwise decline with what was read."""
        kn = self.knowledge_for(doc.doc_id)
        key = self._with_synonyms(key, kn)
        if not q.unit_asked and doc.unit in AMOUNT_UNITS:
            q.unit = doc.unit          # the document's own unit unless the question asks
        if ans is None:
            ans = Answer(q.raw, "answered", "")
        ans.document = kn.title
        partial: tuple[Answer, Reading] | None = None
        for plan in plans(q, key, kn):
            intent = plan.intent
            attempt = ans.fresh()
            result = getattr(self, intent.method)(q, key, kn, attempt, **plan.slots)
            if result is None:
                continue
            result.intent = intent.name
            reading = read(key, explaining_texts(result.answer, result.named()), intent.ops)
            result.reading = describe(reading)
            if result.status not in ("answered", "clarify") or reading.complete:
                return _paged(result, kn)
            if partial is None or reading.explained() > partial[1].explained():
                partial = (result, reading)        # the attempt that understood the most
        if partial is not None:
            best, reading = partial
            if best.status == "clarify" and best.candidates:
                # a question back is no figure: ask it, saying what was not understood
                best.answer = f"{best.reading}{best.answer}"
                return _paged(best, kn)
            return self._decline(ans, best, reading, kn.recall().suggest(key))
        result = self._not_found(q, key, kn, ans)
        result.intent = "not_found"
        result.reading = describe(read(key, []))
        return result

    def _decline(self, ans: Answer, best: Answer, reading: Reading,
                 suggestions: list[str]) -> Answer:
        """A word of the question maps to nothing in the document: say what was understood,
        offer it as a question, and give no figure (never a neighbouring one)."""
        ans.intent = f"declined:{best.intent}"
        ans.reading = describe(reading)
        left = "、".join(f"“{w}”" for w in reading.leftover())
        understood = reading.elements()
        asks = ["".join(understood[:2])] if understood else []
        asks += [s for s in suggestions if s not in asks]
        ans.candidates = [{"name": a, "detail": "", "ask": a} for a in asks[:4]]
        return self._done(ans, "no_data", f"{ans.reading}文档中没有与{left}对应的数据，"
                                          "所以不给出数字。可以换一种问法，或只问已理解的部分。")

    def _with_synonyms(self, key: str, kn: Knowledge) -> str:
        """Colloquial words -> the document's words, unless the word is part of a name the
        question already uses ("工资" stays in "基本工资")."""
        for old, new in self.synonyms:
            if old not in key or any(name in key for name in kn.names_containing(old)):
                continue
            # never inside the document's own word ("编制数" in "核定的人员编制数")
            key = new.join(part.replace(old, new) for part in key.split(new))
        return key

    def finish(self, ans: Answer, status: str, sentence: str) -> Answer:
        return self._done(ans, status, sentence)

    def _done(self, ans: Answer, status: str, sentence: str) -> Answer:
        ans.status = status
        ans.answer = (ans.notice + sentence) if ans.notice and status != "answered" else sentence
        if status != "answered":
            ans.figures = []
        return ans


def _named_departments(scope) -> list[tuple[str, Doc]]:
    """Each department the question names, in its order, with its document (the latest year
    unless a year was named); empty unless every mention picks exactly one department."""
    out: list[tuple[str, Doc]] = []
    for mention in scope.mentions:
        docs = [d for d in scope.docs if org_matches(mention, d)]
        if len({d.department for d in docs}) != 1:
            return []
        doc = max(docs, key=lambda d: d.year)
        if all(doc.department != d.department for _, d in out):
            out.append((mention, doc))
    return out


def _paged(ans: Answer, kn: Knowledge) -> Answer:
    """A PDF's rows carry the page they are printed on (第N页)."""
    if kn.pages:
        for row in ans.rows:
            page = kn.pages.get(row.get("line"))
            if page is not None:
                row["page"] = page
    return ans


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

