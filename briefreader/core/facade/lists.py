"""Reading lists (named, ordered lists of documents) and each document's reading status,
through the Library. A change is searchable at once (``in:"..."``, ``status:to-read``):
the documents it touches are re-indexed through the pending-change path."""

from __future__ import annotations

from collections.abc import Iterable

from briefreader.core.errors import LibraryError
from briefreader.core.facade.base import FacadeBase, user_error
from briefreader.core.models import READING_STATUSES, Collection, DocumentRecord
from briefreader.core.store import Store


class ReadingLists(FacadeBase):
    def collections(self) -> list[Collection]:
        """Every reading list by name, each with its doc_ids in the list's order."""
        with self._db as store:
            return store.collections()

    def collection(self, name: str) -> Collection:
        """The reading list called ``name`` (any case); LibraryError when there is none."""
        with self._db as store:
            return self._require_collection(store, name)

    def collection_documents(self, name: str) -> list[DocumentRecord]:
        """The list's documents in its order (documents gone from the catalog left out)."""
        with self._db as store:
            found = self._require_collection(store, name)
            records = [store.document(doc_id) for doc_id in found.doc_ids]
        return [r for r in records if r is not None]

    def create_collection(self, name: str) -> Collection:
        with self._db as store:
            return user_error(lambda: store.create_collection(name))

    def rename_collection(self, old: str, new: str) -> Collection:
        with self._db as store:
            members = self._require_collection(store, old).doc_ids
            user_error(lambda: store.rename_collection(old, new))
            self._sync.note(documents=members)
            return self._require_collection(store, new)

    def delete_collection(self, name: str) -> Collection:
        """Delete a list (not its documents); returns it as it was."""
        with self._db as store:
            found = self._require_collection(store, name)
            store.delete_collection(name)
            self._sync.note(documents=found.doc_ids)
            return found

    def add_to_collection(
        self, name: str, doc_ids: Iterable[str], position: int | None = None
    ) -> Collection:
        """Add documents at ``position`` (0-based; None: at the end); one already in the
        list keeps its place."""
        ids = list(doc_ids)
        with self._db as store:
            self._require_collection(store, name)
            for doc_id in ids:
                self._require_record(store, doc_id)
            store.add_to_collection(name, ids, position)
            self._sync.note(documents=ids)
            return self._require_collection(store, name)

    def remove_from_collection(self, name: str, doc_ids: Iterable[str]) -> Collection:
        ids = list(doc_ids)
        with self._db as store:
            self._require_collection(store, name)
            store.remove_from_collection(name, ids)
            self._sync.note(documents=ids)
            return self._require_collection(store, name)

    def move_in_collection(self, name: str, doc_id: str, position: int) -> Collection:
        """Move a document of the list to ``position`` (0-based, clamped to the list)."""
        with self._db as store:
            self._require_collection(store, name)
            user_error(lambda: store.move_in_collection(name, doc_id, position))
            return self._require_collection(store, name)

    def set_reading_status(self, doc_id: str, status: str | None) -> DocumentRecord:
        """to-read, reading, read or briefed; None (or "") clears it."""
        if status and status not in READING_STATUSES:
            raise LibraryError(
                f"unknown reading status {status!r}; choose one of: {', '.join(READING_STATUSES)}"
            )
        with self._db as store:
            self._require_record(store, doc_id)
            store.set_reading_status(doc_id, status or None)
            self._sync.note(documents=[doc_id])
            return self._require_record(store, doc_id)

    @staticmethod
    def _require_collection(store: Store, name: str) -> Collection:
        found = store.collection(name)
        if found is None:
            known = ", ".join(c.name for c in store.collections()) or "none yet"
            raise LibraryError(f"no reading list called {name!r} (lists: {known})")
        return found
