"""What the reader paints itself, around the text: code boxes, quote bars, rules, page markers.

They are drawn from block properties set by the renderer, so none of them adds a character
to the QTextDocument (the canonical offset mapping stays exact).
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen, QTextBlock

from briefreader.gui.document_renderer import (
    PROP_KIND,
    PROP_PAGE,
    PROP_QUOTE,
    QUOTE_INDENT,
    RenderStyle,
)


class VisibleBlock(NamedTuple):
    block: QTextBlock
    rect: QRectF  # viewport coordinates
    kind: str  # the canonical block kind ("" for Qt-only blocks)


class Column(NamedTuple):
    """The text column in viewport coordinates, and the viewport height."""

    left: float
    right: float
    height: float


def block_kind(block: QTextBlock) -> str:
    # stringProperty/intProperty, not property(): PySide6 6.12 mishandles a missing QVariant.
    return block.blockFormat().stringProperty(PROP_KIND) if block.isValid() else ""


def paint_code_boxes(
    painter: QPainter, blocks: list[VisibleBlock], column: Column, style: RenderStyle
) -> None:
    """One rounded box behind each run of code lines (painted before the text)."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(style.code_background))
    run: list[VisibleBlock] = []
    for item in [*blocks, VisibleBlock(QTextBlock(), QRectF(), "")]:
        if item.kind == "code":
            run.append(item)
            continue
        if not run:
            continue
        first, last = run[0], run[-1]
        continues_above = block_kind(first.block.previous()) == "code"
        continues_below = block_kind(last.block.next()) == "code"
        top = -20.0 if continues_above else first.rect.top() - 8.0
        bottom = column.height + 20.0 if continues_below else last.rect.bottom() + 8.0
        box = QRectF(column.left, top, column.right - column.left, bottom - top)
        painter.drawRoundedRect(box, 5.0, 5.0)
        run = []


def paint_decorations(
    painter: QPainter,
    blocks: list[VisibleBlock],
    column: Column,
    style: RenderStyle,
    body_font: QFont,
) -> None:
    """Quote bars, rules and PDF page markers (painted over the text's margins)."""
    muted = QColor(style.muted)
    bar_color = QColor(muted)
    bar_color.setAlpha(110)
    marker_font = QFont(body_font)
    marker_font.setPointSizeF(max(body_font.pointSizeF() * 0.72, 7.0))
    ascent = QFontMetricsF(body_font).ascent()
    for block, rect, kind in blocks:
        fmt = block.blockFormat()
        depth = fmt.intProperty(PROP_QUOTE)
        if depth:
            for level in range(depth):
                x = column.left + level * QUOTE_INDENT + 4.0
                painter.fillRect(QRectF(x, rect.top(), 3.0, rect.height()), bar_color)
        elif kind == "rule" and not block.text():
            y = rect.center().y()
            painter.setPen(QPen(bar_color, 1.0))
            painter.drawLine(QPointF(column.left, y), QPointF(column.right, y))
        page = fmt.intProperty(PROP_PAGE)
        if page:
            _page_marker(painter, page, rect, column, marker_font, muted, ascent)


def _page_marker(
    painter: QPainter,
    page: int,
    rect: QRectF,
    column: Column,
    font: QFont,
    color: QColor,
    ascent: float,
) -> None:
    """ "p. N" in the left margin and, from page 2 on, a dashed line above the page's text."""
    painter.setFont(font)
    painter.setPen(color)
    label = f"p. {page}"
    x = max(2.0, column.left - QFontMetricsF(font).horizontalAdvance(label) - 14.0)
    painter.drawText(QPointF(x, rect.top() + ascent * 1.2), label)
    if page > 1:
        pen = QPen(color)
        pen.setStyle(Qt.PenStyle.DashLine)
        pen.setWidthF(0.8)
        painter.setPen(pen)
        y = rect.top() - 11.0
        painter.drawLine(QPointF(column.left, y), QPointF(column.right, y))
