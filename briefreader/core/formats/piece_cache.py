"""The on-disk cache of converted Markdown groups (``md_pieces``): SQLite in the data dir's
``cache/``, shared by the index run and its loading workers, bounded in size.

A cache, nothing more: a damaged file is started afresh, a busy one is passed over (the
group is converted again), and losing it costs conversions.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path

log = logging.getLogger(__name__)

MAX_BYTES = 256 * 2**20  # what the cache may hold; the oldest entries go first beyond it
FLUSH_ENTRIES = 256  # waiting entries that make a write
_PRUNE_EVERY = 2000  # entries written between checks of the size
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS pieces "
    "(key TEXT PRIMARY KEY, value BLOB NOT NULL, size INTEGER NOT NULL)"
)
_QUERY_CHUNK = 500  # keys per SELECT (SQLite's parameter limit)


class PieceCache:
    """Converted groups by key; every method swallows the cache's own failures."""

    def __init__(self, path: Path, max_bytes: int = MAX_BYTES) -> None:
        self.path = path
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        self._written = 0
        self._waiting: dict[str, bytes] = {}  # written at ``flush`` (one transaction)
        self._conn: sqlite3.Connection | None = None

    def _connection(self) -> sqlite3.Connection | None:
        if self._conn is None:
            try:
                self._conn = self._open()
            except sqlite3.DatabaseError as error:
                log.warning("piece cache %s unreadable (%s); starting it afresh", self.path, error)
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{self.path}{suffix}").unlink(missing_ok=True)
                try:
                    self._conn = self._open()
                except (sqlite3.Error, OSError) as again:
                    log.warning("piece cache %s not usable: %s", self.path, again)
            except OSError as error:
                log.warning("piece cache %s not usable: %s", self.path, error)
        return self._conn

    def _open(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, check_same_thread=False, timeout=2)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=OFF")  # a cache: a lost write costs a conversion
            conn.execute(_SCHEMA)
        except BaseException:
            conn.close()
            raise
        return conn

    def get_many(self, keys: Sequence[str]) -> dict[str, bytes]:
        with self._lock:
            found = {k: self._waiting[k] for k in keys if k in self._waiting}
            conn = self._connection()
            if conn is None:
                return found
            try:
                for i in range(0, len(keys), _QUERY_CHUNK):
                    chunk = keys[i : i + _QUERY_CHUNK]
                    marks = ",".join("?" * len(chunk))
                    sql = f"SELECT key, value FROM pieces WHERE key IN ({marks})"
                    found.update(conn.execute(sql, chunk).fetchall())
            except sqlite3.Error as error:
                log.debug("piece cache read failed: %s", error)
        return found

    def put_many(self, items: dict[str, bytes]) -> None:
        """Keep ``items``; they reach the file at ``flush`` (or once many are waiting)."""
        with self._lock:
            self._waiting.update(items)
            if len(self._waiting) < FLUSH_ENTRIES:
                return
        self.flush()

    def flush(self) -> None:
        """Write the waiting entries in one transaction."""
        with self._lock:
            rows = [(key, value, len(value)) for key, value in self._waiting.items()]
            self._waiting.clear()
            conn = self._connection() if rows else None
            if conn is None:
                return
            try:
                with conn:
                    conn.executemany("INSERT OR REPLACE INTO pieces VALUES (?, ?, ?)", rows)
                self._written += len(rows)
                if self._written >= _PRUNE_EVERY:
                    self._written = 0
                    self._prune(conn)
            except sqlite3.Error as error:
                log.debug("piece cache write failed: %s", error)

    def _prune(self, conn: sqlite3.Connection) -> None:
        """Drop the oldest entries (by when they were written) beyond ``max_bytes``."""
        (total,) = conn.execute("SELECT coalesce(sum(size), 0) FROM pieces").fetchone()
        if total <= self.max_bytes:
            return
        excess = total - self.max_bytes * 3 // 4  # make room for a while
        cutoff = None
        for rowid, size in conn.execute("SELECT rowid, size FROM pieces ORDER BY rowid"):
            excess -= size
            cutoff = rowid
            if excess <= 0:
                break
        with conn:
            conn.execute("DELETE FROM pieces WHERE rowid <= ?", (cutoff,))

    def close(self) -> None:
        self.flush()
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None
