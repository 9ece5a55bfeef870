"""Notice changes in the library folders (QFileSystemWatcher) and report them, debounced.

A save is reported once the folders have been quiet for ``DEBOUNCE_MS`` (an editor's save
is a few events within milliseconds), so a saved file is searchable well within half a
second; a long burst (a checkout, a copy of many files) is reported at the latest
``MAX_DELAY_MS`` after its first event, and again once it settles: the index run that
follows picks up everything changed so far, and the indexer coalesces what comes meanwhile.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

log = logging.getLogger(__name__)

DEBOUNCE_MS = 60
MAX_DELAY_MS = 1500
MAX_WATCHED_FILES = 4000  # inotify watches are a shared, limited resource
SUFFIXES = (".md", ".markdown", ".txt", ".text", ".html", ".htm", ".pdf")


class FolderWatcher(QObject):
    """Watches folders (recursively) and their files; emits ``changed`` once things settle."""

    changed = Signal()

    def __init__(
        self,
        parent: QObject | None = None,
        debounce_ms: int = DEBOUNCE_MS,
        max_delay_ms: int = MAX_DELAY_MS,
    ) -> None:
        super().__init__(parent)
        self._max_delay = max_delay_ms / 1000
        self._first_change: float | None = None  # when the waiting burst began
        self._watcher = QFileSystemWatcher(self)
        self._watcher.directoryChanged.connect(self._on_change)
        self._watcher.fileChanged.connect(self._on_change)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(debounce_ms)
        self._timer.timeout.connect(self._report)
        self._roots: list[Path] = []
        self.paused = False
        self.stops = 0  # how many times watching stopped (a walk begun before is void)

    @property
    def roots(self) -> list[Path]:
        return list(self._roots)

    def watch(self, roots: Iterable[Path]) -> None:
        """Watch exactly these folders, their subfolders and (up to a limit) their files."""
        roots = [Path(r) for r in roots]
        self.watch_walked(roots, *walk(roots))

    def watch_walked(
        self, roots: Iterable[Path], dirs: list[str], files: list[str], stops: int | None = None
    ) -> None:
        """:meth:`watch` with the trees walked already (by :func:`walk`, on a worker thread:
        a library of 10,000 files takes the GUI thread half a second to walk). With
        ``stops`` (:attr:`stops` when the walk began), nothing happens if :meth:`stop` was
        called since."""
        if stops is not None and stops != self.stops:
            return
        self._roots = [Path(r) for r in roots]
        self._apply(dirs, files)

    def rescan(self) -> None:
        """Re-read the folder trees: new subfolders and files get watched too."""
        self._apply(*walk(self._roots))

    def _apply(self, dirs: list[str], files: list[str]) -> None:
        old = set(self._watcher.directories()) | set(self._watcher.files())
        new = set(dirs) | set(files[:MAX_WATCHED_FILES])
        gone = sorted(old - new)
        if gone:
            self._watcher.removePaths(gone)
        added = sorted(new - old)
        if added:
            failed = self._watcher.addPaths(added)
            if failed:
                log.info("not watching %d path(s), e.g. %s", len(failed), failed[0])

    def watched_count(self) -> int:
        return len(self._watcher.directories()) + len(self._watcher.files())

    def stop(self) -> None:
        self.stops += 1
        self._timer.stop()
        self._first_change = None
        paths = self._watcher.directories() + self._watcher.files()
        if paths:
            self._watcher.removePaths(paths)

    def _on_change(self, path: str) -> None:
        log.debug("changed on disk: %s", path)
        # A file replaced by an editor (write to temp + rename) drops out of the watch list.
        if os.path.exists(path) and path not in self._watcher.files() + self._watcher.directories():
            self._watcher.addPath(path)
        now = time.monotonic()
        if self._first_change is None:
            self._first_change = now
        elif now - self._first_change >= self._max_delay:  # a long burst: report it now
            self._report()
            return
        self._timer.start()

    def _report(self) -> None:
        self._timer.stop()
        self._first_change = None
        self.changed.emit()


def walk(roots: Iterable[Path]) -> tuple[list[str], list[str]]:
    """The folders below ``roots`` and the supported files in them (thread-safe); a root
    that is a file (added by itself) is watched as a file."""
    dirs: list[str] = []
    files: list[str] = []
    seen: set[tuple[int, int]] = set()
    for root in roots:
        if root.is_file():
            files.append(str(root))
            continue
        if not root.is_dir():
            continue
        for current, subdirs, names in os.walk(root, followlinks=True):
            try:
                stat = os.stat(current)
            except OSError:
                subdirs[:] = []
                continue
            key = (stat.st_dev, stat.st_ino)
            if key in seen:  # a symlink loop or a folder listed twice
                subdirs[:] = []
                continue
            seen.add(key)
            subdirs[:] = sorted(d for d in subdirs if not d.startswith("."))
            dirs.append(current)
            files.extend(
                os.path.join(current, n)
                for n in sorted(names)
                if not n.startswith(".") and n.lower().endswith(SUFFIXES)
            )
    return dirs, files
