"""Budget against final accounts: 执行率 / 完成率 and 决算比预算多/少多少.

Two ways a question is answered, one route (registry row `execution`):

* one 部门决算 that prints a 预算数 beside each 决算数 (the national template's “三公” table):
  both figures from the same printed row;
* a 部门决算 and the 部门预算 of the same department and year, both loaded: the 决算数 from the
  决算, the 预算数 from the budget, each figure citing its own document.

The rate (决算数 ÷ 预算数) and the difference go through queries/arithmetic.py, on table
amounts only. A 决算 that states an item's 年初预算 and 决算 only in its explanations (科目
items) is quoted, never computed: the rule of the one arithmetic is table amounts only. The
决算's own sentence on the difference ("决算数小于预算数的主要原因：…") is quoted when it names
the item and states the same direction as the figures.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from typing import Any

from catalog.formats import Stored, format_named
from queries import arithmetic
from queries.answer import (
    AMOUNT_UNITS,
    Answer,
    Figure,
    fmt_number,
    table_label,
)
from queries.context import Context
from queries.intents import amounts, corpus
from queries.knowledge import Entity, Knowledge
from queries.normalize import match_key
from queries.scope import Asked, Doc, strip_names
from queries.vocab import (CHANGE, CLAUSE, LAST_YEAR_WORDS, LEX, NAMELESS, NOTE_AFTER, NUM_UNIT,
                           REASON, SAME, SHARE, alt, strip_generic, words_re)
from queries.wordrun import TrailingWords
from queries.intents.final_statements import (FINAL, STATED, own_sentences, paragraphs,
                                              quote, sentences)

_EX = LEX["execution"]
# "完成年初预算的N%": a rate the explanations state (group 1: its words, 2: the number)
_RATE_SAID = re.compile(rf"((?:{alt(_EX['done'])})[^，。；%\d]{{0,12}}?)(\d+(?:\.\d+)?)\s*%")
_LABEL = 20                  # characters of the sentence kept as a stated amount's label
_OPS = LEX["operations"]
# the words of each [execution] list, as one pattern each
BUDGET, AGAINST, MORE, LESS = (
    words_re(_EX[k]) for k in ("budget", "against", "more", "less"))
RATE = re.compile(rf"{alt(_EX['rate'])}|(?:{alt(_EX['rate_done'])})了?"
                  rf"(?:(?:{alt(_EX['rate_of'])})的?)?(?:{alt(_EX['rate_asks'])})")
_PLANNED = re.compile(rf"{alt(_EX['planned'])}|(?:{alt(_EX['planned_when'])})+"
                      rf"(?:{alt(_EX['planned_verbs'])})")
# "上年年初预算", "前一年完成了多少": another year than the 决算's own (去年 is read as it)
_OTHER_YEAR = words_re(LEX["time"]["before_last"] + LEX["time"]["other"] + _EX["other_year"])
# the kinds of item a sentence's subject may name (then it is that item's, not the whole's)
_ITEM_KINDS = frozenset({"subject", "sangong", "opex"})
_THAN = alt([_OPS["than"], *_OPS["conjunctions"]])
# "决算比年初预算…", "与预算数相比": the budget column named as the other side ("决算数和预算数
# 分别是多少" lists the two, a compound question)
VERSUS = re.compile(rf"{re.escape(_OPS['than'])}(?:{alt(_EX['budget'])})|"
                    rf"(?:{_THAN})(?:{alt(_EX['budget'])})(?:{alt(_EX['against'])})")
_DIFF = words_re([w for w in _OPS["difference"] if len(w) > 1])
# a question mark with more said after it: a message of several questions
_ANOTHER_QUESTION = re.compile(r"[？?]\s*\S")
_SUBJECT = "subject"          # (the entity kind of a 科目)
_CLAUSES = re.compile(r"[，,；;？?](?=\s*\S)")
_DIFF_ONE = re.compile(rf"(?:{alt([w for w in _OPS['difference'] if len(w) == 1])})$")
_TAIL = TrailingWords(_OPS["tail"])
_FALL_CHAR, _RISE_CHAR = LEX["triggers"]["fall_char"], LEX["triggers"]["rise_char"]
_OF = _OPS["of"]
# the “三公” table is the national 决算's one table printing 预算数 beside 决算数
_PAIRED_KINDS = frozenset({"sangong"})
# the two columns, as the answer names them
_FINAL_COLUMN = "决算数"
_BUDGET_COLUMN = "预算数"
# parts read from a table (a quoted clause of the explanations is never an operand)
_TABLE_INTENTS = frozenset({"amount", "code"})


def is_final(doc: Doc) -> bool:
    return format_named(doc.format).blank_is_zero


def _publisher(doc: Doc) -> str:
    """部门 / 单位: the kind of publication without 预算 or 决算."""
    return doc.kind.replace(format_named(doc.format).kind_word, "")


def partner(final: Doc, loaded: list[Doc]) -> Doc | None:
    """The 预算 of the same department, year and publisher as a loaded 决算."""
    return next((d for d in loaded if not is_final(d) and d.department == final.department and
                 d.year == final.year and _publisher(d) == _publisher(final)), None)


def match_execution(asked: Asked) -> dict[str, Any] | None:
    """执行率 / 完成率 / 决算比预算多(少)多少 of a loaded 决算, alone or with its 预算."""
    target = asked.target
    rate = RATE.search(asked.key) is not None
    # "…比年初预算少多少" asked of a 决算 is its 决算数 against its 预算数; of anything else
    # the question must say 决算
    versus = VERSUS.search(asked.key) is not None and (
        FINAL.search(asked.key) is not None or (target is not None and is_final(target)))
    planned = _PLANNED.search(asked.key) is not None and target is not None and is_final(target)
    if not (rate or versus or planned):
        return None
    docs = [target] if target is not None else asked.scope.docs
    finals = [d for d in docs if is_final(d)]
    budgets = [d for d in docs if not is_final(d)]
    if not finals and len(budgets) == 1:
        # the budget selected, its 决算 loaded beside it
        finals = [d for d in asked.loaded if is_final(d) and partner(d, budgets) is not None]
    if len(finals) != 1:
        return None
    final = finals[0]
    return {"final": final, "budget": partner(final, asked.loaded), "rate": rate}


def _topic(asked: Asked, docs: list[Doc]) -> tuple[str, list[str]]:
    """The item asked about, and the words of the comparison taken out of the question."""
    topic = asked.key
    for doc in docs:
        topic = strip_names(topic, doc, asked.scope.mentions, asked.scope.inside_names)
    said: list[str] = []
    for pattern in (RATE, VERSUS, AGAINST, FINAL, _DIFF):
        said += [m.group(0) for m in pattern.finditer(topic)]
        topic = pattern.sub("", topic)
    bare = _TAIL.sub("", topic)
    one = _DIFF_ONE.search(bare)
    if one:
        said.append(one.group(0))
        bare = bare[:one.start()]
    return _TAIL.sub("", bare).removesuffix(_OF), said


def execution_route(ctx: Context, asked: Asked, *, final: Doc, budget: Doc | None,
                    rate: bool) -> Answer | None:
    topic, said = _topic(asked, [final, *([budget] if budget else [])])
    if REASON.search(asked.key) and budget is None and _of_the_whole(ctx, final, topic):
        # "为什么决算比预算少": the 决算's first sentence on its whole spending and budget
        return _whole_reason(ctx, asked, final, said)
    planned = _PLANNED.search(asked.key)
    if budget is None and (planned or rate) and not REASON.search(asked.key) and \
            not VERSUS.search(asked.key) and not _DIFF.search(asked.key):
        # (a difference asked is never answered by a stated figure: nothing is computed)
        # "年初预算是多少", "最后完成了百分之几": what the 决算 states of its whole
        whole = _whole_stated(ctx, asked, final, said, rate, _PLANNED.sub("", topic))
        if whole is not None:
            return whole
    compared = bool(rate or VERSUS.search(asked.key))
    # ("信息化建设年初预算多少", a clause alone, or "…，实际用了多少": the 预算数 and the
    # 决算数 its explanations state, quoted — nothing compared; the clauses of a longer
    # message are each read on their own)
    said_final = bool(FINAL.search(_PLANNED.sub("", asked.key)))
    both = bool(planned) and not compared and not _DIFF.search(asked.key) and (
        said_final or not _CLAUSES.search(asked.q.text))
    if not topic or planned and not (compared or both):
        return None
    if budget is not None:
        result = _two_documents(ctx, asked, final, budget, topic, rate)
    else:
        # (the 预算数 alone is quoted of a 科目 only: "基本支出年初预算" is said in the
        # explanations of its parts)
        result = _one_document(ctx, asked, final, topic, rate, both,
                               subjects_only=both and not said_final)
        if result is not None:        # with several documents loaded, which one it is from
            result.document = final.label
            result = corpus.labelled(ctx, final, result)
    if result is not None:
        result.explain(*said)
        result.intent = "execution"
    return result


# ------------------------------------------------------------ the figures and the sentence

def _finish(ctx: Context, ans: Answer, name: str, fin: arithmetic.Operand,
            bud: arithmetic.Operand, rate: bool, basis: str, reason: str,
            where: tuple[str, str] = ("", "")) -> Answer:
    """The rate and the difference of two operands (决算数, 预算数), the asked one first;
    `where` names the documents they come from (决算, 预算) when they are two."""
    share = arithmetic.combine("share", [fin, bud], basis=basis,
                               label=f"{name}执行率（决算数÷预算数）")
    gap = arithmetic.combine("difference", [fin, bud], basis=basis)
    assert gap is not None                      # two operands of one unit
    diff = fin.value - bud.value
    word = "多" if diff > 0 else "少" if diff < 0 else ""
    gap_figure = dict(gap.figures[0], label=f"{name}决算比预算{word}" if word
                      else f"{name}决算与预算相同")
    of_final, of_budget = (f"（{w}）" if w else "" for w in where)
    said = f"{name}：预算数{bud.shown()}{of_budget}，决算数{fin.shown()}{of_final}"
    side = f"决算比预算{word}{fmt_number(abs(diff), fin.unit)}{fin.unit}" if word \
        else "决算与预算相同"
    if rate and share is None:
        ans.figures = []
        return ctx.done(ans, "no_data", f"{said}。预算数为0，没有执行率可算；{side}"
                                        f"（{basis}）。{reason}")
    rate_text = f"，执行率{share.figures[0]['value']:.2f}%（决算数÷预算数）" if share else ""
    # a computed figure points at the cells of both its operands (the app marks them; it
    # would otherwise take a difference whose one side is 0 for a sum of its parts)
    read = [c for o in (fin, bud) for c in Figure.of(o.as_figure()).cells]
    heads = [dict(f, cells=read) for f in [gap_figure] + ([share.figures[0]] if share else [])]
    if rate and share:
        heads.reverse()
    ans.figures = [*heads, fin.as_figure(), bud.as_figure()]
    return ctx.done(ans, "answered", f"{said}{rate_text}，{side}（{basis}）。{reason}")


def _operand(label: str, value: Decimal, unit: str, figure: dict) -> arithmetic.Operand:
    return arithmetic.Operand(label, value, unit, figure=Figure.of(dict(figure, label=label)))


# ------------------------------------------------------------ one 决算

def _one_document(ctx: Context, asked: Asked, doc: Doc, topic: str,
                  rate: bool, both: bool = False, subjects_only: bool = False) -> Answer | None:
    ans, unit = asked.base, asked.q.unit
    kn = ctx.knowledge_for(doc.doc_id)
    ent = amounts.pick_entity(ctx, topic, kn)
    if ent is None or subjects_only and ent.kind != _SUBJECT:
        return None
    # (the pair of one item, asked alone: never beside another item the message names, nor
    # another question of it — a share, a change, a second question mark)
    if both and (SHARE.search(asked.key) or CHANGE.search(asked.key) or
                 _ANOTHER_QUESTION.search(asked.q.text) or _names_another(kn, ent, asked)):
        return None         # (each question of the message read on its own)
    if ent.kind not in _PAIRED_KINDS:
        return _stated(ctx, ans, doc, ent.name, topic, rate, both, asked.key)
    if both:
        return None         # (a table's two columns: each part read on its own)
    result = ctx.run(ans, "sangong", kn)
    row = next((r for r in result.rows if r["item"] == ent.get("item")), None)
    if row is None:
        return None
    ans.cite(result, [row])
    name = ent.name if row["level"] == Stored.TOTAL else row["name"]
    ans.explain(ent.name, row["name"])
    src = table_label(row["table_no"], row["table_title"])
    spent = row["total"] if row["total"] is not None else Decimal(0)   # a blank 决算数: 0
    if row["budget"] is None:
        blank = "预算数、决算数均为空" if row["total"] is None else "预算数一栏为空"
        return ctx.done(ans, "no_data", f"{src}中“{row['name']}”{blank}，"
                                        f"没有执行率和差额可算（第{row['line']}行）。")
    figures = []
    for label, value in ((f"{name}决算数", spent), (f"{name}预算数", row["budget"])):
        ans.figure(label, value, unit, at=row)
        figures.append(ans.figures.pop())
    fin, bud = (_operand(f["label"], Decimal(str(f["value"])), f["unit"], f) for f in figures)
    reason = _reason(ctx, ans, doc, name, spent - row["budget"])
    return _finish(ctx, ans, name, fin, bud, rate, f"{src}，{arithmetic.TABLES}", reason)


def _reason(ctx: Context, ans: Answer, doc: Doc, name: str, diff: Decimal) -> str:
    """The 决算's own sentence on why 决算数 differs from 预算数, when it names the item and
    states the direction the figures show; else nothing."""
    want = match_key(name)
    for p in paragraphs(ctx, ans, doc):
        for s in sentences(p["text"]):
            if not (REASON.search(s) and FINAL.search(s) and want in match_key(s)):
                continue
            stated = 1 if MORE.search(s) else -1 if LESS.search(s) else 0 if SAME.search(s) \
                else None
            if stated is None or stated != (diff > 0) - (diff < 0):
                continue
            quote(ans, ctx, doc, p, s)
            return _said_by(doc, [s])
    return ""


def _names_another(kn: Knowledge, ent: Entity, asked: Asked) -> bool:
    """The message names an item besides `ent` (and besides a name holding it or held by it)."""
    own = match_key(ent.name)
    return any(n not in own and own not in n for n in kn.names_said(match_key(asked.q.text)))


def _amounts_said(own: str, want: str) -> list[Figure]:
    """The amounts a sentence about an item states, each labelled by its clause."""
    return [Figure(CLAUSE.split(own[:m.start()])[-1].strip()[-_LABEL:] or want,
                   float(m.group(1).replace(",", "")), m.group(2))
            for m in NUM_UNIT.finditer(own) if m.group(2) in AMOUNT_UNITS]


def _stated(ctx: Context, ans: Answer, doc: Doc, name: str, topic: str,
            rate: bool = False, both: bool = False, asked_key: str = "") -> Answer | None:
    """An item whose 预算数 the 决算 prints only in its explanations: the document's own
    sentences quoted (its 年初预算, its 决算, any rate or reason it states), no figure computed
    from them (arithmetic is on table amounts only) — a rate asked and stated, or a reason, is
    answered with the quote; otherwise the answer is no_data with it; none found: said so,
    when the question named the item whole (a part of a name,
    公务用车, is left to the rows that ask which one)."""
    found = paragraphs(ctx, ans, doc)
    for want in dict.fromkeys((topic, name)):      # the question's own words first
        for p in found:
            picked = own_sentences(sentences(p["text"]), match_key(want))
            if not picked:
                continue
            quote(ans, ctx, doc, p, picked[0])
            ans.explain(want, topic)
            # (the rate stated after the last mention of the item: "…其中：…完成预算的0%" is
            # a part's)
            own = picked[0][max(0, picked[0].rfind(want)):]
            said_rate = _RATE_SAID.search(own)
            if rate and said_rate:
                # "完成年初预算的N%": the rate the document states is quoted, its amounts after
                # it (nothing computed)
                ans.figures.append(Figure(f"{want}{said_rate.group(1)}",
                                          float(said_rate.group(2)), "%"))
                ans.figures += _amounts_said(own, want)
                ans.explain(*RATE.findall(topic))
                return ctx.done(ans, "answered", _said_by(doc, picked[:1]))
            if both and _amounts_said(own, want):
                # "年初预算多少，实际用了多少": the two amounts the sentence states, quoted (with
                # the reason the document gives, when asked: "…，为啥少用了一点")
                ans.figures += _amounts_said(own, want)
                why = bool(REASON.search(asked_key)) and len(picked) > 1
                if why:
                    ans.explain(*REASON.findall(asked_key))
                return ctx.done(ans, "answered", f"“{want}”：" +
                                _said_by(doc, picked if why else picked[:1]))
            if REASON.search(topic) and len(picked) > 1:
                # a why: the document's own reason answers it (its figures quoted, not computed)
                ans.explain(*REASON.findall(topic))
                return ctx.done(ans, "answered", _said_by(doc, picked))
            # no_data: the figures are the document's words, quoted; none is computed
            return ctx.done(ans, "no_data",
                            f"{doc.label}的表中没有“{want}”的预算数；说明中关于“{want}”写的是："
                            "“" + "".join(s.strip() for s in picked) +
                            "”（说明中的数字只引用，不另行计算执行率）。")
    if match_key(name) != match_key(topic):
        return None
    ans.explain(name, topic)
    return ctx.done(ans, "no_data", f"{doc.label}的表中没有“{name}”的预算数，说明中也没有写明"
                                    f"它的年初预算，所以不计算执行率。")


def _said_by(doc: Doc, said: list[str]) -> str:
    """The 决算's own sentences, quoted as its explanations' words."""
    return f"{doc.label}的说明：“" + "".join(s.strip() for s in said) + "”"


def _of_the_whole(ctx: Context, doc: Doc, topic: str) -> bool:
    """The question names nothing but the comparison, its time and its why ("为啥去年实际花
    的比预算少")."""
    kn = ctx.knowledge_for(doc.doc_id)
    rest = FINAL.sub("", ctx.with_synonyms(REASON.sub("", LAST_YEAR_WORDS.sub("", topic)), kn))
    # (the way it went said before the why: "实际花的比年初计划的少，为啥"; or said as
    # not spent: "为啥没用完")
    rest = rest.replace(LEX["function"]["unspent_read"], "")
    return not _DIFF_ONE.sub("", NAMELESS.sub("", strip_generic(rest)))


def _whole_stated(ctx: Context, asked: Asked, doc: Doc, said: list[str],
                  rate: bool, topic: str) -> Answer | None:
    """The 决算's first sentence stating its whole budget beside its 决算 ("…支出年初预算为N
    万元，支出决算为M万元，完成年初预算的R%"), quoted, when the question names nothing else
    or what that sentence's subject says (一般公共预算); its figures as printed, the one asked
    first (the rate, else the budget). No figure is computed."""
    ans = asked.base
    kn = ctx.knowledge_for(doc.doc_id)
    if _OTHER_YEAR.search(asked.key):
        return None            # "上年年初预算": a year the 决算's sentence is not about
    named = "" if _of_the_whole(ctx, doc, topic) else strip_generic(ctx.with_synonyms(topic, kn))
    for p in paragraphs(ctx, ans, doc):
        for s in sentences(p["text"]):
            stated = STATED.search(s)
            if stated is None or not FINAL.search(s, stated.end()):
                continue
            subject = match_key(s[:stated.start()])
            if not subject or any(e.kind in _ITEM_KINDS and match_key(e.name) in subject
                                  for e in kn.entities) or named not in subject:
                return None                # the first such sentence is an item's
            amounts = [m for m in NUM_UNIT.finditer(s, stated.end())
                       if m.group(2) in AMOUNT_UNITS]
            if not amounts:
                return None
            of = CLAUSE.split(s[:stated.start()])[-1].strip()
            figures = [Figure(f"{of[-_LABEL:]}{stated.group(0)}",
                              float(amounts[0].group(1).replace(",", "")), amounts[0].group(2))]
            figures += [Figure(CLAUSE.split(s[:m.start()])[-1].strip()[-_LABEL:],
                               float(m.group(1).replace(",", "")), m.group(2))
                        for m in amounts[1:]]
            done = _RATE_SAID.search(s)
            if done:
                # (the rate first when it is asked before the budget: "完成了百分之几，年初预算多少")
                rate_at = RATE.search(asked.key)
                plan_at = _PLANNED.search(asked.key)
                first = rate and rate_at is not None and (
                    plan_at is None or rate_at.start() < plan_at.start())
                figures.insert(0 if first else len(figures),
                               Figure(done.group(1), float(done.group(2)), "%"))
            elif rate:
                return None                # a rate asked that the sentence does not state
            ans.figures += figures
            quote(ans, ctx, doc, p, s)
            ans.explain(*said, *_PLANNED.findall(asked.key), *RATE.findall(asked.key))
            return ctx.done(ans, "answered", _said_by(doc, [s]))
    return None


def _whole_reason(ctx: Context, asked: Asked, doc: Doc, said: list[str]) -> Answer | None:
    """Why the whole 决算 differs from its budget: the first paragraph that states both with
    the reason after them, quoted (no figure computed)."""
    ans = asked.base
    kn = ctx.knowledge_for(doc.doc_id)
    versus = VERSUS.search(asked.key)
    after = asked.key[versus.end():] if versus else ""
    # the direction asked ("比预算少") must be the one the document states ("小于")
    asked_way = -1 if _FALL_CHAR in after else 1 if _RISE_CHAR in after else 0
    for p in paragraphs(ctx, ans, doc):
        picked = own_sentences(sentences(p["text"]), "")
        if len(picked) < 2:
            continue                       # the figures without the document's reason
        stated = STATED.search(picked[0])
        subject = match_key(picked[0][:stated.start()]) if stated else ""
        if not subject or any(e.kind == "subject" and match_key(e.name) in subject
                              for e in kn.entities):
            return None                    # the first such sentence is an item's, not the whole's
        way = -1 if LESS.search(picked[1]) else 1 if MORE.search(picked[1]) else 0
        if asked_way and way != asked_way:
            return None
        for s in picked:
            quote(ans, ctx, doc, p, s)
        # (and the reason as the document words it: "没用完" is explained by its 主要原因)
        ans.explain(*said, *REASON.findall(asked.key), *REASON.findall(match_key(picked[1])))
        return ctx.done(ans, "answered", _said_by(doc, picked))
    return None


# ------------------------------------------------------------ a 决算 and its 预算

def _two_documents(ctx: Context, asked: Asked, final: Doc, budget: Doc, topic: str,
                   rate: bool) -> Answer | None:
    ans, q = asked.base, asked.q
    parts = []
    for doc in (final, budget):
        part = ctx.answer_in(q, topic, doc)
        if part.status != "answered" or not part.figures or part.intent not in _TABLE_INTENTS \
                or part.figures[0].get("unit") not in AMOUNT_UNITS:
            # not one table amount in each: the next rows try ("设备采购完成率" is a
            # performance indicator of the budget), and the gate declines what none explains
            return None
        parts.append(part)
    if parts[0].figures[0]["unit"] != parts[1].figures[0]["unit"]:
        return None
    # the item as the budget names it, without its column note ("行政运行（2024年预算数/合计）")
    # (the label's closing note names its column; a bracket inside a name stays: 因公出国（境）费)
    name = NOTE_AFTER.sub("", parts[1].figures[0]["label"])
    operands = []
    for doc, part, column in ((final, parts[0], _FINAL_COLUMN),
                                (budget, parts[1], _BUDGET_COLUMN)):
        move = ans.adopt(part, lambda t, d=doc.label: f"{d} · {t}")
        head = part.figures[0]
        label = f"{doc.label} {name}{column}"
        operands.append(arithmetic.Operand(label, Decimal(str(head["value"])), head["unit"],
                                           figure=replace(move(head), label=label)))
        ans.explain(*(str(f.get("label", "")) for f in part.figures[:1]))
    ans.document = f"{final.label}、{budget.label}"
    diff = operands[0].value - operands[1].value
    reason = _reason(ctx, ans, final, name, diff)
    fin, bud = operands
    return _finish(ctx, ans, name, fin, bud, rate, arithmetic.EACH_TABLE, reason,
                   (final.label, budget.label))
