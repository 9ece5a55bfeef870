"""Large documents: loaded off the GUI thread, shown with few formatting operations."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from briefreader.gui.window.reading import LOAD_AT_ONCE_BYTES

from .test_main_window import LONG, close_window, doc_id_of, make_window, wait_indexed


def big_text(lines: int = 14_000) -> str:
    """About 1 MB of hard-wrapped text with a blank line after every fourth line."""
    parts = []
    for i in range(lines):
        parts.append(f"Line {i}: export controls, tariffs and the licence review of {i % 97}.")
        if i % 4 == 3:
            parts.append("")
    return "\n".join(parts) + "\n"


@pytest.fixture
def big_window(qtbot, tmp_path: Path):
    folder = tmp_path / "library"
    folder.mkdir()
    (folder / "big.txt").write_text(big_text(), encoding="utf-8")
    (folder / "small.md").write_text("# Small\n\nA short memo on tariffs.\n", encoding="utf-8")
    assert (folder / "big.txt").stat().st_size > LOAD_AT_ONCE_BYTES["text"]
    window, library, _settings = make_window(qtbot, tmp_path, [folder])
    wait_indexed(qtbot, window)
    yield window, library, folder
    close_window(window, library)


def gate_loading(monkeypatch, library) -> tuple[threading.Event, list[threading.Thread]]:
    """Make ``library.document`` wait for the returned event; record the threads it ran on."""
    gate = threading.Event()
    threads: list[threading.Thread] = []
    load = library.document

    def gated(doc_id: str):
        threads.append(threading.current_thread())
        assert gate.wait(30), "the test never released the load"
        return load(doc_id)

    monkeypatch.setattr(library, "document", gated)
    return gate, threads


def test_a_large_document_loads_while_the_window_keeps_running(
    big_window, qtbot, monkeypatch
) -> None:
    window, library, _folder = big_window
    big_id = doc_id_of(library, "big.txt")
    gate, threads = gate_loading(monkeypatch, library)
    try:
        assert window.open_document(big_id)  # returns at once: the load is still waiting
        assert window.reading.pending == big_id and window.reading.doc_id is None
        ticks: list[int] = []
        QTimer.singleShot(0, lambda: ticks.append(1))
        qtbot.waitUntil(lambda: bool(ticks), timeout=LONG)  # the event loop runs meanwhile
        qtbot.waitUntil(lambda: window.reader_stack.currentWidget() is window.loading, timeout=LONG)
        assert "big" in window.loading.text().lower()
        assert "Opening" in window.status.currentMessage()
    finally:
        gate.set()
    qtbot.waitUntil(lambda: window.reading.doc_id == big_id, timeout=LONG)
    assert threads and threads[0] is not threading.main_thread()
    assert window.reader_stack.currentWidget() is window.reader
    assert window.reader.document_model is window.reading.document
    assert window.reading.pending is None
    assert "Opening" not in window.status.currentMessage()


def test_a_newer_request_wins_over_a_load_still_running(big_window, qtbot, monkeypatch) -> None:
    window, library, _folder = big_window
    big_id, small_id = doc_id_of(library, "big.txt"), doc_id_of(library, "small.md")
    gate, _threads = gate_loading(monkeypatch, library)
    assert window.open_document(big_id)
    gate.set()
    assert window.open_document(small_id)  # small: shown before open_document returns
    assert window.reading.doc_id == small_id
    window.jobs.wait()
    QApplication.processEvents()
    assert window.reading.doc_id == small_id  # the big document came too late to be shown
    assert window.reader_stack.currentWidget() is window.reader


def test_a_large_document_read_lately_opens_at_once(big_window, qtbot) -> None:
    window, library, _folder = big_window
    big_id, small_id = doc_id_of(library, "big.txt"), doc_id_of(library, "small.md")
    window.open_document(big_id)
    qtbot.waitUntil(lambda: window.reading.doc_id == big_id, timeout=LONG)
    window.open_document(small_id)
    assert window.open_document(big_id)
    assert window.reading.doc_id == big_id and window.reading.pending is None


def test_a_hit_in_a_large_document_is_marked_once_it_is_loaded(big_window, qtbot) -> None:
    window, _library, _folder = big_window
    window.search_panel.set_query('"licence review of 42"')
    documents = window.search_panel.documents
    qtbot.waitUntil(lambda: documents.rowCount() == 1, timeout=LONG)
    window.search_panel.hit_activated.emit(documents.hit(0))
    qtbot.waitUntil(lambda: window.reading.doc_id is not None, timeout=LONG)
    text = window.reading.document.text
    marked = {text[s:e].lower() for s, e in window.reading.marks}
    assert {"licence", "review"} <= marked  # the words of the phrase, all over the text
    assert text[window.reading.last_target :].lower().startswith(("licence", "review", "of"))


def test_a_large_file_gone_from_disk_gives_a_message(big_window, qtbot) -> None:
    window, library, folder = big_window
    big_id = doc_id_of(library, "big.txt")
    window.indexer.watcher.stop()
    (folder / "big.txt").unlink()
    assert window.open_document(big_id)  # the load is what finds out
    qtbot.waitUntil(lambda: "no longer on disk" in window.status.currentMessage(), timeout=LONG)
    assert window.reading.pending is None and window.reading.doc_id is None
    assert window.reader_stack.currentWidget() is window.welcome
