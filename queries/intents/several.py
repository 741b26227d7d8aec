"""Several questions in one message: "审理案件的专项经费有多少？比去年少了多少？".

Each question is asked of the document on its own, through its intents and the reading gate.
A later question that names nothing of its own ("比去年少了多少", "涨了百分之几", "为什么")
is about what the question before it named: it is asked again with that subject in front.
Clauses that each ask ("X今年多少，比上一年少了多少") are questions too. The message is answered
only when every question is — a why the document gives no reason for is said so in its place
— each answer in order, the figure asked for leading. Otherwise the route gives way (the parts
may still be one compound question: "A、B分别多少").
"""

from __future__ import annotations

import re
from typing import Any

from queries import word_classes
from queries.answer import Answer, Candidate
from queries.context import Context
from queries.intents.corpus import labelled
from queries.normalize import match_key, money_after_count, normalize, simplify
from queries.reading import read_as, strip_source_note
from queries.scope import Asked, strip_names
from queries.intents.purpose import PURPOSE
from queries.intents.ranking import LEVEL, WHICH
from queries.intents.yes_no import MARKER as YES_NO_MARKER
from queries.vocab import (ASKS_FIGURE, BRACKETED, BUDGET_WORDS, COLUMN_SAID, CURRENT, DIGIT,
                           FINAL_ACCOUNTS, EITHER_WAY, LAST_YEAR_WORDS, LEX, MEASURE,
                           MODIFIERS, NAMELESS, NOTE_AFTER, RANK, REASON, YEAR_IN_DIGITS, alt,
                           own_year, strip_generic, words_re)

NOT_FOUND = "not_found"        # the intent of an answer that names nothing the question said
_SENTENCES = re.compile(r"[？?；;。！!]+")
_CLAUSES = re.compile(r"[，,]+")      # (a space typed between words is one: normalize)
# what a question says of its subject rather than naming it: taken off to find the subject
_ASKING = words_re(LEX["across"]["change_noise"] + LEX["triggers"]["change"] +
                   LEX["triggers"]["reason"] + LEX["triggers"]["same"] +
                   LEX["triggers"]["share"] + [LEX["operations"]["share_marker"]] +
                   LEX["triggers"]["rate"] + LEX["operations"]["tail"] +
                   LEX["triggers"]["rise"] + LEX["triggers"]["fall"] + LEX["time"]["current"] +
                   LEX["numbers"]["asks_wan"] + LEX["numbers"]["asks_yi"] +
                   LEX["numbers"]["money"] + list(LEX["yes_no"]["markers"]) +
                   LEX["yes_no"]["end_markers"] +
                   # ("为啥没花完": why it was not spent is asked of what was named before —
                   # never "上年没花完的钱", the money carried over)
                   [r + LEX["function"]["unspent_read"] for r in LEX["triggers"]["reason"]])
_DIRECTION = "".join(LEX["triggers"]["direction_chars"])
_YES_NO_ENDS = tuple(LEX["yes_no"]["end_markers"])
_POINTED = tuple(sorted(LEX["org_suffixes"]["pointed"], key=len, reverse=True))
_PREVIOUS_YEAR = words_re(LEX["triggers"]["previous_year"] + LEX["time"]["last"])
_COMPARED = "".join(LEX["time"]["compared_by"])
# "差多少": the amount of the change the question before asked about
_ASKS_AGAIN = re.compile(rf"(?:{'|'.join(map(re.escape, LEX['operations']['difference_tail']))})"
                         rf"(?:{'|'.join(map(re.escape, LEX['triggers']['change_particles']))})?"
                         # ("…多了还是少了？差多少、百分之几": its rate too)
                         rf"(?:(?:{alt(LEX['operations']['conjunctions'])})?"
                         rf"(?:{alt(LEX['execution']['rate_asks'])}))?")
# "是不是比去年少了？少了多少": how much it moved, after a question about how it moved
_WAY_AGAIN = re.compile(
    rf"(?:{alt(LEX['triggers']['rise'] + LEX['triggers']['fall'])})"
    rf"(?:{alt(LEX['triggers']['change_particles'])})?"
    rf"(?:{alt(LEX['function']['money_asks'] + LEX['triggers']['asks_figure'])})")
# "今年预算是多少？" names the budget: no question about the last one's subject
_BUDGET = words_re(LEX["bare_budget"]["words"])
# a question that names nothing and asks one of these is about the last one's subject
_OF_THE_LAST = words_re(LEX["triggers"]["change"] + LEX["triggers"]["reason"] +
                        LEX["triggers"]["share"] + LEX["triggers"]["rate"] +
                        LEX["triggers"]["rise"] + LEX["operations"]["difference_tail"] +
                        LEX["triggers"]["fall"])
# … or, said as a follow-up of its own, whether it stayed the same ("跟去年一样吗" after an
# item's answer; never a clause splitting one message: "X多少，跟去年一样吗" is one question)
_SAME_AS_LAST = words_re(LEX["triggers"]["same"])




def subject_of(key: str) -> str:
    """What a question names once what it asks of it is taken off ("" when nothing): its
    count too ("公务用车有几辆" names 公务用车)."""
    return strip_generic(_ASKING.sub("", MEASURE.sub("", key))).rstrip(_DIRECTION)


def names_nothing(key: str) -> bool:
    """The question names nothing of its own ("最后花了多少": only question words; "怎么比去年少
    那么多": a comparison, a time and words that only point)."""
    key = COLUMN_SAID.sub("", key)
    return _nothing_left(NAMELESS.sub("", subject_of(key))) or \
        _nothing_left(subject_of(NAMELESS.sub("", key)))   # ("有的话多少": no 话 of 有的)


_OTHER_FIGURE = frozenset(LEX["several"]["other_figure_verbs"])
_PERCENT = "%％"          # ("下降多少%": the sign asks a rate, it names nothing)


def of_the_last(key: str, sentence: str, kind: str) -> bool:
    """A question that names nothing and asks a change, a reason, a share, last year's or a
    figure (not the budget's) is about what the question before it named."""
    return names_nothing(key) and not _offers_a_choice(sentence) and bool(
        _OF_THE_LAST.search(key) or _SAME_AS_LAST.search(key) or
        LAST_YEAR_WORDS.match(key) or (
            ASKS_FIGURE.search(key) and (not _BUDGET.search(key) or (
                COLUMN_SAID.search(key) and kind in FINAL_ACCOUNTS and
                not _WHOLE.search(key)))))


def says_the_whole(key: str, kind: str) -> bool:
    """The budget, the year's money or all of it said ("今年预算少了多少", "一共多少"): a
    question of the whole, not of what was asked before (a 决算's 年初预算 is a column of
    it: "年初预算多少，为啥没用光")."""
    budget = _BUDGET.search(key) and not (COLUMN_SAID.search(key) and kind in FINAL_ACCOUNTS)
    return bool(budget or _WHOLE.search(key) or CURRENT.search(key))


def _nothing_left(rest: str) -> bool:
    # ("比16年涨了多少": a year said in digits names no item either)
    rest = _PREVIOUS_YEAR.sub("", YEAR_IN_DIGITS.sub("", rest)).strip(_DIRECTION + _COMPARED +
                                                              _PERCENT)
    # (only the words that point or join: a verb may name the item, 接待比去年少了多少)
    # (… or one verb alone, which only says what is done with it: "今年留了多少" — never one
    # asking another figure of it, 借了多少)
    return not rest or not word_classes.without_class_words(
        rest, kinds=("function",)).strip(_DIRECTION) or \
        len(rest) == 1 and rest not in _OTHER_FIGURE and not word_classes.without_class_words(rest)


_ORDINALS = LEX["phrasing"]["question_ordinals"]
# "…几辆车，今年有没有买新车": whether there is any, a question of its own (never 是不是, a
# claim often made of what the clause before asked: "…，是不是比基本工资还多")
_HAVE = words_re([m for m, said in LEX["yes_no"]["markers"].items()
                  if said == LEX["yes_no"]["have_words"]])
# "…是多少，这个词是啥意思": what a word means, asked after its figure
_MEANING = words_re(LEX["several"]["meaning"])
_WHAT_IS = LEX["several"]["what_is"]
_GLOSSARY = "glossary"
_SCOPE_ENDS = tuple(LEX["operations"]["scope_markers"])
_SCOPE_WORDS = words_re(list(MODIFIERS) + LEX["word_classes"]["qualifiers"])
_ANAPHORS = tuple(LEX["several"]["anaphors"])
WITHIN = tuple(LEX["several"]["within"])
WITHIN_READ = LEX["several"]["within_read"]
_ONWARDS = tuple(LEX["several"]["onwards"])
_CHOICE = words_re(LEX["several"]["choice"])
_WHOLE = words_re(LEX["several"]["whole"])
# a later question naming this many characters of its own may still be about the last one's
# subject ("计划培训多少人"); fewer ("各多少钱") only asks it again
NAMED_LEAST = 2


_SHARE_MARK = LEX["operations"]["share_marker"]
_SHARE_OF = words_re(LEX["triggers"]["share"] + [_SHARE_MARK])
_PARTICLES = "".join(LEX["triggers"]["change_particles"])
_SHARE_AFTER = sorted(LEX["several"]["share_after_mark"], key=len, reverse=True)


def _ranked_within(sentence: str) -> str:
    """What a ranking was said within ("三公里面哪一块最多": 三公), or "" (never the 里 of
    its which word: "钱主要用在哪里")."""
    key = WHICH.sub("", LEVEL.sub("", match_key(sentence)))
    for marker in _SCOPE_ENDS:
        at = key.find(marker)
        if at > 0:
            return key[:at]
    return ""


_LISTED = "compound:list"
_SUM = "sum"
_SUM_READ = LEX["several"]["sum_read"]
_SUM_JOIN = LEX["several"]["sum_join"]
_EXECUTION = "execution"       # (the intent quoting a 决算's budget, final and rate)
_RATE_DONE = words_re(LEX["execution"]["rate"])
_CODE_FIRST = re.compile(r"^\d+")
_RANKING = "ranking"
_QUOTES_A_CLAUSE = "narrative"    # (the intents that quote the explanations' clause)


def named_subject(ctx: Context, q: Any, doc: Any, part: Answer, key: str) -> str:
    """The name a question was answered about, when its headline is one of the document's
    names ("迎来送往接待客人的钱…" answered as 公务接待费): what a later question refers to."""
    if not part.figures or part.intent.startswith(_LISTED):
        return ""          # (of several parts — "A和B各是多少": the question names them all)
    if part.intent.split(":")[-1] == _SUM and len(part.figures) > 2:
        # "A加B一共多少？占全部预算百分之几": of their sum, said as a sum again
        return _SUM_READ.format(names=_SUM_JOIN.join(
            match_key(BRACKETED.sub("", str(f.get("label", "")))) for f in part.figures[1:]))
    kn = ctx.knowledge_for(doc.doc_id)
    label = match_key(str(part.figures[0].get("label", "")))
    # (委员视察（金额）: 委员视察; a ranked 科目 with its code before its name; a share: its
    # part, "会议费占支出合计的比例" is of 会议费)
    for name in (label, NOTE_AFTER.sub("", label), _CODE_FIRST.sub("", label),
                 label.split(_SHARE_MARK)[0]):
        if name in kn.key_set:
            return name
    # a quoted clause: the item the question itself named, when it named one whole (in the
    # document's words: 收支总计 is 收入支出总计)
    said = [n for n in kn.names_said(subject_of(ctx.as_read(q, key, kn)[0]))
            if kn.names_an_amount(n)]
    # … else the one item the quoted clause itself names before its figures ("财政拨款收入
    # N万元，比上年预算减少…" asked as 总预算: its reason is said of 财政拨款收入)
    clause = match_key(strip_source_note(part.answer)) if part.intent.startswith(_QUOTES_A_CLAUSE) \
        else label
    quoted = [n for n in kn.names_said(DIGIT.split(clause, 1)[0])
              if kn.names_an_amount(n)]
    asked = max(said, key=len) if said else ""
    if quoted and not (asked and asked in clause):
        return max(quoted, key=len)      # (财政拨款收入, not 收入)
    return asked


def _unit_in(ctx: Context, doc: Any, said: str) -> str:
    """The document's budget unit the words name (what 这个单位 may point back to), or ""."""
    return next((match_key(u.name) for u in ctx.knowledge_for(doc.doc_id).units
                 if match_key(u.name) in said), "")


_YES_NO_MARK = words_re(list(LEX["yes_no"]["markers"]))
_EACH_SAID = words_re(LEX["operations"]["each"])
# (the question before listed several: "A、B各…", "A和B各…", "三公经费三项各…")
_SAID_SEVERAL = words_re(LEX["operations"]["each"] + LEX["operations"]["conjunctions"])


def _asks_apart(sentence: str, raw: str) -> list[str]:
    """"三公经费今年多少，比上一年少了多少": clauses that each ask their own figure or reason
    are questions of their own (a later one may ask it again of another: "…，公用经费呢");
    otherwise the sentence is one."""
    clauses = [c for c in _CLAUSES.split(sentence) if match_key(c)]
    if len(clauses) > 1 and all(ASKS_FIGURE.search(c) or REASON.search(c) or
                                EITHER_WAY.search(c) or _offers_a_choice(c) or
                                # "项目支出是不是比去年少了，少了百分之几": whether it moved
                                _YES_NO_MARK.search(c) and _OF_THE_LAST.search(match_key(c)) or
                                (not i and RANK.search(c) and _ranks_all(c)) or
                                # "三公经费总共多少钱，里面最多的是哪个": a ranking within it
                                (i and RANK.search(c) and match_key(c).startswith(WITHIN)) or
                                (i and (_asked_again_of(c, raw) or _HAVE.search(c) or
                                        _MEANING.search(c) or
                                        # "…今年多少，跟去年比涨了没": whether it moved
                                        _OF_THE_LAST.search(c) and names_nothing(match_key(c))))
                                for i, c in enumerate(clauses)):
        return clauses
    if len(clauses) > 2 and not _asks(clauses[0]) and all(_asks(c) for c in clauses[1:]):
        # "有个预留机动经费，这个是干啥用的，留了多少钱": the first clause only names what the
        # others ask of (the word that points back gives way to it)
        # (a later clause that names what it asks of stands alone: "公车那块，今年买车花多少，
        # 平时开车加油修车又花多少" asks of buying and of running, not of 公车 whole)
        # (a scope said first — "项目支出里，办公费多少，会议费多少" — holds every later one)
        # (and once a later clause named its own, what follows is of that one: "局里日常运转，
        # 行政运行那项花了多少，年初预算多少" — the several route's last subject)
        topic = clauses[0]
        scope = match_key(topic).endswith(_SCOPE_ENDS) or bool(_SCOPE_WORDS.search(topic))
        pieces, own = [], False
        for c in clauses[1:]:
            a = next((a for a in _ANAPHORS if c.startswith(a)), "")
            bare = _only_asks(match_key(c)) or names_nothing(match_key(c))
            if scope or (not own and (a or bare)):
                pieces.append(topic + c[len(a):])
            else:
                pieces.append(c)
                own = own or not bare
        return pieces
    return [sentence]


_SPENDING = words_re(LEX["several"]["ranked_spending"] + LEX["bare_budget"]["spending"])


def _ranks_all(clause: str) -> bool:
    """"哪一大类花钱最多": a ranking of the whole that names no group of its own (never
    "城乡社区支出里哪一项最多": what is asked after it is within that group)."""
    said = match_key(clause)
    # (a level word may hold the which word, "主要花在哪里", or be held by it, "哪一大类")
    rests = (NAMELESS.sub("", LEVEL.sub("", WHICH.sub("", RANK.sub("", said)))),
             NAMELESS.sub("", WHICH.sub("", RANK.sub("", LEVEL.sub("", said)))))
    return any(not _SPENDING.sub("", strip_generic(rest)) for rest in rests)


def _only_asks(key: str) -> bool:
    """The clause names nothing, only asks and at most one verb ("留了多少钱"; never "开车加油
    修车又花多少": what is done names the item)."""
    rest = word_classes.without_class_words(
        subject_of(NAMELESS.sub("", PURPOSE.sub("", key))), kinds=("function",))
    return not rest or (len(rest) == 1 and word_classes.kind(rest) == "verb")


def _asks(clause: str) -> bool:
    """A clause asks for a figure, a reason, a way or a choice, or what something is for."""
    return bool(ASKS_FIGURE.search(clause) or REASON.search(clause) or
                EITHER_WAY.search(clause) or _offers_a_choice(clause) or PURPOSE.search(clause))


def _offers_a_choice(clause: str) -> bool:
    """"买的是东西、工程还是服务": a choice between things said on both sides of 还是 (never
    the 还是 of "still", "还是跟去年一样吗", nor a way asked: "比去年多了还是少了")."""
    m = _CHOICE.search(clause)
    return bool(m) and not EITHER_WAY.search(clause) and not _OF_THE_LAST.search(clause) and \
        all(NAMELESS.sub("", strip_generic(match_key(side)))
            for side in (clause[:m.start()], clause[m.end():]))


def _asked_again_of(sentence: str, raw: str) -> str:
    """"津贴补贴呢": what a question asking nothing of its own but pointing onwards (in the
    message as typed, `raw`: the pointing word is a filler to the rest) names — the last
    question is asked again of it ("" when it asks something itself)."""
    key = match_key(sentence)
    # (nor a comparison asked on: "…，比去年呢" is of the last one's subject)
    if not key or ASKS_FIGURE.search(key) or REASON.search(key) or key.startswith(_ANAPHORS) \
            or LAST_YEAR_WORDS.match(key) or not any(key + w in match_key(raw) for w in _ONWARDS):
        return ""               # (其中基本支出呢: a part of the last one, said as one question)
    return strip_generic(key)


def _again_of(named: str, last: str, subject: str, kn: Any) -> str:
    """The last question (`last`, answered about `subject`) asked of `named` instead: its
    subject said in its place, or `named` before what it asks ("基本工资发了多少" → 津贴补贴发了
    多少); "" when the last one names more than its subject ("基本工资占工资福利支出多少":
    which of the two the new name stands for is not said)."""
    key = match_key(last)
    own = next((s for s in (subject, subject_of(key)) if s and s in key), "")
    if own and not kn.names_said(key.replace(own, "", 1)):
        return key.replace(own, named, 1)
    asks = ASKS_FIGURE.search(key)
    return named + key[asks.start():] if asks and not own else ""


def match_several(asked: Asked) -> dict[str, Any] | None:
    if asked.target is None:
        return None
    pieces = [c for s in _SENTENCES.split(simplify(asked.q.text)) if match_key(s)
              for c in _asks_apart(s, asked.q.raw)]
    return {"pieces": pieces} if 2 <= len(pieces) <= len(_ORDINALS) else None


def several(ctx: Context, asked: Asked, *, pieces: list[str]) -> Answer | None:
    doc = asked.target
    assert doc is not None                     # match_several
    ans = asked.base
    subject, parts, said, unanswered = "", [], [], []
    for sentence in pieces:
        key = strip_names(match_key(sentence), doc, asked.scope.mentions,
                          asked.scope.inside_names, asked.scope.organs)
        if not key:
            return None
        if parts and not names_nothing(key):
            # "…？我看新闻说要减少，那减了多少": a scene before it set aside, it names nothing
            # — of what the last one named, never the whole budget's
            plain = strip_names(normalize(sentence).key, doc, asked.scope.mentions,
                                asked.scope.inside_names, asked.scope.organs)
            if plain and names_nothing(plain):
                sentence = key = plain
        if doc.kind in FINAL_ACCOUNTS:
            key = own_year(key)        # "比前年多了多少" of a 决算: its 上年 columns
        named_again = _asked_again_of(key, asked.q.raw) if parts else ""
        if named_again:
            # "…，公用经费呢": the last question again, of the name this one says
            again = _again_of(named_again, said[-1], subject, ctx.knowledge_for(doc.doc_id))
            if not again:
                return one_not_found(ctx, asked, pieces, "")
            sentence = key = again
        own = key                              # what this question says itself
        if parts and (not strip_generic(key) or _ASKS_AGAIN.fullmatch(key) or (
                _WAY_AGAIN.fullmatch(key) and _OF_THE_LAST.search(match_key(said[-1])))) and \
                not money_after_count(said[-1], sentence):
            continue       # "…最多？是多少？", "多了还是少了？差多少？": the last one asked it
            # (not "有几辆？多少钱？": the money of what was counted)
        if parts and parts[-1].intent == _EXECUTION and not REASON.search(key) and \
                not _OF_THE_LAST.search(key) and names_nothing(_RATE_DONE.sub("", key)):
            # (never a change asked: "…，比上年少了多少" is a question of its own)
            continue       # "年初计划花多少，到年底实际花了多少": the 决算's sentence says both
        within = next((w for w in WITHIN if key.startswith(w)), "")
        if subject and within and RANK.search(key) and subject not in key:
            # "…，里面最大的是哪一项": of what it named ("…里最大的是哪一项")
            sentence = key = subject + WITHIN_READ + key[len(within):]
        pointer = next((w for w in _POINTED if key.startswith(w)), "")
        unit = _unit_in(ctx, doc, subject) if subject and pointer in sentence else ""
        if pointer and unit:
            # "这个单位的项目支出是多少": of the unit the last one named
            sentence, key = sentence.replace(pointer, unit, 1), unit + key[len(pointer):]
        if not subject and parts and names_nothing(key) and REASON.search(key):
            # "今年预算比去年少了多少？为啥？": the last one named nothing the document names —
            # asked again with the reason
            sentence = key = match_key(said[-1]) + key
        if parts and _EACH_SAID.search(key) and names_nothing(_EACH_SAID.sub("", key)) and \
                _OF_THE_LAST.search(key) and _SAID_SEVERAL.search(said[-1]):
            # "住房公积金和提租补贴各多少，比去年各涨了多少": each of what the last one listed
            # (its words of each said first), never the whole budget's change — nor one of them
            if not _SAID_SEVERAL.search(subject):
                return one_not_found(ctx, asked, pieces, "")
            sentence = key = LEX["operations"]["each"][0] + _EACH_SAID.sub("", key)
        if subject and of_the_last(key, sentence, doc.kind):
            # (a 决算's column is the last one's too: "行政运行花了多少，年初预算多少")
            key = subject + key                # "比去年少了多少": of what the last one named
            scope = _ranked_within(said[-1]) if parts[-1].intent.startswith(_RANKING) else ""
            if scope and _SHARE_OF.search(key) and _SHARE_MARK in key:
                # "三公里面哪一块最多？占了多少比例": of the whole it was ranked within
                at = key.index(_SHARE_MARK) + len(_SHARE_MARK)
                word = next((w for w in _SHARE_AFTER if key.startswith(w, at)), "")
                key = key[:at] + scope + (LEX["several"]["share_read"] if word else "") + \
                    key[at + len(word):].lstrip(_PARTICLES)
            # (through every route: "有没有变化" is a yes-or-no of its own)
            part = ctx.ask(key, doc) if YES_NO_MARKER.search(key) or \
                key.endswith(_YES_NO_ENDS) else \
                ctx.answer_in(asked.q, key, doc)
        else:
            part = ctx.ask(sentence, doc)      # a question of its own (A和B分别… too)
            if part.status != "answered" and subject and subject not in key and \
                    key.startswith(_ANAPHORS):
                # "…有几个项目定了绩效目标？这些项目一共多少钱": of what the last one named
                # (the word that points at it gives way to it: "其中工程占多少")
                pointed = next(a for a in _ANAPHORS if key.startswith(a))
                for said_again in (subject + key[len(pointed):], subject + key):
                    again = ctx.answer_in(asked.q, said_again, doc)
                    if again.status == "answered":
                        part = again
                        break
            if part.status != "answered" and subject and subject not in key and \
                    len(NAMELESS.sub("", subject_of(key))) >= NAMED_LEAST and \
                    not _offers_a_choice(sentence):
                # (never a choice said on its own: "…，钱是财政给的还是自己挣的")
                # "…给了多少钱，计划培训多少人": of what the last one named, when not alone
                # (of several parts named, "A和B各是多少？分别占…", asked as a message again)
                # (… or of a sum: "A加B一共多少？占全部预算百分之几")
                again = ctx.ask(subject + key, doc) if parts[-1].intent.startswith(_LISTED) or \
                    parts[-1].intent.split(":")[-1] == _SUM else \
                    ctx.answer_in(asked.q, subject + key, doc)
                part = again if again.status == "answered" else part
        purpose = part.status != "answered" and PURPOSE.search(key) and \
            not ASKS_FIGURE.search(key) and len(pieces) > 1
        if purpose:
            # what an item is for, where the document does not say it: said so in its place
            said_of = key[:PURPOSE.search(key).start()]
            named = next(iter(ctx.knowledge_for(doc.doc_id).names_said(said_of)),
                         strip_generic(NAMELESS.sub("", said_of)))
            # (the glossary's definition says what it is for: 单位预留机动经费)
            meaning = ctx.answer_in(asked.q, match_key(_WHAT_IS + named), doc)
            if meaning.status == "answered" and meaning.intent == _GLOSSARY:
                part = meaning
            else:
                part = ctx.done(part.fresh(), "no_data",
                                LEX["phrasing"]["purpose_not_stated"].format(name=named))
                part.intent = "declined:purpose"
        if purpose and part.status == "answered":
            parts.append(part)
            said.append(sentence)
            continue
        if part.status != "answered" and (parts or purpose) and (
                REASON.search(key) or purpose) and not ASKS_FIGURE.search(key):
            # a why the document gives no reason for: said so, the figures asked still given
            unanswered.append(f"{_ORDINALS[len(parts)]}{part.answer}")
            parts.append(part)
            said.append(sentence)
            continue
        if part.status == "clarify" and part.candidates and key == own and \
                part.intent != NOT_FOUND:
            return part            # one of them names several things: which, first
        if part.status != "answered" or (not parts and not (part.figures or part.empty)):
            if part.status != "answered" and ASKS_FIGURE.search(own) and \
                    BUDGET_WORDS.search(subject_of(own)):
                # a figure asked of something named that the document does not give: the
                # message is not answered as if it were one question (one half of it)
                return one_not_found(ctx, asked, pieces, sentence)
            return None            # every question answered; the first one with its figure
        # (or, naming nothing of its own, its figure is one a ranking before it gave: "哪一大块
        # 最多？那块多少钱？")
        held = next((i for i, p in enumerate(parts)
                     if part.answer == p.answer or _holds(p.answer, part.answer) or
                     (names_nothing(own) and not REASON.search(own) and part.figures and
                      p.intent.startswith(_RANKING) and
                      _same_figure(part.figures[0], p.figures))), None)
        if held is not None:
            # two clauses asking the same thing, answered once — the figure this one asks
            # leading when the one before asked none ("咋涨了这么多，涨了百分之几")
            if ASKS_FIGURE.search(key) and not any(ASKS_FIGURE.search(match_key(s))
                                                   for s in said):
                parts[held].figures = part.figures + [f for f in parts[held].figures
                                                      if f not in part.figures]
            continue
        if parts and part.status == "answered" and parts[-1].status == "answered" and \
                _says_more(part.answer, parts[-1].answer):
            # "多了还是少了，多了多少、涨了几个百分点": the same sentence quoted further says
            # all the last one did — quoted once
            # (the figures the last one was asked for still lead)
            part.figures = parts[-1].figures + [f for f in part.figures
                                                if f not in parts[-1].figures]
            parts[-1], said[-1] = part, said[-1] + sentence
            continue
        parts.append(part)
        said.append(sentence)
        subject = named_subject(ctx, asked.q, doc, part, key) or subject_of(key) or subject
    if len(parts) == 1:
        return labelled(ctx, doc, parts[0])     # the others only asked it again
    sentences = []
    # "是涨了还是降了？今年是多少？": the figure asked for leads, not the direction's
    asking = [bool(ASKS_FIGURE.search(s)) for s in said]
    lead = asking.index(True) if True in asking and not asking[0] else 0
    ans.figures += parts[lead].figures + [f for i, p in enumerate(parts) if i != lead
                                          for f in p.figures]
    for i, part in enumerate(parts):
        if part.status != "answered":
            sentences.append(unanswered.pop(0))
            continue
        ans.rows += [r for r in part.rows if r not in ans.rows]
        ans.sql += [s for s in part.sql if s not in ans.sql]
        ans.explains += part.named()
        sentences.append(f"{_ORDINALS[i]}{part.answer}")
    ans.reading = "；".join(p.reading for p in parts if p.reading)
    ans.intent = "several:" + "+".join(p.intent for p in parts)
    return labelled(ctx, doc, ctx.done(ans, "answered", "\n".join(sentences)))


def _same_figure(figure: Any, figures: list[Any]) -> bool:
    return any(figure.get("value") == f.get("value") and figure.get("unit") == f.get("unit")
               for f in figures)


def _quoted(answer: str) -> str:
    return strip_source_note(answer).rstrip("。")


def _says_more(answer: str, last: str) -> bool:
    """`answer` quotes what `last` did and goes on (the same sentence, a longer stretch from
    its start: never one that opens with another item's clause)."""
    said, before = _quoted(answer), _quoted(last)
    return len(said) > len(before) and said.startswith(before)


def _holds(answer: str, later: str) -> bool:
    """`answer` already quotes all a later one does ("与上年相比收、支预算总计各增加…" holds
    "支预算总计各增加…")."""
    return _quoted(later) in _quoted(answer)


def asking_figures(pieces: list[str]) -> list[str]:
    """The questions that each ask a figure (a yes-or-no one is answered by the others'),
    when there are two or more; else none."""
    asking = [p for p in pieces if ASKS_FIGURE.search(p) and not YES_NO_MARKER.search(p)]
    return asking if len(asking) > 1 else []


def one_not_found(ctx: Context, asked: Asked, pieces: list[str], sentence: str) -> Answer:
    """One of several questions (`sentence`, or one not known) names what the document gives
    no figure for: no figure for the others either (half an answer reads as the whole), each
    offered on its own."""
    ans = asked.base.fresh()
    ans.intent = "several"
    ans.reading = read_as("、".join(f"“{p.strip()}”" for p in pieces))
    ans.candidates = [Candidate(p, "", p) for p in pieces if p != sentence]
    if not sentence:
        return ctx.done(ans, "no_data", LEX["phrasing"]["not_each_answered"].format(
            count=len(pieces)))
    return ctx.done(ans, "no_data", LEX["phrasing"]["one_not_found"].format(
        count=len(pieces), part=sentence.strip()))
