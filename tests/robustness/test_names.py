"""File names and command-line text that are not UTF-8: indexed, found, annotated, exported;
text that cannot be stored is refused in one line; nothing blocks the rest of the library."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from briefreader import cli
from briefreader.core.export.exporting import ExportRequest, export_to_file, import_file
from briefreader.core.export.formats import export_format
from briefreader.core.library import DB_NAME, Library
from briefreader.core.names import display_name

from .helpers import python_env

BAD_FILE = os.fsdecode(b"bad\xffname.md")  # how Python hands the name over: U+DCFF
BAD_FOLDER = os.fsdecode(b"sub\xfedir")
BAD_TEXT = os.fsdecode(b"x\xffy")  # an argument typed in Latin-1: 0xff is not UTF-8


def _write_library(folder: Path) -> dict[str, Path]:
    (folder / BAD_FOLDER).mkdir(parents=True)
    files = {
        "bad": folder / BAD_FILE,
        "nested": folder / BAD_FOLDER / os.fsdecode(b"note\xe9.txt"),
        "good": folder / "good.md",
    }
    files["bad"].write_text("# Bad name\n\nThe zqbad tariff memo.\n", encoding="utf-8")
    files["nested"].write_text("The zqnested licence note.\n", encoding="utf-8")
    files["good"].write_text("# Good\n\nThe zqgood committee report.\n", encoding="utf-8")
    return files


@pytest.fixture
def named(tmp_path: Path) -> tuple[Path, Path, dict[str, Path]]:
    folder, data = tmp_path / "lib", tmp_path / "data"
    return folder, data, _write_library(folder)


def test_a_name_that_is_not_utf8_is_indexed_and_blocks_nothing(
    named: tuple[Path, Path, dict[str, Path]],
) -> None:
    folder, data, files = named
    with Library.open(data) as library:
        report = library.index([folder])
        assert (report.added, report.skipped) == (3, [])
        (folder / "later.md").write_text("# Later\n\nThe zqlater file.\n", encoding="utf-8")
        again = library.index([folder])
        assert (again.added, again.unchanged, again.skipped) == (1, 3, [])
        for word in ("zqbad", "zqnested", "zqgood", "zqlater"):
            assert library.search(word).total == 1, word
        hit = library.search("zqbad").hits[0]
        assert hit.path == display_name(str(files["bad"])) and "\ufffd" in hit.path
        record = library.record_for_path(files["bad"])
        assert record is not None and record.path == str(files["bad"])
        assert "\ufffd" in library.record_for_path(files["nested"]).title  # readable
        document = library.document(record.doc_id)  # opens the real file
        assert "zqbad tariff" in document.text
        library.annotate_quote(record.doc_id, "tariff memo", note="bad name, good note")
    conn = sqlite3.connect(data / DB_NAME)
    stored = {row[0] for row in conn.execute("SELECT path FROM documents")}
    conn.close()
    assert os.fsencode(files["bad"]) in stored  # the raw bytes, as the file system has them


def test_the_cli_shows_searches_annotates_and_exports_such_a_file(
    named: tuple[Path, Path, dict[str, Path]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, data, files = named
    base = ["--data-dir", str(data)]
    assert cli.main([*base, "index", str(folder), "--quiet"]) == cli.EXIT_OK
    assert "3 added" in capsys.readouterr().out
    bad = str(files["bad"])
    assert cli.main([*base, "annotate", bad, "--quote", "tariff", "--note", "n"]) == 0
    assert cli.main([*base, "search", "zqbad"]) == cli.EXIT_OK
    assert display_name(bad) in capsys.readouterr().out
    assert cli.main([*base, "docs", "--json"]) == cli.EXIT_OK
    listed = {d["path"] for d in json.loads(capsys.readouterr().out)}
    assert display_name(bad) in listed
    with Library.open(data) as library:
        for fmt in ("json", "md", "html", "csv", "docx", "bibtex", "csljson"):
            out = tmp_path / f"export{export_format(fmt).suffix}"
            export_to_file(library, ExportRequest(format=fmt, everything=True), out)
            assert out.stat().st_size > 0
    exported = json.loads((tmp_path / "export.json").read_text(encoding="utf-8"))
    assert "bad%FFname.md" in json.dumps(exported)  # the file: URI keeps the real bytes
    with Library.open(tmp_path / "other") as other:  # the export imports elsewhere
        other.index([folder])
        report = import_file(other, tmp_path / "export.json")
        assert report.created == 1 and report.orphaned == 0
        (annotation,) = other.annotations()
        assert other.record(annotation.doc_id).path == bad


@pytest.mark.parametrize(
    "command",
    [
        ["note", "{doc}", BAD_TEXT],
        ["tag", "{doc}", BAD_TEXT],
        ["annotate", "{doc}", "--quote", "committee", "--note", BAD_TEXT],
        ["annotate", "{doc}", "--quote", "committee", "--tag", BAD_TEXT],
        ["annotate", "{doc}", "--quote", BAD_TEXT],
        ["search", BAD_TEXT],
        ["rename-tag", "policy", BAD_TEXT],
    ],
    ids=["note", "tag", "annotation-note", "annotation-tag", "quote", "query", "rename"],
)
def test_command_line_text_that_is_not_utf8_is_one_line(
    named: tuple[Path, Path, dict[str, Path]],
    command: list[str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder, data, files = named
    base = ["--data-dir", str(data)]
    assert cli.main([*base, "index", str(folder), "--quiet"]) == cli.EXIT_OK
    capsys.readouterr()
    argv = [part.replace("{doc}", str(files["good"])) for part in command]
    assert cli.main([*base, *argv]) == cli.EXIT_ERROR
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "not valid UTF-8 (byte 0xff at position 1)" in err, err
    assert "internal error" not in err
    with Library.open(data) as library:  # nothing was stored
        assert library.annotations() == []
        assert all(not r.note and not r.tags for r in library.documents())


@pytest.mark.slow
def test_real_argv_bytes_are_refused_by_the_installed_command(
    named: tuple[Path, Path, dict[str, Path]],
) -> None:
    folder, data, files = named
    env = python_env(LC_ALL="C.UTF-8")
    run = [sys.executable, "-m", "briefreader", "--data-dir", str(data)]
    done = subprocess.run([*run, "index", str(folder)], env=env, capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr
    argv = [*map(os.fsencode, run), b"note", os.fsencode(files["good"]), b"caf\xe9"]
    done = subprocess.run(argv, env=env, capture_output=True, timeout=120)
    assert done.returncode == 1
    assert done.stderr.strip() == (
        b"briefreader: the note is not valid UTF-8 (byte 0xe9 at position 3); "
        b"write it in UTF-8 (file names may be anything)"
    )
    argv = [*map(os.fsencode, run), b"note", os.fsencode(files["bad"]), "café".encode()]
    done = subprocess.run(argv, env=env, capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert b"note saved" in done.stdout


def test_a_document_note_on_such_a_file_is_searchable(
    named: tuple[Path, Path, dict[str, Path]],
) -> None:
    folder, data, files = named
    with Library.open(data) as library:
        library.index([folder])
        record = library.record_for_path(files["bad"])
        assert record is not None
        library.set_document_note(record.doc_id, "zqdocnote on a strange name")
        hits = library.search("zqdocnote").hits
        assert [hit.path for hit in hits] == [display_name(str(files["bad"]))]
