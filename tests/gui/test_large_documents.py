"""Large documents: loaded off the GUI thread, built with few formatting operations, very
long lines shown in pieces, scrolled far down while the layout catches up."""

from __future__ import annotations

import hashlib
import random
import threading
import unicodedata
from itertools import pairwise
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QTextBlock, QTextCursor
from PySide6.QtWidgets import QApplication, QScrollBar

from briefreader.core.formats.documents import text_blocks
from briefreader.core.models import FORMAT_TEXT, Document
from briefreader.gui import document_renderer
from briefreader.gui.document_renderer import LIGHT_STYLE, SPLIT_ABOVE, build_document
from briefreader.gui.reader_view import SYNC_LAYOUT_CHARS, ReaderView
from briefreader.gui.window.reading import LOAD_AT_ONCE_BYTES

from .reader_docs import ALL_DOCUMENTS, DocBuilder
from .test_main_window import LONG, close_window, doc_id_of, make_window, wait_indexed

pytestmark = pytest.mark.slow  # large documents in the window


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
        assert window.controllers.reading.open_document(
            big_id
        )  # returns at once: the load is still waiting
        assert (
            window.controllers.document.pending == big_id
            and window.controllers.document.doc_id is None
        )
        ticks: list[int] = []
        QTimer.singleShot(0, lambda: ticks.append(1))
        qtbot.waitUntil(lambda: bool(ticks), timeout=LONG)  # the event loop runs meanwhile
        qtbot.waitUntil(
            lambda: window.panes.reader_stack.currentWidget() is window.panes.loading, timeout=LONG
        )
        assert "big" in window.panes.loading.text().lower()
        assert "Opening" in window.status.currentMessage()
    finally:
        gate.set()
    qtbot.waitUntil(lambda: window.controllers.document.doc_id == big_id, timeout=LONG)
    assert threads and threads[0] is not threading.main_thread()
    assert window.panes.reader_stack.currentWidget() is window.panes.reader
    assert window.panes.reader.document_model is window.controllers.document.document
    assert window.controllers.document.pending is None
    assert "Opening" not in window.status.currentMessage()


def test_a_newer_request_wins_over_a_load_still_running(big_window, qtbot, monkeypatch) -> None:
    window, library, _folder = big_window
    big_id, small_id = doc_id_of(library, "big.txt"), doc_id_of(library, "small.md")
    gate, _threads = gate_loading(monkeypatch, library)
    assert window.controllers.reading.open_document(big_id)
    gate.set()
    assert window.controllers.reading.open_document(
        small_id
    )  # small: shown before open_document returns
    assert window.controllers.document.doc_id == small_id
    window.jobs.wait()
    QApplication.processEvents()
    assert (
        window.controllers.document.doc_id == small_id
    )  # the big document came too late to be shown
    assert window.panes.reader_stack.currentWidget() is window.panes.reader


def test_a_large_document_read_lately_opens_at_once(big_window, qtbot) -> None:
    window, library, _folder = big_window
    big_id, small_id = doc_id_of(library, "big.txt"), doc_id_of(library, "small.md")
    window.controllers.reading.open_document(big_id)
    qtbot.waitUntil(lambda: window.controllers.document.doc_id == big_id, timeout=LONG)
    window.controllers.reading.open_document(small_id)
    assert window.controllers.reading.open_document(big_id)
    assert (
        window.controllers.document.doc_id == big_id and window.controllers.document.pending is None
    )


def test_a_hit_in_a_large_document_is_marked_once_it_is_loaded(big_window, qtbot) -> None:
    window, _library, _folder = big_window
    window.panes.search_panel.set_query('"licence review of 42"')
    documents = window.panes.search_panel.documents
    qtbot.waitUntil(lambda: documents.rowCount() == 1, timeout=LONG)
    window.panes.search_panel.hit_activated.emit(documents.hit(0))
    qtbot.waitUntil(lambda: window.controllers.document.doc_id is not None, timeout=LONG)
    text = window.controllers.document.document.text
    marked = {text[s:e].lower() for s, e in window.controllers.document.marks}
    assert {"licence", "review"} <= marked  # the words of the phrase, all over the text
    assert (
        text[window.controllers.document.last_target :]
        .lower()
        .startswith(("licence", "review", "of"))
    )


def test_a_large_file_gone_from_disk_gives_a_message(big_window, qtbot) -> None:
    window, library, folder = big_window
    big_id = doc_id_of(library, "big.txt")
    window.controllers.indexer.watcher.stop()
    (folder / "big.txt").unlink()
    assert window.controllers.reading.open_document(big_id)  # the load is what finds out
    qtbot.waitUntil(lambda: "no longer on disk" in window.status.currentMessage(), timeout=LONG)
    assert (
        window.controllers.document.pending is None and window.controllers.document.doc_id is None
    )
    assert window.panes.reader_stack.currentWidget() is window.panes.welcome


# ---------------------------------------------------------------------- building and showing


def text_document(text: str, title: str = "Text") -> Document:
    """A Document as the text loader makes it: one block per line."""
    return Document(
        path=f"/tmp/{title.lower()}.txt",
        format=FORMAT_TEXT,
        title=title,
        text=text,
        blocks=text_blocks(text),
        content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        size=len(text.encode("utf-8")),
        mtime=0.0,
    )


def qt_blocks(document) -> list[QTextBlock]:
    blocks, block = [], document.begin()
    while block.isValid():
        blocks.append(block)
        block = block.next()
    return blocks


def mixed_text() -> str:
    """Lines and blank lines with CJK, astral characters and characters Qt would break at."""
    lines = []
    for i in range(300):
        lines.append(["", "   ", f"Line {i} 😀 on 出口管制 and\u2029tariffs\rhere", "x"][i % 4])
    return "\n".join(lines)


def builds(doc: Document, block_by_block: bool, monkeypatch) -> list[tuple]:
    """What the builder makes of ``doc``: per Qt block its text, block and char format."""
    with monkeypatch.context() as patch:
        if block_by_block:
            patch.setattr(document_renderer, "PLAIN_KINDS", ())
        built = build_document(doc, LIGHT_STYLE)
    return [
        (b.text(), b.blockFormat(), b.charFormat(), b.position())
        for b in qt_blocks(built.qt_document)
    ], built.qt_starts


@pytest.mark.parametrize("name", ["text", "rich", "odd", "pdf"])
def test_plain_runs_build_what_block_by_block_builds(name: str, monkeypatch) -> None:
    doc = text_document(mixed_text()) if name == "text" else ALL_DOCUMENTS[name]()
    fast, fast_starts = builds(doc, False, monkeypatch)
    slow, slow_starts = builds(doc, True, monkeypatch)
    assert fast_starts == slow_starts
    assert len(fast) == len(slow)
    for one, other in zip(fast, slow, strict=True):
        assert one == other


def test_every_offset_of_a_text_file_round_trips(reader: ReaderView) -> None:
    doc = text_document(mixed_text())
    reader.set_document(doc)
    positions = [reader.qt_position(o) for o in range(len(doc.text) + 1)]
    assert positions == sorted(set(positions))
    assert [reader.canonical_offset(p) for p in positions] == list(range(len(doc.text) + 1))


def long_line_document(length: int = 3 * SPLIT_ABOVE) -> Document:
    rng = random.Random(7)
    words = ["export", "controls", "tariff", "licence", "😀", "出口管制", "review"]
    line = []
    size = 0
    while size < length:
        word = rng.choice(words)
        line.append(word)
        size += len(word) + 1
    d = DocBuilder()
    d.add("paragraph", "Before the long line.")
    d.add("paragraph", " ".join(line))
    d.add("paragraph", "After it.")
    return d.build("Long line", fmt="text", path="/tmp/long-line.txt")


def test_a_very_long_line_is_shown_in_pieces_cut_at_spaces(reader: ReaderView) -> None:
    doc = long_line_document()
    reader.set_document(doc)
    qt_document = reader.document()
    assert qt_document.blockCount() > len(doc.blocks) + 3
    long_block = doc.blocks[1]
    pieces = [
        b
        for b in qt_blocks(qt_document)
        if reader.qt_position(long_block.start) <= b.position() < reader.qt_position(long_block.end)
    ]
    assert len(pieces) == qt_document.blockCount() - 2
    shown = []
    for piece in pieces:
        start = reader.canonical_offset(piece.position())
        end = reader.canonical_offset(piece.position() + piece.length() - 1)
        assert piece.text() == doc.text[start:end]
        shown.append(piece.text())
    assert " ".join(shown) == doc.text[long_block.start : long_block.end]  # a space at each cut
    positions = [reader.qt_position(o) for o in range(len(doc.text) + 1)]
    assert positions == sorted(set(positions))
    assert [reader.canonical_offset(p) for p in positions] == list(range(len(doc.text) + 1))


def test_a_selection_across_a_cut_is_the_canonical_text(reader: ReaderView) -> None:
    doc = long_line_document()
    reader.set_document(doc)
    first_piece = reader.document().findBlock(reader.qt_position(doc.blocks[1].start))
    cut = reader.canonical_offset(first_piece.position() + first_piece.length() - 1)
    assert doc.text[cut] == " "
    start, end = cut - 20, cut + 20
    reader.select_range(start, end)
    assert reader.canonical_range_of_selection() == (start, end)
    assert reader.createMimeDataFromSelection().text() == doc.text[start:end]  # not a line break
    reader.set_highlights([(1, start, end, "yellow")])
    painted = reader.extra_selection_ranges()
    assert painted == [
        (reader.qt_position(start), reader.qt_position(cut)),
        (reader.qt_position(cut + 1), reader.qt_position(end)),
    ]


def test_a_far_scroll_waits_for_the_layout_without_blocking(reader: ReaderView, qtbot) -> None:
    doc = text_document(big_text(lines=3 * SYNC_LAYOUT_CHARS // 60))
    reader.set_document(doc)
    target = doc.text.index("Line 9000:")
    ticks: list[int] = []
    QTimer.singleShot(0, lambda: ticks.append(1))
    reader.scroll_to_offset(target)
    assert reader.scroll_pending
    assert reader.current_offset() == target  # what a saved reading position would be
    qtbot.waitUntil(lambda: not reader.scroll_pending, timeout=LONG)
    assert ticks  # the event loop ran while the layout went on
    assert reader.current_offset() == target
    cursor = QTextCursor(reader.document())
    cursor.setPosition(reader.qt_position(target))
    assert reader.viewport().rect().contains(reader.cursorRect(cursor).center())


def test_scrolling_by_hand_ends_a_waiting_scroll(reader: ReaderView) -> None:
    doc = text_document(big_text(lines=3 * SYNC_LAYOUT_CHARS // 60))
    reader.set_document(doc)
    reader.scroll_to_offset(doc.text.index("Line 9000:"))
    assert reader.scroll_pending
    reader.verticalScrollBar().triggerAction(QScrollBar.SliderAction.SliderSingleStepAdd)
    assert not reader.scroll_pending
    QApplication.processEvents()
    assert reader.current_offset() < doc.text.index("Line 9000:")


# ------------------------------------------------------------- groups of lines, cuts anywhere


def round_trips(reader: ReaderView, doc: Document) -> None:
    """Every canonical offset maps to its own Qt position and back."""
    positions = [reader.qt_position(o) for o in range(len(doc.text) + 1)]
    assert positions == sorted(set(positions))
    assert [reader.canonical_offset(p) for p in positions] == list(range(len(doc.text) + 1))


def test_a_million_lines_are_shown_in_groups_of_lines() -> None:
    text = "a\n" * 1_000_000
    doc = text_document(text)
    built = build_document(doc, LIGHT_STYLE)
    qt_document = built.qt_document
    # One Qt block per line was 1,000,001 blocks: seconds to build and some 250 MB.
    assert qt_document.blockCount() <= len(doc.blocks) // document_renderer.GROUP_LINES + 1
    assert len(built.segments) == qt_document.blockCount() and built.split
    first = qt_document.begin()
    assert first.text() == "a\u2028" * (document_renderer.GROUP_LINES - 1) + "a"
    assert qt_document.characterCount() == len(text) + 1  # one position for each character
    segments = built.segments  # the groups tile the text, one "\n" between two
    assert segments[0].start == 0 and segments[-1].end == len(text)
    assert all(b.start == a.end + 1 for a, b in pairwise(segments))


def test_grouped_lines_keep_every_offset_exact(reader: ReaderView, monkeypatch) -> None:
    monkeypatch.setattr(document_renderer, "GROUP_ABOVE_LINES", 10)
    monkeypatch.setattr(document_renderer, "GROUP_LINES", 7)
    doc = text_document(mixed_text())  # astral, CJK, \u2029 and \r in the lines
    reader.set_document(doc)
    assert reader.document().blockCount() == -(-len(doc.blocks) // 7)
    round_trips(reader, doc)
    start = doc.text.index("Line 2 ")
    end = doc.text.index("Line 10 ")
    reader.select_range(start, end)
    assert reader.canonical_range_of_selection() == (start, end)
    assert reader.createMimeDataFromSelection().text() == doc.text[start:end]


def one_line_document(line: str) -> Document:
    d = DocBuilder()
    d.add("paragraph", "Before the long line.")
    d.add("paragraph", line)
    d.add("paragraph", "After it.")
    return d.build("One line", fmt="text", path="/tmp/one-line.txt")


@pytest.mark.parametrize("script", ["cjk", "base64"])
def test_a_long_line_without_spaces_is_cut_between_characters(
    reader: ReaderView, script: str
) -> None:
    rng = random.Random(3)
    if script == "cjk":  # with combining marks and emoji sequences that must not be split
        units = [chr(rng.randrange(0x4E00, 0x9FFF)) for _ in range(40)] + ["e\u0301", "👍🏽", "😀"]
    else:
        units = list("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
    line = "".join(rng.choice(units) for _ in range(2 * SPLIT_ABOVE))
    doc = one_line_document(line)
    reader.set_document(doc)
    long_block = doc.blocks[1]
    pieces = [
        b
        for b in qt_blocks(reader.document())
        if reader.qt_position(long_block.start) <= b.position() < reader.qt_position(long_block.end)
    ]
    assert len(pieces) > 5
    assert "".join(p.text() for p in pieces) == line  # nothing lost or replaced at a cut
    for piece in pieces[1:]:
        first = piece.text()[0]
        assert unicodedata.combining(first) == 0 and first not in "\u200d\U0001f3fd"
    round_trips(reader, doc)
    cut = reader.canonical_offset(pieces[0].position() + pieces[0].length() - 1)
    reader.select_range(cut - 10, cut + 10)
    assert reader.createMimeDataFromSelection().text() == doc.text[cut - 10 : cut + 10]
