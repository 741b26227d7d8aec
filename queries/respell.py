"""Words mistyped by sound on a phone's pinyin keyboard (陪训 for 培训, 接代 for 接待, 才购 for
采购, 街到 for 街道): read as the word meant, only when the question was not understood as
typed.

A two-character run of the question is read as another word only when
- the run is no word of jieba's dictionary (会意 is a word: it is never "corrected"), nor is
  either of its characters a word with the character beside it (省下属: 下属, unless that
  character is another word's: 运行经废),
- the other word is one, differs by one character that shares a reading with the typed one
  (tones aside), and is a word the documents' names or the lexicon use — the vocabulary a
  question about these documents is made of,
- exactly one such word reads so.
The engine then answers the respelled question and says what it read as what; a respelled
question that is still not understood is never answered from (queries/pipeline.py).
"""

from __future__ import annotations

import importlib.util
import re
import threading
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

_CJK = re.compile(r"[\u4e00-\u9fff]+")
_SIZE = 2                    # the runs respelled: a word of two characters
_lock = threading.Lock()
_two: frozenset[str] | None = None


def _dictionary_words() -> frozenset[str]:
    """Every two-character word of jieba's dictionary (dict.txt, shipped in the package; about
    114,000 words, read once on the first question that needs them)."""
    global _two
    with _lock:
        if _two is None:
            spec = importlib.util.find_spec("jieba")
            found: set[str] = set()
            if spec is not None and spec.submodule_search_locations:
                path = Path(next(iter(spec.submodule_search_locations))) / "dict.txt"
                if path.is_file():
                    with path.open(encoding="utf-8") as lines:
                        found = {w for w, _, _ in (line.partition(" ") for line in lines)
                                 if len(w) == _SIZE}
            _two = frozenset(found)
    return _two


def sounds_alike(a: str, b: str) -> bool:
    """Two characters share a reading, tones aside (带/待, 陪/培, 废/费): the mistypes of a
    pinyin input method."""
    readings = _char_readings()

    def toneless(ch: str) -> set[str]:
        said = readings.get(ord(ch), "")
        return {"".join(c for c in unicodedata.normalize("NFD", r) if not unicodedata.combining(c))
                for r in said.split(",") if r}
    return bool(toneless(a) & toneless(b))


@lru_cache(maxsize=1)
def _char_readings() -> dict[int, str]:
    """pypinyin's table of each character's readings (pypinyin/pinyin_dict.py), read alone:
    importing the package would load its phrase dictionary too (55 MB and 0.25 s; this table
    is 11 MB and a few ms)."""
    spec = importlib.util.find_spec("pypinyin")
    assert spec is not None and spec.origin is not None
    path = Path(spec.origin).parent / "pinyin_dict.py"
    table = importlib.util.spec_from_file_location("_pinyin_readings", path)
    assert table is not None and table.loader is not None
    module = importlib.util.module_from_spec(table)
    table.loader.exec_module(module)
    return module.pinyin_dict


def warm_up() -> None:
    """Read the dictionary in the background so that no question waits for it."""
    threading.Thread(target=_dictionary_words, name="respell-words", daemon=True).start()


Vocabulary = dict[str, frozenset[str]]     # a word with one character blanked -> the words


def vocabulary(texts: Iterable[str]) -> Vocabulary:
    """The dictionary's two-character words said in `texts` (the documents' names, the
    lexicon's words) — what a mistyped run may be read as — by each with one character
    blanked."""
    words = _dictionary_words()
    said = {t[i:i + _SIZE] for t in texts for i in range(len(t) - _SIZE + 1)}
    index: dict[str, set[str]] = {}
    for w in said & words:
        for i in range(_SIZE):
            index.setdefault(w[:i] + "\0" + w[i + 1:], set()).add(w)
    return {k: frozenset(v) for k, v in index.items()}


def _joins_a_neighbour(out: list[str], i: int, words: frozenset[str]) -> bool:
    """A character of the run at i makes a word with the character beside it, one that is no
    part of a word on its other side (省下属 is 省 + 下属, never 剩下; the 行 of 运行经废 is
    运行's, so 经废 may be 经费)."""
    def word(start: int) -> bool:
        return start >= 0 and "".join(out[start:start + _SIZE]) in words
    return (word(i + 1) and not word(i + 2)) or (i > 0 and word(i - 1) and not word(i - 2))


def respelled(text: str, *known: Vocabulary) -> tuple[str, list[tuple[str, str]]]:
    """The text with each mistyped run read as the one known word that sounds like it, and
    (typed, read as) for each."""
    words = _dictionary_words()
    done: list[tuple[str, str]] = []
    out = list(text)
    i = 0
    while i <= len(out) - _SIZE:
        run = "".join(out[i:i + _SIZE])
        if not _CJK.fullmatch(run) or run in words or _joins_a_neighbour(out, i, words):
            i += 1
            continue
        found = {w for j in range(_SIZE) for v in known
                 for w in v.get(run[:j] + "\0" + run[j + 1:], ())
                 if sounds_alike(*next((a, b) for a, b in zip(run, w) if a != b))}
        if len(found) == 1:
            word = found.pop()
            out[i:i + _SIZE] = word
            done.append((run, word))
            i += _SIZE
        else:
            i += 1
    return "".join(out), done
