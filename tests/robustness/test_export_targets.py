"""Export targets: an export never replaces the user's data, a document, or a special file."""

from __future__ import annotations

import os
import socket
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefreader.core.errors import ExportError
from briefreader.core.export.atomic import writable_target
from briefreader.core.export.exporting import ExportRequest, export_to_file
from briefreader.core.library import DB_NAME, Library

from .helpers import python_env

pytestmark = pytest.mark.slow  # fault injection, subprocesses, big inputs

EVERYTHING = ExportRequest(everything=True, format="json")


@pytest.fixture
def annotated(tmp_path: Path) -> Iterator[Library]:
    folder = tmp_path / "briefings"
    folder.mkdir()
    (folder / "brief.md").write_text("# Brief\n\nThe Entity List grew again.\n", encoding="utf-8")
    with Library.open(tmp_path / "data") as library:
        library.index([folder])
        doc_id = library.documents()[0].doc_id
        library.annotate_quote(doc_id, "Entity List", note="check the rule")
        yield library


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.suffix != ".lock"
    }


@pytest.mark.parametrize(
    "inside",
    [
        DB_NAME,
        f"{DB_NAME}-wal",
        f"{DB_NAME}-shm",
        "backups/briefreader-latest.sqlite3",
        "index/MAIN_WRITELOCK",
        "index/new-export.json",
        "cache/texts.sqlite3",
        "journal/pending.json",
        "export-beside-the-database.json",
    ],
)
def test_an_export_into_the_data_dir_is_refused(annotated: Library, inside: str) -> None:
    database = annotated.data_dir / DB_NAME
    before = database.read_bytes()
    with pytest.raises(ExportError, match="data folder"):
        export_to_file(annotated, EVERYTHING, annotated.data_dir / inside)
    assert database.read_bytes() == before
    assert len(annotated.annotations()) == 1
    assert not (annotated.data_dir / "export-beside-the-database.json").exists()


def test_a_link_into_the_data_dir_is_refused_too(annotated: Library, tmp_path: Path) -> None:
    link = tmp_path / "innocent.json"
    link.symlink_to(annotated.data_dir / DB_NAME)
    with pytest.raises(ExportError, match="data folder"):
        export_to_file(annotated, EVERYTHING, link)
    folder_link = tmp_path / "exports"
    folder_link.symlink_to(annotated.data_dir, target_is_directory=True)
    with pytest.raises(ExportError, match="data folder"):
        export_to_file(annotated, EVERYTHING, folder_link / "brief.json")
    assert sqlite3.connect(annotated.data_dir / DB_NAME).execute(
        "PRAGMA integrity_check"
    ).fetchone() == ("ok",)


def test_an_export_over_a_library_document_is_refused(annotated: Library) -> None:
    document = Path(annotated.documents()[0].path)
    before = document.read_bytes()
    request = ExportRequest(doc_ids=(annotated.documents()[0].doc_id,), format="md")
    with pytest.raises(ExportError, match="document of your library"):
        export_to_file(annotated, request, document)
    assert document.read_bytes() == before


def test_the_cli_refuses_the_live_database_and_the_next_command_works(
    annotated: Library, tmp_path: Path
) -> None:
    data_dir = annotated.data_dir
    annotated.close()
    command = [sys.executable, "-m", "briefreader", "--data-dir", str(data_dir)]
    export = [*command, "export", "--all", "--format", "json", "-o", str(data_dir / DB_NAME)]
    refused = subprocess.run(export, capture_output=True, text=True, env=python_env())
    assert refused.returncode == 1
    assert refused.stderr.startswith("briefreader: Cannot export to ")
    assert "data folder" in refused.stderr and "Traceback" not in refused.stderr
    listed = subprocess.run(
        [*command, "annotations"], capture_output=True, text=True, env=python_env()
    )
    assert listed.returncode == 0, listed.stderr
    assert "1 annotation(s)" in listed.stdout


def test_special_files_are_refused_without_being_touched(
    annotated: Library, tmp_path: Path
) -> None:
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    with pytest.raises(ExportError, match="it is a pipe, not a file"):
        export_to_file(annotated, EVERYTHING, fifo)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)

    sock_path = tmp_path / "s.json"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(sock_path))
        with pytest.raises(ExportError, match="it is a socket, not a file"):
            export_to_file(annotated, EVERYTHING, sock_path)
        assert stat.S_ISSOCK(os.lstat(sock_path).st_mode)

    with pytest.raises(ExportError, match="it is a folder"):
        export_to_file(annotated, EVERYTHING, tmp_path)


@pytest.mark.parametrize("device", ["/dev/null", "/dev/full", "/dev/stdout"])
def test_devices_are_refused_before_anything_is_written(device: str, tmp_path: Path) -> None:
    if not os.path.exists(device):
        pytest.skip(f"no {device} here")
    # Only the check, never a write: a wrong answer must not replace the machine's device.
    link = tmp_path / "brief.md"
    link.symlink_to(device)
    for target in (Path(device), link):
        with pytest.raises(ExportError, match="not a file"):
            writable_target(target)


def test_a_link_to_a_regular_file_writes_that_file_and_keeps_the_link(
    annotated: Library, tmp_path: Path
) -> None:
    real = tmp_path / "shared" / "brief.json"
    real.parent.mkdir()
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "brief.json"
    link.symlink_to(real)
    export_to_file(annotated, EVERYTHING, link)
    assert link.is_symlink()
    assert "check the rule" in real.read_text(encoding="utf-8")


@pytest.mark.parametrize(("umask", "expected"), [(0o077, 0o600), (0o022, 0o644), (0o002, 0o664)])
def test_a_new_export_follows_the_umask(
    annotated: Library, tmp_path: Path, umask: int, expected: int
) -> None:
    before = os.umask(umask)
    try:
        output = tmp_path / f"brief-{umask:o}.json"
        export_to_file(annotated, EVERYTHING, output)
    finally:
        os.umask(before)
    assert stat.S_IMODE(output.stat().st_mode) == expected


def test_a_replaced_export_keeps_its_permissions(annotated: Library, tmp_path: Path) -> None:
    output = tmp_path / "brief.json"
    output.write_text("old", encoding="utf-8")
    output.chmod(0o640)
    export_to_file(annotated, EVERYTHING, output)
    assert stat.S_IMODE(output.stat().st_mode) == 0o640
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
