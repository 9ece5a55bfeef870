"""What the user keeps besides annotations: reading positions, colour meanings, saved
searches, export history and a small key/value settings table."""

from __future__ import annotations

from briefreader.core.models import COLORS
from briefreader.core.store import clock
from briefreader.core.store.annotations import check_color
from briefreader.core.store.catalog import CatalogMixin
from briefreader.core.store.database import now


class PrefsMixin(CatalogMixin):
    # -- reading positions --------------------------------------------------------------

    def reading_position(self, doc_id: str) -> int | None:
        row = self._read_one("SELECT position FROM reading_positions WHERE doc_id = ?", (doc_id,))
        return None if row is None else int(row[0])

    def set_reading_position(self, doc_id: str, offset: int) -> None:
        """Remember where the user was in a document (a canonical-text offset)."""
        with self.transaction() as conn:
            self._require_document(conn, doc_id)
            conn.execute(
                "INSERT INTO reading_positions (doc_id, position, updated) VALUES (?, ?, ?) "
                "ON CONFLICT (doc_id) DO UPDATE SET position = excluded.position, "
                "updated = excluded.updated",
                (doc_id, int(offset), now()),
            )

    # -- colour meanings ----------------------------------------------------------------

    def color_meanings(self) -> dict[str, str]:
        """``colour -> meaning`` for every colour in ``models.COLORS`` order ("" if unset)."""
        stored = dict(self._read("SELECT color, meaning FROM color_meanings"))
        return {color: stored.get(color, "") for color in COLORS}

    def set_color_meaning(self, color: str, meaning: str) -> None:
        check_color(color)
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO color_meanings (color, meaning) VALUES (?, ?) "
                "ON CONFLICT (color) DO UPDATE SET meaning = excluded.meaning",
                (color, meaning.strip()),
            )

    # -- saved searches -----------------------------------------------------------------

    def saved_searches(self) -> list[tuple[str, str]]:
        """``(name, query)`` pairs by name."""
        rows = self._read("SELECT name, query FROM saved_searches ORDER BY name COLLATE NOCASE")
        return [(name, query) for name, query in rows]

    def save_search(self, name: str, query: str) -> None:
        """Save (or replace) a search under ``name``; ``ValueError`` for an empty name."""
        name = " ".join(name.split())
        if not name:
            raise ValueError("a saved search needs a name")
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO saved_searches (name, query, created) VALUES (?, ?, ?) "
                "ON CONFLICT (name) DO UPDATE SET query = excluded.query",
                (name, query, now()),
            )

    def delete_saved_search(self, name: str) -> None:
        with self.transaction() as conn:
            conn.execute("DELETE FROM saved_searches WHERE name = ?", (" ".join(name.split()),))

    # -- export history -----------------------------------------------------------------

    def last_export(self, scope: str) -> str | None:
        """When ``scope`` (e.g. ``"doc:<id>"``, ``"tag:china"``, ``"all"``) was last exported."""
        row = self._read_one("SELECT exported FROM export_history WHERE scope = ?", (scope,))
        return None if row is None else row[0]

    def clock_reading(self) -> str:
        """Now, as the store stamps changes (``clock.reading``: never before a stamp given)."""
        with self.transaction() as conn:
            return clock.reading(conn)

    def set_last_export(self, scope: str, when: str | None = None) -> str:
        """Record an export of ``scope`` at ``when`` (default: now); returns the timestamp.

        ``annotations(since=store.last_export(scope))`` then gives "only new" annotations.
        """
        stamp = when or now()
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO export_history (scope, exported) VALUES (?, ?) "
                "ON CONFLICT (scope) DO UPDATE SET exported = excluded.exported",
                (scope, stamp),
            )
            clock.advance(conn, stamp)  # an edit after it is stamped after it
        return stamp

    def export_history(self) -> dict[str, str]:
        return dict(self._read("SELECT scope, exported FROM export_history ORDER BY scope"))

    # -- settings -----------------------------------------------------------------------

    def setting(self, key: str, default: str | None = None) -> str | None:
        row = self._read_one("SELECT value FROM settings WHERE key = ?", (key,))
        return default if row is None else row[0]

    def set_setting(self, key: str, value: str | None) -> None:
        """Store a text value under ``key``; None removes it."""
        with self.transaction() as conn:
            if value is None:
                conn.execute("DELETE FROM settings WHERE key = ?", (key,))
            else:
                conn.execute(
                    "INSERT INTO settings (key, value) VALUES (?, ?) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (key, str(value)),
                )

    def settings(self) -> dict[str, str]:
        """The user's settings (keys that begin with ``~`` are the store's own)."""
        rows = self._read("SELECT key, value FROM settings WHERE key NOT LIKE '~%' ORDER BY key")
        return dict(rows)
