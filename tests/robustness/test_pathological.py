"""Pathological documents stall nothing: the converters' guards make the known shapes cheap,
and each file's time and memory budget in the loading pool stops the rest.

The bounds here are pytest timeouts far above the expected times (a hang guard on a slow,
busy machine), never timing assertions.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from briefreader.core.formats.documents import load_document
from briefreader.core.library import Library
from briefreader.core.models import FORMAT_TEXT

from .helpers import python_env, write_corpus
from .pathological import BOMBS, PATHOLOGICAL, slow_paragraphs, text_bomb_pdf, write_pathological

pytestmark = pytest.mark.slow  # big inputs, subprocesses

MB = 2**20


@pytest.mark.timeout(300)  # each loads in about 3 s at most here; unguarded, minutes
@pytest.mark.parametrize("name", list(PATHOLOGICAL))
def test_each_pathological_document_loads_with_a_warning(name: str, tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_text(PATHOLOGICAL[name](), encoding="utf-8")
    document = load_document(path)
    assert document.text.strip()
    assert len(document.warnings) == 1 and "\n" not in document.warnings[0]


@pytest.mark.timeout(300)
def test_a_library_of_pathological_documents_indexes_with_the_rest(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    hostile = {str(p) for p in write_pathological(folder / "hostile")}
    write_corpus(folder / "good", 10)
    with Library.open(tmp_path / "data") as library:
        report = library.index([folder])
        assert (report.added, report.skipped) == (len(hostile) + 10, [])
        assert {problem.path for problem in report.warnings} == hostile
        assert library.search("zq3x").total == 1
        record = library.record_for_path(folder / "hostile" / "nested-divs.html")
        assert "deep text" in library.document(record.doc_id).text


@pytest.mark.timeout(300)  # unbudgeted, the slow file alone takes a minute or more
@pytest.mark.parametrize("others", [5, 70], ids=["small-run", "pool"])
def test_a_file_over_its_time_budget_is_read_as_plain_text(tmp_path: Path, others: int) -> None:
    folder = tmp_path / "lib"
    write_corpus(folder, others)
    slow = folder / "slow.md"
    slow.write_text(slow_paragraphs(), encoding="utf-8")
    with Library.open(tmp_path / "data") as library:
        library.set_index_setting("index.file_seconds", "2")
        report = library.index([folder])
        assert (report.added, report.skipped) == (others + 1, [])
        (warning,) = [p for p in report.warnings if p.path == str(slow)]
        assert warning.reason == (
            "read as plain text: reading it took longer than 2 s (the per-file time budget)"
        )
        record = library.record_for_path(slow)
        assert record is not None and record.format == FORMAT_TEXT
        document = library.document(record.doc_id)  # opened as it was indexed: plain text
        assert document.text.startswith("# Slow links\n\n[a0](u0) [a1](u1)")
        assert library.search("zq2x").total == 1
        again = library.index([folder])
        assert (again.added, again.updated, again.unchanged) == (0, 0, others + 1)


@pytest.mark.timeout(300)
def test_a_file_over_its_memory_budget_is_skipped_with_the_reason(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    write_corpus(folder, 5)
    greedy = folder / "greedy.md"
    line = ("Export controls on semiconductor equipment were reviewed. " * 8 + "\n\n").encode()
    greedy.write_bytes(line * (40 * MB // len(line)))
    with Library.open(tmp_path / "data") as library:
        library.set_index_setting("index.file_memory_mb", "64")
        report = library.index([folder])
        # Converting it as Markdown ran over the budget; read as plain text it may fit or
        # not (a forked worker starts with its parent's free heap): either way, said so.
        (problem,) = report.skipped or report.warnings
        assert problem.path == str(greedy)
        assert "more than 64 MB (the per-file memory budget)" in problem.reason
        assert "plain text" in problem.reason
        assert report.added == 5 + len(report.warnings)
        assert library.search("zq4x").total == 1


_PEAK = """
import json, resource, subprocess, sys
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
print(json.dumps({"code": done.returncode, "out": done.stdout, "err": done.stderr, "peak": peak}))
"""


@pytest.mark.timeout(300)
@pytest.mark.parametrize("name", list(BOMBS))
def test_pdf_text_bombs_stay_small_through_the_index_command(name: str, tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    folder.mkdir()
    (folder / name).write_bytes(text_bomb_pdf(*BOMBS[name]))
    write_corpus(folder, 3)
    command = [sys.executable, "-m", "briefreader", "--data-dir", str(tmp_path / "data")]
    done = subprocess.run(
        [sys.executable, "-c", _PEAK, *command, "index", str(folder), "--quiet"],
        env=python_env(),
        capture_output=True,
        text=True,
        timeout=280,
    )
    outcome = json.loads(done.stdout)
    assert outcome["code"] == 0, outcome["err"]
    assert outcome["out"].startswith("4 added,"), outcome["out"]
    assert "bomb?); the pages can be viewed but not searched" in outcome["out"]
    # unguarded, PDFium took 1.4 GB for the 150 KB plain flood; here the run stays small
    assert outcome["peak"] < 400 * MB, outcome["peak"] // MB
    print(
        f"{name}: {(folder / name).stat().st_size // 1024} KB, peak RSS {outcome['peak'] // MB} MB"
    )
