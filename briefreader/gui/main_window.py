"""The main window: library and outline on the left, the reader, search and annotations right.

This module builds the panes and the controllers that act on them (``window/*_controller.py``,
each given the panes and the Library it needs); menus live in ``window/actions.py`` and the
connections between siblings in ``window/wiring.py``.

Start-up paints first: ``MainWindow(None, open_library=...)`` shows the frame (title,
geometry, theme, status bar) with an "Opening the library…" placeholder. After its first
paint the library opens on a worker thread; then the panes are built and filled, the last
document reopened and the library indexed, each on a later turn of the event loop. Only the
frame's modules are imported before the first paint: the panes, the Library and the parsers
come after it. ``MainWindow(library)`` builds everything at once (tests, tools).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QLabel, QMainWindow, QWidget

from briefreader.gui.settings import Settings
from briefreader.gui.window import appearance
from briefreader.gui.window.feedback import Feedback
from briefreader.gui.window.statusbar import WindowStatusBar

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent, QPaintEvent, QShowEvent
    from PySide6.QtWidgets import QSplitter, QStackedWidget, QTabWidget

    from briefreader.core.library import Library
    from briefreader.gui.panels.annotations_panel import AnnotationsPanel
    from briefreader.gui.panels.document_header import DocumentHeader
    from briefreader.gui.panels.find_bar import FindBar
    from briefreader.gui.panels.library_panel import LibraryPanel
    from briefreader.gui.panels.outline_panel import OutlinePanel
    from briefreader.gui.panels.search_panel import SearchPanel
    from briefreader.gui.panels.selection_toolbar import SelectionToolbar
    from briefreader.gui.reader_view import ReaderView
    from briefreader.gui.tasks import Task
    from briefreader.gui.window.actions import WindowActions
    from briefreader.gui.window.annotating import Annotator
    from briefreader.gui.window.annotating_controller import AnnotatingController
    from briefreader.gui.window.export_controller import ExportController
    from briefreader.gui.window.indexing import Indexer
    from briefreader.gui.window.indexing_controller import IndexingController
    from briefreader.gui.window.jobs import Jobs
    from briefreader.gui.window.preferences_controller import PreferencesController
    from briefreader.gui.window.reading import Reading
    from briefreader.gui.window.reading_controller import ReadingController
    from briefreader.gui.window.search_controller import SearchController
    from briefreader.gui.window.view_controller import ViewController

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
# Centred by its HTML: Qt.AlignmentFlag would build PySide's whole Qt enum namespace (20 ms)
# before the first paint.
OPENING = '<div align="center"><h2>BriefReader</h2><p>Opening the library…</p></div>'
OPEN_FAILED = '<div align="center"><h2>BriefReader</h2><p>The library was not opened.</p></div>'

NOTICE_MS = 30_000  # how long a notice after start-up stays in the status bar

# Start-up goes on after the first paint; this late at the latest (a window never painted).
FIRST_PAINT_FALLBACK_MS = 500

OpenLibrary = Callable[[], tuple["Library | None", str]]


class MainWindow(QMainWindow):
    """The BriefReader window over one open Library: panes, and the controllers over them."""

    first_painted = Signal()
    library_ready = Signal()  # the panes are built over the library (start-up follows)
    library_failed = Signal(str)  # the library could not be opened: a clear message

    def __init__(
        self,
        library: Library | None,
        settings: Settings | None = None,
        folders: Sequence[Path] = (),
        *,
        start_indexing: bool = True,
        open_library: OpenLibrary | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """``library`` open already, or None and ``open_library`` returning ``(library, "")``
        or ``(None, message)``: it runs on a worker thread after the first paint."""
        super().__init__(parent)
        if library is None and open_library is None:
            raise ValueError("a library, or a way to open one, is needed")
        self.library: Library | None = library
        self.settings = settings if settings is not None else Settings()
        self.setObjectName("mainWindow")
        self.setWindowTitle("BriefReader")
        self.resize(1360, 860)
        self.ready = False  # the panes are built over an open library
        self._shown_once = False
        self._painted = False
        self._started = False
        self._closing = False
        self._open_library = open_library
        self._library_task: Task | None = None
        self.jobs: Jobs | None = None
        self._notices: list[str] = []  # shown once the library is open and indexed
        self._after_run: list[str] = []  # shown once the next index run ends
        self._start_folders = list(folders) if start_indexing else None
        self.status = WindowStatusBar(self)
        self.setStatusBar(self.status)
        self.feedback = Feedback(self.status)
        self.placeholder: QLabel | None = None
        self._restore_geometry()
        self.theme_manager = appearance.install_theme(self, self.settings.theme())
        if library is not None:
            self._build(library)
        else:
            self.placeholder = QLabel(OPENING, self)
            self.placeholder.setObjectName("welcome")
            self.placeholder.setWordWrap(True)
            self.setCentralWidget(self.placeholder)

    # ------------------------------------------------------------------ building

    def _build(self, library: Library) -> None:
        """Panes, menus and connections over ``library`` (after the first paint at start-up)."""
        from briefreader.gui.window.actions import Controllers, build_menus
        from briefreader.gui.window.annotating import Annotator
        from briefreader.gui.window.indexing import Indexer
        from briefreader.gui.window.reading import Reading
        from briefreader.gui.window.wiring import connect_all

        self.library = library
        jobs = self._jobs()
        self.annotator: Annotator = Annotator(library, self)
        self.indexer: Indexer = Indexer(library, jobs, self)
        self._after_run = []  # connected to no indexer yet
        self._build_panes()
        self.reading: Reading = Reading(library, self.reader, self, jobs=jobs)
        self._build_controllers(library, jobs)
        self.actions_: WindowActions = build_menus(
            self,
            Controllers(
                self.view,
                self.searching,
                self.annotating,
                self.reading_controller,
                self.indexing,
                self.preferences,
                self.exporting,
                self.annotator,
                self.indexer,
                self.reader,
            ),
        )
        self.view.actions = self.annotating.actions = self.actions_
        connect_all(self)
        self._restore_panes()
        appearance.attach_reader(self.reader, self.theme_manager)
        self.view.check_theme_action(self.theme_manager.mode)
        self.ready = True
        if self._start_folders is None:  # no start-up run: show what there is now
            self.searching.refresh_library()
            self.annotating.refresh_annotations()

    def _build_controllers(self, library: Library, jobs: Jobs) -> None:
        from briefreader.gui.window.annotating_controller import AnnotatingController
        from briefreader.gui.window.export_controller import ExportController
        from briefreader.gui.window.indexing_controller import IndexingController
        from briefreader.gui.window.preferences_controller import PreferencesController
        from briefreader.gui.window.reading_controller import ReadingController
        from briefreader.gui.window.search_controller import SearchController
        from briefreader.gui.window.view_controller import ViewController

        feedback = self.feedback
        self.view: ViewController = ViewController(
            self,
            self.left_tabs,
            self.right_tabs,
            self.splitter,
            self.reader,
            self.settings,
            self.theme_manager,
            feedback,
        )
        self.searching: SearchController = SearchController(
            library,
            jobs,
            self.indexer,
            self.reading,
            self.search_panel,
            self.library_panel,
            self.view,
            feedback,
            self,
        )
        self.annotating: AnnotatingController = AnnotatingController(
            library,
            self.annotator,
            self.reading,
            self.reader,
            self.annotations_panel,
            self.selection_toolbar,
            self.header,
            self.searching,
            self.view,
            feedback,
            self,
        )
        self.reading_controller: ReadingController = ReadingController(
            self,
            library,
            self.reading,
            self.reader,
            self.reader_stack,
            self.welcome,
            self.loading,
            self.reader_area,
            self.header,
            self.find_bar,
            self.outline_panel,
            self.library_panel,
            self.annotations_panel,
            self.selection_toolbar,
            self.status,
            self.annotating,
            self.searching,
            self.view,
            feedback,
        )
        self.indexing: IndexingController = IndexingController(
            library,
            self.indexer,
            self.reading,
            self.status,
            self.settings,
            self.search_panel,
            self.searching,
            self.annotating,
            self.reading_controller,
            feedback,
            self,
            self.show_after_index_run,
        )
        self.preferences: PreferencesController = PreferencesController(
            library,
            self.settings,
            self.reader,
            self.annotations_panel,
            self.indexer,
            self.indexing,
            self.view,
            feedback,
            self,
        )
        self.exporting: ExportController = ExportController(
            library, self.reading, self.search_panel, feedback, self
        )

    def _jobs(self) -> Jobs:
        """The window's background jobs (made once, before the library opens)."""
        from briefreader.gui.window.jobs import Jobs

        if self.jobs is None:
            self.jobs = Jobs(self)
        return self.jobs

    def _build_panes(self) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QSplitter, QStackedWidget, QTabWidget, QVBoxLayout

        from briefreader.gui.panels.annotations_panel import AnnotationsPanel
        from briefreader.gui.panels.document_header import DocumentHeader
        from briefreader.gui.panels.find_bar import FindBar
        from briefreader.gui.panels.library_panel import LibraryPanel
        from briefreader.gui.panels.outline_panel import OutlinePanel
        from briefreader.gui.panels.search_panel import SearchPanel
        from briefreader.gui.panels.selection_toolbar import SelectionToolbar
        from briefreader.gui.reader_view import ReaderView

        self.library_panel: LibraryPanel = LibraryPanel(self)
        self.outline_panel: OutlinePanel = OutlinePanel(self)
        self.left_tabs: QTabWidget = QTabWidget(self)
        self.left_tabs.setObjectName("leftTabs")
        self.left_tabs.setDocumentMode(True)
        self.left_tabs.addTab(self.library_panel, "Library")
        self.left_tabs.addTab(self.outline_panel, "Outline")

        self.reader: ReaderView = ReaderView(parent=self)
        self.selection_toolbar: SelectionToolbar = SelectionToolbar(self.reader.viewport())
        self.header: DocumentHeader = DocumentHeader(self)
        self.find_bar: FindBar = FindBar(self)
        self.welcome = QLabel(WELCOME, self)
        self.welcome.setObjectName("welcome")
        self.welcome.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.welcome.setWordWrap(True)
        self.loading = QLabel(self)  # "Opening “title”…" while a large document loads
        self.loading.setObjectName("welcome")
        self.loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.loading.setWordWrap(True)
        self.reader_stack: QStackedWidget = QStackedWidget(self)
        self.reader_stack.addWidget(self.welcome)
        self.reader_stack.addWidget(self.reader)
        self.reader_stack.addWidget(self.loading)
        center = QWidget(self)
        center.setObjectName("readerArea")
        self.reader_area = center
        center_layout = QVBoxLayout(center)
        center_layout.setContentsMargins(0, 0, 0, 0)
        center_layout.setSpacing(0)
        center_layout.addWidget(self.header)
        center_layout.addWidget(self.reader_stack, 1)
        center_layout.addWidget(self.find_bar)

        self.search_panel: SearchPanel = SearchPanel(self)
        self.annotations_panel: AnnotationsPanel = AnnotationsPanel(self)
        self.right_tabs: QTabWidget = QTabWidget(self)
        self.right_tabs.setObjectName("rightTabs")
        self.right_tabs.setDocumentMode(True)
        self.right_tabs.addTab(self.search_panel, "Search")
        self.right_tabs.addTab(self.annotations_panel, "Annotations")

        self.splitter: QSplitter = QSplitter(Qt.Orientation.Horizontal, self)
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
        self.setCentralWidget(self.splitter)  # deletes the start-up placeholder
        self.placeholder = None

    # ------------------------------------------------------------------ start-up

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self._after_first_paint)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            if self.ready:
                # the splitters have their real sizes only now: restore their proportions again
                self._restore_splitters()
            QTimer.singleShot(FIRST_PAINT_FALLBACK_MS, self._after_first_paint)

    def _after_first_paint(self) -> None:
        """Once: open the library (when it is not open yet), then start up."""
        if self._started or self._closing:
            return
        self._started = True
        self.theme_manager.settle()
        self.first_painted.emit()
        if self.ready:
            self._start_up_soon()
        else:
            self._open_library_in_background()

    def reopen_library(self, notice: str = "") -> None:
        """Open the library again after it failed to (say, once a backup was restored).

        ``notice`` is shown in the status bar once the library is open and indexed.
        """
        if self.ready or self._closing or self._open_library is None:
            return
        if notice:
            self._notices.append(notice)
        if self.placeholder is not None:
            self.placeholder.setText(OPENING)
        self._open_library_in_background()

    def _open_library_in_background(self) -> None:
        opener = self._open_library
        assert opener is not None
        self._library_task = self._jobs().run(
            opener,
            self._library_opened,
            lambda message: self._library_opened((None, message)),
            name="open library",
        )

    def _library_opened(self, result: tuple[Library | None, str]) -> None:
        library, message = result
        if library is None:
            log.info("the library could not be opened: %s", message)
            if self.placeholder is not None:
                self.placeholder.setText(OPEN_FAILED)
            self.library_failed.emit(str(message))
            return
        self._build(library)
        if self._notices:
            self._show_after_start_up(" ".join(self._notices))
            self._notices = []
        self.library_ready.emit()
        self._start_up_soon()

    def _start_up_soon(self) -> None:
        if self._start_folders is not None:
            # On a later turn: the panes paint before they are filled.
            folders, self._start_folders = self._start_folders, None
            QTimer.singleShot(0, lambda: self._closing or self.indexing.start_up(folders))

    def _show_after_start_up(self, text: str) -> None:
        """Show ``text`` once the start-up index run is over (its summary would hide it)."""
        if self._start_folders is None:  # no start-up run
            self.status.showMessage(text, NOTICE_MS)
            return
        self.show_after_index_run(text)

    def show_after_index_run(self, text: str) -> None:
        """Show ``text`` for NOTICE_MS once the next index run ends (its summary would
        replace a message shown before); texts asked for meanwhile are shown together."""
        if not self._after_run:
            self.indexer.finished.connect(self._show_after_run)
            self.indexer.failed.connect(self._show_after_run)
        self._after_run.append(text)

    def _show_after_run(self, *_args: object) -> None:
        self.indexer.finished.disconnect(self._show_after_run)
        self.indexer.failed.disconnect(self._show_after_run)
        texts, self._after_run = self._after_run, []
        self.status.showMessage(" ".join(texts), NOTICE_MS)

    def unattached_library(self) -> Library | None:
        """A library opened in the background but never shown (the window closed first)."""
        task = self._library_task
        if self.ready or task is None or not task.completed.is_set():
            return None
        result = task.result
        return result[0] if isinstance(result, tuple) else None

    # ------------------------------------------------------------------ state

    def _splitters(self) -> dict[str, QSplitter]:
        return {
            "main": self.splitter,
            "library": self.library_panel.splitter,
            "search": self.search_panel.splitter,
            "annotations": self.annotations_panel.splitter,
        }

    def _restore_geometry(self) -> None:
        geometry = self.settings.geometry()
        if geometry is not None:
            self.restoreGeometry(geometry)
            return
        screen = self.screen().availableGeometry() if self.screen() else None
        if screen is not None:
            width = min(1360, int(screen.width() * 0.92))
            height = min(860, int(screen.height() * 0.9))
            self.resize(width, height)
            self.move(screen.center() - self.rect().center())

    def restore_state(self) -> None:
        self._restore_geometry()
        self._restore_panes()

    def _restore_panes(self) -> None:
        self._restore_splitters()
        self.left_tabs.setCurrentIndex(self.settings.side_tab("left"))
        self.right_tabs.setCurrentIndex(self.settings.side_tab("right"))
        self.reader.set_point_size(self.settings.font_size())

    def _restore_splitters(self) -> None:
        for name, splitter in self._splitters().items():
            state = self.settings.splitter_state(name)
            if state is not None:
                splitter.restoreState(state)

    def save_state(self) -> None:
        self.settings.set_geometry(self.saveGeometry())
        if self.ready:
            for name, splitter in self._splitters().items():
                self.settings.set_splitter_state(name, splitter.saveState())
            self.settings.set_side_tab("left", self.left_tabs.currentIndex())
            self.settings.set_side_tab("right", self.right_tabs.currentIndex())
            self.settings.set_last_document(self.reading.doc_id)
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._closing:
            self._closing = True
            if self.ready:
                self.reading.save_position()
            self.save_state()
            if self.ready:
                self.indexer.stop()
            if self.jobs is not None:
                self.jobs.shutdown()
        super().closeEvent(event)
