"""The window's door to background work (gui/tasks.py): searches, and one index run at a time.

Work functions run on the thread pool and never touch widgets; their results, errors and
progress come back to callbacks on the GUI thread (through a relay QObject living there).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar, cast

from PySide6.QtCore import QObject, Slot

from briefreader.gui.tasks import Task, TaskContext, TaskRunner

log = logging.getLogger(__name__)

Done = Callable[[object], None]
Failed = Callable[[str], None]
Progress = Callable[[int, int, str], None]
T = TypeVar("T")


class _Relay(QObject):
    """Receives one task's signals in the GUI thread and calls the callbacks."""

    def __init__(
        self,
        owner: Jobs,
        task: Task,
        done: Done,
        failed: Failed,
        progress: Progress | None,
    ) -> None:
        # No parent: only deleteLater (Jobs.forget) ends a relay. With the Jobs as parent, a
        # window deleted while that deleteLater was pending crashed (a double delete).
        super().__init__()
        self._owner = owner
        self._task = task
        self._done = done
        self._failed = failed
        self._progress = progress
        task.signals.finished.connect(self.on_finished)
        task.signals.failed.connect(self.on_failed)
        task.signals.cancelled.connect(self.on_cancelled)
        task.signals.progress.connect(self.on_progress)
        task.signals.done.connect(self.on_done)

    @Slot(object)
    def on_finished(self, result: object) -> None:
        if not self._owner.closed:
            self._done(result)

    @Slot(str)
    def on_failed(self, message: str) -> None:
        if not self._owner.closed:
            self._failed(message)

    @Slot()
    def on_cancelled(self) -> None:
        if not self._owner.closed:
            self._failed("cancelled")

    @Slot(int, int, str)
    def on_progress(self, done: int, total: int, message: str) -> None:
        if self._progress is not None and not self._owner.closed:
            self._progress(done, total, message)

    @Slot()
    def on_done(self) -> None:
        self._owner.forget(self)


class Jobs(QObject):
    """Runs work on a TaskRunner; index runs are writers (one in flight, the rest queued)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = TaskRunner(self)
        self.closed = False
        self._relays: set[_Relay] = set()

    def run(
        self, fn: Callable[[], T], done: Callable[[T], None], failed: Failed, name: str = "read"
    ) -> Task | None:
        """Run ``fn()`` (a read: search, load) on the pool; ``done`` gets what it returns."""
        task = Task(lambda _ctx: fn(), name=name)
        return self._submit(task, cast(Done, done), failed, None, False)

    def run_cancellable(
        self, fn: Callable[[TaskContext], T], done: Callable[[T], None], failed: Failed, name: str
    ) -> Task | None:
        """``run`` for a read that watches ``context.cancelled``: ``Task.cancel()`` stops
        it early (``failed`` then gets "cancelled")."""
        return self._submit(Task(fn, name=name), cast(Done, done), failed, None, False)

    def run_index(
        self,
        fn: Callable[[TaskContext], T],
        done: Callable[[T], None],
        failed: Failed,
        progress: Progress | None = None,
    ) -> Task | None:
        """Run ``fn(context)`` as the index writer; ``context.cancelled`` is its cancel flag."""
        return self._submit(Task(fn, name="index"), cast(Done, done), failed, progress, True)

    def _submit(
        self, task: Task, done: Done, failed: Failed, progress: Progress | None, writer: bool
    ) -> Task | None:
        if self.closed:
            return None
        self._relays.add(_Relay(self, task, done, failed, progress))
        return self.runner.submit(task, writer=writer)

    def forget(self, relay: _Relay) -> None:
        self._relays.discard(relay)
        relay.deleteLater()

    def wait(self, timeout_ms: int = 30000) -> bool:
        return self.runner.wait(timeout_ms)

    def shutdown(self) -> None:
        """Cancel everything, wait for the threads; no callback runs after this."""
        self.closed = True
        self.runner.shutdown(30000)
