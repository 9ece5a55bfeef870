"""One slot per work in document results: a separate step after scoring.

Documents that are one work (formats and versions of a report, the same text twice:
``DocumentRecord.work_id``) take one place in the results. The best-scoring member stands
for the work; on equal scores the member a reader would open (present, newest version,
preferred format: ``works.preference_key``). The others are listed with its hit as
``alternates``. Annotation entries are never collapsed. Scoring (``engine``) knows
nothing of this, so it can be tuned without touching it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from briefreader.core.models import FORMAT_MARKDOWN
from briefreader.core.search.fields import KIND_DOC
from briefreader.core.works import preference_key

Scores = dict[int, float]


class WorkGroups:
    """The live document entries of works with more than one member, by docnum."""

    def __init__(
        self,
        kinds: Sequence[str],
        works: Sequence[str],
        formats: Sequence[str],
        versions: Sequence[str],
        live: Iterable[int],
    ) -> None:
        self._formats = formats
        self._versions = versions
        members: dict[str, list[int]] = {}
        for docnum in live:
            work = works[docnum]
            if work and kinds[docnum] == KIND_DOC:
                members.setdefault(work, []).append(docnum)
        self.members = {work: found for work, found in members.items() if len(found) > 1}
        self.work_of = {d: work for work, found in self.members.items() for d in found}

    def collapse(self, scores: Scores, prefer_format: str | None) -> Scores:
        """``scores`` with only the best member of each work that matched."""
        grouped = scores.keys() & self.work_of.keys()
        if not grouped:
            return scores
        rank = self._rank(prefer_format)
        best: dict[str, int] = {}
        for docnum in grouped:
            work = self.work_of[docnum]
            held = best.get(work)
            if held is None or (-scores[docnum], rank(docnum)) < (-scores[held], rank(held)):
                best[work] = docnum
        kept = {d: s for d, s in scores.items() if d not in self.work_of}
        kept.update((d, scores[d]) for d in best.values())
        return kept

    def others(self, docnum: int, prefer_format: str | None) -> list[int]:
        """The other members of ``docnum``'s work, the one to open first first."""
        work = self.work_of.get(docnum)
        if work is None:
            return []
        return sorted((d for d in self.members[work] if d != docnum), key=self._rank(prefer_format))

    def _rank(self, prefer_format: str | None) -> Callable[[int], tuple[int, int, int, int]]:
        prefer = prefer_format or FORMAT_MARKDOWN

        def rank(docnum: int) -> tuple[int, int, int, int]:
            version = self._versions[docnum] or None
            return (*preference_key(prefer, self._formats[docnum], version), docnum)

        return rank
