"""Incremental indexing: scan folders, load what changed, keep catalog and index in step."""

from __future__ import annotations

import logging
import os
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_all_start_methods, get_context
from multiprocessing.context import BaseContext
from pathlib import Path

from briefreader.core.formats.documents import (
    SUPPORTED_SUFFIXES,
    iter_library_entries,
    load_document,
)
from briefreader.core.models import Document, LoadError, Problem

log = logging.getLogger(__name__)

ProgressCallback = Callable[[int, int, str], None]
CancelCallback = Callable[[], bool]

# Below this many files to load, a process pool costs more than it saves.
PARALLEL_THRESHOLD = 64
BATCH_SIZE = 128
CHUNK_SIZE = 16
CHUNK_BYTES = 4 * 2**20  # a chunk holds at most CHUNK_SIZE files or about this many bytes
# Chunks in flight: enough that the workers keep parsing while the indexing thread applies
# a whole batch, few enough bytes that memory stays bounded whatever the files' sizes.
IN_FLIGHT_CHUNKS = BATCH_SIZE // CHUNK_SIZE + 4
IN_FLIGHT_BYTES = 16 * 2**20
CHECKPOINT_SECONDS = 1.0


@dataclass
class IndexReport:
    """What one indexing run did."""

    added: int = 0
    updated: int = 0
    removed: int = 0
    moved: int = 0
    unchanged: int = 0
    skipped: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    reanchored: Counter[str] = field(default_factory=Counter)
    cancelled: bool = False
    messages: list[str] = field(default_factory=list)

    @property
    def total_seen(self) -> int:
        return self.added + self.updated + self.moved + self.unchanged + len(self.skipped)


@dataclass
class ScanPlan:
    """The outcome of comparing the folders on disk with the catalog."""

    to_load: list[tuple[str, int]] = field(default_factory=list)  # (path, size)
    unchanged: int = 0
    vanished: list[str] = field(default_factory=list)  # doc_ids, present or already missing
    problems: list[Problem] = field(default_factory=list)


def load_safely(path: str) -> Document | Problem:
    """Load one file; any failure becomes a Problem with a one-line reason, never an exception."""
    try:
        return load_document(Path(path))
    except LoadError as error:
        return Problem(path, str(error))
    except MemoryError:
        return Problem(path, "too large to read into memory")
    except Exception as error:  # a loader bug must not stop the other files
        log.exception("loader failed on %s", path)
        return Problem(path, f"could not be read ({type(error).__name__}: {error})")


def load_many(paths: list[str]) -> list[Document | Problem]:
    """Load a chunk of files (the unit of work sent to a worker process)."""
    return [load_safely(path) for path in paths]


def iter_loaded(
    files: list[tuple[str, int]], cancel: CancelCallback | None
) -> Iterator[Document | Problem]:
    """Load ``(path, size)`` files in order; in worker processes when there are many of them.

    At most IN_FLIGHT_CHUNKS chunks (and about IN_FLIGHT_BYTES of files) are in flight, so
    memory stays bounded however large the library.
    """
    paths = [path for path, _size in files]
    workers = min(os.cpu_count() or 1, 4)
    if len(files) < PARALLEL_THRESHOLD or workers < 2:
        for path in paths:
            if cancel and cancel():
                return
            yield load_safely(path)
        return
    done = 0
    with ProcessPoolExecutor(workers, mp_context=_pool_context()) as pool:
        pending: deque[tuple[Future[list[Document | Problem]], int]] = deque()
        chunks = _chunks(files)
        in_flight = 0
        try:
            while True:
                while len(pending) < IN_FLIGHT_CHUNKS and (
                    not pending or in_flight < IN_FLIGHT_BYTES
                ):
                    chunk = next(chunks, None)
                    if chunk is None:
                        break
                    size = sum(s for _p, s in chunk)
                    pending.append((pool.submit(load_many, [p for p, _s in chunk]), size))
                    in_flight += size
                if not pending:
                    break
                future, size = pending.popleft()
                results = future.result()
                in_flight -= size
                for result in results:
                    done += 1
                    yield result
                if cancel and cancel():
                    for future, _size in pending:
                        future.cancel()
                    return
        except Exception as error:  # a dead worker: load the rest here
            log.warning("parallel loading failed (%s); loading in-process", error)
    for path in paths[done:]:
        if cancel and cancel():
            return
        yield load_safely(path)


def _chunks(files: list[tuple[str, int]]) -> Iterator[list[tuple[str, int]]]:
    """Consecutive pieces of at most CHUNK_SIZE files and about CHUNK_BYTES."""
    chunk: list[tuple[str, int]] = []
    size = 0
    for item in files:
        if chunk and (len(chunk) >= CHUNK_SIZE or size + item[1] > CHUNK_BYTES):
            yield chunk
            chunk, size = [], 0
        chunk.append(item)
        size += item[1]
    if chunk:
        yield chunk


def _pool_context() -> BaseContext:
    """fork (fast to start) in a single-threaded process; spawn where threads run (the window):
    forking a process with threads can copy a lock that is held and never released."""
    if threading.active_count() == 1 and "fork" in get_all_start_methods():
        return get_context("fork")
    return get_context("spawn")


def scan(
    folders: Iterable[Path],
    known: dict[str, tuple[str, int, float, str]],
    indexed_ids: set[str],
    forget: Iterable[Path] = (),
) -> ScanPlan:
    """Compare files on disk with the catalog by path, size and mtime (no file is read).

    ``folders`` are library folders or single files. ``plan.vanished`` holds the doc_ids of
    catalogued paths under them that are gone, and of every catalogued path under a root
    in ``forget`` (one removed from the library) that is not under one of ``folders``.
    """
    plan = ScanPlan()
    seen: set[str] = set()
    roots = []
    folders = list(folders)
    for folder in folders:
        if not folder.is_dir() and not folder.is_file():
            if folder.suffix.lower() in SUPPORTED_SUFFIXES:  # a single file, deleted
                roots.append(str(folder.absolute()))  # its document has vanished
                plan.problems.append(Problem(str(folder), "file not found"))
            else:  # perhaps a drive not mounted now: its documents are kept
                plan.problems.append(Problem(str(folder), "folder not found (skipped)"))
            continue
        root = folder.resolve()  # once: paths below a resolved root are already absolute
        roots.append(str(root))
        for path, size, mtime in iter_library_entries([root]):
            if path in seen:
                continue
            seen.add(path)
            before = known.get(path)
            if (
                before is not None
                and before[1] == size
                and before[2] == mtime
                and before[0] in indexed_ids
            ):
                plan.unchanged += 1
            else:
                plan.to_load.append((path, size))
    for path, (doc_id, *_rest) in known.items():
        if path not in seen and _is_under(path, roots):
            plan.vanished.append(doc_id)
    forgotten = [str(Path(f).expanduser().resolve()) for f in forget]
    kept = [str(Path(f).expanduser().resolve()) for f in folders]
    for path, (doc_id, *_rest) in known.items():
        if _is_under(path, forgotten) and not _is_under(path, kept):
            plan.vanished.append(doc_id)
    return plan


def is_file_root(path: Path) -> bool:
    """Whether a library root is a single file (added by itself), not a folder: a file on
    disk, or a path gone from disk that names a document."""
    if path.is_file():
        return True
    return not path.is_dir() and path.suffix.lower() in SUPPORTED_SUFFIXES


def _is_under(path: str, roots: list[str]) -> bool:
    return any(path == root or path.startswith(root.rstrip(os.sep) + os.sep) for root in roots)


class Throttle:
    """True at most once every ``seconds``."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._last = time.monotonic()

    def due(self) -> bool:
        now = time.monotonic()
        if now - self._last >= self.seconds:
            self._last = now
            return True
        return False
