"""Decisions on annotations after their documents changed (confirm, pick, re-attach, the
review list) and the kept versions of annotated documents, through the Library."""

from __future__ import annotations

from briefreader.core import anchoring
from briefreader.core.changes import VersionDiff
from briefreader.core.errors import LibraryError
from briefreader.core.facade.base import FacadeBase
from briefreader.core.history import DocumentHistory, keep_version
from briefreader.core.models import (
    Anchor,
    Annotation,
    Document,
    DocumentRecord,
    DocumentVersion,
    LoadError,
)
from briefreader.core.quotes import quote_span
from briefreader.core.review import (
    ReviewItem,
    check_confirmable,
    check_pickable,
    picked_anchor,
    review_items,
)
from briefreader.core.store import Store
from briefreader.core.texts import DocumentTexts


class ChangedDocuments(FacadeBase):
    """Set up by ``Library.__init__`` (``_texts``, ``_history``)."""

    _texts: DocumentTexts
    _history: DocumentHistory

    def reattach_annotation(self, annotation_id: int, start: int, end: int) -> Annotation:
        """Anchor an annotation to a new passage the user selected (any status); its
        original quote is kept."""
        annotation = self._annotation(annotation_id)
        document = self._loaded(annotation.doc_id)
        if not 0 <= start < end <= len(document.text):
            raise LibraryError(f"passage {start}-{end} is outside the document")
        if not document.text[start:end].strip():
            raise LibraryError("cannot highlight white space only")
        anchor = anchoring.make_anchor(document.text, start, end, document.content_hash)
        return self._decided(annotation, document, anchor)

    def reattach_quote(self, annotation_id: int, quote: str, occurrence: int = 1) -> Annotation:
        """Re-attach an annotation to the ``occurrence``-th appearance of ``quote``."""
        annotation = self._annotation(annotation_id)
        document = self._loaded(annotation.doc_id)
        start, end = quote_span(document, quote, occurrence)
        return self.reattach_annotation(annotation_id, start, end)

    def confirm_annotation(self, annotation_id: int) -> Annotation:
        """Accept a fuzzy match (or a moved one) as the annotation's place: it becomes
        ``ANCHORED`` with its current wording; the original quote is kept."""
        annotation = check_confirmable(self._annotation(annotation_id))
        document = self._loaded_or_none(annotation.doc_id)
        return self._decided(annotation, document, annotation.anchor)

    def pick_candidate(self, annotation_id: int, index: int) -> Annotation:
        """Place an ambiguous annotation at its candidate ``index`` (0-based, in document
        order, as ``annotation.candidates``); it becomes ``ANCHORED``."""
        annotation = self._annotation(annotation_id)
        check_pickable(annotation, index)
        document = self._loaded(annotation.doc_id)
        return self._decided(annotation, document, picked_anchor(annotation, index, document))

    def restore_anchor(self, before: Annotation) -> Annotation:
        """Undo a decision (confirm, pick, re-attach): the annotation's anchor, status,
        candidates and confirmed stamp as in ``before``, its copy from before it; the
        note, colour and tags are left as they are now."""
        current = self._annotation(before.id)
        if current.doc_id != before.doc_id or current.uuid != before.uuid:
            raise LibraryError(f"annotation {before.id} is no longer the one decided on")
        with self._db as store:
            restored = store.restore_anchor(before)
            self._sync.note(annotations=[restored.id])
        return restored

    def needs_review(self) -> list[ReviewItem]:
        """Every annotation that waits for a decision (fuzzy, ambiguous, orphaned) across
        the library, in library order, with what to decide."""
        return review_items(self._all_annotations(), self._record, self._texts.text_for)

    def _decided(
        self, annotation: Annotation, document: Document | None, anchor: Anchor
    ) -> Annotation:
        """The user's decision on an annotation's place: saved, stamped confirmed."""

        def decide(store: Store) -> Annotation:
            if document is not None and document.content_hash == anchor.content_hash:
                keep_version(store, annotation.doc_id, document)
            return store.confirm_anchor(annotation.id, anchor)

        with self._db as store:
            decided = decide(store)
            self._sync.note(annotations=[decided.id])
        return decided

    def _annotation(self, annotation_id: int) -> Annotation:
        with self._db as store:
            annotation = store.annotation(annotation_id)
        if annotation is None:
            raise LibraryError(f"no annotation with id {annotation_id}")
        return annotation

    def _all_annotations(self) -> list[Annotation]:
        with self._db as store:
            return store.annotations()

    def _record(self, doc_id: str) -> DocumentRecord | None:
        with self._db as store:
            return store.document(doc_id)

    def _loaded(self, doc_id: str) -> Document:
        """The document's current text (LibraryError / LoadError as ``Library.document``)."""
        with self._db as store:
            record = self._require_record(store, doc_id)
        return self._texts.document(record)

    def _loaded_or_none(self, doc_id: str) -> Document | None:
        try:
            return self._loaded(doc_id)
        except (LoadError, LibraryError):
            return None

    def versions(self, doc_id: str) -> list[DocumentVersion]:
        """The kept versions of a document's text, oldest first (see core/store/versions)."""
        return self._history.versions(doc_id)

    def version_text(self, doc_id: str, content_hash: str) -> str:
        """The canonical text of a kept version (a unique prefix of its hash will do)."""
        return self._history.text(doc_id, content_hash)

    def version_document(self, doc_id: str, content_hash: str) -> Document:
        """A kept version as a read-only plain-text Document, to show it."""
        return self._history.document(doc_id, content_hash)

    def changes_since_annotated(self, doc_id: str, since: str | None = None) -> VersionDiff:
        """What changed in the document since it was annotated (or since the kept version
        ``since``, a hash or its unique prefix): its blocks, with the annotations on each.

        By default the base is the oldest kept version an annotation was first made on
        (else the oldest kept one); with none earlier than the current, nothing changed.
        """
        return self._history.changes_since(doc_id, since)
