"""The loading pool: worker processes that load files, each file within a time and memory
budget, so that no file can hold up an index run.

Why not ``ProcessPoolExecutor``: it cannot stop a task that runs too long, and one worker
that dies breaks the whole executor. Here each worker has its own pipes; the parent waits
on all of them with a deadline (``LoadBudget.seconds`` from the worker's last result). A
worker over its deadline is killed; one that runs out of memory (``RLIMIT_AS`` set in the
worker, ``LoadBudget.memory_mb`` over its size at start) or dies is replaced. The file it
was on is read again as plain text in a fresh worker when it is Markdown or HTML (their
converters are what can go super-linear), else skipped with the reason; the rest of its
chunk goes back in the queue. The parent stays single-threaded (the pool forks in the CLI).
"""

from __future__ import annotations

import logging
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Protocol

from briefreader.core.formats.documents import FORMATS
from briefreader.core.models import FORMAT_HTML, FORMAT_MARKDOWN, Document, Problem
from briefreader.core.sync.worker import EXIT_OUT_OF_MEMORY, Task, serve

log = logging.getLogger(__name__)

TASKS_PER_WORKER = 2  # one loading, one waiting: a worker never idles on a round trip
AHEAD_FILES = 192  # results held back, at most, behind a file that is still loading
STOP_SECONDS = 2.0
_POLL_SECONDS = 0.25  # how often a waiting parent looks at the cancel flag
_PLAIN_FALLBACK = frozenset({FORMAT_MARKDOWN, FORMAT_HTML})

Result = Document | Problem


class Context(Protocol):
    """What the pool needs of a multiprocessing context (fork in the CLI, spawn in the window)."""

    @property
    def Process(self) -> type[BaseProcess]: ...

    def Pipe(self, duplex: bool = True) -> tuple[Connection, Connection]: ...


@dataclass(frozen=True)
class LoadBudget:
    """What one file may cost to load: wall time (seconds) and memory (MB, 0: no limit)."""

    seconds: float = 20.0
    memory_mb: int = 1536

    def describe_time(self) -> str:
        return f"reading it took longer than {self.seconds:g} s (the per-file time budget)"

    def describe_memory(self) -> str:
        return f"reading it needed more than {self.memory_mb} MB (the per-file memory budget)"


@dataclass
class _Worker:
    process: BaseProcess
    tasks: Connection  # parent -> worker
    results: Connection  # worker -> parent
    assigned: deque[Task] = field(default_factory=deque)
    index: int = 0  # the file of assigned[0] it is on
    progress: float = field(default_factory=time.monotonic)  # its last sign of life


class LoadingPool:
    """Up to ``size`` worker processes; ``load()`` yields one result per file."""

    def __init__(
        self, size: int, context: Context, budget: LoadBudget, pieces_path: str | None = None
    ) -> None:
        self.size = max(1, size)
        self.pieces_path = pieces_path  # the workers' cache of converted Markdown pieces
        self.context = context
        self.budget = budget
        self._workers: list[_Worker] = []
        self._queue: deque[Task] = deque()
        self._done: dict[int, Result] = {}  # results by ordinal, until their turn
        self._next = 0  # the ordinal of the next result to yield
        self._ordinals: dict[int, tuple[int, ...]] = {}  # task id -> its files' ordinals
        self._next_id = 0
        self.replaced = 0  # workers killed or lost (for the report and tests)

    def __enter__(self) -> LoadingPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def load(
        self, chunks: Iterable[list[str]], cancel: Callable[[], bool] | None = None
    ) -> Iterator[Result]:
        """Load every file of ``chunks``, yielding the results in the order of the files.

        Workers run at most AHEAD_FILES files ahead of the first one still loading, so a
        file that takes its whole budget holds back only that many results, in memory.
        """
        ordinal = 0
        for chunk in chunks:
            ordinals = tuple(range(ordinal, ordinal + len(chunk)))
            self._queue.append(self._task(tuple(chunk), ordinals))
            ordinal += len(chunk)
        while self._next < ordinal:
            while self._next in self._done:
                yield self._done.pop(self._next)
                self._next += 1
                if cancel and cancel():
                    return
            if self._next >= ordinal or (cancel and cancel()):
                return
            self._dispatch()
            self._collect()

    def close(self) -> None:
        """Stop every worker: politely when idle, by force after STOP_SECONDS."""
        for worker in self._workers:
            if worker.process.is_alive() and not worker.assigned:
                try:
                    worker.tasks.send(None)
                except OSError:
                    pass
        deadline = time.monotonic() + STOP_SECONDS
        for worker in self._workers:
            if worker.assigned:
                worker.process.kill()
            worker.process.join(max(0.0, deadline - time.monotonic()))
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join(STOP_SECONDS)
            _close(worker)
        self._workers.clear()

    # -- the parent's loop ---------------------------------------------------------------

    def _task(
        self,
        paths: tuple[str, ...],
        ordinals: tuple[int, ...],
        plain: bool = False,
        reason: str = "",
    ) -> Task:
        self._next_id += 1
        self._ordinals[self._next_id] = ordinals
        return Task(self._next_id, paths, plain, reason)

    def _dispatch(self) -> None:
        """Give queued tasks to workers with room, starting workers up to ``size``."""
        while self._queue and self._ordinals[self._queue[0].task_id][0] < self._next + AHEAD_FILES:
            if len(self._workers) < self.size and all(w.assigned for w in self._workers):
                worker = self._start()
            else:
                room = [w for w in self._workers if len(w.assigned) < TASKS_PER_WORKER]
                if not room:
                    return
                worker = min(room, key=lambda w: len(w.assigned))
            task = self._queue.popleft()
            if not worker.assigned:
                worker.index, worker.progress = 0, time.monotonic()
            worker.assigned.append(task)
            try:
                worker.tasks.send(task)
            except OSError:  # it died meanwhile: its sentinel says so in _collect
                pass

    def _start(self) -> _Worker:
        tasks_out, tasks_in = self.context.Pipe(duplex=False)
        results_in, results_out = self.context.Pipe(duplex=False)
        memory = self.budget.memory_mb * 2**20
        process = self.context.Process(
            target=serve,
            args=(tasks_out, results_out, os.getpid(), memory, self.pieces_path),
            name="briefreader-loader",
            daemon=True,
        )
        process.start()
        tasks_out.close()  # the child's ends: the parent keeps only its own
        results_out.close()
        worker = _Worker(process, tasks_in, results_in)
        self._workers.append(worker)
        return worker

    def _collect(self) -> None:
        """Wait for results, a death or the nearest deadline; act on what happened."""
        busy = [w for w in self._workers if w.assigned]
        if not busy:
            return
        now = time.monotonic()
        nearest = min(w.progress for w in busy) + self.budget.seconds
        timeout = min(max(0.0, nearest - now), _POLL_SECONDS)
        handles: list[object] = [w.results for w in busy] + [w.process.sentinel for w in busy]
        ready = set(wait(handles, timeout))  # type: ignore[arg-type]
        for worker in busy:
            if worker.results in ready:
                self._drain(worker)
        for worker in busy:
            if worker not in self._workers:
                continue
            if worker.process.sentinel in ready and not worker.process.is_alive():
                self._drain(worker)  # what it sent before it died
                if worker not in self._workers:
                    continue
                if worker.assigned:
                    self._lost(worker, self._death_reason(worker))
                else:
                    _close(worker)
                    self._workers.remove(worker)
            elif worker.assigned and time.monotonic() - worker.progress > self.budget.seconds:
                self._lost(worker, self.budget.describe_time())

    def _drain(self, worker: _Worker) -> None:
        """Take every message the worker has sent so far."""
        try:
            while worker.results.poll():
                self._message(worker, worker.results.recv())
                if worker not in self._workers:
                    return
        except (EOFError, OSError):
            pass  # it died mid-message: its sentinel tells the rest

    def _message(self, worker: _Worker, message: tuple[object, ...]) -> None:
        kind = message[0]
        worker.progress = max(worker.progress, float(message[-1]))  # type: ignore[arg-type]
        if kind == "result":
            result = message[3]
            assert isinstance(result, Document | Problem)
            self._done[self._ordinals[worker.assigned[0].task_id][worker.index]] = result
            worker.index += 1
        elif kind == "done":
            del self._ordinals[worker.assigned.popleft().task_id]
            worker.index = 0
        elif kind == "memory":
            self._lost(worker, self.budget.describe_memory())

    def _death_reason(self, worker: _Worker) -> str:
        code = worker.process.exitcode
        if code == EXIT_OUT_OF_MEMORY or code in (-6, -9):  # abort() or the OOM killer
            return self.budget.describe_memory()
        return f"its reader stopped (exit code {code})"

    def _lost(self, worker: _Worker, reason: str) -> None:
        """The worker cannot go on: end it, retry or skip its current file, requeue the rest."""
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join(STOP_SECONDS)
        _close(worker)
        self._workers.remove(worker)
        self.replaced += 1
        current, index = worker.assigned[0], worker.index
        ordinals = self._ordinals.pop(current.task_id)
        culprit = current.paths[index]
        log.info("%s: %s", culprit, reason)
        rest = [replace(current, paths=current.paths[index + 1 :])]
        for task in [*rest, *list(worker.assigned)[1:]][::-1]:
            numbers = ordinals[index + 1 :] if task is rest[0] else self._ordinals.pop(task.task_id)
            if task.paths:
                self._queue.appendleft(self._task(task.paths, numbers, task.plain, task.reason))
        fmt = FORMATS.get(os.path.splitext(culprit)[1].lower())
        if not current.plain and fmt in _PLAIN_FALLBACK:
            retry = self._task((culprit,), (ordinals[index],), plain=True, reason=reason)
            self._queue.appendleft(retry)
        else:
            prefix = f"{current.reason}; as plain text, " if current.plain else ""
            self._done[ordinals[index]] = Problem(culprit, prefix + reason)


def _close(worker: _Worker) -> None:
    for connection in (worker.tasks, worker.results):
        connection.close()
