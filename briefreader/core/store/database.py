"""The SQLite connection under the Store: pragmas, migrations, transactions, error mapping.

Errors are split in two. ``StoreError`` is the environment's fault (the database is locked
by another program, the disk is full, the file is read-only, damaged or from a newer
BriefReader) and carries a one-line message fit to show the user. Anything else that
escapes (``sqlite3.IntegrityError``, ``ProgrammingError``, "no such column", ...) is a bug
and is left alone so it surfaces with its traceback.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from briefreader.core.errors import UserError
from briefreader.core.store.schema import MIGRATIONS, SCHEMA_VERSION

log = logging.getLogger(__name__)

BUSY_TIMEOUT_S = 5.0

# SQLite result codes (primary code = extended code & 0xFF) that are the environment's fault.
_ENVIRONMENT_CODES = {
    5: "the database is busy: another BriefReader process is writing to it; try again",
    6: "the database is locked by another connection; try again",
    7: "out of memory while using the database",
    8: "the database file is read-only; check its permissions",
    10: "a disk input/output error occurred while using the database",
    11: "the database file is damaged; restore a backup",
    13: "the disk is full; free some space and try again",
    14: "the database file cannot be opened; check that its folder exists and is writable",
    23: "permission denied while using the database",
    26: "the file is not a BriefReader database (or it is encrypted or damaged)",
}
_ENVIRONMENT_MESSAGES = (  # for Pythons without sqlite_errorcode (3.10)
    ("database is locked", 5),
    ("database table is locked", 6),
    ("readonly database", 8),
    ("disk i/o error", 10),
    ("malformed", 11),
    ("database or disk is full", 13),
    ("unable to open database", 14),
    ("not a database", 26),
)


class StoreError(UserError):
    """The database cannot be used as asked because of its environment; one-line message."""


def environment_error(error: sqlite3.Error, path: Path | str) -> StoreError | None:
    """A ``StoreError`` when ``error`` is the environment's fault, else None (a bug)."""
    code = getattr(error, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    if primary is None:
        text = str(error).lower()
        primary = next((c for needle, c in _ENVIRONMENT_MESSAGES if needle in text), None)
    if primary not in _ENVIRONMENT_CODES:
        return None
    return StoreError(f"{_ENVIRONMENT_CODES[primary]} ({path}: {error})")


def now() -> str:
    """The current time as ISO 8601 UTC with milliseconds, e.g. 2025-03-01T09:30:00.123Z."""
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def connect(path: Path | str, busy_timeout: float = BUSY_TIMEOUT_S) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit) with our pragmas."""
    conn = sqlite3.connect(
        str(path), timeout=busy_timeout, isolation_level=None, check_same_thread=False
    )
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
        conn.execute("PRAGMA foreign_keys = ON")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            log.warning("database %s runs in %s mode, not WAL", path, mode)
        # Every change is durable when the method returns: there is no Save button.
        conn.execute("PRAGMA synchronous = FULL")
    except BaseException:
        conn.close()
        raise
    return conn


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, path: Path | str) -> int:
    """Bring the schema up to ``SCHEMA_VERSION``, one transaction per version step."""
    version = schema_version(conn)
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"this database was written by a newer BriefReader (schema {version}); "
            f"this version understands up to {SCHEMA_VERSION} ({path})"
        )
    if version == 0:
        tables = conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()
        if tables[0]:
            raise StoreError(f"the file is an SQLite database but not BriefReader's ({path})")
    for target in range(version + 1, SCHEMA_VERSION + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            if schema_version(conn) >= target:  # another process migrated meanwhile
                conn.execute("COMMIT")
                continue
            MIGRATIONS[target - 1](conn)
            conn.execute(f"PRAGMA user_version = {target}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        log.info("database %s migrated to schema %d", path, target)
    return SCHEMA_VERSION


@contextmanager
def translated_errors(path: Path | str) -> Iterator[None]:
    """Turn SQLite errors that are the environment's fault into ``StoreError``."""
    try:
        yield
    except sqlite3.Error as error:
        translated = environment_error(error, path)
        if translated is None:
            raise
        log.warning("database problem: %s", translated)
        raise translated from error


class Database:
    """One SQLite connection shared by the Store's parts, serialised by a re-entrant lock."""

    def __init__(self, path: Path | str, *, busy_timeout: float = BUSY_TIMEOUT_S) -> None:
        self.path = Path(path)
        self._lock = threading.RLock()
        self._depth = 0
        with translated_errors(self.path):
            self._conn: sqlite3.Connection | None = connect(self.path, busy_timeout)
        try:
            with translated_errors(self.path):
                migrate(self._conn, self.path)
        except BaseException:
            self._conn.close()
            raise

    # -- life cycle -------------------------------------------------------------------

    def close(self) -> None:
        """Close the connection (idempotent)."""
        with self._lock:
            conn, self._conn = self._conn, None
            if conn is not None:
                conn.close()

    @property
    def closed(self) -> bool:
        return self._conn is None

    @property
    def schema_version(self) -> int:
        return int(self._read_one("PRAGMA user_version")[0])

    # -- transactions -----------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All or nothing: commits when the block ends, rolls back if it raises.

        Transactions nest: an inner block is a savepoint of the outer one. The write lock is
        taken at the start (``BEGIN IMMEDIATE``), so a second process waits up to the busy
        timeout instead of failing half-way.
        """
        with self._lock, translated_errors(self.path):
            conn = self._require_open()
            depth = self._depth
            conn.execute("BEGIN IMMEDIATE" if depth == 0 else f"SAVEPOINT sp{depth}")
            self._depth += 1
            try:
                yield conn
            except BaseException:
                self._depth -= 1
                self._rollback(conn, depth)
                raise
            self._depth -= 1
            try:
                conn.execute("COMMIT" if depth == 0 else f"RELEASE sp{depth}")
            except BaseException:
                self._rollback(conn, depth)
                raise

    def _rollback(self, conn: sqlite3.Connection, depth: int) -> None:
        try:
            if depth == 0:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
            else:
                conn.execute(f"ROLLBACK TO sp{depth}")
                conn.execute(f"RELEASE sp{depth}")
        except sqlite3.Error:
            log.exception("rollback failed on %s", self.path)

    # -- reads ------------------------------------------------------------------------

    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        with self._lock, translated_errors(self.path):
            return self._require_open().execute(sql, params).fetchall()

    def _read_one(self, sql: str, params: Sequence[Any] = ()) -> Any:
        rows = self._read(sql, params)
        return rows[0] if rows else None

    def _require_open(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StoreError(f"the database is closed ({self.path})")
        return self._conn
