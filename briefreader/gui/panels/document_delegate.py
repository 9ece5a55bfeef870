"""Paints the library pane's rows in two lines: a work or document (title and reading
status; date · source and the work's formats and versions), or a member of a work
("PDF v2"; its date and file name)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from briefreader.core.models import DocumentRecord
from briefreader.gui.labels import status_label
from briefreader.gui.models.documents_model import RecordRole
from briefreader.gui.models.library_model import (
    BadgeRole,
    MemberRole,
    PositionRole,
    StatusRole,
    member_label,
)

_Index = QModelIndex | QPersistentModelIndex
STATUS_COLORS = {
    "to-read": "#56a8f5",
    "reading": "#f2994a",
    "read": "#6fcf97",
    "briefed": "#b18cf2",
}


class DocumentDelegate(QStyledItemDelegate):
    """Two lines per work, document or member of a work."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        record = index.data(RecordRole)
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        if not isinstance(record, DocumentRecord):
            return
        # the stylesheets keep the text colour on a (subtle) selection background
        text_color = opt.palette.color(QPalette.ColorRole.Text)
        muted = QColor(text_color)
        muted.setAlphaF(0.62)
        rect = opt.rect.adjusted(8, 4, -8, -4)
        painter.save()
        small = QFont(opt.font)
        small.setPointSizeF(max(7.0, opt.font.pointSizeF() * 0.86))
        if index.data(MemberRole):
            self._paint_member(painter, rect, record, opt.font, small, text_color, muted)
        else:
            self._paint_work(painter, rect, record, index, opt, small)
        painter.restore()

    def _paint_work(
        self,
        painter: QPainter,
        rect: QRect,
        record: DocumentRecord,
        index: _Index,
        opt: QStyleOptionViewItem,
        small: QFont,
    ) -> None:
        badge = str(index.data(BadgeRole) or "")
        reading_status = str(index.data(StatusRole) or "")
        position = int(index.data(PositionRole) or 0)
        text_color = opt.palette.color(QPalette.ColorRole.Text)
        muted = QColor(text_color)
        muted.setAlphaF(0.62)
        title_font = QFont(opt.font)
        title_font.setItalic(record.missing)
        title_metrics, small_metrics = QFontMetrics(title_font), QFontMetrics(small)
        left, width = rect.x(), rect.width()
        status = status_label(reading_status)
        if status:
            chip = _chip_rect(small_metrics, status, rect.right(), rect.y())
            color = STATUS_COLORS.get(reading_status, "#888888")
            _paint_chip(painter, chip, status, small, QColor(color), text_color)
            width = chip.left() - rect.x() - 6
        if position:  # a reading list's order
            number = f"{position}."
            painter.setFont(title_font)
            painter.setPen(muted)
            painter.drawText(left, rect.y() + title_metrics.ascent(), number)
            step = title_metrics.horizontalAdvance(number) + 6
            left, width = left + step, width - step
        painter.setFont(title_font)
        painter.setPen(text_color)
        title = title_metrics.elidedText(
            record.title or Path(record.path).name, Qt.TextElideMode.ElideRight, width
        )
        painter.drawText(left, rect.y() + title_metrics.ascent(), title)
        painter.setFont(small)
        baseline = rect.y() + title_metrics.height() + small_metrics.ascent() + 1
        width = rect.right() - left
        if badge:
            badge_width = small_metrics.horizontalAdvance(badge)
            painter.setPen(opt.palette.color(QPalette.ColorRole.Link))
            painter.drawText(rect.right() - badge_width, baseline, badge)
            width -= badge_width + 8
        painter.setPen(muted)
        meta = small_metrics.elidedText(meta_line(record), Qt.TextElideMode.ElideRight, width)
        painter.drawText(left, baseline, meta)

    @staticmethod
    def _paint_member(
        painter: QPainter,
        rect: QRect,
        record: DocumentRecord,
        font: QFont,
        small: QFont,
        text_color: QColor,
        muted: QColor,
    ) -> None:
        """ "PDF v2", then its date and file name (muted)."""
        label_font = QFont(font)
        label_font.setItalic(record.missing)
        metrics, small_metrics = QFontMetrics(label_font), QFontMetrics(small)
        painter.setFont(label_font)
        painter.setPen(text_color)
        painter.drawText(rect.x(), rect.y() + metrics.ascent(), member_label(record))
        rest = [b for b in (record.date, Path(record.path).name) if b]
        if record.missing:
            rest.append("missing from disk")
        painter.setFont(small)
        painter.setPen(muted)
        text = small_metrics.elidedText(
            "  ·  ".join(rest), Qt.TextElideMode.ElideMiddle, rect.width()
        )
        painter.drawText(rect.x(), rect.y() + metrics.height() + small_metrics.ascent() + 1, text)

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        """Every row two lines high (the view's rows are uniform: thousands lay out fast)."""
        return QSize(200, 2 * QFontMetrics(option.font).height() + 10)


def meta_line(record: DocumentRecord) -> str:
    """ "2025-01-03  ·  Congressional Research Service (CRS)" (or the file's name)."""
    bits = [b for b in (record.date, record.source) if b]
    if record.missing:
        bits.append("missing from disk")
    return "  ·  ".join(bits) or Path(record.path).name


def _chip_rect(metrics: QFontMetrics, text: str, right: int, top: int) -> QRect:
    width = metrics.horizontalAdvance(text) + 10
    return QRect(right - width, top, width, metrics.height() + 2)


def _paint_chip(
    painter: QPainter, rect: QRect, text: str, font: QFont, color: QColor, text_color: QColor
) -> None:
    """A small rounded label on a translucent colour: a reading status."""
    fill = QColor(color)
    fill.setAlpha(70)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(fill)
    painter.drawRoundedRect(rect, 4, 4)
    painter.setFont(font)
    painter.setPen(text_color)
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
