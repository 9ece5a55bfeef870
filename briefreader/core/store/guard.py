"""The Store behind the Library's lock: ``with guarded as store:`` is the only way to it."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from briefreader.core.store import Store


class GuardedStore:
    """One Store and the re-entrant lock that guards it.

    The window's thread, an index run's thread and the search index's snippet lookups all
    reach the one SQLite connection through here, so no code can forget the lock. State
    that must change together with the store (the pending index changes, the cache of
    loaded documents) is changed while holding it too: ``with guarded:``.
    """

    def __init__(self, path: Path) -> None:
        self._path = path
        self._store = Store(path)
        self._lock = threading.RLock()

    def __enter__(self) -> Store:
        self._lock.acquire()
        return self._store

    def __exit__(self, *exc: object) -> None:
        self._lock.release()

    @contextmanager
    def transaction(self) -> Iterator[Store]:
        """The store, locked, inside one transaction (all or nothing)."""
        with self as store, store.transaction():
            yield store

    @contextmanager
    def closed_for(self) -> Iterator[Path]:
        """Close the database for the block (which may replace its file), then reopen it."""
        with self._lock:
            self._store.close()
            try:
                yield self._path
            finally:
                self._store = Store(self._path)

    def close(self) -> None:
        with self._lock:
            self._store.close()
