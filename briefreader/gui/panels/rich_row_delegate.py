"""A list row painted from HTML, with an optional colour stripe and a thin separator."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRectF, QSize
from PySide6.QtGui import QAbstractTextDocumentLayout, QColor, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import QAbstractItemView, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from briefreader.gui import colors

PADDING = 8
# Rendered notes hold paragraphs and lists: no blank margins between the lines of a row.
ROW_CSS = "p { margin: 0; } ul, ol { margin-top: 0; margin-bottom: 0; }"

Index = QModelIndex | QPersistentModelIndex  # what Qt hands a delegate


class RichRowDelegate(QStyledItemDelegate):
    """Subclasses say what a row shows (``row_html``) and its stripe colour, if any."""

    stripe_width = 4

    def row_html(self, option: QStyleOptionViewItem, index: Index) -> str:
        raise NotImplementedError

    def stripe_color(self, index: Index) -> str | None:
        return None

    def _document(self, option: QStyleOptionViewItem, index: Index) -> QTextDocument:
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setDocumentMargin(0)
        doc.setDefaultStyleSheet(ROW_CSS)
        doc.setHtml(self.row_html(option, index))
        doc.setTextWidth(max(50, option.rect.width() - 2 * PADDING - self.stripe_width))
        return doc

    def anchor_at(self, view: QAbstractItemView, index: Index, point: QPointF) -> str:
        """The href of the link under ``point`` (the view's viewport coordinates) in the
        row ``index``, or ""."""
        opt = QStyleOptionViewItem()
        opt.initFrom(view)
        opt.rect = view.visualRect(index)
        opt.font = view.font()
        self.initStyleOption(opt, index)
        doc = self._document(opt, index)
        origin = QPointF(opt.rect.left() + PADDING + self.stripe_width, opt.rect.top() + PADDING)
        return doc.documentLayout().anchorAt(point - origin)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        opt.icon = type(opt.icon)()
        widget = opt.widget
        painter.save()
        if widget is not None:
            widget.style().drawPrimitive(
                QStyle.PrimitiveElement.PE_PanelItemViewItem, opt, painter, widget
            )
        color = self.stripe_color(index)
        if color is not None:
            stripe = QRectF(option.rect.left() + 1, option.rect.top() + 4, self.stripe_width, 0)
            stripe.setBottom(option.rect.bottom() - 4)
            painter.fillRect(stripe, colors.swatch(color))
        doc = self._document(opt, index)
        painter.translate(
            option.rect.left() + PADDING + self.stripe_width, option.rect.top() + PADDING
        )
        context = QAbstractTextDocumentLayout.PaintContext()
        context.palette = opt.palette
        doc.documentLayout().draw(painter, context)
        painter.restore()
        painter.save()  # a thin separator under each row
        line = QColor(option.palette.color(QPalette.ColorRole.Mid))
        line.setAlpha(60)
        painter.setPen(line)
        bottom = option.rect.bottom()
        painter.drawLine(
            option.rect.left() + PADDING, bottom, option.rect.right() - PADDING, bottom
        )
        painter.restore()

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        width = opt.rect.width()
        if isinstance(opt.widget, QAbstractItemView):
            width = opt.widget.viewport().width()
        opt.rect.setWidth(max(width, 200))
        doc = self._document(opt, index)
        return QSize(int(doc.idealWidth()), int(doc.size().height()) + 2 * PADDING)
