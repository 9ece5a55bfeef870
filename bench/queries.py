"""The fixed mix of 200 benchmark queries, written once per engine's syntax.

Mix: 50 single terms, 40 two-term AND, 30 phrases, 30 field queries (title:, tag:),
25 prefixes, 25 fuzzy terms (one edit away). FTS5 has no fuzzy search, so there the
fuzzy queries run as the correctly spelt term.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bench import vocab

QUERY_SEED = 301
MIX: tuple[tuple[str, int], ...] = (
    ("term", 50),
    ("and", 40),
    ("phrase", 30),
    ("field", 30),
    ("prefix", 25),
    ("fuzzy", 25),
)

# Words that also occur in real briefings (CRS, White House, Congressional Record, US Code).
_EXTRA_WORDS = (
    "government",
    "policy",
    "trade",
    "imports",
    "exports",
    "security",
    "investment",
    "industry",
    "congress",
    "agreement",
    "china",
    "japan",
    "mexico",
    "canada",
    "commerce",
    "president",
    "economic",
    "technology",
    "energy",
    "federal",
)
_PLAIN_TAGS = tuple(t for t in vocab.TAGS if t.isalpha())


@dataclass(frozen=True)
class Query:
    kind: str
    app: str  # BriefReader query language
    whoosh: str  # naive Whoosh (MultifieldParser title+body, FuzzyTermPlugin)
    fts5: str  # SQLite FTS5 MATCH expression


def single_words() -> tuple[str, ...]:
    words = {
        w.lower()
        for term in vocab.POLICY_TERMS
        for w in term.split()
        if w.isalpha() and len(w) >= 5 and w.lower() not in ("section",)
    }
    return tuple(sorted(words | set(_EXTRA_WORDS)))


def phrases() -> tuple[str, ...]:
    return tuple(t.lower() for t in vocab.POLICY_TERMS if " " in t)


def _typo(rng: random.Random, word: str) -> str:
    """One edit: swap two inner letters, or drop one."""
    i = rng.randrange(1, len(word) - 2)
    if rng.random() < 0.5 and word[i] != word[i + 1]:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word[:i] + word[i + 1 :]


def _make(rng: random.Random, kind: str, words: tuple[str, ...]) -> Query:
    if kind == "term":
        w = rng.choice(words)
        return Query(kind, w, w, w)
    if kind == "and":
        a, b = rng.sample(words, 2)
        q = f"{a} AND {b}"
        return Query(kind, q, q, q)
    if kind == "phrase":
        q = f'"{rng.choice(phrases())}"'
        return Query(kind, q, q, q)
    if kind == "field":
        if rng.random() < 0.5:
            w = rng.choice(words)
            return Query(kind, f"title:{w}", f"title:{w}", f"title:{w}")
        t = rng.choice(_PLAIN_TAGS)
        return Query(kind, f"tag:{t}", f"tags:{t}", f"tags:{t}")
    if kind == "prefix":
        w = rng.choice([w for w in words if len(w) >= 6])
        q = w[: rng.randint(4, min(6, len(w) - 1))] + "*"
        return Query(kind, q, q, q)
    w = rng.choice([w for w in words if len(w) >= 6])
    typo = _typo(rng, w) + "~"
    return Query(kind, typo, typo, w)


def query_mix(seed: int = QUERY_SEED) -> tuple[Query, ...]:
    """The 200 queries, in a fixed shuffled order."""
    rng = random.Random(seed)
    words = single_words()
    queries = [_make(rng, kind, words) for kind, count in MIX for _ in range(count)]
    rng.shuffle(queries)
    return tuple(queries)


WARMUP_QUERIES = 20


def time_queries(
    run: Callable[[str], int], texts: Sequence[str], repeat: int
) -> tuple[list[float], list[int]]:
    """Latencies of ``repeat`` passes over ``texts`` (after an untimed warm-up with the
    first ``WARMUP_QUERIES``), and the hit count of each query on the first pass.

    ``run(text)`` does the whole work of one query (search, titles, snippets) and returns
    its number of hits.
    """
    for text in texts[:WARMUP_QUERIES]:
        run(text)
    latencies: list[float] = []
    hits: list[int] = []
    for round_no in range(repeat):
        for text in texts:
            start = time.perf_counter()
            count = run(text)
            latencies.append(time.perf_counter() - start)
            if round_no == 0:
                hits.append(count)
    return latencies, hits
