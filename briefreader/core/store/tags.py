"""Tags shared by documents (origin ``file`` or ``user``) and annotations.

A tag name is normalised (outer space stripped, inner runs of white space collapsed to one
space) and unique regardless of case: the first spelling seen is kept.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from briefreader.core.store.database import Database

ORIGIN_FILE = "file"
ORIGIN_USER = "user"


def normalize_tag(name: str) -> str:
    """``"  Trade   talks "`` -> ``"Trade talks"`` (an all-space name becomes ``""``)."""
    return " ".join(str(name).split())


def tag_key(name: str) -> str:
    """The case-insensitive identity of a tag name."""
    return normalize_tag(name).casefold()


def clean_tags(names: Iterable[str]) -> list[str]:
    """Normalised, non-empty names without case-insensitive duplicates, first spelling kept."""
    seen: dict[str, str] = {}
    for name in names:
        clean = normalize_tag(name)
        if clean and tag_key(clean) not in seen:
            seen[tag_key(clean)] = clean
    return list(seen.values())


def sorted_tags(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(set(names), key=lambda n: (n.casefold(), n)))


class TagsMixin(Database):
    """Tag rows and the queries documents and annotations share."""

    def tags(self) -> list[tuple[str, int]]:
        """Every tag in use with how many documents and annotations carry it, by name."""
        rows = self._read(
            """
            SELECT t.name,
                   (SELECT count(DISTINCT doc_id) FROM document_tags WHERE tag_id = t.id)
                 + (SELECT count(*) FROM annotation_tags WHERE tag_id = t.id) AS uses
            FROM tags t
            """
        )
        return sorted(((name, uses) for name, uses in rows if uses), key=lambda r: r[0].casefold())

    def rename_tag(self, old: str, new: str) -> None:
        """Rename a tag everywhere; merges into ``new`` when that tag already exists.

        Renaming to a different spelling of the same name (``trade`` -> ``Trade``) changes
        the spelling. An unknown ``old`` is a no-op. Raises ``ValueError`` for an empty name.
        """
        new_name = normalize_tag(new)
        if not new_name:
            raise ValueError("a tag name cannot be empty")
        with self.transaction() as conn:
            row = conn.execute("SELECT id FROM tags WHERE key = ?", (tag_key(old),)).fetchone()
            if row is None:
                return
            old_id = row[0]
            target = conn.execute("SELECT id FROM tags WHERE key = ?", (tag_key(new_name),))
            target_row = target.fetchone()
            if target_row is None or target_row[0] == old_id:
                conn.execute(
                    "UPDATE tags SET name = ?, key = ? WHERE id = ?",
                    (new_name, tag_key(new_name), old_id),
                )
                return
            self._merge_tag(conn, old_id, target_row[0])

    def _merge_tag(self, conn: sqlite3.Connection, old_id: int, new_id: int) -> None:
        conn.execute(
            "INSERT OR IGNORE INTO document_tags (doc_id, tag_id, origin) "
            "SELECT doc_id, ?, origin FROM document_tags WHERE tag_id = ?",
            (new_id, old_id),
        )
        conn.execute(
            "INSERT OR IGNORE INTO annotation_tags (annotation_id, tag_id) "
            "SELECT annotation_id, ? FROM annotation_tags WHERE tag_id = ?",
            (new_id, old_id),
        )
        conn.execute("DELETE FROM tags WHERE id = ?", (old_id,))  # cascades to the links

    # -- helpers for documents and annotations -----------------------------------------

    def _tag_ids(self, conn: sqlite3.Connection, names: Iterable[str]) -> list[int]:
        """Ids for the tags, creating the missing ones with the spelling given."""
        ids = []
        for name in clean_tags(names):
            key = tag_key(name)
            conn.execute("INSERT OR IGNORE INTO tags (name, key) VALUES (?, ?)", (name, key))
            ids.append(conn.execute("SELECT id FROM tags WHERE key = ?", (key,)).fetchone()[0])
        return ids

    def _existing_tag_ids(self, conn: sqlite3.Connection, names: Iterable[str]) -> list[int]:
        keys = [tag_key(n) for n in clean_tags(names)]
        rows = [conn.execute("SELECT id FROM tags WHERE key = ?", (k,)).fetchone() for k in keys]
        return [row[0] for row in rows if row is not None]

    def _drop_if_unused(self, conn: sqlite3.Connection, tag_ids: Iterable[int]) -> None:
        """Forget tags among ``tag_ids`` that nothing carries any more."""
        conn.executemany(
            "DELETE FROM tags WHERE id = ? "
            "AND NOT EXISTS (SELECT 1 FROM document_tags WHERE tag_id = tags.id) "
            "AND NOT EXISTS (SELECT 1 FROM annotation_tags WHERE tag_id = tags.id)",
            [(i,) for i in set(tag_ids)],
        )
