"""The catalog: library folders, documents (stable ``doc_id``), their tags and notes."""

from __future__ import annotations

import logging
import sqlite3
import uuid
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from briefreader.core.models import Document, DocumentRecord
from briefreader.core.store import clock
from briefreader.core.store.database import now
from briefreader.core.store.effective import (
    COLUMNS,
    EFFECTIVE_TITLE,
    build_record,
    encode_origins,
    read_extras,
)
from briefreader.core.store.paths import os_path, sql_path
from briefreader.core.store.tags import ORIGIN_FILE, ORIGIN_USER, TagsMixin

log = logging.getLogger(__name__)

_ORDER = f"ORDER BY {EFFECTIVE_TITLE} COLLATE NOCASE, {EFFECTIVE_TITLE}, path"

FileState = tuple[str, int, float, str]  # doc_id, size, mtime, content_hash


class CatalogMixin(TagsMixin):
    """Folders and documents."""

    # -- folders ------------------------------------------------------------------------

    def add_folder(self, path: str | Path) -> None:
        with self.transaction() as conn:
            conn.execute(
                "INSERT OR IGNORE INTO folders (path, added) VALUES (?, ?)",
                (sql_path(path), now()),
            )

    def remove_folder(self, path: str | Path) -> None:
        """Forget a folder; its documents stay until the next indexing run removes them."""
        with self.transaction() as conn:
            conn.execute("DELETE FROM folders WHERE path = ?", (sql_path(path),))

    def folders(self) -> list[str]:
        return [os_path(row[0]) for row in self._read("SELECT path FROM folders ORDER BY path")]

    def sample_folders(self) -> list[str]:
        """The folders marked as the bundled sample library."""
        rows = self._read("SELECT path FROM folders WHERE sample = 1 ORDER BY path")
        return [os_path(r[0]) for r in rows]

    def mark_sample_folder(self, path: str | Path, sample: bool = True) -> None:
        with self.transaction() as conn:
            conn.execute(
                "UPDATE folders SET sample = ? WHERE path = ?", (int(sample), sql_path(path))
            )

    # -- documents: reading ----------------------------------------------------------------

    def document(self, doc_id: str) -> DocumentRecord | None:
        records = self._records("WHERE doc_id = ?", (doc_id,))
        return records[0] if records else None

    def content_hash_of(self, doc_id: str) -> str | None:
        """The document's content hash alone (a search's snippets need no more)."""
        rows = self._read("SELECT content_hash FROM documents WHERE doc_id = ?", (doc_id,))
        return str(rows[0][0]) if rows else None

    def document_by_path(self, path: str | Path) -> DocumentRecord | None:
        """The document at ``path``: the present one, else a missing one last seen there."""
        where = "WHERE path = ?"
        records = self._records(where, (sql_path(path),), "ORDER BY missing, added DESC")
        return records[0] if records else None

    def documents(self, include_missing: bool = False) -> list[DocumentRecord]:
        """All documents ordered by title (case-insensitive), present ones only by default."""
        where = "" if include_missing else "WHERE missing = 0"
        return self._records(where, (), _ORDER)

    def documents_by_hash(self, content_hash: str) -> list[DocumentRecord]:
        """Documents (present or missing) whose file had this content hash."""
        return self._records("WHERE content_hash = ?", (content_hash,), "ORDER BY missing, added")

    def file_states(self) -> dict[str, FileState]:
        """``path -> (doc_id, size, mtime, content_hash)`` for fast incremental scans.

        Missing documents are included (a file that comes back keeps its ``doc_id``); where a
        present and a missing document share a path, the present one wins.
        """
        rows = self._read(
            "SELECT path, doc_id, size, mtime, content_hash FROM documents ORDER BY missing DESC"
        )
        return {os_path(path): (doc_id, size, mtime, h) for path, doc_id, size, mtime, h in rows}

    def loader_versions(self) -> dict[str, int]:
        """``doc_id -> loader version`` its catalog row was written with (0: unknown)."""
        return dict(self._read("SELECT doc_id, loader_version FROM documents"))

    # -- documents: writing ----------------------------------------------------------------

    def upsert_document(
        self, doc: Document, doc_id: str | None = None, loader_version: int | None = None
    ) -> DocumentRecord:
        """Insert or update a document's catalog row from a freshly loaded ``Document``.

        Without ``doc_id`` the document at ``doc.path`` is updated (a new ``doc_id``, uuid4
        hex, is made when there is none). The row is marked present; its file tags are
        replaced by ``doc.tags`` (the user's tags stay). ``loader_version`` is kept when None.
        Another present document at the same path is marked missing (its file is gone).
        """
        with self.transaction() as conn:
            if doc_id is None:
                row = conn.execute(
                    "SELECT doc_id FROM documents WHERE path = ? ORDER BY missing LIMIT 1",
                    (sql_path(doc.path),),
                ).fetchone()
                doc_id = row[0] if row else uuid.uuid4().hex
            self._free_path(conn, doc.path, doc_id)
            values = _document_values(doc)
            exists = conn.execute("SELECT 1 FROM documents WHERE doc_id = ?", (doc_id,))
            if exists.fetchone():
                conn.execute(
                    "UPDATE documents SET path = ?, format = ?, title = ?, date = ?, source = ?, "
                    "author = ?, url = ?, summary = ?, word_count = ?, size = ?, mtime = ?, "
                    "content_hash = ?, report_number = ?, version = ?, field_origins = ?, "
                    "text_key = ?, missing = 0, "
                    "loader_version = coalesce(?, loader_version) WHERE doc_id = ?",
                    (*values, loader_version, doc_id),
                )
            else:
                conn.execute(
                    "INSERT INTO documents (path, format, title, date, source, author, url, "
                    "summary, word_count, size, mtime, content_hash, report_number, version, "
                    "field_origins, text_key, loader_version, doc_id, added) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (*values, loader_version or 0, doc_id, now()),
                )
            self._replace_file_tags(conn, doc_id, doc.tags)
        record = self.document(doc_id)
        assert record is not None
        return record

    def set_path(self, doc_id: str, path: str | Path) -> None:
        """The document's file is now at ``path`` (a move: same ``doc_id``)."""
        with self.transaction() as conn:
            self._require_document(conn, doc_id)
            self._free_path(conn, str(path), doc_id)
            conn.execute("UPDATE documents SET path = ? WHERE doc_id = ?", (sql_path(path), doc_id))

    def mark_missing(self, doc_id: str, missing: bool = True) -> None:
        """Flag the document's file as gone from disk (or back)."""
        with self.transaction() as conn:
            path = self._require_document(conn, doc_id)
            if not missing:
                self._free_path(conn, path, doc_id)
            conn.execute(
                "UPDATE documents SET missing = ? WHERE doc_id = ?", (int(missing), doc_id)
            )

    def delete_document(self, doc_id: str) -> None:
        """Forget a document; refused (``ValueError``) while annotations refer to it."""
        with self.transaction() as conn:
            count = conn.execute(
                "SELECT count(*) FROM annotations WHERE doc_id = ?", (doc_id,)
            ).fetchone()[0]
            if count:
                raise ValueError(
                    f"document {doc_id} has {count} annotation(s); mark it missing instead"
                )
            tag_ids = [
                r[0]
                for r in conn.execute(
                    "SELECT tag_id FROM document_tags WHERE doc_id = ?", (doc_id,)
                )
            ]
            conn.execute("DELETE FROM documents WHERE doc_id = ?", (doc_id,))
            self._drop_if_unused(conn, tag_ids)

    def touch_opened(self, doc_id: str) -> None:
        with self.transaction() as conn:
            conn.execute("UPDATE documents SET last_opened = ? WHERE doc_id = ?", (now(), doc_id))

    # -- document tags and notes -------------------------------------------------------

    def tag_document(self, doc_id: str, tags: Iterable[str]) -> None:
        """Add the user's tags to a document (existing tags keep their first spelling)."""
        with self.transaction() as conn:
            self._require_document(conn, doc_id)
            conn.executemany(
                "INSERT OR IGNORE INTO document_tags (doc_id, tag_id, origin) VALUES (?, ?, ?)",
                [(doc_id, tag_id, ORIGIN_USER) for tag_id in self._tag_ids(conn, tags)],
            )

    def untag_document(self, doc_id: str, tags: Iterable[str]) -> None:
        """Remove tags from a document, whether they came from its file or from the user.

        A front-matter tag comes back when the file changes and is indexed again.
        """
        with self.transaction() as conn:
            self._require_document(conn, doc_id)
            tag_ids = self._existing_tag_ids(conn, tags)
            conn.executemany(
                "DELETE FROM document_tags WHERE doc_id = ? AND tag_id = ?",
                [(doc_id, tag_id) for tag_id in tag_ids],
            )
            self._drop_if_unused(conn, tag_ids)

    def set_document_note(self, doc_id: str, markdown: str) -> None:
        """The user's Markdown note on the whole document ("" removes it)."""
        with self.transaction() as conn:
            self._require_document(conn, doc_id)
            if markdown.strip():
                conn.execute(
                    "INSERT INTO document_notes (doc_id, note, updated) VALUES (?, ?, ?) "
                    "ON CONFLICT (doc_id) DO UPDATE SET note = excluded.note, "
                    "updated = excluded.updated",
                    (doc_id, markdown, clock.stamp(conn)),
                )
            else:
                conn.execute("DELETE FROM document_notes WHERE doc_id = ?", (doc_id,))

    # -- helpers ------------------------------------------------------------------------

    def _records(self, where: str, params: Sequence[Any], order: str = "") -> list[DocumentRecord]:
        """Effective records (the user's edits over the extracted values): effective.py."""
        rows = self._read(f"SELECT {COLUMNS} FROM documents {where} {order}", params)
        if not rows:
            return []
        extras = read_extras(self._read, f"SELECT doc_id FROM documents {where}", params)
        return [build_record(row, extras) for row in rows]

    def _require_document(self, conn: sqlite3.Connection, doc_id: str) -> str:
        """The document's path; ``KeyError`` when there is no such document."""
        row = conn.execute("SELECT path FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
        if row is None:
            raise KeyError(f"no document with id {doc_id}")
        return os_path(row[0])

    def _free_path(self, conn: sqlite3.Connection, path: str, doc_id: str) -> None:
        """Mark missing any other present document at ``path`` (paths are unique when present)."""
        others = conn.execute(
            "SELECT doc_id FROM documents WHERE path = ? AND missing = 0 AND doc_id != ?",
            (sql_path(path), doc_id),
        ).fetchall()
        for (other,) in others:
            log.info("document %s no longer at %s: marked missing", other, path)
            conn.execute("UPDATE documents SET missing = 1 WHERE doc_id = ?", (other,))

    def _replace_file_tags(
        self, conn: sqlite3.Connection, doc_id: str, names: Iterable[str]
    ) -> None:
        old_ids = [
            r[0]
            for r in conn.execute(
                "SELECT tag_id FROM document_tags WHERE doc_id = ? AND origin = ?",
                (doc_id, ORIGIN_FILE),
            )
        ]
        new_ids = self._tag_ids(conn, names)
        if set(old_ids) == set(new_ids):
            return
        conn.execute(
            "DELETE FROM document_tags WHERE doc_id = ? AND origin = ?", (doc_id, ORIGIN_FILE)
        )
        conn.executemany(
            "INSERT OR IGNORE INTO document_tags (doc_id, tag_id, origin) VALUES (?, ?, ?)",
            [(doc_id, tag_id, ORIGIN_FILE) for tag_id in new_ids],
        )
        self._drop_if_unused(conn, old_ids)


def _document_values(doc: Document) -> tuple[Any, ...]:
    return (
        sql_path(doc.path),
        doc.format,
        doc.title,
        doc.date,
        doc.source,
        doc.author,
        doc.url,
        doc.summary,
        doc.word_count,
        doc.size,
        doc.mtime,
        doc.content_hash,
        doc.report_number,
        doc.version,
        encode_origins(doc.field_origins),
        doc.text_key,
    )
