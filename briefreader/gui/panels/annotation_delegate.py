"""Paints one annotation: colour stripe, quote, note, tags, and a badge for its anchor status."""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QStyleOptionViewItem,
    QWidget,
)

from briefreader.core.export.common import NoteRenderer
from briefreader.core.models import AnchorStatus, Annotation
from briefreader.gui.panels.rich_row_delegate import Index, RichRowDelegate
from briefreader.gui.wording import is_dark, was_now_html, wording_pieces

STRIPE = 5
QUOTE_CHARS = 220
NOTE_CHARS = 260

STATUS_LABELS = {
    AnchorStatus.MOVED: ("moved", "#1a73e8"),
    AnchorStatus.FUZZY: ("fuzzy — please confirm", "#b86e00"),
    AnchorStatus.AMBIGUOUS: ("ambiguous — pick its place", "#9c3fc4"),
    AnchorStatus.ORPHANED: ("orphaned — re-attach", "#c62828"),
}


def status_label(annotation: Annotation) -> tuple[str, str] | None:
    """(text, colour) of the badge for an annotation that is not simply anchored."""
    return STATUS_LABELS.get(AnchorStatus(annotation.status))


def _short(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def note_html(note: str, render: Callable[[str], str]) -> str:
    """A note as the list shows it: its Markdown rendered (bold, lists, links as text),
    cut to about NOTE_CHARS, with the pencil at the start of its first paragraph."""
    short = note if len(note) <= NOTE_CHARS else note[: NOTE_CHARS - 1].rstrip() + "…"
    rendered = render(short) or html.escape(short)
    if rendered.startswith("<p>"):
        return "<p>✎ " + rendered[3:]
    return "✎ " + rendered


def quote_html(annotation: Annotation, palette: QPalette, limit: int | None = QUOTE_CHARS) -> str:
    """The quote in italics; a reworded one as "was … / now …", its changed words marked."""
    pieces = wording_pieces(annotation)
    if pieces:
        return was_now_html(pieces, _muted_css(palette), limit, is_dark(palette))
    quote = annotation.anchor.exact
    return f"<i>“{html.escape(_short(quote, limit) if limit else quote)}”</i>"


def _muted_css(palette: QPalette) -> str:
    muted = QColor(palette.color(QPalette.ColorRole.Text))
    muted.setAlphaF(0.7)
    return f"rgba({muted.red()},{muted.green()},{muted.blue()},{muted.alphaF():.2f})"


def annotation_html(
    annotation: Annotation,
    palette: QPalette,
    title: str | None,
    render_note: Callable[[str], str] = html.escape,
    page: int | None = None,
) -> str:
    # the stylesheets keep the text colour on a (subtle) selection background
    text = palette.color(QPalette.ColorRole.Text)
    muted_css = _muted_css(palette)
    parts = []
    where = [f"<b>{html.escape(title)}</b>"] if title else []
    if page is not None:
        where.append(f"p.&#160;{page}")  # the PDF page, as a citation gives it
    if where:
        parts.append(f"<div style='color:{muted_css}; font-size:small'>{' · '.join(where)}</div>")
    badge = status_label(annotation)
    if badge:
        parts.append(
            f"<div><span style='color:{badge[1]}; font-weight:600; font-size:small'>"
            f"⚠ {html.escape(badge[0])}</span></div>"
        )
    parts.append(f"<div style='color:{text.name()}'>{quote_html(annotation, palette)}</div>")
    if annotation.note:
        parts.append(
            f"<div style='color:{text.name()}; margin-top:3px'>"
            f"{note_html(annotation.note, render_note)}</div>"
        )
    if annotation.tags:
        tags = " ".join(f"#{html.escape(t)}" for t in annotation.tags)
        parts.append(f"<div style='color:{muted_css}; font-size:small'>{tags}</div>")
    return "".join(parts)


class AnnotationDelegate(RichRowDelegate):
    """Rich rows for annotations; ``title_for(doc_id)`` adds the document title when set,
    ``page_for(annotation_id)`` the PDF page."""

    stripe_width = STRIPE

    def __init__(
        self,
        annotation_for: Callable[[Index], Annotation | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._annotation_for = annotation_for
        self.title_for: Callable[[str], str | None] | None = None
        self.page_for: Callable[[int], int | None] | None = None  # annotation id -> PDF page
        self._notes = NoteRenderer()  # Markdown to sanitised HTML, as the exports show notes

    def row_html(self, option: QStyleOptionViewItem, index: Index) -> str:
        annotation = self._annotation_for(index)
        if annotation is None:
            return ""
        title = self.title_for(annotation.doc_id) if self.title_for else None
        page = self.page_for(annotation.id) if self.page_for else None
        return annotation_html(annotation, option.palette, title, self._notes, page)

    def stripe_color(self, index: Index) -> str | None:
        annotation = self._annotation_for(index)
        return annotation.color if annotation is not None else None
