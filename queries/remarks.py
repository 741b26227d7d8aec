"""The asker's own words between the questions — a feeling (绝了, 也太离谱了吧), a story of their
own (我这辈子就去过一趟泰国, 周末想带小孩去参加的), a guess of the amount (七成有没有, 快四百万
了吧, 是不是真的) — set aside when the rest of the message is understood without them.

A clause is the asker's own when it asks nothing, says nothing that narrows what is asked (a
year, a column, 只 / 不含 …), names nothing of the loaded documents and carries one of the
words people talk about themselves or their feelings with ([remarks] signals); a guess is an
amount with nothing around it but the words of guessing ([remarks] guess_words); hearsay told
before the question ([remarks] hearsay_leads) is set aside when the rest asks of something of
its own, else its amount alone; a change claimed by its size and doubted is asked openly as the
size the document states ([remarks] claim_*). The pipeline asks again without them only when
the message as typed was not understood, and says what it set aside (queries/pipeline.py)."""

from __future__ import annotations

import re
from collections.abc import Callable

from queries.thresholds import HEARSAY_WHO
from queries.vocab import COLUMN_OR_YEAR, LEX, SAYS_WHICH, YEAR_WORDS, alt, words_re

_R = LEX["remarks"]
_F = LEX["function"]
_T = LEX["triggers"]
_NUM = LEX["numbers"]
# a clause ends at a mark or at a space typed between words
_CLAUSE_END = re.compile(r"[，,。！!；;？?：:\s]+")
_ASKS = words_re(_F["asker_asks"] + _R["asks"])
# (nor a change said: "那公积金呢 也涨了啊" asks whether it rose too)
_KEEPS = words_re(_R["keeps"] + YEAR_WORDS + _T["change"] + _T["rise"] + _T["fall"])
# (nor a year said short, "18年的哈", "二四年的呀": normalize reads it later)
_SHORT_YEAR = re.compile(rf"[\d{_NUM['numerals']}〇]{{2,4}}年")
_SIGNALS = words_re(_R["signals"])
# (what follows "don't tell me" is denied, never asked: "别跟我讲什么大环境不好")
_DENIED = re.compile(rf"(?:{alt(_F['remark_denials'] + _R['denials'])}).*$")
_DENIAL = re.compile(rf"(?:{alt(_F['remark_denials'] + _R['denials'])})")
_STATEMENTS = words_re(_F["remark_statements"] + _R["not_asking"])
_AMOUNT = re.compile(
    rf"(?:{alt(_R['share_leads'])})?(?:[\d.{_NUM['numerals']}]+|{alt(_R['rough_numbers'])})"
    rf"(?:{alt(_R['rough_decimals'])})?"
    rf"\s*(?:{alt(_R['counted'])})?"
    rf"(?:{alt(_F['estimate_loose'])})?(?:{alt(_NUM['multipliers'])})?\s*"
    rf"(?:{alt(_R['amount_units'])})?")
_DIGITS = re.compile(rf"[\d{_NUM['numerals']}]|{alt(_R['rough_numbers'])}")
_GUESS_WORDS = words_re(_R["guess_words"])
_DOUBTS = words_re(_R["doubts"])
_HEARD = re.compile(rf"{re.escape(_F['hearsay_lead'])}[^，,。？?！!\s]{{0,{HEARSAY_WHO}}}?"
                    rf"(?:{alt(_F['hearsay_verbs'])})")
_REQUESTS = words_re(_R["requests"])
# ("是不是浪费": a judgement asked, alone in its clause)
_JUDGEMENTS = re.compile(alt(_R["judgements"]))
_CJK_PAIR = re.compile(r"[\u4e00-\u9fff]{2}")
# an amount told (a numeral, or 上千万 / 好几百万), and the words between the name and it
_AMOUNT_TOLD = re.compile(
    rf"(?:{alt(_R['told_amount_leads'])})?(?:[\d.{_NUM['numerals']}]+|{alt(_R['rough_numbers'])})"
    rf"(?:{alt(_F['estimate_loose'])})?(?:{alt(_NUM['multipliers'])})")
_HEARD_TAIL = re.compile(rf"(?:{alt(_R['heard_tails'])})+$")
# a change claimed by its size: a word of change, then an amount with its unit
_CLAIM = re.compile(
    rf"(?:{alt(_T['rise'] + _T['fall'])})了?\s*(?P<size>(?:{alt(_F['estimate_near'])})?"
    rf"(?:{alt(_R['share_leads'])})?"
    rf"(?:[\d.{_NUM['numerals']}]+|{alt(_R['rough_numbers'])})(?:{alt(_R['rough_decimals'])})?"
    rf"(?:{alt(_F['estimate_loose'])})?\s*(?:{alt(_R['counted'])})?"
    rf"(?:{alt(_R['claim_units'])})(?!{alt(_R['claim_not_after'])})"
    rf"(?:{alt(_F['estimate_loose'])})?"
    rf"|(?:{alt(_R['share_leads'])})(?:[\d.{_NUM['numerals']}]+|{alt(_R['rough_numbers'])})"
    rf"(?:{alt(_F['estimate_loose'])})?)")
_RATE_SAID = re.compile(alt(_R["share_leads"] + _R["claim_rate_units"]))
_CLAIM_YES_NO = re.compile(alt(_R["claim_yes_no"]))
_GUESS_SAID = re.compile(alt(_R["claim_guessed"]))
# (or the exact figure: "涨了将近两倍，到底多少")
_EXACT = re.compile(alt(_F["estimate_exact"]))
# a clause asking the size of a change ("增长了百分之几", "少了多少")
_ASKS_SIZE = re.compile(rf"(?:{alt(_T['rise'] + _T['fall'])})了?(?:{alt(_R['claim_size_asks'])})")
_HEARSAY = re.compile(alt(_R["hearsay_leads"]))
# ("才几千块": a small amount told, never the 几 of a question)
_TOLD_SMALL = re.compile(rf"(?:{alt(_R['told_small'])})几(?:{alt(_R['told_small_units'])})")


def set_aside(text: str, names_something: Callable[[str], bool],
              asks_of_something: Callable[[str], bool] | None = None) -> tuple[str, list[str]]:
    """The message without the asker's own clauses, and those clauses ([] when there are none,
    or when nothing that asks would be left). `names_something(clause)` says whether a clause
    names anything of the loaded documents (such a clause is never set aside);
    `asks_of_something(rest)` whether what is left asks of something of its own, not of the
    whole budget (hearsay that names what is asked is set aside only then)."""
    asks_of_something = asks_of_something or names_something
    parts = _CLAUSE_END.split(text)
    marks = _CLAUSE_END.findall(text) + [""]
    # (what the asker says not to be told is set aside whatever it names: "别跟我讲什么厉行节约")
    aside = [i for i, c in enumerate(parts) if c and (_DENIAL.match(c) or _is_request(c) or
                                                      _JUDGEMENTS.fullmatch(c) or (
        _is_remark(c) or _is_guess(c)) and not names_something(c))]
    # (hearsay is set aside only when the rest names something of its own: "听说会议费一年要
    # 一千多万，比去年少了多少" keeps it — its subject — never answered of the whole budget)
    heard = [i for i, c in enumerate(parts) if c and i not in aside and _is_hearsay(c)]
    rest = "".join(c for i, c in enumerate(parts) if c and i not in aside and i not in heard)
    aside = sorted(aside + [i for i in heard if not names_something(parts[i]) or
                            asks_of_something(rest) or _said_again(parts[i], rest)])
    # (hearsay kept for what it names tells its amount too: "听说会议费一年要一千多万，比去年少了
    # 多少" asks of 会议费 — the amount heard is set aside, the name kept)
    told = {i: _heard_subject(parts[i]) for i in heard if i not in aside}
    told_aside = [parts[i].replace(subject, "", 1) for i, subject in told.items() if subject]
    parts = [told.get(i) or c for i, c in enumerate(parts)]
    doubted = bool(_DOUBTS.search(text) or _HEARD.search(text) or _HEARSAY.search(text))
    sized = [bool(_ASKS_SIZE.search(c) or _EXACT.search(c)) for c in parts]
    claimed = [_claimed(c, doubted, any(sized[:i] + sized[i + 1:])) if i not in aside
               else (c, "") for i, c in enumerate(parts)]
    parts = [c for c, _ in claimed]
    kept = [i for i, c in enumerate(parts) if c and i not in aside]
    if not (aside or told_aside or any(said for _, said in claimed)) or \
            not any(_ASKS.search(parts[i]) for i in kept):
        return text, []
    rest = "".join(parts[i] + marks[i] for i in kept).strip()
    return rest, [parts[i] for i in aside] + told_aside + [said for _, said in claimed if said]


def _claimed(clause: str, doubted: bool, asked_apart: bool) -> tuple[str, str]:
    """A change the asker claims by its size and doubts or guesses ("住房那块是不是涨了百分之
    五十多", "听说涨了九倍多 真的假的", "少了七十万左右吧"): the clause asking the change's size
    instead (涨了百分之几 / 涨了多少 — the document's own figure answers the claim), and the
    size claimed ("" when the clause claims none; never a size told as read: "涨了74%?? 多少钱").
    When another clause asks the size or the exact figure (`asked_apart`: "多了将近两倍？增长了
    百分之几", "涨了将近两倍，到底多少"), the claimed size is only taken out."""
    m = _CLAIM.search(clause)
    if m is None or not (doubted or _CLAIM_YES_NO.search(clause) or _GUESS_SAID.search(clause)):
        return clause, ""
    said = m.group("size")
    asks = "" if asked_apart else \
        _R["claim_asks_rate"] if _RATE_SAID.search(said) else _R["claim_asks_amount"]
    # (never a yes or no: "是不是少了一百万" is answered by the figure, not by 是 to a direction)
    return _CLAIM_YES_NO.sub("", clause[:m.start("size")]) + asks + \
        _CLAIM_YES_NO.sub("", clause[m.end("size"):]), said


def _heard_subject(clause: str) -> str:
    """What a hearsay clause says the amount of, without the hearsay and the amount ("听说会议费
    一年要一千多万" → 会议费); "" when it tells no amount."""
    lead = _HEARSAY.match(clause)
    said = clause[lead.end():] if lead else clause
    m = _AMOUNT_TOLD.search(said)
    if m is None:
        return ""
    return _HEARD_TAIL.sub("", said[:m.start()])


def _said_again(clause: str, rest: str) -> bool:
    """Two characters running in the clause are said again in the rest ("都说当官的三公经费吃吃
    喝喝，这个法院三公一共多少": 三公)."""
    runs = (clause[i:i + 2] for i in range(len(clause) - 1))
    return any(_CJK_PAIR.fullmatch(r) and r in rest for r in runs)


def _is_remark(clause: str) -> bool:
    """A clause in which the asker tells of themselves or their feeling and asks nothing."""
    said = _TOLD_SMALL.sub("", _STATEMENTS.sub("", _DENIED.sub("", clause)))
    return bool(_SIGNALS.search(clause) or _TOLD_SMALL.search(clause)) and \
        _asks_nothing(clause, said)


def _is_hearsay(clause: str) -> bool:
    """What everybody says, told before the question and asking nothing ("都说当官的三公经费
    吃吃喝喝")."""
    return bool(_HEARSAY.match(clause)) and _asks_nothing(clause, _STATEMENTS.sub("", clause))


def _asks_nothing(clause: str, said: str) -> bool:
    """The clause (`said`: without its statements) asks, narrows and changes nothing."""
    return not _ASKS.search(said) and \
        not _KEEPS.search(said) and not COLUMN_OR_YEAR.search(said) and \
        not SAYS_WHICH.search(said) and not _SHORT_YEAR.search(clause)


def _is_request(clause: str) -> bool:
    """How the asker wants the answer said ("两个一起说", "分开讲"), nothing else."""
    said = _REQUESTS.sub("", clause)
    return said != clause and not _SIGNALS.sub("", said).strip()


def _is_guess(clause: str) -> bool:
    """An amount guessed ("七成有没有", "快四百万了吧", "一百来万") or a doubt ("是不是真的"),
    nothing else."""
    if _DOUBTS.sub("", clause) == "":
        return True
    if not _DIGITS.search(clause) or COLUMN_OR_YEAR.search(clause) or \
            _SHORT_YEAR.search(clause):
        return False
    return _GUESS_WORDS.sub("", _AMOUNT.sub("", _HEARD.sub("", clause))).strip() == ""
