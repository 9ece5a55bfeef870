"""Paints one search hit: title, source · date · tags, and a snippet with the hits marked."""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QObject, QPointF, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPalette
from PySide6.QtWidgets import QAbstractItemView, QStyleOptionViewItem

from briefreader.core.models import KIND_ANNOTATION, KIND_DOCUMENT_NOTE, SearchHit
from briefreader.gui import colors
from briefreader.gui.labels import member_name
from briefreader.gui.models.search_results_model import HitRole, snippet_html
from briefreader.gui.panels.rich_row_delegate import Index, RichRowDelegate

ALTERNATE_LINK = "alternate:"  # href of an "also: PDF v2" link, then the member's doc_id


def hit_of(index: Index) -> SearchHit | None:
    """The SearchHit behind a row of a SearchResultsModel."""
    hit = index.data(HitRole) if index.isValid() else None
    return hit if isinstance(hit, SearchHit) else None


def snippet_markup(hit: SearchHit, mark_color: str) -> str:
    """The snippet as HTML with each mark on a coloured background, elided at the ends."""
    snippet = hit.snippet
    if snippet is None or not snippet.text:
        return ""
    body = snippet_html(snippet, mark_color)
    return f"…{body}…" if snippet.offset > 0 else f"{body}…"


def meta_text(hit: SearchHit) -> str:
    bits = [b for b in (hit.source, hit.date) if b]
    if hit.tags:
        bits.append(" ".join(f"#{t}" for t in hit.tags[:6]))
    return "  ·  ".join(bits)


def alternates_html(hit: SearchHit, link_css: str) -> str:
    """ "also: PDF v2 · Markdown v1": a link to each other member of the hit's work."""
    if not hit.alternates:
        return ""
    links = (
        f"<a href='{ALTERNATE_LINK}{html.escape(a.doc_id)}' style='color:{link_css}'>"
        f"{html.escape(member_name(a.format, a.version))}</a>"
        for a in hit.alternates
    )
    return "also: " + " · ".join(links)


def hit_html(hit: SearchHit, palette: QPalette, dark: bool) -> str:
    # the stylesheets keep the text colour on a (subtle) selection background
    text = palette.color(QPalette.ColorRole.Text).name()
    muted = QColor(text)
    muted.setAlphaF(0.68)
    mark = colors.mark_color(dark)
    mark_css = f"rgba({mark.red()},{mark.green()},{mark.blue()},{mark.alphaF():.2f})"
    title = html.escape(hit.title or hit.path)
    if hit.kind == KIND_ANNOTATION:
        title = f"{title}  <span style='font-weight:normal'>— highlight</span>"
    elif hit.kind == KIND_DOCUMENT_NOTE:  # say which note matched: the document's own
        title = f"✎ Note on “{title}”"
    meta = html.escape(meta_text(hit))
    snippet = snippet_markup(hit, mark_css)
    muted_css = f"rgba({muted.red()},{muted.green()},{muted.blue()},{muted.alphaF():.2f})"
    also = alternates_html(hit, palette.color(QPalette.ColorRole.Link).name())
    return (
        f"<div style='color:{text}'><b>{title}</b></div>"
        + (f"<div style='color:{muted_css}; font-size:small'>{meta}</div>" if meta else "")
        + (f"<div style='color:{muted_css}; font-size:small'>{also}</div>" if also else "")
        + (f"<div style='color:{text}; margin-top:3px'>{snippet}</div>" if snippet else "")
    )


class HitDelegate(RichRowDelegate):
    """Rich text rows for search hits; annotation hits carry their colour as a stripe."""

    def row_html(self, option: QStyleOptionViewItem, index: Index) -> str:
        hit = hit_of(index)
        dark = option.palette.color(QPalette.ColorRole.Base).lightness() < 128
        return hit_html(hit, option.palette, dark) if hit else ""

    def stripe_color(self, index: Index) -> str | None:
        hit = hit_of(index)
        if hit is not None and hit.kind == KIND_ANNOTATION:
            return hit.color or "yellow"
        return None


class AlternateLinks(QObject):
    """Clicks on a hit's "also: PDF v2" links (on the list's viewport): they open that
    member of the work instead of the hit."""

    clicked = Signal(object, str)  # SearchHit, the doc_id of the member to open

    def __init__(self, view: QAbstractItemView, delegate: RichRowDelegate) -> None:
        super().__init__(view)
        self.view = view
        self.delegate = delegate
        view.viewport().setMouseTracking(True)
        view.viewport().installEventFilter(self)

    def link_at(self, point: QPointF) -> tuple[SearchHit, str] | None:
        """The hit and member doc_id of the link under ``point`` (viewport coordinates)."""
        index = self.view.indexAt(point.toPoint())
        hit = hit_of(index)
        if hit is None or not hit.alternates:
            return None
        anchor = self.delegate.anchor_at(self.view, index, point)
        if not anchor.startswith(ALTERNATE_LINK):
            return None
        return hit, anchor[len(ALTERNATE_LINK) :]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not isinstance(event, QMouseEvent):
            return False
        kind = event.type()
        if kind == QEvent.Type.MouseMove:
            found = self.link_at(event.position())
            shape = Qt.CursorShape.PointingHandCursor if found else Qt.CursorShape.ArrowCursor
            self.view.viewport().setCursor(shape)
        elif kind == QEvent.Type.MouseButtonRelease and event.button() == Qt.MouseButton.LeftButton:
            found = self.link_at(event.position())
            if found is not None:
                self.clicked.emit(*found)
                return True  # the hit itself is not opened
        return False


__all__ = ["AlternateLinks", "HitDelegate", "hit_of", "snippet_markup"]
