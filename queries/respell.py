"""Words mistyped by sound on a phone's pinyin keyboard (陪训 for 培训, 接代 for 接待, 才购 for
采购, 工车 for 公车): read as the word meant, only when the question was not understood as
typed.

A two-character run of the question is read as another word only when
- the run is no word of jieba's dictionary (会意 is a word: it is never "corrected"), nor a
  word of the lexicon's own (省下), holds no character of grammar (年的, 会也, 街到: jieba's
  most used one-character words), and neither of its characters makes a word with the
  character beside it that is used more than the word that one makes on its other side
  (省下属: 下属; 省政协办: 政协 — but 运行经废: 运行),
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

from queries import word_classes
from queries.thresholds import RESPELL_GRAMMAR_USE

_CJK = re.compile(r"[\u4e00-\u9fff]+")
_SIZE = 2                    # the runs respelled: a word of two characters
_lock = threading.Lock()
_two: dict[str, int] | None = None


def _dictionary_words() -> dict[str, int]:
    """Every one- and two-character word of jieba's dictionary with how often it is used
    (dict.txt, shipped in the package; about 125,000 words, read once on the first question
    that needs them)."""
    global _two
    with _lock:
        if _two is None:
            found: dict[str, int] = {}
            path = word_classes.dictionary_path()
            if path is not None:
                with path.open(encoding="utf-8") as lines:
                    for line in lines:
                        parts = line.split()
                        if len(parts) >= 2 and len(parts[0]) <= _SIZE and parts[1].isdigit():
                            found[parts[0]] = int(parts[1])
            _two = found
    return _two


def _plain(ch: str) -> bool:
    """A character that is no word of grammar on its own (的, 也, 和, 年, 中 are: the most
    used one-character words): a run with one is no mistyped word, and no word holding one is
    what a run is read as (和服 of 和服务)."""
    return _dictionary_words().get(ch, 0) < RESPELL_GRAMMAR_USE


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
    for w in said:
        if w in words and all(map(_plain, w)):
            for i in range(_SIZE):
                index.setdefault(w[:i] + "\0" + w[i + 1:], set()).add(w)
    return {k: frozenset(v) for k, v in index.items()}


def _joins_a_neighbour(out: list[str], i: int, words: dict[str, int]) -> bool:
    """A character of the run at i makes a word with the character beside it, one used more
    than the word its other neighbour makes with that one (省下属 is 省 + 下属, never 剩下;
    省政协办 is 政协 before 协办; the 行 of 运行经废 is 运行's before 行经's, so 经废 may be
    经费)."""
    def used(start: int) -> int:
        pair = "".join(out[start:start + _SIZE]) if start >= 0 else ""
        return words.get(pair, 0) if len(pair) == _SIZE else 0
    after, before = used(i + 1), used(i - 1) if i > 0 else 0
    return (after > 0 and after >= used(i + 2)) or (before > 0 and before >= used(i - 2))


def respelled(text: str, *known: Vocabulary, kept: frozenset[str] = frozenset()
              ) -> tuple[str, list[tuple[str, str]]]:
    """The text with each mistyped run read as the one known word that sounds like it, and
    (typed, read as) for each; runs in `kept` (the lexicon's own words: 省下) stay."""
    words = _dictionary_words()
    done: list[tuple[str, str]] = []
    out = list(text)
    i = 0
    while i <= len(out) - _SIZE:
        run = "".join(out[i:i + _SIZE])
        if not _CJK.fullmatch(run) or run in words or run in kept or \
                not all(map(_plain, run)) or _joins_a_neighbour(out, i, words):
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
