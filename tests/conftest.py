"""Shared test set-up: Qt runs offscreen, and no test touches the user's data or settings."""

from __future__ import annotations

import os

# Before anything imports Qt (pytest-qt imports it when its plugin loads the fixtures).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

import pytest

from briefreader.gui.qt_compat import guard_refcount_bug

# PySide6 6.12 on CPython < 3.12 drops references to None/True/False on every call; without
# this guard a long test session aborts with "none_dealloc" (see briefreader/gui/qt_compat.py).
guard_refcount_bug()


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
