"""Differences between two versions of a text: changed words, and changed paragraphs.

Both levels use ``difflib.SequenceMatcher``: words (runs of non-space with the space after
them) inside a passage, the canonical text's lines (its blocks: paragraphs, headings, list
items, lines of plain text) across a document.

Public API::

    word_diff(old, new) -> tuple[Piece, ...]         # "same" / "removed" / "added" pieces
    was_now(pieces, mark) -> tuple[str, str]          # the old and new text, changes marked
    runs(pieces, side) -> list[(kind, text)]           # one side, changed words apart
    inline(pieces, mark) -> str                       # both sides in one, changes marked
    line_diff(old, new) -> list[LineChange]           # unchanged / added / removed / changed
    unchanged_ranges(old, new) -> list[(start, end)]  # parts of ``new`` copied from ``old``
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

SAME, REMOVED, ADDED = "same", "removed", "added"
UNCHANGED, CHANGED = "unchanged", "changed"
PAIRING_RATIO = 0.5  # a removed and an added line this alike are one changed line
MAX_PAIRING = 200  # lines on each side of a replaced run paired by likeness (beyond: not)
MAX_LINES = 200_000  # more lines than this are compared as removed + added wholesale

_WORD = re.compile(r"\S+\s*|\s+")


@dataclass(frozen=True)
class Piece:
    """A run of words that is the same in both texts, only in the old, or only in the new."""

    kind: str  # SAME, REMOVED or ADDED
    text: str


@dataclass(frozen=True)
class LineChange:
    """A run of lines: ``old[old_start:old_end]`` became ``new[new_start:new_end]``.

    Offsets are code points into the two texts (lines without their newline). ``kind`` is
    UNCHANGED, ADDED (only new), REMOVED (only old) or CHANGED (one line edited: its
    ``pieces`` mark the words).
    """

    kind: str
    old_start: int
    old_end: int
    new_start: int
    new_end: int
    pieces: tuple[Piece, ...] = ()


def words(text: str) -> list[str]:
    """The text as words, each with the white space after it ("" joins them back)."""
    return _WORD.findall(text)


def word_diff(old: str, new: str) -> tuple[Piece, ...]:
    """The words of ``old`` and ``new`` as same / removed / added pieces, in order."""
    a, b = words(old), words(new)
    pieces: list[Piece] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            _append(pieces, SAME, "".join(a[i1:i2]))
            continue
        if i2 > i1:
            _append(pieces, REMOVED, "".join(a[i1:i2]))
        if j2 > j1:
            _append(pieces, ADDED, "".join(b[j1:j2]))
    return tuple(pieces)


def _append(pieces: list[Piece], kind: str, text: str) -> None:
    if pieces and pieces[-1].kind == kind:
        pieces[-1] = Piece(kind, pieces[-1].text + text)
    elif text:
        pieces.append(Piece(kind, text))


def was_now(
    pieces: Sequence[Piece],
    mark: Callable[[str, str], str],
    plain: Callable[[str], str] = str,
) -> tuple[str, str]:
    """The old and the new text: each change wrapped by ``mark(kind, words)`` (the white
    space around the words stays outside), everything else passed through ``plain``."""

    def side(shown: str) -> str:
        return "".join(
            plain(text) if kind == SAME else mark(kind, text) for kind, text in runs(pieces, shown)
        )

    return side(REMOVED), side(ADDED)


def inline(pieces: Sequence[Piece], mark: Callable[[str, str], str]) -> str:
    """Both texts in one: removed and added words each wrapped by ``mark(kind, words)``,
    in order (as ``git diff --word-diff`` shows them)."""
    out = []
    for piece in pieces:
        shown = runs([piece], piece.kind) if piece.kind != SAME else [(SAME, piece.text)]
        out += [text if kind == SAME else mark(kind, text) for kind, text in shown]
    return "".join(out)


def runs(pieces: Sequence[Piece], shown: str) -> list[tuple[str, str]]:
    """One side of a diff (``shown`` is REMOVED for the old text, ADDED for the new) as
    ``(kind, text)`` runs: SAME for unchanged text and the white space around changed
    words, ``shown`` for the changed words themselves."""
    out: list[tuple[str, str]] = []
    for piece in pieces:
        if piece.kind == SAME:
            out.append((SAME, piece.text))
        elif piece.kind == shown:
            core = piece.text.strip()
            if not core:
                out.append((SAME, piece.text))
                continue
            lead = piece.text[: len(piece.text) - len(piece.text.lstrip())]
            tail = piece.text[len(piece.text.rstrip()) :]
            out += [(SAME, lead), (shown, core), (SAME, tail)]
    return [(kind, text) for kind, text in out if text]


def bracket_mark(kind: str, text: str) -> str:
    """``[-removed-]`` / ``{+added+}``, as ``git diff --word-diff`` shows them."""
    return f"[-{text}-]" if kind == REMOVED else f"{{+{text}+}}"


def _lines(text: str) -> tuple[list[str], list[int]]:
    lines = text.split("\n")
    starts, offset = [], 0
    for line in lines:
        starts.append(offset)
        offset += len(line) + 1
    return lines, starts


def _matcher(a: list[str], b: list[str]) -> difflib.SequenceMatcher[str] | None:
    if len(a) > MAX_LINES or len(b) > MAX_LINES:
        return None
    return difflib.SequenceMatcher(None, a, b)


def unchanged_ranges(old: str, new: str) -> list[tuple[int, int]]:
    """Ranges of ``new`` made of whole lines copied, in order, from ``old``.

    Every passage inside one range has an identical passage in ``old`` (the ranges map to
    distinct, ordered parts of it), so a passage that is new to the text overlaps what is
    outside them.
    """
    a, _ = _lines(old)
    b, b_starts = _lines(new)
    matcher = _matcher(a, b)
    if matcher is None:
        return []
    ranges = []
    for _i, j, size in matcher.get_matching_blocks():
        if size:
            end = b_starts[j + size - 1] + len(b[j + size - 1])
            ranges.append((b_starts[j], end))
    return ranges


def line_diff(old: str, new: str) -> list[LineChange]:
    """The two texts line by line: runs of unchanged lines, added, removed and changed ones.

    A replaced run is paired line by line where a removed and an added line are at least
    PAIRING_RATIO alike (a changed line, with its words marked); the rest is removed or
    added.
    """
    a, a_starts = _lines(old)
    b, b_starts = _lines(new)

    def span(kind: str, i1: int, i2: int, j1: int, j2: int) -> LineChange:
        o1, o2 = _extent(a, a_starts, i1, i2)
        n1, n2 = _extent(b, b_starts, j1, j2)
        pieces = word_diff(a[i1], b[j1]) if kind == CHANGED else ()
        return LineChange(kind, o1, o2, n1, n2, pieces)

    matcher = _matcher(a, b)
    opcodes = matcher.get_opcodes() if matcher else [("replace", 0, len(a), 0, len(b))]
    out: list[LineChange] = []
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            out.append(span(UNCHANGED, i1, i2, j1, j2))
        elif tag == "delete":
            out.append(span(REMOVED, i1, i2, j1, j1))
        elif tag == "insert":
            out.append(span(ADDED, i1, i1, j1, j2))
        else:
            for kind, p1, p2, q1, q2 in _pair(a, b, i1, i2, j1, j2):
                out.append(span(kind, p1, p2, q1, q2))
    return out


def _extent(lines: list[str], starts: list[int], i1: int, i2: int) -> tuple[int, int]:
    """Code point range of lines ``i1:i2`` (an empty run: where it would be)."""
    if i2 > i1:
        return starts[i1], starts[i2 - 1] + len(lines[i2 - 1])
    at = starts[i1] if i1 < len(starts) else (starts[-1] + len(lines[-1]) if lines else 0)
    return at, at


def _pair(
    a: list[str], b: list[str], i1: int, i2: int, j1: int, j2: int
) -> list[tuple[str, int, int, int, int]]:
    """A replaced run as changed pairs (in order, greedy by likeness) and the rest."""
    out: list[tuple[str, int, int, int, int]] = []
    i, j = i1, j1
    if i2 - i1 <= MAX_PAIRING and j2 - j1 <= MAX_PAIRING:
        while i < i2 and j < j2:
            match = next((k for k in range(j, j2) if _alike(a[i], b[k])), None)
            if match is None:
                out.append((REMOVED, i, i + 1, j, j))
                i += 1
                continue
            if match > j:
                out.append((ADDED, i, i, j, match))
            out.append((CHANGED, i, i + 1, match, match + 1))
            i, j = i + 1, match + 1
    if i < i2:
        out.append((REMOVED, i, i2, j, j))
    if j < j2:
        out.append((ADDED, i2, i2, j, j2))
    return out


def _alike(old: str, new: str) -> bool:
    matcher = difflib.SequenceMatcher(None, words(old), words(new), autojunk=False)
    return matcher.quick_ratio() >= PAIRING_RATIO and matcher.ratio() >= PAIRING_RATIO
