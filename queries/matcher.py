"""Fuzzy matching of entity names inside a question: one wrapper over rapidfuzz, one cutoff.

Chinese has no spaces, so token scorers do not help. A name is *found* in a question when most
of its characters appear there in order (LCS), measured against the shorter of the two: a
question may say more than the name ("<项目名称>要培训多少人") or less
("应急避难场所改造试点"). Candidates rank by how many characters they explain, then by how
close the whole strings are.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Generic, Sequence, TypeVar

from rapidfuzz import fuzz, process
from rapidfuzz.distance import LCSseq

from queries.thresholds import CUTOFF, SHORT_NAME, SKIPPED, UNSAID

T = TypeVar("T")


def shared_run(a: str, b: str) -> int:
    """The length of the longest run of characters two texts share."""
    return SequenceMatcher(None, a, b, autojunk=False).find_longest_match(
        0, len(a), 0, len(b)).size



@dataclass(frozen=True)
class Match(Generic[T]):
    item: T
    key: str
    matched: int        # characters of the name found in the question, in order
    coverage: float     # matched / min(len(question), len(name))
    ratio: float        # whole-string similarity, the tie-breaker
    runs: int = 0       # characters matched in runs of two or more (said as written)
    skipped: int = 0    # name characters skipped *inside* the name (一般公共预算[基本]支出)

    @property
    def exact(self) -> bool:
        return self.coverage >= 0.999 and self.matched == len(self.key)


def find(question: str, keys: Sequence[str], items: Sequence[T], cutoff: float = CUTOFF,
         limit: int = 10, skip_limit: int | None = None) -> list[Match[T]]:
    """Entities whose key is found in `question`, best first. With `skip_limit`, a name
    whose inner characters the question skips (that many or more) does not match."""
    if not question or not keys:
        return []
    raw = process.extract(question, keys, scorer=LCSseq.similarity, limit=None,
                          score_cutoff=2)
    out: list[Match[T]] = []
    for key, lcs, idx in raw:
        shorter = min(len(question), len(key))
        coverage = lcs / shorter
        if coverage < cutoff:
            continue
        if len(key) <= SHORT_NAME and key not in question:
            continue
        if len(question) <= SHORT_NAME and question not in key:
            continue
        blocks = [b for b in LCSseq.editops(question, key).as_matching_blocks() if b.size]
        runs = sum(b.size for b in blocks if b.size >= 2)
        skipped = sum(max(0, (b2.b - b1.b - b1.size) - (b2.a - b1.a - b1.size))
                      for b1, b2 in zip(blocks, blocks[1:]))
        if skip_limit is not None and skipped >= skip_limit:
            continue       # "一般公共预算[基本]支出" is another, narrower thing
        out.append(Match(items[idx], key, int(lcs), coverage, fuzz.ratio(question, key), runs,
                         skipped))
    # a name said in runs outranks one whose characters are scattered over the question, and
    # the part of a long name left unsaid counts against it (a table title that holds the
    # item's name is not the item)
    out.sort(key=lambda m: (-(m.runs - UNSAID * (len(m.key) - m.matched) - SKIPPED * m.skipped),
                            -m.matched, -m.coverage, -m.ratio, len(m.key)))
    return out[:limit]
