"""kill -9 during export, import, backup and restore: nothing half-written shows, the
database stays sound, the previous export file stays whole, an import is all or none."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from briefreader.core.export.exporting import import_file
from briefreader.core.library import DB_NAME, Library
from briefreader.core.store import list_backups
from briefreader.core.store.backups import check_backup

from .helpers import prose, sigkill, start_python, write_corpus

pytestmark = pytest.mark.slow  # subprocesses killed at many moments

DOCUMENTS, ANNOTATIONS, MORE = 30, 2000, 1000
FRACTIONS = (0.3, 0.5, 0.65, 0.8, 0.9, 0.97)  # of the operation's measured run time


def _import_file(path: Path, folder: Path, first: int, count: int) -> Path:
    """``count`` annotations on the corpus documents, each with a 2 KB note."""
    files = sorted(folder.rglob("brief-*.md"))
    items: list[dict[str, Any]] = []
    for n in range(first, first + count):
        doc = files[n % len(files)]
        number = int(doc.stem.split("-")[1])
        items.append(
            {
                "type": "Annotation",
                "id": f"urn:uuid:00000000-0000-4000-8000-{n:012d}",
                "bodyValue": f"note {n}: {prose(300, n)}",
                "target": {
                    "source": doc.resolve().as_uri(),
                    "selector": {"type": "TextQuoteSelector", "exact": f"Marker zq{number}x."},
                },
            }
        )
    page = {"type": "AnnotationPage", "items": items}
    path.write_text(json.dumps({"type": "AnnotationCollection", "first": page}), "utf-8")
    return path


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A library folder and a data dir holding ANNOTATIONS annotations (about 5 MB)."""
    root = tmp_path_factory.mktemp("kills")
    folder, data = root / "lib", root / "data"
    write_corpus(folder, DOCUMENTS)
    with Library.open(data) as library:
        library.index([folder])
        assert import_file(library, _import_file(root / "a.json", folder, 0, ANNOTATIONS)).created
    return folder, data


def _copy(data: Path, to: Path) -> Path:
    shutil.copytree(data, to)
    return to


def _delays(args: list[str], data: Path, scratch: Path) -> list[float]:
    """Kill moments spread over a run of the command, measured once on a copy of ``data``
    (``args`` name the data dir as ``{data}``): most of the run is the operation itself."""
    trial = _copy(data, scratch)
    started = time.monotonic()
    process = start_python(
        ["-m", "briefreader", *(a.replace("{data}", str(trial)) for a in args)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    process.wait(timeout=300)
    took = time.monotonic() - started
    shutil.rmtree(trial)
    return [took * fraction for fraction in FRACTIONS]


def _run_and_kill(args: list[str], delay: float) -> int | None:
    process = start_python(
        ["-m", "briefreader", *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    time.sleep(delay)
    finished = process.poll()
    sigkill(process)
    return finished


def _sound(db: Path) -> int:
    """The database passes SQLite's integrity check; its annotation count."""
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        return int(conn.execute("SELECT count(*) FROM annotations").fetchone()[0])
    finally:
        conn.close()


def test_kill_during_export_keeps_the_previous_file(
    base: tuple[Path, Path], tmp_path: Path
) -> None:
    _folder, data = base
    outcomes = []
    command = ["--data-dir", "{data}", "export", "--all", "--format", "json", "-o"]
    delays = _delays([*command, str(tmp_path / "timed.json")], data, tmp_path / "timing")
    for n, delay in enumerate(delays):
        trial = _copy(data, tmp_path / f"data-{n}")
        out = tmp_path / f"export-{n}.json"
        out.write_bytes(b'{"previous": "export"}')
        args = ["--data-dir", str(trial), "export", "--all", "--format", "json", "-o", str(out)]
        finished = _run_and_kill(args, delay)
        written = json.loads(out.read_bytes())  # whole: the old file or the new one
        new = written != {"previous": "export"}
        if new:
            assert written["total"] == ANNOTATIONS
        leftovers = [p.name for p in tmp_path.glob(f".export-{n}.json.*.tmp")]
        assert _sound(trial / DB_NAME) == ANNOTATIONS
        outcomes.append((round(delay, 2), finished, "new" if new else "old", len(leftovers)))
    print("export kills (delay, exit code before the kill, file, temporaries):", outcomes)


def test_kill_during_import_imports_all_or_nothing(base: tuple[Path, Path], tmp_path: Path) -> None:
    folder, data = base
    extra = _import_file(tmp_path / "more.json", folder, ANNOTATIONS, MORE)
    outcomes = []
    delays = _delays(["--data-dir", "{data}", "import", str(extra)], data, tmp_path / "timing")
    retried = False
    for n, delay in enumerate(delays):
        trial = _copy(data, tmp_path / f"data-{n}")
        finished = _run_and_kill(["--data-dir", str(trial), "import", str(extra)], delay)
        count = _sound(trial / DB_NAME)
        assert count in (ANNOTATIONS, ANNOTATIONS + MORE), count
        if count == ANNOTATIONS and not retried:  # a retry completes it
            with Library.open(trial) as library:
                assert import_file(library, extra).created == MORE
                assert library.search("zq3x").total >= 1
            retried = True
        outcomes.append((round(delay, 2), finished, count - ANNOTATIONS))
    print("import kills (delay, exit code before the kill, imported):", outcomes)


def test_kill_during_backup_lists_only_sound_backups(
    base: tuple[Path, Path], tmp_path: Path
) -> None:
    _folder, data = base
    outcomes = []
    without = _copy(data, tmp_path / "without-backups")
    shutil.rmtree(without / "backups")
    delays = _delays(["--data-dir", "{data}", "docs"], without, tmp_path / "timing")
    for n, delay in enumerate(delays):
        trial = _copy(data, tmp_path / f"data-{n}")
        shutil.rmtree(trial / "backups")  # the next command backs up at start-up
        finished = _run_and_kill(["--data-dir", str(trial), "docs"], delay)
        backups = list_backups(trial / "backups")
        for backup in backups:
            check_backup(backup)  # StoreError if half-written
        partial = sorted(p.name for p in (trial / "backups").glob("*.part"))
        assert _sound(trial / DB_NAME) == ANNOTATIONS
        outcomes.append((round(delay, 2), finished, len(backups), len(partial)))
    print("backup kills (delay, exit code before the kill, backups, partial files):", outcomes)


def test_kill_during_restore_leaves_one_whole_database(
    base: tuple[Path, Path], tmp_path: Path
) -> None:
    folder, data = base
    with Library.open(_copy(data, tmp_path / "older")) as older:  # a backup that differs
        older.delete_annotation(older.annotations()[0].id)
        backup = older.backups()[-1]
        shutil.copyfile(backup, tmp_path / "chosen.sqlite3")
    chosen = tmp_path / "chosen.sqlite3"
    restored_count = _sound(chosen)
    outcomes = []
    delays = _delays(["--data-dir", "{data}", "restore-backup", str(chosen)], data, tmp_path / "t")
    for n, delay in enumerate(delays):
        trial = _copy(data, tmp_path / f"data-{n}")
        with Library.open(trial) as library:  # one more annotation than the backup holds
            record = library.documents()[0]
            library.annotate_quote(record.doc_id, "Marker", note="made after the backup")
        before = _sound(trial / DB_NAME)
        args = ["--data-dir", str(trial), "restore-backup", str(chosen)]
        finished = _run_and_kill(args, delay)
        count = _sound(trial / DB_NAME)
        assert count in (before, restored_count), (count, before, restored_count)
        with Library.open(trial) as library:
            assert len(library.annotations()) == count
            library.index([folder])
        outcomes.append(
            (round(delay, 2), finished, "restored" if count == restored_count else "kept")
        )
    print("restore kills (delay, exit code before the kill, database):", outcomes)
