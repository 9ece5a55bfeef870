"""A real full disk, a read-only data dir, files a normal user may not read, and a library of
50,000 tiny files: each handled with a clear line, nothing acknowledged lost.

Mounts need root (or a user namespace: ``unshare --user --mount``); permissions need a
normal user (as root the check runs in a child process switched to ``nobody``). Where
neither is to be had the test is skipped, saying why.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefreader import cli
from briefreader.core.errors import LibraryError
from briefreader.core.library import DB_NAME, Library

from .helpers import REPO, python_env, write_corpus

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform != "linux", reason="Linux mounts and permissions"),
]

ROOT = os.geteuid() == 0
NOBODY = 65534
HERE = Path(__file__).resolve().parent


def _run(command: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        command, capture_output=True, text=True, timeout=280, env=python_env(), **kwargs
    )


@contextlib.contextmanager
def _mounted(*args: str) -> Iterator[None]:
    """``mount ARGS`` for the block (as root), or skip when mounting is not allowed here."""
    done = subprocess.run(["mount", *args], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount here: {done.stderr.strip()}")
    try:
        yield
    finally:
        subprocess.run(["umount", args[-1]], check=False)


# ---------------------------------------------------------------------------- a full disk


@pytest.mark.timeout(300)
def test_a_small_real_disk_filling_up_loses_nothing(tmp_path: Path) -> None:
    mount, folder = tmp_path / "mnt", tmp_path / "lib"
    mount.mkdir()
    write_corpus(folder, 5)
    script = [sys.executable, str(HERE / "full_disk.py"), str(mount), str(folder)]
    if ROOT:
        with _mounted("-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)):
            done = _run(script, cwd=REPO)
    elif shutil.which("unshare"):
        inner = 'mount -t tmpfs -o size=2m tmpfs "$1" && shift && exec "$@"'
        done = _run(["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", inner,
                     "sh", str(mount), *script], cwd=REPO)  # fmt: skip
        if done.returncode != 0 and "mount" in done.stderr.lower() and not done.stdout:
            pytest.skip(f"no user namespace to mount a tmpfs in: {done.stderr.strip()}")
    else:
        pytest.skip("needs root or unshare(1) to mount a small tmpfs")
    assert done.returncode == 0, done.stderr
    outcome = json.loads(done.stdout)
    assert outcome["all_kept"] and outcome["acknowledged"] > 5, outcome
    assert outcome["integrity"] == [["ok"]]
    assert len(outcome["errors"]) == 2
    for error in outcome["errors"]:
        assert error.startswith("the disk is full; free some space and try again") and (
            "\n" not in error
        )
    assert outcome["searched"] >= 1  # searching still works on the full disk
    assert (
        outcome["exported"].startswith("Cannot write")
        and "the disk is full" in (outcome["exported"])
    )
    assert outcome["export_left"] is False  # no half-written file


# ---------------------------------------------------------------------------- read-only


@pytest.fixture
def indexed(tmp_path: Path) -> tuple[Path, Path]:
    folder, data = tmp_path / "lib", tmp_path / "data"
    write_corpus(folder, 4)
    with Library.open(data) as library:
        library.add_folders([folder])
        library.index()
    return folder, data


@contextlib.contextmanager
def _read_only(path: Path) -> Iterator[None]:
    """``path`` (a folder or a file) read-only: a read-only bind mount as root (root
    ignores permissions), its permission bits otherwise."""
    if ROOT:
        with _mounted("--bind", str(path), str(path)):
            done = subprocess.run(
                ["mount", "-o", "remount,ro,bind", str(path)], capture_output=True, text=True
            )
            if done.returncode != 0:
                pytest.skip(f"cannot remount read-only: {done.stderr.strip()}")
            yield
        return
    mode = path.stat().st_mode
    path.chmod(0o555 if path.is_dir() else 0o444)
    try:
        yield
    finally:
        path.chmod(mode)


def _cli(data: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(["--data-dir", str(data), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_a_read_only_data_dir_is_refused_in_one_line(
    indexed: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    folder, data = indexed
    with _read_only(data):
        for command in (["search", "zq1x"], ["docs"], ["index"], ["note", str(folder), "x"]):
            code, out, err = _cli(data, capsys, *command)
            assert code == cli.EXIT_ERROR and out == "", command
            assert err.strip() == (
                f"briefreader: the data dir is not writable: {data} (BriefReader keeps your "
                "database there; make it writable, or choose another with --data-dir)"
            )
        code, out, _err = _cli(data, capsys, "backups")  # works without writing
        assert code == cli.EXIT_OK and "1 backup(s)" in out
        with pytest.raises(LibraryError, match="data dir is not writable"):
            Library.open(data)
    with Library.open(data) as library:  # writable again: all there
        assert len(library.documents()) == 4


def test_a_read_only_database_file_still_searches_and_refuses_changes(
    indexed: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    folder, data = indexed
    doc = next(folder.rglob("brief-0001.md"))
    with Library.open(data):  # checkpointed: the file holds everything
        pass
    with _read_only(data / DB_NAME):
        code, out, _err = _cli(data, capsys, "search", "zq1x")
        assert code == cli.EXIT_OK and out.startswith("1 result(s)")
        code, out, err = _cli(data, capsys, "note", str(doc), "a note")
        assert code == cli.EXIT_ERROR and out == ""
        assert (
            err.strip()
            .splitlines()[-1]
            .startswith("briefreader: the database file is read-only; check its permissions")
        )


def test_a_read_only_index_folder_is_one_line_and_changes_are_kept(
    indexed: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    folder, data = indexed
    doc = next(folder.rglob("brief-0002.md"))
    doc.write_text(doc.read_text(encoding="utf-8") + "\nEdited zqedited.\n", encoding="utf-8")
    with _read_only(data / "index"):
        code, out, err = _cli(data, capsys, "index")
        assert code == cli.EXIT_ERROR and out == ""
        assert err.strip().startswith("briefreader: the library could not be indexed: ")
        assert "read-only" in err or "permission denied" in err
        assert len(err.strip().splitlines()) == 1
        command = ["annotate", str(doc), "--quote", "Marker", "--note", "zqnote"]
        code, out, err = _cli(data, capsys, *command)
        assert code == cli.EXIT_OK, err  # saved: the index gets it later
    code, out, _err = _cli(data, capsys, "index")
    assert code == cli.EXIT_OK and "1 updated" in out
    for word in ("zqedited", "zqnote"):  # the edit and the highlight, both searchable now
        code, out, _err = _cli(data, capsys, "search", word)
        assert out.startswith("1 result(s)"), (word, out)


# ---------------------------------------------------------------------------- permissions


def _index_as_normal_user(data: Path, folder: Path, out: Path) -> int:
    """``briefreader index`` as user ``nobody`` (root reads any file): in a forked child,
    since ``nobody`` may not run this interpreter; what it would import lazily is imported
    first by indexing a small library here."""
    with Library.open(out.parent / "warm-up") as library:
        library.index([folder])
    child = os.fork()
    if child == 0:  # pragma: no cover - the child
        code = 99
        try:
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            with out.open("w", encoding="utf-8") as stream, contextlib.redirect_stdout(stream):
                code = cli.main(["--data-dir", str(data), "index", str(folder), "--quiet"])
        finally:
            os._exit(code)
    return os.waitstatus_to_exitcode(os.waitpid(child, 0)[1])


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A folder a normal user may enter (pytest's own are private to their owner)."""
    path = Path(tempfile.mkdtemp(prefix="briefreader-perm-"))
    path.chmod(0o777)
    try:
        yield path
    finally:
        for child in path.rglob("*"):
            with contextlib.suppress(OSError):
                child.chmod(0o777 if child.is_dir() else 0o666)
        shutil.rmtree(path, ignore_errors=True)


def test_files_without_read_permission_are_skipped_with_a_reason(shared_dir: Path) -> None:
    folder, data = shared_dir / "lib", shared_dir / "data"
    write_corpus(folder, 3)
    secret = folder / "secret.md"
    secret.write_text("# Secret\n\nNot for you.\n", encoding="utf-8")
    locked = folder / "locked"
    locked.mkdir()
    (locked / "inside.md").write_text("# Inside\n\nLocked away.\n", encoding="utf-8")
    data.mkdir()
    for path in [folder, *folder.rglob("*")]:
        path.chmod(0o777 if path.is_dir() else 0o644)
    data.chmod(0o777)
    secret.chmod(0o000)
    locked.chmod(0o000)
    if ROOT:
        out = shared_dir / "out.txt"
        assert _index_as_normal_user(data, folder, out) == 0
        lines = out.read_text(encoding="utf-8").splitlines()
    else:
        command = [sys.executable, "-m", "briefreader", "--data-dir", str(data), "index"]
        done = _run([*command, str(folder)], cwd=REPO)
        assert done.returncode == 0, done.stderr
        lines = done.stdout.splitlines()
    assert lines[0].startswith("3 added,") and "2 skipped" in lines[0], lines
    assert f"skipped: {secret}: cannot read file: Permission denied" in lines
    assert f"skipped: {locked}: cannot list the folder: Permission denied" in lines


# ---------------------------------------------------------------------------- 50,000 files

_PEAK = """
import resource, subprocess, sys, time
started = time.monotonic()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
took = time.monotonic() - started
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(done.returncode, round(took, 1), peak // 1024, done.stdout.splitlines()[0], sep="|")
"""


@pytest.mark.timeout(1200)  # measured 37-61 s (index) and 1 s (rescan), 2 shared cores
def test_fifty_thousand_tiny_files_index_in_bounded_memory(tmp_path: Path) -> None:
    folder, data = tmp_path / "lib", tmp_path / "data"
    for n in range(50_000):
        sub = folder / f"d{n // 1000:02d}"
        if n % 1000 == 0:
            sub.mkdir(parents=True)
        (sub / f"n{n:05d}.txt").write_text(f"Note {n}: the tariff zq{n}x review.\n")
    index = [sys.executable, "-m", "briefreader", "--data-dir", str(data), "index", str(folder)]
    figures = []
    for _run_number in range(2):  # the first indexes all; the second finds all unchanged
        done = _run([sys.executable, "-c", _PEAK, *index, "--quiet"], cwd=REPO)
        code, took, peak_mb, report = done.stdout.strip().split("|")
        assert code == "0", done.stderr
        figures.append((report, f"{took} s", f"peak RSS {peak_mb} MB"))
        assert int(peak_mb) < 1500, figures  # bounded: far below 50,000 documents in memory
    assert figures[0][0].startswith("50000 added,") and figures[1][0].startswith("0 added,")
    assert "50000 unchanged" in figures[1][0]
    with Library.open(data) as library:
        assert library.search("zq49999x").total == 1
    print("50,000 tiny files (index, then rescan):", figures)
