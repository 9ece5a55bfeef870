"""Re-anchoring highlights in a changed text (W3C TextQuoteSelector + TextPositionSelector).

Public API::

    make_anchor(text, start, end, content_hash, context=32) -> Anchor
    resolve(anchor, text, previous=None, content_hash="") -> Resolution
    resolve_many(anchors, text, previous=None, content_hash="") -> list[Resolution]
        # same answers, shared work; ``previous(hash)`` gives the text an anchor was made on
    place(anchor, before, found, text, content_hash) -> Placement   # what to store then

An anchor remembers the quoted passage (``exact``), up to ``context`` code points on each
side (``prefix``/``suffix``) and where it was (``start``/``end``). Resolving it in a new
version of the text proceeds in order:

1. The quote is still at its old offsets with its context: ``ANCHORED``.
2. Exact occurrences of the quote: the one whose surrounding text agrees best with the
   stored prefix/suffix wins. Same offsets -> ``ANCHORED``, elsewhere -> ``MOVED``.
   Two or more occurrences whose context agrees about equally well (within
   ``AMBIGUITY_MARGIN`` of the best: agreement is the mean share of the prefix and of the
   suffix that agree, so 0.05 is about three code points of a 64-code-point context) are
   ``AMBIGUOUS``: a paragraph duplicated by an edit is never placed silently. Only when the
   text the anchor was made on (``previous``) already had as many such places are the
   twins old, and the tie goes to the occurrence nearest the expected position (the old
   offset, or in :func:`resolve_many` the old offset shifted like its neighbours). A
   quote stored without any context (``prefix`` and ``suffix`` both empty: another tool's
   export, or a highlight of the whole text) is placed when it occurs exactly once and is
   ``AMBIGUOUS`` when it occurs several times. A short quote
   (under ``SELF_EVIDENT_LENGTH`` code points) is only trusted with enough matching context
   around it, so that "tax" never jumps to an unrelated "tax". When the best exact
   occurrence keeps less than half of its context, a clearly better approximate match
   (an edited copy of the passage in its old surroundings) may win as ``FUZZY``.
3. Approximate matches: candidate windows come from exact hits of pieces of the quote and
   of the context (``str.find``), never from a scan of the whole text with a DP. In each
   window a bit-parallel Levenshtein search (Myers 1999) finds substrings within
   ``MAX_ERROR_RATIO`` edits of the quote. Candidates are scored on quote similarity,
   prefix and suffix similarity and proximity to the expected position; the best is taken
   as ``FUZZY`` only above ``MIN_FUZZY_SCORE``, with enough context for short quotes and
   ``AMBIGUITY_MARGIN`` ahead of any other, non-overlapping candidate; with rivals within
   that margin it is ``AMBIGUOUS``. Otherwise ``ORPHANED``.
   Quotes over ``LONG_QUOTE`` code points are matched by their first and last halves of
   ``LONG_QUOTE`` (each resolved like a quote) and a plausible length in between.

Offsets count code points (Python ``str`` indexes), like everything in ``models``.
Scores: 1.0 for an exact quote (ANCHORED/MOVED), the weighted similarity in (0, 1) for
FUZZY and for each candidate of an AMBIGUOUS result (at most ``MAX_CANDIDATES`` of them,
in document order; the result's own score is the best one's), 0.0 for ORPHANED.
"""

from __future__ import annotations

import bisect
import logging
import math
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from briefreader.core.models import Anchor, AnchorStatus, Candidate, Resolution
from briefreader.core.textdiff import unchanged_ranges

log = logging.getLogger(__name__)

DEFAULT_CONTEXT = 32
SELF_EVIDENT_LENGTH = 32  # exact quote + agreeing context this long is trusted as such
MAX_ERROR_RATIO = 0.3  # fuzzy matches may differ from the quote by this share of its length
MIN_FUZZY_SCORE = 0.7
AMBIGUITY_MARGIN = 0.05  # places whose agreement or score differ by less are "about equal"
MIN_MARGIN = AMBIGUITY_MARGIN  # a fuzzy winner must be this far ahead of the runner-up
MAX_CANDIDATES = 20  # places listed for an ambiguous result
WEAK_CONTEXT = 0.5  # below this share of agreeing context an exact hit is double-checked
SHORT_QUOTE = 16  # shorter quotes need CONTEXT_FOR_SHORT similar context to match fuzzily
CONTEXT_FOR_SHORT = 0.75
MEDIUM_QUOTE = 40
CONTEXT_FOR_MEDIUM = 0.4
LONG_QUOTE = 4096  # longer quotes are matched fuzzily by their two ends

_W_QUOTE, _W_PREFIX, _W_SUFFIX, _W_POSITION = 50.0, 20.0, 20.0, 10.0
_POSITION_SCALE = 1000  # a candidate this far (+ the quote length) from the hint scores 1/2
_MAX_OCCURRENCES = 2000  # exact occurrences of the quote examined, nearest the hint first
_MAX_SEEDS = 32  # occurrences kept per seed string (quote chunk, context piece)
_MAX_WINDOWS = 8
_ENDS_PER_WINDOW = 3
_MIN_CHUNK, _MAX_CHUNK, _CHUNKS = 8, 32, 8
_SEED_CONTEXT = 12  # length of the prefix tail / suffix head used as seeds
_WINDOW_PAD = 8
_MAX_GAPS = 64  # beyond this many changed places, new twins are looked for everywhere


def make_anchor(
    text: str, start: int, end: int, content_hash: str, context: int = DEFAULT_CONTEXT
) -> Anchor:
    """Anchor ``text[start:end]`` with up to ``context`` code points of context each side.

    Raises ``ValueError`` for an empty or out-of-range selection.
    """
    if not 0 <= start < end <= len(text):
        raise ValueError(f"bad selection [{start}, {end}) in a text of length {len(text)}")
    if context < 0:
        raise ValueError("context must not be negative")
    return Anchor(
        exact=text[start:end],
        prefix=text[max(0, start - context) : start],
        suffix=text[end : end + context],
        start=start,
        end=end,
        content_hash=content_hash,
    )


PreviousText = Callable[[str], "str | None"]  # content hash -> the text of that version


def resolve(
    anchor: Anchor, text: str, previous: str | None = None, content_hash: str = ""
) -> Resolution:
    """Where ``anchor`` sits in ``text`` now (see the module docstring for the rules).

    ``previous`` is the text the anchor was made on, when known (it tells old twins of a
    passage from new copies); ``content_hash`` names ``text`` in the candidates.
    """
    resolver = _Resolver(text, content_hash)
    known = None if previous is None else _Known(previous, text)
    result, occurrence = resolver.exact_phase(anchor, anchor.start, known)
    if result is not None:
        return result
    return resolver.fuzzy_phase(anchor, anchor.start, occurrence)


def resolve_many(
    anchors: Iterable[Anchor],
    text: str,
    previous: PreviousText | None = None,
    content_hash: str = "",
) -> list[Resolution]:
    """Resolve many anchors on one text; results in the order of ``anchors``.

    Anchors made on the same version (same ``content_hash``) are taken in reading order;
    each confident exact result tells how far that part of the text has shifted, so the
    next anchor is first looked for at its shifted position (usually a constant-time hit
    after an insertion above) and fuzzy searches get a good expected position.
    """
    anchors = list(anchors)
    resolver = _Resolver(text, content_hash)
    results: list[Resolution | None] = [None] * len(anchors)
    by_version: dict[str, list[int]] = defaultdict(list)
    for i, anchor in enumerate(anchors):
        by_version[anchor.content_hash].append(i)
    for version, indexes in by_version.items():
        old_text = previous(version) if previous is not None else None
        known = None if old_text is None else _Known(old_text, text)
        indexes.sort(key=lambda i: (anchors[i].start, anchors[i].end))
        shifts = _Shifts()
        pending: list[tuple[int, _Occurrence | None]] = []
        delta = 0
        for i in indexes:
            anchor = anchors[i]
            result, occurrence = resolver.exact_phase(anchor, anchor.start + delta, known)
            if result is None:
                pending.append((i, occurrence))
                continue
            results[i] = result
            if result.start is None:  # ambiguous: says nothing about the shift
                continue
            delta = result.start - anchor.start
            shifts.add(anchor.start, delta)
        for i, occurrence in pending:
            anchor = anchors[i]
            hint = anchor.start + shifts.near(anchor.start)
            results[i] = resolver.fuzzy_phase(anchor, hint, occurrence)
    return [r for r in results if r is not None]


# A status the user has not cleared is never silently upgraded by a later re-anchoring:
# the higher of the two wins (ORPHANED aside: a passage gone is gone, one found again is).
_STICKY = {
    AnchorStatus.ANCHORED: 0,
    AnchorStatus.MOVED: 1,
    AnchorStatus.FUZZY: 2,
    AnchorStatus.AMBIGUOUS: 3,
}


@dataclass(frozen=True)
class Placement:
    """What an annotation holds after a re-anchoring: its anchor, status and candidates."""

    anchor: Anchor
    status: AnchorStatus
    candidates: tuple[Candidate, ...] = ()


def next_status(before: AnchorStatus, found: AnchorStatus) -> AnchorStatus:
    """The status after re-anchoring an annotation that had ``before`` (sticky, above)."""
    if found is AnchorStatus.ORPHANED or before is AnchorStatus.ORPHANED:
        return found
    return max(before, found, key=_STICKY.__getitem__)


def place(
    anchor: Anchor,
    before: AnchorStatus | None,
    found: Resolution,
    text: str,
    content_hash: str,
) -> Placement:
    """Where an annotation anchored at ``anchor`` (status ``before``, None when new) goes
    after ``found`` in ``text``.

    A placed result becomes the new anchor (with fresh context, on ``content_hash``). An
    orphaned or ambiguous annotation keeps its anchor (its last place, on the version it
    was on); an ambiguous one lists its candidates. One that stays ambiguous because the
    status is sticky while the text now gives a single place lists that place.
    """
    status = found.status if before is None else next_status(before, found.status)
    if found.start is None or found.end is None:
        return Placement(anchor, status, found.candidates)
    if status is AnchorStatus.AMBIGUOUS:
        single = Candidate(found.start, found.end, round(found.score, 4), content_hash)
        return Placement(anchor, status, (single,))
    return Placement(make_anchor(text, found.start, found.end, content_hash), status)


# ---------------------------------------------------------------------------
# Internals
# ---------------------------------------------------------------------------


class _Shifts:
    """Offsets shifts (old start -> delta) learnt from confidently resolved anchors."""

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._deltas: list[int] = []

    def add(self, old_start: int, delta: int) -> None:
        self._starts.append(old_start)  # callers add in increasing old_start order
        self._deltas.append(delta)

    def near(self, old_start: int) -> int:
        """The shift of the resolved anchor nearest ``old_start`` (0 when none)."""
        if not self._starts:
            return 0
        i = bisect.bisect_left(self._starts, old_start)
        options = [j for j in (i - 1, i) if 0 <= j < len(self._starts)]
        best = min(options, key=lambda j: abs(self._starts[j] - old_start))
        return self._deltas[best]


@dataclass(frozen=True)
class _Occurrence:
    """An exact occurrence of the quote and how much of its context agrees."""

    start: int
    end: int
    agreement: float  # mean share of the prefix and of the suffix that agree
    evident: bool  # long enough (quote + agreeing context) to be trusted
    rivals: tuple[_Occurrence, ...] = ()  # other places about as good (see exact_phase)

    def overlaps(self, other: _Occurrence) -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    distance: int
    score: float
    context: float  # mean similarity of prefix and suffix (an empty one: same text edge)

    def overlaps(self, start: int, end: int) -> bool:
        return self.start < end and start < self.end


class _Resolver:
    """Resolves anchors against one text; holds what several anchors can share."""

    def __init__(self, text: str, content_hash: str = "") -> None:
        self.text = text
        self.length = len(text)
        self.content_hash = content_hash

    # -- phase 1: exact occurrences ------------------------------------------

    def exact_phase(
        self, anchor: Anchor, hint: int, previous: _Known | None = None
    ) -> tuple[Resolution | None, _Occurrence | None]:
        """A final exact result, or None plus the best exact occurrence to weigh later.

        The best occurrence carries its rivals: the other places whose context agrees
        within AMBIGUITY_MARGIN, unless ``previous`` (the text the anchor was made on)
        had as many of them.
        """
        if not anchor.exact:
            return Resolution(AnchorStatus.ORPHANED, score=0.0), None
        if not anchor.prefix and not anchor.suffix:
            return self._context_free(anchor, hint, previous), None
        occurrence = self._best_occurrence(anchor, hint)
        if occurrence is None or not occurrence.evident:
            return None, occurrence
        occurrence = self._with_rivals(anchor, occurrence, hint, previous)
        if occurrence.agreement < WEAK_CONTEXT:
            return None, occurrence
        return self._exact_result(anchor, occurrence, hint), occurrence

    def _context_free(
        self, anchor: Anchor, hint: int, previous: _Known | None
    ) -> Resolution | None:
        """A quote without context: placed when unique, AMBIGUOUS when it occurs again."""
        places = self._all(anchor.exact, MAX_CANDIDATES + 1)
        if not places:
            return None
        if len(places) > 1:
            old = previous.resolver._all(anchor.exact, len(places)) if previous else []
            if len(old) < len(places):  # new copies (or nothing known of the old text)
                return self._ambiguous(anchor, places, hint)
        start = min(places, key=lambda p: abs(p - hint))
        occurrence = _Occurrence(start, start + len(anchor.exact), 1.0, True)
        return self._exact_result(anchor, occurrence, hint)

    def _with_rivals(
        self, anchor: Anchor, best: _Occurrence, hint: int, previous: _Known | None
    ) -> _Occurrence:
        """``best`` with the other places about as good as it, when they are new."""
        core = _core(anchor, best.agreement)
        if previous is not None and not self._may_have_new_places(anchor, core, best, previous):
            return best
        places = self._places_like(anchor, core, hint)
        rivals = [p for p in places if not p.overlaps(best)]
        if not rivals:
            return best
        if previous is not None:
            before = previous.resolver._places_like(anchor, core, anchor.start)
            if len(before) >= len(rivals) + 1:  # the twins were there when it was made
                return best
        return _Occurrence(best.start, best.end, best.agreement, best.evident, tuple(rivals))

    def _places_like(self, anchor: Anchor, core: _Core, hint: int) -> list[_Occurrence]:
        """Evident exact occurrences whose context agrees at least ``core.floor``, nearest
        ``hint`` first (at most ``_MAX_OCCURRENCES``)."""
        places = []
        for p in self._near(core.text, hint - core.before, _MAX_OCCURRENCES):
            occurrence = self._occurrence(anchor, p + core.before)
            if occurrence.evident and occurrence.agreement >= core.floor:
                places.append(occurrence)
        return places

    def _may_have_new_places(
        self, anchor: Anchor, core: _Core, best: _Occurrence, previous: _Known
    ) -> bool:
        """False when no place like ``best`` can be new: each occurrence of the core, with
        all of its context, lies in one run of lines copied from the previous text.

        Such a place has an identical twin in the previous text (runs map to distinct,
        ordered parts of it), so there were at least as many. Only the text around the
        changed places (the gaps between runs) is searched.
        """
        gaps = previous.gaps()
        if gaps is None:
            return True
        reach = len(anchor.prefix) + len(anchor.exact) + len(anchor.suffix)
        if not previous.copied(best.start - len(anchor.prefix), best.end + len(anchor.suffix)):
            return True
        for lo, hi in gaps:
            window_lo, window_hi = max(0, lo - reach), min(self.length, hi + reach)
            i = self.text.find(core.text, window_lo, window_hi)
            while i != -1:
                start = i + core.before
                if not previous.copied(start - len(anchor.prefix),
                                       start + len(anchor.exact) + len(anchor.suffix)):  # fmt: skip
                    return True
                i = self.text.find(core.text, i + 1, window_hi)
        return False

    def _all(self, needle: str, cap: int) -> list[int]:
        """Up to ``cap`` start offsets of ``needle`` in document order."""
        found: list[int] = []
        i = self.text.find(needle)
        while i != -1 and len(found) < cap:
            found.append(i)
            i = self.text.find(needle, i + 1)
        return found

    def _best_occurrence(self, anchor: Anchor, hint: int) -> _Occurrence | None:
        quote, prefix, suffix = anchor.exact, anchor.prefix, anchor.suffix
        for pos in (hint, anchor.start) if hint != anchor.start else (hint,):
            if pos >= 0 and self.text.startswith(quote, pos):
                occurrence = self._occurrence(anchor, pos)
                if occurrence.agreement == 1.0:
                    return occurrence
        full = self._near(prefix + quote + suffix, hint - len(prefix), _MAX_SEEDS)
        positions = [p + len(prefix) for p in full]
        if not positions:
            positions = self._near(quote, hint, _MAX_OCCURRENCES)
        if len(positions) >= _MAX_OCCURRENCES:  # a very common quote: look by its context too
            tail, head = prefix[-_MIN_CHUNK:], suffix[:_MIN_CHUNK]
            positions += [p + len(tail) for p in self._near(tail + quote, hint, _MAX_SEEDS)]
            positions += self._near(quote + head, hint, _MAX_SEEDS)
        if not positions:
            return None
        occurrences = [self._occurrence(anchor, p) for p in set(positions)]
        return max(occurrences, key=lambda o: (o.agreement, -abs(o.start - hint)))

    def _occurrence(self, anchor: Anchor, start: int) -> _Occurrence:
        """How well the context around an exact occurrence at ``start`` agrees.

        Each side counts the code points that agree next to the quote, as a share of the
        stored context; an empty stored side means the quote touched the text's edge, and
        agrees when the occurrence touches the same edge.
        """
        prefix, suffix = anchor.prefix, anchor.suffix
        end = start + len(anchor.exact)
        before = self.text[max(0, start - len(prefix)) : start]
        after = self.text[end : end + len(suffix)]
        pre = _common_head(prefix[::-1], before[::-1])
        suf = _common_head(suffix, after)
        at_start = pre == len(prefix) and start - pre == 0
        at_end = suf == len(suffix) and end + suf == self.length
        left = pre / len(prefix) if prefix else float(at_start)
        right = suf / len(suffix) if suffix else float(at_end)
        evidence = pre + len(anchor.exact) + suf
        evidence += SELF_EVIDENT_LENGTH * (at_start + at_end)  # the text's edge is context too
        return _Occurrence(start, end, (left + right) / 2, evidence >= SELF_EVIDENT_LENGTH)

    def _exact_result(self, anchor: Anchor, occurrence: _Occurrence, hint: int) -> Resolution:
        if occurrence.rivals:
            places = [o.start for o in (occurrence, *occurrence.rivals)]
            return self._ambiguous(anchor, places, hint)
        same = occurrence.start == anchor.start and occurrence.end == anchor.end
        status = AnchorStatus.ANCHORED if same else AnchorStatus.MOVED
        return Resolution(status, occurrence.start, occurrence.end, 1.0)

    def _ambiguous(self, anchor: Anchor, starts: Iterable[int], hint: int) -> Resolution:
        """AMBIGUOUS between exact occurrences of the quote at ``starts``."""
        size = len(anchor.exact)
        scored = [self._score(anchor, s, s + size, 0, hint) for s in set(starts)]
        return _ambiguous_result(scored, self.content_hash)

    # -- phase 2: approximate matches ----------------------------------------

    def fuzzy_phase(self, anchor: Anchor, hint: int, occurrence: _Occurrence | None) -> Resolution:
        """Decide between an exact occurrence with weak context, fuzzy matches, or orphan."""
        if len(anchor.exact) > LONG_QUOTE:
            if occurrence is not None:  # so long a quote found verbatim is not ambiguous
                return self._exact_result(anchor, occurrence, hint)
            return self._long_fuzzy(anchor, hint)
        candidates = self._fuzzy_candidates(anchor, hint)
        if occurrence is not None and occurrence.evident:
            # An edited copy of the passage in its old surroundings may beat an exact copy
            # found elsewhere, but only on a full-size context that agrees well.
            exact = self._score(anchor, occurrence.start, occurrence.end, 0, hint)
            enough_context = len(anchor.prefix) + len(anchor.suffix) >= SELF_EVIDENT_LENGTH
            rivals = [
                c
                for c in candidates
                if enough_context
                and c.context >= CONTEXT_FOR_SHORT
                and not c.overlaps(occurrence.start, occurrence.end)
                and _acceptable(anchor, c)
            ]
            best = max(rivals, key=lambda c: c.score, default=None)
            if best is not None and best.score >= exact.score + MIN_MARGIN:
                return Resolution(AnchorStatus.FUZZY, best.start, best.end, best.score)
            return self._exact_result(anchor, occurrence, hint)
        if occurrence is not None:
            exact = self._score(anchor, occurrence.start, occurrence.end, 0, hint)
            candidates = [c for c in candidates if (c.start, c.end) != (exact.start, exact.end)]
            candidates.append(exact)
        return _choose(anchor, candidates, self.content_hash)

    def _long_fuzzy(self, anchor: Anchor, hint: int) -> Resolution:
        """A very long quote: find its head and its tail, each as a quote of its own.

        Edit distance on the whole quote costs O(length^2 / 64); the two ends locate the
        passage, and its length must stay within the error bound. The middle is not
        compared, which is why the result is FUZZY (the user confirms it).
        """
        quote, part = anchor.exact, LONG_QUOTE // 2
        head = Anchor(quote[:part], anchor.prefix, quote[part : part + DEFAULT_CONTEXT],
                      anchor.start, anchor.start + part, anchor.content_hash)  # fmt: skip
        tail = Anchor(quote[-part:], quote[-part - DEFAULT_CONTEXT : -part], anchor.suffix,
                      anchor.end - part, anchor.end, anchor.content_hash)  # fmt: skip
        found = []
        for piece, piece_hint in ((head, hint), (tail, hint + len(quote) - part)):
            result, occurrence = self.exact_phase(piece, piece_hint)
            if result is None:
                result = self.fuzzy_phase(piece, piece_hint, occurrence)
            if result.status is AnchorStatus.AMBIGUOUS:
                return result
            if result.start is None or result.end is None:
                return Resolution(AnchorStatus.ORPHANED, score=0.0)
            found.append(result)
        start, end = found[0].start, found[1].end
        assert start is not None and end is not None
        if end <= start or abs((end - start) - len(quote)) > len(quote) * MAX_ERROR_RATIO:
            return Resolution(AnchorStatus.ORPHANED, score=0.0)
        return Resolution(AnchorStatus.FUZZY, start, end, min(r.score for r in found))

    def _fuzzy_candidates(self, anchor: Anchor, hint: int) -> list[_Candidate]:
        quote = anchor.exact
        errors = max(1, int(len(quote) * MAX_ERROR_RATIO))
        windows = self._windows(anchor, hint, errors)
        found: dict[tuple[int, int], _Candidate] = {}
        for lo, hi in windows:
            for start, end, distance in self._matches_in(anchor, lo, hi, errors, hint):
                start, end, distance = self._whole_words(anchor, start, end, distance, errors)
                if (start, end) not in found:
                    found[(start, end)] = self._score(anchor, start, end, distance, hint)
        return list(found.values())

    def _whole_words(
        self, anchor: Anchor, start: int, end: int, distance: int, errors: int
    ) -> tuple[int, int, int]:
        """A match that cuts a word where the quote began or ended on a word's edge is
        widened to the whole word ("…of tungst" -> "…of tungsten" for "…of germanium").

        At most ``errors`` code points each side; the edits the widening adds are allowed
        on top of ``errors`` (a replaced word may cost a little more than the bound).
        """
        text, quote = self.text, anchor.exact
        new_start, new_end = start, end
        if _word_edge(anchor.prefix[-1:], quote[:1]) and not _word_edge(
            text[start - 1 : start], text[start : start + 1]
        ):
            while new_start > 0 and start - new_start < errors and text[new_start - 1].isalnum():
                new_start -= 1
        if _word_edge(quote[-1:], anchor.suffix[:1]) and not _word_edge(
            text[end - 1 : end], text[end : end + 1]
        ):
            while new_end < self.length and new_end - end < errors and text[new_end].isalnum():
                new_end += 1
        added = (start - new_start) + (new_end - end)
        if not added:
            return start, end, distance
        widened = _myers(quote, text[new_start:new_end], anchored=True)[-1]
        if widened > errors + added:
            return start, end, distance
        return new_start, new_end, widened

    def _windows(self, anchor: Anchor, hint: int, errors: int) -> list[tuple[int, int]]:
        """Text windows worth an edit-distance search, from seeds found with ``str.find``."""
        quote, size = anchor.exact, len(anchor.exact)
        seeds = [hint]
        for offset, chunk in _chunks(quote):
            seeds += [p - offset for p in self._near(chunk, hint + offset, _MAX_SEEDS)]
        if anchor.prefix:
            tail = anchor.prefix[-_SEED_CONTEXT:]
            seeds += [p + len(tail) for p in self._near(tail, hint - len(tail), _MAX_SEEDS)]
        if anchor.suffix:
            head = anchor.suffix[:_SEED_CONTEXT]
            seeds += [p - size for p in self._near(head, hint + size, _MAX_SEEDS)]
        groups: list[list[int]] = []
        for seed in sorted(seeds):
            if groups and seed - groups[-1][0] <= errors + _WINDOW_PAD:
                groups[-1].append(seed)
            else:
                groups.append([seed])
        groups.sort(key=lambda g: (-len(g), abs(g[0] - hint)))
        spans = []
        for group in groups[:_MAX_WINDOWS]:
            lo = max(0, group[0] - errors - _WINDOW_PAD)
            hi = min(self.length, group[-1] + size + errors + _WINDOW_PAD)
            if hi > lo:
                spans.append((lo, hi))
        return _merge(spans)

    def _matches_in(
        self, anchor: Anchor, lo: int, hi: int, errors: int, hint: int
    ) -> list[tuple[int, int, int]]:
        """Up to a few (start, end, distance) matches of the quote within ``errors`` edits."""
        quote = anchor.exact
        distances = _myers(quote, self.text[lo:hi], anchored=False)
        expected_end = hint + len(quote)
        order = sorted(
            (d, abs(lo + j + 1 - expected_end), j) for j, d in enumerate(distances) if d <= errors
        )
        picked: list[int] = []
        spacing = max(1, len(quote) // 2)
        for _, _, j in order:
            if all(abs(j - k) >= spacing for k in picked):
                picked.append(j)
                if len(picked) == _ENDS_PER_WINDOW:
                    break
        matches = []
        for j in picked:
            end = self._best_end(anchor, distances, lo, j, errors)
            start, distance = self._start_for(anchor, end, errors)
            matches.append((start, end, distance))
        return matches

    def _best_end(self, anchor: Anchor, distances: list[int], lo: int, j: int, errors: int) -> int:
        """The end near ``lo + j + 1`` that best trades edits for agreeing suffix.

        Plain edit distance would cut "the new EAR" to "the new" for a quote ending in
        "the EAR"; counting the code points of suffix that then agree picks the real end.
        """
        text, suffix = self.text, anchor.suffix

        def rank(k: int) -> tuple[int, int]:
            end = lo + k + 1
            agree = _common_head(suffix, text[end : end + len(suffix)])
            return agree - distances[k], -abs(k - j)

        near = range(max(0, j - errors), min(len(distances), j + errors + 1))
        return lo + max((k for k in near if distances[k] <= errors), key=rank) + 1

    def _start_for(self, anchor: Anchor, end: int, errors: int) -> tuple[int, int]:
        """The start for a match ending at ``end`` (reverse Myers search), and its distance.

        Like the end, the start trades edits for agreeing prefix; ties go to the start
        that gives the quote's own length.
        """
        quote, prefix = anchor.exact, anchor.prefix
        lo = max(0, end - len(quote) - errors)
        distances = _myers(quote[::-1], self.text[lo:end][::-1], anchored=True)

        def rank(j: int) -> tuple[int, int]:
            start = end - (j + 1)
            before = self.text[max(0, start - len(prefix)) : start]
            agree = _common_head(prefix[::-1], before[::-1])
            return agree - distances[j], -abs(j + 1 - len(quote))

        within = [j for j, d in enumerate(distances) if d <= errors]
        best = max(within or range(len(distances)), key=rank)
        return end - (best + 1), distances[best]

    def _score(self, anchor: Anchor, start: int, end: int, distance: int, hint: int) -> _Candidate:
        size = len(anchor.exact)
        weighted = _W_QUOTE * max(0.0, 1.0 - distance / size)
        if anchor.prefix:
            before = self.text[max(0, start - len(anchor.prefix)) : start]
            left = _similarity(anchor.prefix, before)
        else:  # the quote began the text
            left = float(start == 0)
        if anchor.suffix:
            right = _similarity(anchor.suffix, self.text[end : end + len(anchor.suffix)])
        else:  # the quote ended the text
            right = float(end == self.length)
        proximity = 1.0 / (1.0 + abs(start - hint) / (size + _POSITION_SCALE))
        weighted += _W_PREFIX * left + _W_SUFFIX * right + _W_POSITION * proximity
        score = weighted / (_W_QUOTE + _W_PREFIX + _W_SUFFIX + _W_POSITION)
        context = (_W_PREFIX * left + _W_SUFFIX * right) / (_W_PREFIX + _W_SUFFIX)
        return _Candidate(start, end, distance, score, context)

    # -- helpers --------------------------------------------------------------

    def _near(self, needle: str, hint: int, cap: int) -> list[int]:
        """Up to ``cap`` start offsets of ``needle``, nearest to ``hint`` first."""
        if not needle or len(needle) > self.length:
            return []
        text = self.text
        hint = min(max(hint, 0), self.length)
        forward: list[int] = []
        i = text.find(needle, hint)
        while i != -1 and len(forward) < cap:
            forward.append(i)
            i = text.find(needle, i + 1)
        backward: list[int] = []
        i = text.rfind(needle, 0, hint + len(needle) - 1)
        while i != -1 and len(backward) < cap:
            backward.append(i)
            i = text.rfind(needle, 0, i + len(needle) - 1) if i > 0 else -1
        both = sorted(set(forward + backward), key=lambda p: abs(p - hint))
        return both[:cap]


@dataclass(frozen=True)
class _Core:
    """What every place agreeing at least ``floor`` with an anchor contains: ``text``, the
    quote with ``before`` code points of its prefix and some of its suffix (see _core)."""

    text: str
    before: int
    floor: float


def _core(anchor: Anchor, agreement: float) -> _Core:
    """The core of the places that agree within AMBIGUITY_MARGIN of ``agreement``.

    Agreement is the mean of two shares of at most 1, so each side of such a place agrees
    on at least ``2 * floor - 1`` of its context: the quote with that much context around
    it can be searched with ``str.find``.
    """
    floor = agreement - AMBIGUITY_MARGIN
    side = max(0.0, 2 * floor - 1)
    before = math.ceil(side * len(anchor.prefix) - 1e-9)
    after = math.ceil(side * len(anchor.suffix) - 1e-9)
    text = anchor.prefix[len(anchor.prefix) - before :] + anchor.exact + anchor.suffix[:after]
    return _Core(text, before, floor)


class _Known:
    """The text an anchor was made on, and which runs of the new text are copied from it."""

    def __init__(self, previous: str, new: str) -> None:
        self.resolver = _Resolver(previous)
        self._previous, self._new = previous, new
        self._runs: list[tuple[int, int]] | None = None
        self._starts: list[int] = []
        self._gaps: list[tuple[int, int]] | None = None

    def _copied_runs(self) -> list[tuple[int, int]]:
        if self._runs is None:
            self._runs = unchanged_ranges(self._previous, self._new)
            self._starts = [lo for lo, _hi in self._runs]
        return self._runs

    def copied(self, lo: int, hi: int) -> bool:
        """True when ``[lo, hi)`` of the new text lies inside one copied run."""
        runs = self._copied_runs()
        i = bisect.bisect_right(self._starts, max(lo, 0)) - 1
        return i >= 0 and hi <= runs[i][1]

    def gaps(self) -> list[tuple[int, int]] | None:
        """The new text's places between copied runs (None: too many to search apart)."""
        runs = self._copied_runs()
        if len(runs) > _MAX_GAPS:
            return None
        if self._gaps is None:
            edges = [0, *(x for run in runs for x in run), len(self._new)]
            self._gaps = [(edges[i], edges[i + 1]) for i in range(0, len(edges), 2)]
        return self._gaps


def _acceptable(anchor: Anchor, candidate: _Candidate) -> bool:
    """Good enough for FUZZY: high score, and enough context for short quotes."""
    size = len(anchor.exact)
    if candidate.score < MIN_FUZZY_SCORE:
        return False
    if size < SHORT_QUOTE and candidate.context < CONTEXT_FOR_SHORT:
        return False
    return not (size < MEDIUM_QUOTE and candidate.context < CONTEXT_FOR_MEDIUM)


def _choose(anchor: Anchor, candidates: list[_Candidate], content_hash: str) -> Resolution:
    """FUZZY for a clear, acceptable winner; AMBIGUOUS when others come within
    AMBIGUITY_MARGIN of it; ORPHANED when there is no acceptable one."""
    if not candidates:
        return Resolution(AnchorStatus.ORPHANED, score=0.0)
    ranked = sorted(candidates, key=lambda c: (-c.score, c.start))
    best = ranked[0]
    if not _acceptable(anchor, best):
        return Resolution(AnchorStatus.ORPHANED, score=0.0)
    close = [best]
    for candidate in ranked[1:]:
        if best.score - candidate.score >= AMBIGUITY_MARGIN:
            break
        if not any(candidate.overlaps(c.start, c.end) for c in close):
            close.append(candidate)
    if len(close) > 1:
        log.debug("ambiguous match for %r: %d places", anchor.exact[:40], len(close))
        return _ambiguous_result(close, content_hash)
    return Resolution(AnchorStatus.FUZZY, best.start, best.end, best.score)


def _ambiguous_result(scored: list[_Candidate], content_hash: str) -> Resolution:
    """AMBIGUOUS between the places (the best ``MAX_CANDIDATES``, in document order)."""
    best = sorted(scored, key=lambda c: (-c.score, c.start))[:MAX_CANDIDATES]
    places = tuple(
        Candidate(c.start, c.end, round(c.score, 4), content_hash)
        for c in sorted(best, key=lambda c: c.start)
    )
    return Resolution(AnchorStatus.AMBIGUOUS, score=best[0].score, candidates=places)


def _word_edge(before: str, after: str) -> bool:
    """True when the boundary between two characters ("" at a text's edge) is no place
    inside a word."""
    return not (before[:1].isalnum() and after[:1].isalnum())


def _chunks(quote: str) -> list[tuple[int, str]]:
    """Evenly spread pieces of the quote (offset, text) used as exact-search seeds."""
    size = len(quote)
    if size < 2 * _MIN_CHUNK:
        return []
    chunk = max(_MIN_CHUNK, min(_MAX_CHUNK, size // 6))
    count = min(_CHUNKS, max(2, size // chunk))
    step = (size - chunk) / (count - 1)
    offsets = sorted({round(i * step) for i in range(count)})
    return [(o, quote[o : o + chunk]) for o in offsets if quote[o : o + chunk].strip()]


def _common_head(a: str, b: str) -> int:
    """Length of the common beginning of two strings."""
    if a == b:
        return len(a)
    size = min(len(a), len(b))
    i = 0
    while i < size and a[i] == b[i]:
        i += 1
    return i


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for lo, hi in sorted(spans):
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return merged


def _similarity(a: str, b: str) -> float:
    """1 - Levenshtein(a, b) / longest length (1.0 for two empty strings)."""
    if not a and not b:
        return 1.0
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    return 1.0 - _myers(a, b, anchored=True)[-1] / max(len(a), len(b))


def _myers(pattern: str, text: str, anchored: bool) -> list[int]:
    """Edit distances of ``pattern`` against substrings of ``text`` ending at each index.

    Myers' bit-vector algorithm (Hyyrö's formulation) with Python ints as bit vectors, so
    patterns of any length run in O(len(text)) big-int operations. ``result[j]`` is the
    smallest edit distance between ``pattern`` and ``text[i:j + 1]`` over all ``i``
    (``anchored=False``: approximate search) or for ``i == 0`` only (``anchored=True``:
    ``result[-1]`` is then the Levenshtein distance of the two strings).
    """
    m = len(pattern)
    if m == 0:
        return [0] * len(text)
    full = (1 << m) - 1
    high = 1 << (m - 1)
    peq: dict[str, int] = {}
    for i, ch in enumerate(pattern):
        peq[ch] = peq.get(ch, 0) | (1 << i)
    carry = 1 if anchored else 0
    pv, mv, score = full, 0, m
    out: list[int] = []
    append = out.append
    for ch in text:
        eq = peq.get(ch, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = mv | (~(xh | pv) & full)
        mh = pv & xh
        if ph & high:
            score += 1
        elif mh & high:
            score -= 1
        ph = ((ph << 1) | carry) & full
        mh = (mh << 1) & full
        pv = mh | (~(xv | ph) & full)
        mv = ph & xv
        append(score)
    return out
