"""A question said in Wu (苏州 / 上海 by voice: "比去年多仔多少", "养老个钱要几钿", "买东西搭买
服务各是多少") read in Mandarin: the words of grammar only, never a name.

Only a message holding one of the lexicon's [dialect] markers is read so, and the engine answers
from that reading only when it is understood (queries/engine.py); the words and the rules for
仔 / 个 / 搭 (which are also Mandarin characters: 仔细, 几个, 搭建) are all [dialect] rows."""

from __future__ import annotations

import re

from queries.vocab import LEX, alt

_D = LEX["dialect"]
_MARKERS = re.compile(alt(_D["markers"]))
_WORDS = re.compile(alt(sorted(_D["words"], key=len, reverse=True)))
_CJK = "\u4e00-\u9fff"
# 仔 after a word, outside the words that hold it (仔细)
_LE = re.compile(rf"(?<=[{_CJK}]){re.escape(_D['le'])}")
_LE_NOT = re.compile(alt(_D["le_not_in"]))
# 个 after a word that is no numeral nor pointer (几个, 这个 stay)
_DE = re.compile(rf"(?<=[{_CJK}])(?<![{''.join(_D['de_not_after'])}{LEX['numbers']['numerals']}])"
                 rf"{re.escape(_D['de'])}(?![{''.join(_D['de_not_before'])}])")
# 搭 between two words, outside the words that hold it (搭建)
_AND = re.compile(rf"(?<=[{_CJK}]){re.escape(_D['and_'])}(?=[{_CJK}])")
_AND_NOT = re.compile(alt(_D["and_not_in"]))


def said_in_dialect(text: str) -> bool:
    """The message holds a word only Wu speech uses."""
    return bool(_MARKERS.search(_LE_NOT.sub("", text)))


def mandarin(text: str) -> str:
    """The message with its Wu words of grammar read as Mandarin ("" when it holds none)."""
    if not said_in_dialect(text):
        return ""
    read = _WORDS.sub(lambda m: _D["words"][m.group()], text)
    read = _kept(read, _LE_NOT, lambda part: _LE.sub(_D["le_read"], part))
    read = _kept(read, _AND_NOT, lambda part: _AND.sub(_D["and_read"], part))
    read = _DE.sub(_D["de_read"], read)
    return read if read != text else ""


def _kept(text: str, kept: re.Pattern[str], read) -> str:
    """`read` applied to the text outside the words `kept` matches."""
    out, at = [], 0
    for m in kept.finditer(text):
        out += [read(text[at:m.start()]), m.group()]
        at = m.end()
    return "".join(out + [read(text[at:])])
