"""PDF export: the HTML export typeset by Qt (QTextDocument) and written by QPdfWriter.

The text stays real, selectable text; each page gets "Page n of N" in its footer, and a
summary of more than one part opens with a table of contents giving each part's page (two
passes: the first lays the document out to learn the pages, the second writes). Needs a
Qt application object: one is created when none exists (a QApplication, so widgets made
later in the same process keep working).
"""

from __future__ import annotations

import logging
import os
import sys

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QFont,
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)

from briefreader.core.export.common import Summary
from briefreader.core.export.formats import register_renderer
from briefreader.core.export.html import contents, render_html_text

log = logging.getLogger(__name__)

RESOLUTION = 300  # dots per inch of the PDF's coordinate system (text stays vector)
MARGINS_MM = QMarginsF(16, 16, 16, 12)  # left, top, right, bottom (the footer sits inside)
FOOTER_PT = 8.0
KEEP_ZONE = 0.85  # a heading below this fraction of the page starts the next page instead
BODY_PT = 10.0

_keep_alive: list[QGuiApplication] = []  # an application we had to create lives on


def _application_args() -> list[str]:
    """Arguments for an application we create: offscreen when there is no display at all
    (the CLI on a server), since typesetting a PDF needs fonts, not a screen."""
    args = ["briefreader-pdf"]
    headless = sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    )
    if headless and not os.environ.get("QT_QPA_PLATFORM"):
        args += ["-platform", "offscreen"]
    return args


def ensure_application() -> QGuiApplication:
    """The running Qt application, or a new one when there is none."""
    app = QGuiApplication.instance()
    if app is None:
        try:
            from PySide6.QtWidgets import QApplication

            app = QApplication(_application_args())
        except ImportError:  # pragma: no cover - QtWidgets ships with PySide6-Essentials
            app = QGuiApplication(_application_args())
        _keep_alive.append(app)
        log.debug("created a Qt application for PDF export")
    return app  # type: ignore[return-value]


def _points_to_px(points: float) -> float:
    return points * RESOLUTION / 72.0


def _writer(buffer: QBuffer, page_size: QPageSize.PageSizeId) -> QPdfWriter:
    writer = QPdfWriter(buffer)
    writer.setResolution(RESOLUTION)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(page_size),
            QPageLayout.Orientation.Portrait,
            MARGINS_MM,
            QPageLayout.Unit.Millimeter,
        )
    )
    writer.setCreator("BriefReader")
    return writer


def _typeset(html: str, writer: QPdfWriter) -> tuple[QTextDocument, QSizeF]:
    """The document laid out in pages of the writer's body (above the footer)."""
    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(writer)  # fonts measured at the PDF's resolution
    doc.setUseDesignMetrics(True)
    font = QFont(doc.defaultFont())
    font.setPointSizeF(BODY_PT)
    doc.setDefaultFont(font)
    doc.setDocumentMargin(0)
    doc.setHtml(html)
    paint = writer.pageLayout().paintRectPixels(RESOLUTION)
    body = QSizeF(paint.width(), paint.height() - _points_to_px(FOOTER_PT * 3))
    doc.setPageSize(body)
    _keep_headings_with_text(doc, body.height())
    return doc, body


def heading_pages(html: str, level: int = 2) -> list[int]:
    """The page (from 1) of each heading of ``level`` once ``html`` is typeset."""
    ensure_application()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    doc, body = _typeset(html, _writer(buffer, QPageSize.PageSizeId.A4))
    layout = doc.documentLayout()
    pages = []
    block = doc.begin()
    while block.isValid():
        if block.blockFormat().headingLevel() == level:
            pages.append(int(layout.blockBoundingRect(block).top() // body.height()) + 1)
        block = block.next()
    buffer.close()
    return pages


def render_pdf(html: str, *, page_size: QPageSize.PageSizeId = QPageSize.PageSizeId.A4) -> bytes:
    """Typeset ``html`` (the HTML export) into PDF bytes, page numbers in the footer."""
    ensure_application()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = _writer(buffer, page_size)
    doc, body = _typeset(html, writer)
    writer.setTitle(doc.metaInformation(QTextDocument.MetaInformation.DocumentTitle))
    footer_height = _points_to_px(FOOTER_PT * 3)
    pages = max(1, doc.pageCount())

    footer_font = QFont(doc.defaultFont())
    footer_font.setPointSizeF(FOOTER_PT)
    painter = QPainter()
    if not painter.begin(writer):
        raise RuntimeError("could not start the PDF writer")
    try:
        for index in range(pages):
            if index:
                writer.newPage()
            _draw_page(painter, doc, index, body)
            painter.setFont(footer_font)
            painter.setPen(Qt.GlobalColor.darkGray)
            footer = QRectF(0, body.height(), body.width(), footer_height)
            painter.drawText(
                footer,
                int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom),
                f"Page {index + 1} of {pages}",
            )
    finally:
        painter.end()
    buffer.close()
    data: QByteArray = buffer.data()
    return bytes(data.data())


def _keep_headings_with_text(doc: QTextDocument, page_height: float) -> None:
    """Move a heading that would end up at the foot of a page to the top of the next one."""
    layout = doc.documentLayout()
    # Lay the whole document out first: Qt lays out lazily, and a format change made while
    # part of it is still pending leaves the rest unlaid (those blocks would be lost).
    layout.blockBoundingRect(doc.lastBlock())
    block = doc.begin()
    while block.isValid():
        if block.blockFormat().headingLevel() > 0:
            rect = layout.blockBoundingRect(block)
            page_top = (rect.top() // page_height) * page_height
            if rect.top() > page_top and rect.bottom() > page_top + KEEP_ZONE * page_height:
                block_format = block.blockFormat()
                block_format.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
                QTextCursor(block).setBlockFormat(block_format)
        block = block.next()


def _draw_page(painter: QPainter, doc: QTextDocument, index: int, body: QSizeF) -> None:
    """Paint page ``index`` of the paginated document at the top of the current page."""
    painter.save()
    painter.setClipRect(QRectF(0, 0, body.width(), body.height()))
    painter.translate(0, -index * body.height())
    context = QAbstractTextDocumentLayout.PaintContext()
    context.clip = QRectF(0, index * body.height(), body.width(), body.height())
    doc.documentLayout().draw(painter, context)
    painter.restore()


def render_summary_pdf(summary: Summary) -> bytes:
    """An export summary as PDF: its HTML export, typeset, with a table of contents when it
    has more than one part (laid out once with placeholder page numbers to learn the pages;
    numbers of the same width leave the layout as it was)."""
    parts = contents(summary)
    if len(parts) < 2:
        return render_pdf(render_html_text(summary))
    pages = heading_pages(render_html_text(summary, ["00"] * len(parts)))
    if len(pages) != len(parts):  # a heading Qt did not mark: better no numbers than wrong ones
        log.warning("table of contents: %d headings for %d parts", len(pages), len(parts))
        return render_pdf(render_html_text(summary))
    return render_pdf(render_html_text(summary, [str(page) for page in pages]))


def register_pdf_export() -> None:
    """Let core's export write PDF (core never imports Qt; the window and the CLI call this)."""
    register_renderer("pdf", render_summary_pdf)
