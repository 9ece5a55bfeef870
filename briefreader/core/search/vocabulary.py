"""Fuzzy term lookup over cached per-segment word lists.

Whoosh answers ``terms_within`` on a multi-segment reader by merging every segment's
term cursor and computing a Damerau-Levenshtein distance for each term with the right
first letter: on a real library of a few thousand documents that is about 100 ms a fuzzy
word. Here each segment's terms for one (field, prefix) are read once, grouped by length,
and kept while the segment lives (segments never change); a lookup then only looks at
terms whose length is within ``maxdist`` and checks them with a bounded distance.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from briefreader.core.search.analysis import edit_distance

_ByLength = dict[int, list[str]]


class TermLists:
    """Per-segment terms by (field, prefix), grouped by length."""

    def __init__(self) -> None:
        self._lists: dict[tuple[str, str, str], _ByLength] = {}

    def clear(self) -> None:
        self._lists.clear()

    def keep(self, segids: Iterable[str]) -> None:
        """Forget the lists of segments that are gone (merged or deleted)."""
        wanted = set(segids)
        for key in [k for k in self._lists if k[0] not in wanted]:
            del self._lists[key]

    def terms_within(
        self,
        leaves: Iterable[tuple[Any, int, str]],
        fieldname: str,
        text: str,
        maxdist: int,
        prefix: int,
    ) -> list[str]:
        """Terms of ``fieldname`` within ``maxdist`` edits of ``text`` (an adjacent swap is
        one edit) sharing its first ``prefix`` characters, sorted. ``leaves`` are
        ``(segment reader, offset, segment id)`` as in ``engine.Engine.leaves``."""
        start = text[:prefix]
        found: set[str] = set()
        for leaf, _offset, segid in leaves:
            by_length = self._by_length(leaf, segid, fieldname, start)
            for length in range(len(text) - maxdist, len(text) + maxdist + 1):
                for term in by_length.get(length, ()):
                    if term not in found and within_distance(term, text, maxdist):
                        found.add(term)
        return sorted(found)

    def _by_length(self, leaf: Any, segid: str, fieldname: str, start: str) -> _ByLength:
        key = (segid, fieldname, start)
        lists = self._lists.get(key)
        if lists is None:
            lists = {}
            if fieldname in leaf.schema:
                field = leaf.schema[fieldname]
                for btext in leaf.expand_prefix(fieldname, start):
                    term = field.from_bytes(btext)
                    lists.setdefault(len(term), []).append(term)
            self._lists[key] = lists
        return lists


def within_distance(a: str, b: str, maxdist: int) -> bool:
    """True when ``a`` and ``b`` are at most ``maxdist`` edits apart (insert, delete,
    substitute, or swap two neighbours), as ``analysis.edit_distance`` counts them."""
    if abs(len(a) - len(b)) > maxdist:
        return False
    # Edits only happen between the common prefix and the common suffix.
    shortest = min(len(a), len(b))
    i = 0
    while i < shortest and a[i] == b[i]:
        i += 1
    j = 0
    while j < shortest - i and a[-1 - j] == b[-1 - j]:
        j += 1
    a, b = a[i : len(a) - j], b[i : len(b) - j]
    if len(a) <= 1 and len(b) <= 1:  # one substitution, insertion or deletion, or none
        return max(len(a), len(b)) <= maxdist
    if maxdist == 1:
        return len(a) == len(b) == 2 and a[0] == b[1] and a[1] == b[0]
    return edit_distance(a, b, maxdist) <= maxdist
