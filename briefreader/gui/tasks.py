"""Background work on a QThreadPool, with results and errors delivered in the GUI thread.

A job is a plain function that never touches widgets; it receives a :class:`TaskContext`
first (cancellation and progress) and its own arguments after it::

    task = Task(lambda ctx: library.index(progress=ctx.progress, cancel=ctx.cancelled))
    task.signals.finished.connect(show_report)
    task.signals.failed.connect(status_bar.showMessage)
    runner.submit(task, writer=True)

``TaskRunner`` keeps at most one index-writing job in flight and queues the next ones.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QObject, QRunnable, QThreadPool, Signal

from briefreader.core.errors import UserError
from briefreader.core.models import LoadError

log = logging.getLogger(__name__)

PROGRESS_INTERVAL = 0.05  # seconds between two progress signals (the last one always goes)
EXPECTED_ERRORS: tuple[type[BaseException], ...] = (UserError, LoadError, OSError)


class TaskCancelled(Exception):
    """Raise from a job (or let ``TaskContext.check``) to stop it early: ``cancelled`` fires."""


class TaskSignals(QObject):
    """Signals of one task; they are emitted in the worker and received in the GUI thread."""

    progress = Signal(int, int, str)  # done, total, message
    finished = Signal(object)  # the job's return value
    failed = Signal(str)  # a one-line message fit for the status bar
    cancelled = Signal()  # stopped by TaskCancelled, or dropped from the queue unstarted
    done = Signal()  # after finished, failed or cancelled


class TaskContext:
    """What a job may use: the cancel flag and a progress callback (both thread-safe)."""

    def __init__(self, signals: TaskSignals, cancel_event: threading.Event) -> None:
        self._signals = signals
        self.cancel_event = cancel_event
        self._last_progress = 0.0

    def cancelled(self) -> bool:
        """True once cancellation was asked for (pass as ``Library.index(cancel=...)``)."""
        return self.cancel_event.is_set()

    def check(self) -> None:
        """Raise :class:`TaskCancelled` when cancellation was asked for."""
        if self.cancel_event.is_set():
            raise TaskCancelled

    def progress(self, done: int, total: int, message: str = "") -> None:
        """Report progress; calls closer than PROGRESS_INTERVAL are dropped, except the last."""
        now = time.monotonic()
        if done < total and now - self._last_progress < PROGRESS_INTERVAL:
            return
        self._last_progress = now
        self._signals.progress.emit(int(done), int(total), str(message))


class Task(QRunnable):
    """``fn(context, *args, **kwargs)`` run on a pool thread."""

    def __init__(self, fn: Callable[..., Any], *args: Any, name: str = "", **kwargs: Any) -> None:
        super().__init__()
        self.setAutoDelete(False)  # Python owns the task; the runner keeps it until done
        self.fn = fn
        self.args = args
        self.kwargs = kwargs
        self.name = name or getattr(fn, "__name__", "task")
        self.signals = TaskSignals()
        self.cancel_event = threading.Event()
        self.context = TaskContext(self.signals, self.cancel_event)
        self.result: Any = None
        self.error: str | None = None
        self.started = threading.Event()
        self.completed = threading.Event()

    def cancel(self) -> None:
        self.cancel_event.set()

    @property
    def is_cancelled(self) -> bool:
        return self.cancel_event.is_set()

    def run(self) -> None:
        self.started.set()
        try:
            self.result = self.fn(self.context, *self.args, **self.kwargs)
        except TaskCancelled:
            self.signals.cancelled.emit()
        except EXPECTED_ERRORS as error:
            self.error = str(error) or type(error).__name__
            log.info("task %s failed: %s", self.name, self.error)
            self.signals.failed.emit(self.error)
        except Exception as error:  # a bug: log the traceback, show one line
            self.error = f"Unexpected error in {self.name}: {type(error).__name__}: {error}"
            log.exception("task %s crashed", self.name)
            self.signals.failed.emit(self.error)
        else:
            self.signals.finished.emit(self.result)
        finally:
            self.completed.set()
            self.signals.done.emit()


class TaskRunner(QObject):
    """Starts tasks on its own pool; index writers run one at a time, in order."""

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, max_threads: int | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        if max_threads:
            self._pool.setMaxThreadCount(max_threads)
        self._running: list[Task] = []
        self._writer: Task | None = None
        self._queue: deque[Task] = deque()

    @property
    def pool(self) -> QThreadPool:
        return self._pool

    @property
    def busy(self) -> bool:
        return bool(self._running or self._queue)

    @property
    def writer(self) -> Task | None:
        """The index-writing task in flight, if any."""
        return self._writer

    def pending_writers(self) -> list[Task]:
        return list(self._queue)

    def submit(self, task: Task, *, writer: bool = False) -> Task:
        """Run ``task``; a ``writer`` waits for the writer in flight to end first."""
        was_busy = self.busy
        if writer and self._writer is not None:
            self._queue.append(task)
            log.debug("queued writer %s behind %s", task.name, self._writer.name)
        else:
            self._start(task, writer)
        if not was_busy:
            self.busy_changed.emit(True)
        return task

    def run(self, fn: Callable[..., Any], *args: Any, writer: bool = False, **kwargs: Any) -> Task:
        """Shortcut: wrap ``fn`` in a Task and submit it."""
        return self.submit(Task(fn, *args, **kwargs), writer=writer)

    def cancel_all(self) -> None:
        """Ask running tasks to stop and drop the queued writers (they emit ``cancelled``)."""
        for task in self._running:
            task.cancel()
        while self._queue:
            task = self._queue.popleft()
            task.cancel()
            task.signals.cancelled.emit()
            task.signals.done.emit()
        self._emit_idle_if_done()

    def wait(self, timeout_ms: int = 30000) -> bool:
        """Wait (processing events) until every task, queued writers included, has ended."""
        deadline = QDeadlineTimer(timeout_ms)
        while self.busy:
            if deadline.hasExpired():
                return False
            self._pool.waitForDone(20)
            QCoreApplication.processEvents()
        return True

    def shutdown(self, timeout_ms: int = 5000) -> bool:
        """Cancel everything and wait for the threads: call before the window closes."""
        self.cancel_all()
        finished = self._pool.waitForDone(timeout_ms)
        QCoreApplication.processEvents()
        return finished

    def _start(self, task: Task, writer: bool) -> None:
        self._running.append(task)
        if writer:
            self._writer = task
        # A bound method of this QObject: Qt queues the call into the GUI thread.
        task.signals.done.connect(self._on_done)
        self._pool.start(task)

    def _on_done(self) -> None:
        signals = self.sender()
        task = next((t for t in self._running if t.signals is signals), None)
        if task is None:
            return
        if task in self._running:
            self._running.remove(task)
        if task is self._writer:
            self._writer = None
            if self._queue:
                self._start(self._queue.popleft(), writer=True)
        self._emit_idle_if_done()

    def _emit_idle_if_done(self) -> None:
        if not self.busy:
            self.busy_changed.emit(False)
