"""What runs inside a loading-pool worker process: its limits, and the loop that loads files.

A worker ends when its parent does, however the parent ended (even by SIGKILL): on Linux
the kernel kills it (``PR_SET_PDEATHSIG``); elsewhere, and as a second line, a watchdog
thread sees that the parent changed, and the task pipe reports end-of-file.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import queue
import signal
import sys
import threading
import time
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection
from pathlib import Path

from briefreader.core.formats.documents import load_document
from briefreader.core.formats.md_pieces import PieceStore
from briefreader.core.formats.piece_cache import PieceCache
from briefreader.core.models import FORMAT_TEXT, Document, LoadError, Problem
from briefreader.core.search.schema import index_terms

log = logging.getLogger(__name__)

PARENT_CHECK_SECONDS = 0.5
EXIT_PARENT_GONE = 70
EXIT_OUT_OF_MEMORY = 71
ANALYSE_MAX_CHARS = 4_000_000  # longer texts are analysed by the index writer
_PR_SET_PDEATHSIG = 1


@dataclass(frozen=True)
class Task:
    """Files for one worker to load in order; ``plain``: read them as plain text because
    ``reason`` (their normal reading ran over the budget)."""

    task_id: int
    paths: tuple[str, ...]
    plain: bool = False
    reason: str = ""


# Messages a worker sends: ("result", task_id, index, Document | Problem, finished_at),
# ("done", task_id, finished_at), ("memory", task_id, index, finished_at).
Message = tuple[object, ...]


def serve(
    tasks: Connection,
    results: Connection,
    parent_pid: int,
    memory_bytes: int,
    pieces_path: str | None = None,
) -> None:
    """The worker's main function: load the files of each task until told to stop
    (converted Markdown pieces kept in the cache at ``pieces_path``)."""
    _die_with_parent(parent_pid)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the parent to handle
    limit_memory(memory_bytes)
    outbox: queue.SimpleQueue[Message | None] = queue.SimpleQueue()
    sender = threading.Thread(target=_send_all, args=(outbox, results), daemon=True)
    sender.start()
    exit_code = 0
    pieces = PieceCache(Path(pieces_path)) if pieces_path else None
    while True:
        try:
            task = tasks.recv()
        except (EOFError, OSError):
            exit_code = EXIT_PARENT_GONE
            break
        if task is None:
            break
        if not _run(task, outbox, pieces):
            exit_code = EXIT_OUT_OF_MEMORY
            break
    outbox.put(None)
    sender.join()
    os._exit(exit_code)  # no interpreter clean-up: nothing of the parent's to flush


def _run(task: Task, outbox: queue.SimpleQueue[Message | None], pieces: PieceCache | None) -> bool:
    """Load the task's files; False after a MemoryError (the worker must be replaced)."""
    for index, path in enumerate(task.paths):
        try:
            result = load_plain(path, task.reason) if task.plain else load_one(path, pieces)
        except MemoryError:
            result = None
        if result is None:
            outbox.put(("memory", task.task_id, index, time.monotonic()))
            return False
        if isinstance(result, Document):
            result = with_index_terms(result)
        if pieces is not None and index == len(task.paths) - 1:
            pieces.flush()  # before the last result: the parent may end the pool once it has it
        outbox.put(("result", task.task_id, index, result, time.monotonic()))
    outbox.put(("done", task.task_id, time.monotonic()))
    return True


def _send_all(outbox: queue.SimpleQueue[Message | None], results: Connection) -> None:
    """Send results as they come: the worker keeps loading while its parent is busy."""
    while (message := outbox.get()) is not None:
        try:
            results.send(message)
        except (OSError, ValueError):  # the parent is gone
            os._exit(EXIT_PARENT_GONE)


def load_one(path: str, pieces: PieceStore | None = None) -> Document | Problem:
    """Load one file; a failure is a Problem with a one-line reason (MemoryError passes)."""
    try:
        return load_document(Path(path), pieces=pieces)
    except LoadError as error:
        return Problem(path, str(error))
    except MemoryError:
        raise
    except Exception as error:  # a loader bug must not stop the other files
        log.exception("loader failed on %s", path)
        return Problem(path, f"could not be read ({type(error).__name__}: {error})")


def with_index_terms(document: Document) -> Document:
    """The document with its text's index terms made here, beside the index writer (not
    for a very long text: its analysis must not count against the file's time budget)."""
    if len(document.text) > ANALYSE_MAX_CHARS:
        return document
    try:
        return replace(document, index_terms=index_terms(document.text))
    except MemoryError:  # the writer analyses it, without this worker's memory limit
        return document


def load_plain(path: str, reason: str) -> Document | Problem:
    """Read a file as plain text, with a warning that says why."""
    try:
        document = load_document(Path(path), as_format=FORMAT_TEXT)
    except LoadError as error:
        return Problem(path, f"{reason}; as plain text: {error}")
    except MemoryError:
        raise
    except Exception as error:
        log.exception("plain-text loader failed on %s", path)
        return Problem(path, f"{reason}; as plain text: {type(error).__name__}")
    warning = f"read as plain text: {reason}"
    return replace(document, warnings=(warning, *document.warnings))


# -- limits -----------------------------------------------------------------------------


def _die_with_parent(parent_pid: int) -> None:
    """End this process when ``parent_pid`` ends (it may have ended already)."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            log.debug("PR_SET_PDEATHSIG not available")
    if os.getppid() != parent_pid:
        os._exit(EXIT_PARENT_GONE)
    watchdog = threading.Thread(target=_watch_parent, args=(parent_pid,), daemon=True)
    watchdog.start()


def _watch_parent(parent_pid: int) -> None:
    while True:
        time.sleep(PARENT_CHECK_SECONDS)
        if os.getppid() != parent_pid:  # re-parented: the parent is gone
            os._exit(EXIT_PARENT_GONE)


def limit_memory(extra_bytes: int) -> None:
    """Let this process grow by at most ``extra_bytes`` of address space (0: no limit).

    A loader that asks for more gets MemoryError (or, in C code, dies): the pool then reads
    the file as plain text or skips it with a reason.
    """
    if extra_bytes <= 0:
        return
    try:
        import resource
    except ImportError:  # not POSIX: the time budget still holds
        return
    current = _address_space()
    if current is None:
        return
    limit = current + extra_bytes
    try:
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ValueError, OSError):
        log.debug("could not limit the worker's memory")


def _address_space() -> int | None:
    """This process's virtual size in bytes (Linux), or None where it cannot be read."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            pages = int(statm.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE")
