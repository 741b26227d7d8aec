"""Word classes from a real Chinese lexicon with parts of speech (jieba's dictionary, through
jieba.posseg): the reading gate asks it about the words of a question that neither the answer
nor the lexicon explained, so that prepositions, conjunctions, particles and pronouns are
recognised as a class instead of one hand-listed word at a time.

Why jieba: its dictionary (about 350,000 words with parts of speech) ships inside the package,
it segments a question in well under a millisecond once loaded, and its tags separate the
closed classes this needs (p, c, u*, y, r, q). pkuseg and thulac need model downloads or large
native builds this project cannot fetch; measured effect on the question sets is in the
README. The dictionary loads once, in the background, when the engine starts.
"""

from __future__ import annotations

import logging
import threading
from functools import lru_cache

from queries.vocab import LEX

_CLASSES = LEX["word_classes"]
FUNCTION = frozenset(_CLASSES["function_flags"]) | frozenset(_CLASSES["pronoun_flags"])
MEASURE = frozenset(_CLASSES["measure_flags"])
QUALIFIERS = frozenset(_CLASSES["qualifiers"])

_lock = threading.Lock()
_posseg = None


def _tagger():
    """jieba.posseg, loaded once (quietly): about half a second the first time."""
    global _posseg
    with _lock:
        if _posseg is None:
            import jieba
            import jieba.posseg
            jieba.setLogLevel(logging.WARNING)
            jieba.initialize()
            _posseg = jieba.posseg
    return _posseg


def warm_up() -> None:
    """Load the dictionary in the background so that no question waits for it."""
    threading.Thread(target=_tagger, name="word-classes", daemon=True).start()


@lru_cache(maxsize=4096)
def tokens(text: str) -> tuple[tuple[int, int, str, str], ...]:
    """(start, end, word, flag) for each word of `text`, in order."""
    out, at = [], 0
    for pair in _tagger().cut(text):
        word = pair.word
        out.append((at, at + len(word), word, pair.flag))
        at += len(word)
    return tuple(out)


def kind_of(word: str, flag: str) -> str:
    """"function", "measure" or "" (a content word the answer must explain)."""
    if word in QUALIFIERS:
        return ""
    if flag in FUNCTION:
        return "function"
    if flag in MEASURE:
        return "measure"
    return ""
