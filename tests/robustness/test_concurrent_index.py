"""Several indexers started at once: each report says what that run did, and together they
add every file exactly once."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from briefreader.core.library import Library

from .helpers import start_python, write_corpus

pytestmark = pytest.mark.slow  # subprocesses

_REPORT = re.compile(
    r"^(\d+) added, (\d+) updated, (\d+) moved, (\d+) removed, (\d+) unchanged, (\d+) skipped$",
    re.MULTILINE,
)


def _run_at_once(data: Path, folder: Path, count: int) -> list[tuple[int, ...]]:
    args = ["-m", "briefreader", "--data-dir", str(data), "index", str(folder), "--quiet"]
    processes = [
        start_python(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(count)
    ]
    reports = []
    for process in processes:
        out, err = process.communicate(timeout=240)
        assert process.returncode == 0, err
        found = _REPORT.search(out)
        assert found is not None, out
        reports.append(tuple(int(n) for n in found.groups()))
    return reports


@pytest.mark.parametrize("fresh", [True, False], ids=["new-library", "existing-library"])
def test_indexers_started_at_once_report_only_their_own_work(tmp_path: Path, fresh: bool) -> None:
    folder, data = tmp_path / "lib", tmp_path / "data"
    write_corpus(folder, 12)
    if not fresh:
        with Library.open(data) as library:
            library.add_folders([folder])
    reports = _run_at_once(data, folder, 4)
    assert sum(r[0] for r in reports) == 12, reports  # added, once in all
    assert all(r[0] + r[4] == 12 for r in reports), reports  # each saw all 12
    assert all(r[1] == r[2] == r[3] == r[5] == 0 for r in reports), reports
    for path in folder.rglob("brief-000[0-5].md"):  # now edit six and delete two
        path.write_text(path.read_text(encoding="utf-8") + "\nEdited.\n", encoding="utf-8")
    for path in list(folder.rglob("brief-001[01].md")):
        path.unlink()
    reports = _run_at_once(data, folder, 4)
    assert sum(r[1] for r in reports) == 6, reports  # updated, once in all
    assert sum(r[3] for r in reports) == 2, reports  # removed, once in all
    with Library.open(data) as library:
        assert len(library.documents()) == 10
        assert library.search("zq3x").total == 1
