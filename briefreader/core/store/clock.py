"""Timestamps that never go back, though the computer's clock may.

A clock set back (by hand, by a bad time server, a dual-boot machine) would stamp an edit
before the export that preceded it, and "only new since the last export" would leave the
edit out. So the stamps that order edits (an annotation's created and updated, a document
note's updated, export marks) come from here: the wall clock, or one millisecond after the
latest stamp this database gave, whichever is later. The latest stamp is kept in the
settings table (as ``~clock.latest``), read and written in the caller's transaction, so it
holds across processes.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta

from briefreader.core.store import database

CLOCK_KEY = "~clock.latest"  # "~": the store's own, not listed among the settings


def stamp(conn: sqlite3.Connection) -> str:
    """A timestamp for a change being made in the current transaction."""
    latest = _latest(conn)
    current = database.now()
    if latest is not None and current <= latest:
        current = _after(latest)
    _save(conn, current)
    return current


def reading(conn: sqlite3.Connection) -> str:
    """The clock now, without stamping anything: the wall clock, or the latest stamp given
    when that is later (an export's "since" mark: every later change is stamped after it)."""
    latest = _latest(conn)
    current = database.now()
    return latest if latest is not None and latest > current else current


def advance(conn: sqlite3.Connection, when: str) -> None:
    """Later stamps come after ``when`` (an export mark taken from the wall clock)."""
    latest = _latest(conn)
    if latest is None or when > latest:
        _save(conn, when)


def _latest(conn: sqlite3.Connection) -> str | None:
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (CLOCK_KEY,)).fetchone()
    return None if row is None else str(row[0])


def _save(conn: sqlite3.Connection, when: str) -> None:
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (CLOCK_KEY, when),
    )


def _after(when: str) -> str:
    moment = datetime.fromisoformat(when.replace("Z", "+00:00")) + timedelta(milliseconds=1)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")
