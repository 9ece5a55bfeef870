"""How matches are scored: BM25F over weighted fields, graded expansions, proximity.

- **BM25F.** A word or phrase searched without a field is one ``FieldGroup``: its
  frequency in each field is divided by that field's length norm
  (``1 - b + b * length / average``, ``b`` from the field table), weighted by the field's
  boost and summed *before* BM25's saturation, so a title match and a body match add up
  without either counting twice. One idf per group (the largest of its fields').
- **Graded expansions.** A fuzzy word scores each indexed word it reaches with its own
  statistics, times ``FUZZY_EDIT_FACTOR`` per edit (``Beijing~2`` prefers "beijing" to
  "being"); a word being typed (``FieldGroup.exact``) scores its completions below the
  word itself. A document scores by its best expansion.
- **Proximity.** Query words that stand next to each other in the query (``Pair``) earn
  a bonus in the documents where they also stand close together (within ``window``
  positions, either order), scored like a phrase of the two. Only the best
  ``RERANK_DEPTH`` entries are looked at: the bonus reorders the top of the list.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from whoosh import query as wq

K1 = 1.2
FUZZY_EDIT_FACTOR = 0.5  # each edit of a fuzzy match halves its score
COMPLETION_FACTOR = 0.8  # a completion of a word being typed, against the word itself
PROXIMITY_WEIGHT = 1.0  # a pair found together, against the sum of its words' scores
RERANK_DEPTH = 100  # entries whose proximity is looked at

Scores = dict[int, float]


class FieldGroup(wq.Query):  # type: ignore[misc]  # Whoosh has no types
    """One term, phrase, prefix, wildcard or fuzzy word over several fields (BM25F).

    ``parts`` are Whoosh queries of one type, one per field, each with its field's weight
    as ``boost``. ``exact``: the one expansion of a prefix scored in full (a word being
    typed); its other expansions score ``COMPLETION_FACTOR`` of that.
    """

    def __init__(
        self, parts: Sequence[wq.Query], boost: float = 1.0, exact: str | None = None
    ) -> None:
        self.parts = tuple(parts)
        self.boost = boost
        self.exact = exact

    def __repr__(self) -> str:
        return f"FieldGroup({list(self.parts)!r}, boost={self.boost}, exact={self.exact!r})"

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, FieldGroup)
            and self.parts == other.parts
            and self.boost == other.boost
            and self.exact == other.exact
        )

    def __hash__(self) -> int:
        return hash((self.parts, self.boost, self.exact))

    def children(self) -> Iterable[wq.Query]:
        return iter(self.parts)


def saturate(idf: float, weighted_tf: float, boost: float = 1.0) -> float:
    """BM25 of a length-normalised, field-weighted frequency."""
    return boost * idf * (K1 + 1.0) * weighted_tf / (K1 + weighted_tf)


def bm25f(tfs: Sequence[tuple[float, Scores]], idf: float, boost: float) -> Scores:
    """``tfs``: (field weight, {docnum: frequency / length norm}) per field."""
    total: Scores = {}
    for weight, found in tfs:
        get = total.get
        total.update({d: get(d, 0.0) + weight * tf for d, tf in found.items()})
    c = boost * idf * (K1 + 1.0)
    return {d: c * t / (K1 + t) for d, t in total.items()}


def edit_factor(distance: int) -> float:
    return float(FUZZY_EDIT_FACTOR**distance)


@dataclass(frozen=True)
class Pair:
    """Two query words (index terms) that stand together in the query."""

    first: str
    second: str
    window: int  # positions apart at most, in either order
    fields: tuple[tuple[str, float], ...]  # (index field, weight)


def near_count(first: Any, second: Any, window: int) -> int:
    """How many positions of the longer list have one of the shorter within ``window``."""
    if not len(first) or not len(second):
        return 0
    short, long_ = (first, second) if len(first) <= len(second) else (second, first)
    near: set[int] = set()
    for gap in range(1, window + 1):
        near.update(map(gap.__add__, short))
        near.update(map((-gap).__add__, short))
    return len(near.intersection(long_))
