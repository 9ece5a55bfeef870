"""Document versions through the Library: list and read the kept texts of an annotated
document, and diff them ("what changed since you annotated it").

The texts themselves are kept by the store (``core/store/versions.py``, with the bounds);
they are added when a document is first annotated (``keep_version``) and when an index
run finds an annotated document changed (``core/sync/run.py``).
"""

from __future__ import annotations

from briefreader.core.changes import VersionDiff, current_spans, spans_on, version_diff
from briefreader.core.errors import LibraryError
from briefreader.core.models import (
    Annotation,
    Document,
    DocumentRecord,
    DocumentVersion,
    LineBlocks,
)
from briefreader.core.store import Store
from briefreader.core.store.guard import GuardedStore
from briefreader.core.texts import DocumentTexts


def keep_version(store: Store, doc_id: str, document: Document) -> None:
    """Keep the document's text as a version (once), before an annotation is placed on it:
    the store then records the placement, and the text survives the file's next edit."""
    if not store.has_version(doc_id, document.content_hash):
        store.keep_version(doc_id, document.content_hash, document.text, ())


class DocumentHistory:
    """The kept versions of the library's documents, read under the Library's lock."""

    def __init__(self, db: GuardedStore, texts: DocumentTexts) -> None:
        self._db = db
        self._texts = texts

    def versions(self, doc_id: str) -> list[DocumentVersion]:
        with self._db as store:
            _require_record(store, doc_id)
            return store.versions(doc_id)

    def version(self, doc_id: str, content_hash: str) -> DocumentVersion:
        """The kept version whose hash is, or starts with, ``content_hash``."""
        key = content_hash.strip().lower()
        found = [v for v in self.versions(doc_id) if key and v.content_hash.startswith(key)]
        if len(found) != 1:
            how = "no kept version" if not found else "more than one kept version"
            raise LibraryError(f"{how} of this document has the hash {content_hash!r}")
        return found[0]

    def text(self, doc_id: str, content_hash: str) -> str:
        version = self.version(doc_id, content_hash)
        with self._db as store:
            text = store.version_text(doc_id, version.content_hash)
        if text is None:  # pruned meanwhile
            raise LibraryError(f"the version {content_hash!r} is no longer kept")
        return text

    def document(self, doc_id: str, content_hash: str) -> Document:
        """A kept version as a read-only plain-text Document (its lines as blocks)."""
        version = self.version(doc_id, content_hash)
        text = self.text(doc_id, version.content_hash)
        with self._db as store:
            record = _require_record(store, doc_id)
        when = version.saved[:16].replace("T", " ")
        return Document(
            path=record.path,
            format="text",
            title=f"{record.title} (version kept {when} UTC)",
            text=text,
            blocks=LineBlocks(text),
            content_hash=version.content_hash,
            size=len(text.encode("utf-8", "surrogatepass")),
            mtime=0.0,
        )

    def changes_since(self, doc_id: str, since: str | None = None) -> VersionDiff:
        """The diff from ``since`` (default: ``default_base``) to the current text."""
        with self._db as store:
            record = _require_record(store, doc_id)
            annotations = store.annotations(doc_id=doc_id)
        current = self._texts.text_for(doc_id) or ""
        if since is not None:
            base: DocumentVersion | None = self.version(doc_id, since)
        else:
            base = default_base(self.versions(doc_id), annotations, record.content_hash)
        if base is None or base.content_hash == record.content_hash:
            return version_diff(doc_id, base, current, current, record.content_hash, {}, {})
        with self._db as store:
            old = store.version_text(doc_id, base.content_hash) or ""
            before = store.placements(doc_id, base.content_hash)
        old_spans = spans_on(annotations, base.content_hash, before)
        new_spans = current_spans(annotations, record.content_hash)
        return version_diff(doc_id, base, old, current, record.content_hash, old_spans, new_spans)


def default_base(
    versions: list[DocumentVersion], annotations: list[Annotation], current: str
) -> DocumentVersion | None:
    """The version "since you annotated it": the oldest kept one an annotation was first
    made on, else the oldest kept one; None when only the current one is kept."""
    earlier = [v for v in versions if v.content_hash != current]
    made_on = {a.original_anchor.content_hash for a in annotations}
    first = next((v for v in earlier if v.content_hash in made_on), None)
    return first or (earlier[0] if earlier else None)


def _require_record(store: Store, doc_id: str) -> DocumentRecord:
    record = store.document(doc_id)
    if record is None:
        raise LibraryError(f"no document with id {doc_id}")
    return record
