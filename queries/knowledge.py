"""The entity index: every name a question may refer to, built from the database at start-up."""

from __future__ import annotations

import bisect
import os
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import cached_property
from typing import Any

import duckdb

from catalog.formats import AMOUNT_KEY_LABELS, FORMATS, Format, Stored, format_named
from catalog.text import strip_enumerator
from queries.db import run
from queries.matcher import Match, find
from queries.normalize import bracket_free, match_key
from queries.recall import Recall
from queries.respell import sounds_alike, vocabulary
from queries.scope import region_of
from queries.templates import Template
from queries.thresholds import (ALIAS_MIN, BEGINNING_MIN, CLASS_WORD_REACH, FEE_STEM_MIN,
                                 PARTIAL, SKIP_LIMIT, TYPO_NAME_MAX, TYPO_NAME_MIN, UNIT_CUTOFF,
                                 UNIT_TAIL_MIN, USE_REACH, PART_MIN, REJOINED_MIN,
                                 SHORTENED_MIN, SWAPPED_HALF, SECTOR_MIN,
                                 TYPO_BEGINNING_MIN, SHARED_STEM_LONGEST)
from queries import word_classes
from queries.vocab import (COLLOQUIAL, COLLOQUIAL_BY_KIND, DESCRIPTORS, FUNCTION_WORDS, GENERIC,
                           LEX, MEASURE, NUM_UNIT, PREFIX_MARK, words_re)

# tables whose amount columns are names of their own ("财政拨款收入")
COLUMN_TABLES = ("income", "expense")
# affixes that official names carry and people leave out (format vocabulary, not names)
_NAME_PREFIXES = tuple(LEX["names"]["prefixes"])
_NAME_SUFFIXES = tuple(LEX["names"]["suffixes"])
_SAID_FOR: dict[str, str] = LEX["names"]["said_for"]
_SHORT_REGIONS = tuple(LEX["org_suffixes"]["short_regions"])
_YEAR_PREFIX = re.compile(rf"^\d{{4}}{LEX['numbers']['year_suffix']}")
_OF = LEX["operations"]["of"]          # "机关运行经费的经费": the possessive
_SHARED_TAILS = LEX["triggers"]["shared_tails"]
_SHARED_JOIN = LEX["triggers"]["shared_join"]
_SHARED_ASKS = words_re(LEX["triggers"]["shared_asks"])
_SHARED_NOT = words_re(LEX["triggers"]["shared_not"])


@dataclass(frozen=True)
class Entity:
    """Something a question can name. `data` carries what the answer needs to look it up."""

    kind: str        # summary | split | subject | econ | sangong | opex | project | unit | table
    name: str
    data: tuple[tuple[str, Any], ...] = ()

    def get(self, key: str, default: Any = None) -> Any:
        return dict(self.data).get(key, default)


def _across(said: list[tuple[int, int]], start: int, end: int) -> bool:
    """The span [start, end) ends a name said whole (a span of `said`) or begins one."""
    return any(s < start < e <= end for s, e in said) or \
        any(start <= s < end < e for s, e in said)


@dataclass
class Knowledge:
    """One document's entities and the small reference tables the engine consults."""

    doc_id: int
    department: str
    year: str
    title: str
    format: str = ""
    kind: str = ""           # 部门预算 / 单位预算 / 部门决算: which colloquial words apply
    entities: list[Entity] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    units: list[Entity] = field(default_factory=list)
    unit_keys: list[str] = field(default_factory=list)
    codes: set[str] = field(default_factory=set)
    sheets: dict[int, dict[str, Any]] = field(default_factory=dict)
    glossary: list[dict[str, Any]] = field(default_factory=list)
    paragraphs: list[dict[str, Any]] = field(default_factory=list)
    containing: dict[str, list[str]] = field(default_factory=dict)
    _recall: Recall | None = None
    pages: dict[int, int] = field(default_factory=dict)     # line -> page (PDF documents)
    files: dict[int, str] = field(default_factory=dict)     # line -> file (several files)

    def add(self, entity: Entity, *aliases: str) -> None:
        seen = set()
        for alias in (entity.name, *aliases):
            key = match_key(alias)
            if key and key not in seen:
                seen.add(key)
                self.entities.append(entity)
                self.keys.append(key)

    def find(self, question_key: str, kinds: set[str] | None = None,
             cutoff: float | None = None) -> list[Match[Entity]]:
        # budget names: skipping words inside a name names another, narrower thing
        opts = {**_cut(cutoff), "skip_limit": SKIP_LIMIT}
        if kinds is None:
            hits = find(question_key, self.keys, self.entities, **opts)
        else:
            pairs = [(k, e) for k, e in zip(self.keys, self.entities) if e.kind in kinds]
            hits = find(question_key, [k for k, _ in pairs], [e for _, e in pairs], **opts)
        if hits or (kinds is not None and "project" not in kinds):
            return hits
        if kinds is not None and find(question_key, self.keys, self.entities, **opts):
            return []            # another name fits the question as said: no partial reading
        return self.partial_project(question_key)

    PARTIAL = PARTIAL     # characters of a project name a question must say verbatim

    def partial_project(self, question_key: str) -> list[Match[Entity]]:
        """A project named by a part of its name ("救灾资金" for "<…>救灾资金"): the longest
        run of four or more characters the question shares with exactly one project name.
        The reading then checks that the rest of the question is explained."""
        best: list[tuple[int, str, Entity]] = []
        for key, ent in zip(self.keys, self.entities):
            if ent.kind != "project":
                continue
            m = SequenceMatcher(None, question_key, key, autojunk=False).find_longest_match()
            if m.size >= self.PARTIAL:
                best.append((m.size, key, ent))
        if not best:
            return []
        top = max(size for size, _, _ in best)
        names = {ent.name for size, _, ent in best if size == top}
        if len(names) != 1:
            return []
        return [Match(ent, key, size, size / len(key), 0.0)
                for size, key, ent in best if size == top]

    def names_containing(self, word: str) -> list[str]:
        """Entity and indicator names longer than `word` that contain it (cached per word):
        a colloquial word is not rewritten inside them ("油费" in "航油费标准")."""
        if word not in self.containing:
            indicators = {match_key(i) for s in self.sheets.values() for i in s["indicators"]}
            self.containing[word] = [k for k in set(self.keys) | indicators
                                     if word in k and k != word]
        return self.containing[word]

    @cached_property
    def _one_off(self) -> dict[str, set[str]]:
        """Each amount or project name (long enough to be told by the rest of its characters)
        with one character blanked -> the names that read so."""
        index: dict[str, set[str]] = {}
        for k, e in zip(self.keys, self.entities):
            if e.kind in ("table", "term", "unit") or not TYPO_NAME_MIN <= len(k) <= TYPO_NAME_MAX:
                continue
            for i in range(len(k)):
                index.setdefault(k[:i] + "\0" + k[i + 1:], set()).add(k)
        return index

    @cached_property
    def _one_off_beginnings(self) -> dict[str, set[str]]:
        """Each beginning (long enough) of an amount or project name with one character
        blanked -> the beginnings that read so."""
        index: dict[str, set[str]] = {}
        for k, e in zip(self.keys, self.entities):
            if e.kind in ("table", "term", "unit"):
                continue
            for n in range(TYPO_BEGINNING_MIN, min(len(k), TYPO_NAME_MAX) + 1):
                begin = k[:n]
                for i in range(n):
                    index.setdefault(begin[:i] + "\0" + begin[i + 1:], set()).add(begin)
        return index

    @cached_property
    def _name_runs(self) -> frozenset[str]:
        """Every run of a name's characters as long as a typo is looked for in (part of a
        name is no typo)."""
        return frozenset(k[i:i + n] for k in self.key_set
                         for n in range(TYPO_NAME_MIN, TYPO_NAME_MAX + 1)
                         for i in range(len(k) - n + 1))

    def runs_in_names(self, text: str) -> bool:
        """`text` is a run of some name's characters."""
        return text in self._name_runs

    def corrected(self, key: str) -> tuple[str, list[tuple[str, str]]]:
        """One character mistyped in a name ("公务接带费", "安全生产陪训费") -> the name, when
        exactly one name differs from that run of the question by that one character and the
        run is part of no name; the longest runs first. Returns the key and what was read as
        what."""
        done: list[tuple[str, str]] = []
        said: list[tuple[int, int]] | None = None     # the names said whole, found once
        size = min(len(key), TYPO_NAME_MAX)
        while size >= TYPO_NAME_MIN:
            for start in range(len(key) - size + 1):
                run = key[start:start + size]
                if not _CJK_RUN.fullmatch(run) or run in self._name_runs:
                    continue
                found = set().union(*(self._one_off.get(run[:i] + "\0" + run[i + 1:], set())
                                      for i in range(size)))
                # people mistype by sound: 财政运行 is no mistyped 行政运行, and 离修费 is
                # 离休费, not 维修费
                found = {name for name in found
                         if sounds_alike(*next((a, b) for a, b in zip(run, name) if a != b))}
                if not found and size >= TYPO_BEGINNING_MIN:
                    # "公物用车的油钱": a name's beginning said with a character mistyped by
                    # sound (公务用车…), read as that beginning
                    begins = set().union(*(self._one_off_beginnings.get(
                        run[:i] + "\0" + run[i + 1:], set()) for i in range(size)))
                    found = {b for b in begins
                             if sounds_alike(*next((x, y) for x, y in zip(run, b) if x != y))}
                if not found and size >= SHORTENED_MIN:
                    # "公益岗位补贴": a name said with one character left out (公益性…)
                    found = set(self._one_less.get(run, ()))
                if not found and size == 2 * SWAPPED_HALF:
                    said = self._spans_said(key) if said is None else said
                if not found and size == 2 * SWAPPED_HALF and \
                        not _across(said, start, start + size):
                    # "审判案件": a name of two words said the other way round (案件审判) —
                    # never the end of one name said whole and the start of the next
                    # ("工资福利支出基本工资": no 基本支出)
                    swapped = run[SWAPPED_HALF:] + run[:SWAPPED_HALF]
                    found = {swapped} if swapped in self.key_set else set()
                if len(found) == 1:
                    name = found.pop()
                    done.append((run, name))
                    key = key[:start] + name + key[start + size:]
            size -= 1
        return key, done

    def _spans_said(self, key: str) -> list[tuple[int, int]]:
        """Where the names `key` says whole stand in it."""
        return [(key.find(n), key.find(n) + len(n)) for n in self.names_said(key)]

    @cached_property
    def _one_less(self) -> dict[str, set[str]]:
        """Each item name (long enough) with one character left out -> the names that read so."""
        index: dict[str, set[str]] = {}
        for k, e in zip(self.keys, self.entities):
            if e.kind in ("table", "term", "unit") or not SHORTENED_MIN < len(k) <= TYPO_NAME_MAX:
                continue
            for i in range(len(k)):
                index.setdefault(k[:i] + k[i + 1:], set()).add(k)
        return index

    @cached_property
    def _fees(self) -> list[tuple[str, str]]:
        """(what an amount's name says before its 费, the name): "培训" for 培训费, the
        longest first; only where the shorter words are no name of their own."""
        tail = LEX["triggers"]["fee_tail"]
        out = {(k[:-len(tail)], k) for k, e in zip(self.keys, self.entities)
               if e.kind in ("sangong", "econ", "subject") and k.endswith(tail)
               and len(k) - len(tail) >= FEE_STEM_MIN and k[:-len(tail)] not in self.key_set}
        return sorted(out, key=lambda sn: -len(sn[0]))

    @cached_property
    def _amount_keys(self) -> frozenset[str]:
        """Keys of the amounts a question may name (a table's title or a total line listing
        items — "“三公”经费、会议费、培训费合计" — is none)."""
        listing = set(self.names_with_separator)
        return frozenset(k for k, e in zip(self.keys, self.entities)
                         if e.kind not in ("table", "term", "unit") and k not in listing)

    @cached_property
    def econ_lines(self) -> frozenset[str]:
        """Keys of the economic items that are lines, not categories (水费, 办公费 — never
        工资福利支出): what may be said side by side as a list."""
        return frozenset(k for k, e in zip(self.keys, self.entities)
                         if e.kind == "econ" and not e.get("category"))

    def with_spending_names(self, key: str) -> str:
        """"商品和服务开支": a name ending in 支出 said with another word for spending is the
        name the document prints (the longest one so said)."""
        tail = LEX["triggers"]["spending_tail"]
        for said in LEX["triggers"]["spending_said"]:
            at = key.find(said)
            if at > 0:
                # "商品和服务开支" is 商品和服务支出: the longest name so said
                found = max((k for k in self._amount_keys if k.endswith(tail) and
                             key[:at].endswith(k[:-len(tail)]) and
                             len(k) - len(tail) >= BEGINNING_MIN), key=len, default="")
                if found:
                    key = key[:at] + tail + key[at + len(said):]
        return key

    def with_names_rejoined(self, key: str) -> str:
        """A particle said inside a word the document prints ("执法执勤用的车": 执法执勤用车,
        a name or a word of its explanations) is left out, when REJOINED_MIN characters or
        more of that word run across it."""
        for word in LEX["triggers"]["inside_name"]:
            at = key.find(word, 1)
            while at > 0:
                joined = key[:at] + key[at + len(word):]
                # (a word of the explanations only for a count: "执法执勤用的车多少钱" asks
                # money, which only a name's row holds)
                if self._printed_across(joined, at, prose=bool(MEASURE.search(key))):
                    key = joined
                at = key.find(word, at + 1)
        return key

    def _printed_across(self, text: str, at: int, prose: bool) -> bool:
        for size in range(REJOINED_MIN, min(len(text), REJOINED_MIN + 3) + 1):
            for start in range(max(0, at - size + 1), min(at, len(text) - size + 1)):
                piece = text[start:start + size]
                if piece in self.key_set or (prose and piece in self._prose):
                    return True
        return False

    def prose_says(self, key: str) -> bool:
        """Some paragraph of the explanations says `key` (a match key)."""
        return key in self._prose

    @cached_property
    def _prose(self) -> str:
        return "|".join(match_key(p.get("text") or "") for p in self.paragraphs)

    @cached_property
    def _beginnings(self) -> dict[str, str]:
        """The beginnings of amount names that begin only one (and are no name themselves):
        "工资福利" -> 工资福利支出, "机关运行" -> 机关运行经费."""
        seen: dict[str, set[str]] = {}
        items = {k for k, e in zip(self.keys, self.entities) if e.kind in BEGUN_KINDS}
        for k in items:
            for size in range(BEGINNING_MIN, len(k)):
                seen.setdefault(k[:size], set()).add(k)
        # (or begin the one name all the others go on from: "一般公共服务" begins
        # 一般公共服务支出 and 一般公共服务支出政协事务 — it is the first)
        out = {}
        for b, names in seen.items():
            first = min(names, key=len)
            if b not in self.key_set and all(n.startswith(first) for n in names):
                out[b] = first
        return out

    def is_total(self, key: str) -> bool:
        """`key` names a 收支总表's total (收入总计, 本年支出合计 …): the whole budget."""
        endings = tuple(LEX["totals"]["endings"])
        return any(e.kind == "summary" and k == key and e.name.endswith(endings)
                   for k, e in zip(self.keys, self.entities))

    def names_an_amount(self, key: str) -> bool:
        """`key` is the name of an amount a question may ask (no table, no listing line)."""
        return key in self._amount_keys

    def is_sangong_item(self, name: str) -> bool:
        """`name` is an item of the “三公” table, said whole or with its parent's words before
        its own ("公务用车购置费": 购置费 under 公务用车购置及运行费)."""
        items = [e.name for e in self.entities if e.kind == "sangong"]
        return any(name == i or (name.endswith(i) and any(
            p.startswith(name[:-len(i)]) for p in items)) for i in items)

    def begins_a_name(self, text: str) -> bool:
        """Some amount name begins with `text`."""
        return any(k.startswith(text) for k in self._amount_keys)

    def completed(self, key: str) -> str:
        """A name the question says only the beginning of, when no other name begins so and
        what follows in the question asks rather than names ("工资福利这一块" is 工资福利支出;
        "公务用车购置费" is no beginning of 公务用车购置及运行费)."""
        for size in range(min(len(key), TYPO_NAME_MAX), BEGINNING_MIN - 1, -1):
            for start in range(len(key) - size + 1):
                run = key[start:start + size]
                name = self._beginnings.get(run) or (
                    self.only_holder(run) if size >= PART_MIN else "")
                # (not what a count counts: "几辆公务用车" are the cars, not their money)
                counted = any(m.end() == start for m in MEASURE.finditer(key[:start]))
                if name and name not in key and _asks_from(key[start + size:]) and not counted:
                    return key[:start] + name + key[start + size:]
        return key

    def with_sectors(self, key: str) -> str:
        """"住房这块", "社保方面": a word said as a broad area, followed by a sector word, is
        the 类 of the 功能分类 whose name begins with it (住房保障支出) — the widest of the
        names it begins, when the word is no name itself."""
        for word in sorted(LEX["sector"]["words"], key=len, reverse=True):
            at = key.find(word)
            if at < SECTOR_MIN:
                continue
            for start in range(0, at - SECTOR_MIN + 1):
                run = key[start:at]
                if run in self.key_set:
                    break
                begins = LEX["sector"]["said"].get(run, run)
                classes = {c for c in self._class_names if c.startswith(begins)}
                if len(classes) == 1:
                    return key[:start] + classes.pop() + key[at:at + len(word)] + \
                        _without_spending_said(key[at + len(word):])
                if self.names_containing(run):
                    break         # a name's own words ("社区环境卫生这块": 城乡社区环境卫生,
                    # never the 卫生 its last words begin)
        return key

    @cached_property
    def _class_names(self) -> frozenset[str]:
        """The 功能分类's 类 (keys): what an area said with a sector word may be."""
        return frozenset(match_key(e.name) for e in self.entities if e.kind == "subject"
                         and e.get("level") == LEX["sector"]["level"])

    def only_holder(self, run: str) -> str:
        """The one item whose name holds `run` ("社区环境卫生" of 城乡社区环境卫生), when `run`
        is no name itself; else ""."""
        if run in self.key_set:
            return ""
        held = self._holders.get(run)
        if held is None:
            names = {match_key(e.name) for k, e in zip(self.keys, self.entities)
                     if run in k and k in self._amount_keys and e.kind in BEGUN_KINDS}
            held = self._holders[run] = names.pop() if len(names) == 1 else ""
        return held

    @cached_property
    def _holders(self) -> dict[str, str]:
        """only_holder's answers, kept (the same runs are tried for every question)."""
        return {}

    def said_once(self, key: str) -> str:
        """A name said twice in a row ("招待客人的公务接待费" read as 公务接待费的公务接待费)
        is said once."""
        for name in self.names_said(key):
            for twice in (name + _OF + name, name + name):
                key = key.replace(twice, name)
        return key

    def without_money_tail(self, key: str) -> str:
        """"政协会议经费", "委员视察的经费": a name said with a money word after it (with
        的 between or not) that makes no other name is that name (the money word only says it
        is money)."""
        for tail in LEX["triggers"]["describe_tail"]:
            at = key.find(tail)
            while at > 0:
                if key[at - 1:at] == _OF and key[:at - 1].endswith(tail):
                    # "机关运行经费的经费": the money word said again
                    key = key[:at - 1] + key[at + len(tail):]
                    at = key.find(tail, at)
                    continue
                end = at - 1 if key[at - 1:at] == _OF else at
                name = next((key[i:end] for i in range(max(0, end - TYPO_NAME_MAX), end - 1)
                             if key[i:end] in self._amount_keys), "")
                if name and name + tail not in self.key_set and not self.begins_a_name(
                        name + tail):
                    key = key[:end] + key[at + len(tail):]
                at = key.find(tail, at + 1)
        return key

    def with_fees(self, key: str) -> str:
        """"培训一年安排多少钱": an activity said without its 费, asked for its money, is the
        amount named after it (培训费) — unless the question already says a name holding it."""
        for stem, name in self._fees:
            # (only when no other name holds those words: 培训 may be a project's 培训费 too, and
            # 医疗 医疗费补助; a table's total line listing items is no other name)
            # (nor inside a word that says what an item is for: 办公楼's 水费, no 办公费)
            if stem in key and name not in key and not any(
                    n != name and n in self._amount_keys for n in self.names_containing(stem)) \
                    and not any(stem in w and w != stem and w in key for w in DESCRIPTORS):
                return key.replace(stem, name, 1)
        return key

    @cached_property
    def sangong_whole_keys(self) -> list[str]:
        """The keys the “三公” total is said by (三公经费, 三公), longest first: the one entity of
        that table without a level."""
        return sorted({k for k, e in zip(self.keys, self.entities)
                       if e.kind == "sangong" and e.get("level") is None}, key=len, reverse=True)

    def with_shared_tails(self, key: str) -> str:
        """"水电费分别多少" -> "水费和电费分别多少": two names said with their shared last word
        once (in a character each), where the document prints both names and not the run said
        (邮电费 is a name of its own), and the question asks each or their sum."""
        if not _SHARED_ASKS.search(key) or _SHARED_NOT.search(key):
            return key
        for tail in _SHARED_TAILS:
            at = key.find(tail, 2)
            while at != -1:
                for n in range(SHARED_STEM_LONGEST * 2, 1, -1):
                    stem = key[max(0, at - n):at]
                    if len(stem) < n:
                        continue
                    if stem + tail in self.key_set:
                        break
                    both = [(stem[:cut] + tail, stem[cut:] + tail) for cut in range(1, n)
                            if cut <= SHARED_STEM_LONGEST and n - cut <= SHARED_STEM_LONGEST]
                    pair = next((p for p in both if all(x in self._amount_keys for x in p)),
                                None)
                    if pair:
                        said = _SHARED_JOIN.join(pair)
                        key = key[:at - n] + said + key[at + len(tail):]
                        at += len(said) - n - len(tail)
                        break
                at = key.find(tail, at + 1)
        return key

    def name_starting(self, prefix: str) -> str:
        """The one amount name that begins with `prefix` (the shortest when several do), or
        the prefix itself when none does."""
        found = sorted({k for k, e in zip(self.keys, self.entities)
                        if k.startswith(prefix) and e.kind in ("sangong", "econ", "subject")},
                       key=len)
        return found[0] if found else prefix

    @cached_property
    def key_set(self) -> frozenset[str]:
        """Every name and alias key (the index is complete once build_knowledge returns)."""
        return frozenset(self.keys)

    @cached_property
    def spelled_words(self) -> dict[str, frozenset[str]]:
        """The words of its names and department a word mistyped by sound may be read as
        (queries/respell.py)."""
        return vocabulary([*self.key_set, match_key(self.department)])

    def prose_at(self, line: int) -> dict[str, Any] | None:
        """The paragraph (or heading) a line of the explanations belongs to: the last one that
        starts at or before it."""
        i = bisect.bisect_right(self._paragraph_lines, line)
        return self.paragraphs[i - 1] if i else None

    @cached_property
    def _paragraph_lines(self) -> list[int]:
        return [p["line"] for p in self.paragraphs]

    def names_said(self, text: str, shortest: int = 3) -> list[str]:
        """The document's names (keys) a text says as written, longest first, none inside
        another ("行政运行" in "2240101行政运行是多少")."""
        found: list[str] = []
        for size in range(len(text), shortest - 1, -1):
            for i in range(len(text) - size + 1):
                piece = text[i:i + size]
                if piece in self.key_set and not any(piece in f for f in found):
                    found.append(piece)
        return found

    @cached_property
    def names_with_separator(self) -> list[str]:
        """Keys of names printed with a 、 inside ("“三公”经费、会议费、培训费支出预算表"): a
        question that says such a name is not a list of parts."""
        return sorted({match_key(e.name) for e in self.entities if "、" in e.name},
                      key=len, reverse=True)

    @cached_property
    def names_with_conjunction(self) -> list[str]:
        """Names (and colloquial words) that hold a conjunction: never cut there."""
        conj = LEX["operations"]["conjunctions"]
        said = [w for k, v in COLLOQUIAL.items() for w in (k, *([v] if isinstance(v, str) else v))]
        names = self.key_set | {match_key(w.removesuffix(PREFIX_MARK)) for w in said}
        return sorted((k for k in names if any(c in k for c in conj)), key=len, reverse=True)

    def unit_prefix(self, text: str) -> str:
        """The longest unit name or alias `text` starts with ("" when none)."""
        found = [k for k in self.unit_keys if text.startswith(k)]
        return max(found, key=len) if found else ""

    @cached_property
    def uses(self) -> dict[str, str]:
        """What the explanations say an item is used for ("财政委托业务支出（项）。主要用于：委托
        中介机构开展各类审计…"): name key -> the clause, so recall finds the item by what it
        does."""
        used = re.compile("|".join(map(re.escape, LEX["purpose"]["stated"])))
        printed = {match_key(e.name) for e in self.entities}
        out: dict[str, str] = {}
        for p in self.paragraphs:
            text = p["text"]
            for m in used.finditer(text):
                before = match_key(text[:m.start()])[-USE_REACH:]
                # the item said last before 用于, by its printed name (an alias such as 维护费
                # inside 公务用车运行维护费 is no item of its own)
                said = [n for n in self.names_said(before) if n in printed]
                if not said:
                    continue
                name = max(said, key=lambda n: (before.rfind(n) + len(n), len(n)))
                clause = re.split(r"[。；]", text[m.end():])[0]
                # a clause that states amounts or names other items describes no one item
                if NUM_UNIT.search(clause) or self.names_said(match_key(clause)):
                    continue
                out[name] = out.get(name, "") + " " + clause
        return out

    def recall(self) -> Recall:
        """The BM25 index of names and sheet texts (built on first use)."""
        if self._recall is None:
            names, texts = [], []
            described = {s["project"]: s.get("text", "") for s in self.sheets.values()
                         if s.get("project")}
            for ent in self.entities:
                if ent.kind not in ("term", "table") and ent.name not in names:
                    names.append(ent.name)
                    texts.append((described.get(ent.name, "") if ent.kind == "project" else "")
                                 + self.uses.get(match_key(ent.name), ""))
            self._recall = Recall(names, texts)
        return self._recall

    def find_units(self, question_key: str) -> list[Match[Entity]]:
        return find(question_key, self.unit_keys, self.units, cutoff=UNIT_CUTOFF)


_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")


# the question words that name no money (是多少, 有, 这一块 — not 支出, 经费, 预算)
_ASKING_WORDS = tuple(w for w in (*FUNCTION_WORDS, *GENERIC)
                      if not any(b in w for b in LEX["triggers"]["budget"]))


# the items a question may name by their beginning (not a 收支总表's class rows or totals)
BEGUN_KINDS = frozenset({"econ", "gov_econ", "subject", "sangong", "opex", "column"})


def _asks_from(rest: str) -> bool:
    """What follows a name in a question asks rather than names: nothing, a function word of
    the lexicon or a closed-class word (这一块, 的, 有多少)."""
    if not rest:
        return True
    if any(rest.startswith(w) for w in _ASKING_WORDS):
        return True
    classes = word_classes.words()
    return any(rest.startswith(w) and word_classes.kind_of(w, classes[w]) == "function"
               for w in (rest[:n] for n in range(1, CLASS_WORD_REACH + 1)) if w in classes)


def _cut(cutoff: float | None) -> dict[str, float]:
    return {} if cutoff is None else {"cutoff": cutoff}


def name_aliases(name: str, region: str = "") -> list[str]:
    """Shorter forms people use: without the region / 省级 in front or 项目 at the end."""
    out = []
    core = name
    for prefix in ((region,) if region else ()) + _NAME_PREFIXES:
        if core.startswith(prefix) and len(core) - len(prefix) >= ALIAS_MIN:
            core = core[len(prefix):]
            break
    for suffix in _NAME_SUFFIXES:
        if core.endswith(suffix) and len(core) - len(suffix) >= ALIAS_MIN:
            core = core[: -len(suffix)]
            break
    if core != name:
        out.append(core)
    return out


def unit_aliases(unit: str, department: str) -> list[str]:
    """'Y省X管理研究院' under 'Y省X管理厅' -> ['X管理研究院', '研究院']."""
    region = region_of(department or unit)
    out = name_aliases(unit, region)
    common = os.path.commonprefix([unit, department])
    tail = unit[len(common):]
    if common and len(tail) >= UNIT_TAIL_MIN and tail != unit:
        out.append(tail)
    if region and unit.startswith(region) and region[-1] in _SHORT_REGIONS:
        out.append(region[-1] + unit[len(region):])
    return out


def load_synonyms() -> dict[str, list[tuple[str, str | tuple[str, ...]]]]:
    """The lexicon's colloquial words -> document words, longest first, for each kind of
    publication ("" for any kind): the kind's own words extend and override the base ones."""
    def said(word: str) -> str:           # the mark of a name's beginning is kept
        return match_key(word.removesuffix(PREFIX_MARK)) + PREFIX_MARK \
            if word.endswith(PREFIX_MARK) else match_key(word)

    def pairs(words: dict) -> list[tuple[str, str | tuple[str, ...]]]:
        return sorted(((match_key(k), said(v) if isinstance(v, str) else tuple(map(said, v)))
                       for k, v in words.items()), key=lambda kv: -len(kv[0]))
    out = {"": pairs(COLLOQUIAL)}
    for kind, words in COLLOQUIAL_BY_KIND.items():
        out[kind] = pairs({**COLLOQUIAL, **words})
    return out


PURCHASE_CLASS_MARK = re.compile(r"[A-Z]$")   # "货物A", "工程B", "服务C": the 品目 code letter


def procurement_name(row: dict[str, Any]) -> tuple[str, list[str]]:
    """The name a 政府采购 row answers to, and its aliases."""
    if row["level"] == Stored.PURCHASE_CLASS:
        name = PURCHASE_CLASS_MARK.sub("", row["category"] or "")
        return name, [name + Stored.PURCHASE_CLASS] if name else []
    if row["level"] == Stored.PURCHASE_LINE:
        # (never by the 专项 it is bought for: a 专项 buys more than one line, and its name
        # is a 科目's too — 案件审判经费)
        return row["econ"] or "", []
    if row["level"] == Stored.PURCHASE_GOODS:
        return row["item"] or "", []
    return "", []


def summary_canonical(fmt: Format) -> dict[str, str]:
    """A format's 收支总表 row words -> the base format's (收入合计 -> 收入总计)."""
    base = FORMATS[0].summary_rows
    return {word: base[role] for role, word in fmt.summary_rows.items()
            if role in base and base[role] != word}


def build_knowledge(con: duckdb.DuckDBPyConnection, templates: dict[str, Template],
                    doc: dict[str, Any]) -> Knowledge:
    """Read one document's names into an index (a few queries, once)."""
    doc_id = doc["doc_id"]
    kn = Knowledge(doc_id, doc["department"], doc["year"], doc["title"], doc.get("format", ""),
                   doc.get("kind") or "")

    def q(name: str, **params: Any) -> list[dict[str, Any]]:
        return run(con, templates[name], doc_id=doc_id, **params).rows

    tables = q("report_tables")
    for t in tables:
        title = _YEAR_PREFIX.sub("", t["title"])
        kn.add(Entity("table", title, (("table_no", t["table_no"]), ("kind", t["kind"]),
                                       ("empty", t["is_empty"]), ("line", t["title_line"]))),
               re.sub(r"[（(].*?[）)]", "", title))
    # every row of the 收支总表 (收入 and 支出 sides), with a figure or empty: 收支总表 first,
    # 财政拨款收支总表 rows when asked for
    labels = format_named(kn.format).label_headers
    canonical = summary_canonical(format_named(kn.format))
    for r in q("index_summary_rows"):
        sides = [i for i, path in enumerate(r["columns"]) if path.split("/")[-1] in labels]
        for i in sides:
            name = strip_enumerator(r["cells"][i]) if i < len(r["cells"]) else ""
            if name and name != Stored.TOTAL:
                # a template's own word for a total row answers to the usual one (收入合计 is
                # the 收入总计 of a 收支预算总表 that prints no 总计)
                words = [name] + ([canonical[name]] if name in canonical else [])
                # "支出总额" is how people say 支出总计
                aliases = [w[:-len(p)] + s for w in words for p, s in _SAID_FOR.items()
                           if w.endswith(p)] + words[1:]
                kn.add(Entity("summary", name, (("table_no", r["table_no"]), ("line", r["line"]),
                                                ("table_kind", r["table_kind"]))), *aliases)
    # a column of the income / expense table, named by its header ("财政拨款收入"), read from
    # the table's 合计 row — only where no row or item already has that name
    fmt = format_named(kn.format)
    taken = set(kn.keys)
    for t in tables:
        if t["kind"] not in COLUMN_TABLES:
            continue
        for path in t["columns"] or []:
            leaf = str(path).split("/")[-1]
            if not leaf or fmt.is_label_header(leaf) or fmt.is_code_header(leaf) or \
                    leaf in AMOUNT_KEY_LABELS.values() or match_key(leaf) in taken:
                continue
            kn.add(Entity("column", leaf, (("table_kind", t["kind"]), ("path", path))))
            taken.add(match_key(leaf))
    for key in ("basic", "project"):
        kn.add(Entity("split", AMOUNT_KEY_LABELS[key], (("key", key), ("table", "expense"))))
    for key in ("personnel", "public"):
        kn.add(Entity("split", AMOUNT_KEY_LABELS[key], (("key", key), ("table", "gpb_basic_econ"))))
    # the economic table's total is the 一般公共预算基本支出
    kn.add(Entity("split", AMOUNT_KEY_LABELS["gpb"] + AMOUNT_KEY_LABELS["basic"],
                  (("key", "total"), ("table", "gpb_basic_econ"))))
    subject_rows = q("index_subjects")
    names_by_code = {r["code"]: r["name"] for r in subject_rows}
    for r in subject_rows:
        kn.codes.add(r["code"])
        # a 项 is also named with its 款 ("城乡社区管理事务行政运行"): many 款 hold a 行政运行
        parent = names_by_code.get(r["code"][:-2], "") if len(r["code"]) > 3 else ""
        kn.add(Entity("subject", r["name"], (("code", r["code"]), ("level", r["level"]),
                                             ("parent", parent))),
               *([parent + r["name"]] if parent else []))
    for r in q("index_gov_econ"):     # 政府预算经济科目: 社会保障缴费, 办公经费 …
        kn.add(Entity("gov_econ", r["gov_item"]), *bracket_free(r["gov_item"]))
    for r in q("index_econ"):
        kn.add(Entity("econ", r["item"], (("category", r["is_category"]),
                                          ("parent", r["parent"]))),
               *bracket_free(r["item"]))
    sangong = q("sangong")
    for r in sangong:
        name = strip_enumerator(r["item"])
        if r["level"] == Stored.TOTAL:
            kn.add(Entity("sangong", "“三公”经费", (("item", r["item"]),)), "三公经费", "三公")
        else:
            kn.add(Entity("sangong", name, (("item", r["item"]), ("level", r["level"]))),
                   *bracket_free(name))
    for r in q("procurement"):      # 政府采购: a 类 (工程B -> 工程, 工程类), a 经济科目, a 品目
        name, aliases = procurement_name(r)
        if name:
            kn.add(Entity("procurement", name, (("level", r["level"]),)), *aliases)
    for r in q("opex"):
        if r["is_total"]:
            kn.add(Entity("opex", "机关运行经费", (("unit", None),)))
    for r in q("index_opex_items"):
        # an economic item printed only in the 机关运行经费 table ("物业管理费"): its row there
        # is the one figure the document gives for it
        if match_key(r["item"]) not in kn.keys:      # (key_set is cached once built)
            kn.add(Entity("econ", r["item"], (("category", False), ("parent", ""),
                                              ("opex_only", True))), *bracket_free(r["item"]))
    for r in q("index_projects"):
        kn.add(Entity("project", r["name"], (("unit", r["unit"]),)),
               *name_aliases(r["name"], region_of(kn.department)))
    units = {r["unit"] for r in q("index_units")}
    for unit in sorted(units):
        ent = Entity("unit", unit)
        for alias in (unit, *unit_aliases(unit, kn.department)):
            kn.units.append(ent)
            kn.unit_keys.append(match_key(alias))
    for r in q("index_sheets"):
        sheet = kn.sheets.setdefault(r["sheet_no"], {"project": r["project"], "unit": r["unit"],
                                                     "indicators": set()})
        if r["indicator"]:
            sheet["indicators"].add(r["indicator"])
    for r in q("sheet_texts"):
        kn.sheets.setdefault(r["sheet_no"], {"project": r["project"], "unit": r["unit"],
                                             "indicators": set()})["text"] = r["text"] or ""
    # a project only its sheet names (one described in prose) is a project all the same
    listed = {e.name for e in kn.entities if e.kind == "project"}
    for sheet in kn.sheets.values():
        if sheet["project"] and sheet["project"] not in listed:
            listed.add(sheet["project"])
            kn.add(Entity("project", sheet["project"], (("unit", sheet["unit"]),)),
                   *name_aliases(sheet["project"], region_of(kn.department)))
    kn.glossary = q("glossary")
    for g in kn.glossary:
        kn.add(Entity("term", g["term"].strip("“”\""), (("line", g["line"]),)))
    kn.paragraphs = q("paragraphs")
    paged = q("source_pages")
    kn.pages = {r["line"]: r["page"] for r in paged}
    if len({r["file"] for r in paged}) > 1:      # a publication in several files
        kn.files = {r["line"]: r["file"] for r in paged}
    return kn


def _without_spending_said(rest: str) -> str:
    """What follows an area's sector word without the spending word the 类's name already
    says ("住房方面的开支": 住房保障支出方面, the 开支 is its 支出)."""
    for said in LEX["triggers"]["spending_said"]:
        for lead in (_OF + said, said):
            if rest.startswith(lead):
                return rest[len(lead):]
    return rest
