"""Catalogued documents loaded from disk, and their canonical texts for snippets and export."""

from __future__ import annotations

import os
from collections import OrderedDict
from collections.abc import Iterable
from pathlib import Path

from briefreader.core.models import FORMAT_PDF, Document, DocumentRecord, LoadError
from briefreader.core.store.guard import GuardedStore
from briefreader.core.textcache import TextCache

DOCUMENTS_KEPT = 8  # loaded documents kept in memory (the reader reopens recent ones)


class DocumentTexts:
    """A few loaded documents in memory in front of the on-disk text cache."""

    def __init__(self, db: GuardedStore, cache: TextCache) -> None:
        self._db = db
        self._cache = cache
        self._documents: OrderedDict[str, Document] = OrderedDict()

    def document(self, record: DocumentRecord) -> Document:
        """The record's current text and blocks (cached); raises LoadError when unreadable."""
        with self._db:
            cached = self._documents.get(record.doc_id)
            if cached is not None and cached.content_hash == record.content_hash:
                self._documents.move_to_end(record.doc_id)
                return cached
        if record.missing or not os.path.exists(record.path):
            raise LoadError(f"the file is no longer on disk: {record.path}")
        document = load_document_file(record.path, record.format)
        self._cache.put_pages([(document.content_hash, document.pages)])
        with self._db as store:
            self._documents[record.doc_id] = document
            self._documents.move_to_end(record.doc_id)
            while len(self._documents) > DOCUMENTS_KEPT:
                self._documents.popitem(last=False)
            store.touch_opened(record.doc_id)
        return document

    def text_for(self, doc_id: str) -> str | None:
        """Canonical text for snippets: from the text cache, else from the file."""
        with self._db as store:
            content_hash = store.content_hash_of(doc_id)
        text = self._cache.get(content_hash) if content_hash is not None else None
        if text is not None:
            return text
        with self._db as store:
            record = store.document(doc_id)
        if record is None:
            return None
        try:
            document = self.document(record)
        except LoadError:
            return None
        self._cache.put(document.content_hash, document.text)
        return document.text

    def page_starts(self, record: DocumentRecord, load: bool = True) -> tuple[int, ...]:
        """Where each page of a PDF starts in its text (empty for other formats); without
        ``load``, empty when that is not known without reading the file."""
        if record.format != FORMAT_PDF:
            return ()
        with self._db:
            cached = self._documents.get(record.doc_id)
        if cached is not None and cached.content_hash == record.content_hash:
            return cached.pages
        pages = self._cache.pages(record.content_hash)
        if pages is not None or not load:
            return pages or ()
        try:
            return self.document(record).pages
        except LoadError:
            return ()

    def cached_text(self, content_hash: str) -> str | None:
        """A text by content hash, when the text cache still has it (any version)."""
        return self._cache.get(content_hash)

    def loaded(self, documents: Iterable[tuple[str, Document]]) -> None:
        """``(doc_id, document)`` pairs an index run just read: cache their texts, and
        forget older loads of them."""
        pairs = list(documents)
        self._cache.put_many([(d.content_hash, d.text) for _doc_id, d in pairs])
        self._cache.put_pages([(d.content_hash, d.pages) for _doc_id, d in pairs if d.pages])
        with self._db:
            for doc_id, _document in pairs:
                self._documents.pop(doc_id, None)

    def forget_all(self) -> None:
        with self._db:
            self._documents.clear()

    def close(self) -> None:
        self._cache.close()


def load_document_file(path: str, as_format: str | None = None) -> Document:
    """Load one file (the loaders are imported only now: opening a Library stays quick).

    ``as_format`` is the format it was indexed as: a Markdown file that ran over its loading
    budget was indexed as plain text, and is read as such (quickly, with the same offsets).
    """
    from briefreader.core.formats.documents import load_document

    return load_document(Path(path), as_format)
