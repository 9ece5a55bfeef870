"""Scores of query words kept across searches on one index generation.

Typing a query searches again at every keystroke with the same words but the last, and an
analyst often runs a word again with another one; each word (a ``FieldGroup``: a term,
phrase, prefix or fuzzy word over its fields) scores the same until the index changes.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable

from briefreader.core.search.scoring import FieldGroup, Scores

MAX_GROUPS = 64
MAX_ENTRIES = 400_000  # scored entries kept in all (a few tens of MB at most)


class GroupScores:
    """A bounded LRU of ``{docnum: score}`` (and the notes it gave) per word, emptied when
    the index generation (its segments and their deletions) changes."""

    def __init__(self, max_groups: int = MAX_GROUPS, max_entries: int = MAX_ENTRIES) -> None:
        self.max_groups = max_groups
        self.max_entries = max_entries
        self._generation: Hashable = None
        self._kept: OrderedDict[FieldGroup, tuple[Scores, tuple[str, ...]]] = OrderedDict()
        self._entries = 0

    def clear(self) -> None:
        self._kept.clear()
        self._entries = 0

    def use(self, generation: Hashable) -> None:
        """Keep what was scored on ``generation`` only."""
        if generation != self._generation:
            self.clear()
            self._generation = generation

    def get(self, q: FieldGroup) -> tuple[Scores, tuple[str, ...]] | None:
        found = self._kept.get(q)
        if found is not None:
            self._kept.move_to_end(q)
        return found

    def put(self, q: FieldGroup, scores: Scores, notes: tuple[str, ...]) -> None:
        if len(scores) * 4 > self.max_entries or q in self._kept:
            return
        self._kept[q] = (scores, notes)
        self._entries += len(scores)
        while len(self._kept) > self.max_groups or self._entries > self.max_entries:
            _q, (dropped, _notes) = self._kept.popitem(last=False)
            self._entries -= len(dropped)
