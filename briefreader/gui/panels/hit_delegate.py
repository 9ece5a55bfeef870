"""Paints one search hit: title, source · date · tags, and a snippet with the hits marked."""

from __future__ import annotations

import html

from PySide6.QtCore import QModelIndex, QRectF, QSize
from PySide6.QtGui import QAbstractTextDocumentLayout, QColor, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from briefreader.core.models import KIND_ANNOTATION, SearchHit
from briefreader.gui import colors
from briefreader.gui.models.search_results_model import snippet_html

PADDING = 8
STRIPE = 4


def hit_of(index: QModelIndex) -> SearchHit | None:
    """The SearchHit behind a row of a SearchResultsModel."""
    if not index.isValid():
        return None
    hit = index.model().hit(index)
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
    meta = html.escape(meta_text(hit))
    snippet = snippet_markup(hit, mark_css)
    muted_css = f"rgba({muted.red()},{muted.green()},{muted.blue()},{muted.alphaF():.2f})"
    return (
        f"<div style='color:{text}'><b>{title}</b></div>"
        + (f"<div style='color:{muted_css}; font-size:small'>{meta}</div>" if meta else "")
        + (f"<div style='color:{text}; margin-top:3px'>{snippet}</div>" if snippet else "")
    )


class HitDelegate(QStyledItemDelegate):
    """Rich text rows for search hits; annotation hits carry their colour as a stripe."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)

    def _document(self, option: QStyleOptionViewItem, index: QModelIndex) -> QTextDocument:
        hit = hit_of(index)
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setDocumentMargin(0)
        dark = option.palette.color(QPalette.ColorRole.Base).lightness() < 128
        doc.setHtml(hit_html(hit, option.palette, dark) if hit else "")
        doc.setTextWidth(max(50, option.rect.width() - 2 * PADDING - STRIPE))
        return doc

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else None
        painter.save()
        if style is not None:
            style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, opt, painter, widget)
        hit = hit_of(index)
        if hit is not None and hit.kind == KIND_ANNOTATION:
            stripe = QRectF(option.rect.left() + 1, option.rect.top() + 4, STRIPE, 0)
            stripe.setBottom(option.rect.bottom() - 4)
            painter.fillRect(stripe, colors.swatch(hit.color or "yellow"))
        doc = self._document(opt, index)
        painter.translate(option.rect.left() + PADDING + STRIPE, option.rect.top() + PADDING)
        context = QAbstractTextDocumentLayout.PaintContext()
        context.palette = opt.palette
        doc.documentLayout().draw(painter, context)
        painter.restore()
        # a thin separator under each row
        painter.save()
        line = QColor(option.palette.color(QPalette.ColorRole.Mid))
        line.setAlpha(60)
        painter.setPen(line)
        bottom = option.rect.bottom()
        painter.drawLine(
            option.rect.left() + PADDING, bottom, option.rect.right() - PADDING, bottom
        )
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        width = opt.rect.width()
        if isinstance(opt.widget, QAbstractItemView):
            width = opt.widget.viewport().width()
        opt.rect.setWidth(max(width, 200))
        doc = self._document(opt, index)
        return QSize(int(doc.idealWidth()), int(doc.size().height()) + 2 * PADDING)


__all__ = ["HitDelegate", "hit_of", "snippet_markup"]
