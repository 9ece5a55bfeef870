"""IndexWriter: one batch of index changes, committed at spaced-out checkpoints."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from contextlib import suppress
from functools import partial
from pathlib import Path
from typing import Any

from whoosh import index as windex
from whoosh.index import LockError
from whoosh.writing import NO_MERGE, SegmentWriter

from briefreader.core.search import schema as sch
from briefreader.core.search.entries import (
    ANNOTATION_UID_PREFIX,
    AnnotationEntry,
    DocEntry,
    Entry,
    NoteEntry,
    annotation_uid,
    entry_uid,
    index_fields,
    note_uid,
)
from briefreader.core.search.fields import BY_NAME, KIND_ANNOTATION
from briefreader.core.search.locking import IndexBusyError
from briefreader.core.search.writer import (
    HARD_MAX_SEGMENTS,
    SMALL_MERGE_DOCS,
    LeanWriter,
    bounded_merge,
)

log = logging.getLogger(__name__)

MAX_POOL_BYTES = 32 * 1024 * 1024  # a batch commits when its postings take about this much
FIRST_COMMIT_INTERVAL_S = 1.0  # spacing of commits within one batch, growing ...
COMMIT_INTERVAL_GROWTH = 4  # ... fourfold at each commit ...
MAX_COMMIT_INTERVAL_S = 30.0  # ... up to this
UPDATE_COMMIT_INTERVAL_S = 5.0  # the first interval when the index already has entries
LARGE_BATCH = 1000  # entries: a batch this large may merge at MAX_SEGMENTS
BODY = BY_NAME["body"].whoosh_name  # a document entry's body is its text


class IndexWriter:
    """One batch of changes; made by ``SearchIndex.writer()``, never directly.

    Adding an entry that is already in the index replaces it. ``checkpoint()`` makes what
    was added so far searchable. Each commit writes a new index segment and many small
    segments slow every search, so commits are spaced out: on an empty index the first
    checkpoint of a batch always commits (a fresh build is searchable within about a
    second), later ones only once the interval since the last commit has passed; it starts
    at one second and grows fourfold up to 30 seconds (a build of a minute writes five
    segments, fewer than the eight that make its last commit merge). On an index with
    entries (an update) the first interval is five seconds: an update of a few hundred
    files then commits once, which keeps the segment count, and the merges it brings,
    down. A long batch without checkpoints commits on the same schedule.
    ``checkpoint(force=True)`` always commits. An exception inside the ``with`` block
    cancels everything since the last commit.
    """

    def __init__(
        self,
        ix: windex.FileIndex,
        timeout: float,
        lock_path: Path,
        after_commit: Callable[[], None],
    ) -> None:
        self._ix = ix
        self._lock_path = lock_path
        self._after_commit = after_commit
        self._timeout = timeout
        self._session_uids: set[str] = set()
        self._session_docs: set[str] = set()
        self._pending_uids: set[str] = set()
        self._pending_docs: set[str] = set()
        self._dirty = False
        self._commits = 0
        self._writer = self._open()
        # Read under the lock (another process's commit may replace the table meanwhile).
        self._fresh = not self._writer.segments  # nothing to replace yet: plain adds do
        self._interval = FIRST_COMMIT_INTERVAL_S if self._fresh else UPDATE_COMMIT_INTERVAL_S
        self._next_commit = time.monotonic() + self._interval

    def _open(self) -> SegmentWriter:
        try:
            writer = LeanWriter(self._ix, timeout=self._timeout, codec=sch.LeanCodec())
        except LockError as error:
            raise IndexBusyError(
                "The search index is locked by another BriefReader; try again later."
            ) from error
        with suppress(OSError):  # who holds it: a live writer's lock is never taken as stale
            self._lock_path.write_text(str(os.getpid()))
        return writer

    # ------------------------------------------------------------------ public

    def add_document(self, entry: DocEntry) -> None:
        """Add a document, or replace the entry with the same ``doc_id``."""
        self._add(entry)

    def remove_document(self, doc_id: str) -> None:
        """Remove a document and every annotation entry of it (and its note's)."""
        if doc_id in self._pending_docs:
            self._commit_and_reopen()
        if not self._fresh or doc_id in self._session_docs:
            self._writer.delete_by_term("doc_id", doc_id)
            self._dirty = True

    def add_annotation(self, entry: AnnotationEntry) -> None:
        """Add an annotation, or replace the entry with the same ``annotation_id``."""
        self._add(entry)

    def add_note(self, entry: NoteEntry) -> None:
        """Add a document's note, or replace the one of the same ``doc_id``."""
        self._add(entry)

    def remove_note(self, doc_id: str) -> None:
        self._remove_uid(note_uid(doc_id))

    def remove_annotation(self, annotation_id: int) -> None:
        self._remove_uid(annotation_uid(annotation_id))

    def _remove_uid(self, uid: str) -> None:
        if uid in self._pending_uids:
            self._commit_and_reopen()
        if not self._fresh or uid in self._session_uids:
            self._writer.delete_by_term("uid", uid)
            self._dirty = True

    def remove_all_annotations(self) -> None:
        """Remove every annotation entry (to write them all again from the store)."""
        if any(uid.startswith(ANNOTATION_UID_PREFIX) for uid in self._pending_uids):
            self._commit_and_reopen()
        annotated = any(uid.startswith(ANNOTATION_UID_PREFIX) for uid in self._session_uids)
        if not self._fresh or annotated:
            self._writer.delete_by_term("kind", KIND_ANNOTATION)
            self._dirty = True

    def checkpoint(self, force: bool = False) -> None:
        """Make what was added so far searchable (see the class notes on spacing)."""
        first = self._commits == 0 and self._fresh
        if self._dirty and (force or first or time.monotonic() >= self._next_commit):
            self._commit_and_reopen()

    # ------------------------------------------------------------------ internals

    def _add(self, entry: Entry) -> None:
        uid, doc_id = entry_uid(entry), entry.doc_id
        if uid in self._pending_uids:  # Whoosh cannot replace an uncommitted entry
            self._commit_and_reopen()
        fields = {k: v for k, v in index_fields(entry).items() if v is not None}
        if isinstance(entry, DocEntry) and entry.text_terms is not None and BODY in fields:
            fields[BODY] = sch.AnalysedText(fields[BODY], entry.text_terms)
        if self._fresh and uid not in self._session_uids:
            self._writer.add_document(**fields)
        else:
            self._writer.update_document(**fields)
        self._session_uids.add(uid)
        self._session_docs.add(doc_id)
        self._pending_uids.add(uid)
        self._pending_docs.add(doc_id)
        self._dirty = True
        if time.monotonic() >= self._next_commit or self._writer.pooled_bytes > MAX_POOL_BYTES:
            self._commit_and_reopen()

    def _commit_and_reopen(self) -> None:
        self._commit(final=False)
        self._writer = self._open()

    def _commit(self, final: bool) -> None:
        started = time.perf_counter()
        self._writer.commit(mergetype=self._merge_policy() if final else NO_MERGE)
        self._commits += 1
        self._pending_uids.clear()
        self._pending_docs.clear()
        self._dirty = False
        self._interval = min(self._interval * COMMIT_INTERVAL_GROWTH, MAX_COMMIT_INTERVAL_S)
        self._next_commit = time.monotonic() + self._interval
        self._after_commit()
        log.debug("index commit (final=%s) in %.3fs", final, time.perf_counter() - started)

    def _merge_policy(self) -> Callable[..., list[Any]]:
        if len(self._session_uids) >= LARGE_BATCH:
            return bounded_merge
        return partial(bounded_merge, limit=HARD_MAX_SEGMENTS, budget=SMALL_MERGE_DOCS)

    def _finish(self) -> None:
        self._commit(final=True)

    def _cancel(self) -> None:
        with suppress(Exception):
            self._writer.cancel()
        lock = getattr(self._writer, "writelock", None)
        if lock is not None and lock.fd is not None:  # cancel failed half-way
            with suppress(Exception):
                lock.release()
        self._after_commit()
