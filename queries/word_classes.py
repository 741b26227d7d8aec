"""Word classes from a real Chinese lexicon with parts of speech: jieba's dictionary
(dict.txt, about 350,000 words with their part of speech, shipped inside the jieba package).

The reading gate asks it about the characters of a question that neither the answer nor the
lexicon explained, so that prepositions, conjunctions, particles and pronouns are recognised
as a class instead of one hand-listed word at a time. Only the closed classes are kept (about
2,000 words: the flags in the lexicon's [word_classes]); jieba's segmenter itself is not loaded
(it costs 130 MB and 0.7 s), so a class word counts only where it stands on its own: between
explained words, the question's edges or other class words, never inside an unexplained
word ("和" of 和平区 is no conjunction).

Why jieba's dictionary: it ships in the package and tags the closed classes this needs (p, c,
u*, y, r, q); pkuseg and thulac need model downloads or native builds this project cannot
fetch.
"""

from __future__ import annotations

import importlib.util
import threading
from collections.abc import Callable
from pathlib import Path

from queries.vocab import LEX

_CLASSES = LEX["word_classes"]
FUNCTION = frozenset(_CLASSES["function_flags"]) | frozenset(_CLASSES["pronoun_flags"])
MEASURE = frozenset(_CLASSES["measure_flags"])
_PLAIN: dict[str, list[int]] = dict(_CLASSES["plain_flags"])
_ONE_CHAR_LEAST: dict[str, int] = dict(_CLASSES["plain_one_char_least"])
VERB = frozenset(_CLASSES["verb_flags"])
_PLAIN_KEPT = frozenset(_CLASSES["plain_kept"])
LOCALIZER = frozenset(_CLASSES["localizer_flags"])
SUFFIX = frozenset(_CLASSES["suffix_flags"])
_SUFFIX_KEPT = frozenset(_CLASSES["suffix_kept"])
QUALIFIERS = frozenset(_CLASSES["qualifiers"])
BEFORE_VERB = frozenset(_CLASSES["before_verb"])
_LONGEST_ACT = 2

_VERB_AFTER = frozenset(_CLASSES["verb_after_flags"])
_NOUN_LEAST: dict[str, int] = dict(_CLASSES["noun_flags"])     # flag -> times at least
_NOUN_SIZE = 2

_lock = threading.Lock()
_words: dict[str, str] | None = None
_acts: frozenset[str] = frozenset()     # verbs used as nouns (管理): what "来" may be for
_nouns: frozenset[str] = frozenset()    # common two-character nouns (办公, 家具)
_longest = 0                    # the longest class word (how far a match may reach)


def dictionary_path() -> Path | None:
    """jieba's dict.txt, shipped inside the package (None when jieba is missing)."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "dict.txt"
    return path if path.is_file() else None


def words() -> dict[str, str]:
    """word -> part of speech, for the closed classes only (read once, about 0.2 s)."""
    global _words, _longest, _acts, _nouns
    with _lock:
        if _words is None:
            found: dict[str, str] = {}
            acts: set[str] = set()
            nouns: set[str] = set()
            path = dictionary_path()
            if path is not None:
                with path.open(encoding="utf-8") as lines:
                    for line in lines:
                        parts = line.split()
                        if len(parts) == 3 and (parts[2] in FUNCTION or parts[2] in MEASURE
                                                or parts[2] in SUFFIX
                                                or _plain(parts[0], parts[2])
                                                and _common(parts[0], parts[2], parts[1])):
                            found.setdefault(parts[0], parts[2])
                        elif len(parts) == 3 and parts[2] in _VERB_AFTER and \
                                len(parts[0]) <= _LONGEST_ACT:
                            acts.add(parts[0])
                        if len(parts) == 3 and parts[2] in _NOUN_LEAST and \
                                len(parts[0]) == _NOUN_SIZE and \
                                int(parts[1]) >= _NOUN_LEAST[parts[2]]:
                            nouns.add(parts[0])
            _acts = frozenset(acts)
            _nouns = frozenset(nouns)
            _words = found
            _longest = max(map(len, found), default=0)
    return _words


def _plain(word: str, flag: str) -> bool:
    """An adverb or localizer that only says how, when or where."""
    return flag in _PLAIN and _PLAIN[flag][0] <= len(word) <= _PLAIN[flag][1] and \
        not set(word) & _PLAIN_KEPT


def _common(word: str, flag: str, count: str) -> bool:
    """A one-character word of this class is common enough to be read as one (也, 就: yes;
    务 of 服务: no — a rare one is more likely a character of a word the classes lack)."""
    return len(word) > 1 or int(count) >= _ONE_CHAR_LEAST.get(flag, 0)


# (`is_open(i)`: the question's character i is still unexplained — asked only of the two
# characters beside a word, never built for the whole question)
def _noun_before(key: str, start: int, is_open: Callable[[int], bool]) -> bool:
    return start > 0 and key[start - 1:start + 1] in _nouns and is_open(start - 1)


def _noun_after(key: str, end: int, is_open: Callable[[int], bool]) -> bool:
    return end < len(key) and key[end - 1:end + 1] in _nouns and is_open(end)


def across_a_noun(key: str, start: int, end: int, is_open: Callable[[int], bool]) -> bool:
    """The word key[start:end] is said across a common noun whose other character is still
    unexplained ("家" of 家具)."""
    if _words is None:
        words()
    return _noun_before(key, start, is_open) or _noun_after(key, end, is_open)


def across_two_nouns(key: str, start: int, end: int, is_open: Callable[[int], bool]) -> bool:
    """… across one at each end ("公家" of 办公家具: 办公 and 家具; never "项目" of 项目光住宿,
    one noun 目光 beside a word that stands)."""
    if _words is None:
        words()
    return _noun_before(key, start, is_open) and _noun_after(key, end, is_open)


def is_localizer(word: str) -> bool:
    """"上" of "一般公共服务上花了多少": where, said right after a name, not part of it."""
    flag = words().get(word, "")
    return flag in LOCALIZER and _plain(word, flag)


def warm_up() -> None:
    """Read the dictionary in the background so that no question waits for it."""
    threading.Thread(target=words, name="word-classes", daemon=True).start()


def kind_of(word: str, flag: str) -> str:
    """"function", "verb", "measure", "suffix" or "" (a word the answer must explain)."""
    if word in QUALIFIERS:
        return ""
    if flag in SUFFIX:
        return "" if word in _SUFFIX_KEPT else "suffix"
    if flag in VERB and _plain(word, flag):
        return "verb"
    if flag in FUNCTION or _plain(word, flag):
        return "function"
    if flag in MEASURE:
        return "measure"
    return ""


def is_particle(word: str) -> bool:
    """A modal particle or interjection (嘛, 欸): never part of the name it follows."""
    return words().get(word, "") in _PARTICLE_FLAGS


_PARTICLE_FLAGS = frozenset(LEX["word_classes"]["particle_flags"])


def kind(word: str) -> str:
    """The kind (kind_of) of a word as the dictionary tags it; "" for a word it lacks."""
    return kind_of(word, words().get(word, ""))


def class_words(key: str, open_at: list[bool]) -> list[tuple[int, int, str, str]]:
    """(start, end, word, kind) for the class words standing on their own among the positions
    of `key` still open (unexplained): the longest dictionary word at each open position, kept
    only when what stands beside it is explained, the edge, or another class word."""
    table = words()
    longest = _longest
    found: list[tuple[int, int, str, str]] = []
    i = 0
    while i < len(key):
        if not open_at[i]:
            i += 1
            continue
        hit = None
        for size in range(min(longest, len(key) - i), 0, -1):
            piece = key[i:i + size]
            if all(open_at[i:i + size]) and piece in table:
                kind = kind_of(piece, table[piece])
                hit = (i, i + size, piece, kind) if kind else None
                break
        if hit is None and key[i] in BEFORE_VERB and verb_at(key, i + 1):
            hit = (i, i + 1, key[i], "verb")        # "来做审计": what for
        if hit:
            found.append(hit)
            i = hit[1]
        else:
            i += 1
    # keep a word only where its neighbours are not unexplained characters of another word
    taken = {p for s, e, _, _ in found for p in range(s, e)}
    # two one-character verbs side by side are more likely a word the dictionary lacks
    # (a mistyped name: 接带会) than two verbs
    lone_verbs = {s for s, e, _, k in found if k == "verb" and e - s == 1}
    # (nor where it is said across a common noun: 家具 is no 家 and 具)
    return [(s, e, w, k) for s, e, w, k in found
            if not across_a_noun(key, s, e, open_at.__getitem__) and
            (s == 0 or not open_at[s - 1] or s - 1 in taken) and
            (e == len(key) or not open_at[e] or e in taken) and
            not (s in lone_verbs and {s - 1, s + 1} & lone_verbs)]


def verb_at(key: str, at: int) -> bool:
    """A plain verb of the dictionary begins at `at` (explained or not: 做 is a lexicon
    word too)."""
    if _words is None:
        words()
    return any(at + n <= len(key) and (kind(key[at:at + n]) == "verb" or
                                       key[at:at + n] in _acts)
               for n in range(1, _longest + 1))


def without_class_words(text: str, kept: list[str] = (),
                         kinds: tuple[str, ...] = ("function", "verb")) -> str:
    """The text without the words their class says only join, point or do (了, 设, 那些,
    发 …): the longest class word at each place left out, never inside one of `kept`
    ("去年" is no 去 and 年)."""
    table = words()
    out, i = [], 0
    while i < len(text):
        whole = next((w for w in kept if text.startswith(w, i)), "")
        if whole:
            out.append(whole)
            i += len(whole)
            continue
        # (the longest class word here, dropped only when of the kinds asked: "其他" is a
        # qualifier, never 其 and 他)
        size = next((n for n in range(min(_longest, len(text) - i), 0, -1)
                     if text[i:i + n] in table), 0)
        if size and kind_of(text[i:i + size], table[text[i:i + size]]) in kinds:
            i += size
        else:
            out.append(text[i:i + max(size, 1)])
            i += max(size, 1)
    return "".join(out)
