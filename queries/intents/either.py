"""A word people use for several of the document's items at once ("发工资": the 工资福利支出
class, its 基本工资, or all 人员经费): asked back, each reading with its figure.

The words and their readings are the lexicon's [either] rows; a reading ending with … is the
shortest amount names the document prints that hold it (离退休… is 行政事业单位离退休 in one
document, 行政单位离退休 and 事业单位离退休 in another). A reading the document does not print is left out; one
left is answered as itself; none, and the row gives way.
"""

from __future__ import annotations

from typing import Any

from queries.answer import Answer
from queries.context import Context
from queries.intents import choices
from queries.knowledge import Knowledge
from queries.normalize import Question, match_key
from queries.vocab import DESCRIPTORS, LEX, NAMELESS, PREFIX_MARK, strip_generic

EITHER: dict[str, list[str]] = dict(LEX["either"])


def _readings(word: str, kn: Knowledge) -> list[str]:
    """The document's names for a word's readings, in the lexicon's order."""
    out: list[str] = []
    for reading in EITHER[word]:
        if reading.endswith(PREFIX_MARK):
            stem = reading[:-len(PREFIX_MARK)]
            held = [n for n in kn.names_containing(stem) if kn.names_an_amount(n)]
            shortest = min(map(len, held), default=0)
            names = sorted(n for n in held if len(n) == shortest)
        else:
            # (or a name only the explanations print with its figure: 机关运行经费 in a 决算)
            names = [reading] if kn.names_an_amount(reading) or \
                kn.prose_says(match_key(reading)) else []
        out += [n for n in names if n not in out]
    return out


def match_either(q: Question, key: str, kn: Knowledge) -> dict[str, Any] | None:
    for word in sorted(EITHER, key=len, reverse=True):    # (the longest said: 年底还剩下)
        if word not in key or any(n in key for n in kn.names_containing(word)):
            continue               # said inside a name (基本工资, 行政单位离退休): that name
        rest = key
        for said in sorted(DESCRIPTORS, key=len, reverse=True):
            # whom it is for ("离退休人员": the word itself, said of people)
            rest = rest.replace(said, word if word in said else "")
        for organ in LEX["org_suffixes"]["organ"]:
            rest = rest.replace(organ, "")   # "机关日常运转": the department's own offices
        rest = NAMELESS.sub("", rest.replace(word, ""))
        if NAMELESS.sub("", strip_generic(rest)):
            return None            # the question names more than the word: other rows read it
        return {"word": word}
    return None


def either(ctx: Context, q: Question, key: str, kn: Knowledge, ans: Answer, *,
           word: str) -> Answer | None:
    # (the question says nothing but the word and whom it is for: match_either — each
    # reading is asked by its name alone)
    found = choices.with_figures(ctx, q, kn, _readings(word, kn), answerable_only=True)
    if not found:
        return None
    if len(found) == 1 or choices.one_figure(found):
        # one reading printed, or all print one figure: nothing to ask
        return choices.answered_once(ctx, q, kn, found, word)
    ans.explain(word, *(c.name for c in found))
    ans.candidates = found
    return ctx.done(ans, "clarify", LEX["phrasing"]["either"].format(
        word=LEX["either_shown"].get(word, word), choices=choices.listed(found)))
