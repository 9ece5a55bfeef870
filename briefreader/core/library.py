"""The Library facade: the one object the CLI, the window, export and benchmarks talk to."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from briefreader.core import anchoring, recovery
from briefreader.core.errors import LibraryError, os_error_reason
from briefreader.core.facade.base import FacadeBase
from briefreader.core.facade.changed import ChangedDocuments
from briefreader.core.facade.lists import ReadingLists
from briefreader.core.facade.metadata import MetadataEdits
from briefreader.core.facade.samples import SampleLibrary
from briefreader.core.facade.works import WorksPart
from briefreader.core.formats.documents import SUPPORTED_SUFFIXES
from briefreader.core.history import DocumentHistory, keep_version
from briefreader.core.models import (
    COLORS,
    DEFAULT_COLOR,
    Anchor,
    AnchorStatus,
    Annotation,
    Candidate,
    Document,
    DocumentRecord,
    LoadError,
    Problem,
    SearchRequest,
    SearchResults,
)
from briefreader.core.quotes import find_occurrence, find_quote, quote_span
from briefreader.core.search.index import SearchIndex
from briefreader.core.store import Store, StoreError, list_backups, restore_backup
from briefreader.core.store.guard import GuardedStore
from briefreader.core.sync.index_sync import IndexSync
from briefreader.core.sync.journal import JOURNAL_DIR
from briefreader.core.sync.options import SETTINGS as INDEX_SETTINGS
from briefreader.core.sync.options import check_setting
from briefreader.core.sync.scan import (
    CancelCallback,
    IndexReport,
    ProgressCallback,
    is_file_root,
)
from briefreader.core.textcache import TextCache
from briefreader.core.texts import DocumentTexts
from briefreader.paths import default_data_dir

DB_NAME = "briefreader.sqlite3"
PIECES_FILE = "markdown-pieces.sqlite3"  # in cache/: converted Markdown pieces (md_pieces)
BACKUPS_KEPT = 5
BACKUP_MIN_AGE_S = 3600  # a CLI run backs up at most hourly; the window at every start


class Library(ChangedDocuments, MetadataEdits, WorksPart, ReadingLists, SampleLibrary, FacadeBase):
    """A library of documents with the user's annotations, search index and caches.

    Metadata edits, works, reading lists, the sample library and changed documents
    (decisions on annotations, kept versions) are its parts in
    ``core/facade/``.
    """

    def __init__(self, data_dir: Path, db: GuardedStore, texts: TextCache) -> None:
        self.data_dir = data_dir
        self.startup_messages: list[str] = []
        self._db = db
        self._texts = DocumentTexts(db, texts)
        self._index = SearchIndex(data_dir / "index", text_for=self._texts.text_for)
        pieces = data_dir / "cache" / PIECES_FILE
        self._sync = IndexSync(db, self._index, self._texts, data_dir / JOURNAL_DIR, pieces)
        self._history = DocumentHistory(db, self._texts)
        self._closed = False

    # ------------------------------------------------------------------ life cycle

    @classmethod
    def open(cls, data_dir: Path | None = None, *, always_backup: bool = False) -> Library:
        """Open (creating when needed) the library in ``data_dir``."""
        data_dir = Path(data_dir or default_data_dir()).expanduser().resolve()
        _ensure_writable_dir(data_dir)
        notice = recovery.check_before_open(data_dir)  # LibraryError when damaged
        try:
            db = GuardedStore(data_dir / DB_NAME)
        except StoreError as error:
            raise LibraryError(recovery.explain_open_failure(data_dir, error)) from error
        (data_dir / "cache").mkdir(exist_ok=True)
        library = cls(data_dir, db, TextCache(data_dir / "cache" / "texts.sqlite3"))
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
        self._sync.start()  # changes an earlier run could not index before it stopped
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
                with self._db as store:
                    store.backup(backup_dir, keep=BACKUPS_KEPT)
            except (OSError, StoreError) as error:
                self.startup_messages.append(f"Could not back up the database: {error}")

    def close(self) -> None:
        with self._db:
            if self._closed:
                return
            self._sync.close()  # what the index has not got yet waits for the next Library
            self._closed = True
            self._index.close()
            self._texts.close()
            self._db.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ folders, indexing

    def roots(self) -> list[Path]:
        """What the library is made of: its folders and the files added by themselves."""
        with self._db as store:
            return [Path(p) for p in store.folders()]

    def folders(self) -> list[Path]:
        return [root for root in self.roots() if not is_file_root(root)]

    def files(self) -> list[Path]:
        """The files added by themselves (File ▸ Add Files…), not through their folder."""
        return [root for root in self.roots() if is_file_root(root)]

    def add_folders(self, paths: Iterable[Path]) -> list[Path]:
        """Add folders to the library (not indexed yet); raise for one that does not exist."""
        added = []
        for path in paths:
            folder = Path(path).expanduser().resolve()
            if not folder.is_dir():
                raise LibraryError(f"no such folder: {path}")
            with self._db as store:
                store.add_folder(str(folder))
                self._mark_if_sample(store, folder)
            added.append(folder)
        return added

    def add_files(self, paths: Iterable[Path]) -> list[Path]:
        """Add single documents to the library without their folder (not indexed yet).

        A file already inside a library folder is part of the library: not added again.
        Raises for a path that is not a file of a format BriefReader reads.
        """
        added = []
        folders = [str(f) for f in self.folders()]
        for path in paths:
            file = Path(path).expanduser().resolve()
            if not file.is_file():
                raise LibraryError(f"no such file: {path}")
            if file.suffix.lower() not in SUPPORTED_SUFFIXES:
                kinds = ", ".join(sorted(SUPPORTED_SUFFIXES))
                raise LibraryError(f"not a document BriefReader reads ({kinds}): {path}")
            if any(str(file).startswith(f.rstrip(os.sep) + os.sep) for f in folders):
                continue
            with self._db as store:
                store.add_folder(str(file))
            added.append(file)
        return added

    def remove_folder(self, path: Path) -> None:
        """Take a folder (or a single file) out of the library's list; ``index(forget=...)``
        then forgets its documents (annotated ones are kept as missing)."""
        with self._db as store:
            store.remove_folder(str(Path(path).expanduser().resolve()))

    def index(
        self,
        folders: Iterable[Path] | None = None,
        progress: ProgressCallback | None = None,
        cancel: CancelCallback | None = None,
        forget: Iterable[Path] = (),
    ) -> IndexReport:
        """Bring catalog, search index and anchors in step with the files in ``folders``
        (default: every root of the library). Documents under ``forget`` (roots just
        removed) that no root of the library holds are forgotten: a run that forgets
        scans every root, so that none of theirs is taken for gone."""
        forgotten = [Path(f) for f in forget]
        roots = [Path(f) for f in folders] if folders is not None else self.roots()
        if forgotten:
            roots = self.roots()
        try:
            return self._sync.run(roots, progress, cancel, forgotten)
        except OSError as error:  # the index or cache cannot be written (the files were read)
            where = error.filename or self.data_dir
            raise LibraryError(
                f"the library could not be indexed: {os_error_reason(error)} ({where})"
            ) from error

    def index_settings(self) -> dict[str, str | None]:
        """The index run's settings (``core/sync/options.py``): key -> value (None: default)."""
        with self._db as store:
            stored = store.settings()
        return {key: stored.get(key) for key in INDEX_SETTINGS}

    def set_index_setting(self, key: str, value: str | None) -> None:
        """Set (None: reset) an index setting; LibraryError for an unknown key or bad value."""
        try:
            checked = None if value is None else check_setting(key, value)
        except ValueError as error:
            raise LibraryError(str(error)) from None
        with self._db as store:
            store.set_setting(key, checked)

    def refresh_index(self) -> IndexReport:
        """Re-add catalog documents the search index lacks (after it was rebuilt)."""
        return self.index()

    def flush_index(self) -> bool:
        """Write waiting index changes now if the index is free (never waits).

        True when nothing is left pending. Every search does it first, so a search sees
        every change this Library made (unless another BriefReader holds the index).
        """
        return self._sync.flush()

    # ------------------------------------------------------------------ documents

    def documents(self, include_missing: bool = False) -> list[DocumentRecord]:
        with self._db as store:
            return store.documents(include_missing=include_missing)

    def record(self, doc_id: str) -> DocumentRecord | None:
        with self._db as store:
            return store.document(doc_id)

    def record_for_path(self, path: Path | str) -> DocumentRecord | None:
        with self._db as store:
            return store.document_by_path(str(Path(path).expanduser().resolve()))

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
        return self._texts.document(record)

    def page_starts(self, doc_id: str, *, load: bool = True) -> tuple[int, ...]:
        """Where each page of a PDF starts in its canonical text (empty for other formats,
        and without ``load`` when the file would have to be read to know)."""
        record = self.record(doc_id)
        return () if record is None else self._texts.page_starts(record, load)

    def cached_text(self, record: DocumentRecord) -> str | None:
        """The canonical text of a catalogued document, from the cache or its file."""
        return self._texts.text_for(record.doc_id)

    @contextmanager
    def all_or_nothing(self, failed: str) -> Iterator[None]:
        """The changes made in the block are saved together or not at all (an import).

        The search index gets them once the block has ended. A store error (disk full,
        database busy) rolls all of them back and becomes a LibraryError ``failed: why``.
        """
        try:
            with self._sync.deferred(), self._db.transaction():
                yield
        except StoreError as error:
            raise LibraryError(f"{failed}: {error}") from error

    def add_placeholder_document(self, document: Document) -> DocumentRecord:
        """Catalogue a document this library does not have, marked missing (an import's)."""
        with self._db.transaction() as store:
            record = store.upsert_document(document)
            store.mark_missing(record.doc_id, True)
        return record

    # ------------------------------------------------------------------ search

    def search(
        self, request: SearchRequest | str, cancelled: Callable[[], bool] | None = None
    ) -> SearchResults:
        """``cancelled``: asked between the stages of the search; once it is true the
        search stops with ``SearchCancelled`` (a stale search-as-you-type)."""
        if isinstance(request, str):
            request = SearchRequest(text=request)
        if request.prefer_format is None:
            request = replace(request, prefer_format=self.preferred_format())
        self._sync.flush()
        return self._index.search(request, cancelled)

    def more_like_this(
        self, doc_id: str, span: tuple[int, int] | None = None, limit: int = 10
    ) -> SearchResults:
        """Documents like this one, or like the passage ``span`` (start, end) of it: its
        key terms searched across the library, one slot per work, leaving out the
        document's own work (its other formats and versions)."""
        with self._db as store:
            record = self._require_record(store, doc_id)
        copies = {member.doc_id for member in self.work_members(doc_id)}
        text = self._texts.text_for(doc_id)
        if text is None:
            raise LibraryError(f"the text of this document cannot be read: {record.path}")
        if span is not None:
            start, end = span
            if not 0 <= start < end <= len(text):
                raise LibraryError(f"no passage {start}-{end} in {record.path} ({len(text)})")
            text = text[start:end]
        else:
            text = f"{record.title}\n{text}"
        self._sync.flush()
        return self._index.related(text, exclude={doc_id, *copies}, limit=max(1, limit))

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

        def add(store: Store) -> Annotation:
            keep_version(store, doc_id, document)
            return store.add_annotation(doc_id, anchor, color=color, note=note, tags=tuple(tags))

        return self._saved(add)

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
        start, end = quote_span(document, quote, occurrence)
        return self.annotate(doc_id, start, end, color, note, tags)

    def add_imported_annotation(
        self,
        doc_id: str,
        anchor: Anchor,
        *,
        color: str,
        note: str,
        tags: tuple[str, ...],
        uuid: str,
        created: str | None,
        status: AnchorStatus,
        original: Anchor | None = None,
        updated: str | None = None,
        confirmed: str = "",
        candidates: tuple[Candidate, ...] = (),
    ) -> Annotation:
        """Re-create an annotation read from an export, with its uuid, times, original
        anchor and candidate places."""
        document = self._document_or_none(doc_id)

        def add(store: Store) -> Annotation:
            if document is not None and document.content_hash == anchor.content_hash:
                keep_version(store, doc_id, document)
            return store.add_annotation(
                doc_id,
                anchor,
                color=color,
                note=note,
                tags=tags,
                uuid=uuid,
                created=created,
                status=status,
                original=original,
                updated=updated,
                confirmed=confirmed,
                candidates=candidates,
            )

        return self._saved(add)

    def annotation(self, annotation_id: int) -> Annotation | None:
        with self._db as store:
            return store.annotation(annotation_id)

    def annotations(
        self,
        doc_id: str | None = None,
        tag: str | None = None,
        status: str | None = None,
        color: str | None = None,
    ) -> list[Annotation]:
        with self._db as store:
            return store.annotations(doc_id=doc_id, tag=tag, status=status, color=color)

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
        with self._db:
            self._require_annotation(annotation_id)
            return self._saved(
                lambda store: store.update_annotation(
                    annotation_id,
                    color=color,
                    note=note,
                    tags=tuple(tags) if tags is not None else None,
                )
            )

    def delete_annotation(self, annotation_id: int) -> Annotation:
        """Delete an annotation and return it, so the caller can offer undo."""
        with self._db as store:
            self._require_annotation(annotation_id)
            annotation = store.delete_annotation(annotation_id)
            self._sync.note(annotations=[annotation_id])
        return annotation

    def restore_annotation(self, annotation: Annotation) -> Annotation:
        """Put back a deleted annotation with its id and uuid (undo of delete)."""
        return self._saved(lambda store: store.restore_annotation(annotation))

    def _document_or_none(self, doc_id: str) -> Document | None:
        try:
            return self.document(doc_id)
        except (LoadError, LibraryError):
            return None

    def _require_annotation(self, annotation_id: int) -> Annotation:
        annotation = self.annotation(annotation_id)
        if annotation is None:
            raise LibraryError(f"no annotation with id {annotation_id}")
        return annotation

    def _saved(self, change: Callable[[Store], Annotation]) -> Annotation:
        """Make one annotation change in the store, then tell the index about it."""
        with self._db as store:
            annotation = change(store)
            self._sync.note(annotations=[annotation.id])
        return annotation

    # ------------------------------------------------------------------ document notes, tags

    def set_document_note(self, doc_id: str, text: str) -> DocumentRecord:
        """The user's Markdown note on the whole document ("" removes it); searchable."""
        with self._db as store:
            self._require_record(store, doc_id)
            store.set_document_note(doc_id, text)
            self._sync.note(notes=[doc_id])
            return self._require_record(store, doc_id)

    def tag_document(self, doc_id: str, *tags: str) -> DocumentRecord:
        with self._db as store:
            self._require_record(store, doc_id)
            store.tag_document(doc_id, tags)
            self._sync.note(documents=[doc_id])
            return self._require_record(store, doc_id)

    def untag_document(self, doc_id: str, *tags: str) -> DocumentRecord:
        with self._db as store:
            self._require_record(store, doc_id)
            store.untag_document(doc_id, tags)
            self._sync.note(documents=[doc_id])
            return self._require_record(store, doc_id)

    def rename_tag(self, old: str, new: str) -> None:
        """Rename a tag on documents and passages; merges into ``new`` when it exists."""
        if not new.strip():
            raise LibraryError("a tag cannot be empty")
        with self._db as store:
            doc_ids = [r.doc_id for r in store.documents() if old.lower() in _lower(r.tags)]
            annotations = store.annotations(tag=old)
            store.rename_tag(old, new)
            self._sync.note(annotations=[a.id for a in annotations], documents=doc_ids)

    def tags(self) -> list[tuple[str, int]]:
        with self._db as store:
            return store.tags()

    # ------------------------------------------------------------------ settings kept for the user

    def color_meanings(self) -> dict[str, str]:
        with self._db as store:
            return store.color_meanings()

    def set_color_meaning(self, color: str, meaning: str) -> None:
        _check_color(color)
        with self._db as store:
            store.set_color_meaning(color, meaning)

    def reading_position(self, doc_id: str) -> int | None:
        with self._db as store:
            return store.reading_position(doc_id)

    def set_reading_position(self, doc_id: str, offset: int) -> None:
        with self._db as store:
            store.set_reading_position(doc_id, offset)

    def saved_searches(self) -> list[tuple[str, str]]:
        with self._db as store:
            return store.saved_searches()

    def save_search(self, name: str, query: str) -> None:
        with self._db as store:
            store.save_search(name, query)

    def delete_saved_search(self, name: str) -> None:
        with self._db as store:
            store.delete_saved_search(name)

    def clock_reading(self) -> str:
        """Now, as the store stamps changes: an export's "since" mark (``store/clock.py``)."""
        with self._db as store:
            return store.clock_reading()

    def last_export(self, scope_key: str) -> str | None:
        """When the export of this scope was last written (for "only what is new")."""
        with self._db as store:
            return store.last_export(scope_key)

    def set_last_export(self, scope_key: str, when: str) -> None:
        with self._db as store:
            store.set_last_export(scope_key, when)

    # ------------------------------------------------------------------ backups

    def backups(self) -> list[Path]:
        return list_backups(self.data_dir / "backups")

    def restore_backup(self, backup: Path) -> None:
        """Replace the database with ``backup`` (the current one is kept aside first)."""
        with self._db:
            with self._db.closed_for() as db_path:
                try:
                    restore_backup(Path(backup), db_path)
                except StoreError as error:
                    raise LibraryError(str(error)) from error
            self._texts.forget_all()
            self._sync.discard()  # the rebuilt index gets everything from the new database
            # The index holds the replaced database's annotations: rebuild it (re-index next).
            self._index.close()
            recovery.clear_index(self.data_dir)
            message = self._index.open()
            if message:
                self.startup_messages.append(message)


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
        raise LibraryError(
            f"the data dir is not writable: {path} (BriefReader keeps your database there; "
            "make it writable, or choose another with --data-dir)"
        )


__all__ = ["IndexReport", "Library", "Problem", "find_occurrence", "find_quote"]
