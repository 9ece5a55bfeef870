"""The main window: library and outline on the left, the reader, search and annotations right.

This module builds the panes and holds the window-level slots; menus live in
``window/actions.py`` and the connections between siblings in ``window/wiring.py``.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from briefreader.gui.panels.annotations_panel import AnnotationsPanel
from briefreader.gui.panels.document_header import DocumentHeader
from briefreader.gui.panels.find_bar import FindBar
from briefreader.gui.panels.library_panel import LibraryPanel
from briefreader.gui.panels.outline_panel import OutlinePanel
from briefreader.gui.panels.search_panel import SearchPanel
from briefreader.gui.panels.selection_toolbar import SelectionToolbar
from briefreader.gui.reader_view import ReaderView
from briefreader.gui.settings import Settings
from briefreader.gui.window import appearance
from briefreader.gui.window.actions import build_menus
from briefreader.gui.window.annotating import Annotator
from briefreader.gui.window.commands import WindowCommands
from briefreader.gui.window.indexing import Indexer
from briefreader.gui.window.jobs import Jobs
from briefreader.gui.window.reading import Reading
from briefreader.gui.window.statusbar import WindowStatusBar
from briefreader.gui.window.wiring import WindowWiring

log = logging.getLogger(__name__)

LEFT_TABS = ("library", "outline")
RIGHT_TABS = ("search", "annotations")
WELCOME = (
    "<h2>BriefReader</h2>"
    "<p>Open a document from the library on the left,<br>"
    "or search every document and annotation with <b>Ctrl+K</b>.</p>"
    "<p>Select text and press <b>1</b>–<b>7</b> to highlight it.<br>"
    "<b>F1</b> lists every shortcut.</p>"
)


class MainWindow(QMainWindow, WindowCommands, WindowWiring):
    """The BriefReader window over one open Library."""

    def __init__(
        self,
        library: object,
        settings: Settings | None = None,
        folders: Sequence[Path] = (),
        *,
        start_indexing: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.settings = settings if settings is not None else Settings()
        self.setObjectName("mainWindow")
        self.setWindowTitle("BriefReader")
        self.resize(1360, 860)
        self._shown_once = False
        self.jobs = Jobs(self)
        self.annotator = Annotator(library, self)
        self.indexer = Indexer(library, self.jobs, self)
        self._build_panes()
        self.reading = Reading(library, self.reader, self)
        self.actions_ = build_menus(self, self)
        self.setStatusBar(self.status)
        self.connect_all()
        self.restore_state()
        appearance.install_theme(self, self.settings.theme())
        self._closing = False
        self._start_folders = list(folders) if start_indexing else None
        if not start_indexing:
            self.refresh_library()
            self.refresh_annotations()

    # ------------------------------------------------------------------ building

    def _build_panes(self) -> None:
        self.library_panel = LibraryPanel(self)
        self.outline_panel = OutlinePanel(self)
        self.left_tabs = QTabWidget(self)
        self.left_tabs.setObjectName("leftTabs")
        self.left_tabs.setDocumentMode(True)
        self.left_tabs.addTab(self.library_panel, "Library")
        self.left_tabs.addTab(self.outline_panel, "Outline")

        self.reader = ReaderView(parent=self)
        self.selection_toolbar = SelectionToolbar(self.reader.viewport())
        self.header = DocumentHeader(self)
        self.find_bar = FindBar(self)
        self.welcome = QLabel(WELCOME, self)
        self.welcome.setObjectName("welcome")
        self.welcome.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.welcome.setWordWrap(True)
        self.reader_stack = QStackedWidget(self)
        self.reader_stack.addWidget(self.welcome)
        self.reader_stack.addWidget(self.reader)
        center = QWidget(self)
        center.setObjectName("readerArea")
        self.reader_area = center
        center_layout = QVBoxLayout(center)
        center_layout.setContentsMargins(0, 0, 0, 0)
        center_layout.setSpacing(0)
        center_layout.addWidget(self.header)
        center_layout.addWidget(self.reader_stack, 1)
        center_layout.addWidget(self.find_bar)

        self.search_panel = SearchPanel(self)
        self.annotations_panel = AnnotationsPanel(self)
        self.right_tabs = QTabWidget(self)
        self.right_tabs.setObjectName("rightTabs")
        self.right_tabs.setDocumentMode(True)
        self.right_tabs.addTab(self.search_panel, "Search")
        self.right_tabs.addTab(self.annotations_panel, "Annotations")

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplit")
        self.splitter.setChildrenCollapsible(True)
        self.splitter.addWidget(self.left_tabs)
        self.splitter.addWidget(center)
        self.splitter.addWidget(self.right_tabs)
        self.splitter.setCollapsible(1, False)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 0)
        self.splitter.setSizes([290, 700, 380])
        self.setCentralWidget(self.splitter)
        self.status = WindowStatusBar(self)

    # ------------------------------------------------------------------ state

    def _splitters(self) -> dict[str, QSplitter]:
        return {
            "main": self.splitter,
            "library": self.library_panel.splitter,
            "search": self.search_panel.splitter,
            "annotations": self.annotations_panel.splitter,
        }

    def restore_state(self) -> None:
        geometry = self.settings.geometry()
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            screen = self.screen().availableGeometry() if self.screen() else None
            if screen is not None:
                width = min(1360, int(screen.width() * 0.92))
                height = min(860, int(screen.height() * 0.9))
                self.resize(width, height)
                self.move(screen.center() - self.rect().center())
        self._restore_splitters()
        self.left_tabs.setCurrentIndex(self.settings.side_tab("left"))
        self.right_tabs.setCurrentIndex(self.settings.side_tab("right"))
        self.reader.set_point_size(self.settings.font_size())

    def _restore_splitters(self) -> None:
        for name, splitter in self._splitters().items():
            state = self.settings.splitter_state(name)
            if state is not None:
                splitter.restoreState(state)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            # the splitters have their real sizes only now: restore their proportions again
            self._restore_splitters()
            if self._start_folders is not None:
                # After the first paint: fill the panes, reopen the last document, index.
                folders, self._start_folders = self._start_folders, None
                QTimer.singleShot(0, lambda: self.start_up(folders))

    def save_state(self) -> None:
        self.settings.set_geometry(self.saveGeometry())
        for name, splitter in self._splitters().items():
            self.settings.set_splitter_state(name, splitter.saveState())
        self.settings.set_side_tab("left", self.left_tabs.currentIndex())
        self.settings.set_side_tab("right", self.right_tabs.currentIndex())
        self.settings.set_last_document(self.reading.doc_id)
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._closing:
            self._closing = True
            self.reading.save_position()
            self.save_state()
            self.indexer.stop()
            self.jobs.shutdown()
        super().closeEvent(event)
