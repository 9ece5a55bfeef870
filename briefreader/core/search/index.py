"""SearchIndex: the Whoosh full-text index over documents and annotations.

A rebuildable cache: ``open()`` recreates it when it is missing, damaged, from another
version, or was left locked by a run that stopped mid-update. Body text is analysed but not
stored; snippets are cut from the canonical text that ``text_for(doc_id)`` supplies.
Analysis, query parsing, the schema and snippets live in ``briefreader.core.search``.
"""

from __future__ import annotations

import gc
import json
import logging
import os
import shutil
import threading
import time
import warnings
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import contextmanager, suppress
from itertools import islice
from pathlib import Path
from traceback import format_exc
from typing import Any

from whoosh import index as windex

from briefreader.core.errors import SearchCancelled
from briefreader.core.models import SearchRequest, SearchResults
from briefreader.core.search import schema as sch
from briefreader.core.search.compiler import QueryCompiler
from briefreader.core.search.fields import KIND_DOC
from briefreader.core.search.index_writer import IndexWriter
from briefreader.core.search.locking import (
    INDEX_NAME,
    LOCK_FILE,
    LOCK_FREE,
    IndexBusyError,
    held_exclusively,
    lock_held,
    mark_lock_free,
    process_alive,
)
from briefreader.core.search.results import ResultBuilder, SearchCaches

log = logging.getLogger(__name__)
MSG_FAILED = "The search failed because of an internal error (details are in the log)."

MARKER_FILE = "briefreader-index.json"
LOCK_TIMEOUT_S = 10.0
OPEN_LOCK_TIMEOUT_S = 30.0

MSG_CREATED = "Created a new search index."
MSG_CORRUPT = "The search index was damaged; rebuilding it."
MSG_STALE_LOCK = "The search index was left locked by an update that did not finish; rebuilding it."
MSG_VERSION = "The search index is from another version of BriefReader; rebuilding it."
MSG_BUSY = "The search index is being updated by another BriefReader; search may be incomplete."
MSG_CHANGED = (
    "The search index was changed by another BriefReader during this update; run it again."
)


@contextmanager
def _quiet_leaks() -> Iterator[None]:
    """Whoosh leaves files open when it fails to read a damaged index; close them quietly."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        try:
            yield
        finally:
            gc.collect()


_OPEN_ATTEMPTS = 3


def _forget(error: BaseException) -> None:
    """Close, quietly, the files a failed Whoosh read left open (its traceback holds them)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        error.__traceback__ = None
        gc.collect()


class SearchIndex:
    """Full-text search over documents and annotations (see docs/ARCHITECTURE.md)."""

    def __init__(self, index_dir: Path, text_for: Callable[[str], str | None]) -> None:
        self.index_dir = Path(index_dir)
        self._text_for = text_for
        self._ix: windex.FileIndex | None = None
        self._searcher = None
        self._lock = threading.RLock()
        self._caches = SearchCaches()
        self._compiler = QueryCompiler(sch.shared_analyzer())

    # ------------------------------------------------------------------ lifecycle

    def open(self) -> str | None:
        """Open the index, or create/rebuild it; returns a one-line message if it had to.

        Processes opening the same index at once take turns (two that both found no index
        would each create one over the other's files)."""
        opening = self.index_dir.with_name(f".{self.index_dir.name}-open.lock")
        with self._lock, held_exclusively(opening, OPEN_LOCK_TIMEOUT_S):
            self._close_handles()
            message = self._check_lock()
            if message == MSG_BUSY:
                ix = self._try_open()
                if ix is None:
                    raise IndexBusyError(MSG_BUSY)
                self._ix = ix
                return message
            if message is None:
                message = self._check_existing()
            if self._ix is None:
                self._create()
            return message

    def close(self) -> None:
        with self._lock:
            self._close_handles()

    @property
    def is_empty(self) -> bool:
        return bool(self._require().doc_count() == 0)

    @contextmanager
    def writer(self, timeout: float | None = None) -> Iterator[IndexWriter]:
        """One writer for a batch: commits on success, cancels on an exception.

        Waits up to ``timeout`` seconds (default LOCK_TIMEOUT_S; 0: one try) for another
        writer to finish, then raises IndexBusyError.

        Index files vanishing under the writer (someone else rebuilt or cleared the index
        meanwhile) raise IndexBusyError(MSG_CHANGED), not a bare FileNotFoundError.
        """
        try:
            wait = LOCK_TIMEOUT_S if timeout is None else timeout
            session = IndexWriter(
                self._require(), wait, self.index_dir / LOCK_FILE, self._after_commit
            )
        except FileNotFoundError as error:
            self._raise_if_changed(error)
            raise
        try:
            yield session
            session._finish()
        except FileNotFoundError as error:
            session._cancel()
            self._raise_if_changed(error)
            raise
        except BaseException:  # also a failed commit (disk full): never keep the lock
            session._cancel()
            raise

    def indexed_doc_ids(self) -> set[str]:
        return self.entry_doc_ids()[0]

    def annotated_doc_ids(self) -> set[str]:
        """Doc ids that have annotation entries in the index."""
        return self.entry_doc_ids()[1]

    def entry_doc_ids(self) -> tuple[set[str], set[str]]:
        """Doc ids with a document entry, and doc ids with annotation entries (one pass)."""
        with self._lock:
            reader = self._current_searcher().reader()
            cols = self._caches.rows.columns(reader)
            pairs: Iterable[tuple[str, str]] = zip(cols.kind, cols.doc_id, strict=True)
            if reader.has_deletions():
                live = set(reader.all_doc_ids())
                pairs = (p for d, p in enumerate(pairs) if d in live)
            documents: set[str] = set()
            annotated: set[str] = set()
            for kind, doc_id in pairs:
                (documents if kind == KIND_DOC else annotated).add(doc_id)
            return documents, annotated

    def search(
        self, request: SearchRequest, cancelled: Callable[[], bool] | None = None
    ) -> SearchResults:
        """Run a query; never raises for what a user can type (``SearchCancelled`` once
        ``cancelled()`` is true)."""
        failed = SearchResults((), 0, request.page, request.page_size, message=MSG_FAILED)
        return self._guarded(lambda b: b.run(request, cancelled), failed, request.text)

    def related(self, text: str, exclude: Collection[str] = (), limit: int = 10) -> SearchResults:
        """Documents like ``text`` (a document's or a passage's), except the doc_ids in
        ``exclude`` (see ``related``); never raises."""
        failed = SearchResults((), 0, 1, limit, message=MSG_FAILED)
        return self._guarded(lambda b: b.related(text, set(exclude), limit), failed, "related")

    # ------------------------------------------------------------------ internals

    def _guarded(
        self, run: Callable[[ResultBuilder], SearchResults], failed: SearchResults, what: str
    ) -> SearchResults:
        """``run`` on a fresh result builder, once more on a new searcher if it fails."""
        try:
            try:
                return self._with_builder(run)
            except SearchCancelled:
                raise
            except Exception as error:  # another BriefReader's merge removed segment files?
                log.info("search failed (%r); retrying on a fresh searcher", error)
                _forget(error)
                with self._lock:
                    self._drop_searcher()
                return self._with_builder(run)
        except SearchCancelled:
            raise
        except Exception:
            log.exception("search failed for %r", what)
            return failed

    def _with_builder(self, run: Callable[[ResultBuilder], SearchResults]) -> SearchResults:
        with self._lock:
            builder = ResultBuilder(
                self._current_searcher(), self._caches, self._compiler, self._safe_text
            )
            return run(builder)

    def _raise_if_changed(self, error: FileNotFoundError) -> None:
        """IndexBusyError(MSG_CHANGED) when a file of this index vanished under a writer."""
        name = Path(error.filename or "")
        if self.index_dir in name.parents:
            log.warning("search index file vanished during an update: %s", name)
            raise IndexBusyError(MSG_CHANGED) from error

    def _drop_searcher(self) -> None:
        if self._searcher is not None:
            with suppress(Exception):
                self._searcher.close()
            self._searcher = None
        self._caches.clear()

    def _require(self) -> windex.FileIndex:
        if self._ix is None:
            raise RuntimeError("SearchIndex.open() was not called")
        return self._ix

    def _safe_text(self, doc_id: str) -> str | None:
        try:
            return self._text_for(doc_id)
        except Exception:
            log.exception("text_for(%r) failed", doc_id)
            return None

    def _current_searcher(self) -> Any:
        """The shared searcher, reopened when a commit changed the index.

        Not ``Searcher.refresh()``: with ``reuse`` Whoosh 2.7 mixes the old segment list
        into the new one (and fails on an empty index).
        """
        ix = self._require()
        if self._searcher is not None and not self._searcher.up_to_date():
            with suppress(Exception):
                self._searcher.close()
            self._searcher = None
        if self._searcher is None:
            for attempt in range(_OPEN_ATTEMPTS):
                try:
                    self._searcher = ix.searcher()
                    break
                except FileNotFoundError as error:  # another BriefReader's commit replaced
                    if attempt == _OPEN_ATTEMPTS - 1:  # the segments meanwhile
                        raise
                    _forget(error)
                    time.sleep(0.05 * (attempt + 1))
        return self._searcher

    def _after_commit(self) -> None:
        """Called by the writer after a commit or cancel: mark the lock file free."""
        mark_lock_free(self.index_dir / LOCK_FILE)

    def _close_handles(self) -> None:
        if self._searcher is not None:
            with suppress(Exception):
                self._searcher.close()
            self._searcher = None
        if self._ix is not None:
            with suppress(Exception):
                self._ix.close()
            self._ix = None

    def _check_lock(self) -> str | None:
        """MSG_STALE_LOCK after clearing a dead writer's lock, MSG_BUSY for a live one."""
        path = self.index_dir / LOCK_FILE
        for attempt in range(2):
            try:
                content = path.read_text(encoding="ascii", errors="replace").strip()
            except (FileNotFoundError, NotADirectoryError):
                return None
            except OSError:
                content = ""
            owner = int(content) if content.isdigit() else 0
            held = lock_held(path)
            if held is None:
                return None
            if held:
                return MSG_BUSY
            if content == LOCK_FREE:  # the last writer finished
                return None
            if owner and process_alive(owner):  # a live writer between two of its commits
                return None
            if owner or attempt:
                break
            # Empty and free: a writer may be taking it this instant (Whoosh creates the
            # file, then locks it, then we write our pid). Look again in a moment.
            time.sleep(0.1)
        log.warning("search index: stale write lock in %s (owner %r)", self.index_dir, owner)
        self._wipe()
        return MSG_STALE_LOCK

    def _check_existing(self) -> str | None:
        """Open a healthy index (sets self._ix); otherwise wipe and say why."""
        if self.index_dir.exists() and not self.index_dir.is_dir():  # a stray file: ours
            self.index_dir.unlink()
            return MSG_CORRUPT
        if not self.index_dir.is_dir() or not any(self.index_dir.iterdir()):
            return MSG_CREATED
        if self._read_marker() != sch.INDEX_VERSION:
            message = MSG_VERSION if self._has_toc() else MSG_CORRUPT
            self._wipe()
            return message
        ix = self._try_open()
        if ix is None:
            self._wipe()
            return MSG_CORRUPT
        self._ix = ix
        return None

    def _has_toc(self) -> bool:
        return any(p.name.startswith(f"_{INDEX_NAME}_") for p in self.index_dir.glob("*.toc"))

    def _try_open(self) -> windex.FileIndex | None:
        """The index if it opens and reads cleanly, else None (after a few tries: another
        BriefReader's commit may delete the segment files of the table it replaces)."""
        for attempt in range(_OPEN_ATTEMPTS):
            ix = self._try_open_once()
            if ix is not None:
                return ix
            if attempt < _OPEN_ATTEMPTS - 1:
                time.sleep(0.05 * (attempt + 1))
        return None

    def _try_open_once(self) -> windex.FileIndex | None:
        with _quiet_leaks():
            try:
                ix = windex.open_dir(str(self.index_dir), indexname=INDEX_NAME)
                self._validate(ix)
                return ix
            except Exception:
                # A string, not exc_info: a kept traceback would keep Whoosh's files open.
                log.warning("search index in %s is unreadable:\n%s", self.index_dir, format_exc())
                return None

    def _validate(self, ix: windex.FileIndex) -> None:
        """Read a little of everything, so a damaged file shows up now, not mid-search."""
        if sorted(ix.schema.names()) != sorted(sch.build_schema().names()):
            raise ValueError("schema differs")
        with ix.reader() as reader:
            for fieldname in ("uid", "body", "title"):
                for term in islice(reader.lexicon(fieldname), 3):
                    list(islice(reader.postings(fieldname, term).all_ids(), 3))
            for docnum in islice(reader.all_doc_ids(), 3):
                reader.stored_fields(docnum)
            self._caches.clear()
            self._caches.rows.columns(reader)

    def _read_marker(self) -> int | None:
        try:
            data = json.loads((self.index_dir / MARKER_FILE).read_text(encoding="utf-8"))
            return int(data["version"])
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def _wipe(self) -> None:
        self._close_handles()
        self._caches.clear()
        if self.index_dir.exists():
            for child in self.index_dir.iterdir():
                if child.name == LOCK_FILE and child.is_file():
                    continue  # kept (see LOCK_FREE), only marked free
                if child.is_dir() and not child.is_symlink():
                    shutil.rmtree(child, ignore_errors=True)
                else:
                    with suppress(OSError):
                        child.unlink()
            mark_lock_free(self.index_dir / LOCK_FILE)

    def _create(self) -> None:
        self.index_dir.mkdir(parents=True, exist_ok=True)
        self._caches.clear()
        self._ix = windex.create_in(str(self.index_dir), sch.build_schema(), indexname=INDEX_NAME)
        marker = self.index_dir / MARKER_FILE
        tmp = marker.with_suffix(".tmp")
        tmp.write_text(json.dumps({"version": sch.INDEX_VERSION}), encoding="utf-8")
        os.replace(tmp, marker)
        log.info("search index created in %s", self.index_dir)
