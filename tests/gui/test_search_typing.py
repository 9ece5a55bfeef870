"""Search as you type in the real window: prefix matching while typing, one search at a
time, and stale results never shown over newer ones."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sample_library import write_library

from briefreader.core.models import SearchRequest

from .test_main_window import LONG, close_window, make_window, wait_indexed


@pytest.fixture
def indexed_window(qtbot, tmp_path: Path):
    folder = write_library(tmp_path / "library")
    window, library, _settings = make_window(qtbot, tmp_path, [folder])
    wait_indexed(qtbot, window)
    yield window, library, folder
    close_window(window, library)


def record_searches(library, block_first: threading.Event | None = None) -> list[SearchRequest]:
    """Wrap ``library.search`` to record each request; the first waits for ``block_first``."""
    seen: list[SearchRequest] = []
    real = library.search

    def search(request):
        seen.append(request)
        if block_first is not None and len(seen) == 1:
            block_first.wait(LONG / 1000)
        return real(request)

    library.search = search
    return seen


def test_typing_searches_as_you_type_and_enter_does_not(indexed_window, qtbot) -> None:
    window, library, _folder = indexed_window
    seen = record_searches(library)
    panel = window.panes.search_panel
    qtbot.keyClicks(panel.field, "vehic")
    qtbot.waitUntil(lambda: bool(seen) and seen[-1].text == "vehic", timeout=LONG)
    assert seen[-1].as_you_type
    qtbot.waitUntil(lambda: panel.documents.rowCount() > 0, timeout=LONG)  # "vehic" is a prefix
    qtbot.keyClick(panel.field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not seen[-1].as_you_type, timeout=LONG)
    assert seen[-1].text == "vehic"


def test_a_search_asked_while_one_runs_waits_and_only_the_newest_runs(
    indexed_window, qtbot
) -> None:
    window, library, _folder = indexed_window
    gate = threading.Event()
    seen = record_searches(library, block_first=gate)
    panel = window.panes.search_panel
    panel.set_query("tariffs")
    qtbot.waitUntil(lambda: len(seen) == 1, timeout=LONG)
    for text in ("vehicle", "vehicles", "semiconductors"):
        panel.set_query(text)  # asked while "tariffs" is still running
    gate.set()
    qtbot.waitUntil(lambda: panel.documents.rowCount() > 0, timeout=LONG)
    window.controllers.search.jobs.wait()
    assert [r.text for r in seen] == ["tariffs", "semiconductors"]
    titles = [h.title for h in panel.documents.hits()]
    assert titles == ["Export controls on advanced chips"]


def test_stale_results_never_replace_newer_ones(indexed_window, qtbot) -> None:
    window, library, _folder = indexed_window
    panel = window.panes.search_panel
    panel.set_query("semiconductors")
    qtbot.waitUntil(lambda: panel.results() is not None, timeout=LONG)
    newest = panel.results()
    old = SearchRequest(text="tariffs")
    panel.show_results(old, library.search(old))  # an answer to a request no longer current
    assert panel.results() is newest
