"""How matches are scored: BM25F over weighted fields, graded expansions, proximity.

- **BM25F.** A word or phrase searched without a field is one ``FieldGroup``: its
  frequency in each field is divided by that field's length norm
  (``1 - b + b * (length / average) ** power``, from the field table), weighted by the
  field's boost and summed *before* BM25's saturation (BM25F), so a word in the body and
  in a note add up without either counting twice. The title saturates on its own and its
  score is added (``Field.alone``): a title is the author's word on what a document is
  about, which a hundred mentions in a long body should not absorb (merged, the title
  weighed almost nothing against a long body: nDCG@10 0.871 against 0.882 apart). One
  idf per group (the largest of its fields').
- **Graded expansions.** A fuzzy word scores each indexed word it reaches with its own
  statistics, times ``FUZZY_EDIT_FACTOR`` per edit (``Beijing~2`` prefers "beijing" to
  "being"); a word being typed (``FieldGroup.exact``) scores its completions below the
  word itself. A document scores by its best expansion.
- **Recency** (``SearchRequest.recent_first``): a dated document's score is multiplied
  by ``1 + RECENCY_WEIGHT * 0.5 ** (age / RECENCY_HALF_LIFE_DAYS)``, its age counted
  from the newest document of the results (not from today: a library read years later
  ranks the same), so a document of the newest date counts 1.5 times, one two years
  older 1.25 times, an undated one once.
- **Proximity.** Query words that stand next to each other in the query (``Pair``) earn
  a bonus in the documents where they also stand close together (within ``window``
  positions, either order), scored like a phrase of the two. Only the best
  ``RERANK_DEPTH`` entries are looked at: the bonus reorders the top of the list.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from whoosh import query as wq

from briefreader.core.search.fields import SATURATED_ALONE

K1 = 1.2
FUZZY_EDIT_FACTOR = 0.5  # each edit of a fuzzy match halves its score
COMPLETION_FACTOR = 0.8  # a completion of a word being typed, against the word itself
PROXIMITY_WEIGHT = 1.0  # a pair found together, against the sum of its words' scores
RERANK_DEPTH = 100  # entries whose proximity is looked at
RECENCY_WEIGHT = 0.5  # the newest document's extra share of its score
RECENCY_HALF_LIFE_DAYS = 730

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


def bm25f(tfs: Sequence[tuple[str, float, Scores]], idf: float, boost: float) -> Scores:
    """``tfs``: (index field, weight, {docnum: frequency / length norm}) per field.

    The fields of the body kind are summed before saturation (BM25F); a field marked
    ``alone`` in the field table (the title) saturates on its own and adds its score.
    """
    merged: Scores = {}
    out: Scores = {}
    c = boost * idf * (K1 + 1.0)
    for fieldname, weight, found in tfs:
        if fieldname in SATURATED_ALONE:
            get = out.get
            ct = c * weight
            out.update({d: get(d, 0.0) + ct * tf / (K1 + tf) for d, tf in found.items()})
        else:
            get = merged.get
            merged.update({d: get(d, 0.0) + weight * tf for d, tf in found.items()})
    for d, t in merged.items():
        out[d] = out.get(d, 0.0) + c * t / (K1 + t)
    return out


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


def prefer_recent(scores: Scores, dates: Sequence[str]) -> None:
    """Multiply each dated entry's score by its recency factor (see the module doc)."""
    days = {d: _day(dates[d]) for d in scores}
    newest = max((n for n in days.values() if n is not None), default=None)
    if newest is None:
        return
    for d, day in days.items():
        if day is not None:
            age = max(0, newest - day)
            scores[d] *= 1.0 + RECENCY_WEIGHT * 0.5 ** (age / RECENCY_HALF_LIFE_DAYS)


@lru_cache(maxsize=65536)
def _day(iso: str) -> int | None:
    """Days since year 1 of an ISO date (a year or a month alone: its first day)."""
    parts = (iso or "").split("-")[:3]
    try:
        year, month, day = (int(p) for p in parts + ["1"] * (3 - len(parts)))
        return date(year, month, day).toordinal()
    except ValueError:
        return None
