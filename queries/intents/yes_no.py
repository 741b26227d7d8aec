"""有没有 / 是否 / …吗: a question that asks yes or no about a figure.

The question without its yes-or-no words is asked of the document through the same
pipeline; the answer leads with the word that answers it — 有 when the figure is more than
zero, 没有 when the document prints it as zero or empty — followed by the figure and its row
as evidence. A part the document does not hold is declined as any other question (no "no"
is ever inferred from a missing row: the document may simply not print it).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from rapidfuzz.distance import LCSseq

from queries import worked_back
from queries.answer import (AMOUNT_UNITS, Answer, Figure, SourceRow, convert, not_arranged,
                            prose_label, table_label)
from queries.context import Context
from queries.matcher import shared_run
from queries.normalize import match_key
from queries.scope import Asked, said_for_department
from queries.thresholds import CLAIM_FAR, CLAIM_NEAR, SUBJECT_SLACK
from queries.vocab import (ASKS_FIGURE, ASKS_UNIT, BRACKETED, CHANGE, COUNT_ASKS, CURRENT, DEGREE,
                           DESCRIPTORS, FALL, LAST_YEAR_WORDS, LEX, MODIFIERS, NAMELESS, REASON,
                           RISE, SAME, THRESHOLD, alt, strip_generic, words_re)

_YES_NO: dict[str, list[str]] = dict(LEX["yes_no"]["markers"])
MARKER = words_re(list(_YES_NO))
# "…吗": a question that ends so asks yes or no when it says what there is (有…吗)
_NOT_AFTER: dict[str, list[str]] = dict(LEX["yes_no"]["tail_not_after"])
TAIL = re.compile("(?:" + "|".join(
    (f"(?<![{''.join(_NOT_AFTER[t])}])" if t in _NOT_AFTER else "") + re.escape(t)
    for t in LEX["yes_no"]["tails"]) + r")[？?。！!\s]*$")
HAVE = LEX["yes_no"]["have"]
# "全是财政拨的吗", "是不是全靠财政拨款": a claim that one part is the whole of it
_WHOLE = words_re(LEX["yes_no"]["whole"])
_IS_WORDS: list[str] = LEX["yes_no"]["is_words"]
_SHARE_OF_WHOLE = LEX["yes_no"]["whole_share"]
_ZERO = tuple(sorted(LEX["yes_no"]["zero"], key=len, reverse=True))
_NUMBER_END = re.compile(r"[\d.]$")          # "是不是10": a number, not the claim of none
_RISE_CHAR, _FALL_CHAR = LEX["triggers"]["rise_char"], LEX["triggers"]["fall_char"]
HAVE_WORDS: list[str] = LEX["yes_no"]["have_words"]
_QUOTED = "narrative"      # the intent that quotes a change from the explanations
# "无…" in the explanations: the clause after the word (up to its end)
_NONE = re.compile(rf"(?:{alt(LEX['yes_no']['none_stated'])})"
                   r"([^，。；,;]{2,40})")
_NONE_LEAST = 3            # what is asked is this long at least (a name, not a 费)
# the words every budget table's title is made of: what is left names what the table is of
_TABLE_WORDS = words_re(LEX["yes_no"]["table_words"])
_NONE_RUN = 4              # … and said whole for this many characters in the sentence
_STATED_BY = "narrative_fact"   # the row that quotes a clause of the explanations
_CHANGE_PROBE = LEX["yes_no"]["change_probe"]
_AMOUNT = "amount"          # the intent of one item's amount


def match_yes_no(asked: Asked) -> dict[str, Any] | None:
    if asked.target is None:
        return None
    topic = asked.topic
    if any(w in topic for w in LEX["yes_no"]["unsettled"]) or DEGREE.search(topic):
        return None
    m = MARKER.search(topic)
    if m:
        return {"marker": m.group(0), "words": _YES_NO[m.group(0)]}
    end = next((w for w in LEX["yes_no"]["end_markers"] if topic.endswith(w)), "")
    if end and len(topic) > len(end) and \
            not any(w in topic for w in LEX["yes_no"]["end_marker_not_with"]):
        return {"marker": end, "words": HAVE_WORDS}
    if TAIL.search(asked.q.raw) and HAVE in topic:
        return {"marker": HAVE, "words": HAVE_WORDS}
    if TAIL.search(asked.q.raw) and _claims_a_change(topic):
        # "比去年少了吗": a change claimed one way, answered 是 or 不是 by the way it went
        return {"marker": "", "words": _IS_WORDS}
    whole = _WHOLE.search(topic)
    if whole and (TAIL.search(asked.q.raw) or not any(
            w in topic for w in LEX["yes_no"]["end_marker_not_with"])):
        # "全是财政拨的吗" (the 吗 may have gone with the sentence it ended)
        return {"marker": whole.group(0), "words": _IS_WORDS}
    return None


def _claims_a_change(topic: str) -> bool:
    """A change said one way ("比去年少了", "减少了", "少了")."""
    return bool((CHANGE.search(topic) or RISE.search(topic) or FALL.search(topic)) and
                _way(topic))


def _way(text: str) -> str | None:
    """The direction a question asks or a change's label states: "rise", "fall" or None
    (said by one character too: "比去年多吗" — never the 多少 that asks)."""
    bare = text
    for word in COUNT_ASKS:
        bare = bare.replace(word, "")
    rise = bool(RISE.search(text)) or _RISE_CHAR in bare
    fall = bool(FALL.search(text)) or _FALL_CHAR in bare
    return "rise" if rise and not fall else "fall" if fall and not rise else None


def _without_way(text: str) -> str:
    """The question without the direction it asks (少了, 增加), the words asking 多少 kept."""
    kept = {w: f"\0{i}\0" for i, w in enumerate(COUNT_ASKS)}
    for word, mark in kept.items():
        text = text.replace(word, mark)
    text = FALL.sub("", RISE.sub("", text)).replace(_RISE_CHAR, "").replace(_FALL_CHAR, "")
    for word, mark in kept.items():
        text = text.replace(mark, word)
    return text


def _stated_none(ctx: Context, asked: Asked, inner_key: str, words: list[str],
                 marker: str) -> Answer | None:
    """"有没有X" where no row answers: 没有, when a sentence of the explanations says there is
    none of it ("…无政府性基金预算财政拨款收入和支出": every character asked, in order, in what
    follows 无), quoted with its line."""
    kn = ctx.knowledge_for(asked.target.doc_id)
    asked_for = strip_generic(CURRENT.sub("", inner_key))
    for word in said_for_department(kn.department, asked_for):
        asked_for = asked_for.replace(word, "")
    if len(asked_for) < _NONE_LEAST:
        return None
    tables = [e for e in kn.entities if e.kind == "table"]
    for e in tables:
        # "有没有政府性基金的支出安排": the table of it printed empty (财政拨款政府性基金支出预算表)
        # — every word asked in its title (not in a bracket: "（不含上年结转）"), the words
        # that set it apart from the other tables asked, and no table of them printed full
        said = match_key(BRACKETED.sub("", e.name))
        own = _TABLE_WORDS.sub("", said)
        if e.get("empty") and own and own in asked_for and \
                LCSseq.similarity(asked_for, said) == len(asked_for) and \
                not any(not t.get("empty") and own in match_key(t.name) for t in tables):
            ans = asked.base
            where = table_label(e.get("table_no"), e.name)
            ans.rows.append(SourceRow(where, e.get("line"), [e.name], e.get("table_no")))
            ans.explain(asked_for, e.name)
            ans.asks.append(marker)
            ans.intent = f"yes_no:{_STATED_BY}"
            return ctx.done(ans, "answered", LEX["phrasing"]["empty_table"].format(
                no=words[1], table=where))
    for p in kn.paragraphs:
        for m in _NONE.finditer(p["text"]):
            said = match_key(m.group(1))
            if LCSseq.similarity(asked_for, said) == len(asked_for) and \
                    shared_run(asked_for, said) >= min(len(asked_for), _NONE_RUN):
                # (a name in it said whole, not its characters scattered)
                ans = asked.base
                row = ctx.query(ans, "paragraph", kn, cite=False, line=p["line"])[0]
                ans.rows.append(SourceRow(prose_label(row), row["line"], [row["text"]]))
                ans.explain(asked_for, m.group(0))
                ans.asks.append(marker)
                ans.intent = f"yes_no:{_STATED_BY}"
                return ctx.done(ans, "answered", f"{words[1]}。说明中写明：“{m.group(0)}”"
                                                 f"（{prose_label(row)}，第{row['line']}行）。")
    return None


def _said_of_its_subject(ctx: Context, asked: Asked, inner_key: str, result: Answer) -> bool:
    """The answer's sentence states the change of what the question names (in the document's
    words), that name said before the change ("会议费…与上年一致", not a sentence about
    another item the change-finder fell on); a question naming nothing asks the whole."""
    kn = ctx.knowledge_for(asked.target.doc_id)
    # (the unit and the reason asked after it name nothing: "…少了吗？少了多少万，什么缘故")
    # (nor the claim that it stayed the same: "跟上年一样")
    read = ctx.as_read(asked.q, _without_way(CHANGE.sub("", ASKS_UNIT.sub("", REASON.sub(
        "", SAME.sub("", LAST_YEAR_WORDS.sub("", inner_key)))))), kn)[0]
    for word in said_for_department(kn.department, read):
        read = read.replace(word, "")
    subject = BRACKETED.sub("", strip_generic(CURRENT.sub("", read)))
    if not subject:
        return True
    said = match_key(result.answer)
    moved = CHANGE.search(said) or SAME.search(said)
    # (the year said inside a name, "一般公共预算当年支出", is no other word)
    before = strip_generic(CURRENT.sub("", BRACKETED.sub(
        "", said[:moved.start() if moved else len(said)])))      # (预算, 支出 … say nothing)
    # (a word saying what the item is for, said by what the sentence names: "专门办事情的项目
    # 经费" of 项目支出)
    for word, parts in DESCRIPTORS.items():
        if word in subject and word not in before and any(p in before for p in parts):
            subject = subject.replace(word, "")
    # (every character of what is asked, one aside, in one run: 公务用车运行费 is not said by
    # 公务用车购置及运行费)
    # ("委员下去视察": a word between that only says how is no part of the name)
    return any(shared_run(s, before) >= len(s) - SUBJECT_SLACK
               for s in dict.fromkeys((subject, NAMELESS.sub("", subject))) if s)


def yes_no(ctx: Context, asked: Asked, *, marker: str, words: list[str]) -> Answer | None:
    """Answer the question without its yes-or-no words, then say yes or no first."""
    assert asked.target is not None          # match_yes_no
    whole = _WHOLE.search(asked.topic)
    if whole and len(asked.topic) > whole.end():
        return _all_of(ctx, asked, whole, _IS_WORDS)
    # (the 有 of "…有…吗" stays: it is said as in any question, "还有别的收入")
    inner_key = asked.topic[:-len(marker)] if marker in LEX["yes_no"]["end_markers"] else \
        asked.topic if marker == HAVE else asked.topic.replace(marker, "", 1)
    # "…是不是零": the claim is that the figure is nothing — answered the other way round
    zero = next((w for w in _ZERO if inner_key.endswith(w) and len(inner_key) > len(w) and
                 not _NUMBER_END.search(inner_key[:-len(w)])), "")
    inner_key = inner_key[:-len(zero)] if zero else inner_key
    if not inner_key:
        return None
    same_claimed = bool(SAME.search(inner_key))
    if same_claimed and not LAST_YEAR_WORDS.search(inner_key):
        return None      # "A是不是跟B一样": two figures compared, no yes or no of one
    result = ctx.answer_in(asked.q, inner_key, asked.target, asked.base)
    asked_way = _way(inner_key)
    if result.status != "answered" and asked_way:
        # "比去年少了吗" of what rose: the change the document states, whichever way it went
        result = ctx.answer_in(asked.q, _without_way(inner_key), asked.target, asked.base)
        if _way(str(result.figures[0].get("label", "")) if result.figures else "") is None:
            return None
    if result.status != "answered":
        return _stated_none(ctx, asked, inner_key, words, marker) if words == HAVE_WORDS \
            else None
    if (asked_way or same_claimed) and result.intent == _QUOTED and \
            not _said_of_its_subject(ctx, asked, inner_key, result):
        # the change quoted is another item's: no 是 or 不是 is drawn from it, and no other
        # route quotes it either (a decline, saying what was found)
        return ctx.done(result, "no_data", LEX["phrasing"]["change_of_another"].format(
            quoted=result.answer))
    stated_way = _way(str(result.figures[0].get("label", ""))) if result.figures else None
    if asked_way and not stated_way and result.intent == _AMOUNT:
        # "住房保障支出少了吗" answered by its amount: the change the document states, asked
        # again as one against the year before — never a yes drawn from the amount's sign
        again = ctx.answer_in(asked.q, _without_way(inner_key) + _CHANGE_PROBE, asked.target,
                              asked.base)
        stated_way = _way(str(again.figures[0].get("label", ""))) if again.figures else None
        if again.status != "answered" or not stated_way:
            # (no change stated: the amount, said to be all the document gives)
            result.answer += LEX["phrasing"]["change_not_stated"]
            result.asks.append(marker)
            return result
        result = again
    values = [f.get("value") for f in result.figures if isinstance(f.get("value"), (int, float))]
    stated = str(result.figures[0].get("label", "")) if result.figures else ""
    if same_claimed and not asked_way and not (SAME.search(stated) or _way(stated)):
        return None      # (stayed the same, answered by no change stated: neither yes nor no)
    if values and not asked_way and same_claimed and (SAME.search(stated) or _way(stated)):
        # "是不是跟去年一样": the claim is that it stayed the same — yes when the document
        # says so, no when it states a change (never "no" for a change of nothing)
        has = bool(SAME.search(stated)) or not values[0]
    elif values and asked_way and stated_way:
        # "涨了没": a change the other way than asked is a no, whatever its size
        has = asked_way == stated_way and values[0] > 0
    elif values:
        # (an amount said as a threshold — "有没有100万以上的设备" — counts what is above it)
        if asked.q.amounts_wan and not asked_way and not THRESHOLD.search(asked.topic) and \
                result.figures[0].get("unit") not in AMOUNT_UNITS:
            return None  # ("公务用车运行费有没有30万": an amount claimed, never a count of cars)
        has = any(v > 0 for v in values)
        claimed = _claim_holds(asked.q.amounts_wan, result.figures[0]) if not asked_way \
            else None
        if claimed is not None and words == HAVE_WORDS:
            # "三公经费有没有六十万": whether it reaches the amount, not whether it is near it
            claimed = True, _reaches(asked.q.amounts_wan, result.figures[0])
        if claimed is not None:
            # "公务接待费是不是20万": the amount said is the claim, not whether there is any
            if not claimed[0]:
                result.asks.append(marker)
                return result          # (near it, neither: the figure alone)
            has = claimed[1]
    elif result.empty:
        # "有没有安排买车的钱": nothing arranged is the answer; a “三公” item's amount is 0
        has = False
        if ctx.knowledge_for(asked.target.doc_id).is_sangong_item(result.empty):
            result.figures.append(not_arranged(result.empty, asked.q.unit))
    else:
        return None            # a text answer: neither yes nor no is stated
    level = worked_back.level_and_change(result.answer) if SAME.search(stated) else None
    if level is not None and (ASKS_FIGURE.search(inner_key) or asked_way):
        # "…，具体多少", "那去年呢，是不是又涨了": a change of nothing is no figure to lead —
        # the amount the sentence states, the same both years, leads
        result.figures.insert(0, Figure(LEX["worked_back"]["this_year"], float(level.level),
                                        level.unit))
    yes, no = words
    if zero:
        has = not has
        result.asks.append(zero)          # the claim is part of what is asked
    result.answer = f"{yes if has else no}。{result.answer}"
    result.intent = f"yes_no:{result.intent}"
    result.asks.append(marker)
    return result


def _claim_holds(claimed: list[Decimal], head: Any) -> tuple[bool, bool] | None:
    """(whether a verdict is drawn, the verdict) for one amount the question says of the
    figure: yes within CLAIM_NEAR of it, no beyond CLAIM_FAR either way; None when no one
    amount is said or the figure is no amount."""
    value, unit = head.get("value"), head.get("unit")
    if len(claimed) != 1 or unit not in AMOUNT_UNITS or not isinstance(value, (int, float)):
        return None
    said = float(claimed[0])
    wan = float(convert(Decimal(str(value)), unit, _WAN)[0])
    if said <= 0:
        return None
    if abs(wan - said) <= CLAIM_NEAR * said:
        return True, True
    if wan > said * CLAIM_FAR or wan < said / CLAIM_FAR:
        return True, False
    return False, False


_WAN = LEX["numbers"]["money"][1]


def _reaches(claimed: list[Decimal], head: Any) -> bool:
    """The figure is at least the one amount said (_claim_holds has checked there is one)."""
    wan = convert(Decimal(str(head.get("value"))), head.get("unit"), _WAN)[0]
    return wan >= claimed[0]


def _all_of(ctx: Context, asked: Asked, whole: re.Match[str],
            words: list[str]) -> Answer | None:
    """"是不是全靠财政拨款": the part's share of its whole (the share row), yes when it is all
    of it (100%), the share and the figures as evidence; never a yes from the part's amount
    alone."""
    assert asked.target is not None
    part = asked.topic[whole.end():]
    for marker in (*_YES_NO, *LEX["yes_no"]["end_markers"]):
        part = part.replace(marker, "")
    result = ctx.answer_in(asked.q, part + _SHARE_OF_WHOLE, asked.target, asked.base)
    if result.status != "answered":
        return None
    share = next((f for f in result.figures if f.get("unit") == "%"), None)
    label = str(share.get("label", "")) if share is not None else ""
    if share is None or not isinstance(share.get("value"), (int, float)) or \
            _OF_A_PART.search(label):
        return None           # (a share of a part — 基本支出 — says nothing of the whole)
    share = share["value"]
    yes, no = words
    least = _MOSTLY.get(whole.group(0), _ALL)
    result.answer = f"{yes if share >= least else no}。{result.answer}"
    result.intent = f"yes_no:{result.intent}"
    result.asks += [whole.group(0), *(m for m in _YES_NO if m in asked.topic)]
    return result


_ALL = 99.995          # a share printed to two decimals that rounds to 100% is the whole
_MOSTLY: dict[str, float] = dict(LEX["yes_no"]["mostly"])
# a share of a part is no share of the whole a claim is of ("占基本支出的N%")
_OF_A_PART = words_re([w for w in LEX["reading"]["unasked_qualifiers"] if w in MODIFIERS])
