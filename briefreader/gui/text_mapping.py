"""Exact mapping between canonical offsets (code points) and QTextDocument positions (UTF-16).

Every canonical ``Block`` is rendered as the text of exactly one ``QTextBlock`` (a paragraph
or a table cell), so a position inside block *i* differs from the block's start by the UTF-16
length of the text before it. Between two canonical blocks there is one ``"\\n"``; between
their Qt blocks there is at least one position (a paragraph separator, or table frame
characters). A very long plain block is shown in pieces, a space between two pieces becoming
the paragraph separator (or, with no space near, a separator added between two characters:
a position that maps to the cut), and a long run of lines in groups, each ``"\\n"`` inside a
group shown as U+2028: the mapping is then made of the pieces and groups (segments) instead,
with the same arithmetic. This module knows nothing about Qt: the renderer hands it the
segments and the Qt position where each one's text starts.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from briefreader.core.models import Block

# Characters that QTextCursor.insertText turns into block or frame breaks: rendering replaces
# them one-for-one so that positions stay aligned with the canonical text.
_BREAKING = {"\r": " ", "\u2029": "\u2028", "\ufdd0": "\ufffd", "\ufdd1": "\ufffd", "\n": " "}
_BREAKING_TABLE = str.maketrans(_BREAKING)
_BREAKING_BUT_NEWLINE = {ch: to for ch, to in _BREAKING.items() if ch != "\n"}
_BREAKING_BUT_NEWLINE_TABLE = str.maketrans(_BREAKING_BUT_NEWLINE)


def displayable(text: str) -> str:
    """``text`` with the characters that would split a QTextBlock replaced one-for-one."""
    if any(ch in text for ch in _BREAKING):
        return text.translate(_BREAKING_TABLE)
    return text


def keep_newlines_displayable(text: str) -> str:
    """Like :func:`displayable`, but ``"\n"`` stays: the block breaks of a run of blocks."""
    if any(ch in text for ch in _BREAKING_BUT_NEWLINE):
        return text.translate(_BREAKING_BUT_NEWLINE_TABLE)
    return text


def utf16_len(text: str) -> int:
    """Length of ``text`` in UTF-16 code units (what QTextDocument positions count)."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


class TextMapping:
    """Canonical offset <-> Qt position for one rendered document."""

    def __init__(self, text: str, blocks: Sequence[Block], qt_starts: Sequence[int]) -> None:
        if len(blocks) != len(qt_starts):
            raise ValueError("one Qt start per block is required")
        self._text_length = len(text)
        starts = [b.start for b in blocks]
        if starts == sorted(starts):  # the usual case: spare a sort by key
            self._starts = starts
            self._ends = [b.end for b in blocks]
            self._qt_starts = list(qt_starts)
        else:
            order = sorted(range(len(blocks)), key=lambda i: blocks[i].start)
            self._starts = [blocks[i].start for i in order]
            self._ends = [blocks[i].end for i in order]
            self._qt_starts = [qt_starts[i] for i in order]
        # Per block: canonical indexes (relative to the block start) of astral characters,
        # or None when the block is all BMP (the common case: one look at the whole text).
        self._astral: list[tuple[int, ...] | None] = [None] * len(self._starts)
        if not (text.isascii() or max(text, default="") <= "\uffff"):
            for n, (start, end) in enumerate(zip(self._starts, self._ends, strict=True)):
                chunk = text[start:end]
                if not chunk.isascii() and max(chunk, default="") > "\uffff":
                    self._astral[n] = tuple(i for i, ch in enumerate(chunk) if ord(ch) > 0xFFFF)
        if self._qt_starts == sorted(self._qt_starts):
            self._qt_order = list(range(len(self._starts)))
            self._qt_sorted = self._qt_starts
        else:
            self._qt_order = sorted(range(len(self._starts)), key=lambda i: self._qt_starts[i])
            self._qt_sorted = [self._qt_starts[i] for i in self._qt_order]

    @property
    def text_length(self) -> int:
        return self._text_length

    def __len__(self) -> int:
        return len(self._starts)

    def block_index(self, offset: int) -> int:
        """Index (in canonical order) of the block that holds ``offset`` (or ends at it)."""
        return max(0, bisect_right(self._starts, offset) - 1)

    def block_span(self, index: int) -> tuple[int, int]:
        return self._starts[index], self._ends[index]

    def qt_block_start(self, index: int) -> int:
        return self._qt_starts[index]

    def qt_position(self, offset: int) -> int:
        """The Qt position of canonical ``offset`` (clamped to the text)."""
        if not self._starts:
            return 0
        offset = min(max(offset, 0), self._text_length)
        i = self.block_index(offset)
        start, end = self._starts[i], self._ends[i]
        within = min(offset, end) - start
        if within < 0:  # before the first block's text (cannot happen for a well-formed doc)
            return self._qt_starts[i]
        astral = self._astral[i]
        extra = bisect_left(astral, within) if astral else 0
        return self._qt_starts[i] + within + extra

    def canonical_offset(self, qt_pos: int) -> int:
        """The canonical offset of Qt position ``qt_pos``.

        Positions between two blocks' texts (paragraph separators, table frame characters)
        map to the end of the previous block's text when adjacent to it, else to the start of
        the next block; a position inside a surrogate pair rounds down to its character.
        """
        if not self._starts:
            return 0
        k = bisect_right(self._qt_sorted, qt_pos) - 1
        if k < 0:
            return self._starts[self._qt_order[0]]
        i = self._qt_order[k]
        start, end = self._starts[i], self._ends[i]
        units = qt_pos - self._qt_starts[i]
        astral = self._astral[i]
        within = self._units_to_chars(astral, units) if astral else units
        if within <= end - start:
            return start + within
        if k + 1 < len(self._qt_order):  # in the gap before the next block
            return self._starts[self._qt_order[k + 1]]
        return self._text_length

    @staticmethod
    def _units_to_chars(astral: tuple[int, ...], units: int) -> int:
        chars = units
        for j, index in enumerate(astral):
            unit_start = index + j  # UTF-16 index of this astral character
            if unit_start + 2 <= units:
                chars -= 1
            elif unit_start + 1 == units:
                return index  # inside the surrogate pair
            else:
                break
        return chars  # may exceed ``length``: the caller treats that as the gap after the block

    def block_segments(self, start: int, end: int) -> list[tuple[int, int]]:
        """The Qt ranges covering canonical ``[start, end)``, one per block touched."""
        if not self._starts or end <= start:
            return []
        first = self.block_index(start)
        last = self.block_index(max(start, end - 1))
        segments = []
        for i in range(first, last + 1):
            seg_start = max(start, self._starts[i])
            seg_end = min(end, self._ends[i])
            if seg_end > seg_start:
                segments.append((self.qt_position(seg_start), self.qt_position(seg_end)))
        return segments
