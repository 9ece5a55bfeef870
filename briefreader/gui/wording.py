"""Changed wording as Qt rich text: an annotation's quote as first highlighted against its
wording now ("was … / now …"), and any word diff, removed words struck, added words marked.

Shared by the annotations pane (list and detail), the review list and the version diff.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtGui import QPalette

from briefreader.core.models import Annotation
from briefreader.core.textdiff import ADDED, REMOVED, SAME, Piece, runs, word_diff

CONTEXT_CHARS = 40  # unchanged text kept on each side of a change when the quote is cut
REMOVED_LIGHT, REMOVED_DARK = "#c62828", "#ef8a8a"
ADDED_BACKGROUND = "rgba(46,160,67,0.30)"


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def wording_pieces(annotation: Annotation) -> tuple[Piece, ...]:
    """The original quote against the current one, word by word (() when the same)."""
    if not annotation.reworded:
        return ()
    return word_diff(annotation.original_anchor.exact, annotation.anchor.exact)


def mark(kind: str, text: str, dark: bool = False) -> str:
    """One changed run: removed words struck in red, added words on green."""
    escaped = html.escape(text)
    if kind == REMOVED:
        color = REMOVED_DARK if dark else REMOVED_LIGHT
        return f"<span style='color:{color}; text-decoration:line-through'>{escaped}</span>"
    if kind == ADDED:
        style = f"background-color:{ADDED_BACKGROUND}; font-weight:600"
        return f"<span style='{style}'>{escaped}</span>"
    return escaped


def side_html(
    pieces: Sequence[Piece], shown: str, limit: int | None = None, dark: bool = False
) -> str:
    """One side of a diff (``shown``: REMOVED for the old text, ADDED for the new) with
    its changes marked; longer than ``limit`` characters, the unchanged text far from any
    change is cut to "…"."""
    parts = runs(pieces, shown)
    if limit is not None and sum(len(text) for _kind, text in parts) > limit:
        parts = _elided(parts)
    return "".join(mark(kind, text, dark) for kind, text in parts).replace("\n", " ")


def _elided(parts: list[tuple[str, str]]) -> list[tuple[str, str]]:
    out = []
    last = len(parts) - 1
    for i, (kind, text) in enumerate(parts):
        if kind != SAME or len(text) <= 2 * CONTEXT_CHARS:
            out.append((kind, text))
        elif i == 0:
            out.append((kind, "…" + text[-CONTEXT_CHARS:]))
        elif i == last:
            out.append((kind, text[:CONTEXT_CHARS] + "…"))
        else:
            out.append((kind, text[:CONTEXT_CHARS] + " … " + text[-CONTEXT_CHARS:]))
    return out


def was_now_html(
    pieces: Sequence[Piece], muted_css: str, limit: int | None = None, dark: bool = False
) -> str:
    """Two lines, "was “…”" and "now “…”", each with its changed words marked."""
    label = f"<span style='color:{muted_css}; font-size:small'>{{}}</span> "
    was = side_html(pieces, REMOVED, limit, dark)
    now = side_html(pieces, ADDED, limit, dark)
    return (
        f"<div>{label.format('was')}<i>“{was}”</i></div>"
        f"<div>{label.format('now')}<i>“{now}”</i></div>"
    )


def inline_html(pieces: Sequence[Piece], dark: bool = False) -> str:
    """Both texts in one, in order: removed words struck, added words marked."""
    out = []
    for piece in pieces:
        if piece.kind == SAME:
            out.append(html.escape(piece.text))
        else:
            out += [mark(kind, text, dark) for kind, text in runs([piece], piece.kind)]
    return "".join(out)
