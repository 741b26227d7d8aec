"""Colloquial recall: when no name passes the matcher, the names whose words the question
shares, ranked by BM25 over character bigrams of names, aliases and performance-sheet texts.

Recall only suggests: the engine offers the names as choices and never answers a figure from
them (no score threshold separates off-topic questions from colloquial ones). Bigrams that are
lexicon function words (经费, 预算, 多少 …) do not count as shared words, so "火星探测经费"
suggests nothing rather than every name that ends in 经费.
"""

from __future__ import annotations

from rank_bm25 import BM25Plus

from queries.normalize import match_key
from queries.vocab import FUNCTION_WORDS, strip_generic

_NOISE = frozenset(w for w in FUNCTION_WORDS if len(w) == 2)


def bigrams(text: str) -> list[str]:
    return [text[i:i + 2] for i in range(len(text) - 1)]


class Recall:
    """A BM25 index over one document's names (each with the texts that describe it)."""

    def __init__(self, names: list[str], texts: list[str]) -> None:
        self.names = names
        corpus = [bigrams(match_key(f"{n} {t}")) or [""] for n, t in zip(names, texts)]
        self.vocab = [set(doc) for doc in corpus]
        # BM25+ keeps a word that half the names share positive (Okapi's idf is 0 there)
        self.bm25 = BM25Plus(corpus) if corpus else None

    def suggest(self, question_key: str, limit: int = 3) -> list[str]:
        """Names sharing a content word with the question, best first (at most `limit`)."""
        grams = [g for g in bigrams(strip_generic(question_key)) if g not in _NOISE]
        if not grams or self.bm25 is None:
            return []
        scores = self.bm25.get_scores(grams)
        ranked = sorted(range(len(self.names)), key=lambda i: (-scores[i], self.names[i]))
        out: list[str] = []
        for i in ranked:
            if not self.vocab[i] & set(grams):
                continue
            if self.names[i] not in out:
                out.append(self.names[i])
            if len(out) == limit:
                break
        return out
