"""Reading stays linear on any input: long runs of dot leaders, "…", spaces, digits and CJK
in a document's lines and paragraphs. Asserted by growth (10k -> 100k characters), not by a
clock limit: a quadratic pattern grows ~100x, a linear one ~10x."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from catalog.document import split_document
from catalog.narrative import read_prose
from queries.vocab import NUM_UNIT
from tests.conftest import SEED

RUNS = {"dots": ".", "ellipsis": "…", "spaces": " ", "digits": "7", "cjk": "预",
        # the organisation sentence's opening words, again and again, never closed by 。
        "org": "所属单位1个分别为：", "offices": "设下列内设机构："}
GROWTH_LIMIT = 35          # 10x more input may cost at most this many times the work


def _document(tmp: Path, run: str, n: int) -> Path:
    """The seed document with one line (and one paragraph) made of a long run."""
    text = SEED.read_text(encoding="utf-8")
    line = "表一 预算收支总表" + run * n
    lines = text.split("\n")
    lines.insert(40, line)                      # in the contents, among the dot leaders
    lines.insert(len(lines) - 5, "说明" + run * n + "万元")      # a paragraph
    path = tmp / f"{n}.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _seconds(fn) -> float:
    """The best of three runs in CPU time (a shared machine's other work is not counted)."""
    best = float("inf")
    for _ in range(3):
        t0 = time.process_time()
        fn()
        best = min(best, time.process_time() - t0)
    return best


def _read(path: Path) -> None:
    doc = split_document(path)
    prose = read_prose(doc.fmt, doc.prose)
    for p in prose.paragraphs:
        list(NUM_UNIT.finditer(p.text))


@pytest.mark.parametrize("kind", sorted(RUNS))
def test_reading_grows_linearly_with_a_long_run(tmp_path, kind):
    small, large = (_document(tmp_path, RUNS[kind], n) for n in (10_000, 100_000))
    for _ in range(3):                  # a noisy moment on a shared machine? re-measure
        base = _seconds(lambda: _read(SEED))
        t_small = _seconds(lambda: _read(small)) - base
        t_large = _seconds(lambda: _read(large)) - base
        # the run's own cost is a few ms beside the document's ~30 ms: a floor of 10 ms keeps
        # noise in that difference from deciding the ratio (a quadratic run costs seconds)
        if t_large <= GROWTH_LIMIT * max(t_small, 0.01):
            break
    assert t_large <= GROWTH_LIMIT * max(t_small, 0.01), (kind, t_small, t_large)


# ---------------------------------------------------------------- every pattern, adversarially

def _patterns(*packages: str) -> dict[str, re.Pattern[str]]:
    """Every compiled regular expression in the packages: module globals, the template
    formats' fields, and patterns kept in lists, tuples and dicts."""
    import dataclasses
    import importlib
    import pkgutil

    found: dict[str, re.Pattern[str]] = {}

    def visit(value: object, depth: int = 0) -> None:
        if isinstance(value, re.Pattern):
            if isinstance(value.pattern, str):
                found.setdefault(value.pattern, value)
        elif depth < 2 and isinstance(value, (list, tuple, set, frozenset)):
            for v in value:
                visit(v, depth + 1)
        elif depth < 2 and isinstance(value, dict):
            for v in value.values():
                visit(v, depth + 1)
        elif depth < 2 and dataclasses.is_dataclass(value) and not isinstance(value, type):
            for f in dataclasses.fields(value):
                visit(getattr(value, f.name, None), depth + 1)

    for name in packages:
        package = importlib.import_module(name)
        for info in pkgutil.walk_packages(package.__path__, name + "."):
            module = importlib.import_module(info.name)
            for value in vars(module).values():
                visit(value)
    return found


def _example(pattern: str) -> str:
    """A short string shaped like what the pattern matches (its literals, one of each class,
    the minimum repeats), to build inputs from its own trigger words."""
    import re._parser as sre  # noqa: PLC2701 - the stdlib's parser, read only
    from re._constants import (  # noqa
        ANY,
        ASSERT,
        ASSERT_NOT,
        AT,
        ATOMIC_GROUP,
        BRANCH,
        CATEGORY,
        GROUPREF,
        IN,
        LITERAL,
        MAX_REPEAT,
        MIN_REPEAT,
        NEGATE,
        NOT_LITERAL,
        POSSESSIVE_REPEAT,
        RANGE,
        SUBPATTERN,
    )

    def walk(items) -> str:
        out = []
        for op, arg in items:
            if op is LITERAL:
                out.append(chr(arg))
            elif op is NOT_LITERAL or op is ANY:
                out.append("x" if op is ANY or arg != ord("x") else "y")
            elif op is IN:
                out.append(_in_example(arg))
            elif op in (MAX_REPEAT, MIN_REPEAT, POSSESSIVE_REPEAT):
                low, _high, sub = arg
                out.append(walk(sub) * max(low, 1))
            elif op is SUBPATTERN:
                out.append(walk(arg[-1]))
            elif op is ATOMIC_GROUP:
                out.append(walk(arg))
            elif op is BRANCH:
                out.append(walk(arg[1][0]))
        return "".join(out)

    def _in_example(items) -> str:
        for op, arg in items:
            if op is NEGATE:
                return "x"
            if op is LITERAL:
                return chr(arg)
            if op is RANGE:
                return chr(arg[0])
            if op is CATEGORY:
                name = str(arg)
                return " " if "SPACE" in name else "7" if "DIGIT" in name else "a"
        return "x"

    try:
        return walk(sre.parse(pattern))
    except Exception:  # noqa: BLE001 - an exotic construct: the generic inputs still apply
        return ""


def _inputs(pattern: str, n: int) -> list[str]:
    """Adversarial inputs of about n characters: long runs, and repeats of the pattern's own
    example with its ending cut (the opening matches again and again, the close never)."""
    example = _example(pattern)
    runs = [" " * n, "." * n, "7" * n, "预" * n, "7." * (n // 2), "\t" * n]
    for piece in {example[:-1], example[: max(1, len(example) // 2)], example[1:-1]}:
        if piece:
            runs.append((piece * (n // len(piece) + 1))[:n])
    return runs


def _cost(pattern, text: str) -> float:
    t0 = time.process_time()
    for _ in pattern.finditer(text):
        pass
    pattern.sub("", text[: len(text)])
    return time.process_time() - t0


def _slow(patterns: dict[str, re.Pattern[str]], sizes: tuple[int, ...]) -> list[tuple]:
    """Patterns whose cost grows faster than GROWTH_LIMIT per step of `sizes` (10x, 5x)."""
    slow = []
    for source, pattern in patterns.items():
        for n_small, n_large in zip(sizes, sizes[1:]):
            bad = None
            for small, large in zip(_inputs(source, n_small), _inputs(source, n_large)):
                t_small = min(_cost(pattern, small) for _ in range(2))
                t_large = _cost(pattern, large)
                for _ in range(3):             # a noisy moment on a shared machine? re-measure
                    if t_large <= GROWTH_LIMIT * max(t_small, 0.002):
                        break
                    t_small = min(t_small, _cost(pattern, small))
                    t_large = min(t_large, _cost(pattern, large))
                if t_large > GROWTH_LIMIT * max(t_small, 0.002):
                    bad = (source, repr(small[:20]), n_large, round(t_small, 4),
                           round(t_large, 4))
                    break
            if bad:
                slow.append(bad)
                break
    return slow


def test_every_reader_pattern_is_linear_on_a_megabyte_of_adversarial_text():
    """Each pattern of catalog/ (it reads documents, whose lines have no length limit), on
    inputs of 2k, 20k, 200k and 1M characters made of spaces, dots, digits, CJK, tabs and repeats
    of its own trigger words: 10x (then 5x) more input may cost at most GROWTH_LIMIT times the
    time. A quadratic pattern fails at the first step (about 100x), before 1 MB would take
    minutes (`\\s+(?=[²³])` took 24.6 s on 16,384 spaces; `(.+?)。` 61.7 s on 0.64 MB)."""
    patterns = _patterns("catalog")
    assert len(patterns) > 30             # the sweep really sees the reader's patterns
    assert _slow(patterns, (2_000, 20_000, 200_000, 1_000_000)) == []


def test_every_engine_pattern_is_linear_up_to_the_longest_question():
    """The engine's patterns read the question, cut at MAX_QUESTION characters before any
    pattern runs: from 20 to that length the cost may grow GROWTH_LIMIT-fold at most (an
    exponential `(?:是多少|多少|是)+$` took 0.8 s at 60 characters and never ended at 120)."""
    from queries.normalize import MAX_QUESTION, normalize

    assert normalize("问" * 10 * MAX_QUESTION).truncated
    patterns = _patterns("queries")
    assert len(patterns) > 40
    assert _slow(patterns, (MAX_QUESTION // 10, MAX_QUESTION)) == []


def test_trailing_question_words_match_as_the_pattern_did():
    """queries/wordrun.TrailingWords is the linear form of `(?:w1|w2|…)+$`."""
    import random

    from queries.wordrun import TrailingWords

    words = ["是多少钱", "多少钱", "是多少", "有多少", "多少", "是", "有", "了", "吗"]
    pattern = re.compile("(?:" + "|".join(sorted(words, key=len, reverse=True)) + ")+$")
    run = TrailingWords(words)
    rng = random.Random(20)
    for _ in range(5000):
        text = "".join(rng.choice("是多少钱有了吗x") for _ in range(rng.randint(0, 14)))
        m, got = pattern.search(text), run.search(text)
        assert (m and m.start()) == (got and got.start()), text
        assert pattern.sub("", text) == run.sub("", text), text
    t_small = _seconds(lambda: run.search("是多少" * 1000 + "x"))
    t_large = _seconds(lambda: run.search("是多少" * 10000 + "x"))
    assert t_large <= GROWTH_LIMIT * max(t_small, 0.002)
