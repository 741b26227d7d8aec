"""What every intent is handed: the open database, its templates, the loaded documents and
their name indexes, and the few operations every answer uses (run a template and cite its
rows, finish an answer, show an amount in the asked unit).

Intents are plain functions `answer(ctx, q, key, kn, ans, **slots)`; they reach the database
and each other's documents only through this object, so no intent imports the engine and the
engine has no base classes.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import duckdb

from queries.answer import Answer, convert, fmt_number
from queries.db import Result, run
from queries.examples import category_of_examples
from queries.glosses import glosses_in, read_glosses
from queries.knowledge import Knowledge, build_knowledge
from queries.normalize import Question, match_key
from queries.scope import Doc, Loaded
from queries.templates import Template
from queries.thresholds import (BEGINNING_MIN, DOCUMENTS_NAMED, KNOWLEDGE_CACHE, NAME_CONTEXT,
                                 NAME_RUN_LEAST)
from queries.vocab import ASKS_MONEY, LEX, PREFIX_MARK, strip_generic, words_re

# answer_in(ctx, q, key, doc, ans) — the pipeline's one-document entry, for intents that ask
# a part of the question again (compound parts, each department, each year)
AnswerIn = Callable[["Context", Question, str, Doc, "Answer | None"], Answer]


@dataclass
class Context:
    """The database and documents one question is answered over. Thread-safe: a cursor per
    query (queries/db.py), the name-index cache under a lock."""

    con: duckdb.DuckDBPyConnection
    templates: dict[str, Template]
    docs: list[Doc]
    synonyms: dict[str, list[tuple[str, str | tuple[str, ...]]]]   # by kind ("": any)
    pipeline: AnswerIn
    notice: str = ""
    skipped: str = ""        # files of the folder that could not be read: said in every answer
    # ask(ctx, text, doc) — the whole pipeline (routes too) for a sentence of a longer message
    asker: Callable[["Context", str, Doc | None], Answer] | None = None
    # the lexicon's words a word mistyped by sound may be read as, and its own runs
    # (queries/pipeline.py lexicon_words: built on the first question that needs them)
    spelled_lexicon: tuple[dict[str, frozenset[str]], frozenset[str]] | None = None
    _knowledge: OrderedDict[int, Knowledge] = field(default_factory=OrderedDict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    index: Loaded = field(init=False)

    def __post_init__(self) -> None:
        # lookups by id, key, year and department name: a question never walks the corpus
        self.index = Loaded(self.docs)

    # ------------------------------------------------------------ documents

    @property
    def departments(self) -> int:
        return self.index.departments

    @property
    def loaded(self) -> str:
        """The loaded documents, for a sentence that says what the question could be about."""
        more = f"等{len(self.docs)}份" if len(self.docs) > DOCUMENTS_NAMED else ""
        return "已载入的文档：" + "、".join(d.label for d in self.docs[:DOCUMENTS_NAMED]) + \
            more + "。"

    def doc(self, ref: int | str | None) -> Doc | None:
        """A loaded document by doc_id or by its key (the file name without extension)."""
        return self.index.doc(ref)

    def knowledge_for(self, doc_id: int) -> Knowledge:
        """The entity index of one document (built on first use, least recently used dropped)."""
        with self._lock:
            kn = self._knowledge.get(doc_id)
            if kn is not None:
                self._knowledge.move_to_end(doc_id)
                return kn
        doc = self.index.by_id[doc_id]
        kn = build_knowledge(self.con, self.templates, {"doc_id": doc.doc_id,
                                                        "department": doc.department,
                                                        "year": doc.year, "title": doc.title,
                                                        "format": doc.format, "kind": doc.kind})
        with self._lock:
            self._knowledge[doc_id] = kn
            while len(self._knowledge) > KNOWLEDGE_CACHE:
                self._knowledge.popitem(last=False)
        return kn

    def known_units(self) -> dict[int, list[str]]:
        """The unit names of the documents indexed so far (to tell a unit from a department)."""
        with self._lock:
            return {k: [u.name for u in kn.units] for k, kn in self._knowledge.items()}

    def ask(self, text: str, doc: Doc | None) -> Answer:
        """Ask a sentence as a question of its own, through every route."""
        assert self.asker is not None            # set by the engine
        return self.asker(self, text, doc)

    def answer_in(self, q: Question, key: str, doc: Doc, ans: Answer | None = None) -> Answer:
        """Ask (a part of) the question of one document, through the whole gated pipeline."""
        return self.pipeline(self, q, key, doc, ans)

    # ------------------------------------------------------------ templates

    def run(self, ans: Answer, template: str, kn: Knowledge, /, **params: Any) -> Result:
        """Run a template for one document and record the SQL on the answer."""
        result = run(self.con, self.templates[template], doc_id=kn.doc_id, **params)
        ans.record(result)
        return result

    def query(self, ans: Answer, template: str, kn: Knowledge, /, cite: bool = True,
              table: str = "", **params: Any) -> list[dict[str, Any]]:
        """Run a template; cite all its rows as sources unless `cite` is False."""
        result = self.run(ans, template, kn, **params)
        if cite:
            ans.cite(result, table=table)
        return result.rows

    def run_over(self, ans: Answer, template: str, /, **params: Any) -> Result:
        """Run a template over every document (comparisons across departments)."""
        result = run(self.con, self.templates[template], **params)
        ans.record(result)
        return result

    # ------------------------------------------------------------ answers

    @staticmethod
    def amt(value_wan: Decimal, unit: str) -> str:
        """An amount (万元 in the tables) in the unit the question asked for, for sentences."""
        value, shown = convert(value_wan, "万元", unit)
        return f"{fmt_number(value, shown)}{shown}"

    def name_tests(self, kn: Knowledge) -> tuple[Callable[[str], bool],
                                                  Callable[[str, str], bool]]:
        """Whether a text is one of the document's names (in its words), and whether two
        texts say the same name — how a question's own glosses are read."""
        def is_name(text: str) -> bool:
            # (or a name's beginning: "这类办公设备"; or a part only one name holds:
            # 社区环境卫生 of 城乡社区环境卫生)
            read = self.with_synonyms(text, kn)
            return text in kn.key_set or read in kn.key_set or (
                len(text) >= BEGINNING_MIN and (kn.begins_a_name(text) or kn.begins_a_name(read)
                                                 or bool(kn.only_holder(text))))
        def same(a: str, b: str) -> bool:
            return self.with_synonyms(a, kn) == self.with_synonyms(b, kn)
        return is_name, same

    def as_read(self, q: Question, key: str, kn: Knowledge) -> tuple[str, list[tuple[str, str]]]:
        """The question's key in the document's words: its own glosses read (the side that is
        a name kept), colloquial words replaced, one-character typos in names corrected."""
        is_name, same = self.name_tests(kn)
        # "工资、奖金、福利这些": the category the examples share
        shared = category_of_examples(q.text, kn, lambda text: self.with_synonyms(text, kn))
        if shared and shared[0] in key:
            key = key.replace(shared[0], match_key(shared[1]), 1)
        glosses = glosses_in(q.text)
        if glosses:
            key = read_glosses(key, glosses, is_name, same, lambda text: text in kn.key_set)
        # (an area said with a sector word before any colloquial word is replaced: "社保这块"
        # is the 类, not the 社会保障缴费 that 社保 alone is)
        said = kn.with_spending_names(kn.with_sectors(kn.with_names_rejoined(key)))
        key, typos = kn.corrected(self.with_synonyms(said, kn))
        typos = [*typos, *self.stand_ins(said, kn)]
        key = kn.completed(kn.without_money_tail(kn.said_once(key)))
        if ASKS_MONEY.search(key):
            key = kn.with_fees(key)
        return key, typos

    @staticmethod
    def _alternative(alternatives: tuple[str, ...], kn: Knowledge) -> str:
        """The first of a colloquial word's alternatives the document prints in a name, or,
        printed in no name, the first its explanations say (小型和微型企业); else ""."""
        return next((n for n in alternatives if n in kn.key_set or kn.names_containing(n)),
                    "") or next((n for n in alternatives if kn.prose_says(match_key(n))), "")

    def stand_ins(self, key: str, kn: Knowledge) -> list[tuple[str, str]]:
        """(the word said, the document's word read for it) where a colloquial word's first
        reading is not printed and a later one stands in for it ("奖金" read as 绩效工资 where
        no 奖金 line is printed): the answer says so."""
        pairs = self.synonyms.get(kn.kind) or self.synonyms[""]
        out = []
        for old, new in pairs:
            if isinstance(new, tuple) and old in key and not kn.names_containing(old):
                chosen = self._alternative(new, kn)
                if chosen and chosen != new[0] and chosen not in key and \
                        not any(old in o and o != old for o, _ in out):
                    out.append((old, chosen))
        return out

    def with_synonyms(self, key: str, kn: Knowledge) -> str:
        """Colloquial words -> the document's words, unless the word is part of a name the
        question already uses ("工资" stays in "基本工资") or of the words a longer colloquial
        word was already read as ("用车" in the 公务用车购置费 that 买新公车 became)."""
        done: list[str] = []                  # the document's words already put in
        pairs = self.synonyms.get(kn.kind) or self.synonyms[""]
        for old, new in pairs:
            if old not in key or any(name in key for name in kn.names_containing(old)):
                continue
            if any(old in w and w in key for w in _BOTH_COLUMNS):
                continue          # "连同上年结转": both columns said, not the carry-over alone
            if isinstance(new, tuple):
                # alternatives: the first the document prints; none when it prints the word
                if kn.names_containing(old):
                    continue
                # (or, printed in no name, the first the explanations say: 小型和微型企业)
                new = self._alternative(new, kn)
                if not new or new in key:
                    continue      # (nor one the asker says too: "奖金和绩效工资一共多少")
            if new.endswith(PREFIX_MARK):
                # "公务用车购置及运行…": the document's own name that begins so (…运行费 in one
                # province, …运行维护费 in another)
                new = kn.name_starting(new[:-len(PREFIX_MARK)])
            rest = key.replace(old, "")
            if kn.is_total(match_key(new)) and not _SHARE_BASE.search(key[:key.find(old)]) and (
                    _names_more(rest, kn) or any(
                    o in rest and isinstance(n, str) and not kn.is_total(match_key(n))
                    for o, n in pairs if o != old and o not in old)):
                continue      # "政府采购一共要花多少", "开会一共花了多少": the whole of what is
                # named (or said colloquially), not the budget's
            for put in (d for d in done if new in d or d in new):
                # "领导出国出境": a second word for what the first was read as, said once
                key = key.replace(put + old, put).replace(old + put, put)
            # never inside the document's own word ("编制数" in "核定的人员编制数")
            kept = sorted({k for k in (new, *done) if k not in old}, key=len, reverse=True)
            parts = re.split("(" + "|".join(map(re.escape, kept)) + ")", key) if kept else [key]
            key = "".join(p if i % 2 else _outside_names(p, old, new, kn)
                          for i, p in enumerate(parts))
            done.append(new)
        return _the_part_asked(key, kn)

    @staticmethod
    def done(ans: Answer, status: str, sentence: str) -> Answer:
        """Finish an answer: its status and sentence (a notice first unless answered); an
        answer that is not `answered` carries no figure."""
        ans.status = status
        ans.answer = (ans.notice + sentence) if ans.notice and status != "answered" else sentence
        if status != "answered":
            ans.figures = []
        return ans


_BOTH_COLUMNS = [w for w in LEX["time"]["both"] if len(w) > 2]
# "住房这块占全部开销几成": a total said right after 占 is the base of a share, not the
# whole of what is named
_SHARE_BASE = re.compile(re.escape(LEX["operations"]["share_marker"]) + r"[了到]?$")


_WHOLE_THEN_PART = {match_key(whole): [match_key(p) for p in parts]
                    for whole, parts in LEX["colloquial"]["whole_then_part"].items()}
_WHOLE_PART_NOT_BETWEEN = words_re(LEX["function"]["whole_part_not_between"])
# (a part's money word may follow its beginning: "公务用车购置费加…")
_MONEY_TAILS = LEX["triggers"]["describe_tail"]
_ASKED = words_re(LEX["function"]["whole_part_asks"])
_LISTED_BETWEEN = re.compile(
    "(?:" + "|".join(map(re.escape, _MONEY_TAILS)) + ")?(?:" +
    "|".join(map(re.escape, LEX["operations"]["sum_joiners"] +
                 LEX["operations"]["conjunctions"])) + ")?")


def _the_part_asked(key: str, kn: Knowledge) -> str:
    """A whole, then one of its parts ("公车今年买车花多少"): the part is asked, the whole
    dropped — unless the question says a list, comparison, share or condition anywhere (or
    asks the part of its whole: 中, 里). A whole, then all its parts listed ("公车买车加养车"):
    the whole is asked, restated by its parts (dropped)."""
    for whole, parts in _WHOLE_THEN_PART.items():
        name = kn.name_starting(whole)
        at = key.find(name)
        after = key[at + len(name):] if at >= 0 else ""
        spans = sorted(span for span in (_part_at(after, part, name, kn) for part in parts)
                       if span)
        # (nor when each is asked: "公车总共多少买车多少")
        if len(spans) == 1 and not _WHOLE_PART_NOT_BETWEEN.search(key[:at] + after) and \
                len(_ASKED.findall(key)) < 2:
            key = key[:at] + after
        elif len(spans) == len(parts) and all(
                _LISTED_BETWEEN.fullmatch(after[end:start])
                for (_, end), (start, _) in zip(spans, spans[1:])):
            key = key[:at + len(name)] + after[:spans[0][0]] + after[spans[-1][1]:]
    return key


def _part_at(after: str, part: str, whole: str, kn: Knowledge) -> tuple[int, int] | None:
    """Where a part (the beginning of its name) is said, to the end of the longest of the
    document's names it begins there; None unless said, and printed in the document."""
    at = after.find(part)
    if at < 0:
        return None
    # (the longest of the document's names said there, looked up, never scanned for)
    ends = [n for n in range(len(part), len(after) - at + 1)
            if after[at:at + n] in kn.key_set and after[at:at + n] != whole]
    # (or a name only the explanations print, said whole: "公务用车购置费")
    ends += [len(part + t) for t in _MONEY_TAILS if after.startswith(part + t, at) and
             kn.prose_says(part + t)]
    if not ends and not any(n != whole and n.startswith(part) for n in kn.key_set):
        return None          # (a part the document does not print: the whole is asked)
    return at, at + max(ends, default=len(part))


def _names_more(rest: str, kn: Knowledge) -> bool:
    """What is left of a question names something of the document's (a run of a name's
    characters this long: "政府采购")."""
    rest = strip_generic(rest)
    return any(kn.runs_in_names(rest[i:i + NAME_RUN_LEAST])
               for i in range(len(rest) - NAME_RUN_LEAST + 1))


def _outside_names(text: str, old: str, new: str, kn: Knowledge) -> str:
    """`old` -> `new` in `text`, except where the characters around it run on as part of a
    name the document prints ("用车" in "公务用车有几辆": 公务用车… is the document's own)."""
    out, at = [], 0
    while (found := text.find(old, at)) >= 0:
        end = found + len(old)
        around = (text[max(0, found - NAME_CONTEXT):end], text[found:end + NAME_CONTEXT])
        inside = any(len(a) > len(old) and kn.runs_in_names(a) for a in around)
        before = text[at:found]
        if not inside:
            # "机关日常办公运转": the word said before it begins the document's name
            # (机关 of 机关运行经费), said once
            lead = next((k for k in range(min(len(before), len(new) - 1), 1, -1)
                         if before.endswith(new[:k])), 0)
            before = before[:len(before) - lead]
        out.append(before + (old if inside else new))
        at = end
    return "".join(out) + text[at:]
