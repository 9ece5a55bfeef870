"""The standalone PDF page view: rendering off the GUI thread, selection in canonical
offsets, highlights drawn over their characters, scrolling to an offset."""

from __future__ import annotations

from pathlib import Path

import pytest
from pdf_builder import PdfBuilder, Run, paragraph
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor

from briefreader.core.formats.pdf_pages import PdfLayout
from briefreader.gui.pdf_view import PdfPageView

PAGES = 6


@pytest.fixture(scope="module")
def pdf_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    builder = PdfBuilder(info={"Title": "View Test"})
    for n in range(1, PAGES + 1):
        builder.page(
            [
                Run(72, 80, f"Section {n}", 16, bold=True),
                *paragraph(
                    72,
                    120,
                    [
                        f"Page {n} opens with export controls on chips and",
                        "the equipment that makes them, reviewed by the",
                        f"bureau every month. Entity number {n} is listed.",
                    ],
                ),
            ]
        )
    path = tmp_path_factory.mktemp("view") / "view.pdf"
    path.write_bytes(builder.build())
    return path


@pytest.fixture
def view(qtbot, pdf_path: Path) -> PdfPageView:
    widget = PdfPageView(cache=4)
    qtbot.addWidget(widget)
    widget.resize(700, 500)
    widget.show()
    qtbot.waitExposed(widget)
    widget.set_document(pdf_path)
    widget.set_zoom(1.0)
    yield widget
    widget.clear()


def centre(rect) -> QPoint:
    return rect.center().toPoint()


def wait_rendered(qtbot, view: PdfPageView, page: int) -> None:
    qtbot.waitUntil(lambda: page in view.rendered_pages(), timeout=10_000)


def test_pages_render_in_the_background_and_stay_few(qtbot, view: PdfPageView) -> None:
    wait_rendered(qtbot, view, 1)
    for page in range(1, PAGES + 1):
        view.go_to_page(page)
        wait_rendered(qtbot, view, page)
        assert len(view.rendered_pages()) <= 4 + 3  # the cache, plus what is on screen
    assert view.current_page == PAGES
    image = view.viewport().grab().toImage()
    assert image.pixelColor(2, 2) == QColor("#d9dbde")  # the light surroundings


def test_dragging_across_words_on_page_two_selects_their_offsets(qtbot, view: PdfPageView) -> None:
    layout = view.pdf_layout()
    assert layout is not None
    text = layout.text
    start = text.index("export controls", layout.page_start(2))
    end = start + len("export controls")
    view.go_to_page(2)
    wait_rendered(qtbot, view, 2)
    first, last = view.range_rects(start, start + 1)[0], view.range_rects(end - 1, end)[0]
    viewport = view.viewport()
    with qtbot.waitSignal(view.selection_changed) as signal:
        qtbot.mousePress(
            viewport,
            Qt.MouseButton.LeftButton,
            pos=QPoint(int(first.left()) + 1, centre(first).y()),
        )
        qtbot.mouseMove(viewport, pos=centre(last) + QPoint(2, 0))
        qtbot.mouseMove(viewport, pos=QPoint(int(last.right()) - 1, centre(last).y()))
        qtbot.mouseRelease(
            viewport, Qt.MouseButton.LeftButton, pos=QPoint(int(last.right()) - 1, centre(last).y())
        )
    assert tuple(signal.args) == (start, end)
    assert text[start:end] == "export controls"


def test_double_click_selects_a_word(qtbot, view: PdfPageView) -> None:
    layout = view.pdf_layout()
    assert layout is not None
    start = layout.text.index("equipment", layout.page_start(1))
    rect = view.range_rects(start, start + len("equipment"))[0]
    with qtbot.waitSignal(view.selection_changed) as signal:
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre(rect))
    assert tuple(signal.args) == (start, start + len("equipment"))


def test_a_highlight_is_drawn_over_its_characters(qtbot, view: PdfPageView) -> None:
    layout = view.pdf_layout()
    assert layout is not None
    start = layout.text.index("bureau", layout.page_start(1))
    end = start + len("bureau every month")
    wait_rendered(qtbot, view, 1)
    view.set_highlights([(start, end, "green", 7)])
    (rect,) = view.range_rects(start, end)
    image = view.viewport().grab().toImage()
    inside = image.pixelColor(int(rect.left()) + 2, int(rect.top()) + 2)
    below = image.pixelColor(int(rect.left()) + 2, int(rect.bottom()) + 30)
    assert below == QColor(Qt.GlobalColor.white)
    assert inside.green() > inside.red() + 20 and inside.green() > inside.blue()
    with qtbot.waitSignal(view.highlight_clicked) as signal:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre(rect))
    assert signal.args == [7]


def test_search_hits_are_marked_apart_from_highlights(qtbot, view: PdfPageView) -> None:
    layout = view.pdf_layout()
    assert layout is not None
    start = layout.text.index("chips", layout.page_start(1))
    wait_rendered(qtbot, view, 1)
    view.mark_hits([(start, start + 5)])
    (rect,) = view.range_rects(start, start + 5)
    image = view.viewport().grab().toImage()
    edge = image.pixelColor(int(rect.left()), int(rect.center().y()))
    assert edge.red() > 200 and edge.blue() < 120  # the orange outline


def test_scroll_to_an_offset_on_page_three_makes_it_current(qtbot, view: PdfPageView) -> None:
    layout = view.pdf_layout()
    assert layout is not None
    offset = layout.text.index("Entity number 3")
    with qtbot.waitSignal(view.page_changed) as signal:
        view.scroll_to_offset(offset)
    assert view.current_page == 3
    assert tuple(signal.args) == (3, PAGES)
    (rect,) = view.range_rects(offset, offset + 6)
    assert 0 < rect.top() < view.viewport().height() / 2


def test_zoom_and_fit_width(qtbot, view: PdfPageView) -> None:
    view.zoom_in()
    assert view.zoom == pytest.approx(1.25)
    view.zoom_out()
    view.zoom_out()
    assert view.zoom == pytest.approx(0.8)
    view.fit_width()
    assert view.page_rect(1).width() == pytest.approx(view.viewport().width() - 32, abs=1)
    point = view.to_viewport(1, 100, 200)
    assert view.from_viewport(QPointF(point))[0] == 1


def test_a_layout_opened_elsewhere_is_left_open(qtbot, pdf_path: Path) -> None:
    widget = PdfPageView(dark=True)
    qtbot.addWidget(widget)
    widget.resize(400, 300)
    with PdfLayout.open(pdf_path) as layout:
        widget.set_document(pdf_path, layout)
        widget.show()
        qtbot.waitUntil(lambda: 1 in widget.rendered_pages(), timeout=10_000)
        assert widget.viewport().grab().toImage().pixelColor(1, 1) == QColor("#2b2d31")
        widget.clear()
        assert layout.page_count == PAGES  # still usable: the view did not close it


def test_scrolling_through_a_long_report_keeps_few_pages(qtbot, tmp_path: Path) -> None:
    builder = PdfBuilder()
    for n in range(1, 101):
        builder.page(paragraph(72, 100, [f"Page {n} of a long report on tariffs."]))
    path = tmp_path / "long.pdf"
    path.write_bytes(builder.build())
    widget = PdfPageView(cache=6)
    qtbot.addWidget(widget)
    widget.resize(600, 500)
    widget.show()
    widget.set_document(path)
    bar = widget.verticalScrollBar()
    for value in range(0, bar.maximum(), bar.maximum() // 40):
        bar.setValue(value)  # faster than pages render: stale requests are dropped
        qtbot.wait(1)
        assert len(widget.rendered_pages()) <= 6 + 4
    widget.go_to_page(100)
    qtbot.waitUntil(lambda: 100 in widget.rendered_pages(), timeout=10_000)
    assert widget.current_page == 100
    assert len(widget.rendered_pages()) <= 6 + 4
    widget.clear()
