"""The one way a question is answered:

    normalise → scope (which documents) → routes (registry rows over the documents)
        → for one document: plans (registry rows that match) → answer → read (the gate)
        → decline with guidance

Every answer leaves with the name of the registry row that produced it (`intent`) and a
reading of the question's own words (`reading`). An answer that carries figures has passed the
reading gate: every content word of the question is explained by what the answer names, or by
the lexicon (queries/reading.py); otherwise the next row is tried and, finally, the engine
declines with what it understood and a few answerable neighbours as choices — never a figure.
"""

from __future__ import annotations

import re
from dataclasses import replace

from queries import remarks, respell
from queries.apart import SAYS_APART, answers_the_part, read_apart, set_apart
from queries.answer import AMOUNT_UNITS, Answer, Candidate
from queries.context import Context
from queries.intents import choices, facts, several
from queries.intents.registry import Intent, plans, routes
from queries.knowledge import Knowledge
from queries.normalize import (CLAUSE_MARKS, MAX_QUESTION, Question, about_the_asker, match_key,
                              normalize)
from queries.reading import Reading, describe, read, unasked_qualifiers
from queries.vocab import (ASKS_MONEY, BRACKETED, COLLOQUIAL, DESCRIPTORS, EACH, LEX, MODIFIERS,
                           MONEY_TAIL, NAMELESS, PREFIX_MARK, own_year, strip_generic, words_re)
from queries.scope import (ORG_MENTION, POINTED_BODIES, QUOTED, Asked, Doc, Scope, kind_words_in,
                           named_departments, resolve, said_for_department, target_of)
from queries.thresholds import (ASK_BACK_LEAST, ASK_BACK_POOL, DECLINE_CHOICES, INSIDE_NAME_DOCS,
                                SHORTEST_DEPARTMENT, SUFFIX_REACH, TYPO_NAME_MAX, TYPO_NAME_MIN,
                                PROSE_RUN_LEAST, UNIT_RUN_LEAST)


def ask(ctx: Context, text: str, selected: Doc | None = None) -> Answer:
    """Answer one question over the loaded documents (`selected` when it names none): read
    without the asker's own words between its questions (queries/remarks.py: "绝了", "我这辈子
    就去过一趟泰国", "七成有没有"), as typed when that reading is not understood."""
    rest, aside = remarks_aside(ctx, text)
    if not aside:
        return _ask_read(ctx, text, selected)
    result = _ask_read(ctx, rest, selected)
    if result.status != "answered":
        # (a question back as typed keeps the asker's guess: it chooses among the names)
        typed = _ask_read(ctx, text, selected)
        if typed.status in ("answered", "clarify") or result.status != "clarify" or \
                not result.candidates:
            return typed
    result.question = text
    result.notice = remarks_notice(aside) + result.notice
    return result


def remarks_aside(ctx: Context, text: str) -> tuple[str, list[str]]:
    """The message without the asker's own words between its questions, and those words."""
    return remarks.set_aside(text, lambda c: _names_something(ctx, c),
                             lambda rest: _asks_of_something(ctx, rest)) if ctx.docs else \
        (text, [])


def _asks_of_something(ctx: Context, said: str) -> bool:
    """What is left of a message names something besides the department ("这个法院三公一共
    多少": 三公), so it is not asked of the whole budget."""
    kn = ctx.knowledge_for(ctx.docs[0].doc_id)
    return not several.names_nothing(without_department(match_key(said), kn)[0])


def remarks_notice(aside: list[str]) -> str:
    """What the answer says of the words it did not read as the question."""
    return LEX["phrasing"]["remarks_aside"].format(said="”“".join(aside)) if aside else ""


def _names_something(ctx: Context, clause: str) -> bool:
    """The clause names anything of the loaded documents, one of their units or another
    body."""
    return says_a_name(ctx, clause) or _said_in_prose(ctx, clause) or \
        _names_a_unit(ctx, clause) or _names_another_body(ctx, clause)


def _ask_read(ctx: Context, text: str, selected: Doc | None = None) -> Answer:
    """Answer one question; a question not understood as typed is read again with its words
    mistyped by sound respelled (陪训 → 培训), and answered so only when that reading is
    understood."""
    result = _ask_as_typed(ctx, text, selected)
    plain = normalize(text).text if ctx.docs and SAYS_APART.search(text) else ""
    apart = set_apart(plain) if plain else None
    left_out = answers_the_part(ctx, result, plain) if plain else ""
    if left_out:
        # "一般公共服务支出，日常开销除外，多少": never the very part said to be left out
        result.figures, result.rows = [], []
        result = ctx.done(result, "no_data", LEX["phrasing"]["set_apart_not_printed"].format(
            said=left_out))
    if result.status == "answered" or not ctx.docs:
        return result
    if apart is not None:
        # "除了日常开销以外，做项目的钱多少": read without what it sets apart, when that is
        # no part of what is answered
        rest, said = apart
        again = _ask_as_typed(ctx, rest, selected)
        asked = read_apart(ctx, again, said)
        if asked is not None:
            again.notice = LEX["phrasing"]["set_apart"].format(asked=asked.name, said=said) + \
                again.notice
            return again
    known = [ctx.knowledge_for(d.doc_id).spelled_words for d in ctx.docs[:INSIDE_NAME_DOCS]]
    lexicon, kept = lexicon_words(ctx)
    respelled, done = respell.respelled(text, lexicon, *known, kept=kept)
    if not done:
        return result
    again = _ask_as_typed(ctx, respelled, selected)
    if again.status != "answered" and (again.status != "clarify" or result.status == "clarify"):
        return result
    # (a question back says the respelled question again: only its choices count)
    said = "".join(str(c) for c in again.candidates) if again.status == "clarify" else \
        again.answer + again.document
    if not all(any(r in said for r in _readings(ctx, word)) for _, word in done):
        return result         # the respelled word is not what the answer is about
    again.notice = "".join(f"已按“{word}”理解“{typed}”。" for typed, word in done) + again.notice
    return again


def _readings(ctx: Context, word: str) -> set[str]:
    """The word and what the lexicon reads it as (公车: 公务用车…)."""
    out = {word}
    for pairs in ctx.synonyms.values():
        for old, new in pairs:
            if old == word:
                out |= {n.removesuffix(PREFIX_MARK) for n in ((new,) if isinstance(new, str)
                                                              else new)}
    return out


def lexicon_words(ctx: Context) -> tuple[respell.Vocabulary, frozenset[str]]:
    """The colloquial words of the lexicon and the document words they are read as, and the
    two-character runs the lexicon's words hold (never respelled: 省下 is a word of the
    lexicon) — built once for the context's lexicon."""
    if ctx.spelled_lexicon is None:
        said = [w for pairs in ctx.synonyms.values() for old, new in pairs
                for w in (old, *((new,) if isinstance(new, str) else new))]
        runs = frozenset(w[i:i + 2] for w in _strings(LEX) for i in range(len(w) - 1))
        ctx.spelled_lexicon = (respell.vocabulary(said), runs)
    return ctx.spelled_lexicon


def _strings(value: object) -> list[str]:
    """Every word of the lexicon (its tables' keys and values, all the way down)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [w for k, v in value.items() for w in (*_strings(k), *_strings(v))]
    if isinstance(value, (list, tuple)):
        return [w for v in value for w in _strings(v)]
    return []


def _ask_as_typed(ctx: Context, text: str, selected: Doc | None = None) -> Answer:
    q = normalize(text)
    # examples said after the question ("…，就底薪那块") are set aside — never a clause that
    # names an item of its own ("请问花了多少，就是会议费那块": it says which)
    # (only a part pointed at — "…那块", "…这部分" — says which; "…那些", "…之类", "比如…"
    # only give examples: "工资福利支出一共多少，基本工资这些" asks the whole)
    keep = any(says_a_name(ctx, c, besides=q.text) for c in q.examples
               if c.endswith(_POINTED_PART))
    if keep:
        q = normalize(text, keep_examples=True)
    if q.aside_loose and (says_a_name(ctx, q.aside) or _said_in_prose(ctx, q.aside)):
        # a sentence cut loosely that says something of the documents ("说到政府采购。工程多
        # 少？", "公务接待费我知道。比去年多还是少？"): never set aside
        q = normalize(text, keep_examples=keep, loose=False)
    if q.aside and (says_a_name(ctx, q.aside, besides=q.text) and
                    (q.aside_loose or not _names_its_own(ctx, q.text)) or
                    _names_another_body(ctx, q.aside)):
        # "我在查会议费，…": it says what is asked (unless the question names its own: "听说
        # 公务用车要买新车，那三公经费是多少" — unless cut loosely: "说到政府采购。工程多少？");
        # "假设公安厅的预算是100万，那么…": of whom
        # (only its clauses that say something of the documents: "报上说法院在搞智慧法院，可
        # 我看一般行政管理事务这块反而少了，请问…" keeps the second)
        # (or a unit of theirs: "研究院的，三公经费那块，请问多少")
        said = [c for c in CLAUSE_MARKS.split(q.aside) if c.strip() and (
            says_a_name(ctx, c, besides=q.text) or _names_another_body(ctx, c) or
            _names_a_unit(ctx, c))]
        q = normalize(_CLAUSE_JOIN.join([*said, q.text]) if said else text, keep_aside=True,
                      keep_examples=keep)
    asked = frame(ctx, q, text, selected)
    read_as_key = ""                  # the topic as the intents read it, once, when needed
    pieces: list[str] = []            # several questions, when their route gave way
    for plan in routes(asked):
        route = plan.intent
        result = route.answer(ctx, replace(asked, base=asked.base.fresh()), **plan.slots)
        if result is None:
            pieces = several.asking_figures(plan.slots.get("pieces", pieces))
            continue
        result.intent = result.intent or route.name
        if pieces and result.status == "answered" and len(result.figures) < 2 and \
                not result.empty:
            # several questions, not each answered: one figure would read as all of them
            return several.one_not_found(ctx, asked, pieces, "")
        if not route.gated:
            return result
        # the department and year that chose the documents are understood by the scope; a
        # route that leaves a word unexplained gives way to the next (the last two routes,
        # "which document?" and "one document", answer every question that reaches them)
        read_as_key = read_as_key or _as_read(ctx, asked)
        reading = gate(result, read_as_key, route)
        if result.status not in ("answered", "clarify") or reading.complete:
            return result
    raise AssertionError("the last routes answer every question")   # registry order


_CLAUSE_JOIN = LEX["function"]["clause_join"]
_POINTED_PART = tuple(LEX["glosses"]["examples_after_led_tails"])


_MONEY_SAID = words_re(LEX["function"]["money_nouns"])
_ASKER_SELF = tuple(LEX["function"]["asker_self"])


def says_a_name(ctx: Context, said: str, besides: str = "") -> bool:
    """A clause says one of the loaded documents' names or a word the lexicon reads as one
    (the department itself aside) — one that `besides`, the rest of the question, does not
    say again ("大家都很关心三公经费，请问三公经费一共多少": the question says it itself); part
    of a name only when the clause is not about the asker or says money ("我在备考公务员"
    names no 公务员医疗补助; "我看到有信息化方面的钱" names 信息化…)."""
    key, rest = match_key(said), match_key(besides)
    for doc in ctx.docs[:INSIDE_NAME_DOCS]:
        kn = ctx.knowledge_for(doc.doc_id)
        bare = without_department(key, kn)[0]
        # (an area said with a sector word is a name too: "我看住房方面的开支涨得很厉害")
        read = ctx.with_synonyms(kn.with_sectors(bare), kn)
        rest_read = ctx.with_synonyms(kn.with_sectors(rest), kn)
        names = kn.names_said(read)
        if any(n not in rest and n not in rest_read for n in names):
            return True
        if not names and read != bare and not kn.names_said(rest_read) and rest_read == rest:
            return True           # a word the lexicon reads as a name, and no name after it
        # (or part of one the question does not say again: "我看到有信息化方面的钱，…")
        if (not key.startswith(_ASKER_SELF) or _MONEY_SAID.search(key)) and any(
                kn.runs_in_names(bare[i:i + TYPO_NAME_MIN]) and
               bare[i:i + TYPO_NAME_MIN] not in rest
               for i in range(len(bare) - TYPO_NAME_MIN + 1)):
            return True
    return False


def _said_in_prose(ctx: Context, said: str) -> bool:
    """The clause says a run of words the documents' explanations say ("政府采购")."""
    for doc in ctx.docs[:INSIDE_NAME_DOCS]:
        kn = ctx.knowledge_for(doc.doc_id)
        key = match_key(said)      # (never the department's words: 政府采购 is no 人民政府)
        runs = (key[i:i + PROSE_RUN_LEAST] for i in range(len(key) - PROSE_RUN_LEAST + 1))
        if any(kn.prose_says(run) and run not in kn.department for run in runs):
            return True
    return False


def _names_a_unit(ctx: Context, said: str) -> bool:
    """The clause says part of the name of one of the documents' units ("研究院的")."""
    for doc in ctx.docs[:INSIDE_NAME_DOCS]:
        kn = ctx.knowledge_for(doc.doc_id)
        bare = without_department(match_key(said), kn)[0]
        units = [match_key(u.name) for u in kn.units]
        if any(bare[i:i + UNIT_RUN_LEAST] in u for u in units
               for i in range(len(bare) - UNIT_RUN_LEAST + 1)):
            return True
    return False


def _names_its_own(ctx: Context, said: str) -> bool:
    """The question names one of the document's items itself ("…，那三公经费是多少")."""
    key = match_key(said)
    knowledge = (ctx.knowledge_for(doc.doc_id) for doc in ctx.docs[:INSIDE_NAME_DOCS])
    return any(kn.names_said(without_department(key, kn)[0]) for kn in knowledge)


def _names_another_body(ctx: Context, said: str) -> bool:
    """The clause names a body none of the loaded documents is of ("假设公安厅的预算…") — not
    where the asker says who they are ("我在财政局工作，…")."""
    if about_the_asker(said) or not ORG_MENTION.search(match_key(said)):
        return False
    q = normalize(said)
    return bool(resolve(q, q.key, ctx.index, ctx.known_units()).unknown_org)


def _as_read(ctx: Context, asked: Asked) -> str:
    """The question's topic in the words its document's intents read it in (colloquial words
    and one-character typos resolved), so a route is gated as a document's intent would be."""
    if asked.target is None:
        return asked.topic
    kn = ctx.knowledge_for(asked.target.doc_id)
    return ctx.as_read(asked.q, without_department(asked.topic, kn, asked.q.text)[0], kn)[0]


def without_department(key: str, kn: Knowledge, text: str = "") -> tuple[str, list[str]]:
    """The key without the words that stand for the document's department (区府办, 法院 —
    read before any colloquial word is replaced, so that none runs on into it), except inside
    a name the question says (其他法院支出) or quotes (of the question's `text`); and those
    words."""
    words = said_for_department(kn.department, key)
    # "他们单位", "机关" said alone: the department, when it is one budget unit (in one of
    # several, 机关 is the 机关's own unit — Scope.organs — and 这个单位 may be a unit named)
    if len(kn.units) <= 1:
        words += [w for w in _POINTED if w in key and not _begins_a_name(
            kn, key[key.find(w) + len(w) - _ORGAN_AFTER:key.find(w) + len(w) + _ORGAN_AFTER])]
        words += [w for w in _POINTED_FIRST if key.startswith(w) and
                  key[len(w):].startswith(_POINTED_FIRST_THEN)]
        words += [w for w in ORGANS if w in key and w not in "".join(words) and
                  not _begins_a_name(kn, key[key.find(w):key.find(w) + len(w) + _ORGAN_AFTER])]
    # "你们局": the department pointed at by its kind
    words += [p for p, kind in POINTED_BODIES.items() if p in key and kind in kn.department]
    quoted = [match_key(part) for part in QUOTED.findall(text)]
    for word in sorted(words, key=len, reverse=True):
        if any(word in part for part in quoted):
            continue              # "“其他政府办公厅事务”": the asker's rendering of a name
        # (nor inside one said without its bracket — 其他政府办公厅及相关机构事务支出 — nor
        # inside a colloquial word the lexicon reads: "机关日常运转" is 机关运行经费)
        if word in key and not any(name in key or BRACKETED.sub("", name) in key
                                   for name in kn.names_containing(word)) and \
                not any(word in c and c in key for c in COLLOQUIAL):
            key = key.replace(word, "", 1) if len(key) > len(word) else key
    return key, words


def frame(ctx: Context, q: Question, text: str, selected: Doc | None) -> Asked:
    """What is known before any row runs: the question, the documents it names, the one to
    answer from."""
    base = Answer(text, "answered", "", notice=ctx.skipped)
    if q.truncated:
        base.notice = f"问题过长，只读取了前 {MAX_QUESTION} 个字。" + ctx.skipped
    asked = Asked(q, q.key, base, selected, Scope(list(ctx.docs)), loaded=ctx.docs,
                  index=ctx.index)
    if not q.key or not ctx.docs:
        return asked
    scope = resolve(q, q.key, ctx.index, ctx.known_units())
    # a mention that names no department may be a name the document prints: the selected
    # document's names are read (those the question is answered from), else the first few
    named = scope.docs if scope.named_department or selected is None else [selected]
    if scope.unknown_org and (_inside_a_name(ctx, scope.unknown_org, named)
                              or _starts_a_name(ctx, q.key, scope.unknown_org, named)):
        scope.unknown_org = ""       # "其他政府办公厅（室）…支出" is a 科目, not a department
    # "功能分类里的政协会议": a kind of body said alone that begins a name the question goes on
    # to say is that name's, not the department's
    scope.mentions = [m for m in scope.mentions if len(m) >= SHORTEST_DEPARTMENT or
                      not _starts_a_name(ctx, q.key, m, scope.docs)]
    asked.scope = scope
    if scope.typos:
        base.notice += "".join(f"已按“{name}”理解“{said}”。" for said, name in scope.typos)
    asked.named = named_departments(scope)
    asked.target = target_of(scope, selected)
    if asked.target is not None and asked.target.kind in LEX["time"]["last_is_own"]:
        asked.key = own_year(asked.key)
        asked.q = replace(q, key=asked.key)
    if asked.target is not None:
        # "水电费分别多少": two names said with their shared 费 once, read as both
        kn = ctx.knowledge_for(asked.target.doc_id)
        both = kn.with_shared_tails(asked.key)
        if both != asked.key:
            asked.key = both
            asked.q = replace(asked.q, key=both, text=kn.with_shared_tails(asked.q.text))
    said = [*scope.mentions, *kind_words_in(q.key), *ORGANS]
    if asked.target is not None and said:
        kn = ctx.knowledge_for(asked.target.doc_id)
        own = "" if len(kn.units) <= 1 else LEX["own_unit"]["words"][0]
        scope.organs = {o: own for o in ORGANS}
        scope.inside_names = [n for m in said for n in kn.names_containing(match_key(m))
                              if n in q.key] + _organ_beginnings(ctx, q.key, kn)
    return asked


ORGANS = LEX["org_suffixes"]["organ"]
_POINTED = LEX["org_suffixes"]["pointed"]
_POINTED_FIRST = LEX["org_suffixes"]["pointed_first"]
_POINTED_FIRST_THEN = tuple(LEX["org_suffixes"]["pointed_first_then"])
# characters around the end of 机关 / 他们单位 that may go on into a name (机关运行…, 单位资金)
_ORGAN_AFTER = 2


def _begins_a_name(kn: Knowledge, said: str) -> bool:
    """The words begin one of the document's names, a colloquial or a column word ("机关运行",
    "机关日常", "单位资金"): 机关 / 这个单位 there is no department said alone."""
    return kn.begins_a_name(said) or any(c.startswith(said) for c in [*COLLOQUIAL, *MODIFIERS])


def _organ_beginnings(ctx: Context, key: str, kn: Knowledge) -> list[str]:
    """"机关运行这一块": an organ word that begins a name the question says the start of."""
    out = []
    colloquial = {old for old, _ in ctx.synonyms.get(kn.kind) or ctx.synonyms[""]}
    for organ in ORGANS:
        at = key.find(organ)
        while at >= 0:
            # (a colloquial word that begins so counts too: 机关日常运转 is 机关运行经费)
            run = next((key[at:at + n] for n in range(min(len(key) - at, TYPO_NAME_MAX),
                                                      len(organ), -1)
                        if kn.begins_a_name(key[at:at + n]) or key[at:at + n] in colloquial), "")
            if run:
                out.append(run)
            at = key.find(organ, at + 1)
    return out


def _inside_a_name(ctx: Context, mention: str, docs: list[Doc]) -> bool:
    """The mention is part of a name the document prints (a 科目, an item, a project)."""
    probe = match_key(mention)
    return any(any(probe in k for k in ctx.knowledge_for(d.doc_id).key_set)
               for d in docs[:INSIDE_NAME_DOCS])


def _starts_a_name(ctx: Context, key: str, mention: str, docs: list[Doc]) -> bool:
    """The mention's last word opens a name the question goes on to say ("…里的政协" in
    "功能分类里的政协会议": 政协会议 is a 科目)."""
    at = key.find(match_key(mention))
    if at < 0:
        return False
    end = at + len(match_key(mention))
    for start in range(max(at, end - SUFFIX_REACH), end):
        tail = key[start:]
        if any(len(k) > end - start and tail.startswith(k)
               for d in docs[:INSIDE_NAME_DOCS] for k in ctx.knowledge_for(d.doc_id).key_set):
            return True
    return False



def gate(result: Answer, key: str, intent: Intent) -> Reading:
    """Read the question against what the answer names — its figures, source tables, choices
    and what it says it explains (`Answer.named`), never its rendered sentence — and the
    lexicon; record the reading on the answer."""
    reading = read(key, result.named(), intent.ops, result.asks)
    if result.status == "answered" and result.figures:
        reading.unasked = unasked_qualifiers(str(result.figures[0].get("label", "")), key)
    result.reading = describe(reading)
    return reading


def answer_in(ctx: Context, q: Question, key: str, doc: Doc, ans: Answer | None = None) -> Answer:
    """Answer `key` from one document: the first intent (queries/intents/registry.py INTENTS)
    whose answer explains every content word; otherwise decline with what was read."""
    kn = ctx.knowledge_for(doc.doc_id)
    key, department_words = without_department(key, kn, q.text)      # understood by any row
    key, typos = ctx.as_read(q, key, kn)
    for _, name in typos:
        # (a department's name mistyped is read as it: "万里街到" -> 万里街道, understood)
        if len(name) >= SHORTEST_DEPARTMENT and name in match_key(kn.department) and name in key:
            key = key.replace(name, "", 1)
            department_words.append(name)
    if not q.unit_asked and doc.unit in AMOUNT_UNITS:
        q.unit = doc.unit          # the document's own unit unless the question asks
    if ans is None:
        ans = Answer(q.raw, "answered", "")
    if typos:
        # a mistyped name is read as the name, and the answer says so
        ans = replace(ans, notice=ans.notice + "".join(
            f"已按“{name}”理解“{said}”。" for said, name in typos))
    ans.document = kn.title
    partial: tuple[Answer, Reading] | None = None
    money_asked = bool(ASKS_MONEY.search(key))
    for plan in plans(q, key, kn):
        intent = plan.intent
        result = intent.answer(ctx, q, key, kn, ans.fresh(), **plan.slots)
        if result is None:
            continue
        result.intent = intent.name
        result.explains += department_words
        reading = gate(result, key, intent)
        if result.status == "answered" and _asks_each(key) and len(
                [f for f in result.figures if f.get("unit") in AMOUNT_UNITS or
                 not money_asked]) < 2:
            continue        # "A和B各花多少": one figure is never the answer to each of two
        if result.status not in ("answered", "clarify") or reading.complete:
            return paged(result, kn)
        if partial is None or reading.explained() > partial[1].explained():
            partial = (result, reading)        # the attempt that understood the most
    if partial is not None:
        best, reading = partial
        if best.status == "clarify" and best.candidates:
            # a question back is no figure: ask it, saying what was not understood
            best.answer = f"{best.reading}{best.answer}"
            return paged(best, kn)
        suggestions = kn.recall().suggest(key)
        return ask_back(ctx, ans, key, kn, suggestions) or \
            decline(ctx, ans, best, reading, suggestions)
    back = ask_back(ctx, ans, key, kn, kn.recall().suggest(key))
    if back is not None:
        return back
    result = facts.not_found(ctx, q, key, kn, ans)
    result.intent = "not_found"
    result.reading = describe(read(key, []))
    return result


def _asks_each(key: str) -> bool:
    """"A和B各花多少", "A、B分别是多少", "那N个项目分别叫什么、各多少钱": several things
    asked, each with its figure."""
    return bool(EACH.search(key)) and (any(c in key for c in LEX["operations"]["conjunctions"])
                                       or bool(_COUNTED.search(key)))


# "那N个项目": things counted by the question itself
_COUNTED = re.compile(rf"[\d{LEX['numbers']['numerals']}]+"
                      rf"(?:{'|'.join(LEX['measure']['count_units'])})")


def ask_back(ctx: Context, ans: Answer, key: str, kn: Knowledge,
             suggestions: list[str]) -> Answer | None:
    """"补贴有多少钱", "离退休的费用": the question names one word, and that word is part of
    several of the document's names (津贴补贴, 购房补贴, 公益性岗位补贴) — a question back with
    those names as choices, never a figure."""
    core = core_word(key, kn)
    # (a table's total line that lists items — "“三公”经费、会议费、培训费合计" — is no choice;
    # every name holding the word is a choice, not only the few recalled best: 行政单位离退休
    # beside 退休费 and 事业单位离退休)
    pool = [*suggestions, *kn.recall().suggest(key, ASK_BACK_POOL)] if core else []
    names = list(dict.fromkeys(n for n in pool if core in match_key(n) and
                               match_key(n) != core and "、" not in n))
    if len(core) < ASK_BACK_LEAST or len(names) < 2:
        return None
    ans.intent = "ask_back"
    ans.reading = describe(read(key, names))
    asked = Question(key, key, key)
    ans.candidates = choices.with_figures(ctx, asked, kn, names[:DECLINE_CHOICES])
    if choices.one_figure(ans.candidates, len(names)):
        return choices.answered_once(ctx, asked, kn, ans.candidates, core)
    return ctx.done(ans, "clarify", f"“{core}”出现在多个名称中，请问您指的是哪一个？" +
                    choices.listed(ans.candidates))


def core_word(key: str, kn: Knowledge) -> str:
    """What a question names once its question words, the words that say whom an item is
    for (看病, 员工) and its department are taken off."""
    core = NAMELESS.sub("", strip_generic(NAMELESS.sub("", key)))
    said = []
    for word in sorted([*DESCRIPTORS, *said_for_department(kn.department, core)],
                       key=len, reverse=True):
        if word in core:
            said.append(word)
            core = core.replace(word, "")
    core = MONEY_TAIL.sub("", core)        # "离退休的费用": 离退休
    # "离退休人员的钱": nothing left but whom it is for — what that word is explained by
    fragments = [DESCRIPTORS[w][0] for w in said if len(DESCRIPTORS.get(w, ())) == 1]
    return core or (fragments[0] if len(fragments) == 1 else "")




def decline(ctx: Context, ans: Answer, best: Answer, reading: Reading,
            suggestions: list[str]) -> Answer:
    """A word of the question maps to nothing in the document: say what was understood,
    offer it as a question, and give no figure (never a neighbouring one)."""
    ans.intent = f"declined:{best.intent}"
    ans.reading = describe(reading)
    left = "、".join(f"“{w}”" for w in reading.leftover() or reading.unasked)
    understood = reading.elements()
    asks = ["".join(understood[:2])] if understood else []
    asks += [s for s in suggestions if s not in asks]
    ans.candidates = [Candidate(a, "", a) for a in asks[:DECLINE_CHOICES]]
    if not reading.leftover() and reading.unasked:
        # every word was read, but the figure found is qualified in a way not asked
        found = str(best.figures[0].get("label", "")) if best.figures else ""
        return ctx.done(ans, "no_data", f"{ans.reading}找到的数字是“{found}”，它是{left}的数，"
                                        "问题没有问这一项，所以不给出数字。可以换一种问法。")
    return ctx.done(ans, "no_data", f"{ans.reading}文档中没有与{left}对应的数据，"
                                    "所以不给出数字。可以换一种问法，或只问已理解的部分。")


def paged(ans: Answer, kn: Knowledge) -> Answer:
    """A PDF's rows carry the page they are printed on (第N页)."""
    ans.typed()
    if kn.pages:
        for row in ans.rows:
            page = kn.pages.get(row.line)
            if page is not None:
                row.page = page
            if kn.files.get(row.line):
                row.file = kn.files[row.line]
    return ans
