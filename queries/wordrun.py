"""A run of question words at the end of a text, found in linear time.

`re.compile("(?:是多少|多少|是|…)+$")` backtracks exponentially when the words overlap and the
run is not at the end ("是多少" x 20 + "x" took 0.8 s, x 40 never ends). `TrailingWords` gives
the same answer (the longest suffix made only of the words) by one pass from the end.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class _Match:
    string: str
    pos: int

    def start(self) -> int:
        return self.pos

    def end(self) -> int:
        return len(self.string)

    def group(self, index: int = 0) -> str:
        if index:
            raise IndexError("no such group")
        return self.string[self.pos:]


class TrailingWords:
    """Drop-in for the pattern `(?:w1|w2|…)+$` (search, sub with a replacement, match)."""

    def __init__(self, words: list[str] | tuple[str, ...]) -> None:
        self.words = tuple(sorted({w for w in words if w}, key=len, reverse=True))
        self._longest = max((len(w) for w in self.words), default=0)
        self.pattern = "(?:" + "|".join(self.words) + ")+$"

    def _start(self, text: str) -> int | None:
        """The smallest i < len(text) such that text[i:] is a sequence of the words."""
        n = len(text)
        ok = [False] * (n + 1)
        ok[n] = True
        best = None
        words = set(self.words)
        for i in range(n - 1, -1, -1):
            for size in range(1, min(self._longest, n - i) + 1):
                if ok[i + size] and text[i:i + size] in words:
                    ok[i] = True
                    best = i
                    break
        return best

    def search(self, text: str) -> _Match | None:
        start = self._start(text)
        return None if start is None else _Match(text, start)

    def sub(self, repl: str, text: str) -> str:
        start = self._start(text)
        return text if start is None else text[:start] + repl
