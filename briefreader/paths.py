"""Where BriefReader keeps its data: the database, the search index, caches and backups."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "BriefReader"
DATA_DIR_ENV = "BRIEFREADER_DATA_DIR"


def default_data_dir() -> Path:
    """The data dir: ``$BRIEFREADER_DATA_DIR`` when set, else the platform's user data dir."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def bundled_content_dir() -> Path:
    """The sample library shipped with the program (``content/`` beside the package)."""
    return Path(__file__).resolve().parent.parent / "content"
