"""Fixtures for the headless tests: a small library on disk and a Library on a temp data dir."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sample_library import write_library

from briefreader.core.library import Library


@pytest.fixture
def library_dir(tmp_path: Path) -> Path:
    return write_library(tmp_path / "library")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def library(data_dir: Path) -> Iterator[Library]:
    lib = Library.open(data_dir)
    yield lib
    lib.close()


@pytest.fixture
def indexed(library: Library, library_dir: Path) -> Library:
    library.add_folders([library_dir])
    library.index()
    return library
