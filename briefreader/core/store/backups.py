"""Backups of the user's database: make (SQLite backup API), rotate, list, check, restore."""

from __future__ import annotations

import logging
import os
import re
import shutil
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

from briefreader.core.leftovers import remove_stale
from briefreader.core.store.database import Database, StoreError, translated_errors
from briefreader.core.store.schema import SCHEMA_VERSION

log = logging.getLogger(__name__)

_NAME = re.compile(r"^briefreader-(\d{8}-\d{6})-\d{6}(-\d+)?\.sqlite3$")
_REQUIRED_TABLES = {"folders", "documents", "tags", "document_tags", "annotations"}


def list_backups(backup_dir: Path) -> list[Path]:
    """The backups in ``backup_dir``, oldest first (names carry a UTC timestamp)."""
    try:
        names = [p for p in Path(backup_dir).iterdir() if _NAME.match(p.name) and p.is_file()]
    except FileNotFoundError:
        return []
    except OSError as error:
        raise StoreError(f"cannot list backups in {backup_dir}: {error.strerror}") from error
    return sorted(names, key=lambda p: p.name)


class BackupsMixin(Database):
    def backup(self, backup_dir: Path, keep: int = 5) -> Path:
        """Write a consistent copy of the database into ``backup_dir``; keep the newest ``keep``.

        The copy is made with SQLite's backup API (safe while others write), written to a
        temporary name, flushed to disk and renamed, so a half-written backup never shows.
        """
        if keep < 1:
            raise ValueError("keep must be at least 1")
        backup_dir = Path(backup_dir)
        partial: Path | None = None
        try:
            backup_dir.mkdir(parents=True, exist_ok=True)
            remove_stale(backup_dir, "briefreader-*.sqlite3.part")  # a killed backup's
            target = _new_backup_path(backup_dir)
            partial = target.with_name(target.name + ".part")
            with self._lock, translated_errors(partial):
                destination = sqlite3.connect(str(partial))
                try:
                    self._require_open().backup(destination)
                    destination.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
                finally:
                    destination.close()
            _fsync(partial)
            os.replace(partial, target)
            _fsync(backup_dir)
            for old in list_backups(backup_dir)[:-keep]:
                old.unlink()
        except (OSError, StoreError) as error:
            if partial is not None:  # a full disk must not keep half a copy
                partial.unlink(missing_ok=True)
            if isinstance(error, StoreError):
                raise
            raise StoreError(f"cannot write a backup in {backup_dir}: {error.strerror}") from error
        log.info("database backed up to %s", target)
        return target

    def list_backups(self, backup_dir: Path) -> list[Path]:
        return list_backups(backup_dir)

    def integrity_check(self) -> bool:
        """True when SQLite finds the database sound (``PRAGMA integrity_check``)."""
        rows = self._read("PRAGMA integrity_check")
        if rows != [("ok",)]:
            log.warning("integrity check of %s: %s", self.path, rows[:5])
        return rows == [("ok",)]


def check_backup(path: Path) -> int:
    """The schema version of a sound BriefReader database at ``path``; else ``StoreError``."""
    if not Path(path).is_file():
        raise StoreError(f"no such backup: {path}")
    try:
        conn = sqlite3.connect(f"file:{Path(path).as_posix()}?mode=ro", uri=True)
    except sqlite3.Error as error:
        raise StoreError(f"the backup cannot be opened: {path} ({error})") from error
    try:
        rows = conn.execute("PRAGMA integrity_check").fetchall()
        if rows != [("ok",)]:
            raise StoreError(f"the backup is damaged: {path} ({rows[0][0]})")
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if version < 1 or not tables.issuperset(_REQUIRED_TABLES):
            raise StoreError(f"the file is not a BriefReader database: {path}")
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"the backup was written by a newer BriefReader (schema {version}); "
                f"this version understands up to {SCHEMA_VERSION}: {path}"
            )
        conn.execute("SELECT count(*) FROM annotations").fetchone()
        return version
    except sqlite3.Error as error:
        raise StoreError(f"the backup is damaged or not a database: {path} ({error})") from error
    finally:
        conn.close()


def quick_check(path: Path) -> str | None:
    """``PRAGMA quick_check`` of the database at ``path`` (read-only): a problem, or None."""
    try:
        conn = sqlite3.connect(f"file:{Path(path).as_posix()}?mode=ro", uri=True, timeout=5.0)
    except sqlite3.Error as error:
        return str(error)
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
    except sqlite3.Error as error:
        return str(error)
    finally:
        conn.close()
    return None if rows == [("ok",)] else f"integrity check: {rows[0][0]}"


def has_annotations(path: Path) -> bool:
    """True when the database at ``path`` holds an annotation (read-only; False if unreadable)."""
    return bool(_read_only_value(path, "SELECT EXISTS (SELECT 1 FROM annotations)"))


def annotation_count(path: Path) -> int | None:
    """How many annotations the database at ``path`` holds (read-only; None if unreadable)."""
    count = _read_only_value(path, "SELECT count(*) FROM annotations")
    return None if count is None else int(str(count))


def backup_time(path: Path) -> datetime | None:
    """When the backup at ``path`` was made (UTC, to the second, from its name), or None."""
    match = _NAME.match(Path(path).name)
    if match is None:
        return None
    return datetime.strptime(match.group(1), "%Y%m%d-%H%M%S").replace(tzinfo=timezone.utc)


def _read_only_value(path: Path, sql: str) -> object:
    """The first value ``sql`` reads from the database at ``path``; None if it cannot."""
    try:
        conn = sqlite3.connect(f"file:{Path(path).as_posix()}?mode=ro", uri=True, timeout=5.0)
    except sqlite3.Error:
        return None
    try:
        return conn.execute(sql).fetchone()[0]
    except sqlite3.Error:
        return None
    finally:
        conn.close()


def restore_backup(backup_path: Path, db_path: Path) -> Path | None:
    """Replace the database at ``db_path`` with a checked copy of ``backup_path``.

    Close every ``Store`` on ``db_path`` first. The backup is copied next to the database
    and checked (integrity, schema) before anything changes; the current database is then
    saved aside as ``<name>.before-restore-<UTC time>.sqlite3`` (returned; None when there
    was none) and the copy renamed over it in one atomic step. ``StoreError`` on failure,
    with the current database untouched.
    """
    backup_path, db_path = Path(backup_path), Path(db_path)
    staging = db_path.with_name(db_path.name + ".restoring")
    try:
        shutil.copyfile(backup_path, staging)
        _self_contained(staging)
        _fsync(staging)
        check_backup(staging)
        aside = _save_aside(db_path)
        for suffix in ("-wal", "-shm"):
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)
        os.replace(staging, db_path)
        _fsync(db_path.parent)
    except FileNotFoundError as error:
        raise StoreError(f"no such backup: {backup_path}") from error
    except OSError as error:
        raise StoreError(f"cannot restore {backup_path}: {error.strerror}") from error
    finally:
        staging.unlink(missing_ok=True)
    log.info("database %s restored from %s (previous one kept as %s)", db_path, backup_path, aside)
    return aside


def _self_contained(path: Path) -> None:
    """Switch a private copy to rollback-journal mode so it is one file, read-only friendly."""
    try:
        conn = sqlite3.connect(str(path))
        try:
            conn.execute("PRAGMA journal_mode = DELETE")
        finally:
            conn.close()
    except sqlite3.Error as error:
        raise StoreError(f"the backup is damaged or not a database: {path} ({error})") from error


def _save_aside(db_path: Path) -> Path | None:
    """Copy the current database (with its WAL content) aside before it is replaced."""
    if not db_path.exists():
        return None
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S-%f")
    aside = db_path.with_name(f"{db_path.stem}.before-restore-{stamp}{db_path.suffix}")
    try:
        source = sqlite3.connect(str(db_path), timeout=1.0)
        try:
            busy = source.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            if busy and busy[0]:
                raise StoreError(
                    f"the database is in use by another BriefReader; close it first ({db_path})"
                )
            destination = sqlite3.connect(str(aside))
            try:
                source.backup(destination)
                destination.execute("PRAGMA journal_mode = DELETE")
            finally:
                destination.close()
        finally:
            source.close()
    except sqlite3.Error as error:  # a damaged database: keep its files as they are
        log.warning("database %s unreadable (%s); copying its files aside", db_path, error)
        aside.unlink(missing_ok=True)
        for suffix in ("", "-wal"):
            if Path(f"{db_path}{suffix}").exists():
                shutil.copyfile(f"{db_path}{suffix}", f"{aside}{suffix}")
    _fsync(aside)
    return aside


def _new_backup_path(backup_dir: Path) -> Path:
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S-%f")
    target = backup_dir / f"briefreader-{stamp}.sqlite3"
    counter = 1
    while target.exists():
        target = backup_dir / f"briefreader-{stamp}-{counter}.sqlite3"
        counter += 1
    return target


def _fsync(path: Path) -> None:
    """Flush a file (or a directory entry, where the platform allows) to disk."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return  # directories cannot be opened on Windows
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
