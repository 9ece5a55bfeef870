"""Shared test set-up: Qt runs offscreen, and no test touches the user's data or settings."""

from __future__ import annotations

import os

# Before anything imports Qt (pytest-qt imports it when its plugin loads the fixtures).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

import pytest
from hypothesis import settings

# Property tests explore new examples at every run, on a laptop as in CI, within a bounded
# budget (tests may ask for more); a failure prints the @reproduce_failure blob that
# replays it. No deadline: the machines are shared and busy.
settings.register_profile("briefreader", deadline=None, max_examples=100, print_blob=True)
settings.load_profile("briefreader")


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Point HOME-relative data, config and cache dirs at a temporary folder per test."""
    home = tmp_path_factory.mktemp("home")
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        path = home / name.lower()
        path.mkdir()
        monkeypatch.setenv(name, str(path))
    yield


@pytest.fixture
def settings_path(tmp_path: Path) -> Path:
    """An INI file for window settings (``Settings.at_path``), never the user's."""
    return tmp_path / "settings.ini"


@pytest.fixture
def run(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    """Run one command line in-process on a temporary data dir: (exit code, out, err)."""
    from briefreader.cli import main

    data = tmp_path / "data"

    def run(*args: str) -> tuple[int, str, str]:
        code = main(["--data-dir", str(data), *args])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run
