"""用途 / 干什么用的 / 主要用于什么: what a 科目 or item is for, in the document's words.

The explanations say of each 科目 what its money is used for ("…财政委托业务支出（项）。主要
用于：…", "“…”科目N万元，主要用于…"); the answer quotes that clause from the paragraph
that names the item, with its line. Projects are described by their performance sheets (the
indicator row answers them); this row answers only from the explanations, with words — and,
when the question also asks how much ("…有多少，拿来干嘛的"), the item's amount before them.
"""

from __future__ import annotations

import re
from typing import Any

from queries.answer import Answer, SourceRow, prose_label
from queries.context import Context
from queries.intents import amounts, facts
from queries.knowledge import Knowledge
from queries.normalize import Question, match_key
from queries.recall import bigrams
from queries.thresholds import USE_CLAUSE_COVER, USE_COVER, USE_QUESTION_MIN
from queries.vocab import (ASKS_MONEY, FUNCTION_WORDS, LEVEL_MARK, LEX, NAMELESS, YEAR_WORDS,
                           strip_generic, words_re)

PURPOSE = words_re(LEX["purpose"]["asked"] + LEX["purpose"]["what_for"])
USED_FOR = words_re(LEX["purpose"]["stated"])
_CLAUSE_END = re.compile(r"[。；]")


def match_purpose(q: Question, key: str, kn: Knowledge) -> dict[str, Any] | None:
    asked = PURPOSE.search(key)
    if not asked:
        return None
    rest, within = PURPOSE.sub("", key), ""
    inside = _INSIDE.split(rest)
    if len(inside) > 1 and len(strip_generic(inside[-1])) >= _STATED_LEAST:
        # "机关运行经费里面的物业管理费": the item within, as said of what holds it
        rest, within = inside[-1], strip_generic(NAMELESS.sub("", inside[0]))
        # (what holds it, when it names a part of the document of its own — never a word
        # every table's title is made of: 财政拨款, 支出)
        within = "" if not within or _TABLE_WORDS.fullmatch(inside[0]) or \
            _TABLE_WORDS.fullmatch(within) else within
    named = strip_generic(rest)
    # (a two-character name said alone — 电费 — is one of the document's too)
    said = kn.names_said(named) or ([named] if named in kn.key_set else [])
    if not said:
        # an item only the explanations name ("物业管理费（款）支出…。用于…"), said whole
        plain = strip_generic(NAMELESS.sub("", rest))
        said = [plain] if len(plain) >= _STATED_LEAST and any(
            plain in LEVEL_MARK.sub("", p["text"]) for p in kn.paragraphs) else []
    return {"name": said[0], "word": asked.group(0), "within": within} if said else None


_STATED_LEAST = 3       # an item named only in the explanations: this long at least
_STOP = LEX["phrasing"]["sentence_end"]
_INSIDE_WORD = LEX["operations"]["inside_word"]
# the words every table's title is made of: no holder of an item of its own
_TABLE_WORDS = words_re(LEX["yes_no"]["table_words"])
# (里 alone only before 的: 万里 is a name's)
_INSIDE = words_re([m for m in LEX["operations"]["scope_markers"] if len(m) > 1] +
                   [m + LEX["operations"]["of"] for m in LEX["operations"]["scope_markers"]])


def _states_use(p: dict, name: str) -> bool:
    """The paragraph says what `name` is used for (用于 after it)."""
    text = LEVEL_MARK.sub("", p["text"])
    at = text.find(name)
    return at >= 0 and USED_FOR.search(text, at + len(name)) is not None


def purpose(ctx: Context, q: Question, key: str, kn: Knowledge, ans: Answer, *, name: str,
            word: str, within: str = "") -> Answer | None:
    """The clause after 用于 in the first paragraph that names the item before it (in the
    section about what holds it, when the question says: "机关运行经费里的差旅费"); with its
    amount when asked — the paragraph stating that amount first, else the paragraph's own
    figure quoted with its use (never one figure beside another line's use)."""
    inside = [p for p in kn.paragraphs if within and within in (p.get("section") or "") and
              _states_use(p, name)]
    within = within if inside else ""      # (none there: read as if the holder were not said)
    stating = [p for p in (inside or kn.paragraphs) if _states_use(p, name)]
    if not stating:
        return None
    p, found = stating[0], None
    if ASKS_MONEY.search(key.replace(within, "") if within else key):
        # "…的钱有多少，拿来干嘛的": its amount first, then what it is for
        found = None if within else amounts.amount(ctx, q, name, kn, ans)
        if found is None or found.status != "answered" or not found.figures:
            # (an item only the explanations name, or named within another: the clause of
            # this paragraph stating its amount)
            topic = f"{within}{_INSIDE_WORD}{name}" if within else name
            found = facts.narrative_fact(ctx, q, topic, kn, ans.fresh(), topic=topic)
            if found is not None and all(r.line != p["line"] for r in found.rows):
                found = None
        if found is None or found.status != "answered" or not found.figures:
            return None
        p = next((x for x in stating if _states_amount(x, found.figures[0])), p)
    text = LEVEL_MARK.sub("", p["text"])      # "公共安全（类）支出…主要用于"
    at = text.find(name)
    used = USED_FOR.search(text, at + len(name))
    stated = text[used.start():]
    stated = stated[:m.start()] if (m := _CLAUSE_END.search(stated)) else stated
    stated = re.sub(r"^(\w+?)[：:]", r"\1", stated)        # "主要用于：…" reads "主要用于…"
    where = p.get("section") or p.get("part") or ""
    said = f"{name}：{stated}（{where}，第{p['line']}行）。"
    if found is not None:
        if not _states_amount(p, found.figures[0]):
            # (the use is stated beside another figure of the item: quoted with it)
            said = f"{text[at:used.start() + len(stated)].strip()}（{where}，第{p['line']}行）。"
        ans = found
        said = f"{ans.answer.rstrip(_STOP)}{_STOP}{said}"
    ans.rows.append(SourceRow(prose_label(p), p["line"], [p["text"]]))
    ans.explain(name, word, stated)
    return ctx.done(ans, "answered", said)


def _states_amount(p: dict, figure: Any) -> bool:
    """The paragraph prints the figure (as the tables print it, or without trailing zeros)."""
    value = figure.get("value")
    if not isinstance(value, (int, float)):
        return False
    text = p["text"].replace(",", "")
    return any(v in text for v in (f"{value:.2f}", f"{value:g}"))


def match_by_use(q: Question, key: str, kn: Knowledge) -> dict[str, Any] | None:
    """"请中介机构做审计和绩效评价花了多少": a money question whose words are what one item's
    用于 clause says it is for, and no other item's as much."""
    if not ASKS_MONEY.search(key) or not kn.uses:
        return None
    # (when and which column it is asked of, and words of asking, say nothing of its use:
    # "…，去年实际花了多少")
    said = strip_generic(_NOT_OF_USE.sub("", ASKS_MONEY.sub("", key)))
    if len(said) < USE_QUESTION_MIN:
        return None
    scored = sorted(((_covered(said, clause), name) for name, clause in kn.uses.items()),
                    reverse=True)
    best, name = scored[0]
    if best < USE_COVER or (len(scored) > 1 and scored[1][0] == best):
        return None
    # the question says most of what the clause says, not only a few of its words ("日常维护"
    # of "信息化系统日常维护费等支出")
    if _covered(match_key(kn.uses[name]), said) < USE_CLAUSE_COVER:
        return None
    return {"name": name}


_NOT_OF_USE = words_re([w for w in FUNCTION_WORDS if len(w) > 1] + YEAR_WORDS +
                       LEX["execution"]["final"] + LEX["execution"]["budget"])


def _covered(said: str, clause: str) -> float:
    """The share of the question's characters inside a two-character run the clause says."""
    runs = set(bigrams(clause))
    hit = [False] * len(said)
    for i, gram in enumerate(bigrams(said)):
        if gram in runs:
            hit[i] = hit[i + 1] = True
    return sum(hit) / len(said)


def by_use(ctx: Context, q: Question, key: str, kn: Knowledge, ans: Answer, *,
           name: str) -> Answer | None:
    """The item's amount, read as if named, its 用于 clause explaining the question's words."""
    result = amounts.amount(ctx, q, name, kn, ans)
    if result is None or result.status != "answered" or not result.figures:
        return None
    result.explain(kn.uses[name])
    result.answer += f"（按文档对“{name}”用途的说明：{kn.uses[name].strip(' ：:')}）"
    return result
