"""Faults lose nothing: kills mid-write, disk full, read-only, damaged files, races.

Each test states the fault, then checks that every acknowledged annotation is there, that
SQLite's integrity check passes, and that search works again (after a re-index at most).
"""

from __future__ import annotations

import errno
import json
import os
import random
import shutil
import sqlite3
import subprocess
import threading
import time
import traceback
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefreader import cli
from briefreader.core import recovery
from briefreader.core.errors import ExportError, LibraryError, UserError
from briefreader.core.export import atomic
from briefreader.core.export.exporting import ExportRequest, export_to_file
from briefreader.core.library import DB_NAME, Library
from briefreader.core.models import AnchorStatus, Annotation, SearchRequest
from briefreader.core.store import Store, StoreError
from briefreader.core.sync import scan as indexing
from briefreader.core.textcache import TextCache

from .helpers import prose, sigkill, start_python, wait_for, write_corpus

pytestmark = pytest.mark.slow  # fault injection, subprocesses, big inputs

MARK = "zqmark"
HERE = Path(__file__).resolve().parent


# ---------------------------------------------------------------------------- helpers


def annotate_all(
    library: Library, per_doc: int = 2, note: str = "kept", folder: Path | None = None
) -> list[Annotation]:
    made = []
    for record in library.documents():
        if folder is not None and not record.path.startswith(str(folder.resolve())):
            continue
        text = library.document(record.doc_id).text
        for i in range(per_doc):
            start = text.index("Marker") + 7 + i * 20
            made.append(
                library.annotate(record.doc_id, start, start + 12, note=f"{note} {i}", tags=[MARK])
            )
    return made


def indexed_doc_ids(library: Library) -> set[str]:
    """The documents a search for everything finds."""
    request = SearchRequest(text="", include_annotations=False, page_size=1000)
    return {hit.doc_id for hit in library.search(request).hits}


def snapshot(library: Library) -> dict[int, tuple]:
    return {a.id: (a.uuid, a.note, a.color, a.tags, a.anchor.exact) for a in library.annotations()}


def marked_hits(library: Library) -> int:
    return library.search(SearchRequest(text=f"tag:{MARK}", page_size=500)).total


def doc_hits(library: Library, query: str) -> int:
    return library.search(SearchRequest(text=query, include_annotations=False)).total


def assert_sound(library: Library) -> None:
    """Integrity check passes; every annotation is found by search; anchors point at text."""
    with Store(library.data_dir / DB_NAME) as store:
        assert store.integrity_check()
    annotations = library.annotations()
    assert marked_hits(library) == len(library.annotations(tag=MARK))
    for annotation in annotations:
        assert annotation.status in set(AnchorStatus)
        if annotation.status in (AnchorStatus.ANCHORED, AnchorStatus.MOVED):
            text = library.document(annotation.doc_id).text
            anchor = annotation.anchor
            assert text[anchor.start : anchor.end] == anchor.exact


@pytest.fixture
def lib_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "lib"
    write_corpus(folder, 8)
    return folder


@pytest.fixture
def library(tmp_path: Path, lib_folder: Path) -> Iterator[Library]:
    """An indexed library with two marked annotations per document."""
    with Library.open(tmp_path / "data") as library:
        library.add_folders([lib_folder])
        library.index()
        annotate_all(library)
        yield library


def integrity_ok(db_path: Path) -> bool:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        conn.close()


# ------------------------------------------------------------ (1) kill -9 while indexing

KILL_DELAYS = (0.0, 0.15, 0.3, 0.45, 0.6)  # seconds after the run took the index lock
FIRST_FILES, MORE_FILES, ANNOTATED = 40, 200, 10


def _prepare_kill_trial(root: Path) -> tuple[Path, Path, dict[int, tuple]]:
    folder, data = root / "lib", root / "data"
    paths = write_corpus(folder, FIRST_FILES)
    with Library.open(data) as library:
        library.add_folders([folder])
        library.index()
        for record in library.documents()[:ANNOTATED]:
            text = library.document(record.doc_id).text
            start = text.index("Marker")
            library.annotate(record.doc_id, start, start + 14, note="before kill", tags=[MARK])
        before = snapshot(library)
    write_corpus(folder, MORE_FILES, start=FIRST_FILES)
    for path in paths[:ANNOTATED]:  # edits: the killed run re-anchors these
        body = path.read_text(encoding="utf-8")
        path.write_text(body.replace("# Brief", f"{prose(30)}\n\n# Brief", 1), encoding="utf-8")
    return folder, data, before


def test_sigkill_while_indexing_loses_no_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    rng = random.Random()
    trials = [tmp_path / f"trial-{n}" for n in range(len(KILL_DELAYS))]
    prepared = [_prepare_kill_trial(root) for root in trials]
    processes, killers = [], []
    for (folder, data, _before), delay in zip(prepared, KILL_DELAYS, strict=True):
        args = ["-m", "briefreader", "--data-dir", str(data), "index", str(folder), "--quiet"]
        process = start_python(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        delay += rng.uniform(0, 0.15)
        processes.append((process, delay))
        lock = data / "index" / "MAIN_WRITELOCK"
        killers.append(threading.Thread(target=_kill_once_writing, args=(process, lock, delay)))
    for killer in killers:
        killer.start()
    for killer in killers:
        killer.join(90)
    monkeypatch.setattr(indexing, "PARALLEL_THRESHOLD", 10**9)  # recover in-process: faster
    outcomes = []
    for (folder, data, before), (process, delay) in zip(prepared, processes, strict=True):
        catalogued = _count_documents(data / DB_NAME)
        with Library.open(data) as library:
            messages = list(library.startup_messages)
            assert "internal error" not in (library.search("zq1x").message or "")
            assert snapshot(library).keys() == before.keys()
            report = library.index()
            assert report.total_seen == FIRST_FILES + MORE_FILES
            assert indexed_doc_ids(library) == {r.doc_id for r in library.documents()}
            assert library.search("zq205x").total >= 1
            assert_sound(library)
            after = {a.id: a.note for a in library.annotations()}
            assert after == {i: v[1] for i, v in before.items()}
        assert cli.main(["--data-dir", str(data), "docs", "--json"]) == cli.EXIT_OK
        listed = {d["path"] for d in json.loads(capsys.readouterr().out)}
        on_disk = {str(p.resolve()) for p in folder.rglob("*.md")}
        assert listed == on_disk
        assert integrity_ok(data / DB_NAME)
        outcomes.append((round(delay, 2), process.returncode, catalogued, messages))
    print("kill trials (delay s, exit, catalogued at kill, start-up messages):", outcomes)


def _kill_once_writing(process: subprocess.Popen, lock: Path, delay: float) -> None:
    """SIGKILL ``delay`` seconds after the indexing run took the index's write lock."""
    wait_for(lambda: _names_a_writer(lock) or process.poll() is not None, timeout=60, step=0.005)
    time.sleep(delay)
    sigkill(process)


def _names_a_writer(lock: Path) -> bool:
    """The lock file holds a writer's pid (between writers it says "free")."""
    try:
        return lock.read_text().strip().isdigit()
    except OSError:
        return False


def _count_documents(db_path: Path) -> int | None:
    if not db_path.exists():
        return None
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    except sqlite3.Error:
        return None
    finally:
        conn.close()


# ---------------------------------------------------------------------------- (2) kill -9 mid-burst


class Burst:
    """One burst worker and what it said it did."""

    def __init__(self, data: Path, seed: int, stop_after: int) -> None:
        self.lines: list[str] = []
        self.stop_after = stop_after
        self.process = start_python(
            [str(HERE / "burst_worker.py"), str(data), str(seed)],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        acks = 0
        for line in self.process.stdout:  # read to the end: lines printed before the kill count
            self.lines.append(line.split())
            acks += self.lines[-1][:1] == ["ack"]
            if acks == self.stop_after:
                time.sleep(random.uniform(0, 0.02))  # land anywhere in the next change
                sigkill(self.process)

    def finish(self) -> None:
        assert wait_for(lambda: self.process.poll() is not None, timeout=60), "worker hung"
        sigkill(self.process)
        self.reader.join(10)
        assert self.process.stdout is not None
        self.process.stdout.close()


def test_sigkill_during_annotation_burst_keeps_every_acknowledged_change(
    tmp_path: Path, lib_folder: Path
) -> None:
    trials = []
    for n in range(5):
        data = tmp_path / f"burst-{n}"
        with Library.open(data) as library:
            library.add_folders([lib_folder])
            library.index()
            initial = {a.id: 0 for a in annotate_all(library, per_doc=1)}
        trials.append((data, initial, Burst(data, seed=n, stop_after=random.randint(5, 60))))
    results = []
    for data, initial, burst in trials:
        burst.finish()
        assert integrity_ok(data / DB_NAME)
        with Library.open(data) as library:
            present = {a.id: a for a in library.annotations()}
            expected, in_flight = _replay(burst.lines, initial)
            for annotation_id, version in expected.items():
                if in_flight and in_flight[1] == annotation_id and in_flight[0] == "delete":
                    continue  # its deletion may have been committed before the kill
                assert annotation_id in present, f"acknowledged annotation {annotation_id} lost"
                note = present[annotation_id].note
                if version:
                    got = int(note[1:])
                    assert got >= version, f"acknowledged change to {annotation_id} lost"
                    assert got == version or in_flight == ("update", annotation_id, got)
            extra = present.keys() - expected.keys()
            assert len(extra) <= 1 and (not extra or in_flight[0] == "create"), extra
            library.index()
            assert_sound(library)
            acks = sum(1 for x in burst.lines if x[0] == "ack")
            results.append((acks, len(expected), len(present), library.startup_messages))
    print("burst trials (acknowledged, expected, present, messages):", results)


def _replay(lines: list[list[str]], start: dict[int, int]) -> tuple[dict[int, int], tuple | None]:
    """What the acknowledged changes leave, and the change in flight (op, id, version)."""
    expected = dict(start)
    in_flight = None
    for words in lines:
        if len(words) != 4:
            continue  # a line cut by the kill
        kind, op, annotation_id, version = words[0], words[1], int(words[2]), int(words[3])
        if kind == "begin":
            in_flight = (op, annotation_id, version)
            continue
        in_flight = None
        if op == "delete":
            expected.pop(annotation_id, None)
        else:
            expected[annotation_id] = version
    return expected, in_flight


# ------------------------------------------------------------ (3) disk full, read-only


class FaultyConnection:
    """Wraps the Store's sqlite3 connection; raises ``error`` on writes while armed."""

    WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")

    def __init__(self, conn: sqlite3.Connection, error: Exception, on: str = "write") -> None:
        self._conn = conn
        self.error = error
        self.on = on
        self.armed = True

    def _fails(self, sql: str) -> bool:
        word = sql.lstrip().split(None, 1)[0].upper()
        return self.armed and (word in self.WRITES if self.on == "write" else word == self.on)

    def execute(self, sql: str, *args):
        if self._fails(sql):
            raise self.error
        return self._conn.execute(sql, *args)

    def executemany(self, sql: str, *args):
        if self._fails(sql):
            raise self.error
        return self._conn.executemany(sql, *args)

    def __getattr__(self, name: str):
        return getattr(self._conn, name)


def fail_writes(
    library: Library, monkeypatch: pytest.MonkeyPatch, error: Exception, on: str = "write"
) -> FaultyConnection:
    """Arm a fault on the Library's database connection (white box: through its guard)."""
    with library._db as store:
        faulty = FaultyConnection(store._conn, error, on)
        monkeypatch.setattr(store, "_conn", faulty)
    return faulty


DISK_FULL = sqlite3.OperationalError("database or disk is full")
READ_ONLY = sqlite3.OperationalError("attempt to write a readonly database")


@pytest.mark.parametrize(
    ("error", "on", "words"),
    [
        (DISK_FULL, "write", "disk is full"),
        (DISK_FULL, "COMMIT", "disk is full"),
        (READ_ONLY, "write", "read-only"),
        (sqlite3.OperationalError("disk I/O error"), "COMMIT", "input/output"),
    ],
    ids=["full-on-write", "full-on-commit", "read-only", "io-error"],
)
def test_failed_save_is_one_clear_line_and_the_library_keeps_working(
    library: Library, monkeypatch: pytest.MonkeyPatch, error: Exception, on: str, words: str
) -> None:
    before = snapshot(library)
    some = next(iter(library.annotations()))
    record = library.documents()[0]
    faulty = fail_writes(library, monkeypatch, error, on)
    for change in (
        lambda: library.annotate(record.doc_id, 0, 5, tags=[MARK]),
        lambda: library.update_annotation(some.id, note="lost?", tags=[MARK, "x"]),
        lambda: library.delete_annotation(some.id),
        lambda: library.tag_document(record.doc_id, "new-tag"),
    ):
        with pytest.raises(StoreError) as caught:
            change()
        message = str(caught.value)
        assert words in message and "\n" not in message
    faulty.armed = False  # space returns
    assert snapshot(library) == before
    assert_sound(library)
    added = library.annotate(record.doc_id, 0, 5, tags=[MARK])
    library.update_annotation(some.id, note="changed after the fault")
    assert library.annotation(added.id) is not None
    assert library.annotation(some.id).note == "changed after the fault"
    assert_sound(library)


def test_search_index_write_failure_keeps_the_saved_change(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    from whoosh.filedb.filestore import FileStorage

    record = library.documents()[0]
    original = FileStorage.create_file

    def full(self, name, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(FileStorage, "create_file", full)
    saved = library.annotate(record.doc_id, 0, 5, tags=[MARK])  # the store has room
    assert library.annotation(saved.id) is not None
    monkeypatch.setattr(FileStorage, "create_file", original)  # space returns
    library.annotate(record.doc_id, 6, 12, tags=[MARK])  # this write catches up
    assert_sound(library)


def test_export_to_a_full_or_read_only_disk_leaves_the_old_export(
    library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    output = tmp_path / "briefing.md"
    request = ExportRequest(everything=True, format="md")
    export_to_file(library, request, output)
    old = output.read_bytes()
    faults = {
        "disk full": lambda *a, **k: (_ for _ in ()).throw(OSError(errno.ENOSPC, "full")),
        "permission denied": lambda *a, **k: (_ for _ in ()).throw(OSError(errno.EROFS, "ro")),
    }
    library.annotate(library.documents()[0].doc_id, 0, 5, note="newer", tags=[MARK])
    with monkeypatch.context() as patch:
        patch.setattr(atomic.os, "fsync", faults["disk full"])
        with pytest.raises(ExportError) as caught:
            export_to_file(library, request, output)
        assert "disk is full" in str(caught.value) and "\n" not in str(caught.value)
    with monkeypatch.context() as patch:
        patch.setattr(atomic, "_create_temporary", faults["permission denied"])
        with pytest.raises(ExportError) as caught:
            export_to_file(library, request, output)
        assert "permission denied" in str(caught.value)
    assert output.read_bytes() == old
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".briefing")) == []
    export_to_file(library, request, output)  # space returns
    assert "newer" in output.read_text(encoding="utf-8")
    assert_sound(library)


def test_backup_failure_at_start_up_is_a_message_not_a_failure(
    library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library.close()
    data = tmp_path / "data"
    with Library.open(data, always_backup=True) as first:
        assert first.backups()
    backups = {p: p.read_bytes() for p in recovery.backups(data)}
    real_replace = os.replace

    def replace(src, dst, *args, **kwargs):
        if "backups" in str(dst):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    with Library.open(data, always_backup=True) as again:
        assert any("Could not back up" in m for m in again.startup_messages)
        monkeypatch.setattr(os, "replace", real_replace)
        assert_sound(again)
    assert {p: p.read_bytes() for p in recovery.backups(data)} == backups
    assert not list((data / "backups").glob("*.part"))


def test_text_cache_failure_does_not_stop_indexing(
    tmp_path: Path, lib_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(self, items):
        raise sqlite3.OperationalError("database or disk is full")

    with Library.open(tmp_path / "data") as library:
        with monkeypatch.context() as patch:
            patch.setattr(TextCache, "put_many", full)
            try:
                report = library.index([lib_folder])
            except UserError as error:  # a clear line is acceptable too
                assert "\n" not in str(error)
            else:
                assert report.added == 8
        library.index([lib_folder])
        assert doc_hits(library, "zq3x") == 1
        annotate_all(library, per_doc=1)
        assert_sound(library)


def test_catalog_write_failure_while_indexing_is_one_line_and_retry_works(
    tmp_path: Path, lib_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Library.open(tmp_path / "data") as library:
        faulty = fail_writes(library, monkeypatch, DISK_FULL)
        with pytest.raises(UserError) as caught:
            library.index([lib_folder])
        assert "disk is full" in str(caught.value) and "\n" not in str(caught.value)
        faulty.armed = False
        assert library.index([lib_folder]).added == 8
        annotate_all(library, per_doc=1)
        assert_sound(library)


# ---------------------------------------------------------------------------- (4) damaged database


def _library_with_backup(tmp_path: Path, lib_folder: Path) -> tuple[Path, dict, Path]:
    """A data dir whose newest good backup holds ``at_backup``; later changes are not in it."""
    data = tmp_path / "data"
    with Library.open(data) as library:
        library.add_folders([lib_folder])
        library.index()
        annotate_all(library)
    with Library.open(data, always_backup=True) as library:
        at_backup = snapshot(library)
        annotate_all(library, per_doc=1, note="after the backup")
    good = recovery.backups(data)[-1]
    # a newer backup that is itself damaged: it must be passed over
    (data / "backups" / "briefreader-20991231-235959-000000.sqlite3").write_bytes(os.urandom(9000))
    return data, at_backup, good


def _damage(db_path: Path, how: str) -> None:
    for suffix in ("-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    data = db_path.read_bytes()
    if how == "garbage":
        db_path.write_bytes(os.urandom(len(data)))
    elif how == "empty":
        db_path.write_bytes(b"")
    elif how == "half":
        db_path.write_bytes(data[: len(data) // 2])
    elif how == "last-page-cut":
        db_path.write_bytes(data[:-100])
    elif how == "pages-overwritten":  # the header is fine: only the integrity check sees it
        page = int.from_bytes(data[16:18], "big")
        middle = (len(data) // page // 2) * page
        db_path.write_bytes(data[:middle] + os.urandom(page * 3) + data[middle + page * 3 :])


DAMAGE = ("garbage", "empty", "half", "last-page-cut", "pages-overwritten")


@pytest.mark.parametrize("how", DAMAGE)
def test_damaged_database_is_refused_naming_the_latest_good_backup(
    tmp_path: Path, lib_folder: Path, capsys, how: str
) -> None:
    data, at_backup, good = _library_with_backup(tmp_path, lib_folder)
    _damage(data / DB_NAME, how)
    with pytest.raises(LibraryError) as caught:
        Library.open(data, always_backup=True)
    message = str(caught.value)
    assert "damaged" in message and str(good) in message and "\n" not in message
    assert recovery.latest_good_backup(data) == good
    offer = recovery.restore_offer(data)  # what the window offers to restore
    assert offer is not None and offer.backup == good and offer.problem
    backups_before = recovery.backups(data)

    # the CLI: a command says the same (the hourly check may not have run: then it works
    # or fails on the damaged pages); backups lists them; restore-backup restores
    code = cli.main(["--data-dir", str(data), "docs"])
    err = capsys.readouterr().err
    if how != "pages-overwritten":
        assert code == cli.EXIT_ERROR and str(good) in err
    assert code == cli.EXIT_OK or err.count("\n") == 1
    assert cli.main(["--data-dir", str(data), "backups"]) == cli.EXIT_OK
    listing = capsys.readouterr().out
    assert f"latest good backup: {good}" in listing
    assert all(str(p) in listing for p in backups_before)
    assert cli.main(["--data-dir", str(data), "restore-backup", str(good)]) == cli.EXIT_OK
    capsys.readouterr()
    assert recovery.backups(data) == backups_before  # nothing rotated out
    assert list(data.glob("briefreader.before-restore-*")), "the damaged file is kept aside"

    with Library.open(data) as library:
        assert snapshot(library) == at_backup
        library.index()
        assert_sound(library)


def test_restore_backup_on_an_open_library_rebuilds_the_index(
    tmp_path: Path, lib_folder: Path
) -> None:
    data, at_backup, good = _library_with_backup(tmp_path, lib_folder)
    with Library.open(data) as library:
        assert len(library.annotations()) > len(at_backup)
        library.restore_backup(good)
        assert snapshot(library) == at_backup
        library.index()
        assert_sound(library)


def test_missing_database_beside_backups_starts_empty_and_keeps_the_backups(
    tmp_path: Path, lib_folder: Path
) -> None:
    data, at_backup, good = _library_with_backup(tmp_path, lib_folder)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{data / DB_NAME}{suffix}").unlink(missing_ok=True)
    backups = recovery.backups(data)
    for _ in range(6):  # more starts than backups kept: none may be rotated out
        with Library.open(data, always_backup=True) as library:
            assert library.annotations() == []
            assert any(str(good) in m for m in library.startup_messages)
    assert set(backups) <= set(recovery.backups(data))
    recovery.restore(data, good)
    with Library.open(data) as library:
        assert snapshot(library) == at_backup


# ---------------------------------------------------------------------------- (4b) damaged index


def _index_files(data: Path) -> list[Path]:
    return sorted(p for p in (data / "index").iterdir() if p.is_file())


def _damage_index(data: Path, how: str) -> None:
    files = _index_files(data)
    segments = [p for p in files if p.name.startswith("MAIN_") and p.suffix != ".toc"]
    toc = next(p for p in files if p.suffix == ".toc")
    if how == "segments-deleted":
        for path in segments[::2]:
            path.unlink()
    elif how == "toc-truncated":
        toc.write_bytes(toc.read_bytes()[: toc.stat().st_size // 2])
    elif how == "toc-deleted":
        toc.unlink()
    elif how in ("segment-garbage", "length-columns-garbage"):
        ends = (".trm", ".pst", "_stored.col") if how == "segment-garbage" else ("_len.col",)
        for path in segments:
            if path.name.endswith(ends):
                path.write_bytes(os.urandom(max(64, path.stat().st_size)))
    elif how == "marker-deleted":
        (data / "index" / "briefreader-index.json").unlink()
    elif how == "stale-lock":
        (data / "index" / "MAIN_WRITELOCK").write_bytes(b"")
    elif how == "index-dir-gone":
        shutil.rmtree(data / "index")
    elif how == "index-is-a-file":
        shutil.rmtree(data / "index")
        (data / "index").write_bytes(b"not a folder")


INDEX_DAMAGE = (
    "segments-deleted",
    "toc-truncated",
    "toc-deleted",
    "segment-garbage",
    "length-columns-garbage",  # only scores suffer: no rebuild needed
    "marker-deleted",
    "stale-lock",
    "index-dir-gone",
    "index-is-a-file",
)


@pytest.mark.parametrize("how", INDEX_DAMAGE)
def test_damaged_index_is_rebuilt_and_annotations_are_intact(
    tmp_path: Path, lib_folder: Path, how: str
) -> None:
    data = tmp_path / "data"
    with Library.open(data) as library:
        library.add_folders([lib_folder])
        library.index()
        annotate_all(library)
        gone = lib_folder / "sub-1" / "brief-0001.md"  # its annotations stay, orphaned
        gone.unlink()
        library.index()
        before = snapshot(library)
    _damage_index(data, how)
    try:
        library = Library.open(data)
    except LibraryError as error:  # only acceptable for a path we cannot fix ourselves
        assert how == "index-is-a-file" and "\n" not in str(error)
        return
    with library:
        if how != "length-columns-garbage":
            assert library.startup_messages, "the rebuild is reported"
        assert snapshot(library) == before
        assert "internal error" not in (library.search("zq2x").message or "")
        library.index()
        assert doc_hits(library, "zq2x") == 1
        assert_sound(library)
        assert marked_hits(library) == len(before)  # the orphaned ones too


# ------------------------------------------------------------ (5) files change under a library


def test_files_deleted_moved_and_edited_between_runs(tmp_path: Path, lib_folder: Path) -> None:
    with Library.open(tmp_path / "data") as library:
        library.add_folders([lib_folder])
        library.index()
        annotate_all(library, per_doc=1)
        by_name = {Path(r.path).name: r for r in library.documents()}
        deleted, moved, edited, gutted = (lib_folder / "sub-0" / "brief-0000.md",
                                          lib_folder / "sub-1" / "brief-0001.md",
                                          lib_folder / "sub-2" / "brief-0002.md",
                                          lib_folder / "sub-3" / "brief-0003.md")  # fmt: skip
        deleted.unlink()
        target = lib_folder / "elsewhere" / "renamed.md"
        target.parent.mkdir()
        moved.rename(target)
        body = edited.read_text(encoding="utf-8")
        edited.write_text(body.replace("# Brief 2", f"{prose(50)}\n\n# Brief 2"), encoding="utf-8")
        gutted.write_text("# Brief 3\n\nEverything else was rewritten.\n", encoding="utf-8")
        (lib_folder / "new.md").write_text("# New\n\nFresh zqnewx text.\n", encoding="utf-8")

        report = library.index()
        assert not report.skipped
        assert (report.added, report.moved, report.updated, report.removed) == (1, 1, 2, 1)
        gone = library.record(by_name["brief-0000.md"].doc_id)
        assert gone is not None and gone.missing
        assert library.record(by_name["brief-0001.md"].doc_id).path == str(target.resolve())
        statuses = {
            name: {a.status for a in library.annotations(doc_id=by_name[name].doc_id)}
            for name in ("brief-0000.md", "brief-0001.md", "brief-0002.md", "brief-0003.md")
        }
        assert statuses["brief-0000.md"] == {AnchorStatus.ORPHANED}
        assert statuses["brief-0001.md"] == {AnchorStatus.ANCHORED}
        assert statuses["brief-0002.md"] == {AnchorStatus.MOVED}
        assert statuses["brief-0003.md"] <= {AnchorStatus.ORPHANED, AnchorStatus.FUZZY}
        assert doc_hits(library, "zqnewx") == 1
        assert doc_hits(library, "zq0x") == 0 and library.search("zq0x").total == 1
        assert len(library.annotations()) == 8
        assert_sound(library)


def test_file_deleted_while_an_index_run_reads_the_folder(tmp_path: Path, lib_folder: Path) -> None:
    victims = sorted(lib_folder.rglob("*.md"))[-3:]

    def progress(done: int, total: int, path: str) -> None:
        if done == 0:
            for victim in victims:
                victim.unlink()

    with Library.open(tmp_path / "data") as library:
        report = library.index([lib_folder], progress=progress)
        assert sorted(p.path for p in report.skipped) == sorted(str(v.resolve()) for v in victims)
        assert all("\n" not in p.reason for p in report.skipped)
        assert report.added == 5
        again = library.index()
        assert not again.skipped and len(library.documents()) == 5


# ---------------------------------------------------------------------------- (6) two writers


def test_two_libraries_in_one_process_index_and_annotate_together(
    tmp_path: Path, lib_folder: Path
) -> None:
    data = tmp_path / "data"
    extra = tmp_path / "extra"
    write_corpus(extra, 30, start=100)
    with Library.open(data) as window:
        window.index([lib_folder])
        errors: list[BaseException] = []

        def cli_run() -> None:
            try:
                with Library.open(data) as other:
                    other.index([extra])
            except BaseException as error:
                error.add_note(traceback.format_exc())
                errors.append(error)

        thread = threading.Thread(target=cli_run)
        thread.start()
        made = 0
        while thread.is_alive() or made < 5:
            annotate_all(window, per_doc=1, note=f"round {made}", folder=lib_folder)
            assert window.search("zq3x").message is None
            made += 1
        thread.join(60)
        assert all(isinstance(e, UserError) for e in errors), [e.__notes__ for e in errors]
        window.index([lib_folder, extra])
        assert len(window.documents()) == 38
        assert doc_hits(window, "zq120x") == 1
        assert len(window.annotations()) == 8 * made
        assert_sound(window)


def test_cli_indexes_while_the_window_annotates(tmp_path: Path, lib_folder: Path) -> None:
    data = tmp_path / "data"
    extra = tmp_path / "extra"
    write_corpus(extra, 120, start=200)
    with Library.open(data) as window:
        window.index([lib_folder])
        args = ["-m", "briefreader", "--data-dir", str(data), "index", str(extra), "--quiet"]
        process = start_python(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        rounds = 0
        while process.poll() is None or rounds < 2:
            annotate_all(window, per_doc=1, note=f"round {rounds}", folder=lib_folder)
            assert "internal error" not in (window.search("zq5x").message or "")
            rounds += 1
        _out, err = process.communicate(timeout=120)
        if process.returncode != 0:  # the second writer may be told to retry: one clear line
            lines = [x for x in err.splitlines() if x.startswith("briefreader:")]
            assert len(lines) == 1, err
        assert len(window.annotations()) == 8 * rounds
        window.index([lib_folder, extra])
        assert len(window.documents()) == 128
        assert doc_hits(window, "zq250x") == 1
        assert_sound(window)
    assert integrity_ok(data / DB_NAME)
    print(f"cli exit {process.returncode}; window made {rounds} rounds of annotations meanwhile")


def test_opening_while_another_library_commits_never_wipes_its_index(
    tmp_path: Path, lib_folder: Path
) -> None:
    """A second Library (the CLI) starting while the window commits must not take the
    window's lock file for a dead writer's, nor a segment replaced meanwhile for damage."""
    data = tmp_path / "data"
    with Library.open(data) as window:
        window.add_folders([lib_folder])
        window.index()
        docs = [r.doc_id for r in window.documents()]
        stop = threading.Event()
        made: list[int] = []

        def annotate() -> None:
            while not stop.is_set():
                made.append(window.annotate(docs[len(made) % 8], 0, 5, tags=[MARK]).id)

        thread = threading.Thread(target=annotate)
        thread.start()
        problems: list[str] = []
        try:
            deadline = time.monotonic() + 2.0
            while time.monotonic() < deadline:
                try:
                    with Library.open(data) as other:
                        problems += [m for m in other.startup_messages if "rebuild" in m]
                        message = other.search(f"tag:{MARK}").message or ""
                        if "internal error" in message:
                            problems.append(message)
                except UserError as error:  # "busy": a clear line is acceptable
                    assert "\n" not in str(error)
        finally:
            stop.set()
            thread.join(30)
        assert problems == []
        assert made
        assert_sound(window)


def test_a_live_writers_lock_file_between_two_commits_is_not_taken_for_stale(
    library: Library, tmp_path: Path
) -> None:
    """The instant between a commit and the next one: the lock file names a live process."""
    before = marked_hits(library)
    (tmp_path / "data" / "index" / "MAIN_WRITELOCK").write_text(str(os.getpid()))
    with Library.open(tmp_path / "data") as other:
        assert not [m for m in other.startup_messages if "rebuild" in m]
        assert marked_hits(other) == before
    assert marked_hits(library) == before


STOPPED_BETWEEN_SAVE_AND_JOURNAL = """
import os, sys
from pathlib import Path
from briefreader.core.library import DB_NAME, Library
from briefreader.core.store import Store

library = Library.open(Path(sys.argv[1]))
ids = sorted(a.id for a in library.annotations())
# The store holds these changes; the process dies before it notes them for the index.
store = Store(Path(sys.argv[1]) / DB_NAME)
store.delete_annotation(ids[0])
store.update_annotation(ids[1], note="zqafterkill")
os._exit(0)
"""


def test_a_process_stopped_between_saving_and_journalling_leaves_no_stale_entry(
    library: Library, tmp_path: Path
) -> None:
    """Killed after a change was saved but before it was noted for the index: the next
    Library sees the process ended without closing and rewrites every annotation entry."""
    data = library.data_dir
    before = sorted(a.id for a in library.annotations())
    library.close()
    process = start_python(["-c", STOPPED_BETWEEN_SAVE_AND_JOURNAL, str(data)])
    assert process.wait(60) == 0
    with Library.open(data) as reopened:
        assert sorted(a.id for a in reopened.annotations()) == before[1:]
        assert marked_hits(reopened) == len(before) - 1  # no entry of the deleted one
        assert reopened.search("zqafterkill").total == 1  # the saved note is searchable
        assert_sound(reopened)
    with Library.open(data) as again:  # closed cleanly: nothing to redo
        assert not list((data / "journal").glob("pending-*.json"))
        assert again.flush_index()


def test_the_session_marker_outlives_an_index_rebuild(library: Library) -> None:
    markers = list((library.data_dir / "journal").glob("session-*"))
    assert len(markers) == 1
    for toc in (library.data_dir / "index").glob("*.toc"):
        toc.unlink()
    with Library.open(library.data_dir) as other:  # the damaged index is wiped and made anew
        assert [m for m in other.startup_messages if "rebuild" in m.lower()]
    doc_id = library.documents()[0].doc_id
    library.annotate(doc_id, 0, 5, note="after the rebuild")
    assert markers[0].exists()  # a kill from here on is still noticed by the next Library
