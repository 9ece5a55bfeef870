"""PDFs in the real MainWindow: pages before the text has loaded, the switch between the page
view and the text view at the same place, scanned pages, go to page, a failed load."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from pdf_builder import IMAGE_ONLY, PdfBuilder, Run, paragraph
from PySide6.QtCore import Qt

from briefreader.core.models import LoadError
from briefreader.gui.main_window import MainWindow
from briefreader.gui.window.pdf_controller import SCANNED_NOTICE

from .test_main_window import LONG, close_window, make_window, wait_indexed

PAGES = 6


def write_pdfs(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    report = PdfBuilder(info={"Title": "Six Page Report"})
    for n in range(1, PAGES + 1):
        report.page(
            [
                Run(72, 80, f"Chapter {n}", 16, bold=True),
                *paragraph(
                    72,
                    130,
                    [
                        f"Page {n} reviews the licences granted for chips and",
                        "the tools that make them, with a table of cases.",
                    ],
                ),
            ]
        )
    scan = PdfBuilder(info={"Title": "Scanned Letter"})
    scan.page(raw=IMAGE_ONLY)
    scan.page(raw=IMAGE_ONLY)
    paths = {"report": folder / "report.pdf", "scan": folder / "scan.pdf"}
    paths["report"].write_bytes(report.build())
    paths["scan"].write_bytes(scan.build())
    return paths


@pytest.fixture
def pdfs(tmp_path: Path) -> dict[str, Path]:
    return write_pdfs(tmp_path / "library")


@pytest.fixture
def window(qtbot, tmp_path: Path, pdfs: dict[str, Path]):
    window, library, _settings = make_window(qtbot, tmp_path, [pdfs["report"].parent])
    wait_indexed(qtbot, window)
    yield window
    close_window(window, library)


def doc_id(window: MainWindow, path: Path) -> str:
    record = window.library.record_for_path(path)
    assert record is not None
    return record.doc_id


def open_mapped(qtbot, window: MainWindow, path: Path) -> None:
    window.controllers.reading.open_document(doc_id(window, path))
    qtbot.waitUntil(lambda: window.panes.pdf_view.pdf_layout() is not None, timeout=LONG)


def test_the_first_page_shows_before_the_document_has_loaded(
    qtbot, window: MainWindow, pdfs: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    library = window.library
    release = threading.Event()
    load = library.document

    def slow_document(wanted: str):
        release.wait(LONG / 1000)
        return load(wanted)

    monkeypatch.setattr("briefreader.gui.window.reading.LOAD_AT_ONCE_BYTES", {"pdf": 0})
    monkeypatch.setattr(library, "document", slow_document)
    view = window.panes.pdf_view
    window.controllers.reading.open_document(doc_id(window, pdfs["report"]))
    try:
        qtbot.waitUntil(lambda: 1 in view.rendered_pages(), timeout=LONG)
        assert window.controllers.document.pending is not None  # the text is still loading
        assert window.panes.reader_stack.currentWidget() is view
        assert view.pdf_layout() is None and view.selection() is None
    finally:
        release.set()
    qtbot.waitUntil(lambda: view.pdf_layout() is not None, timeout=LONG)
    assert window.controllers.document.document.title == "Six Page Report"


def test_page_and_text_views_switch_at_the_same_place(
    qtbot, window: MainWindow, pdfs: dict[str, Path]
) -> None:
    open_mapped(qtbot, window, pdfs["report"])
    view, reader = window.panes.pdf_view, window.panes.reader
    document = window.controllers.document.document
    view.scroll_to_offset(document.text.index("Page 4 reviews"))
    assert view.current_page == 4
    assert window.status.position.text() == f"Page 4 of {PAGES}"
    window.actions_["pdf_text"].trigger()
    assert window.panes.reader_stack.currentWidget() is reader
    assert document.page_at(reader.current_offset()) == 4
    assert window.settings.pdf_view() == "text"
    assert window.panes.pdf_bar.text_button.isChecked()
    reader.scroll_to_offset(document.text.index("Page 2 reviews"))
    window.panes.pdf_bar.pages_button.click()
    qtbot.waitUntil(lambda: view.pdf_layout() is not None, timeout=LONG)
    assert window.panes.reader_stack.currentWidget() is view
    assert view.current_page == 2
    assert window.actions_["pdf_pages"].isChecked()


def test_go_to_page_and_zoom_from_the_page_bar(
    qtbot, window: MainWindow, pdfs: dict[str, Path]
) -> None:
    open_mapped(qtbot, window, pdfs["report"])
    view, bar = window.panes.pdf_view, window.panes.pdf_bar
    assert view.fits_width and bar.fit.isChecked()
    window.actions_["go_to_page"].trigger()
    assert bar.page.hasFocus()
    qtbot.keyClicks(bar.page, "5")
    qtbot.keyClick(bar.page, Qt.Key.Key_Return)
    assert view.current_page == 5
    zoom = view.zoom
    bar.zoom_in.click()
    assert view.zoom > zoom and not view.fits_width
    assert window.settings.pdf_zoom() == pytest.approx(view.zoom, abs=1e-3)
    assert bar.zoom_label.text() == f"{round(view.zoom * 100)}%"


def test_a_scanned_pdf_shows_its_pages_and_says_there_is_no_text(
    qtbot, window: MainWindow, pdfs: dict[str, Path]
) -> None:
    open_mapped(qtbot, window, pdfs["scan"])
    view = window.panes.pdf_view
    qtbot.waitUntil(lambda: 1 in view.rendered_pages(), timeout=LONG)
    assert view.page_count == 2
    assert window.panes.pdf_bar.notice.text() == SCANNED_NOTICE
    assert "no text layer" in window.panes.header.meta.text()


def test_a_pdf_that_fails_to_load_gives_the_pages_back_to_the_one_shown(
    qtbot, window: MainWindow, pdfs: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    open_mapped(qtbot, window, pdfs["report"])
    view = window.panes.pdf_view
    view.go_to_page(3)
    library = window.library
    load = library.document
    scan = doc_id(window, pdfs["scan"])

    def failing(wanted: str):
        if wanted == scan:
            raise LoadError("damaged PDF: no page text could be read")
        return load(wanted)

    monkeypatch.setattr(library, "document", failing)
    window.controllers.reading.open_document(scan)
    qtbot.waitUntil(lambda: window.controllers.document.pending is None, timeout=LONG)
    assert window.controllers.document.document.title == "Six Page Report"
    qtbot.waitUntil(lambda: view.pdf_layout() is not None, timeout=LONG)
    assert view.page_count == PAGES and view.current_page == 3
    assert window.panes.reader_stack.currentWidget() is view


def test_the_reading_position_on_the_pages_is_kept(
    qtbot, window: MainWindow, pdfs: dict[str, Path]
) -> None:
    open_mapped(qtbot, window, pdfs["report"])
    view = window.panes.pdf_view
    view.go_to_page(4)
    assert view.current_page == 4
    open_mapped(qtbot, window, pdfs["scan"])
    assert view.page_count == 2
    open_mapped(qtbot, window, pdfs["report"])
    assert view.page_count == PAGES and view.current_page == 4
    window.actions_["focus_reader"].trigger()
    assert view.hasFocus()


def test_the_context_menu_of_a_selection_highlights_it(
    qtbot, window: MainWindow, pdfs: dict[str, Path]
) -> None:
    open_mapped(qtbot, window, pdfs["report"])
    view = window.panes.pdf_view
    text = view.pdf_layout().text
    start = text.index("licences granted")
    view.set_selection(start, start + len("licences granted"))
    menu = view.context_menu(view.range_rects(start, start + 3)[0].center())
    items = [action.text() for action in menu.actions() if action.text()]
    assert items == [
        "Highlight",
        "Highlight with Note…",
        "Copy",
        "Zoom In",
        "Zoom Out",
        "Fit Width",
    ]
    colours = menu.actions()[0].menu()
    next(a for a in colours.actions() if a.text() == "Blue").trigger()
    (annotation,) = window.library.annotations()
    assert annotation.anchor.exact == "licences granted" and annotation.color == "blue"
    # on the highlight, without a selection: edit it
    assert view.selection() is None
    with qtbot.waitSignal(view.highlight_clicked) as clicked:
        menu = view.context_menu(view.range_rects(start, start + 3)[0].center())
        menu.actions()[0].trigger()
    assert clicked.args == [annotation.id]
