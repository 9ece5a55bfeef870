"""The user's corrections of a document's metadata, and of which work it belongs to.

Kept apart from the catalog row, keyed by doc_id: a re-index rewrites the row, never an
edit, and the record shows the edit (``effective.build_record``).
"""

from __future__ import annotations

from collections.abc import Mapping

from briefreader.core.models import EDITABLE_FIELDS
from briefreader.core.store.catalog import CatalogMixin
from briefreader.core.store.database import now


class EditsMixin(CatalogMixin):
    def document_edits(self, doc_id: str) -> dict[str, str]:
        """``field -> the user's value`` for the fields the user edited."""
        rows = self._read("SELECT field, value FROM document_edits WHERE doc_id = ?", (doc_id,))
        return {name: value for name, value in rows}

    def set_document_edits(self, doc_id: str, changes: Mapping[str, str | None]) -> None:
        """Set the user's value of each field (None: drop the edit, the extracted value
        shows again). ``KeyError`` for an unknown document, ``ValueError`` for a field
        that cannot be edited."""
        unknown = set(changes) - set(EDITABLE_FIELDS)
        if unknown:
            raise ValueError(f"cannot edit {', '.join(sorted(unknown))}")
        stamp = now()
        with self.transaction() as conn:
            self._require_document(conn, doc_id)
            for name, value in changes.items():
                if value is None:
                    conn.execute(
                        "DELETE FROM document_edits WHERE doc_id = ? AND field = ?", (doc_id, name)
                    )
                    continue
                conn.execute(
                    "INSERT INTO document_edits (doc_id, field, value, updated) "
                    "VALUES (?, ?, ?, ?) ON CONFLICT (doc_id, field) DO UPDATE SET "
                    "value = excluded.value, updated = excluded.updated",
                    (doc_id, name, value, stamp),
                )

    def set_work_override(self, doc_id: str, work_id: str | None) -> None:
        """Put the document in work ``work_id`` whatever its metadata says (None: back to
        the work its report number or text gives it)."""
        with self.transaction() as conn:
            self._require_document(conn, doc_id)
            if work_id is None:
                conn.execute("DELETE FROM work_overrides WHERE doc_id = ?", (doc_id,))
            else:
                conn.execute(
                    "INSERT INTO work_overrides (doc_id, work_id, updated) VALUES (?, ?, ?) "
                    "ON CONFLICT (doc_id) DO UPDATE SET work_id = excluded.work_id, "
                    "updated = excluded.updated",
                    (doc_id, work_id, now()),
                )
