"""The command line, in-process (fast) and once as a real process per entry point."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sample_library import write_library

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def lib_dir(tmp_path: Path, run) -> Path:
    folder = write_library(tmp_path / "lib")
    code, out, _ = run("index", str(folder))
    assert code == 0, out
    return folder


def test_index_prints_summary_and_skipped_reasons(run, tmp_path: Path) -> None:
    folder = write_library(tmp_path / "lib")
    code, out, _ = run("index", str(folder))
    assert code == 0
    assert "5 added" in out and "1 skipped" in out
    assert "skipped:" in out and "broken.md:" in out
    code, out, _ = run("index")
    assert code == 0 and "5 unchanged" in out


def test_search_json(run, lib_dir: Path) -> None:
    code, out, _ = run("search", "vehicle", "--json")
    assert code == 0
    hits = json.loads(out)
    assert hits[0]["title"] == "Connected vehicles rule"
    for key in ("path", "title", "date", "source", "tags", "score", "snippet"):
        assert key in hits[0]


def test_search_text_output_marks_terms(run, lib_dir: Path) -> None:
    code, out, _ = run("search", '"working group"', "--limit", "1")
    assert code == 0
    assert "«working» «group»" in out or "«working group»" in out


def test_search_suggestion(run, lib_dir: Path) -> None:
    code, out, _ = run("search", "semiconducters")
    assert code == 0 and "Did you mean" in out and "semiconductor" in out


def test_search_tag_filter_and_sort(run, lib_dir: Path) -> None:
    _, out, _ = run("search", "commerce OR semiconductors", "--tag", "semiconductors", "--json")
    assert [h["title"] for h in json.loads(out)] == ["Export controls on advanced chips"]
    _code, out, _ = run("search", "commerce OR rule", "--sort", "date", "--json")
    dates = [h["date"] for h in json.loads(out) if h["date"]]
    assert dates == sorted(dates, reverse=True)


def test_docs_json(run, lib_dir: Path) -> None:
    _code, out, _ = run("docs", "--json")
    docs = json.loads(out)
    assert len(docs) == 5
    chips = next(d for d in docs if d["title"] == "Export controls on advanced chips")
    assert chips["date"] == "2024-12-02" and chips["tags"] == ["export-controls", "semiconductors"]


def test_annotation_commands(run, lib_dir: Path) -> None:
    chips = str(lib_dir / "chips.md")
    code, out, _ = run(
        "annotate",
        chips,
        "--quote",
        "Entity List",
        "--color",
        "red",
        "--note",
        "sanctions overlap",
        "--tag",
        "disputed",
        "--json",
    )
    assert code == 0
    created = json.loads(out)
    code, out, _ = run("annotations", chips, "--json")
    rows = json.loads(out)
    assert len(rows) == 1
    row = rows[0]
    for key in (
        "id",
        "path",
        "title",
        "exact",
        "prefix",
        "suffix",
        "start",
        "end",
        "color",
        "note",
        "tags",
        "status",
        "created",
        "updated",
    ):
        assert key in row
    assert (row["exact"], row["color"], row["tags"], row["status"]) == (
        "Entity List",
        "red",
        ["disputed"],
        "anchored",
    )
    code, out, _ = run("search", "note:sanctions", "--json")
    assert json.loads(out)[0]["annotation_id"] == created["id"]
    assert run("note", chips, "Read before Monday")[0] == 0
    assert run("tag", chips, "priority")[0] == 0
    code, out, _ = run("search", "tag:priority", "--json", "--documents-only")
    assert [h["title"] for h in json.loads(out)] == ["Export controls on advanced chips"]
    assert run("untag", chips, "priority")[0] == 0
    assert run("delete-annotation", str(created["id"]))[0] == 0
    code, out, _ = run("annotations", "--json")
    assert json.loads(out) == []


def test_errors_are_one_clear_line(run, lib_dir: Path, tmp_path: Path) -> None:
    code, _, err = run("index", str(tmp_path / "missing"))
    assert code == 1 and err.startswith("briefreader: no such folder")
    code, _, err = run("annotate", str(lib_dir / "chips.md"), "--quote", "nowhere to be found")
    assert code == 1 and len(err.strip().splitlines()) == 1
    code, _, err = run("annotate", str(tmp_path / "x.md"), "--quote", "a")
    assert code == 1 and "not in the library" in err
    code, _, err = run("delete-annotation", "999")
    assert code == 1 and "no annotation" in err
    code, out, err = run("search", '"unbalanced AND (')
    assert code == 0 and "Traceback" not in out + err


def test_a_bug_is_one_line_and_the_details_come_with_verbose(
    run, lib_dir: Path, monkeypatch
) -> None:
    from briefreader.cli import commands as cli_commands

    def broken(*_args: object) -> int:
        raise RuntimeError("boom")

    monkeypatch.setitem(cli_commands.COMMANDS, "docs", broken)
    monkeypatch.setitem(cli_commands.OFFLINE_COMMANDS, "backups", broken)
    for command in ("docs", "backups"):
        code, _out, err = run(command)
        assert code == 1
        assert err.splitlines() == [
            "briefreader: internal error (RuntimeError: boom); "
            "run again with --verbose to see the details"
        ]
    code, _out, err = run("--verbose", "docs")
    assert code == 1 and "Traceback" in err and 'raise RuntimeError("boom")' in err
    code, _out, _err = run("annotations")  # the library is fine afterwards
    assert code == 0


@pytest.mark.slow
@pytest.mark.parametrize("entry", [["-m", "briefreader"], ["main.py"]])
def test_entry_points_run_the_cli(entry: list[str], tmp_path: Path) -> None:
    env = {**os.environ, "BRIEFREADER_DATA_DIR": str(tmp_path / "d")}
    proc = subprocess.run(
        [sys.executable, *entry, "docs"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert "0 document(s)" in proc.stdout
    assert (tmp_path / "d" / "briefreader.sqlite3").exists()


def test_a_reader_that_goes_away_is_not_an_error_message(run, lib_dir: Path, monkeypatch) -> None:
    """``briefreader search x | head -1``: head closes the pipe; say nothing more."""
    from briefreader.cli import commands as cli_commands

    def cut_off(*_args: object) -> int:
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setitem(cli_commands.COMMANDS, "docs", cut_off)
    code, _out, err = run("docs")
    assert code == 1 and err == ""


def test_related_documents_and_passages(run, lib_dir: Path) -> None:
    code, out, _ = run("related", str(lib_dir / "chips.md"), "--limit", "3", "--json")
    assert code == 0
    hits = json.loads(out)
    assert hits and all(h["title"] != "Export controls on advanced chips" for h in hits)
    code, out, _ = run("related", str(lib_dir / "chips.md"), "--quote", "Entity List")
    assert code == 0 and "like the passage" in out
    code, _out, err = run("related", str(lib_dir / "chips.md"), "--quote", "not in it")
    assert code != 0 and "not in" in err
