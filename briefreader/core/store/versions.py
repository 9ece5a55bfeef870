"""Kept versions of annotated documents' canonical texts, and where annotations sat on them.

A document's file changes under its annotations; the text they were made on is gone from
disk then, and the text cache (a disposable cache) may have lost it too. So the database
keeps, for documents with annotations, each version of the canonical text they had while
annotated: zlib-compressed, keyed by ``(doc_id, content_hash)``, with the time it was kept
and the places annotations had on it (``version_placements``). "What changed since you
annotated it" diffs two of them.

Bounds, per document, applied whenever a version is kept (``prune_versions``):

- the newest ``VERSIONS_KEPT`` (10) versions are kept, plus every version an existing
  annotation was first made on (its original quote's version), however old;
- all of them together stay within ``VERSION_BYTES_KEPT`` (8 MB compressed): beyond it the
  oldest go first, first made-on versions included; the newest version is always kept.
"""

from __future__ import annotations

import sqlite3
import zlib
from collections import defaultdict
from collections.abc import Iterable

from briefreader.core.models import Anchor, DocumentVersion
from briefreader.core.store.catalog import CatalogMixin
from briefreader.core.store.database import now

VERSIONS_KEPT = 10
VERSION_BYTES_KEPT = 8 * 1024 * 1024
_LEVEL = 6  # zlib: about a quarter of the text's size, a few milliseconds per 100 KB


def compress_text(text: str) -> bytes:
    return zlib.compress(text.encode("utf-8", "surrogatepass"), _LEVEL)


def decompress_text(body: bytes) -> str:
    return zlib.decompress(body).decode("utf-8", "surrogatepass")


class VersionsMixin(CatalogMixin):
    """Keep, list, read and bound document versions; record annotation placements."""

    def has_version(self, doc_id: str, content_hash: str) -> bool:
        row = self._read_one(
            "SELECT 1 FROM document_versions WHERE doc_id = ? AND content_hash = ?",
            (doc_id, content_hash),
        )
        return row is not None

    def keep_version(
        self, doc_id: str, content_hash: str, text: str, placements: Iterable[tuple[int, Anchor]]
    ) -> None:
        """Keep ``text`` as the version ``content_hash`` of the document (once), record the
        ``(annotation_id, anchor)`` placements made on it, and apply the bounds."""
        with self.transaction() as conn:
            self._require_document(conn, doc_id)
            conn.execute(
                "INSERT OR IGNORE INTO document_versions (doc_id, content_hash, saved, length, "
                "body) VALUES (?, ?, ?, ?, ?)",
                (doc_id, content_hash, now(), len(text), compress_text(text)),
            )
            for annotation_id, anchor in placements:
                self._record_placement(conn, doc_id, annotation_id, anchor)
            self.prune_versions(doc_id)

    def versions(self, doc_id: str) -> list[DocumentVersion]:
        """The kept versions of a document, oldest first."""
        rows = self._read(
            "SELECT content_hash, saved, length, length(body) FROM document_versions "
            "WHERE doc_id = ? ORDER BY saved, rowid",
            (doc_id,),
        )
        placed: dict[str, list[int]] = defaultdict(list)
        for content_hash, annotation_id in self._read(
            "SELECT p.content_hash, p.annotation_id FROM version_placements p "
            "JOIN annotations a ON a.id = p.annotation_id WHERE p.doc_id = ? "
            "ORDER BY p.start, p.annotation_id",
            (doc_id,),
        ):
            placed[content_hash].append(annotation_id)
        current = self._read_one("SELECT content_hash FROM documents WHERE doc_id = ?", (doc_id,))
        return [
            DocumentVersion(
                doc_id=doc_id,
                content_hash=content_hash,
                saved=saved,
                length=length,
                stored_bytes=stored,
                annotation_ids=tuple(placed.get(content_hash, ())),
                current=current is not None and current[0] == content_hash,
            )
            for content_hash, saved, length, stored in rows
        ]

    def version_text(self, doc_id: str, content_hash: str) -> str | None:
        """The kept text of one version, or None when it is not kept."""
        row = self._read_one(
            "SELECT body FROM document_versions WHERE doc_id = ? AND content_hash = ?",
            (doc_id, content_hash),
        )
        return None if row is None else decompress_text(row[0])

    def placements(self, doc_id: str, content_hash: str) -> dict[int, tuple[int, int]]:
        """``annotation_id -> (start, end)`` where annotations sat on that version."""
        rows = self._read(
            'SELECT annotation_id, start, "end" FROM version_placements '
            "WHERE doc_id = ? AND content_hash = ?",
            (doc_id, content_hash),
        )
        return {annotation_id: (start, end) for annotation_id, start, end in rows}

    def forget_versions(self, doc_id: str) -> None:
        """Drop every kept version of a document (it has no annotations any more)."""
        with self.transaction() as conn:
            conn.execute("DELETE FROM document_versions WHERE doc_id = ?", (doc_id,))

    def prune_versions(self, doc_id: str) -> None:
        """Apply the bounds of the module notes to one document's versions."""
        with self.transaction() as conn:
            rows = conn.execute(
                "SELECT content_hash, length(body) FROM document_versions WHERE doc_id = ? "
                "ORDER BY saved DESC, rowid DESC",
                (doc_id,),
            ).fetchall()
            first_made_on = {
                h
                for (h,) in conn.execute(
                    "SELECT DISTINCT original_hash FROM annotations WHERE doc_id = ?", (doc_id,)
                )
            }
            total, drop = 0, []
            for i, (content_hash, size) in enumerate(rows):
                wanted = i < VERSIONS_KEPT or content_hash in first_made_on
                if i == 0 or (wanted and total + size <= VERSION_BYTES_KEPT):
                    total += size
                else:
                    drop.append(content_hash)
            conn.executemany(
                "DELETE FROM document_versions WHERE doc_id = ? AND content_hash = ?",
                [(doc_id, h) for h in drop],
            )

    def _record_placement(
        self, conn: sqlite3.Connection, doc_id: str, annotation_id: int, anchor: Anchor
    ) -> None:
        """Remember where an annotation sits on a kept version (nothing when not kept)."""
        conn.execute(
            'INSERT OR REPLACE INTO version_placements (doc_id, content_hash, annotation_id, '
            'start, "end") SELECT ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM document_versions '
            "WHERE doc_id = ? AND content_hash = ?)",
            (doc_id, anchor.content_hash, annotation_id, anchor.start, anchor.end,
             doc_id, anchor.content_hash),
        )  # fmt: skip
