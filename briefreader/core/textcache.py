"""A rebuildable cache of canonical texts, keyed by content hash, for snippets and exports.

The search index does not store document bodies (that makes it larger and slower to build);
snippets are cut from this cache instead. Losing it costs a re-read of the files, nothing more.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
import zlib
from collections import OrderedDict
from pathlib import Path

log = logging.getLogger(__name__)

_SCHEMA = "CREATE TABLE IF NOT EXISTS texts (hash TEXT PRIMARY KEY, body BLOB NOT NULL)"
_BUSY_ATTEMPTS = 12


def _busy(error: sqlite3.Error) -> bool:
    """Locked or busy: another process is opening or writing the cache this instant."""
    text = str(error).lower()
    return "locked" in text or "busy" in text


class TextCache:
    """Canonical texts on disk (zlib in SQLite) with a small in-memory LRU in front."""

    def __init__(self, path: Path, memory_items: int = 64) -> None:
        self._path = path
        self._lock = threading.Lock()
        self._memory: OrderedDict[str, str] = OrderedDict()
        self._memory_items = memory_items
        self._conn = self._connect()

    def _connect(self) -> sqlite3.Connection:
        for attempt in range(_BUSY_ATTEMPTS):
            try:
                conn = self._open()
                try:
                    conn.execute("SELECT count(*) FROM texts LIMIT 1").fetchone()
                except BaseException:
                    conn.close()
                    raise
                return conn
            except sqlite3.DatabaseError as error:
                if not _busy(error):
                    return self._afresh(error)
                if attempt == _BUSY_ATTEMPTS - 1:
                    raise  # another process holds it all this while: ours, not damaged
                time.sleep(0.05 * (attempt + 1))
        raise AssertionError("unreachable")

    def _afresh(self, error: sqlite3.DatabaseError) -> sqlite3.Connection:
        """A damaged cache (never one another process is busy with): start it again."""
        log.warning("text cache %s unreadable (%s); starting it afresh", self._path, error)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self._path}{suffix}").unlink(missing_ok=True)
        return self._open()

    def _open(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self._path, check_same_thread=False, timeout=10)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute(_SCHEMA)
        except BaseException:
            conn.close()
            raise
        return conn

    def get(self, content_hash: str) -> str | None:
        """The text stored for ``content_hash``, or None."""
        with self._lock:
            if content_hash in self._memory:
                self._memory.move_to_end(content_hash)
                return self._memory[content_hash]
            row = self._conn.execute(
                "SELECT body FROM texts WHERE hash = ?", (content_hash,)
            ).fetchone()
        if row is None:
            return None
        text = zlib.decompress(row[0]).decode("utf-8", "surrogatepass")
        self._remember(content_hash, text)
        return text

    def put_many(self, items: list[tuple[str, str]]) -> None:
        """Store ``(content_hash, text)`` pairs in one transaction."""
        rows = [(h, zlib.compress(t.encode("utf-8", "surrogatepass"), 1)) for h, t in items]
        with self._lock, self._conn:
            self._conn.executemany("INSERT OR REPLACE INTO texts VALUES (?, ?)", rows)

    def put(self, content_hash: str, text: str) -> None:
        self.put_many([(content_hash, text)])
        self._remember(content_hash, text)

    def keep_only(self, hashes: set[str]) -> int:
        """Drop texts whose hash is not in ``hashes``; return how many were dropped."""
        with self._lock:
            stored = {h for (h,) in self._conn.execute("SELECT hash FROM texts")}
            stale = stored - hashes
            with self._conn:
                self._conn.executemany("DELETE FROM texts WHERE hash = ?", [(h,) for h in stale])
            for h in stale:
                self._memory.pop(h, None)
        return len(stale)

    def _remember(self, content_hash: str, text: str) -> None:
        with self._lock:
            self._memory[content_hash] = text
            self._memory.move_to_end(content_hash)
            while len(self._memory) > self._memory_items:
                self._memory.popitem(last=False)

    def close(self) -> None:
        with self._lock:
            self._conn.close()
