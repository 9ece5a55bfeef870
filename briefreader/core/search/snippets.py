"""Snippets: a short window of the canonical text around the best match, with marks.

Matching runs on analysed tokens (the same analyser as the index), so stemmed variants,
folded accents and CJK bigrams are marked exactly where the index would match them.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from briefreader.core.models import Snippet
from briefreader.core.search.analysis import MAX_TOKEN_CHARS, Analyzer, fold, is_cjk

SNIPPET_CHARS = 200
LEAD_CHARS = 40  # context kept before the first mark
SCAN_CHUNK = 100_000  # scan long texts chunk by chunk until something matches
MAX_SCAN = 2_000_000
MAX_MARKS = 16  # enough to choose a good window; stop looking after that
FOLD_FIRST = 4_096  # text folded for candidates a piece at a time, from this size ...
FOLD_CHUNK = 32_768  # ... doubling up to this
FOLD_OVERLAP = 2 * MAX_TOKEN_CHARS  # ... reaching this far past the piece
_WS = re.compile(r"\s")
# Letters with accents or case beyond ASCII (the fold table's). A piece whose only other
# non-ASCII characters are quotes, dashes, CJK... is folded by lower(), ten times faster.
_FOLDED_RANGES = ((0xC0, 0x24F), (0x370, 0x3FF), (0x400, 0x4FF), (0x1E00, 0x1EFF))
_FOLDABLE = re.compile("[" + "".join(f"{chr(a)}-{chr(b)}" for a, b in _FOLDED_RANGES) + "]")
_ASCII_WORD = re.compile(r"[A-Za-z0-9]+")
# Characters that can glue two word parts into one token (see analysis.token_re).
_HYPHENS = "-\u2010\u2011"
_JOINERS = frozenset("-\u2010\u2011.,'\u2019\u02bc\u00ad\u200b\u200c\u200d\u2060\ufeff_")


@dataclass
class TermMatcher:
    """Which analysed terms count as matches: exact terms, prefixes and wildcard patterns."""

    terms: set[str] = field(default_factory=set)
    prefixes: set[str] = field(default_factory=set)
    patterns: list[re.Pattern[str]] = field(default_factory=list)
    _seen: dict[str, bool] = field(default_factory=dict, repr=False)

    def __bool__(self) -> bool:
        return bool(self.terms or self.prefixes or self.patterns)

    def candidates(self) -> list[tuple[str, bool]] | None:
        """Strings whose occurrences in the folded text include every possible match, each
        with whether it must start a word; None when that cannot be said."""
        if self.patterns:
            return None
        latin: set[str] = set()
        literal: set[str] = set()
        for term in self.terms | self.prefixes:
            if is_cjk(term) or term in ("§", "¶"):
                literal.add(term)
            elif term.isascii() and term.isalnum():
                # A stem differs from its words in its last letter at most (policy/polici).
                latin.add(term[:-1] if len(term) >= 4 else term)
            else:
                return None
        # Occurrences of "acce" include those of "acces": keep the shortest of a family.
        starts = sorted(latin, key=len)
        latin = {t for i, t in enumerate(starts) if not any(t.startswith(u) for u in starts[:i])}
        found = [(t, True) for t in sorted(latin)] + [(t, False) for t in sorted(literal)]
        return found or None

    def __call__(self, term: str) -> bool:
        hit = self._seen.get(term)
        if hit is None:
            hit = (
                term in self.terms
                or any(term.startswith(p) for p in self.prefixes)
                or any(p.fullmatch(term) for p in self.patterns)
            )
            self._seen[term] = hit
        return hit


Mark = tuple[int, int, str]  # start, end, term (absolute offsets)


def find_marks(text: str, analyzer: Analyzer, matcher: TermMatcher) -> list[Mark]:
    """Matched tokens of ``text`` (scanning long texts only until something matches)."""
    if not matcher:
        return []
    candidates = matcher.candidates()
    if candidates is not None:
        return _prefiltered_marks(text, analyzer, matcher, candidates)
    marks: list[Mark] = []
    scanned = 0
    while scanned < len(text) and scanned < MAX_SCAN and not marks:
        stop = _chunk_end(text, scanned + SCAN_CHUNK)
        marks.extend(_scan(text[scanned:stop], scanned, analyzer, matcher))
        scanned = stop
    return marks


def _scan(chunk: str, base: int, analyzer: Analyzer, matcher: TermMatcher) -> list[Mark]:
    return [
        (base + start, base + end, term)
        for term, start, end, _pos, _kind in analyzer.tokens(chunk)
        if matcher(term)
    ]


def _prefiltered_marks(
    text: str, analyzer: Analyzer, matcher: TermMatcher, candidates: list[tuple[str, bool]]
) -> list[Mark]:
    """Find candidates with a regex over the folded text, then analyse only the words
    around them."""
    marks: list[Mark] = []
    done = 0
    floor = 0  # no token runs across this offset: a window may start here
    for i, end, matched in _occurrences(text, candidates):
        if i < done:
            continue
        if len(marks) >= MAX_MARKS:
            break
        if text[i] in "§¶" or is_cjk(text[i]):
            marks.append((i, end, matched))
            done = end
            continue
        word = _plain_word(text, i)
        if word is not None:  # a standalone ASCII word: its term is one cache lookup
            term = analyzer.term(word.group())
            if matcher(term):
                marks.append((i, word.end(), term))
            done = floor = word.end()
            continue
        start, end = _window_start(text, i, floor), _window_end(text, i)
        marks.extend(m for m in _scan(text[start:end], start, analyzer, matcher) if m[0] >= done)
        done = floor = end
    return marks


def _window_start(text: str, i: int, floor: int) -> int:
    """Where to start analysing the word at ``i``: after white space no token runs across
    (one joining a hyphenated line break does), else ``floor``; never inside a token, whose
    cut-off tail could match (or miss) the query."""
    j = i
    while True:
        space = max(text.rfind(" ", floor, j), text.rfind("\n", floor, j))
        if space < 0:
            return floor
        if not _after_hyphen(text, space, floor):
            return space + 1
        j = space


def _window_end(text: str, i: int) -> int:
    """Where to stop analysing the word at ``i``: white space no token runs across."""
    for space in _WS.finditer(text, i):
        if not _after_hyphen(text, space.start(), i):
            return space.start()
    return len(text)


def _after_hyphen(text: str, space: int, floor: int) -> bool:
    """True when the run of spaces and tabs around ``space`` follows a hyphen (a line break
    there may join the two halves of a word into one token)."""
    k = space
    while k > floor and text[k - 1] in " \t\n":
        k -= 1
    return k > floor and text[k - 1] in _HYPHENS


def _occurrences(text: str, candidates: list[tuple[str, bool]]) -> Iterator[tuple[int, int, str]]:
    """``(start, end, candidate)`` of each occurrence in the folded text, in order.

    ``str.find`` per candidate (about ten times faster than one regex alternation), and
    the text is folded a piece at a time, the first small and each next one twice as
    long (up to FOLD_CHUNK), so a long document whose first MAX_MARKS candidates come
    early is not folded whole. Each piece is folded with the character
    before it (does a candidate start a word?) and FOLD_OVERLAP after it (an occurrence
    that starts before its end).
    """
    size = len(text)
    start = 0
    chunk = min(FOLD_FIRST, FOLD_CHUNK)
    while start < size:
        stop = _chunk_end(text, start + chunk)
        if stop <= start:  # no white space after ``start`` to cut at
            stop = min(size, start + chunk)
        chunk = min(FOLD_CHUNK, 2 * chunk)
        lo = max(0, start - 1)
        piece = text[lo : min(size, stop + FOLD_OVERLAP)]
        foldable = not piece.isascii() and _FOLDABLE.search(piece) is not None
        folded = piece.translate(_fold_table()) if foldable else piece.lower()
        streams = [
            _find_all(folded, candidate, word_start, start - lo, stop - lo)
            for candidate, word_start in candidates
        ]
        for i, candidate in heapq.merge(*streams):
            yield lo + i, lo + i + len(candidate), candidate
        start = stop


def _find_all(
    folded: str, candidate: str, word_start: bool, begin: int, stop: int
) -> Iterator[tuple[int, str]]:
    """Where ``candidate`` starts in ``folded[begin:stop]`` (it may run on past ``stop``)."""
    i = folded.find(candidate, begin)
    while 0 <= i < stop:
        if not word_start or i == 0 or not _glues(folded[i - 1]):
            yield i, candidate
        i = folded.find(candidate, i + 1)


def _glues(before: str) -> bool:
    """True when a word right after ``before`` is part of one token with it (as
    ``analysis.token_re`` reads words: word characters other than CJK run together)."""
    return (before.isalnum() or before == "_") and not is_cjk(before)


def _plain_word(text: str, i: int) -> re.Match[str] | None:
    """The ASCII word at ``i`` if nothing joins it to a neighbour (hyphen, dot, apostrophe)."""
    if i and text[i - 1] in _JOINERS:
        return None
    word = _ASCII_WORD.match(text, i)
    if word is None:  # starts with a non-ASCII letter (folded to match): analyse the chunk
        return None
    end = word.end()
    if end < len(text) and (text[end] in _JOINERS or not text[end].isascii()):
        return None
    return word


@lru_cache(maxsize=1)
def _fold_table() -> dict[int, str]:
    """Length-preserving folding (case and accents) for Latin, Greek and Cyrillic letters."""
    table: dict[int, str] = {}
    for lo, hi in ((0x41, 0x5A), *_FOLDED_RANGES):
        for cp in range(lo, hi + 1):
            folded = fold(chr(cp))
            if len(folded) == 1 and folded != chr(cp):
                table[cp] = folded
    return table


def _chunk_end(text: str, limit: int) -> int:
    """Cut long texts at white space so no word is split."""
    if limit >= len(text):
        return len(text)
    cut = text.rfind(" ", limit - 1000, limit)
    return cut if cut > 0 else limit


def best_window(marks: list[Mark], width: int) -> list[Mark]:
    """The run of marks within ``width`` characters with the most distinct terms."""
    best: list[Mark] = []
    best_key = (-1, -1)
    j = 0
    for i, (start, _end, _term) in enumerate(marks):
        j = max(j, i)
        while j + 1 < len(marks) and marks[j + 1][1] - start <= width - LEAD_CHARS:
            j += 1
        window = marks[i : j + 1]
        key = (len({m[2] for m in window}), len(window))
        if key > best_key:
            best, best_key = window, key
    return best


def make_snippet(
    text: str,
    analyzer: Analyzer,
    matcher: TermMatcher,
    *,
    base: int = 0,
    width: int = SNIPPET_CHARS,
    marks: list[Mark] | None = None,
) -> Snippet:
    """A ~``width``-character window of ``text`` around its best match.

    ``base`` is added to the snippet's offset (for a quote that starts inside a document).
    """
    if marks is None:
        marks = find_marks(text, analyzer, matcher)
    window = best_window(marks, width) if marks else []
    start = 0
    if window:
        start = _snap_start(text, max(0, window[0][0] - LEAD_CHARS), window[0][0])
    end = _snap_end(text, start, start + width, window[-1][1] if window else start)
    rel = _merge((s - start, e - start) for s, e, _t in marks if s >= start and e <= end)
    return Snippet(text=text[start:end], offset=base + start, marks=rel)


def _snap_start(text: str, start: int, first_mark: int) -> int:
    newline = text.rfind("\n", start, first_mark)
    if newline >= 0:
        return newline + 1
    if start > 0 and not text[start - 1].isspace():
        space = re.compile(r"\s").search(text, start, first_mark)
        if space:
            return space.end()
    return start


def _snap_end(text: str, start: int, end: int, last_mark: int) -> int:
    end = max(end, last_mark)
    if end >= len(text):
        return len(text)
    if not text[end].isspace():
        cut = max(text.rfind(" ", last_mark, end), text.rfind("\n", last_mark, end))
        if cut > start:
            return cut
    return end


def _merge(spans: Iterable[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Sort and merge overlapping or touching spans (CJK bigrams, § glued to a number)."""
    out: list[list[int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return tuple((s, e) for s, e in out)
