"""Recovery of the user's database without opening it: damage checks, backups, restore.

``Library.open`` refuses a damaged database with a one-line message that names the latest
good backup; these functions let the CLI (``briefreader backups``, ``restore-backup``) list
and restore backups even then, because none of them needs a working ``Store``.
"""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from briefreader.core.errors import LibraryError
from briefreader.core.store import (
    StoreError,
    annotation_count,
    backup_time,
    check_backup,
    has_annotations,
    list_backups,
    quick_check,
    restore_backup,
)

log = logging.getLogger(__name__)

DB_NAME = "briefreader.sqlite3"
BACKUP_DIR = "backups"
INDEX_DIR = "index"
_HEADER = b"SQLite format 3\x00"
# Words in a StoreError that mean the file itself is damaged (not locked, full or read-only).
_DAMAGE_WORDS = ("damaged", "malformed", "not a database", "not a briefreader database")


def database_path(data_dir: Path) -> Path:
    return Path(data_dir) / DB_NAME


def backups(data_dir: Path) -> list[Path]:
    """The backups in ``data_dir``, oldest first (no database needed)."""
    return list_backups(Path(data_dir) / BACKUP_DIR)


def latest_good_backup(data_dir: Path) -> Path | None:
    """The newest backup that passes SQLite's integrity check and is BriefReader's, or None."""
    for backup in reversed(backups(data_dir)):
        try:
            check_backup(backup)
        except StoreError as error:
            log.warning("backup %s is not usable: %s", backup, error)
            continue
        return backup
    return None


def damage(db_path: Path) -> str | None:
    """Why the database file at ``db_path`` is damaged, judged from its header; else None.

    Cheap (reads 100 bytes): catches a file cut short, emptied or overwritten at its start.
    A missing file is not damage (a new library starts). Nor is anything while a non-empty
    write-ahead log exists: SQLite completes the file from it (another BriefReader is
    running, or one stopped mid-checkpoint), so the header alone cannot be judged.
    """
    try:
        if Path(f"{db_path}-wal").stat().st_size > 0:
            return None
    except OSError:
        pass
    try:
        size = db_path.stat().st_size
        with db_path.open("rb") as stream:
            header = stream.read(100)
    except FileNotFoundError:
        return None
    except OSError as error:
        return f"it cannot be read ({error.strerror})"
    if size == 0:
        return "the file is empty (0 bytes)"
    if not header.startswith(_HEADER) or len(header) < 100:
        return "the file does not start like an SQLite database"
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    valid = header[24:28] == header[92:96]  # the page count is only kept up to date then
    if valid and pages and size < pages * page_size:
        return f"the file is cut short ({size} of {pages * page_size} bytes)"
    return None


def is_damage_error(error: Exception | str) -> bool:
    text = str(error).lower()
    return any(word in text for word in _DAMAGE_WORDS)


def damaged_message(data_dir: Path, detail: str) -> str:
    """One line: the database is damaged, why, and which backup to restore (and how)."""
    db_path = database_path(data_dir)
    backup = latest_good_backup(data_dir)
    if backup is None:
        advice = "no good backup was found"
    else:
        advice = (
            f"the latest good backup is {backup}; restore it with: "
            f"briefreader --data-dir '{data_dir}' restore-backup '{backup}'"
        )
    return f"the database {db_path} is damaged ({detail}); {advice}"


def check_before_open(data_dir: Path) -> str | None:
    """Raise ``LibraryError`` when the database file is damaged; a notice when it is gone.

    A database that is missing while backups exist is not an error (a new one is made), but
    the returned notice says which backup holds the earlier data.
    """
    db_path = database_path(data_dir)
    found = damage(db_path)
    if found is not None:
        if found.startswith("the file is empty") and not backups(data_dir):
            return None  # a first start that stopped before the schema was written
        raise LibraryError(damaged_message(data_dir, found))
    if not db_path.exists():
        backup = latest_good_backup(data_dir)
        if backup is not None:
            return (
                f"No database was found in {data_dir}; started an empty library. "
                f"Your earlier data is in the backup {backup} (briefreader restore-backup)."
            )
    return None


def explain_open_failure(data_dir: Path, error: StoreError) -> str:
    """The message for a database that could not be opened."""
    if is_damage_error(error):
        return damaged_message(data_dir, str(error))
    return str(error)


@dataclass(frozen=True)
class RestoreOffer:
    """A damaged database and the latest good backup that can replace it."""

    data_dir: Path
    problem: str  # why the database is judged damaged (one line)
    backup: Path
    made: datetime | None  # when the backup was made (UTC), from its name
    annotations: int | None  # how many annotations the backup holds; None when unknown

    @property
    def database(self) -> Path:
        return database_path(self.data_dir)


def restore_offer(data_dir: Path) -> RestoreOffer | None:
    """The latest good backup to offer when the database is damaged; else None.

    None too when the database is sound but cannot be used (written by a newer BriefReader,
    locked, in a read-only folder): restoring a backup would not help and would lose data.
    """
    data_dir = Path(data_dir)
    db_path = database_path(data_dir)
    problem = damage(db_path)
    if problem is None and db_path.is_file():
        found = integrity_problem(db_path)
        if found is not None and (found.startswith("integrity check") or is_damage_error(found)):
            problem = found
    if problem is None:
        return None
    backup = latest_good_backup(data_dir)
    if backup is None:
        return None
    return RestoreOffer(data_dir, problem, backup, backup_time(backup), annotation_count(backup))


def restore(data_dir: Path, backup: Path) -> Path | None:
    """Replace the database in ``data_dir`` with ``backup``, without opening the current one.

    The current database is kept aside (its path is returned). The search index is cleared:
    it holds the annotations of the replaced database and is rebuilt on the next start.
    No ``Library`` may be open on ``data_dir``.
    """
    data_dir = Path(data_dir)
    backup = Path(backup).expanduser()
    if not backup.is_absolute() and not backup.exists():
        backup = data_dir / BACKUP_DIR / backup
    try:
        aside = restore_backup(backup, database_path(data_dir))
    except StoreError as error:
        raise LibraryError(str(error)) from error
    clear_index(data_dir)
    return aside


def clear_index(data_dir: Path) -> None:
    """Remove the search index (a cache): the next start rebuilds it from the database."""
    index = Path(data_dir) / INDEX_DIR
    if index.is_dir():
        shutil.rmtree(index, ignore_errors=True)


def integrity_problem(db_path: Path) -> str | None:
    """SQLite's quick check of the database (read-only): a one-line problem, or None."""
    return quick_check(db_path)


def backup_to_keep(data_dir: Path) -> Path | None:
    """A backup that holds annotations while the current database holds none, else None.

    Backing up an empty library then would, after a few starts, rotate out the last copy of
    the user's annotations (a database lost or replaced by an empty one).
    """
    if has_annotations(database_path(data_dir)):
        return None
    return next((b for b in reversed(backups(data_dir)) if has_annotations(b)), None)
