"""One indexing run: scan, load what changed, update catalog, text cache, index and anchors."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from pathlib import Path

from briefreader.core import anchoring
from briefreader.core.models import AnchorStatus, Annotation, Document, DocumentRecord, Problem
from briefreader.core.search.entries import annotation_entry, doc_entry, note_entry
from briefreader.core.search.index import SearchIndex
from briefreader.core.search.index_writer import IndexWriter
from briefreader.core.store import Store
from briefreader.core.store.guard import GuardedStore
from briefreader.core.sync.options import IndexOptions
from briefreader.core.sync.scan import (
    BATCH_SIZE,
    CHECKPOINT_SECONDS,
    CancelCallback,
    IndexReport,
    ProgressCallback,
    ScanPlan,
    Throttle,
    iter_loaded,
    scan,
)
from briefreader.core.texts import DocumentTexts

log = logging.getLogger(__name__)

IndexChange = Callable[[IndexWriter], None]
ChangeQueue = Callable[[], list[IndexChange]]  # the changes made meanwhile, taken by the run


class IndexRun:
    """Compare folders with the catalog and apply every difference, in batches."""

    def __init__(
        self,
        db: GuardedStore,
        index: SearchIndex,
        texts: DocumentTexts,
        queued: ChangeQueue,
        roots: list[Path],
        progress: ProgressCallback | None = None,
        cancel: CancelCallback | None = None,
        forget: list[Path] | None = None,
        pieces_path: Path | None = None,
    ) -> None:
        self.db = db
        self.pieces_path = pieces_path
        self.forget = forget or []
        self.index = index
        self.texts = texts
        self.queued = queued
        self.roots = roots
        self.progress = progress
        self.cancel = cancel
        self.report = IndexReport()
        with db as store:
            self.known = store.file_states()
            self.indexed, self.annotated = index.entry_doc_ids()
            self.options = IndexOptions.from_settings(store.settings())

    def execute(self) -> IndexReport:
        plan = scan(self.roots, self.known, self.indexed, self.forget, self.options.follow_links)
        vanished = self._present_records(plan.vanished)
        queued = []
        if not plan.to_load and not vanished and self.indexed:
            queued = self.queued()
            if not queued:
                self._planned(plan)
                return self.report  # nothing changed: leave the index (and its lock) alone
        throttle = Throttle(CHECKPOINT_SECONDS)
        batch: list[Document] = []
        with self.index.writer() as writer:
            if self._catalog_changed():  # another run finished meanwhile: do only the rest
                plan = scan(
                    self.roots, self.known, self.indexed, self.forget, self.options.follow_links
                )
                vanished = self._present_records(plan.vanished)
            total = self._planned(plan)
            for change in queued:
                change(writer)
            loaded = iter_loaded(plan.to_load, self.cancel, self.options.budget, self.pieces_path)
            for done, result in enumerate(loaded, 1):
                if isinstance(result, Problem):
                    self.report.skipped.append(result)
                else:
                    batch.append(result)
                    if result.warnings:
                        self.report.warnings.append(Problem(result.path, result.warnings[0], False))
                if len(batch) >= BATCH_SIZE or (batch and throttle.due()):
                    self._apply(batch, vanished, writer)
                    batch = []
                    writer.checkpoint()
                self._progress(done, total, result.path)
            self._apply(batch, vanished, writer)
            for change in self.queued():
                change(writer)
            if self.cancel and self.cancel():
                self.report.cancelled = True
            else:
                self._reindex_missing(writer)
                self._remove_vanished(vanished.values(), writer)
        return self.report

    def _planned(self, plan: ScanPlan) -> int:
        """Start the report from the plan; the number of files to load."""
        self.report.skipped.extend(plan.problems)
        self.report.unchanged += plan.unchanged
        self._progress(0, len(plan.to_load), "")
        return len(plan.to_load)

    def _catalog_changed(self) -> bool:
        """Re-read the catalog (now that this run holds the index): True if another run
        changed it since this one started."""
        with self.db as store:
            fresh = store.file_states()
        if fresh == self.known:
            return False
        self.known = fresh
        self.indexed, self.annotated = self.index.entry_doc_ids()
        return True

    def _reindex_missing(self, writer: IndexWriter) -> None:
        """Annotations of documents gone from disk, after the index was rebuilt without them."""
        if self.indexed:
            return  # the index was not rebuilt: their entries are still there
        with self.db as store:
            for record in store.documents(include_missing=True):
                if record.missing and record.doc_id not in self.annotated:
                    for annotation in store.annotations(doc_id=record.doc_id):
                        writer.add_annotation(annotation_entry(annotation, record))
                    if record.note.strip():
                        writer.add_note(note_entry(record))

    def _present_records(self, doc_ids: list[str]) -> dict[str, DocumentRecord]:
        """Catalog records of vanished paths that were not already known to be missing."""
        with self.db as store:
            records = [store.document(doc_id) for doc_id in doc_ids]
        return {r.doc_id: r for r in records if r is not None and not r.missing}

    def _progress(self, done: int, total: int, path: str) -> None:
        if self.progress:
            self.progress(done, total, path)

    def _apply(
        self, documents: list[Document], vanished: dict[str, DocumentRecord], writer: IndexWriter
    ) -> None:
        if not documents:
            return
        # The store's lock covers the catalog only: feeding Whoosh is the slow part, and the
        # window must be able to save a highlight meanwhile (its index entry queues for us).
        with self.db.transaction() as store:
            queued = self.queued()
            records = [self._catalog(store, document, vanished) for document in documents]
            self.texts.loaded((r.doc_id, d) for r, d in zip(records, documents, strict=True))
            entries = []
            for record, document in zip(records, documents, strict=True):
                reanchored = self._reanchor(store, record, document)
                notes = [annotation_entry(a, record) for a in reanchored]
                entries.append(
                    (record, doc_entry(record, document.text, document.index_terms), notes)
                )
        for change in queued:
            change(writer)
        for record, entry, notes in entries:
            writer.add_document(entry)
            for note in notes:
                writer.add_annotation(note)
            if record.note.strip():
                writer.add_note(note_entry(record))

    def _catalog(
        self, store: Store, document: Document, vanished: dict[str, DocumentRecord]
    ) -> DocumentRecord:
        """Insert or update the catalog row, keeping identity across edits and moves."""
        current = store.document_by_path(document.path)
        if _already_there(current, document):  # done by another run since this one began
            assert current is not None
            self.report.unchanged += 1
            return store.upsert_document(document, doc_id=current.doc_id)
        known = self.known.get(document.path)
        if known is not None:
            doc_id, _size, _mtime, old_hash = known
            before = store.document(doc_id)
            if before is not None and before.missing:
                store.mark_missing(doc_id, False)
            if old_hash == document.content_hash:
                self.report.unchanged += 1
            else:
                self.report.updated += 1
            return store.upsert_document(document, doc_id=doc_id)
        moved = _same_content(document, vanished.values())
        if moved is None:
            missing = store.documents_by_hash(document.content_hash)
            moved = next((r for r in missing if r.missing), None)
        if moved is not None:
            vanished.pop(moved.doc_id, None)
            self.report.moved += 1
            store.set_path(moved.doc_id, document.path)
            store.mark_missing(moved.doc_id, False)
            return store.upsert_document(document, doc_id=moved.doc_id)
        self.report.added += 1
        return store.upsert_document(document)

    def _reanchor(
        self, store: Store, record: DocumentRecord, document: Document
    ) -> list[Annotation]:
        """Re-resolve the document's annotations against its new text; return them all.

        The original anchors stay as they are; the versions the text had while annotated
        are kept (``_keep_versions``), and resolving is told the text each anchor was
        made on, so that a passage duplicated by the edit is found AMBIGUOUS.
        """
        annotations = store.annotations(doc_id=record.doc_id)
        self._keep_versions(store, record, document, annotations)
        stale = [
            a
            for a in annotations
            if a.anchor.content_hash != document.content_hash or not a.status.placed
        ]
        if not stale:
            return annotations

        def previous(content_hash: str) -> str | None:
            kept = store.version_text(record.doc_id, content_hash)
            return kept if kept is not None else self.texts.cached_text(content_hash)

        resolutions = anchoring.resolve_many(
            [a.anchor for a in stale], document.text, previous, document.content_hash
        )
        for annotation, found in zip(stale, resolutions, strict=True):
            placed = anchoring.place(
                annotation.anchor, annotation.status, found, document.text, document.content_hash
            )
            store.set_anchor(annotation.id, placed.anchor, placed.status, placed.candidates)
            if placed.status is not annotation.status or placed.anchor != annotation.anchor:
                self.report.reanchored[str(placed.status)] += 1
        return store.annotations(doc_id=record.doc_id)

    def _keep_versions(
        self,
        store: Store,
        record: DocumentRecord,
        document: Document,
        annotations: list[Annotation],
    ) -> None:
        """A changed document with annotations keeps its previous text (when the store or
        the text cache still has it) and its new one; one without annotations keeps none."""
        known = self.known.get(document.path)
        old_hash = known[3] if known is not None else None
        if old_hash is None or old_hash == document.content_hash:
            return
        if not annotations:
            store.forget_versions(record.doc_id)
            return
        if not store.has_version(record.doc_id, old_hash):
            old_text = self.texts.cached_text(old_hash)
            if old_text is not None:
                on_it = [(a.id, a.anchor) for a in annotations
                         if a.anchor.content_hash == old_hash and a.status.placed]  # fmt: skip
                store.keep_version(record.doc_id, old_hash, old_text, on_it)
        store.keep_version(record.doc_id, document.content_hash, document.text, ())

    def _remove_vanished(self, records: Iterable[DocumentRecord], writer: IndexWriter) -> None:
        """Files gone from disk: forget them, unless annotations still refer to them."""
        with self.db.transaction() as store:
            for record in records:
                current = store.document(record.doc_id)
                if current is None or current.missing or current.path != record.path:
                    continue  # another run removed or moved it since this one began
                self.report.removed += 1
                writer.remove_document(record.doc_id)
                annotations = store.annotations(doc_id=record.doc_id)
                if not annotations:
                    store.delete_document(record.doc_id)
                    continue
                store.mark_missing(record.doc_id, True)
                for annotation in annotations:
                    if annotation.status is not AnchorStatus.ORPHANED:
                        store.set_anchor(annotation.id, annotation.anchor, AnchorStatus.ORPHANED)
                        self.report.reanchored[str(AnchorStatus.ORPHANED)] += 1
                for annotation in store.annotations(doc_id=record.doc_id):
                    writer.add_annotation(annotation_entry(annotation, record))
                if record.note.strip():
                    writer.add_note(note_entry(record))


def _already_there(current: DocumentRecord | None, document: Document) -> bool:
    """True when the catalog already holds this very version of the file (present)."""
    return (
        current is not None
        and not current.missing
        and current.content_hash == document.content_hash
        and (current.size, current.mtime) == (document.size, document.mtime)
    )


def _same_content(
    document: Document, candidates: Iterable[DocumentRecord]
) -> DocumentRecord | None:
    return next((r for r in candidates if r.content_hash == document.content_hash), None)
