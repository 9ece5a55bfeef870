"""The Library facade: the one object the CLI, the window, export and benchmarks talk to."""

from __future__ import annotations

import logging
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from briefreader.core import anchoring, recovery
from briefreader.core.entries import annotation_entry, doc_entry
from briefreader.core.errors import LibraryError
from briefreader.core.index import DocEntry, IndexBusyError, IndexWriter, SearchIndex
from briefreader.core.indexing import (
    CancelCallback,
    IndexReport,
    ProgressCallback,
)
from briefreader.core.models import (
    COLORS,
    DEFAULT_COLOR,
    AnchorStatus,
    Annotation,
    Document,
    DocumentRecord,
    LoadError,
    Problem,
    SearchRequest,
    SearchResults,
)
from briefreader.core.pending import JOURNAL_DIR, Journal, PendingChanges
from briefreader.core.store import Store, StoreError, list_backups, restore_backup
from briefreader.core.textcache import TextCache
from briefreader.paths import default_data_dir

log = logging.getLogger(__name__)

IndexChange = Callable[[IndexWriter], None]

DB_NAME = "briefreader.sqlite3"
BACKUPS_KEPT = 5
BACKUP_MIN_AGE_S = 3600  # a CLI run backs up at most hourly; the window at every start
# Index changes: the write lock is tried once (another BriefReader's index run may hold it
# for minutes; the change then waits, see core/pending.py). A change made within
# BATCH_WINDOW_S of the last commit waits for the next one, so a burst of changes commits
# together: at the next change after the window, at MAX_BATCH changes, before a search, at
# the end of an index run, or at close().
CHANGE_LOCK_TIMEOUT_S = 0.0
BATCH_WINDOW_S = 0.5
MAX_BATCH = 500


class Library:
    """A library of documents with the user's annotations, search index and caches."""

    def __init__(self, data_dir: Path, store: Store, index: SearchIndex, texts: TextCache):
        self.data_dir = data_dir
        self.startup_messages: list[str] = []
        self._store = store
        self._index = index
        self._texts = texts
        self._lock = threading.RLock()
        self._documents: OrderedDict[str, Document] = OrderedDict()
        # Index changes not applied yet (see core/pending.py). During an index run in this
        # process the run applies them; what it took is kept until it ends well.
        self._index_run_active = False
        self._pending = PendingChanges()
        self._taken_by_run = PendingChanges()
        self._journal = Journal(data_dir / JOURNAL_DIR)
        self._last_commit = float("-inf")  # monotonic() counts from boot: may be < the window
        self._closed = False

    # ------------------------------------------------------------------ life cycle

    @classmethod
    def open(cls, data_dir: Path | None = None, *, always_backup: bool = False) -> Library:
        """Open (creating when needed) the library in ``data_dir``."""
        data_dir = Path(data_dir or default_data_dir()).expanduser().resolve()
        _ensure_writable_dir(data_dir)
        notice = recovery.check_before_open(data_dir)  # LibraryError when damaged
        try:
            store = Store(data_dir / DB_NAME)
        except StoreError as error:
            raise LibraryError(recovery.explain_open_failure(data_dir, error)) from error
        (data_dir / "cache").mkdir(exist_ok=True)
        texts = TextCache(data_dir / "cache" / "texts.sqlite3")
        library = cls.__new__(cls)
        index = SearchIndex(data_dir / "index", text_for=library._text_for)
        cls.__init__(library, data_dir, store, index, texts)
        try:
            library._start(always_backup, notice)
        except BaseException:
            library.close()
            raise
        return library

    def _start(self, always_backup: bool, notice: str | None = None) -> None:
        message = self._index.open()
        if message:
            self.startup_messages.append(message)
        with self._lock:  # changes an earlier run could not index before it stopped
            self._journal.begin()
            adopted = self._journal.adopt_orphans()
            if adopted:
                self._pending.merge(adopted)
                self._journal.save(self._pending)
                self.flush_index()
        if notice:  # a new, empty database beside older backups: keep those backups
            self.startup_messages.append(notice)
            return
        self._backup_if_due(always_backup)

    def _backup_if_due(self, always: bool) -> None:
        backup_dir = self.data_dir / "backups"
        existing = list_backups(backup_dir)
        newest = max((p.stat().st_mtime for p in existing), default=0.0)
        if always or time.time() - newest > BACKUP_MIN_AGE_S:
            # A damaged database must not push the good backups out of the rotation.
            problem = recovery.integrity_problem(self.data_dir / DB_NAME)
            if problem is not None:
                raise LibraryError(recovery.damaged_message(self.data_dir, problem))
            keep = recovery.backup_to_keep(self.data_dir)
            if keep is not None:  # nor may an empty one
                self.startup_messages.append(
                    f"This library has no annotations but the backup {keep} has; no new "
                    f"backup was made so that it is kept (briefreader restore-backup)."
                )
                return
            try:
                self._store.backup(backup_dir, keep=BACKUPS_KEPT)
            except (OSError, StoreError) as error:
                self.startup_messages.append(f"Could not back up the database: {error}")

    def close(self) -> None:
        with self._lock:
            if self._closed:
                return
            self.flush_index()
            self._closed = True
            self._journal.close(self._pending | self._taken_by_run)  # for the next Library
            self._index.close()
            self._texts.close()
            self._store.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ folders, indexing

    def folders(self) -> list[Path]:
        with self._lock:
            return [Path(p) for p in self._store.folders()]

    def add_folders(self, paths: Iterable[Path]) -> list[Path]:
        """Add folders to the library (not indexed yet); raise for one that does not exist."""
        added = []
        for path in paths:
            folder = Path(path).expanduser().resolve()
            if not folder.is_dir():
                raise LibraryError(f"no such folder: {path}")
            with self._lock:
                self._store.add_folder(str(folder))
            added.append(folder)
        return added

    def remove_folder(self, path: Path) -> None:
        with self._lock:
            self._store.remove_folder(str(Path(path).expanduser().resolve()))

    def index(
        self,
        folders: Iterable[Path] | None = None,
        progress: ProgressCallback | None = None,
        cancel: CancelCallback | None = None,
    ) -> IndexReport:
        """Bring catalog, search index and anchors in step with the files in ``folders``."""
        from briefreader.core.updater import IndexRun

        roots = [Path(f) for f in folders] if folders is not None else self.folders()
        with self.index_run():
            with self._lock:
                run = IndexRun(self, roots, progress, cancel)
            return run.execute()

    def refresh_index(self) -> IndexReport:
        """Re-add catalog documents the search index lacks (after it was rebuilt)."""
        return self.index()

    # ------------------------------------------------------------------ documents

    def documents(self, include_missing: bool = False) -> list[DocumentRecord]:
        with self._lock:
            return self._store.documents(include_missing=include_missing)

    def record(self, doc_id: str) -> DocumentRecord | None:
        with self._lock:
            return self._store.document(doc_id)

    def record_for_path(self, path: Path | str) -> DocumentRecord | None:
        with self._lock:
            return self._store.document_by_path(str(Path(path).expanduser().resolve()))

    def require_record(self, path: Path | str) -> DocumentRecord:
        """The catalog record for ``path``, or a clear error when it is not in the library."""
        record = self.record_for_path(path)
        if record is None:
            raise LibraryError(f"not in the library (index its folder first): {path}")
        return record

    def document(self, doc_id: str) -> Document:
        """The document's current text and blocks (cached); raises LoadError when unreadable."""
        record = self.record(doc_id)
        if record is None:
            raise LibraryError(f"no document with id {doc_id}")
        with self._lock:
            cached = self._documents.get(doc_id)
            if cached is not None and cached.content_hash == record.content_hash:
                self._documents.move_to_end(doc_id)
                return cached
        if record.missing or not os.path.exists(record.path):
            raise LoadError(f"the file is no longer on disk: {record.path}")
        document = load_document_file(record.path)
        self._remember(doc_id, document)
        with self._lock:
            self._store.touch_opened(doc_id)
        return document

    def _remember(self, doc_id: str, document: Document) -> None:
        with self._lock:
            self._documents[doc_id] = document
            self._documents.move_to_end(doc_id)
            while len(self._documents) > 8:
                self._documents.popitem(last=False)

    def _text_for(self, doc_id: str) -> str | None:
        """Canonical text for snippets: from the text cache, else from the file."""
        with self._lock:
            record = self._store.document(doc_id)
        if record is None:
            return None
        text = self._texts.get(record.content_hash)
        if text is not None:
            return text
        try:
            document = self.document(doc_id)
        except (LoadError, LibraryError):
            return None
        self._texts.put(document.content_hash, document.text)
        return document.text

    # ------------------------------------------------------------------ search

    def search(self, request: SearchRequest | str) -> SearchResults:
        if isinstance(request, str):
            request = SearchRequest(text=request)
        self.flush_index()
        return self._index.search(request)

    # ------------------------------------------------------------------ annotations

    def annotate(
        self,
        doc_id: str,
        start: int,
        end: int,
        color: str = DEFAULT_COLOR,
        note: str = "",
        tags: Iterable[str] = (),
    ) -> Annotation:
        """Highlight ``[start, end)`` of the document's canonical text."""
        document = self.document(doc_id)
        if not 0 <= start < end <= len(document.text):
            raise LibraryError(f"passage {start}-{end} is outside the document")
        if not document.text[start:end].strip():
            raise LibraryError("cannot highlight white space only")
        _check_color(color)
        anchor = anchoring.make_anchor(document.text, start, end, document.content_hash)
        with self._lock:
            annotation = self._store.add_annotation(
                doc_id, anchor, color=color, note=note, tags=tuple(tags)
            )
            self._index_annotations([annotation])
        return annotation

    def annotate_quote(
        self,
        doc_id: str,
        quote: str,
        occurrence: int = 1,
        color: str = DEFAULT_COLOR,
        note: str = "",
        tags: Iterable[str] = (),
    ) -> Annotation:
        """Highlight the ``occurrence``-th appearance of ``quote`` in the document."""
        document = self.document(doc_id)
        start = find_occurrence(document.text, quote, occurrence)
        if start is None:
            count = document.text.count(quote) if quote else 0
            if count:
                raise LibraryError(
                    f"the quote occurs only {count} time(s) in {document.title!r}: {quote!r}"
                )
            raise LibraryError(f"the quote is not in {document.title!r}: {quote!r}")
        return self.annotate(doc_id, start, start + len(quote), color, note, tags)

    def annotation(self, annotation_id: int) -> Annotation | None:
        with self._lock:
            return self._store.annotation(annotation_id)

    def annotations(
        self,
        doc_id: str | None = None,
        tag: str | None = None,
        status: str | None = None,
        color: str | None = None,
    ) -> list[Annotation]:
        with self._lock:
            return self._store.annotations(doc_id=doc_id, tag=tag, status=status, color=color)

    def update_annotation(
        self,
        annotation_id: int,
        *,
        color: str | None = None,
        note: str | None = None,
        tags: Iterable[str] | None = None,
    ) -> Annotation:
        if color is not None:
            _check_color(color)
        with self._lock:
            self._require_annotation(annotation_id)
            annotation = self._store.update_annotation(
                annotation_id,
                color=color,
                note=note,
                tags=tuple(tags) if tags is not None else None,
            )
            self._index_annotations([annotation])
        return annotation

    def delete_annotation(self, annotation_id: int) -> Annotation:
        """Delete an annotation and return it, so the caller can offer undo."""
        with self._lock:
            self._require_annotation(annotation_id)
            annotation = self._store.delete_annotation(annotation_id)
            self._change_index(annotations=[annotation_id])
        return annotation

    def restore_annotation(self, annotation: Annotation) -> Annotation:
        """Put back a deleted annotation with its id and uuid (undo of delete)."""
        with self._lock:
            restored = self._store.restore_annotation(annotation)
            self._index_annotations([restored])
        return restored

    def reattach_annotation(self, annotation_id: int, start: int, end: int) -> Annotation:
        """Anchor an (orphaned or fuzzy) annotation to a new passage the user selected."""
        with self._lock:
            annotation = self._require_annotation(annotation_id)
        document = self.document(annotation.doc_id)
        if not 0 <= start < end <= len(document.text):
            raise LibraryError(f"passage {start}-{end} is outside the document")
        anchor = anchoring.make_anchor(document.text, start, end, document.content_hash)
        with self._lock:
            updated = self._store.set_anchor(annotation_id, anchor, AnchorStatus.ANCHORED)
            self._index_annotations([updated])
        return updated

    def confirm_annotation(self, annotation_id: int) -> Annotation:
        """Accept a fuzzy match as the annotation's place."""
        with self._lock:
            annotation = self._require_annotation(annotation_id)
            updated = self._store.set_anchor(
                annotation_id, annotation.anchor, AnchorStatus.ANCHORED
            )
            self._index_annotations([updated])
        return updated

    def _require_annotation(self, annotation_id: int) -> Annotation:
        annotation = self._store.annotation(annotation_id)
        if annotation is None:
            raise LibraryError(f"no annotation with id {annotation_id}")
        return annotation

    def reindex_annotations(self, annotations: Iterable[Annotation]) -> None:
        """Bring the search entries of these annotations up to date."""
        with self._lock:
            self._index_annotations(annotations)

    def cached_text(self, record: DocumentRecord) -> str | None:
        """The canonical text of a catalogued document, from the cache or its file."""
        return self._text_for(record.doc_id)

    def _index_annotations(self, annotations: Iterable[Annotation | None]) -> None:
        self._change_index(annotations=[a.id for a in annotations if a is not None])

    # ------------------------------------------------------------------ document notes, tags

    def set_document_note(self, doc_id: str, text: str) -> DocumentRecord:
        with self._lock:
            self._require_record(doc_id)
            self._store.set_document_note(doc_id, text)
            return self._store.document(doc_id)

    def tag_document(self, doc_id: str, *tags: str) -> DocumentRecord:
        with self._lock:
            self._require_record(doc_id)
            self._store.tag_document(doc_id, tags)
            self._reindex_record_metadata([doc_id])
            return self._store.document(doc_id)

    def untag_document(self, doc_id: str, *tags: str) -> DocumentRecord:
        with self._lock:
            self._require_record(doc_id)
            self._store.untag_document(doc_id, tags)
            self._reindex_record_metadata([doc_id])
            return self._store.document(doc_id)

    def rename_tag(self, old: str, new: str) -> None:
        """Rename a tag on documents and passages; merges into ``new`` when it exists."""
        if not new.strip():
            raise LibraryError("a tag cannot be empty")
        with self._lock:
            doc_ids = [r.doc_id for r in self._store.documents() if old.lower() in _lower(r.tags)]
            annotations = self._store.annotations(tag=old)
            self._store.rename_tag(old, new)
            self._reindex_record_metadata(doc_ids)
            self._index_annotations(self._store.annotation(a.id) for a in annotations)

    def tags(self) -> list[tuple[str, int]]:
        with self._lock:
            return self._store.tags()

    def _require_record(self, doc_id: str) -> DocumentRecord:
        record = self._store.document(doc_id)
        if record is None:
            raise LibraryError(f"no document with id {doc_id}")
        return record

    def _reindex_record_metadata(self, doc_ids: Iterable[str]) -> None:
        """Re-index documents whose catalog metadata (tags) changed; text from the cache."""
        self._change_index(documents=doc_ids)

    def _change_index(self, annotations: Iterable[int] = (), documents: Iterable[str] = ()) -> None:
        """Note a change the store already holds; the index gets it now or a little later.

        Never waits for the index lock and never fails for a busy or failing index: the
        change waits in ``self._pending`` (and its journal) for the next commit.
        """
        with self._lock:
            if self._pending.add(annotations, documents):
                self._journal.save(self._pending | self._taken_by_run)
            if self._index_run_active:
                return  # the run applies it at its next batch
            if (
                time.monotonic() - self._last_commit >= BATCH_WINDOW_S
                or len(self._pending) >= MAX_BATCH
            ):
                self.flush_index()

    def flush_index(self) -> bool:
        """Apply the pending index changes if the index is free right now (never waits).

        True when nothing is left pending. Called before every search, so a search sees
        every change this Library made (unless another BriefReader holds the index).
        """
        if not self._pending:  # the common case, without waiting for the lock
            return True
        with self._lock:
            if not self._pending or self._index_run_active or self._closed:
                return not self._pending
            changes = self._pending.take()
            try:
                with self._index.writer(timeout=CHANGE_LOCK_TIMEOUT_S) as writer:
                    self._apply_changes(changes, writer)
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

    def _apply_changes(self, changes: PendingChanges, writer: IndexWriter) -> None:
        """Write the current store state of the changed documents and annotations."""
        with self._lock:
            annotation_ids = set(changes.annotations)
            if changes.everything:  # a Library stopped unclosed: rewrite every entry
                writer.remove_all_annotations()
                annotation_ids |= {a.id for a in self._store.annotations()}
            entries = []
            for doc_id in sorted(changes.documents):
                record = self._store.document(doc_id)
                text = self._text_for(doc_id) if record else None
                if record is not None and text is not None:
                    entries.append(doc_entry(record, text))
            records: dict[str, DocumentRecord | None] = {}
            removed = []
            for annotation_id in sorted(annotation_ids):
                annotation = self._store.annotation(annotation_id)
                if annotation is not None and annotation.doc_id not in records:
                    records[annotation.doc_id] = self._store.document(annotation.doc_id)
                record = records.get(annotation.doc_id) if annotation is not None else None
                if annotation is None or record is None:
                    removed.append(annotation_id)
                else:
                    entries.append(annotation_entry(annotation, record))
        for entry in entries:
            if isinstance(entry, DocEntry):
                writer.add_document(entry)
            else:
                writer.add_annotation(entry)
        for annotation_id in removed:
            writer.remove_annotation(annotation_id)

    def take_queued_index_changes(self) -> list[IndexChange]:
        """The index changes made meanwhile, for the running index run to apply."""
        with self._lock:
            changes = self._pending.take()
            self._taken_by_run.merge(changes)  # journalled until the run ends well
        if not changes:
            return []
        return [lambda writer: self._apply_changes(changes, writer)]

    @contextmanager
    def index_run(self) -> Iterator[None]:
        """Mark an index run in progress: other index changes queue for it meanwhile."""
        with self._lock:
            if self._index_run_active:
                raise LibraryError("the library is already being indexed")
            self._index_run_active = True
        failed = True
        try:
            yield
            failed = False
        finally:
            with self._lock:
                self._index_run_active = False
                taken = self._taken_by_run.take()
                if failed:  # its writer was cancelled: apply them again
                    self._pending.merge(taken)
                self._journal.save(self._pending)
            self.flush_index()

    # ------------------------------------------------------------------ settings kept for the user

    def color_meanings(self) -> dict[str, str]:
        with self._lock:
            return self._store.color_meanings()

    def set_color_meaning(self, color: str, meaning: str) -> None:
        _check_color(color)
        with self._lock:
            self._store.set_color_meaning(color, meaning)

    def reading_position(self, doc_id: str) -> int | None:
        with self._lock:
            return self._store.reading_position(doc_id)

    def set_reading_position(self, doc_id: str, offset: int) -> None:
        with self._lock:
            self._store.set_reading_position(doc_id, offset)

    def saved_searches(self) -> list[tuple[str, str]]:
        with self._lock:
            return self._store.saved_searches()

    def save_search(self, name: str, query: str) -> None:
        with self._lock:
            self._store.save_search(name, query)

    def delete_saved_search(self, name: str) -> None:
        with self._lock:
            self._store.delete_saved_search(name)

    def backups(self) -> list[Path]:
        return list_backups(self.data_dir / "backups")

    def restore_backup(self, backup: Path) -> None:
        """Replace the database with ``backup`` (the current one is kept aside first)."""
        with self._lock:
            self._store.close()
            try:
                restore_backup(Path(backup), self.data_dir / DB_NAME)
            except StoreError as error:
                raise LibraryError(str(error)) from error
            finally:
                self._store = Store(self.data_dir / DB_NAME)
            self._documents.clear()
            self._pending.take()  # the rebuilt index gets everything from the new database
            self._journal.save(self._pending)
            # The index holds the replaced database's annotations: rebuild it (re-index next).
            self._index.close()
            recovery.clear_index(self.data_dir)
            message = self._index.open()
            if message:
                self.startup_messages.append(message)

    # ------------------------------------------------------------------ for IndexRun

    @property
    def store(self) -> Store:
        return self._store

    @property
    def search_index(self) -> SearchIndex:
        return self._index

    @property
    def text_cache(self) -> TextCache:
        return self._texts

    @property
    def lock(self) -> threading.RLock:
        return self._lock

    def forget_cached(self, doc_id: str) -> None:
        with self._lock:
            self._documents.pop(doc_id, None)


def load_document_file(path: str) -> Document:
    from briefreader.core.documents import load_document

    return load_document(Path(path))


def find_occurrence(text: str, quote: str, occurrence: int) -> int | None:
    """Start of the ``occurrence``-th (1-based) appearance of ``quote`` in ``text``."""
    if not quote or occurrence < 1:
        return None
    start = -1
    for _ in range(occurrence):
        start = text.find(quote, start + 1)
        if start < 0:
            return None
    return start


def _check_color(color: str) -> None:
    if color not in COLORS:
        raise LibraryError(f"unknown colour {color!r}; choose one of: {', '.join(COLORS)}")


def _lower(values: Iterable[str]) -> set[str]:
    return {v.lower() for v in values}


def _ensure_writable_dir(path: Path) -> None:
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise LibraryError(f"cannot create the data dir {path}: {error.strerror}") from error
    if not os.access(path, os.W_OK | os.X_OK):
        raise LibraryError(f"the data dir is not writable: {path}")


__all__ = ["IndexReport", "Library", "Problem"]
