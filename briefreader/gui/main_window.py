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
    from PySide6.QtWidgets import QSplitter

    from briefreader.core.library import Library
    from briefreader.gui.tasks import Task
    from briefreader.gui.window.actions import WindowActions
    from briefreader.gui.window.jobs import Jobs

log = logging.getLogger(__name__)

LEFT_TABS = ("library", "outline")
RIGHT_TABS = ("search", "annotations")
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
        """Panes, controllers, menus and connections over ``library`` (after the first
        paint at start-up)."""
        from briefreader.gui.window.annotating import Annotator
        from briefreader.gui.window.controllers import build_controllers
        from briefreader.gui.window.indexing import Indexer
        from briefreader.gui.window.menus import build_menus
        from briefreader.gui.window.panes import build_panes
        from briefreader.gui.window.wiring import connect_all

        self.library = library
        jobs = self._jobs()
        # Made before the panes, so destroyed before them: the undo stack says it is cleared.
        annotator, indexer = Annotator(library, self), Indexer(library, jobs, self)
        self._after_run = []  # connected to no indexer yet
        self.panes = panes = build_panes(self)
        self.placeholder = None  # deleted with the central widget it was
        self.controllers = c = build_controllers(
            self,
            library,
            panes,
            annotator,
            indexer,
            jobs,
            self.settings,
            self.theme_manager,
            self.status,
            self.feedback,
            self.show_after_index_run,
        )
        self.actions_: WindowActions = build_menus(self, panes, c)
        c.view.actions = c.annotating.actions = c.pdf.actions = self.actions_
        c.pdf.check_mode_action()
        connect_all(panes, c)
        c.review.refresh()  # the tab says how many annotations wait for a decision
        self._restore_panes()
        c.view.sidebars_changed()  # the menu item says what it will do
        appearance.attach_reader(panes.reader, self.theme_manager)
        c.view.check_theme_action(self.theme_manager.mode)
        self.ready = True
        if self._start_folders is None:  # no start-up run: show what there is now
            c.search.refresh_library()
            c.annotating.refresh_annotations()

    def _jobs(self) -> Jobs:
        """The window's background jobs (made once, before the library opens)."""
        from briefreader.gui.window.jobs import Jobs

        if self.jobs is None:
            self.jobs = Jobs(self)
        return self.jobs

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

            def start() -> None:
                if not self._closing:
                    self.controllers.indexing.start_up(folders)

            QTimer.singleShot(0, start)

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
            self.controllers.indexer.finished.connect(self._show_after_run)
            self.controllers.indexer.failed.connect(self._show_after_run)
        self._after_run.append(text)

    def _show_after_run(self, *_args: object) -> None:
        self.controllers.indexer.finished.disconnect(self._show_after_run)
        self.controllers.indexer.failed.disconnect(self._show_after_run)
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
            "main": self.panes.splitter,
            "library": self.panes.library_panel.splitter,
            "search": self.panes.search_panel.splitter,
            "annotations": self.panes.annotations_panel.splitter,
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
        self.panes.left_tabs.setCurrentIndex(self.settings.side_tab("left"))
        self.panes.right_tabs.setCurrentIndex(self.settings.side_tab("right"))
        self.panes.reader.set_point_size(self.settings.font_size())

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
            self.settings.set_side_tab("left", self.panes.left_tabs.currentIndex())
            self.settings.set_side_tab("right", self.panes.right_tabs.currentIndex())
            self.settings.set_last_document(self.controllers.document.doc_id)
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._closing:
            self._closing = True
            if self.ready:
                self.controllers.document.save_position()
                self.controllers.pdf.shutdown()
            self.save_state()
            if self.ready:
                self.controllers.indexer.stop()
            if self.jobs is not None:
                self.jobs.shutdown()
        super().closeEvent(event)
