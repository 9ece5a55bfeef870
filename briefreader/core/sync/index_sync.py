"""IndexSync: the one home of keeping the search index in step with the store.

Every change is saved in SQLite first; ``note()`` then tells the index. The write lock is
tried once (another BriefReader's index run may hold it for minutes; the change then waits,
as an id, see ``journal.py``). A change made within BATCH_WINDOW_S of the last commit waits
for the next one, so a burst of changes commits together: at the next change after the
window, at MAX_BATCH changes, before a search, at the end of an index run, or at close().
During an index run the run applies what waits, at its next batch.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from briefreader.core.errors import LibraryError
from briefreader.core.models import DocumentRecord
from briefreader.core.search.entries import (
    DocEntry,
    Entry,
    NoteEntry,
    annotation_entry,
    doc_entry,
    note_entry,
)
from briefreader.core.search.index import SearchIndex
from briefreader.core.search.index_writer import IndexWriter
from briefreader.core.search.locking import IndexBusyError
from briefreader.core.store.guard import GuardedStore
from briefreader.core.sync.journal import Journal, PendingChanges
from briefreader.core.sync.run import IndexChange, IndexRun
from briefreader.core.sync.scan import CancelCallback, IndexReport, ProgressCallback
from briefreader.core.texts import DocumentTexts

log = logging.getLogger(__name__)

CHANGE_LOCK_TIMEOUT_S = 0.0
BATCH_WINDOW_S = 0.5
MAX_BATCH = 500


class IndexSync:
    """Pending index changes, their journal, burst commits and index runs of one Library.

    Its state changes only under the store's lock (``with db:``), so a saved change and
    its pending id are always seen together, by a flush as by an index run.
    """

    def __init__(
        self,
        db: GuardedStore,
        index: SearchIndex,
        texts: DocumentTexts,
        journal_dir: Path,
        pieces_path: Path | None = None,
    ) -> None:
        self._db = db
        self._pieces_path = pieces_path  # converted Markdown pieces, for index runs
        self._index = index
        self._texts = texts
        self._journal = Journal(journal_dir)
        # During an index run in this process the run applies what waits; what it took is
        # kept (and journalled) until it ends well.
        self._pending = PendingChanges()
        self._taken_by_run = PendingChanges()
        self._run_active = False
        self._deferring = 0  # inside deferred(): changes wait for the block to end
        self._last_commit = float("-inf")  # never: time.monotonic() may be small after boot
        self._closed = False

    def start(self) -> None:
        """Mark this Library open; take over changes earlier ones could not index."""
        with self._db:
            self._journal.begin()
            adopted = self._journal.adopt_orphans()
            if adopted:
                self._pending.merge(adopted)
                self._journal.save(self._pending)
                self.flush()

    def close(self) -> None:
        """Write what waits if the index is free; journal the rest for the next Library."""
        with self._db:
            self.flush()
            self._closed = True
            self._journal.close(self._pending | self._taken_by_run)

    def note(
        self,
        annotations: Iterable[int] = (),
        documents: Iterable[str] = (),
        notes: Iterable[str] = (),
    ) -> None:
        """Note a change the store already holds; the index gets it now or a little later.

        ``notes`` are documents whose note changed. Never waits for the index lock and
        never fails for a busy or failing index: the change waits (and is journalled) for
        the next commit.
        """
        with self._db:
            if self._pending.add(annotations, documents, notes):
                self._journal.save(self._pending | self._taken_by_run)
            if self._run_active or self._deferring:
                return  # the run applies it at its next batch; a deferring block at its end
            if (
                time.monotonic() - self._last_commit >= BATCH_WINDOW_S
                or len(self._pending) >= MAX_BATCH
            ):
                self.flush()

    def flush(self) -> bool:
        """Apply the pending changes if the index is free right now (never waits).

        True when nothing is left pending.
        """
        if not self._pending:  # the common case, without waiting for the lock
            return True
        with self._db:
            if not self._pending or self._run_active or self._closed or self._deferring:
                return not self._pending
            changes = self._pending.take()
            try:
                with self._index.writer(timeout=CHANGE_LOCK_TIMEOUT_S) as writer:
                    self._apply(changes, writer)
            except (IndexBusyError, OSError) as error:  # busy, disk full, read-only
                self._pending.merge(changes)
                log.info("search index not updated yet (%d changes wait): %s", len(changes), error)
                return False
            except Exception:  # never fail the caller (a search, a saved change) for it
                self._pending.merge(changes)
                log.exception("search index update failed; %d changes wait", len(changes))
                return False
            self._last_commit = time.monotonic()
            self._journal.save(self._pending | self._taken_by_run)
            return True

    @contextmanager
    def deferred(self) -> Iterator[None]:
        """Changes noted in the block reach the index only after it (when the block is one
        transaction, the index must never see what a rollback takes back)."""
        with self._db:
            self._deferring += 1
        try:
            yield
        finally:
            with self._db:
                self._deferring -= 1
            if not self._deferring:
                self.flush()

    def discard(self) -> None:
        """Forget what waits (the database was replaced: the index is rebuilt from it)."""
        with self._db:
            self._pending.take()
            self._journal.save(self._pending)

    def run(
        self,
        roots: list[Path],
        progress: ProgressCallback | None = None,
        cancel: CancelCallback | None = None,
        forget: list[Path] | None = None,
    ) -> IndexReport:
        """One index run over ``roots`` (forgetting the documents under ``forget``, roots
        removed from the library); changes noted meanwhile queue for it."""
        with self._running():
            run = IndexRun(
                self._db,
                self._index,
                self._texts,
                self._take_queued,
                roots,
                progress,
                cancel,
                forget,
                self._pieces_path,
            )
            return run.execute()

    @contextmanager
    def _running(self) -> Iterator[None]:
        with self._db:
            if self._run_active:
                raise LibraryError("the library is already being indexed")
            self._run_active = True
        failed = True
        try:
            yield
            failed = False
        finally:
            with self._db:
                self._run_active = False
                taken = self._taken_by_run.take()
                if failed:  # its writer was cancelled: apply them again
                    self._pending.merge(taken)
                self._journal.save(self._pending)
            self.flush()

    def _take_queued(self) -> list[IndexChange]:
        """The changes noted meanwhile, for the running index run to apply."""
        with self._db:
            changes = self._pending.take()
            self._taken_by_run.merge(changes)  # journalled until the run ends well
        if not changes:
            return []
        return [lambda writer: self._apply(changes, writer)]

    def _apply(self, changes: PendingChanges, writer: IndexWriter) -> None:
        """Write the current store state of the changed documents, notes and annotations."""
        with self._db as store:
            annotation_ids = set(changes.annotations)
            note_ids = changes.notes | changes.documents  # a note entry carries doc tags
            if changes.everything:  # a Library stopped unclosed: rewrite every entry
                writer.remove_all_annotations()
                annotation_ids |= {a.id for a in store.annotations()}
                note_ids |= {r.doc_id for r in store.documents(include_missing=True) if r.note}
            entries: list[Entry] = []
            gone: list[str] = []  # forgotten, or kept as missing: no document entry
            for doc_id in sorted(changes.documents):
                record = store.document(doc_id)
                if record is not None:  # its annotation entries carry its title, source...
                    annotation_ids |= {a.id for a in store.annotations(doc_id=doc_id)}
                if record is None or record.missing:
                    gone.append(doc_id)
                    continue
                text = self._texts.text_for(doc_id)
                if text is not None:
                    entries.append(doc_entry(record, text))
            silent = []
            for doc_id in sorted(note_ids):
                record = store.document(doc_id)
                if record is not None and record.note.strip():
                    entries.append(note_entry(record))
                else:
                    silent.append(doc_id)
            records: dict[str, DocumentRecord | None] = {}
            removed = []
            for annotation_id in sorted(annotation_ids):
                annotation = store.annotation(annotation_id)
                if annotation is not None and annotation.doc_id not in records:
                    records[annotation.doc_id] = store.document(annotation.doc_id)
                record = records.get(annotation.doc_id) if annotation is not None else None
                if annotation is None or record is None:
                    removed.append(annotation_id)
                else:
                    entries.append(annotation_entry(annotation, record))
        for doc_id in gone:  # before the annotation entries: this removes them too
            writer.remove_document(doc_id)
        for entry in entries:
            if isinstance(entry, DocEntry):
                writer.add_document(entry)
            elif isinstance(entry, NoteEntry):
                writer.add_note(entry)
            else:
                writer.add_annotation(entry)
        for annotation_id in removed:
            writer.remove_annotation(annotation_id)
        for doc_id in silent:
            writer.remove_note(doc_id)
