"""Question normalisation: traditional -> simplified, full-width -> half-width, Chinese numerals,
units, and the filler words that carry no meaning for matching."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

import cn2an
import opencc

from queries.thresholds import (EXAMPLES_AFTER_LONGEST, HEARSAY_WHERE, HEARSAY_WHO,
                                LISTED_APART_LONGEST, MAX_QUESTION)
from queries.vocab import (COLUMN_OR_YEAR, LEX, MONEY_ONLY, PREVIOUS_YEAR, SAYS_A_YEAR, SAYS_WHICH,
                           YEAR_WORDS, alt, words_re)

_T2S = opencc.OpenCC("t2s")
_NUM = LEX["numbers"]
_AMOUNT = re.compile(
    rf"(\d+(?:\.\d+)?|[{_NUM['numerals']}]+)\s*({alt(_NUM['multipliers'])})?\s*"
    rf"({alt(_NUM['currency'])})?"
)
_MULTIPLIER = {**{k: Decimal(v) for k, v in _NUM["multiplier_scale"].items()}, None: Decimal(1)}
_YUAN, _WAN = _NUM["money"][0], _NUM["money"][1]
_ASKS_YI = words_re(_NUM["asks_yi"])
_ASKS_WAN = words_re(_NUM["asks_wan"])
# 元 alone (not the 元 of 万元 / 亿元, not 元旦), and not an amount the question states ("100元")
_ASKS_YUAN = re.compile(rf"(?<![{''.join(_NUM['multipliers'])}])(?:{re.escape(_YUAN)})"
                        rf"(?!{alt([w[len(_YUAN):] for w in _NUM['not_yuan']])})")
_STATED_YUAN = re.compile(rf"\d\s*{re.escape(_YUAN)}")
_SURROGATE = re.compile("[\ud800-\udfff]")
# zero-width and bidirectional controls, soft hyphens, control characters
_INVISIBLE = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u00ad\u061c]|"
                        r"[\x00-\x08\x0b-\x1f\x7f]")
_FILLERS = tuple(sorted(LEX["function"]["fillers"], key=len, reverse=True))
# (a word of Latin letters is read whatever its case, as a whole word, inside a Chinese
# question only — after a Chinese character, a digit ("20w") or a space before one: "收支 Total
# 多少", never "DELETE FROM budget" nor a message that opens with it)
_SPELLINGS: dict[str | re.Pattern, str] = {
    re.compile(rf"(?<=[\u4e00-\u9fff\s]){re.escape(w)}(?![A-Za-z])(?=.*[\u4e00-\u9fff])|"
               rf"(?<=[\u4e00-\u9fff\d]){re.escape(w)}(?![A-Za-z])",
               re.IGNORECASE) if w.isascii() else w: r
    for w, r in LEX["function"]["spellings"].items()}
# "钱都是哪来的", "钱主要从哪儿来": where the money comes from, read the one way the lexicon
# says it
_FROM_WHERE = re.compile(
    rf"{LEX['glosses']['money_word']}(?:{'|'.join(LEX['function']['from_where_between'])})*"
    rf"(?:{'|'.join(LEX['function']['from_where'])})(?:{'|'.join(LEX['function']['comes'])})")
_OPENER = re.compile(rf"^\s*(?:{alt(LEX['function']['openers'])})[，,\s]*")
_COURTESY = re.compile(r"(^|[，,。！!？?；;：:\s])(?:(?:" + "|".join(map(re.escape, sorted(
    LEX["function"]["courtesy"], key=len, reverse=True))) + r")[，,\s]*)+")
# "没按预算花完", "没把钱用完", "没花到预算那么多": money not all spent, read as the one way
# the lexicon says it (the words after 按 / 把 kept: 预算, 钱; never "没有用到": 有 is no 按)
_F = LEX["function"]
_UNSPENT = re.compile(rf"(?:{'|'.join(_F['unspent_not'])})"
                      rf"(?:(?:{'|'.join(_F['unspent_how'])})([^，。？！,?!]{{0,4}}?))?"
                      rf"(?:{'|'.join(_F['unspent_verbs'])})"
                      rf"(?:{'|'.join(_F['unspent_results'])})")
_PUNCT = re.compile(r"[\s?？!！。，,、;；:：\"'“”‘’《》<>\[\]{}|`~@#$^&*_=+\\/]+")
@dataclass
class Question:
    """A question as asked and in the forms the engine matches on."""

    raw: str
    text: str                 # simplified, half-width, numerals as digits, fillers removed
    key: str                  # `text` without punctuation: what fuzzy matching sees
    truncated: bool = False
    unit: str = "万元"         # the unit the answer should use (元 / 万元 / 亿元)
    amounts_wan: list[Decimal] = field(default_factory=list)   # amounts mentioned, in 万元
    years: list[str] = field(default_factory=list)
    unit_asked: bool = False   # the question names the unit; else the document's unit is used
    aside: str = ""            # a first clause about the asker, taken out ("我在准备考公")
    # … set aside at a sentence's end or before 我就 / 然后 and a lead: kept whenever it names
    # something of the documents ("说到政府采购。工程多少？"), even when the question names its own
    aside_loose: bool = False
    # later clauses that only gave examples ("，就底薪那块"), taken out
    examples: tuple[str, ...] = ()


def to_half_width(text: str) -> str:
    """Full-width ASCII (Ｓ, １２３, ？) -> half-width; keeps CJK punctuation such as （）。"""
    out = []
    for ch in text:
        code = ord(ch)
        if 0xFF01 <= code <= 0xFF5E and ch not in "（）":
            out.append(chr(code - 0xFEE0))
        elif code == 0x3000:
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


@lru_cache(maxsize=4096)
def simplify(text: str) -> str:
    """Traditional -> simplified, half-width, invisible characters removed (also for names)."""
    # a lone surrogate (no character at all) cannot be encoded: it is dropped, not fatal
    text = _SURROGATE.sub("", text)
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", text)
    return _T2S.convert(to_half_width(text))


@lru_cache(maxsize=1 << 16)
def match_key(text: str) -> str:
    """The form names and questions are compared in: simplified, no punctuation or spaces
    (the same names and clauses are keyed again and again: kept)."""
    text = simplify(text).replace("(", "（").replace(")", "）")
    return _PUNCT.sub("", text)


def amounts_in(text: str) -> list[Decimal]:
    """Amounts the text mentions, in 万元: '三千万' -> 3000, '0.5亿' -> 5000, '3000万元' -> 3000."""
    out = []
    for m in _AMOUNT.finditer(text):
        num, mult, yuan = m.groups()
        if not (mult or yuan):
            continue
        try:
            value = Decimal(num) if num[0].isdigit() else Decimal(cn2an.cn2an(num, "smart"))
        except (ValueError, KeyError, ArithmeticError):
            continue
        out.append(value * _MULTIPLIER[mult] / Decimal(10**4))
    return out


def requested_unit(text: str) -> str:
    """元 / 万元 / 亿元 as the question asks for it (default 万元, the tables' unit)."""
    if _ASKS_YI.search(text):
        return _NUM["money"][2]
    if _ASKS_YUAN.search(text) and not _STATED_YUAN.search(text):
        return _YUAN
    return _WAN


# a year the question names: four digits (any: 2100年 and 1899年 are years no document has,
# declined rather than answered from the loaded one), or two (25年 is 2025; not 近10年, 第10年,
# 10年来 — durations); never a date's year (截至2024年8月31日)
_YEAR4 = re.compile(rf"(?<!\d)(\d{{4}})\s*{_NUM['year_suffix']}"
                    rf"(?!\s*\d{{1,2}}\s*{_NUM['month_suffix']})")
_YEAR2 = re.compile(rf"(?<![\d{''.join(_NUM['duration_before'])}])(\d{{2}})\s*"
                    rf"{_NUM['year_suffix']}(?![\d{_NUM['month_suffix']}"
                    rf"{''.join(_NUM['duration_after'])}])")
_YEAR2_SPAN = ("15", "39")      # 2015–2039: the publications a city's portal serves


def question_years(text: str) -> list[str]:
    """The years a question names, as four digits, in order."""
    found = [(m.start(), m.group(1)) for m in _YEAR4.finditer(text)]
    found += [(m.start(), "20" + m.group(1)) for m in _YEAR2.finditer(text)
              if _YEAR2_SPAN[0] <= m.group(1) <= _YEAR2_SPAN[1]]
    return [y for _, y in sorted(found)]


# a year said digit by digit: the zero numerals (零, 〇) and 一 … 九, read from the lexicon
_ZEROS = _NUM["numerals"][:_NUM["numerals"].index(_NUM["ordinals"][0])]
_DIGIT_OF = {c: "0" for c in _ZEROS} | {c: str(i) for i, c in enumerate(_NUM["ordinals"][:9], 1)}
_SPELLED_YEAR = re.compile(rf"([{''.join(_DIGIT_OF)}]{{4}})(?=\s*{_NUM['year_suffix']})")


def _spelled_years(text: str) -> str:
    """"二〇一九年" -> "2019年": a year said digit by digit; "跟23年比" -> "跟2023年比",
    "财政局24年实际花了多少" -> "财政局2024年…": a year said by its last two digits (never a
    duration: 近10年, 10年来)."""
    def digits(m: re.Match[str]) -> str:
        year = "".join(_DIGIT_OF[c] for c in m.group(1))
        return year if year[:2] in ("19", "20") else m.group(1)

    def short(m: re.Match[str]) -> str:
        if not _YEAR2_SPAN[0] <= m.group(1) <= _YEAR2_SPAN[1]:
            return m.group(0)
        return _NUM["short_year_century"] + m.group(0)
    return _YEAR2.sub(short, _SPELLED_YEAR.sub(digits, text))


_SENTENCE_END = re.compile(r"(?<=[？?；;。！!])")
_ASKING_ONLY = re.compile(rf"^(?:{alt(LEX['generic']['words'] + LEX['function']['fillers'])})*"
                          r"[？?；;。！!\s]*$")


_COUNTED = re.compile(rf"(?:{alt(LEX['measure']['prefixes'])})(?:{alt(LEX['measure']['units'])})")


def _without_reasking(text: str) -> str:
    """"…哪一年最少？是多少？": a later sentence made only of question words asks again what
    the one before asked — it is dropped, so the question reads as one; but not when it asks
    the money of what the one before counted ("公务用车有几辆？多少钱？")."""
    sentences = [s for s in _SENTENCE_END.split(text) if s]
    kept = sentences[:1]
    for s in sentences[1:]:
        if not _ASKING_ONLY.match(s.strip()) or money_after_count(kept[-1], s):
            kept.append(s)
    return "".join(kept)


def money_after_count(before: str, sentence: str) -> bool:
    """"公务用车有几辆？多少钱？": a money question after a count asks something new."""
    return bool(MONEY_ONLY.search(sentence) and _COUNTED.search(before))


_TIME = LEX["time"]
_COMPARED_FIRST = re.compile(
    rf"^(?:{alt(_TIME['compared_before'])})\s*(\d{{2,4}}\s*{_NUM['year_suffix']}度?|"
    rf"{alt(_TIME['last'] + LEX['triggers']['previous_year'] + _TIME['before_last'])})\s*"
    rf"(?:{alt(_TIME['compared_column'])})?(?:{alt(_TIME['compared_after'])})[，,\s]*")


_YEAR_SAID = rf"(\d{{4}})\s*{_NUM['year_suffix']}?度?"
_SPAN = re.compile(rf"(?:{alt(_TIME['span_from'])})\s*{_YEAR_SAID}\s*(?:{alt(_TIME['span_to'])})"
                   rf"\s*{_YEAR_SAID}")


_COMPARED_INSIDE = re.compile(_COMPARED_FIRST.pattern.lstrip("^").replace("[，,\\s]*", ""))
_CHANGE_ASKED = re.compile(alt(LEX["triggers"]["change"] + LEX["triggers"]["rise"] +
                               LEX["triggers"]["fall"]))
_YEAR_FIRST = re.compile(_YEAR_SAID)


def year_span(text: str) -> tuple[str, str] | None:
    """"从2017年到2019年": the first and last year of a span the question names."""
    m = _SPAN.search(text)
    return (m.group(1), m.group(2)) if m else None


def _compared_first(text: str) -> str:
    """"跟2024年比，区府办预算少了多少" -> "比2024年区府办预算少了多少" ("跟2018年比，2019年…" ->
    "2019年比2018年…"); "从2017年到2019年…降了多少" -> "2019年比2017年…降了多少" (a change
    asked only: "从2017年到2019年…分别是多少" lists every year)."""
    if _CHANGE_ASKED.search(text):
        text = _SPAN.sub(lambda m: f"{m.group(2)}{_NUM['year_suffix']}{_TIME['compared_by'][0]}"
                                   f"{m.group(1)}{_NUM['year_suffix']}", text)
    m = _COMPARED_FIRST.match(text)
    if m:
        than, rest = f"{_TIME['compared_by'][0]}{m.group(1)}", text[m.end():]
        year = _YEAR_FIRST.match(rest)
        return rest[:year.end()] + than + rest[year.end():] if year else than + rest
    # "三公经费跟去年比少了多少": said inside the question, it is 比去年 there
    return _COMPARED_INSIDE.sub(lambda m: f"{_TIME['compared_by'][0]}{m.group(1)}", text)


# a question mark inside brackets, the asker's doubt of a name ("那笔经费（好像叫机关运行经费？）
# 咋比2016年多了"): never the end of a clause
_ASKED_IN_BRACKETS = re.compile(r"([（(][^（）()]*?)[？?]+\s*([）)])")


def _balanced(text: str) -> str:
    """The text without brackets left unpaired ("）咋比2016年多了" names no （项）)."""
    out, opened = list(text), []
    for i, ch in enumerate(text):
        if ch in "（(":
            opened.append(i)
        elif ch in "）)":
            if opened:
                opened.pop()
            else:
                out[i] = ""
    for i in opened:
        out[i] = ""
    return "".join(out)


def normalize(raw: str, keep_aside: bool = False, keep_examples: bool = False,
              loose: bool = True) -> Question:
    """Normalise a question; never raises on any string. A first clause about the asker is
    taken out (and kept in `aside`) unless `keep_aside`; so are later clauses of examples
    (kept in `examples`) unless `keep_examples`; sentences before the question and clauses
    before 我就 / 然后 and a lead only when `loose` (Question.aside_loose)."""
    raw = raw if isinstance(raw, str) else str(raw)
    truncated = len(raw) > MAX_QUESTION
    text = _without_estimate(_spelled_years(simplify(raw[:MAX_QUESTION]).strip()))
    text = _balanced(_ASKED_IN_BRACKETS.sub(r"\1\2", text))   # (no clause ends inside)
    unit = requested_unit(text)
    # "截至2024年8月31日" is a date, not the year a question is about
    years = question_years(text)
    # a space typed between two words ends a clause as a comma would ("除了财政给的钱 还有…")
    # ("…各多少 办公室空调开那么猛的嘛哈哈": the asker's aside, said laughing)
    cleaned = _compared_first(_without_reasking(_SPACE_BREAK.sub("，", _spoken_ends(
        _listed_apart(_LAUGHED.sub(_laughed, text))))))
    for written, read in _SPELLINGS.items():
        cleaned = (written.sub(read, cleaned) if isinstance(written, re.Pattern)
                   else cleaned.replace(written, read))
    cleaned = _LOOSE_DEGREE.sub("", cleaned)           # (after 交关 is read as 很多)
    cleaned = _SPENT_ON.sub(rf"\1{_SECTOR['on_read']}", cleaned)     # "在教育上花钱"
    cleaned = _SANGONG_PARTS.sub(r"\1", cleaned)
    cleaned = _COUNTED_POINTER.sub("", cleaned)      # "A、B和C，三块各占…": each of them
    cleaned = _SHARE_WHOLE_LOOSE.sub("", cleaned)
    cleaned = _SHARE_POINTS.sub(rf"\1{_OPS['share_points_read'][0]}", cleaned)
    cleaned = _DESCRIBED.sub(r"（\1）", cleaned)
    cleaned = _A_NOT_A.sub(rf"{_YES_NO['a_not_a_read']}\1", cleaned)
    cleaned = _VERB_NOT.sub(rf"\1{_YES_NO['verb_not_read']}", cleaned)
    cleaned = _SOMEONE.sub(r"\1", cleaned)
    cleaned = _HAVE_NOT.sub(rf"{_YES_NO['have_not_read']}\1", cleaned)
    cleaned = _CLAUSE_END_NOT.sub(_YES_NO["verb_not_read"], cleaned)
    cleaned = _UNSPENT.sub(lambda m: _F["unspent_read"] + (m.group(1) or ""), cleaned)
    cleaned = _PAYING.sub(lambda m: _F["paying_read"] + (m.group(1) or ""), cleaned)
    cleaned = _FROM_WHERE.sub(_F["from_where_read"], cleaned)
    # (before the fillers go: "…？我们单位的呢" asks by its 呢)
    cleaned = _ASKER_REMARK.sub(_asker_remark, cleaned)
    led, led_loose = ("", False) if keep_aside else _before_a_lead(cleaned, loose)
    cleaned = cleaned[len(led):]
    cleaned = _COURTESY.sub(r"\1", _OPENER.sub("", cleaned))
    for filler in _FILLERS:
        cleaned = cleaned.replace(filler, "")
    cleaned = _COURTESY.sub(r"\1", cleaned)          # ("麻烦问下": once 麻烦 is gone)
    cleaned = _COMPARED_AFTER.sub("，", cleaned)
    cleaned = _HEARSAY.sub("", cleaned)
    cleaned = _SOURCE_SAID.sub("", cleaned)        # "文件里说…": where the asker read it
    cleaned = _TOLD_ASK.sub("", cleaned)           # "…，问到底涨了多少": someone asked
    cleaned = _SUCH.sub(_F["such_read"], cleaned)
    cleaned = _UNSETTLED_ASKED.sub("", cleaned)
    examples: list[str] = []
    without = _EXAMPLES_AFTER.sub(lambda m: _examples_after(m, examples), cleaned)
    cleaned = cleaned if keep_examples else without
    cleaned = _REMARK.sub(_remark, cleaned)
    scene, cut_loose = ("", False) if keep_aside else _before_the_question(cleaned, loose)
    aside = scene or ("" if keep_aside else _about_the_asker(cleaned))
    aside, cleaned = led + aside, cleaned[len(aside):]
    cut_loose = led_loose or cut_loose
    asked = unit != _WAN or bool(_ASKS_WAN.search(text))
    return Question(raw, cleaned.strip(), match_key(cleaned), truncated, unit,
                    amounts_wan=amounts_in(text), years=years, unit_asked=asked, aside=aside,
                    aside_loose=cut_loose,
                    examples=tuple(examples))


_OPS = LEX["operations"]
_SECTOR = LEX["sector"]
# "…，三块各占总支出的百分之多少": the things listed, counted before "each" — read as "each"
_COUNTED_POINTER = re.compile(
    rf"(?:{alt(_F['counted_pointer_leads'])})?[{LEX['numbers']['numerals']}]+"
    rf"(?:{alt(_F['counted_pointer_units'])})(?=(?:{alt(_F['counted_pointer_before'])}))")
# "在教育上花钱": an area framed by 在 … 上 before a verb of spending, read as said with on_read
_SPENT_ON = re.compile(rf"({re.escape(_SECTOR['on_before'])}[\u4e00-\u9fff]{{1,8}}?)"
                       rf"{re.escape(_SECTOR['on'])}(?=(?:{alt(_SECTOR['on_verbs'])}))")
# "A和B各花了多少？哪个多": which is more, asked alone after the question, is of its two
_COMPARED_AFTER = re.compile(rf"[？?]\s*(?=(?:{alt(_OPS['compare'])})[。？?！!\s]*$)")
_SANGONG_PARTS = re.compile(rf"((?:{alt(LEX['ranking']['sangong'])}){re.escape(_OPS['of'])}?)"
                            rf"(?:{alt(LEX['ranking']['sangong_parts_said'])})")
_SHARE_WHOLE_LOOSE = re.compile(
    rf"(?<={re.escape(_OPS['share_marker'])})(?:{alt(_OPS['share_whole_loose'])})"
    rf"(?=(?:{alt(_OPS['share_of'] + _OPS['share_points'])}))")
# (never a change of the share: "占比比去年提高了几个百分点")
_NO_CHANGE = alt(LEX["triggers"]["change"] + LEX["triggers"]["rise"] + LEX["triggers"]["fall"] +
                 [_OPS["than"]])
_SHARE_POINTS = re.compile(rf"({re.escape(_OPS['share_marker'])}"
                           rf"(?:(?!{_NO_CHANGE})[^，,。！!；;？?]){{0,12}}?)"
                           rf"(?:{alt(_OPS['share_points'])})")
# "是不是多了不少", "是不是翻了一倍": a claim no figure settles asks the figures — its 是不是
# is no yes-or-no (a claim a figure settles keeps it: queries/intents/yes_no.py)
_UNSETTLED_ASKED = re.compile(
    re.escape(LEX["triggers"]["degree_yes_no"]) + r"(?=[^，,。？?！!；;]*(?:" +
    alt(LEX["triggers"]["degree"] + LEX["triggers"]["either_way"] +
        LEX["yes_no"]["unsettled"]) + "))")
_SUCH = re.compile(rf"(?<![{''.join(_F['such_not_after'])}]){re.escape(_F['such'])}")
_SOURCE_SAID = re.compile(
    rf"(?:{alt(_F['source_where'])})(?:{alt(_F['source_at'])})"
    rf"(?:(?:{alt(_F['source_verbs'])})(?![{''.join(_F['source_not_after'])}])"
    rf"(?:{alt(_F['source_tail'])})?|(?=(?:{alt(_F['source_how'])})))")
_HEARD = re.escape(_F["hearsay_lead"])
_HEARSAY = re.compile(rf"(?:^|(?<=[，,。！!；;]))[^，,。！!；;？?]{{0,{HEARSAY_WHERE}}}?"
                      rf"(?<![{''.join(_F['hearsay_not_after'])}]){_HEARD}"
                      rf"(?!{alt(_F['hearsay_verbs'] + _F['hearsay_not_before'])})"
                      rf"[^，,。！!；;？?{_HEARD}]"
                      rf"{{1,{HEARSAY_WHO}}}?(?:{alt(_F['hearsay_verbs'])})")
_ASKER_CLAUSE = re.compile(rf"^\s*(?:{alt(_F['asker'])})"
                           rf"(?![{''.join(_F['asker_not_before'])}])[^，,。！!；;？?]*"
                           r"[，,。！!；;]\s*(?=\S)")
# (a clause that says a year or a "not" says what is asked: "我关心去年的，…", "我要的不是今年的")
_ASKER_ASKS = words_re(_F["asker_asks"] + _F["asker_keeps"] + YEAR_WORDS)
# (a year in digits is read from the whole question before the clause is set aside)
# (a remark that says a year asks it: "觉得去年多还是今年多"; its 不 is no "not" asked: "感觉不多")
_REMARK_ASKS = words_re(_F["asker_asks"] + YEAR_WORDS)
# ("退休好几年了": a count told, not asked)
_TOLD_COUNT = words_re(_F["told_counts"])
_ASKS_NOT_A_YEAR = words_re(_F["asker_asks"] + _F["told_not"])
_YEAR_OF = re.compile(rf"(?:{alt(YEAR_WORDS)}){re.escape(LEX['operations']['of'])}")
_PAYING = re.compile(rf"{re.escape(_F['paying_who'])}({re.escape(_F['paying_each'])})?"
                     rf"(?:{alt(_F['paying_between'])})+(?:{alt(_F['paying_verbs'])})的?")
_COLONS = _F["colons"]
_TOLD_ASK = re.compile(rf"(?<=[，,])\s*{re.escape(_F['told_ask'])}"
                       rf"(?![{''.join(_F['told_ask_not_before'])}])")
_SCENE_ENDS = _F["scene_ends"]
_CLAUSE_JOIN = _F["clause_join"]
CLAUSE_MARKS = re.compile(r"[，,。！!；;？?：:]")
# (a lead that opens a later clause: "…，请问…", "…。想请教…")
_LEAD_AFTER = re.compile(rf"[，,。！!；;]\s*(?P<ins>{alt(_F['lead_ins'])})?((?:" + "|".join(
    re.escape(w) + (f"(?![{''.join(_F['lead_not_before'][w])}])" if w in _F["lead_not_before"]
                    else "")
    for w in sorted(_F["question_leads"], key=len, reverse=True)) + "))")
_ASKER_FIRST = re.compile(rf"^\s*(?:{alt(_F['asker'])})(?![{''.join(_F['asker_not_before'])}])")
_YES_NO = LEX["yes_no"]
_NOT = _YES_NO["a_not_a_not"]
_A_NOT_A = re.compile(rf"(?![{''.join(_YES_NO['a_not_a_except'])}])([\u4e00-\u9fff]){_NOT}\1")
_G = LEX["glosses"]
# "机关日常运转的那个“行政运行”": a description, then the quoted name it describes — read as
# the name bracketed after the description (queries/glosses.py decides which side is read)
_DESCRIBED = re.compile("".join(f"(?<!{re.escape(w)})" for w in _G["described_not_after"]) +
                        rf"(?:{alt(_G['described_by'])})[“\"「『]([^“”\"「」『』]+)[”\"」』]")
# "跟去年比涨了没，…": 没 where a clause ends before another asks yes or no as 吗 does
_CLAUSE_END_NOT = re.compile(
    rf"(?<![{''.join(_YES_NO['clause_end_not_after'])}])(?<=[\u4e00-\u9fff])"
    rf"(?:{alt(_YES_NO['end_markers'])})(?=[，,。？?！!；;\s]+\S)")
_SOMEONE = re.compile(rf"({re.escape(_YES_NO['have_not_read'])}){re.escape(_YES_NO['someone'])}"
                      rf"(?![{''.join(_YES_NO['someone_not_before'])}])")
# "还有别的收入没，有的话多少": whether there is any, as 有没有 asks it
_HAVE_NOT = re.compile(
    rf"{_YES_NO['have_not_have']}([^，,。？?！!；;\s{_YES_NO['have_not_have']}没]{{1,12}}?)"
    rf"(?:{alt(_YES_NO['end_markers'])})(?=[，,。？?！!；;\s]+\S)")
_VERB_NOT = re.compile(rf"(?![{''.join(_YES_NO['a_not_a_except'])}])([\u4e00-\u9fff]){_NOT}"
                       r"(?=[，,。？?！!；;\s]|$)")
_REMARK = re.compile(rf"([，,。！!；;？?])\s*((?:{alt(_F['remark_leads'])})[^，,。！!；;？?]*)"
                     r"([，,。！!；;？?]*)")


# "基本工资多少，就底薪那块": examples of what was asked, in a later clause of their own
_EXAMPLES_AFTER = re.compile(
    rf"([，,。！!；;？?])\s*((?:{alt(_G['examples_after_own_leads'])})"
    rf"[^，,。！!；;？?\s]{{1,{EXAMPLES_AFTER_LONGEST}}}|"
    rf"(?:{alt(_G['examples_after_leads'])})?"
    rf"[^，,。！!；;？?\s]{{1,{EXAMPLES_AFTER_LONGEST}}}?"
    rf"(?:{alt(_G['examples_after_tails'] + _G['examples_after_led_tails'])}))"
    r"(?=[，,。！!；;？?\s]|$)")
_EXAMPLES_LED = re.compile(
    rf"^(?:{alt(_G['examples_after_leads'] + _G['examples_after_own_leads'])})")
_EXAMPLES_TAIL = re.compile(rf"(?:{alt(_G['examples_after_tails'])})$")


def _examples_after(m: re.Match, taken: list[str]) -> str:
    """A later clause that only gives examples, taken out (its mark kept) and added to
    `taken`."""
    said = m.group(2)
    if _REMARK_ASKS.search(said) or not (_EXAMPLES_TAIL.search(said) or _EXAMPLES_LED.match(said)):
        return m.group()
    taken.append(said)
    # (its mark kept once: "他们的奖金 年终奖那种 发多少")
    return "" if m.string[m.end():m.end() + 1] in _CLAUSE_MARK_CHARS else m.group(1)


_CLAUSE_MARK_CHARS = "，,。！!；;？?"


# (the rest of the message after its last question mark, about the asker: remark_askers)
_ASKER_REMARK = re.compile(rf"([？?])\s*((?:{alt(_F['remark_askers'])})[^？?]*)$")
_ASKER_REMARK_LEAD = re.compile(rf"(?:{alt(_F['remark_askers'])})")
# (its 没 asks only where it ends the message: "…？我们单位涨了没"; a year it says is
# COLUMN_OR_YEAR's)
_ASKER_REMARK_ASKS = words_re(
    [w for w in _F["asker_asks"] if w not in LEX["yes_no"]["end_markers"]] +
    [w for w in _F["question_leads"] if len(w) > 1])
_ASKER_REMARK_ENDS_ASKING = re.compile(
    rf"(?:{alt(LEX['yes_no']['end_markers'] + _F['remark_end_asks'])})[。！!\s]*$")
_ASKER_STATEMENTS = re.compile(alt(_F["remark_statements"]) +
                               "|" + "".join(f"(?<!{w})" for w in _F["remark_nothing_not_after"]) +
                               rf"(?:{alt(_F['remark_nothing'])})"
                               rf"[^，,。？?\s]{{0,4}}?(?:{alt(_F['remark_nothing_then'])})|"
                               rf"(?:{alt(_F['remark_denials'])})[^，,。？?\s]*")
_ASKER_REMARK_KEEPS = words_re(_F["remark_keeps"])


def _asker_remark(m: re.Match) -> str:
    """"…多少？我们医院护士可没这待遇": the asker's own story after the question, taken out
    unless it asks (as a remark does, _remark)."""
    said = _ASKER_STATEMENTS.sub("", m.group(2))
    # (nor one that says which figure or asks on: "…？我说的是预算数", "…？我还想了解项目支出")
    if _ASKER_REMARK_ASKS.search(said) or _ASKER_REMARK_ENDS_ASKING.search(said) or \
            COLUMN_OR_YEAR.search(said) or SAYS_WHICH.search(said) or \
            _ASKER_REMARK_KEEPS.search(said):
        return m.group()
    return m.group(1)


# the asker's own aside after the question, said laughing: the last clause ending so
_LAUGHED = re.compile(rf"([，,。！!；;？?]|\s)\s*([^，,。！!；;？?\s]+(?:{alt(_F['laughs'])}))"
                      r"[。！!\s]*$")


_SAID_OF_DEGREE = words_re(_F["laughs_not_asking"])


def _laughed(m: re.Match) -> str:
    """A last clause the asker ends laughing, taken out unless it asks."""
    # (the 么 of 那么 / 这么 / 多么 asks nothing)
    said = _SAID_OF_DEGREE.sub("", m.group(2))
    return m.group() if _REMARK_ASKS.search(said) else m.group(1)


def _remark(m: re.Match) -> str:
    """The asker's impression after a question, taken out — unless it asks (a year, a
    choice) or says which figure ("…？看着像是项目支出里的": then it goes with the question
    before it, one clause of it)."""
    if _REMARK_ASKS.search(m.group(2)):
        return m.group()
    if COLUMN_OR_YEAR.search(m.group(2)) or SAYS_WHICH.search(m.group(2)):
        # (or a condition: "…多少，我算的是不含公车的")
        return f"{_CLAUSE_JOIN}{m.group(2)}{m.group(3)}"
    return m.group(1)


_NUMERALS = "0-9零一二两三四五六七八九十百千"
# (a numeral run is tried from its start only: a long run of digits stays linear)
_LOOSE_AMOUNT = (rf"[{_NUMERALS}]+(?:(?:{alt(_F['estimate_loose'])})"
                 rf"(?:{alt(_F['estimate_units'])})|"
                 rf"(?:{alt(_F['estimate_units'] + _F['estimate_shares'])})"
                 rf"(?:{alt(_F['estimate_loose'])}))")
_ESTIMATE = re.compile(
    rf"(?<![{_NUMERALS}]){_LOOSE_AMOUNT}(?!{_F['estimate_not_before']})"
    rf"(?=[^，,。？?！!；;]*[，,。？?！!；;\s]+"
    rf"[^，,。？?！!；;]*(?:{alt(_F['estimate_exact'])}))|"
    # ("快八成": the near word with it)
    rf"(?:{alt(_F['estimate_near'])})[{_NUMERALS}]+"
    rf"(?:{alt(_F['estimate_units'] + _F['estimate_shares'])})(?!{_F['estimate_not_before']})"
    rf"(?=[^，,。？?！!；;]*[，,。？?！!；;\s]+"
    rf"[^，,。？?！!；;]*(?:{alt(_F['estimate_exact'])}))")


# … or how much, said without a figure ("比去年多了很多，到底多了多少"; never a claim asked
# about: "是不是很多，到底多少")
_LOOSE_DEGREE = re.compile(
    rf"(?<!{re.escape(LEX['triggers']['degree_yes_no'])})(?:{alt(LEX['triggers']['degree'])})"
    rf"(?=[^，,。？?！!；;]*[，,。？?！!；;\s]+[^，,。？?！!；;]*(?:{alt(_F['estimate_exact'])}))")


# … or said as a clause of its own between others ("有个预留机动的钱，五千来万，这钱是干啥用的")
_ESTIMATE_CLAUSE = re.compile(rf"(?<=[，,])\s*(?:{alt(_F['estimate_near'])})?{_LOOSE_AMOUNT}"
                              rf"\s*[，,](?=[^，,。？?！!；;]*[\u4e00-\u9fff])")


def _without_estimate(text: str) -> str:
    """The asker's loose estimate taken out when they go on to ask the exact figure ("多了两千
    多万，具体多了多少") or said as a clause of its own ("…的钱，五千来万，…"): it names no
    figure the answer must hold (never a threshold said of what follows: "一百多万的设备，具体
    有几台")."""
    return _ESTIMATE.sub("", _ESTIMATE_CLAUSE.sub("", text))


def _before_a_lead(text: str, loose: bool = True) -> tuple[str, bool]:
    """The clauses before the last one that opens with a question lead ("大家都很关心三公经费，
    请问…"), when they only set the scene (_sets_the_scene); else "" — and whether the lead
    came after 我就 / 然后 (a loose cut: see Question.aside_loose)."""
    m = None
    for found in _LEAD_AFTER.finditer(text):
        m = found if loose or not found.group("ins") else m
    if m and _sets_the_scene(text[:m.start(2)], text[m.start(2):]):
        return text[:m.start(2)], bool(m.group("ins"))
    return "", False


def _before_the_question(text: str, loose: bool = True) -> tuple[str, bool]:
    """The text up to the last colon or sentence end, when it only sets the scene ("我是一名老
    师，正在备课，想先请教一下：…", "法学大二狗，在准备课堂pre。…"); else "" — and whether it
    was cut at a sentence's end (a loose cut: see Question.aside_loose)."""
    colon = max(text.rfind(c) for c in _COLONS)
    ended = max(text.rstrip("".join(_SCENE_ENDS) + " ").rfind(c) for c in _SCENE_ENDS) \
        if loose else -1
    # (what someone was heard to say is cut where its clause ends: never a loose cut)
    heard = _after_hearsay(text) if loose else -1
    at = max(colon, ended, heard)
    if at <= 0 or not text[at + 1:].strip():
        return "", False
    return (text[:at + 1], at not in (colon, heard)) \
        if _sets_the_scene(text[:at + 1], text[at + 1:]) else ("", False)


def _after_hearsay(text: str) -> int:
    """Where what someone was heard to say ends ("听讲公务员津贴比工资还高，高院基本工资…",
    "拉了个乘客讲三公经费吃吃喝喝，高院三公…"): the clause break after the last clause that
    tells it, when every clause up to there asks nothing; else -1."""
    at, told = -1, False
    for m in _CLAUSE_BREAK.finditer(text):
        clause = text[at + 1:m.start()]
        if _REMARK_ASKS.search(_TOLD_COUNT.sub("", clause)):
            break
        if _TOLD_BY.search(clause) and _CHANGE_ASKED.search(clause) and \
                _TOLD_AMOUNT.search(clause):
            return -1        # "听说涨了九倍多": a change by so much heard is a claim to check
        told, at = told or bool(_TOLD_BY.search(clause)), m.start()
    return at if told else -1


_CLAUSE_BREAK = re.compile(r"[，,]")
_TOLD_BY = words_re(_F["hearsay_verbs"])
_TOLD_AMOUNT = re.compile(rf"[\d{_NUM['numerals']}]+\s*(?:{alt(LEX['remarks']['amount_units'])})")


def _sets_the_scene(before: str, after: str) -> bool:
    """Each clause asks nothing of its own or is about the asker ("我想给学生讲讲…"), and none
    says what is asked of — a year, a "not", a column — unless the question `after` says it
    again ("我想了解去年的情况：…", "不含上年结转的：…", "项目支出部分，请问…" keep theirs;
    "课本上讲到项目支出，请问项目支出是多少" need not)."""
    clauses = [c for c in CLAUSE_MARKS.split(before) if c.strip()]
    # (the year before, said again by the question in any of its words, is the question's:
    # "习惯跟上年比一比。请问…比去年多了多少")
    if PREVIOUS_YEAR.search(after):
        before, clauses = PREVIOUS_YEAR.sub("", before), [PREVIOUS_YEAR.sub("", c)
                                                           for c in clauses]
    # (a year the question says itself wins: "我看了去年的报告：今年的三公经费是多少")
    year_after = bool(SAYS_A_YEAR.search(after) or question_years(after))
    said = [w for w in SAYS_WHICH.findall(before) if not (
        SAYS_A_YEAR.fullmatch(w) and year_after)]
    if year_after:      # ("听说今年的钱公布了，我想问问，2025年一共多少": the question's year)
        before = SAYS_A_YEAR.sub("", before)
    # (one half of a split the question asks, said with the other, tells how the money is
    # split: "报纸上讲钱分基本支出跟项目支出，基本支出是多少")
    halves = {w for pair in _HALVES for w in pair
              if any(o != w and o in after and o in before for o in pair)}
    return bool(clauses) and all(w in after or w in halves for w in said) and all(
        _told(sentence) for sentence in _SENTENCES.split(before))


_HALVES = [tuple(pair) for pair in _F["scene_halves"]]


_SENTENCES = re.compile(r"(?<=[。！!；;：:？?])")
_STILL_ASKS = words_re(_F["told_still_asks"])


def _told(sentence: str) -> bool:
    """Each clause of the sentence asks nothing or is about the asker — and, in a sentence
    that opens telling of the asker and ends without a question mark, its later clauses go on
    telling ("我是高中老师，正在准备一节讲经费从哪来的课。"), unless they ask how much."""
    clauses = [c for c in CLAUSE_MARKS.split(sentence) if c.strip()]
    def asks(c: str, words: re.Pattern = _REMARK_ASKS) -> bool:
        return bool(words.search(_TOLD_COUNT.sub("", c)))
    story = bool(clauses) and not sentence.rstrip().endswith(("？", "?")) and \
        bool(_ASKER_FIRST.match(clauses[0])) and not asks(clauses[0])
    return all(_ASKER_FIRST.match(c) or not asks(c) or story and not asks(c, _STILL_ASKS)
               for c in clauses)



def about_the_asker(clause: str) -> bool:
    """The clause opens with the asker ("我在财政局工作")."""
    return bool(_ASKER_FIRST.match(clause))


def _about_the_asker(text: str) -> str:
    """The first clause, when in it the asker tells about themselves and asks nothing ("我在
    准备考公，政府办今年一共花多少钱"); else ""."""
    m = _ASKER_CLAUSE.match(text)
    if not m:
        return ""
    said = _TOLD_COUNT.sub("", m.group()).rstrip("，, ")
    # ("我家娃明年上小学了，…": a year in what happened to the asker is the story's)
    # (never one that says which year is wanted: "我要去年的了", "我问的是上年的了")
    told = said.endswith(tuple(_F["told_ends"])) and not _ASKS_NOT_A_YEAR.search(said) and \
        not _ASKER_REMARK_KEEPS.search(said) and not _YEAR_OF.search(said)
    return m.group() if told or not _ASKER_ASKS.search(said) else ""


_SPACE_BREAK = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")
_SPOKEN_END = re.compile(rf"((?:{alt(_F['spoken_question_ends'])})"
                         rf"(?:{alt(_F['spoken_question_after'])})?)\s+(?=[\u4e00-\u9fff])")


def _spoken_ends(text: str) -> str:
    """A space after a question's last word (多少, 吗…) in a message typed without marks,
    followed by the asker's own words that ask nothing ("…多少 我们骑手可没有福利费"), ends
    the question as a question mark does (never between questions: "财政给了多少 别的来源又
    有多少")."""
    if re.search(r"[？?，,。]", text):
        return text
    for m in _SPOKEN_END.finditer(text):
        rest = text[m.end():]
        # (only the asker's own story, as after a question mark: never a narrowing said
        # after it, "…多少 基本支出部分")
        said = _ASKER_STATEMENTS.sub("", rest)
        if _ASKER_REMARK_LEAD.match(rest) and not (
                _ASKER_REMARK_ASKS.search(said) or _ASKER_REMARK_ENDS_ASKING.search(said)):
            return text[:m.start()] + m.group(1) + "？" + rest
    return text
# "吃喝 出国 坐公车 这三样加一块": short words typed apart, then pointed at together, are a
# list (the list mark, not a clause's end)
_POINTED = re.compile(alt(LEX["operations"]["sum_pointers"]))
_WORD_APART = rf"[\u4e00-\u9fff]{{1,{LISTED_APART_LONGEST}}}"
_LISTED_APART = re.compile(
    rf"(?:{_WORD_APART}\s+)+{_WORD_APART}\s*$")


def _listed_apart(text: str) -> str:
    """The words typed apart before a pointer to them all, joined by the list mark."""
    m = _POINTED.search(text)
    listed = _LISTED_APART.search(text[:m.start()]) if m else None
    if not listed:
        return text
    said = re.sub(r"\s+", LEX["examples"]["list_mark"], listed.group().strip())
    return text[:listed.start()] + said + text[m.start():]


_SHORT_INSERT = re.compile(r"[（(][^（）()]{1,2}[）)]")


_ONE_CHAR_INSERT = re.compile(r".[（(]([^（）()])[）)]")


def bracket_free(name: str) -> list[str]:
    """"维修(护)费" is said "维修费" or "维护费": the name without a short bracketed insert, and
    with a one-character insert in place of the character before it."""
    short = _SHORT_INSERT.sub("", name)
    swapped = _ONE_CHAR_INSERT.sub(lambda m: m.group(1), name)
    return [s for s in dict.fromkeys((short, swapped)) if s != name and len(s) >= 2]
