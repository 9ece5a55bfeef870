"""The window's panes: library and outline on the left, the reader, search and annotations."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from briefreader.gui.drops import DropTarget
from briefreader.gui.panels.annotations_panel import AnnotationsPanel
from briefreader.gui.panels.document_header import DocumentHeader
from briefreader.gui.panels.find_bar import FindBar
from briefreader.gui.panels.library_panel import LibraryPanel
from briefreader.gui.panels.outline_panel import OutlinePanel
from briefreader.gui.panels.pdf_bar import PdfBar
from briefreader.gui.panels.review_panel import ReviewPanel
from briefreader.gui.panels.search_panel import SearchPanel
from briefreader.gui.panels.selection_toolbar import SelectionToolbar
from briefreader.gui.panels.version_widgets import OldVersionBanner
from briefreader.gui.pdf_view import PdfPageView
from briefreader.gui.reader_view import ReaderView

WELCOME = (
    "<h2>BriefReader</h2>"
    "<p>Open a document from the library on the left,<br>"
    "or search every document and annotation with <b>Ctrl+K</b>.</p>"
    "<p>Select text and press <b>1</b>–<b>7</b> to highlight it.<br>"
    "<b>F1</b> lists every shortcut.</p>"
)


@dataclass(frozen=True)
class Panes:
    """Every widget of the window's body, typed, for the controllers to be given."""

    library_panel: LibraryPanel
    outline_panel: OutlinePanel
    left_tabs: QTabWidget
    reader: ReaderView
    pdf_view: PdfPageView  # a PDF as its pages (in the reader stack)
    pdf_bar: PdfBar  # over a PDF in either view
    selection_toolbar: SelectionToolbar  # over the reader, or the pages (reparented)
    header: DocumentHeader
    version_banner: OldVersionBanner  # over the reader while it shows an old version
    find_bar: FindBar
    welcome: QLabel
    loading: QLabel  # "Opening “title”…" while a large document loads
    reader_stack: QStackedWidget
    reader_area: QWidget
    search_panel: SearchPanel
    annotations_panel: AnnotationsPanel
    review_panel: ReviewPanel  # annotations that wait for a decision, across the library
    right_tabs: QTabWidget
    splitter: QSplitter
    drops: DropTarget  # files and folders dropped anywhere on the window


def build_panes(window: QMainWindow) -> Panes:
    """The panes, laid out in a splitter that becomes the window's central widget."""
    library_panel = LibraryPanel(window)
    outline_panel = OutlinePanel(window)
    left_tabs = _tabs(window, "leftTabs", (library_panel, "Library"), (outline_panel, "Outline"))

    reader = ReaderView(parent=window)
    pdf_view = PdfPageView(window)
    pdf_view.setObjectName("pdfView")
    pdf_bar = PdfBar(window)
    pdf_bar.hide()
    header = DocumentHeader(window)
    version_banner = OldVersionBanner(window)
    find_bar = FindBar(window)
    welcome = _centred_label(window, WELCOME)
    loading = _centred_label(window, "")
    reader_stack = QStackedWidget(window)
    for shown in (welcome, reader, loading, pdf_view):
        reader_stack.addWidget(shown)
    reader_area = QWidget(window)
    reader_area.setObjectName("readerArea")
    layout = QVBoxLayout(reader_area)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    layout.addWidget(header)
    layout.addWidget(version_banner)
    layout.addWidget(pdf_bar)
    layout.addWidget(reader_stack, 1)
    layout.addWidget(find_bar)

    search_panel = SearchPanel(window)
    annotations_panel = AnnotationsPanel(window)
    review_panel = ReviewPanel(window)
    right_tabs = _tabs(
        window,
        "rightTabs",
        (search_panel, "Search"),
        (annotations_panel, "Annotations"),
        (review_panel, "Review"),
    )

    splitter = QSplitter(Qt.Orientation.Horizontal, window)
    splitter.setObjectName("mainSplit")
    splitter.setChildrenCollapsible(True)
    for pane in (left_tabs, reader_area, right_tabs):
        splitter.addWidget(pane)
    splitter.setCollapsible(1, False)
    for index, stretch in enumerate((0, 1, 0)):
        splitter.setStretchFactor(index, stretch)
    splitter.setSizes([290, 700, 380])
    window.setCentralWidget(splitter)  # deletes the start-up placeholder
    return Panes(
        library_panel=library_panel,
        outline_panel=outline_panel,
        left_tabs=left_tabs,
        reader=reader,
        pdf_view=pdf_view,
        pdf_bar=pdf_bar,
        selection_toolbar=SelectionToolbar(reader.viewport()),
        header=header,
        version_banner=version_banner,
        find_bar=find_bar,
        welcome=welcome,
        loading=loading,
        reader_stack=reader_stack,
        reader_area=reader_area,
        search_panel=search_panel,
        annotations_panel=annotations_panel,
        review_panel=review_panel,
        right_tabs=right_tabs,
        splitter=splitter,
        drops=DropTarget(window),
    )


def _tabs(parent: QWidget, name: str, *pages: tuple[QWidget, str]) -> QTabWidget:
    tabs = QTabWidget(parent)
    tabs.setObjectName(name)
    tabs.setDocumentMode(True)
    for page, title in pages:
        tabs.addTab(page, title)
    return tabs


def _centred_label(parent: QWidget, text: str) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName("welcome")
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    return label
