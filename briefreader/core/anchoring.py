"""Re-anchoring highlights in a changed text (W3C TextQuoteSelector + TextPositionSelector).

Public API::

    make_anchor(text, start, end, content_hash, context=32) -> Anchor
    resolve(anchor, text) -> Resolution
    resolve_many(anchors, text) -> list[Resolution]     # same answers, shared work

An anchor remembers the quoted passage (``exact``), up to ``context`` code points on each
side (``prefix``/``suffix``) and where it was (``start``/``end``). Resolving it in a new
version of the text proceeds in order:

1. The quote is still at its old offsets with its context: ``ANCHORED``.
2. Exact occurrences of the quote: the one whose surrounding text agrees best with the
   stored prefix/suffix wins, ties go to the occurrence nearest the expected position
   (the old offset, or in :func:`resolve_many` the old offset shifted like its
   neighbours). Same offsets -> ``ANCHORED``, elsewhere -> ``MOVED``. A short quote
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
   ``MIN_MARGIN`` ahead of any other, non-overlapping candidate. Otherwise ``ORPHANED``.
   Quotes over ``LONG_QUOTE`` code points are matched by their first and last halves of
   ``LONG_QUOTE`` (each resolved like a quote) and a plausible length in between.

Offsets count code points (Python ``str`` indexes), like everything in ``models``.
Scores: 1.0 for an exact quote (ANCHORED/MOVED), the weighted similarity in (0, 1) for
FUZZY, 0.0 for ORPHANED.
"""

from __future__ import annotations

import bisect
import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from briefreader.core.models import Anchor, AnchorStatus, Resolution

log = logging.getLogger(__name__)

DEFAULT_CONTEXT = 32
SELF_EVIDENT_LENGTH = 32  # exact quote + agreeing context this long is trusted as such
MAX_ERROR_RATIO = 0.3  # fuzzy matches may differ from the quote by this share of its length
MIN_FUZZY_SCORE = 0.7
MIN_MARGIN = 0.05  # a fuzzy winner must be this far ahead of the runner-up
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


def resolve(anchor: Anchor, text: str) -> Resolution:
    """Where ``anchor`` sits in ``text`` now (see the module docstring for the rules)."""
    resolver = _Resolver(text)
    result, occurrence = resolver.exact_phase(anchor, anchor.start)
    if result is not None:
        return result
    return resolver.fuzzy_phase(anchor, anchor.start, occurrence)


def resolve_many(anchors: Iterable[Anchor], text: str) -> list[Resolution]:
    """Resolve many anchors on one text; results in the order of ``anchors``.

    Anchors made on the same version (same ``content_hash``) are taken in reading order;
    each confident exact result tells how far that part of the text has shifted, so the
    next anchor is first looked for at its shifted position (usually a constant-time hit
    after an insertion above) and fuzzy searches get a good expected position.
    """
    anchors = list(anchors)
    resolver = _Resolver(text)
    results: list[Resolution | None] = [None] * len(anchors)
    by_version: dict[str, list[int]] = defaultdict(list)
    for i, anchor in enumerate(anchors):
        by_version[anchor.content_hash].append(i)
    for indexes in by_version.values():
        indexes.sort(key=lambda i: (anchors[i].start, anchors[i].end))
        shifts = _Shifts()
        pending: list[tuple[int, _Occurrence | None]] = []
        delta = 0
        for i in indexes:
            anchor = anchors[i]
            result, occurrence = resolver.exact_phase(anchor, anchor.start + delta)
            if result is None:
                pending.append((i, occurrence))
                continue
            results[i] = result
            delta = (result.start or 0) - anchor.start
            shifts.add(anchor.start, delta)
        for i, occurrence in pending:
            anchor = anchors[i]
            hint = anchor.start + shifts.near(anchor.start)
            results[i] = resolver.fuzzy_phase(anchor, hint, occurrence)
    return [r for r in results if r is not None]


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

    def __init__(self, text: str) -> None:
        self.text = text
        self.length = len(text)

    # -- phase 1: exact occurrences ------------------------------------------

    def exact_phase(
        self, anchor: Anchor, hint: int
    ) -> tuple[Resolution | None, _Occurrence | None]:
        """A final exact result, or None plus the best exact occurrence to weigh later."""
        if not anchor.exact:
            return Resolution(AnchorStatus.ORPHANED, score=0.0), None
        occurrence = self._best_occurrence(anchor, hint)
        if occurrence is None or not occurrence.evident:
            return None, occurrence
        if occurrence.agreement < WEAK_CONTEXT:
            return None, occurrence
        return self._exact_result(anchor, occurrence), occurrence

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

    def _exact_result(self, anchor: Anchor, occurrence: _Occurrence) -> Resolution:
        same = occurrence.start == anchor.start and occurrence.end == anchor.end
        status = AnchorStatus.ANCHORED if same else AnchorStatus.MOVED
        return Resolution(status, occurrence.start, occurrence.end, 1.0)

    # -- phase 2: approximate matches ----------------------------------------

    def fuzzy_phase(self, anchor: Anchor, hint: int, occurrence: _Occurrence | None) -> Resolution:
        """Decide between an exact occurrence with weak context, fuzzy matches, or orphan."""
        if len(anchor.exact) > LONG_QUOTE:
            if occurrence is not None:  # so long a quote found verbatim is not ambiguous
                return self._exact_result(anchor, occurrence)
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
            return self._exact_result(anchor, occurrence)
        if occurrence is not None:
            exact = self._score(anchor, occurrence.start, occurrence.end, 0, hint)
            candidates = [c for c in candidates if (c.start, c.end) != (exact.start, exact.end)]
            candidates.append(exact)
        return _choose(anchor, candidates)

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
                if (start, end) not in found:
                    found[(start, end)] = self._score(anchor, start, end, distance, hint)
        return list(found.values())

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


def _acceptable(anchor: Anchor, candidate: _Candidate) -> bool:
    """Good enough for FUZZY: high score, and enough context for short quotes."""
    size = len(anchor.exact)
    if candidate.score < MIN_FUZZY_SCORE:
        return False
    if size < SHORT_QUOTE and candidate.context < CONTEXT_FOR_SHORT:
        return False
    return not (size < MEDIUM_QUOTE and candidate.context < CONTEXT_FOR_MEDIUM)


def _choose(anchor: Anchor, candidates: list[_Candidate]) -> Resolution:
    """FUZZY for a clear, acceptable winner; ORPHANED otherwise."""
    if not candidates:
        return Resolution(AnchorStatus.ORPHANED, score=0.0)
    ranked = sorted(candidates, key=lambda c: -c.score)
    best = ranked[0]
    if not _acceptable(anchor, best):
        return Resolution(AnchorStatus.ORPHANED, score=0.0)
    runner_up = next((c for c in ranked[1:] if not c.overlaps(best.start, best.end)), None)
    if runner_up is not None and best.score - runner_up.score < MIN_MARGIN:
        log.debug("ambiguous fuzzy match for %r: %.3f vs %.3f", anchor.exact[:40], best.score,
                  runner_up.score)  # fmt: skip
        return Resolution(AnchorStatus.ORPHANED, score=0.0)
    return Resolution(AnchorStatus.FUZZY, best.start, best.end, best.score)


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
