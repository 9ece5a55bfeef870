"""Incremental indexing: scan folders, load what changed, keep catalog and index in step."""

from __future__ import annotations

import logging
import os
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing import get_all_start_methods, get_context
from multiprocessing.context import ForkContext, SpawnContext
from pathlib import Path

from briefreader.core.formats.documents import (
    FORMATS,
    SUPPORTED_SUFFIXES,
    iter_library_entries,
    load_document,
)
from briefreader.core.formats.md_pieces import PieceStore, TooMuchToConvert
from briefreader.core.formats.piece_cache import PieceCache
from briefreader.core.formats.walk import LINKS_INSIDE
from briefreader.core.models import (
    FORMAT_HTML,
    FORMAT_MARKDOWN,
    FORMAT_PDF,
    Document,
    LoadError,
    Problem,
)
from briefreader.core.sync.pool import LoadBudget, LoadingPool
from briefreader.core.sync.worker import load_one

log = logging.getLogger(__name__)

ProgressCallback = Callable[[int, int, str], None]
CancelCallback = Callable[[], bool]

# Below this many files to load, a pool of several processes costs more than it saves.
PARALLEL_THRESHOLD = 64
RISKY_BYTES = 4096  # Markdown/HTML from this size loads in a worker even in a small run
BATCH_SIZE = 128
CHUNK_SIZE = 16
CHUNK_BYTES = 4 * 2**20  # a chunk holds at most CHUNK_SIZE files or about this many bytes
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


def load_safely(path: str, pieces: PieceStore | None = None) -> Document | Problem:
    """Load one file in this process; any failure becomes a Problem, never an exception."""
    try:
        return load_one(path, pieces)
    except MemoryError:
        return Problem(path, "too large to read into memory")


def load_here(path: str, size: int, pieces: PieceStore | None) -> Document | Problem | None:
    """Load a file of a small run in this process when that is safe; None: it needs a worker.

    A Markdown file of any size is safe once few of its pieces need converting anew (the
    rest come from ``pieces``): the window's re-index of a saved file then starts no process.
    """
    if not needs_worker(path, size):
        return load_safely(path, pieces)
    if pieces is None or FORMATS.get(os.path.splitext(path)[1].lower()) != FORMAT_MARKDOWN:
        return None
    try:
        return load_document(Path(path), pieces=pieces, fresh_limit=RISKY_BYTES)
    except LoadError as error:
        return Problem(path, str(error))
    except (TooMuchToConvert, MemoryError):
        return None


def load_many(paths: list[str]) -> list[Document | Problem]:
    """Load a chunk of files in this process."""
    return [load_safely(path) for path in paths]


def needs_worker(path: str, size: int) -> bool:
    """True for a file whose reading could run away (PDF, or Markdown/HTML that is not
    tiny): a small run loads it in a worker process under the budget, not in-process."""
    fmt = FORMATS.get(os.path.splitext(path)[1].lower())
    return fmt == FORMAT_PDF or (fmt in (FORMAT_MARKDOWN, FORMAT_HTML) and size >= RISKY_BYTES)


def iter_loaded(
    files: list[tuple[str, int]],
    cancel: CancelCallback | None,
    budget: LoadBudget | None = None,
    pieces_path: Path | None = None,
) -> Iterator[Document | Problem]:
    """Load ``(path, size)`` files, each within ``budget``; results come as they are ready.

    A run of PARALLEL_THRESHOLD files or more loads in a pool of worker processes; a
    smaller one loads here, but for the files that need a worker (``load_here``: through
    one worker). At most TASKS_PER_WORKER chunks per worker are in flight, so memory stays
    bounded. ``pieces_path``: the cache of converted Markdown pieces (``md_pieces``).
    """
    many = len(files) >= PARALLEL_THRESHOLD
    pooled = files if many else []
    if not many:
        pieces = PieceCache(pieces_path) if pieces_path is not None else None
        try:
            for path, size in files:
                if cancel and cancel():
                    return
                result = load_here(path, size, pieces)
                if result is None:
                    pooled.append((path, size))
                else:
                    yield result
        finally:
            if pieces is not None:
                pieces.close()
    if not pooled:
        return
    size = min(os.cpu_count() or 1, 4) if many else 1
    seen: set[str] = set()
    shared = str(pieces_path) if pieces_path is not None else None
    try:
        with LoadingPool(size, _pool_context(), budget or LoadBudget(), shared) as pool:
            for result in pool.load(_chunks(pooled), cancel):
                seen.add(result.path)
                yield result
            return
    except OSError as error:  # no processes to be had: load here, without the budget
        log.warning("the loading pool failed (%s); loading in-process", error)
    for path, _size in pooled:
        if path in seen:
            continue
        if cancel and cancel():
            return
        yield load_safely(path)  # without the cache: its file may be what failed


def _chunks(files: list[tuple[str, int]]) -> Iterator[list[str]]:
    """The paths in consecutive pieces of at most CHUNK_SIZE files and about CHUNK_BYTES."""
    chunk: list[str] = []
    size = 0
    for path, file_size in files:
        if chunk and (len(chunk) >= CHUNK_SIZE or size + file_size > CHUNK_BYTES):
            yield chunk
            chunk, size = [], 0
        chunk.append(path)
        size += file_size
    if chunk:
        yield chunk


def _pool_context() -> ForkContext | SpawnContext:
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
    follow_links: str = LINKS_INSIDE,
) -> ScanPlan:
    """Compare files on disk with the catalog by path, size and mtime (no file is read).

    ``folders`` are library folders or single files. ``plan.vanished`` holds the doc_ids of
    catalogued paths under them that are gone, and of every catalogued path under a root
    in ``forget`` (one removed from the library) that is not under one of ``folders``;
    ``plan.problems`` what was passed over and why (a missing folder, a link leading out).
    """
    plan = ScanPlan()
    seen: set[str] = set()
    roots: list[str] = []  # what vanished paths are looked for under
    walked: list[str] = []  # what is on disk to be walked (one walk: links, loops, dups)
    folders = list(folders)
    for folder in folders:
        if not folder.is_dir() and not folder.is_file():
            if folder.suffix.lower() in SUPPORTED_SUFFIXES:  # a single file, deleted
                roots.append(str(folder.absolute()))  # its document has vanished
                plan.problems.append(Problem(str(folder), "file not found"))
            else:  # perhaps a drive not mounted now: its documents are kept
                plan.problems.append(Problem(str(folder), "folder not found (skipped)"))
            continue
        root = str(folder.resolve())  # paths below a resolved root are already absolute
        roots.append(root)
        walked.append(root)

    def passed_over(path: str, reason: str) -> None:
        plan.problems.append(Problem(path, reason))

    for path, size, mtime in iter_library_entries(walked, follow_links, passed_over):
        seen.add(path)
        before = known.get(path)
        if before is not None and before[1:3] == (size, mtime) and before[0] in indexed_ids:
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
