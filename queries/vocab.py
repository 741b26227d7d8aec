"""Question vocabulary: loads queries/lexicon.toml once and compiles the patterns the intents
use. No Chinese word is written here or in the intent modules: they all live in the lexicon."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

LEXICON_FILE = Path(__file__).with_name("lexicon.toml")
LEX: dict = tomllib.loads(LEXICON_FILE.read_text(encoding="utf-8"))
T = LEX["triggers"]


def words_re(words: list[str] | tuple[str, ...]) -> re.Pattern[str]:
    """A pattern matching any of `words`, longest first (escaped: words, not regexes)."""
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


def alt(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


GENERIC = tuple(LEX["generic"]["words"])
RESIDUE = set(LEX["generic"]["residue"])
MODIFIERS: dict[str, str] = dict(LEX["modifiers"])
BARE_BUDGET = frozenset(LEX["bare_budget"]["words"])
# (how much, said without a figure — "是不是有点多" — asks the figure: [triggers] degree)
FUNCTION_WORDS = tuple(sorted(dict.fromkeys(LEX["function"]["words"] + LEX["function"]["paying"] +
                                            LEX["function"]["estimate_exact"] +
                                            LEX["triggers"]["degree"]), key=len, reverse=True))
FUNCTION_CHARS = frozenset(w for w in FUNCTION_WORDS if len(w) == 1)
# question words that name no money ("一年", "到底", "这么"): what is left without them names
# something, or nothing at all
_NAMING = [b for b in LEX["triggers"]["budget"] if b not in LEX["bare_budget"]["spending"]]
NAMELESS = re.compile("|".join(re.escape(w) for w in sorted(
    [w for w in FUNCTION_WORDS if not any(b in w for b in _NAMING)] + LEX["time"]["current"] +
    LEX["function"]["paying"], key=len, reverse=True)))
# a word -> the document's word, or -> alternatives (a list): the first the document prints,
# and the word left as said when the document prints it itself ("电脑" in 购置电脑 indicators)
COLLOQUIAL: dict[str, str | list[str]] = {k: v for k, v in LEX["colloquial"].items()
                                          if isinstance(v, (str, list))}
# a kind of publication extends the base words (a 决算's 总支出 is its 本年支出合计): like a
# dialect, {**COLLOQUIAL, **COLLOQUIAL_BY_KIND[kind]}
# a headline's qualifier -> the question words that ask for it (queries/reading.py)
UNASKED_QUALIFIERS: dict[str, list[str]] = dict(LEX["reading"]["unasked_qualifiers"])
POINTERS: tuple[str, ...] = tuple(LEX["reading"]["pointers"])
# a colloquial word's meaning that ends so is the beginning of the document's own name
PREFIX_MARK = "…"
COLLOQUIAL_BY_KIND: dict[str, dict[str, str]] = dict(LEX["colloquial"].get("by_kind", {}))
# the kinds of publication whose columns are budget and final (a 部门决算)
FINAL_ACCOUNTS = LEX["time"]["last_is_own"]
# "年初本来打算", "三公经费年初批了多少": what was planned, said by 年初 (and another word of
# when) and a verb of deciding, is the 年初预算 a 决算 prints beside what was spent
_WHEN, _DECIDE = LEX["execution"]["planned_when"], LEX["execution"]["planned_verbs"]
_PLANNED_SAID = {f"{_WHEN[0]}{b}{verb}": LEX["execution"]["planned"][0]
                 for b in ["", *_WHEN[1:]] for verb in _DECIDE}
for _kind in FINAL_ACCOUNTS:
    COLLOQUIAL_BY_KIND[_kind] = {**_PLANNED_SAID, **COLLOQUIAL_BY_KIND.get(_kind, {})}
# "年初打算花多少，最后实际花了多少": a 决算's column said names no subject of its own
_COLUMNS = LEX["execution"]["final"] + LEX["execution"]["budget"]
COLUMN_SAID = words_re(_COLUMNS + [k for words in (COLLOQUIAL, *COLLOQUIAL_BY_KIND.values())
                                   for k, v in words.items() if v in _COLUMNS])
# a word that says whom an item is for: explained when the answered item's name holds one of
# the fragments ("给员工发的津贴补贴" -> 津贴)
DESCRIPTORS: dict[str, tuple[str, ...]] = {
    k: tuple(v) if isinstance(v, list) else (v,) for k, v in LEX["descriptor"].items()}
# … but not by an answer naming another kind the question does not say, unless its own too
DESCRIPTORS_NOT: dict[str, list[str]] = dict(LEX["descriptor_not"])
DESCRIPTORS_UNLESS: dict[str, list[str]] = dict(LEX["descriptor_unless"])
OWN_UNIT = words_re(LEX["own_unit"]["words"])
CURRENT = words_re(LEX["time"]["current"])
CARRYOVER = words_re(LEX["time"]["carryover"])
BOTH_PERIODS = words_re(LEX["time"]["both"])
OTHER_YEAR = words_re(LEX["time"]["other"])
DATE = re.compile(rf"(?:{alt(LEX['time']['date_lead'])})?(?:19|20)\d{{2}}年\d{{1,2}}月"
                  r"(?:\d{1,2}日)?")
# a year said in digits ("比16年": normalize writes it 2016年)
YEAR_IN_DIGITS = re.compile(r"(?:19|20)\d{2}年?")
# "去年的预算" names another year; "比去年 / 和去年一样 / 去年结转" compare with it
_BY = "".join(LEX["time"]["compared_by"])
# "跟去年 / 与上年": the comparison itself, not a topic
LAST_YEAR_WORDS = re.compile(rf"[{_BY}]?(?:{alt(LEX['time']['last'] + T['previous_year'])})")
LAST_YEAR = re.compile(rf"(?<![{_BY}])(?:{alt(LEX['time']['last'])})")
# "比上一年多（了）": the comparison and the way it went, no part of what changed
COMPARED_WAY = re.compile(rf"{LAST_YEAR_WORDS.pattern}[{T['rise_char']}{T['fall_char']}]")
# "具体多了多少", "到底是多少": the exact figure asked, no part of what is asked of
EXACTLY = words_re(LEX["function"]["estimate_exact"])
CHANGE_AMOUNT = re.compile(rf"(?:{alt(T['change'])})了?\s*(\d[\d,]*(?:\.\d+)?)\s*(万元|亿元|元|%)")
OPS = LEX["operations"]
CONJUNCTION = words_re(OPS["conjunctions"])
EACH = words_re(OPS["each"])
SUM_WORDS = words_re(OPS["sum"])
# the parts just listed, pointed at again ("这两项"): added up unless another operation is asked
SUM_POINTERS = words_re(OPS["sum_pointers"])
# a character that begins a figure ("财政拨款收入N万元…": the clause's subject before it)
DIGIT = re.compile(r"\d")
COMPARE = words_re(OPS["compare"])
COMPARE_LOW = words_re(OPS["compare_low"])
DIFFERENCE_TAIL = words_re(OPS["difference_tail"])


def tail_operation(tail: str) -> str:
    """What the words closing a question of several parts ask for: sum, compare (or
    compare_low), difference, or list (each part on its own)."""
    if SUM_WORDS.search(tail):
        return "sum"
    if COMPARE.search(tail):
        return "compare_low" if COMPARE_LOW.search(tail) else "compare"
    if DIFFERENCE_TAIL.search(tail):
        return "difference"
    # ("这两项一共" is a sum; "这两笔各是多少" each of them; "这两项哪个多" a comparison)
    return "sum" if SUM_POINTERS.search(tail) and not EACH.search(tail) else "list"


def without_operation(tail: str) -> str:
    """The closing words with the operation words taken out."""
    for words in (EACH, SUM_WORDS, SUM_POINTERS, COMPARE, DIFFERENCE_TAIL):
        tail = words.sub("", tail)
    return tail
PERF_FACTS: dict[str, str] = dict(LEX["perf_facts"])
SOURCES: dict[str, str] = dict(LEX["sources"])

BUDGET_WORDS = words_re(T["budget"])
GLOSSARY_ASK = re.compile(rf"^(?:{alt(T['glossary_prefix'])})(.+?)$|"
                          rf"^(.+?)(?:{alt(T['glossary_suffix'])})$")
GLOSSARY_LIST = re.compile(rf"(?:{alt(T['glossary_around'])})?(?:{alt(T['glossary_list'])})"
                           rf"(?:{alt(T['glossary_around'])})?")
_N = r"(\d+|[一二三四五六七八九十])"
RANK = re.compile(rf"{alt(T['rank_high'] + T['rank_low'])}|前{_N}(?:{alt(T['rank_suffix'])})?|"
                  rf"第{_N}(?:大|多|高)|"
                  rf"{alt(T['rank_words'])}")
LOW = words_re(T["rank_low"])
_RANKS = alt(T["rank_high"] + T["rank_low"])
RANK_COUNT = re.compile(rf"(?:{_RANKS})的?{_N}个|{_N}个(?:{_RANKS})")
FILTER = words_re(T["filter_above"])
FILTER_BELOW = words_re(T["filter_below"])
# an amount said as a threshold ("100万以上的设备"), either way
THRESHOLD = words_re(T["filter_above"] + T["filter_below"])
CHANGE = words_re(T["change"])
# a direction said with its rate asked ("少了百分之几", "涨了几成"): a change asked
DIRECTED_RATES = [w + r for w in T["rise"] + T["fall"] for r in T["rate_asks"]]
PREVIOUS_YEAR = words_re(T["previous_year"])
# "多了多少万", "几个亿": the unit a figure is asked in, naming nothing
ASKS_UNIT = words_re(LEX["numbers"]["asks_wan"] + LEX["numbers"]["asks_yi"])
RISE = words_re(T["rise"])
DEPARTMENT_WORDS = words_re(T["department_words"])
FALL = words_re(T["fall"])
REASON = words_re(T["reason"])
SHARE = re.compile(rf"{alt(T['share'])}|占.{{0,6}}(?:多少|百分|%)")
# a percentage asked of a change ("涨幅多少", "增长了百分之几"): the rate, not a share
DEGREE = words_re(T["degree"] + T["either_way"])
# "少了将近一半 / 六成多": how much a change was, said roughly
MAGNITUDE_WORDS = T["magnitude"] + [f"{n}{tenths}" for n in LEX["numbers"]["numerals"]
                                    for tenths in T["magnitude_tenths"]]
MAGNITUDE = words_re(MAGNITUDE_WORDS)
# "住房这块", "社会保障那一大类": the word an area is said with
SECTOR_WORDS = words_re(LEX["sector"]["words"])
# the words that say a year: this one, the last, another one
YEAR_WORDS: list[str] = T["previous_year"] + [
    w for k in ("current", "last", "other", "before_last") for w in LEX["time"][k]]
SAYS_A_YEAR = words_re(YEAR_WORDS)
# what says which figure is asked: a column (上年结转, 项目支出), a year, a "not" that selects
# (不含, 不算, 除了 — never the 不 of 不好意思 or 我不太懂)
COLUMN_OR_YEAR = words_re(list(MODIFIERS) + YEAR_WORDS + LEX["time"]["carryover"])
SAYS_WHICH = words_re([w for w in LEX["word_classes"]["qualifiers"] if len(w) > 1] +
                      list(MODIFIERS) + YEAR_WORDS + LEX["time"]["carryover"] +
                      LEX["function"]["conditions"])
EITHER_WAY = words_re(T["either_way"])
RATE = re.compile(rf"{alt(T['rate'] + T['share'])}")
PERF = words_re(T["perf"])
ORG = re.compile(rf"{alt(T['org'])}|职能(?!部门)")
ORG_UNITS = frozenset(T["org_units"])
ORG_OFFICES = frozenset(T["org_offices"])
ASSET = words_re(T["asset"])
COUNTED = words_re(T["counted"])
VEHICLE = words_re(T["vehicle"])
ASSET_BOUGHT_ITEM = words_re(T["asset_bought_item"])
ASSET_BOUGHT = words_re(T["asset_bought"])
DEPT_FACT = words_re(T["dept_fact"])
_UNITS = alt(LEX["measure"]["units"])
_MULTIPLIERS = "".join(LEX["numbers"]["multipliers"])
# "多少人 / 几天 / 人数", not "几个亿" (an amount)
# the words that ask how many (多少, 几): what follows them is counted, not named
COUNT_ASKS = tuple(LEX["measure"]["prefixes"])
MEASURE = re.compile(rf"(?:{alt(LEX['measure']['prefixes'])})({_UNITS})(?![{_MULTIPLIERS}])|"
                     r"(人|天)数")


def measure_unit(text: str) -> str:
    """The unit a question counts in ("多少人" -> 人, "人数" -> 人, "几个" -> 个), or "": the
    last one said ("那几个项目平均打了多少分" asks 分; 几个 only points at the projects)."""
    m = None
    for m in MEASURE.finditer(text):
        pass
    return next((g for g in m.groups() if g), "") if m else ""


PERF_WORDS = re.compile(rf"的?({alt(LEX['describe']['perf_words'])})")
PAREN = re.compile(r"（[^）]*）")
# the words that close a list of examples ("电脑软件这些", "住宿、餐饮之类的")
EXAMPLES = words_re(LEX["glosses"]["examples"])
# the spending columns an item's money is split into (基本支出 / 项目支出)
SPENDING_COLUMNS = tuple(LEX["column_choice"]["kinds"])
# a note closing a label ("委员视察（金额）")
NOTE_AFTER = re.compile(r"（[^（）]*）$")
SAME = words_re(T["same"])
PURCHASE = words_re(T["purchase"])
NEW = words_re(T["new"])
WHOLE = words_re(T["whole"])
LISTING = re.compile(rf"{alt(T['listing'])}|的项目$")
WHICH = words_re(T["which"])
PROJECT = words_re(T["project"])
TABLE_WORD = words_re(T["table"])
BUDGET_COLUMN = words_re(T["budget_column"])
UNIT_WORD = words_re(T["unit"])
BETWEEN = words_re(T["between"])
FISCAL = words_re(T["fiscal"])
SERVICES = words_re(T["services"])
SERVICES_LIST = words_re(T["services_list"])
COUNT = words_re(T["count"])
SUBTOTAL = words_re(T["subtotal"])
FUNDS_TOTAL = words_re(T["funds_total"])
ASKS_MONEY = words_re(T["asks_money"])
# words that ask money and nothing else ("多少钱", "花多少"): a count does not answer them
MONEY_ONLY = words_re(LEX["function"]["money_asks"])
ASKS_FIGURE = words_re(T["asks_figure"])
DEPT_SHEET_MONEY = words_re(T["dept_sheet_money"])
TOTAL_SUFFIX = re.compile(rf"(?:{alt(T['total_suffix'])})$")
PEOPLE_WORDS = frozenset(T["people_words"])
DEPT_SHEET = re.compile(rf"(?:{alt(T['dept_sheet_lead'])})的?(?:{alt(T['dept_sheet_period'])})?"
                        rf"(?:{alt(T['dept_sheet_subject'])})")
DUTY_QUALIFIERS = frozenset([""] + T["duty_qualifiers"])
INDICATOR_WORD = words_re(T["indicator"])
OVERVIEW_WORDS = frozenset([""] + T["overview_words"])
PROJECT_WORDS = words_re(T["project_words"])
# the money word a name ends with ("离退休的费用", 会议费): taken off to find what it is for
MONEY_TAIL = re.compile(rf"(?:{alt(T['describe_tail'])})$")
DESCRIBE_TAIL = re.compile(rf"{alt(T['describe_noise'])}|(?:{alt(T['describe_tail'])})$")
# "资金总额是多少元": the sheet's funds, asked in 元 (not 万元 / 亿元)
IN_YUAN = re.compile(rf"(?<![{''.join(LEX['numbers']['multipliers'])}])"
                     rf"{LEX['numbers']['currency'][0]}$")
_COUNTED_IN = LEX["measure"]["count_units"] + LEX["measure"]["people_units"]
COUNT_UNIT_END = re.compile(rf"(?:{alt(_COUNTED_IN)})$")
CODE = re.compile(r"(?<!\d)(\d{7}|\d{5}|\d{3})(?!\d)")
# 第三 / 前五: a Chinese numeral of one character as a number (the lexicon's numerals)
ORDINAL = {ch: i for i, ch in enumerate(LEX["numbers"]["ordinals"], start=1)}
CLAUSE = re.compile(r"[，；。、：;]|(?<!\d),|,(?!\d)")
DESCRIBE_NOISE = words_re(LEX["describe"]["noise"])
AMOUNT_KINDS = {"summary", "split", "subject", "econ", "gov_econ", "sangong", "opex", "project",
                "table", "column", "procurement"}
NUM_UNIT = re.compile(r"(?<![\d,.])(\d[\d,]*(?:\.\d+)?)\s*(" +
                      alt(LEX["numbers"]["stated_units"]) + ")")


# two amounts compared or one taken as a share of another: "A比B多(多少)", "A占B(的)比例"
_THAN, _SHARE_MARK = re.escape(OPS["than"]), re.escape(OPS["share_marker"])
DIFFERENCE_SIDES = re.compile(rf"^(.+?){_THAN}(.+?)(?:{alt(OPS['difference'])})")
SHARE_OF_SIDES = re.compile(rf"^(.+?){_SHARE_MARK}(.+?)的?(?:"
                            rf"{alt([w for w in OPS['share_of'] if w != OPS['share_marker']])})")


def strip_generic(text: str) -> str:
    for word in GENERIC:
        text = text.replace(word, "")
    return text


def is_residue(text: str) -> bool:
    return all(ch in RESIDUE for ch in text)


def remove_chars(text: str, name: str) -> str:
    """Delete `name`'s characters from `text` (what the question says besides the name)."""
    if name in text:
        return text.replace(name, "", 1)
    out = list(text)
    for ch in name:
        if ch in out:
            out.remove(ch)
    return "".join(out)


def explained_by_entity(key: str, word: str, kn: Any) -> bool:
    # kn: a queries.knowledge.Knowledge (not imported: the lexicon depends on nothing)
    """True when a budget entity whose name contains `word` matches the question: then `word`
    is part of that name ("事业单位" inside an item, "办公用房" inside a project), not a topic."""
    hits = kn.find(strip_generic(key), AMOUNT_KINDS)
    return bool(hits) and word in hits[0].key and hits[0].matched > len(word)


def modifier_of(text: str) -> str | None:
    for word, key in sorted(MODIFIERS.items(), key=lambda wk: -len(wk[0])):
        if word in text:
            return key
    return None


def described(text: str, drop_several: bool = False) -> str:
    """`text` with each descriptor that stands for one fragment of the document's names read as
    it ("买几辆车" -> 购置几辆车, "给退休人员发钱" -> 给退休发钱); one that stands for several
    kept, or left out with `drop_several` (给员工发工资 -> 给发工资)."""
    for word in sorted(DESCRIPTORS, key=len, reverse=True):
        fragments = DESCRIPTORS[word]
        if len(fragments) == 1:
            text = text.replace(word, fragments[0])
        elif drop_several:
            text = text.replace(word, "")
    return text


# a bracketed insert of a question, full-width or not ("住房这块（公积金、房租补贴之类）")
BRACKETED = re.compile(r"[（(][^（）()]*[）)]")

# a 科目's level printed inside its name ("住房保障（类）支出"): read without it
LEVEL_MARK = re.compile(rf"[（(](?:{alt(sorted(set(LEX['ranking']['levels'].values())))})[）)]")


def own_year(key: str) -> str:
    """"去年财政局收入多少", asked of a 决算 (read the year after its year): its own year, unless
    compared with (比去年) or carried over (去年结转); 前年 compared with is the year its 上年
    columns print."""
    if CHANGE.search(key) or CARRYOVER.search(key) or REASON.search(key) or \
            RISE.search(key) or FALL.search(key) or _BEFORE_LAST_COMPARED.search(key):
        # "比前年涨了", "跟前年比少了多少": the year its 上年 columns print (前年 asked alone
        # is a year it lacks)
        for word in LEX["time"]["before_last"]:
            key = key.replace(word, LEX["time"]["before_last_is"])
    if CARRYOVER.search(key):
        return key               # "去年结转": what was carried, not the 决算's own year
    return LAST_YEAR.sub(LEX["time"]["own_year"], key)


_BEFORE_LAST_COMPARED = re.compile(rf"[{_BY}](?:{alt(LEX['time']['before_last'])})")
