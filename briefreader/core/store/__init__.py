"""The user's data in SQLite: catalog, tags, annotations, notes, preferences, backups.

The search index is only a cache; this database is what must never be lost. One ``Store``
owns one connection (WAL, ``foreign_keys=ON``, ``synchronous=FULL``, a busy timeout so a
second process waits rather than fails). Every mutating method is one transaction and is
durable when it returns; ``transaction()`` groups several (nested blocks are savepoints).

Public API (see each part for details)::

    store = Store(path)                     # creates or migrates; StoreError if unusable
    store.transaction()                     # context manager, all or nothing
    store.close(); store.schema_version; store.integrity_check() -> bool
    # catalog (catalog.py)
    add_folder(path); remove_folder(path); folders() -> list[str]
    upsert_document(doc, doc_id=None, loader_version=None) -> DocumentRecord
    document(doc_id) / document_by_path(path) -> DocumentRecord | None
    documents(include_missing=False) -> list[DocumentRecord]      # by title
    documents_by_hash(content_hash) -> list[DocumentRecord]
    file_states() -> dict[path, (doc_id, size, mtime, content_hash)]
    loader_versions() -> dict[doc_id, int]
    set_path(doc_id, path); mark_missing(doc_id, missing=True); delete_document(doc_id)
    touch_opened(doc_id); set_document_note(doc_id, markdown)
    tag_document(doc_id, tags); untag_document(doc_id, tags)
    sample_folders() -> list[str]; mark_sample_folder(path, sample=True)
    # metadata edits and works (edits.py; records show the effective values: effective.py)
    document_edits(doc_id) -> dict[field, value]; set_document_edits(doc_id, {field: value|None})
    set_work_override(doc_id, work_id | None)
    # reading lists and status (collections.py)
    collections() -> list[Collection]; collection(name) -> Collection | None
    create_collection(name); rename_collection(old, new); delete_collection(name)
    add_to_collection(name, doc_ids, position=None); remove_from_collection(name, doc_ids)
    move_in_collection(name, doc_id, position)
    reading_status(doc_id) -> str | None; set_reading_status(doc_id, status | None)
    # tags (tags.py)
    tags() -> list[(name, count)]; rename_tag(old, new)          # merges into an existing tag
    # annotations (annotations.py)
    add_annotation(doc_id, anchor, color, note="", tags=(), uuid=None, created=None,
                   status=ANCHORED, *, original=None, updated=None, confirmed="",
                   candidates=()) -> Annotation
    annotation(id) / annotation_by_uuid(uuid) -> Annotation | None
    annotations(doc_id=None, tag=None, status=None, color=None, since=None) -> list[Annotation]
    update_annotation(id, color=None, note=None, tags=None) -> Annotation
    set_anchor(id, anchor, status, candidates=()) -> Annotation    # the original never changes
    confirm_anchor(id, anchor) -> Annotation                        # the user's decision
    delete_annotation(id) -> Annotation; restore_annotation(annotation) -> Annotation
    # kept versions of annotated documents (versions.py)
    keep_version(doc_id, content_hash, text, placements); has_version(doc_id, content_hash)
    versions(doc_id) -> list[DocumentVersion]; version_text(doc_id, content_hash) -> str | None
    placements(doc_id, content_hash) -> {annotation_id: (start, end)}
    prune_versions(doc_id); forget_versions(doc_id)
    # preferences (prefs.py)
    reading_position(doc_id) -> int | None; set_reading_position(doc_id, offset)
    color_meanings() -> dict[str, str]; set_color_meaning(color, meaning)
    saved_searches() -> list[(name, query)]; save_search(name, query); delete_saved_search(name)
    last_export(scope) -> str | None; set_last_export(scope, when=None) -> str; export_history()
    setting(key, default=None); set_setting(key, value); settings() -> dict[str, str]
    # backups (backups.py)
    backup(backup_dir, keep=5) -> Path; list_backups(backup_dir) -> list[Path]
    restore_backup(backup_path, db_path) -> Path | None   # module function; Store closed first
    quick_check(path) -> str | None; has_annotations(path) -> bool   # read-only, no Store
    annotation_count(path) -> int | None; backup_time(path) -> datetime | None  # ditto

Timestamps are ISO 8601 UTC with milliseconds (``now()``: 2025-03-01T09:30:00.123Z), so
they compare correctly as strings.

Errors: ``StoreError`` (a ``UserError``) when the environment is at fault: locked, disk
full, read-only, damaged, or written by a newer BriefReader. ``KeyError`` for an unknown
document or annotation id, ``ValueError`` for invalid values (colour, empty tag name,
deleting a document that still has annotations). Anything else is a bug.
"""

from __future__ import annotations

from briefreader.core.store.annotations import AnnotationsMixin
from briefreader.core.store.backups import (
    BackupsMixin,
    annotation_count,
    backup_time,
    check_backup,
    has_annotations,
    list_backups,
    quick_check,
    restore_backup,
)
from briefreader.core.store.collections import CollectionsMixin
from briefreader.core.store.database import BUSY_TIMEOUT_S, StoreError, now
from briefreader.core.store.edits import EditsMixin
from briefreader.core.store.prefs import PrefsMixin
from briefreader.core.store.schema import DEFAULT_COLOR_MEANINGS, SCHEMA_VERSION
from briefreader.core.store.tags import normalize_tag


class Store(PrefsMixin, AnnotationsMixin, EditsMixin, CollectionsMixin, BackupsMixin):
    """The user's database at ``path`` (created and migrated as needed)."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


__all__ = [
    "BUSY_TIMEOUT_S",
    "DEFAULT_COLOR_MEANINGS",
    "SCHEMA_VERSION",
    "Store",
    "StoreError",
    "annotation_count",
    "backup_time",
    "check_backup",
    "has_annotations",
    "list_backups",
    "normalize_tag",
    "now",
    "quick_check",
    "restore_backup",
]
