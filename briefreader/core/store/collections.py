"""Reading lists: named, ordered lists of documents (a document may be in several), and a
reading status per document.

A list's name is normalised like a tag (outer space stripped, inner runs of space made
one) and unique regardless of case. Positions run 0, 1, 2, ... in the list's order.
The status belongs to the document, not to a list: "read" is read in every list.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from briefreader.core.models import READING_STATUSES, Collection
from briefreader.core.store.catalog import CatalogMixin
from briefreader.core.store.database import now
from briefreader.core.store.tags import normalize_tag, tag_key


def collection_name(name: str) -> str:
    """The name as stored; ``ValueError`` for an empty one."""
    clean = normalize_tag(name)
    if not clean:
        raise ValueError("a reading list needs a name")
    return clean


class CollectionsMixin(CatalogMixin):
    # -- lists --------------------------------------------------------------------------

    def collections(self) -> list[Collection]:
        """Every reading list by name, each with its documents in order."""
        members: dict[int, list[str]] = {}
        for collection_id, doc_id in self._read(
            "SELECT collection_id, doc_id FROM collection_members ORDER BY collection_id, position"
        ):
            members.setdefault(collection_id, []).append(doc_id)
        rows = self._read("SELECT id, name, created FROM collections ORDER BY name COLLATE NOCASE")
        return [Collection(name, tuple(members.get(i, ())), created) for i, name, created in rows]

    def collection(self, name: str) -> Collection | None:
        row = self._read_one(
            "SELECT id, name, created FROM collections WHERE key = ?", (tag_key(name),)
        )
        if row is None:
            return None
        ids = self._read(
            "SELECT doc_id FROM collection_members WHERE collection_id = ? ORDER BY position",
            (row[0],),
        )
        return Collection(row[1], tuple(r[0] for r in ids), row[2])

    def create_collection(self, name: str) -> Collection:
        """A new, empty list; ``ValueError`` when the name is empty or taken."""
        clean = collection_name(name)
        with self.transaction() as conn:
            if self._find_collection(conn, clean) is not None:
                raise ValueError(f"there is already a reading list called {clean!r}")
            stamp = now()
            conn.execute(
                "INSERT INTO collections (name, key, created) VALUES (?, ?, ?)",
                (clean, tag_key(clean), stamp),
            )
        return Collection(clean, (), stamp)

    def rename_collection(self, old: str, new: str) -> None:
        """``KeyError`` for an unknown list, ``ValueError`` for a name another list has."""
        clean = collection_name(new)
        with self.transaction() as conn:
            list_id = self._collection_id(conn, old)
            other = self._find_collection(conn, clean)
            if other is not None and other != list_id:
                raise ValueError(f"there is already a reading list called {clean!r}")
            conn.execute(
                "UPDATE collections SET name = ?, key = ? WHERE id = ?",
                (clean, tag_key(clean), list_id),
            )

    def delete_collection(self, name: str) -> None:
        """Forget a list (its documents stay in the library)."""
        with self.transaction() as conn:
            conn.execute("DELETE FROM collections WHERE id = ?", (self._collection_id(conn, name),))

    # -- members ------------------------------------------------------------------------

    def add_to_collection(
        self, name: str, doc_ids: Iterable[str], position: int | None = None
    ) -> None:
        """Add documents at ``position`` (0-based; None: at the end). A document already in
        the list stays where it is."""
        with self.transaction() as conn:
            list_id = self._collection_id(conn, name)
            order = self._member_ids(conn, list_id)
            new = [d for d in dict.fromkeys(doc_ids) if d not in order]
            for doc_id in new:
                self._require_document(conn, doc_id)
            at = len(order) if position is None else max(0, min(position, len(order)))
            order[at:at] = new
            stamp = now()
            conn.executemany(
                "INSERT INTO collection_members (collection_id, doc_id, position, added) "
                "VALUES (?, ?, -1, ?)",
                [(list_id, doc_id, stamp) for doc_id in new],
            )
            self._renumber(conn, list_id, order)

    def remove_from_collection(self, name: str, doc_ids: Iterable[str]) -> None:
        with self.transaction() as conn:
            list_id = self._collection_id(conn, name)
            gone = set(doc_ids)
            conn.executemany(
                "DELETE FROM collection_members WHERE collection_id = ? AND doc_id = ?",
                [(list_id, doc_id) for doc_id in gone],
            )
            self._renumber(conn, list_id, self._member_ids(conn, list_id))

    def move_in_collection(self, name: str, doc_id: str, position: int) -> None:
        """Move a document of the list to ``position`` (0-based, clamped to the list)."""
        with self.transaction() as conn:
            list_id = self._collection_id(conn, name)
            order = self._member_ids(conn, list_id)
            if doc_id not in order:
                raise KeyError(f"document {doc_id} is not in the reading list {name!r}")
            order.remove(doc_id)
            order.insert(max(0, min(position, len(order))), doc_id)
            self._renumber(conn, list_id, order)

    # -- reading status -----------------------------------------------------------------

    def reading_status(self, doc_id: str) -> str | None:
        row = self._read_one("SELECT status FROM reading_status WHERE doc_id = ?", (doc_id,))
        return None if row is None else str(row[0])

    def set_reading_status(self, doc_id: str, status: str | None) -> None:
        """One of ``READING_STATUSES``, or None to clear it; ``ValueError`` for another."""
        if status is not None and status not in READING_STATUSES:
            raise ValueError(
                f"unknown reading status {status!r}; choose one of: {', '.join(READING_STATUSES)}"
            )
        with self.transaction() as conn:
            self._require_document(conn, doc_id)
            if status is None:
                conn.execute("DELETE FROM reading_status WHERE doc_id = ?", (doc_id,))
            else:
                conn.execute(
                    "INSERT INTO reading_status (doc_id, status, updated) VALUES (?, ?, ?) "
                    "ON CONFLICT (doc_id) DO UPDATE SET status = excluded.status, "
                    "updated = excluded.updated",
                    (doc_id, status, now()),
                )

    # -- helpers ------------------------------------------------------------------------

    @staticmethod
    def _find_collection(conn: sqlite3.Connection, name: str) -> int | None:
        row = conn.execute("SELECT id FROM collections WHERE key = ?", (tag_key(name),)).fetchone()
        return None if row is None else int(row[0])

    def _collection_id(self, conn: sqlite3.Connection, name: str) -> int:
        """The list's id; ``KeyError`` when there is no list of that name."""
        found = self._find_collection(conn, name)
        if found is None:
            raise KeyError(f"no reading list called {normalize_tag(name)!r}")
        return found

    @staticmethod
    def _member_ids(conn: sqlite3.Connection, list_id: int) -> list[str]:
        rows = conn.execute(
            "SELECT doc_id FROM collection_members WHERE collection_id = ? ORDER BY position",
            (list_id,),
        )
        return [r[0] for r in rows]

    @staticmethod
    def _renumber(conn: sqlite3.Connection, list_id: int, order: list[str]) -> None:
        conn.executemany(
            "UPDATE collection_members SET position = ? WHERE collection_id = ? AND doc_id = ?",
            [(i, list_id, doc_id) for i, doc_id in enumerate(order)],
        )
