"""Background indexing for the window: one run at a time, progress and cancel in the status bar,
folder watching, and a report of the files that could not be read."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from briefreader.core.models import Problem
from briefreader.gui.tasks import Task, TaskContext
from briefreader.gui.window.jobs import Jobs
from briefreader.gui.window.watcher import FolderWatcher, walk

if TYPE_CHECKING:
    from briefreader.core.library import Library

log = logging.getLogger(__name__)


class Indexer(QObject):
    """Runs ``Library.index`` in a background task; never touches widgets itself."""

    started = Signal()
    progress = Signal(int, int, str)  # done, total, path
    finished = Signal(object)  # IndexReport
    failed = Signal(str)
    busy_changed = Signal(bool)

    def __init__(self, library: Library, jobs: Jobs, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.jobs = jobs
        self.watcher = FolderWatcher(self)
        self.watcher.changed.connect(self.start)
        self.problems: list[Problem] = []
        self.last_report: object | None = None
        self._task: Task | None = None
        self._again = False
        # the next run's folders (None: all; [] none asked yet) and roots to forget
        self._wanted: tuple[list[Path] | None, list[Path]] = ([], [])
        self.runs = 0

    @property
    def busy(self) -> bool:
        return self._task is not None

    def start(self, folders: Sequence[Path] | None = None, forget: Sequence[Path] = ()) -> bool:
        """Index every library root (or only ``folders``), forgetting the documents under
        ``forget`` (roots just removed); when a run is going, run once more after it, as
        wide as every request made meanwhile."""
        self._want(folders, forget)
        if self._task is not None:
            self._again = True
            return False
        self._again = False
        library = self.library
        only, forgotten = self._wanted
        self._wanted = ([], [])

        def work(ctx: TaskContext) -> object:
            return library.index(
                folders=only or None, progress=ctx.progress, cancel=ctx.cancelled, forget=forgotten
            )

        self._task = self.jobs.run_index(work, self._done, self._error, self.progress.emit)
        if self._task is None:  # the window is closing
            return False
        self.started.emit()
        self.busy_changed.emit(True)
        return True

    def _want(self, folders: Sequence[Path] | None, forget: Sequence[Path]) -> None:
        """Add a request to the next run's: a run of everything (``None`` folders) wins."""
        only, forgotten = self._wanted
        if folders is None or only is None:
            only = None
        else:
            only = [*only, *(f for f in folders if f not in only)]
        self._wanted = (only, [*forgotten, *(f for f in forget if f not in forgotten)])

    def cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._again = False

    def _done(self, report: object) -> None:
        self._task = None
        self.runs += 1
        self.last_report = report
        self.problems = list(getattr(report, "skipped", [])) + list(getattr(report, "warnings", []))
        self._watch()
        self.busy_changed.emit(False)
        self.finished.emit(report)
        if self._again:
            self.start()

    def _error(self, message: str) -> None:
        self._task = None
        self.runs += 1
        self.busy_changed.emit(False)
        self.failed.emit(message)
        if self._again:
            self.start()

    def _watch(self) -> None:
        """Watch the library folders and single files; the trees are walked on a worker
        thread."""
        try:
            folders = self.library.roots()
        except Exception as error:  # the library is closing: nothing to watch
            log.debug("cannot list folders: %s", error)
            return
        stops = self.watcher.stops
        self.jobs.run(
            lambda: walk(folders),
            lambda found: self.watcher.watch_walked(folders, *found, stops=stops),
            lambda message: log.info("library folders not watched: %s", message),
            name="walk folders",
        )

    def stop(self) -> None:
        """Cancel a run and stop watching (the window is closing)."""
        self.cancel()
        self.watcher.stop()


def summary(report: object) -> str:
    """One line for the status bar: what an indexing run did."""
    head = "Indexing cancelled" if getattr(report, "cancelled", False) else "Library up to date"
    parts = []
    for name in ("added", "updated", "moved", "removed"):
        value = getattr(report, name, 0)
        if value:
            parts.append(f"{value} {name}")
    skipped = len(getattr(report, "skipped", []))
    if skipped:
        parts.append(f"{skipped} skipped")
    reanchored = getattr(report, "reanchored", {}) or {}
    attention = sum(v for k, v in dict(reanchored).items() if str(k) in ("fuzzy", "orphaned"))
    if attention:
        parts.append(f"{attention} annotation(s) need attention")
    messages = list(getattr(report, "messages", []))
    text = f"{head}: {', '.join(parts)}" if parts else head
    if messages:
        text += f". {messages[0]}"
    return text
