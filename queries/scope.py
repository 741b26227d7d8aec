"""Which loaded documents a question is about: the departments and years it names."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

from rapidfuzz.distance import LCSseq

from queries import word_classes
from queries.answer import Answer
from queries.normalize import Question, match_key
from queries.thresholds import SHORTEST_DEPARTMENT
from queries.vocab import COUNT_ASKS, FUNCTION_WORDS, LEX, alt

# a mention of an organisation: "山西省公安厅", "教育厅", "省应急管理厅", "卫生健康委员会"
# ("省政协", "市法院": a province's or city's own body said by its suffix alone)
_NOT_BEFORE: dict[str, list[str]] = LEX["org_suffixes"]["words_not_before"]
ORG_MENTION = re.compile(r"((?:[\u4e00-\u9fff]{2,12}?|[省市])(?:" + "|".join(
    re.escape(w) + (f"(?![{''.join(_NOT_BEFORE[w])}])" if w in _NOT_BEFORE else "")
    for w in sorted(LEX["org_suffixes"]["words"], key=len, reverse=True)) + "))")
_LEAD_WORDS = re.compile("^(?:" + "|".join(sorted(
    LEX["org_suffixes"]["lead_words"] + LEX["operations"]["conjunctions"],
    key=len, reverse=True)) + ")+")
# "你们局", "贵局": the department asked of, pointed at by the kind of body it is
POINTED_BODIES = {p + w: w for p in LEX["org_suffixes"]["pointed_pronouns"]
                  for w in LEX["org_suffixes"]["words"]}
_REGION_END = frozenset(LEX["org_suffixes"]["regions"])
# what a question quotes ("“…”", "「…」")
QUOTED = re.compile(r"[“\"「『]([^“”\"「」『』]+)[”\"」』]")
# a mention is trimmed from the front ("…日万里街道", "是地震局") down to a name of this many
# characters, never at a region's edge (queries/lexicon.toml [org_suffixes] regions)
_SHORTEST_NAME = SHORTEST_DEPARTMENT
# a kind of body said alone (政协, 法院) names the department of that kind
_KIND_WORDS = frozenset(w for w in LEX["org_suffixes"]["words"] if len(w) >= 2)
_KIND_WORD = min(len(w) for w in _KIND_WORDS)


def _asks_before(text: str) -> bool:
    """The words before a mention end with a question or function word ("为什么省政协") or a
    verb ("开省政协全委会")."""
    return any(text.endswith(w) for w in FUNCTION_WORDS) or \
        word_classes.kind(text[-1:]) == "verb"
_REGION = re.compile(rf"^(.{{2,8}}?(?:{alt(LEX['org_suffixes']['region_names'])}))")
_SHORT_REGIONS = tuple(LEX["org_suffixes"]["short_regions"])
_SHORT_REGION_LEAD = re.compile(rf"^[{''.join(_SHORT_REGIONS)}]")
_YEARS_AND_NUMBERS = re.compile(
    rf"\d{{4}}(?:{alt(LEX['names']['year_words'])})?|\d+")


def region_of(department: str) -> str:
    """The region prefix of a department's name ('XX省应急管理厅' -> 'XX省'), read, not assumed."""
    m = _REGION.match(department)
    return m.group(1) if m else ""


@dataclass(frozen=True)
class Doc:
    """A loaded document: who published it, for which year, and the key used in links."""

    doc_id: int
    department: str
    year: str
    title: str
    file: str
    format: str = ""
    unit: str = "万元"        # the unit most of its tables print (answers use it by default)
    kind: str = "部门预算"    # 部门预算 / 单位预算 / 部门决算
    link_key: str = ""        # set when another loaded file has the same stem (doc.txt, doc.pdf)

    @property
    def key(self) -> str:
        """The name in links and --doc: the file name without extension, or the whole file
        name when another loaded document shares that stem."""
        return self.link_key or Path(self.file).stem

    @property
    def label(self) -> str:
        """Unique per document: department, year and, unless the usual 部门预算, the kind."""
        kind = "" if self.kind in (LEX["names"]["usual_kind"], "", None) else self.kind
        return f"{self.department} {self.year}年{kind}"

    def aliases(self) -> list[str]:
        """Names people use for the department: full, without region, 省+core, and without
        the district and 人民政府 ("…区人民政府万里街道办事处" -> "万里街道办事处", "万里街道")."""
        region = region_of(self.department)
        core = self.department[len(region):] if region else self.department
        out = [self.department, core]
        if region and region[-1] in _SHORT_REGIONS:
            out.append(region[-1] + core)
        for prefix in LEX["org_suffixes"]["seats"]:
            if prefix in core and not core.endswith(prefix):
                tail = core.split(prefix, 1)[1]
                out.append(tail)
                out += [tail[: -len(s)] for s in LEX["org_suffixes"]["offices"]
                        if tail.endswith(s) and len(tail) - len(s) >= 2]
        return [a for a in dict.fromkeys(out) if len(a) >= 2]


def _said_alone(word: str, key: str) -> bool:
    """`key` says `word` somewhere a name does not go on from it ("街道办公楼": 街道 and
    办公楼, never 街道办)."""
    at = key.find(word)
    while at >= 0:
        if key[at + len(word):at + len(word) + 1] not in _NOT_BEFORE.get(word, ()):
            return True
        at = key.find(word, at + 1)
    return False


def said_for_department(department: str, key: str) -> list[str]:
    """The words of a question that stand for its document's department without naming it
    in full: a kind of body the name holds (法院, 政协, 街道 — "法院的三公经费" in the 高级人民
    法院's document) or an abbreviation whose characters the name holds in order, starting
    like its core or with its region's last character and ending on a character of its kind
    (高院, 区府办). The reading gate takes them as understood; they select nothing."""
    words = LEX["org_suffixes"]["words"]
    region = region_of(department)
    core = department[len(region):] if region else department
    out = [w for w in words if len(w) >= 2 and w in department and _said_alone(w, key)]
    out += [w + where for w in words + LEX["org_suffixes"]["inside_kinds"]
            if len(w) == 1 and department.endswith(w)
            for where in LEX["org_suffixes"]["inside"] if w + where in key][:1]
    enders = {ch for w in words if w in department for ch in w}
    # an abbreviation starts with a region's last character (区府办) or what follows it (高院)
    ends = [i for i, ch in enumerate(department) if ch in _REGION_END]
    starts = {core[:1]} | {department[i] for i in ends} | \
        {department[i + 1] for i in ends if i + 1 < len(department)} | \
        {w[0] for w in LEX["org_suffixes"]["seats_said"] if w in core}
    for size in range(_ABBREVIATION_MAX, 1, -1):
        for i in range(len(key) - size + 1):
            run = key[i:i + size]
            if run[0] in starts and run[-1] in enders and not any(run in o for o in out) \
                    and LCSseq.similarity(run, department) == size and \
                    key[i + size:i + size + 1] not in _NOT_BEFORE.get(run, ()):
                out.append(run)
    out = _joined_where_they_overlap(out, key, department)
    # "高院机关": the body's own offices said after what stands for it
    out += [w + o for w in list(out) for o in LEX["org_suffixes"]["organ"] if w + o in key]
    return out


def _joined_where_they_overlap(words: list[str], key: str, department: str) -> list[str]:
    """"普陀区政" and "区政府办" said as one "普陀区政府办": overlapping runs of the question are
    one, when the department's name holds its characters in order too (else each is taken out
    alone and what one leaves of the other is read as a word of the question)."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted((key.find(w), key.find(w) + len(w)) for w in words if w in key):
        if merged and start < merged[-1][1] and LCSseq.similarity(
                key[merged[-1][0]:max(end, merged[-1][1])], department) == \
                max(end, merged[-1][1]) - merged[-1][0]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return list(dict.fromkeys([key[a:b] for a, b in merged] + [w for w in words if w not in key]))


def org_core(name: str, region: str) -> str:
    """The mention without the department's region and a leading 省/市 ("Y省X厅" -> "X厅")."""
    core = name[len(region):] if region and name.startswith(region) else name
    return _SHORT_REGION_LEAD.sub("", core)


def org_matches(name: str, doc: Doc, units: list[str] = ()) -> bool:
    """'X厅' / '省X管理厅' / 'X管理厅' name 'Y省X管理厅': every character of the
    mention (after its region) appears in the department's name, in order."""
    core = org_core(name, region_of(doc.department))
    if not core:
        return False
    return any(LCSseq.similarity(core, full) == len(core) for full in (doc.department, *units))


# ------------------------------------------------------------ the loaded documents, indexed

class Loaded:
    """Lookups over the loaded documents, built once (the served database never changes
    under it), so that a question never walks them all: by doc_id, by link key, by year, and by
    the characters of a department's name (a mention is a subsequence of the name, so every
    character of it is in the name: only the documents holding all of them are checked)."""

    def __init__(self, docs: list[Doc]) -> None:
        self.docs = docs
        self.by_id: dict[int, Doc] = {d.doc_id: d for d in docs}
        self.by_key: dict[str, Doc] = {}
        for d in docs:
            self.by_key.setdefault(d.key, d)
        self.position = {d.doc_id: i for i, d in enumerate(docs)}
        self.years = frozenset(d.year for d in docs)
        self._by_year: dict[str, list[Doc]] = defaultdict(list)
        self._by_department: dict[str, list[Doc]] = defaultdict(list)
        for d in docs:
            self._by_year[d.year].append(d)
            self._by_department[d.department].append(d)
        self.department_names = frozenset(self._by_department)
        self.departments = len({d.department for d in docs})
        # documents by region, and by each character of their department's name
        self._regions: dict[str, set[int]] = defaultdict(set)
        self._chars: dict[str, set[int]] = defaultdict(set)
        for i, d in enumerate(docs):
            self._regions[region_of(d.department)].add(i)
            for ch in set(d.department):
                self._chars[ch].add(i)

    def doc(self, ref: int | str | None) -> Doc | None:
        """A document by doc_id or by its key (the file name without extension)."""
        if ref is None:
            return None
        if isinstance(ref, int) and not isinstance(ref, bool) and ref in self.by_id:
            return self.by_id[ref]
        return self.by_key.get(str(ref))

    def of_department(self, department: str) -> list[Doc]:
        """The documents of one department (its years and kinds), in loaded order."""
        return list(self._by_department.get(department, []))

    def of_years(self, years: list[str]) -> list[Doc]:
        """The documents of these years, in loaded order."""
        wanted = set(years)
        if len(wanted) == 1:
            return list(self._by_year.get(next(iter(wanted)), []))
        return [d for d in self.docs if d.year in wanted]

    def naming(self, name: str, units_of: dict[int, list[str]]) -> list[Doc]:
        """The documents `name` names (queries/scope.py `org_matches`), in loaded order: only
        the documents whose department holds every character of the mention are checked,
        and those whose units (already indexed) might hold it."""
        found: set[int] = set()
        for region, members in self._regions.items():
            core = org_core(name, region)
            if not core:
                continue
            # the smallest set first: the intersection never costs more than the rarest
            # character's documents
            sets = sorted((self._chars.get(ch, set()) for ch in set(core)), key=len)
            candidates = set(sets[0])
            for chars in sets[1:]:
                candidates &= chars
                if not candidates:
                    break
            found |= {i for i in candidates
                      if i in members and org_matches(name, self.docs[i])}
        for doc_id, units in units_of.items():
            i = self.position.get(doc_id)
            if i is not None and i not in found and units and \
                    org_matches(name, self.docs[i], units):
                found.add(i)
        return [self.docs[i] for i in sorted(found)]

    def mistyped(self, name: str) -> tuple[list[Doc], str]:
        """(the documents of the one department a mention names with one character mistyped
        — 办工厅 for 办公厅; the mention as said) — the mention trimmed from the front as
        `resolve` does (never past a region's end), the same length as the department's core,
        the same first and last character and the same kinds of body (政府 is not 政协 mistyped);
        ([], "") when none or several fit."""
        fits: dict[str, str] = {}
        for start in range(len(name) - _TYPO_NAME_LEAST + 1):
            if start and name[start - 1] in _REGION_END:
                break            # what follows a region's name is that region's department
            said = name[start:]
            for department, (region, own) in self._cores.items():
                core = org_core(said, region)
                if len(core) == len(own) >= _TYPO_NAME_LEAST - 1 and core[0] == own[0] and \
                        core[-1] == own[-1] and \
                        sum(a != b for a, b in zip(core, own)) == 1 and \
                        _kinds(core) == _kinds(own):
                    fits.setdefault(department, said)
            if fits:
                break
        if len(fits) != 1:
            return [], ""
        department, said = next(iter(fits.items()))
        return self.of_department(department), said

    @cached_property
    def _cores(self) -> dict[str, tuple[str, str]]:
        """Each department's (region, name without it), read once."""
        return {d: (region_of(d), org_core(d, region_of(d))) for d in self.department_names}


@dataclass
class Scope:
    """The documents a question may be answered from, and what it named that is not loaded."""

    docs: list[Doc]
    named_department: bool = False
    named_year: bool = False
    unknown_org: str = ""
    unknown_year: str = ""
    mentions: list[str] = field(default_factory=list)
    # (a department's name as mistyped, the name): read as it, and the answer says so
    typos: list[tuple[str, str]] = field(default_factory=list)
    # names the question says that hold a mention ("其他法院支出" holds 法院): never cut
    inside_names: list[str] = field(default_factory=list)
    # "机关" said after the department is the department itself (one budget unit only: in a
    # department of several units it is the 机关's own unit)
    organs: dict[str, str] = field(default_factory=dict)
    # the departments of `docs`, known without a walk when nothing narrowed them
    all_departments: frozenset[str] | None = None

    @property
    def departments(self) -> frozenset[str]:
        """The departments of the documents in scope."""
        if self.all_departments is not None:
            return self.all_departments
        return frozenset(d.department for d in self.docs)


_CLAUSE_BREAK = re.compile(r"[，,。？?！!；;：:\s]+")


def resolve(q: Question, key: str, loaded: Loaded, units_of: dict[int, list[str]]) -> Scope:
    """Narrow the loaded documents by the departments and years the question names (looked
    up in `loaded`'s indexes: no walk over every document)."""
    docs = loaded.docs
    scope = Scope(list(docs))
    # (a mention never runs across a clause: "一百万以上的设备，局里有几台" names no 设备局)
    bounded = " ".join(match_key(c) for c in _CLAUSE_BREAK.split(q.text))
    plain = _YEARS_AND_NUMBERS.sub(" ", bounded if bounded.replace(" ", "") == key else key)
    for quoted in QUOTED.findall(q.text):
        # "那个“其他政府办公厅…支出”": a name the question quotes is no department's (unless
        # it is one: "“区府办”的…" ends as a body's name does)
        if not ORG_MENTION.fullmatch(match_key(quoted)):
            plain = plain.replace(match_key(quoted), " ")
    for m in ORG_MENTION.finditer(plain):
        name = _LEAD_WORDS.sub("", m.group(1))
        hits = loaded.naming(name, units_of)
        # "…日万里街道": the mention may have picked up the word before the name
        for start in range(1, len(name) - _KIND_WORD + 1):
            if hits:
                break
            trimmed = name[start:]
            if name[start - 1] in _REGION_END:
                break            # what follows a region's name is that region's department
            if trimmed[0] in _REGION_END and not _asks_before(name[:start]):
                continue         # "北京市财政局" is not "市财政局"; "为什么省政协" is "省政协"
            if len(trimmed) < _SHORTEST_NAME and trimmed not in _KIND_WORDS:
                continue         # a short mention only as a kind of body ("…的设备政协")
            found = loaded.naming(trimmed, units_of)
            if found:
                name, hits = trimmed, found
        if hits:
            if not scope.named_department:
                scope.docs = []
            scope.named_department = True
            ids = {d.doc_id for d in scope.docs}
            scope.docs += [d for d in hits if d.doc_id not in ids]
            scope.mentions.append(name)
            continue
        pointed = next((w for p, w in POINTED_BODIES.items() if name.endswith(p)), "")
        kinds = [d for d in scope.docs if pointed and pointed in d.department]
        if kinds:
            # "你们局": the department of that kind asked of (never another kind: "他们法院"
            # in a 区政府办公室's document is another body)
            if len(kinds) < len(scope.docs):
                scope.docs, scope.named_department = kinds, True
            continue
        count = min((name.find(w) for w in COUNT_ASKS if w in name), default=-1)
        if count >= 0 and any(k in name[:count] for k in _KIND_WORDS):
            continue             # "政协下面设了几个专门委员会" counts bodies of a kind the
            # department is: it names none (an unknown body before the count is still one)
        typed, said = loaded.mistyped(name)
        if typed:
            if not scope.named_department:
                scope.docs = []
            scope.named_department = True
            scope.docs += [d for d in typed if d not in scope.docs]
            scope.mentions.append(said)
            scope.typos.append((said, typed[0].department))
        elif not scope.unknown_org:
            scope.unknown_org = name
    # "比2023年" in a question about a loaded 2024 document compares with the year before
    # (strip_names reads it as 比上年): not a year the question is about
    years = [y for y in q.years if y in loaded.years or not _compared_with(key, y, loaded.years)]
    if years:
        wanted = [y for y in years if y in loaded.years]
        if wanted:
            scope.named_year = True
            scope.docs = ([d for d in scope.docs if d.year in wanted]
                          if scope.named_department else loaded.of_years(wanted))
        else:
            scope.unknown_year = years[0]
    if not (scope.named_department or scope.named_year):
        scope.all_departments = loaded.department_names
    return scope


def _compared_with(key: str, year: str, loaded: set[str]) -> bool:
    """The year is said after a comparison word and the year after it is loaded."""
    return year.isdigit() and str(int(year) + 1) in loaded and any(
        f"{by}{year}年" in key for by in LEX["time"]["compared_by"])


_ABBREVIATION_MAX = 4       # 区府办, 市府办公: abbreviations are short
# a mistyped department's name is read as it from this many characters (with its region's
# last one: 省政协办工厅); a shorter one is too easily another body
_TYPO_NAME_LEAST = 5
# the kinds of body a name holds (政协, 政府, 法院 …): a mistyped name keeps them
_KIND_OF_BODY = tuple(w for w in [*LEX["org_suffixes"]["words"], *LEX["org_suffixes"]["seats_said"]]
                      if len(w) >= 2)


def _kinds(core: str) -> set[str]:
    return {w for w in _KIND_OF_BODY if w in core}


def kind_words_in(key: str) -> list[str]:
    """The kinds of body a question says (法院, 政协 …)."""
    return [w for w in _KIND_WORDS if w in key]


def strip_names(key: str, doc: Doc, mentions: list[str], keep: list[str] | tuple = (),
                organs: dict[str, str] | None = None) -> str:
    """Remove the department and year a question names: they select, they are not the topic
    (never from inside a name in `keep`: "其他法院支出" is a 科目, not 法院's 其他支出); `organs`
    says what "政协机关" reads as: the department itself (one budget unit: "") or its own unit
    (several units: "机关本级")."""
    organs = organs or {}
    kept = re.compile("(" + "|".join(map(re.escape, sorted(keep, key=len, reverse=True))) + ")") \
        if keep else None
    for alias in sorted([*doc.aliases(), *mentions], key=len, reverse=True):
        said = match_key(alias)
        # "政协机关": the body and its own offices, said together
        organ = next((o for o in organs if said + o in key and not any(
            n.startswith(o) and said + n in key for n in keep)), None)
        if organ is not None:
            key = key.replace(said + organ, organs[organ])
        key = "".join(part if kept and kept.fullmatch(part) else part.replace(said, "")
                      for part in (kept.split(key) if kept else [key]))
    if doc.year.isdigit():
        # "比2024年预算" in a 2025 document is "比上年"
        before = str(int(doc.year) - 1)
        for by in LEX["time"]["compared_by"]:
            key = key.replace(f"{by}{before}年度", f"{by}上年").replace(f"{by}{before}年",
                                                                       f"{by}上年")
    for word in (f"{doc.year}年度", f"{doc.year}年", doc.year):
        key = key.replace(word, "")
    # "法院今年政府采购…": the department said by its kind of body, first, is the subject
    for word in sorted(_KIND_WORDS, key=len, reverse=True):
        if word in doc.department and key.startswith(word) and len(key) > len(word) and \
                not any(key.startswith(name) for name in keep) and \
                key[len(word)] not in _NOT_BEFORE.get(word, ()):
            key = key[len(word):]
            key = next((organs[o] + key[len(o):] for o in organs if key.startswith(o) and
                        len(key) > len(o) and not any(key.startswith(n) for n in keep)), key)
            break
    return key


@dataclass
class Asked:
    """A question over the loaded documents: what the pipeline knows before any intent runs
    (the question, its key, the documents it may be about, and the one to answer from)."""

    q: Question
    key: str
    base: Answer
    selected: Doc | None = None
    scope: Scope = field(default_factory=lambda: Scope([]))
    target: Doc | None = None
    named: list[tuple[str, Doc]] = field(default_factory=list)
    loaded: list[Doc] = field(default_factory=list)
    index: Loaded | None = None        # lookups over `loaded` without a walk

    def of_department(self, department: str) -> list[Doc]:
        """The loaded documents of one department, in loaded order."""
        if self.index is not None:
            return self.index.of_department(department)
        return [d for d in self.loaded if d.department == department]

    @property
    def topic(self) -> str:
        """The key without the department and year that select the document."""
        if self.target is None:
            return self.key
        return strip_names(self.key, self.target, self.scope.mentions, self.scope.inside_names,
                           self.scope.organs)


def named_departments(scope: Scope) -> list[tuple[str, Doc]]:
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


def target_of(scope: Scope, selected: Doc | None) -> Doc | None:
    """One document to answer from, or None when the question must say which."""
    docs = scope.docs
    if len(docs) == 1:
        return docs[0]
    # nothing named: every loaded document is in scope, the selected one too (no walk)
    narrowed = scope.named_department or scope.named_year
    if selected is not None and (not narrowed or
                                 selected.doc_id in {d.doc_id for d in docs}):
        return selected
    if len({d.department for d in docs}) == 1 and docs:
        return max(docs, key=lambda d: d.year)        # a department named without a year
    return None


def unique_keys(docs: list[Doc]) -> list[Doc]:
    """Documents whose stems collide (doc.txt and doc.pdf) are keyed by their whole file name,
    so a link or --doc never mixes one document's caption with another's figures."""
    stems = Counter(Path(d.file).stem for d in docs)
    return [replace(d, link_key=d.file) if stems[Path(d.file).stem] > 1 else d for d in docs]
