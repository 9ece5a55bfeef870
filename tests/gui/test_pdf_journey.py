"""A PDF in the real MainWindow: shown as its pages, a passage selected on page 2 and
highlighted with a colour key, the window closed and opened again on the same data dir
(the highlight is drawn over the same characters), then a search hit on page 3 opened from
the results (the view goes to page 3 and marks it)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pdf_builder import PdfBuilder, Run, paragraph
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QColor

from briefreader.gui.main_window import MainWindow

from .test_main_window import LONG, close_window, make_window, wait_indexed

PASSAGE = "tariff schedule for the equipment"
TERM = "molybdenum"


def write_report(folder: Path) -> Path:
    builder = PdfBuilder(info={"Title": "Critical Inputs Report"})
    lines = {
        1: ["This report looks at the supply of critical inputs for the", "factories."],
        2: [
            "The commission proposes a new tariff schedule for the",
            "equipment that makes chips, reviewed every quarter by",
            "the bureau and published in the register.",
        ],
        3: ["Stockpiles of", f"{TERM} and tungsten are low, the agency", "warns in its letter."],
        4: ["The last page sums the findings up."],
    }
    for number, text in lines.items():
        builder.page([Run(72, 80, f"Part {number}", 16, bold=True), *paragraph(72, 130, text)])
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "inputs.pdf"
    path.write_bytes(builder.build())
    return path


def open_pdf(qtbot, window: MainWindow, path: Path) -> None:
    record = window.library.record_for_path(path)
    assert record is not None
    window.controllers.reading.open_document(record.doc_id)
    view = window.panes.pdf_view
    qtbot.waitUntil(lambda: view.pdf_layout() is not None, timeout=LONG)
    assert window.panes.reader_stack.currentWidget() is view


def page_boxes(view, page: int) -> list[QRectF]:
    """The highlight boxes drawn on ``page``, in points from the page's corner."""
    rect = view.page_rect(page)
    zoom = view.zoom
    return [
        QRectF(
            (r.x() - rect.x()) / zoom,
            (r.y() - rect.y()) / zoom,
            r.width() / zoom,
            r.height() / zoom,
        )
        for r, _ident in view.highlight_rects(page)
    ]


def drag(qtbot, viewport, start: QPoint, end: QPoint) -> None:
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(viewport, pos=(start + end) / 2)
    qtbot.mouseMove(viewport, pos=end)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)


@pytest.mark.slow
def test_pdf_journey(qtbot, tmp_path: Path) -> None:
    path = write_report(tmp_path / "library")
    window, library, _settings = make_window(qtbot, tmp_path, [path.parent])
    try:
        wait_indexed(qtbot, window)
        open_pdf(qtbot, window, path)
        view = window.panes.pdf_view
        layout = view.pdf_layout()
        assert layout is not None
        # select the passage on page 2 by dragging across it (it spans two lines)
        start = layout.text.index(PASSAGE)
        end = start + len(PASSAGE)
        assert layout.page_of(start) == 2
        view.go_to_page(2)
        qtbot.waitUntil(lambda: 2 in view.rendered_pages(), timeout=LONG)
        first, last = view.range_rects(start, start + 1)[0], view.range_rects(end - 1, end)[0]
        view.setFocus()
        drag(
            qtbot,
            view.viewport(),
            QPoint(int(first.left()) + 1, int(first.center().y())),
            QPoint(round(last.left() + 0.8 * last.width()), int(last.center().y())),
        )
        assert view.selection() == (start, end)
        assert window.panes.selection_toolbar.isVisible()
        # the colour key 2 highlights it green, as anywhere else
        qtbot.keyClick(view, Qt.Key.Key_2)
        qtbot.waitUntil(lambda: len(library.annotations()) == 1, timeout=LONG)
        annotation = library.annotations()[0]
        assert (annotation.anchor.start, annotation.anchor.end) == (start, end)
        assert annotation.anchor.exact == PASSAGE
        assert annotation.color == "green"
        expected = [
            QRectF(x0, y0, x1 - x0, y1 - y0) for _p, (x0, y0, x1, y1) in layout.boxes(start, end)
        ]
        assert len(expected) == 2  # one box per line it covers
        assert page_boxes(view, 2) == expected
        assert view.selection() is None  # the colour shows, not the selection
        # the Annotations pane cites the page
        panel = window.panes.annotations_panel
        assert [a.id for a in panel.shown()] == [annotation.id]
        assert panel.delegate.page_for is not None and panel.delegate.page_for(annotation.id) == 2
    finally:
        close_window(window, library)

    # the window again, on the same data dir: the box is drawn at the same characters
    window, library, _settings = make_window(qtbot, tmp_path, start_indexing=False)
    try:
        open_pdf(qtbot, window, path)
        view = window.panes.pdf_view
        view.go_to_page(2)
        qtbot.waitUntil(lambda: 2 in view.rendered_pages(), timeout=LONG)
        assert page_boxes(view, 2) == expected
        box = view.highlight_rects(2)[0][0]
        view.viewport().repaint()
        image = view.viewport().grab().toImage()
        inside = image.pixelColor(int(box.left()) + 2, int(box.top()) + 2)
        assert inside.green() > inside.red() + 20 and inside.green() > inside.blue()

        # a search whose hit is on page 3: opening it goes to page 3 and marks the word
        window.panes.search_panel.set_query(TERM)
        documents = window.panes.search_panel.documents
        qtbot.waitUntil(lambda: documents.rowCount() > 0, timeout=LONG)
        listing = window.panes.search_panel.document_list
        rect = listing.visualRect(documents.index(0, 0))
        qtbot.mouseClick(listing.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.waitUntil(lambda: view.current_page == 3, timeout=LONG)
        offset = view.pdf_layout().text.index(TERM)
        (hit,) = view.hit_rects(3)
        assert hit == view.range_rects(offset, offset + len(TERM))[0]
        assert 0 < hit.top() < view.viewport().height()
        edge = (
            view.viewport()
            .grab()
            .toImage()
            .pixelColor(QPointF(hit.left(), hit.center().y()).toPoint())
        )
        assert edge != QColor(Qt.GlobalColor.white)  # the hit's outline is drawn
        assert window.status.position.text() == "Page 3 of 4"
    finally:
        close_window(window, library)
