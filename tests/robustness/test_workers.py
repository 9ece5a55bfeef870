"""Loading-pool workers end with their parent: a SIGKILLed ``briefreader index`` leaves no
worker behind (Linux: PR_SET_PDEATHSIG; elsewhere, and as a second line, a watchdog that
sees the parent change)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from briefreader.core.library import Library

from .helpers import REPO, python_env, wait_for, write_corpus
from .pathological import slow_paragraphs

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc (Linux)"),
]


def _state(pid: int) -> tuple[str, int] | None:
    """(state letter, parent pid) of a process, None when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return fields[0], int(fields[1])


def _children(parent: int) -> set[int]:
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            state = _state(int(entry))
            if state is not None and state[1] == parent and state[0] != "Z":
                found.add(int(entry))
    return found


def _alive(pids: set[int]) -> set[int]:
    """The pids still running (a zombie waiting to be reaped has exited)."""
    return {pid for pid in pids if (state := _state(pid)) is not None and state[0] != "Z"}


def _slow_library(tmp_path: Path) -> tuple[Path, Path]:
    folder, data = tmp_path / "lib", tmp_path / "data"
    write_corpus(folder, 70)  # a pool of workers, not one
    for n in range(4):  # every worker busy for minutes (the budget is raised below)
        (folder / f"slow-{n}.md").write_text(slow_paragraphs(400), encoding="utf-8")
    with Library.open(data) as library:
        library.set_index_setting("index.file_seconds", "600")
    return folder, data


def test_sigkill_of_the_index_command_leaves_no_worker(tmp_path: Path) -> None:
    folder, data = _slow_library(tmp_path)
    process = subprocess.Popen(
        [sys.executable, "-m", "briefreader", "--data-dir", str(data), "index", str(folder)],
        cwd=REPO,
        env=python_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        assert wait_for(lambda: len(_children(process.pid)) >= 2, timeout=120)
        workers = _children(process.pid)
        time.sleep(1.0)  # well into the slow files
        process.send_signal(signal.SIGKILL)  # the parent only: not its process group
        killed = time.monotonic()
        process.wait(timeout=30)
        assert wait_for(lambda: not _alive(workers), timeout=30), _alive(workers)
        print(f"{len(workers)} workers gone {time.monotonic() - killed:.2f} s after SIGKILL")
    finally:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    with Library.open(data) as library:  # and the library is fine
        library.set_index_setting("index.file_seconds", "5")  # the plain read: 0.3 s
        report = library.index([folder])
        assert report.skipped == [] and report.total_seen == 74
        assert len(report.warnings) == 4  # the slow files, as plain text


_PARENT = """
import sys
from multiprocessing import get_context
sys.platform = "not-linux"  # no PR_SET_PDEATHSIG: only the portable watchdog is left
from briefreader.core.sync.pool import LoadBudget, LoadingPool

class Telling(LoadingPool):
    def _start(self):
        worker = super()._start()
        print(worker.process.pid, flush=True)
        return worker

list(Telling(1, get_context("fork"), LoadBudget(600, 0)).load([[sys.argv[1]]]))
"""


def test_without_pdeathsig_the_watchdog_ends_a_busy_worker(tmp_path: Path) -> None:
    slow = tmp_path / "slow.md"
    slow.write_text(slow_paragraphs(400), encoding="utf-8")
    parent = subprocess.Popen(
        [sys.executable, "-c", _PARENT, str(slow)],
        cwd=REPO,
        env=python_env(),
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        assert parent.stdout is not None
        worker = int(parent.stdout.readline())
        time.sleep(1.0)  # converting the slow file
        assert _alive({worker})
        parent.send_signal(signal.SIGKILL)
        killed = time.monotonic()
        parent.wait(timeout=30)
        assert wait_for(lambda: not _alive({worker}), timeout=30)
        print(f"watchdog: worker gone {time.monotonic() - killed:.2f} s after SIGKILL")
    finally:
        if parent.stdout is not None:
            parent.stdout.close()
        try:
            os.killpg(parent.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
