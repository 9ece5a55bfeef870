"""Text analysis shared by indexing, query parsing and snippets.

One tokenizer serves all three, so a word is analysed the same way wherever it appears:

- Unicode spaces (U+202F, U+00A0, ...) and dashes separate words; soft hyphens, zero-width
  characters and apostrophes (straight or curly) inside a word are dropped, so
  ``China’s`` and ``China's`` are both ``chinas`` (stem ``china``).
- Words are case-folded and accents are folded for Latin, Greek and Cyrillic letters
  (``régime`` == ``regime``); fullwidth forms become ASCII (NFKD).
- Compounds joined by a hyphen (also a hyphen at a line break) or a dot between letters are
  split into their parts at consecutive positions, so ``export-control`` matches the phrase
  ``export control``; at index time the joined form (``exportcontrol``) is added at the
  position of the last part, so a line-break hyphenation ``con-\\ncrol`` still finds
  ``control``.  Numbers keep inner dots and drop thousands commas (``1,000`` -> ``1000``).
- ``§`` and ``¶`` are tokens of their own, so ``§ 1701``, ``§\\u202f1701`` and ``§1701`` are
  all the two-token phrase ``§ 1701``.
- Legal citations (``50 U.S.C. 1701``, ``§ 1701`` in a US Code text, ``15 CFR 744``,
  ``P.L. 117-167``) add index-only terms such as ``usc:50:1701`` at the section number's
  position (``citations``), so every way of writing a provision finds the others.
- Runs of Han, Kana and Hangul become overlapping character bigrams (a one-character run is
  a unigram). At index time the last character of a longer run is also added as a unigram
  at the position of the last bigram, so every character can be found on its own.

A token is a plain tuple ``(term, start, end, pos, kind)`` (speed matters: millions of them
are made during a build); ``start``/``end`` are offsets into the analysed text.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Callable, Iterator
from functools import lru_cache

from briefreader.core.search.citations import find_citations

# Token kinds
WORD = 0  # an ordinary word (or a part of a compound)
CJK = 1  # a CJK bigram
CJK1 = 2  # a one-character CJK run
SYMBOL = 3  # § or ¶
EXTRA = 4  # index-only extra: a joined compound or the last character of a CJK run

Token = tuple[str, int, int, int, int]

MAX_TOKEN_CHARS = 64

_CJK_RANGES = (
    "\u1100-\u11ff"  # Hangul Jamo
    "\u3005-\u3007"  # 々 〆 〇
    "\u3041-\u30fa\u30fc-\u30ff"  # Hiragana, Katakana (without the middle dot)
    "\u3131-\u318e"  # Hangul compatibility Jamo
    "\u31f0-\u31ff"  # Katakana phonetic extensions
    "\u3400-\u4dbf\u4e00-\u9fff"  # Han
    "\ua960-\ua97f\uac00-\ud7af\ud7b0-\ud7ff"  # Hangul
    "\uf900-\ufaff"  # Han compatibility
    "\uff66-\uff9f"  # halfwidth Katakana
    "\U00020000-\U0002fa1f"  # Han extensions
)
_SYMBOLS = "§¶"
_IGNORABLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_APOSTROPHES = "'\u2019\u02bc"
_HYPHENS = "\\-\u2010\u2011"
_DROP_IN_WORD = {ord(c): None for c in _IGNORABLE + _APOSTROPHES + ","}
_CJK_CHAR = re.compile(f"[{_CJK_RANGES}]")
_SPLIT_RE = re.compile(rf"[{_HYPHENS}][ \t]*\n?[ \t]*|\.")


def _mark_class() -> str:
    """Character-class body for the combining marks of the BMP (``\\w`` leaves them out)."""
    ranges: list[str] = []
    start = prev = -2
    for cp in range(0x300, 0x10000):
        if unicodedata.category(chr(cp)).startswith("M") and not 0x3099 <= cp <= 0x309A:
            if cp != prev + 1:
                if start >= 0:
                    ranges.append(_range(start, prev))
                start = cp
            prev = cp
    ranges.append(_range(start, prev))
    return "".join(ranges)


def _range(lo: int, hi: int) -> str:
    return re.escape(chr(lo)) if lo == hi else f"{re.escape(chr(lo))}-{re.escape(chr(hi))}"


@lru_cache(maxsize=1)
def token_re() -> re.Pattern[str]:
    """The tokenizer's pattern (built once: the mark class is computed from unicodedata)."""
    word_char = rf"[^\W{_CJK_RANGES}]"
    cont = f"[{_mark_class()}{_IGNORABLE}]"
    part = rf"{word_char}+(?:{cont}+{word_char}*)*"
    join = rf"(?:[{_APOSTROPHES}]|[{_HYPHENS}](?:[ \t]*\n[ \t]*)?|\.|(?<=\d),(?=\d))"
    return re.compile(rf"[{_CJK_RANGES}]+|[{_SYMBOLS}]|{part}(?:{join}{part})*")


def long_word_notes(text: str) -> list[str]:
    """What a query loses to MAX_TOKEN_CHARS: one note per word too long to be indexed."""
    notes = []
    for word in token_re().findall(text) if len(text) > MAX_TOKEN_CHARS else ():
        if len(word) > MAX_TOKEN_CHARS:
            shown = word[:20] + "…"
            notes.append(
                f"Ignored “{shown}” ({len(word):,} characters): words longer than "
                f"{MAX_TOKEN_CHARS} characters are not indexed."
            )
    return notes


@lru_cache(maxsize=131072)
def fold(word: str) -> str:
    """Case-fold a word and strip accents from Latin, Greek and Cyrillic letters."""
    if word.isascii():
        return word.lower()
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    out = []
    strip = True
    for ch in decomposed:
        if unicodedata.combining(ch):
            if strip:
                continue
        else:
            strip = ch < "\u0590"
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


def tag_key(tag: str) -> str:
    """The normalised form of a tag (or source) used for matching: folded, single-spaced."""
    return " ".join(fold(tag.strip().lstrip("#")).split())


def _identity(word: str) -> str:
    return word


class Analyzer:
    """Turns text into index/query terms. ``stem`` is injected (Whoosh's Porter stemmer)."""

    def __init__(self, stem: Callable[[str], str] | None = None) -> None:
        self._stem = stem or _identity
        self._cache: dict[str, str] = {}
        self._last: tuple[str, dict[str, list[int]]] | None = None

    def term(self, word: str) -> str:
        """The term for one word part (ignorable characters already dropped)."""
        term = self._cache.get(word)
        if term is None:
            term = self._stem(fold(word))
            if len(self._cache) > 100_000:
                self._cache.clear()
            self._cache[word] = term
        return term

    def stem(self, folded: str) -> str:
        """Stem an already folded word (for prefix and fuzzy queries)."""
        return self._stem(folded)

    def tokens(self, text: str, *, query: bool = False) -> Iterator[Token]:
        """Tokens of ``text``; ``query=True`` leaves out the index-only EXTRA tokens."""
        pos = 0
        cache = self._cache
        for m in token_re().finditer(text):
            s = m.group()
            if s.isascii() and s.isalnum():  # the common case: a plain ASCII word
                if len(s) <= MAX_TOKEN_CHARS:
                    yield (cache.get(s) or self.term(s), m.start(), m.end(), pos, WORD)
                    pos += 1
                continue
            made = self._special(s, m.start(), pos, query)
            pos += sum(1 for t in made if t[4] != EXTRA)
            yield from made

    def positions(self, text: str) -> dict[str, list[int]]:
        """Index terms of ``text`` with their positions (the indexing hot path).

        The last result is remembered, so two fields fed the same string object (the body
        with and without positions) analyse it once.
        """
        last = self._last
        if last is not None and last[0] is text:
            return last[1]
        out = self._positions(text)
        self._last = (text, out)
        return out

    def _positions(self, text: str) -> dict[str, list[int]]:
        out = self._word_positions(text)
        citations = find_citations(text)
        if citations:
            at = self._positions_at(text, [c.anchor for c in citations])
            for citation in citations:
                pos = at.get(citation.anchor)
                if pos is not None:
                    for term in citation.terms:
                        out.setdefault(term, []).append(pos)
        return out

    def _positions_at(self, text: str, offsets: list[int]) -> dict[int, int]:
        """The position of the token that starts at each of ``offsets`` (where one does)."""
        wanted = set(offsets)
        last = max(offsets)
        out: dict[int, int] = {}
        pos = 0
        for m in token_re().finditer(text, 0, last + MAX_TOKEN_CHARS):
            start = m.start()
            if start > last:
                break
            if start in wanted:
                out[start] = pos
            s = m.group()
            if s.isascii() and s.isalnum():
                pos += len(s) <= MAX_TOKEN_CHARS
                continue
            for _term, part_start, _end, part_pos, kind in self._special(s, start, pos, False):
                if kind != EXTRA:
                    if part_start in wanted:
                        out.setdefault(part_start, part_pos)
                    pos += 1
        return out

    def _word_positions(self, text: str) -> dict[str, list[int]]:
        out: dict[str, list[int]] = {}
        pos = 0
        cache = self._cache
        for s in token_re().findall(text):
            # A match that is a cached word part is one plain word: parts hold no hyphen,
            # no dot but between digits, nothing dropped, and at most MAX_TOKEN_CHARS.
            term = cache.get(s)
            if term is None and s.isascii() and s.isalnum():
                if len(s) > MAX_TOKEN_CHARS:
                    continue
                term = self.term(s)
            if term is not None:
                found = out.get(term)
                if found is None:
                    out[term] = [pos]
                else:
                    found.append(pos)
                pos += 1
                continue
            for term, _start, _end, p, kind in self._special(s, 0, pos, False):
                out.setdefault(term, []).append(p)
                if kind != EXTRA:
                    pos += 1
        return out

    def _special(self, s: str, start: int, pos: int, query: bool) -> list[Token]:
        """Tokens of one match that is not a plain ASCII word."""
        if s in _SYMBOLS:
            return [(s, start, start + 1, pos, SYMBOL)]
        if _CJK_CHAR.match(s):
            return _cjk(s, start, pos, query)
        return self._compound(s, start, pos, query)

    def _compound(self, s: str, base: int, pos: int, query: bool) -> list[Token]:
        parts: list[tuple[str, int, int]] = []
        begin = 0
        for sep in _SPLIT_RE.finditer(s):
            a, b = sep.start(), sep.end()
            if s[a] == "." and a > 0 and b < len(s) and s[a - 1].isdigit() and s[b].isdigit():
                continue  # 3.5, v1.2: a dot between digits stays in the number
            parts.append((s[begin:a], begin, a))
            begin = b
        parts.append((s[begin:], begin, len(s)))
        out: list[Token] = []
        cleaned = []
        for raw, a, b in parts:
            word = raw.translate(_DROP_IN_WORD)
            if not word or len(word) > MAX_TOKEN_CHARS:
                continue
            cleaned.append(word)
            out.append((self.term(word), base + a, base + b, pos, WORD))
            pos += 1
        if len(cleaned) > 1 and not query:
            joined = "".join(cleaned)
            if len(joined) <= MAX_TOKEN_CHARS:
                out.append((self.term(joined), base, base + len(s), pos - 1, EXTRA))
        return out


def _cjk(s: str, base: int, pos: int, query: bool) -> list[Token]:
    if len(s) == 1:
        return [(s, base, base + 1, pos, CJK1)]
    out: list[Token] = [
        (s[i : i + 2], base + i, base + i + 2, pos + i, CJK) for i in range(len(s) - 1)
    ]
    if not query:
        last = len(s) - 1
        out.append((s[last], base + last, base + last + 1, pos + last - 1, EXTRA))
    return out


def is_cjk(term: str) -> bool:
    """True if ``term`` starts with a CJK character (CJK terms are all CJK)."""
    return _CJK_CHAR.match(term) is not None


def edit_distance(a: str, b: str, limit: int = sys.maxsize) -> int:
    """Levenshtein distance (optimal string alignment: a swap of neighbours costs 1)."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]
