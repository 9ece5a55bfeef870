"""The reader's canonical offset <-> QTextDocument position mapping, and what it paints.

The decisive property: for every document shape (all block kinds, spans, tables, CJK,
astral characters, U+202F, PDF pages), selecting a canonical range and reading the selection
back gives the same range, the selected text is the canonical text, and highlights paint
exactly ``qt_position(start)..qt_position(end)``.
"""

from __future__ import annotations

import random

import pytest
from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtGui import QColor, QTextCursor

from briefreader.core.models import Document
from briefreader.gui.document_renderer import PROP_PAGE
from briefreader.gui.reader_view import ReaderView

from .reader_docs import (
    ALL_DOCUMENTS,
    empty_document,
    long_document,
    pdf_document,
    rich_document,
    table_first_document,
)

PARAGRAPH_SEPARATOR = "\u2029"


def selected_text(view: ReaderView) -> str:
    return view.textCursor().selectedText().replace(PARAGRAPH_SEPARATOR, "\n")


def block_of(doc: Document, offset: int) -> int:
    for i, block in enumerate(doc.blocks):
        if block.start <= offset <= block.end:
            return i
    raise AssertionError(offset)


def crosses_table(doc: Document, start: int, end: int) -> bool:
    first, last = block_of(doc, start), block_of(doc, end)
    return any(b.kind == "table_cell" for b in doc.blocks[first : last + 1])


def sample_ranges(doc: Document, count: int, seed: int) -> list[tuple[int, int]]:
    rng = random.Random(seed)
    n = len(doc.text)
    ranges = {(b.start, b.end) for b in doc.blocks if b.end > b.start}
    ranges |= {(0, n), (0, 1), (n - 1, n)}
    for _ in range(count * 20):
        if len(ranges) >= count:
            break
        start = rng.randrange(n)
        ranges.add((start, min(n, start + rng.choice([1, 2, 3, 5, 12, 40, 200]))))
    return sorted(ranges)


@pytest.mark.parametrize("name", sorted(ALL_DOCUMENTS))
def test_every_offset_round_trips(reader: ReaderView, name: str) -> None:
    doc = ALL_DOCUMENTS[name]()
    reader.set_document(doc)
    positions = [reader.qt_position(o) for o in range(len(doc.text) + 1)]
    assert positions == sorted(set(positions)), "positions strictly increase"
    assert [reader.canonical_offset(p) for p in positions] == list(range(len(doc.text) + 1))


@pytest.mark.parametrize("name", sorted(set(ALL_DOCUMENTS) - {"odd"}))
def test_each_block_is_one_qt_block_with_the_canonical_text(reader: ReaderView, name: str) -> None:
    doc = ALL_DOCUMENTS[name]()
    reader.set_document(doc)
    for block in doc.blocks:
        qt_block = reader.document().findBlock(reader.qt_position(block.start))
        assert qt_block.text() == doc.text[block.start : block.end], block
        assert qt_block.position() == reader.qt_position(block.start)


def test_odd_characters_are_shown_one_for_one(reader: ReaderView) -> None:
    doc = ALL_DOCUMENTS["odd"]()
    reader.set_document(doc)
    assert reader.document().blockCount() == len(doc.blocks)
    for block in doc.blocks:
        qt_block = reader.document().findBlock(reader.qt_position(block.start))
        assert len(qt_block.text()) == block.end - block.start


@pytest.mark.parametrize("name", sorted(set(ALL_DOCUMENTS) - {"odd"}))
def test_selection_round_trips_and_selects_the_canonical_text(
    reader: ReaderView, name: str
) -> None:
    doc = ALL_DOCUMENTS[name]()
    reader.set_document(doc)
    checked_text = 0
    for start, end in sample_ranges(doc, 300, seed=len(doc.text)):
        reader.select_range(start, end)
        assert reader.canonical_range_of_selection() == (start, end)
        cursor = reader.textCursor()
        same_block = block_of(doc, start) == block_of(doc, end)
        if same_block or not crosses_table(doc, start, end):
            # Qt's own selection, not the remembered intent: exact positions, exact text.
            assert (cursor.selectionStart(), cursor.selectionEnd()) == (
                reader.qt_position(start),
                reader.qt_position(end),
            )
            assert selected_text(reader) == doc.text[start:end]
            checked_text += 1
        # else: Qt turns a selection across table cells into a selection of whole cells; the
        # reader remembers the requested range (checked above).
    assert checked_text > 100


def test_a_selection_the_user_makes_maps_through_the_positions(reader: ReaderView) -> None:
    doc = rich_document()
    reader.set_document(doc)
    start = doc.text.index("licence")
    cursor = QTextCursor(reader.document())
    cursor.setPosition(reader.qt_position(start))
    cursor.setPosition(reader.qt_position(start + 7), QTextCursor.MoveMode.KeepAnchor)
    reader.setTextCursor(cursor)
    assert reader.canonical_range_of_selection() == (start, start + 7)
    # Across cells of a table Qt selects whole cells; the mapping reports what is selected.
    a, b = doc.text.index("TPP"), doc.text.index("total")
    cursor.setPosition(reader.qt_position(a + 1))
    cursor.setPosition(reader.qt_position(b + 2), QTextCursor.MoveMode.KeepAnchor)
    reader.setTextCursor(cursor)
    assert reader.canonical_range_of_selection() == (a, b + len("total"))


@pytest.mark.parametrize("name", sorted(ALL_DOCUMENTS))
def test_highlights_paint_exactly_their_range(reader: ReaderView, name: str) -> None:
    doc = ALL_DOCUMENTS[name]()
    reader.set_document(doc)
    for start, end in sample_ranges(doc, 120, seed=7):
        reader.set_highlights([(1, start, end, "green")])
        segments = reader.extra_selection_ranges()
        painted = [
            (s.cursor.selectionStart(), s.cursor.selectionEnd()) for s in reader.extraSelections()
        ]
        assert painted == segments
        expected_text = doc.text[start:end].split("\n")
        assert [
            doc.text[reader.canonical_offset(s) : reader.canonical_offset(e)] for s, e in segments
        ] == [part for part in expected_text if part]
        if not segments:  # only newlines and empty blocks: nothing to paint
            assert not doc.text[start:end].strip("\n")
        elif block_of(doc, start) == block_of(doc, end):
            assert segments == [(reader.qt_position(start), reader.qt_position(end))]
        else:
            if doc.text[start] != "\n":
                assert segments[0][0] == reader.qt_position(start)
            if doc.text[end - 1] != "\n":
                assert segments[-1][1] == reader.qt_position(end)
        for s, e in segments:  # never across a block: Qt would widen it
            assert reader.document().findBlock(s) == reader.document().findBlock(e)


def test_highlights_do_not_touch_the_document_formats(reader: ReaderView) -> None:
    doc = rich_document()
    reader.set_document(doc)
    before = reader.document().toHtml()
    reader.set_highlights([(1, 0, len(doc.text), "yellow")])
    reader.mark_ranges([(3, 9)])
    assert reader.document().toHtml() == before


def test_highlight_at_and_click(reader: ReaderView, qtbot) -> None:
    doc = rich_document()
    reader.set_document(doc)
    start = doc.text.index("Findings")
    inner = doc.text.index("ind")
    reader.set_highlights([(7, start, start + 8, "blue"), (9, inner, inner + 3, "pink")])
    assert reader.highlight_at(reader.qt_position(start)) == 7
    assert reader.highlight_at(reader.qt_position(inner + 1)) == 9  # innermost wins
    assert reader.highlight_at(reader.qt_position(start + 8)) is None
    assert reader.highlight_at(-1) is None

    cursor = QTextCursor(reader.document())
    cursor.setPosition(reader.qt_position(start + 6))  # between "g" and "s"
    rect = reader.cursorRect(cursor)
    point = QPoint(rect.x() + 3, rect.center().y())  # on the "s"
    assert reader.character_at(point) == reader.qt_position(start + 6)
    with qtbot.waitSignal(reader.highlight_clicked, timeout=1000) as blocker:
        qtbot.mouseClick(reader.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert blocker.args == [7]


def test_marks_have_their_own_style(reader: ReaderView) -> None:
    doc = rich_document()
    reader.set_document(doc)
    reader.set_highlights([(1, 0, 5, "orange")])
    reader.mark_ranges([(10, 14), (20, 22)])
    selections = reader.extraSelections()
    assert len(selections) == 3
    colors = {s.format.background().color().name(QColor.NameFormat.HexArgb) for s in selections}
    assert len(colors) == 2


def test_links_open_externally_only_when_clicked(reader: ReaderView, qtbot, monkeypatch) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(
        "briefreader.gui.reader_view.QDesktopServices.openUrl", lambda url: opened.append(url)
    )
    doc = rich_document()
    reader.set_document(doc)
    assert opened == []
    at = doc.text.index("Federal Register")
    cursor = QTextCursor(reader.document())
    cursor.setPosition(reader.qt_position(at + 3))
    rect = reader.cursorRect(cursor)
    with qtbot.waitSignal(reader.link_clicked, timeout=1000) as blocker:
        qtbot.mouseClick(reader.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args[0].toString() == "https://www.federalregister.gov/"
    assert [u.toString() for u in opened] == ["https://www.federalregister.gov/"]
    reader.anchorClicked.emit(QUrl("javascript:alert(1)"))
    reader.anchorClicked.emit(QUrl("file:///etc/passwd"))
    assert len(opened) == 1
    assert reader.document() is not None and reader.document_model is doc  # never navigated


def test_fragment_links_scroll_to_the_heading(reader: ReaderView) -> None:
    reader.set_document(long_document())
    reader.anchorClicked.emit(QUrl("#part-5"))
    assert reader.verticalScrollBar().value() > 0
    here = reader.current_offset()
    assert reader.document_model.text[here:].startswith("Part 5")


def test_selection_signal_carries_canonical_offsets(reader: ReaderView, qtbot) -> None:
    doc = rich_document()
    reader.set_document(doc)
    start = doc.text.index("中文")
    with qtbot.waitSignal(reader.selection_changed_canonical, timeout=1000) as blocker:
        reader.select_range(start, start + 4)
    assert blocker.args == [start, start + 4]


def test_find_wraps_around_and_counts(reader: ReaderView, qtbot) -> None:
    doc = long_document(30)
    reader.set_document(doc)
    total = doc.text.count("Paragraph")
    assert reader.find_count("paragraph") == total
    with qtbot.waitSignal(reader.find_result) as blocker:
        assert reader.find("PARAGRAPH")
    assert blocker.args == [1, total]
    first = reader.canonical_range_of_selection()
    assert doc.text[first[0] : first[1]] == "Paragraph"
    for _ in range(total - 1):
        assert reader.find("paragraph")
    with qtbot.waitSignal(reader.find_result) as blocker:
        assert reader.find("paragraph")  # wraps to the first
    assert blocker.args == [1, total]
    assert reader.canonical_range_of_selection() == first
    with qtbot.waitSignal(reader.find_result) as blocker:
        assert reader.find("paragraph", backward=True)  # wraps to the last
    assert blocker.args == [total, total]
    assert not reader.find("no such words")
    assert not reader.find("")


def test_scroll_to_offset_and_current_offset(reader: ReaderView) -> None:
    doc = long_document()
    reader.set_document(doc)
    target = doc.text.index("Paragraph 300:")
    reader.scroll_to_offset(target)
    assert reader.verticalScrollBar().value() > 0
    assert abs(reader.current_offset() - target) < 5
    reader.scroll_to_offset(0)
    assert reader.current_offset() == 0


def test_select_range_reveals_the_start(reader: ReaderView) -> None:
    doc = long_document()
    reader.set_document(doc)
    target = doc.text.index("Paragraph 250:")
    reader.select_range(target, target + 9)
    cursor = QTextCursor(reader.document())
    cursor.setPosition(reader.qt_position(target))
    assert reader.viewport().rect().contains(reader.cursorRect(cursor).center())


def test_pdf_pages_are_marked_without_characters(reader: ReaderView) -> None:
    doc = pdf_document(30)
    reader.set_document(doc)
    marked = {}
    block = reader.document().begin()
    while block.isValid():
        page = block.blockFormat().intProperty(PROP_PAGE)
        if page:
            marked[int(page)] = reader.canonical_offset(block.position())
        block = block.next()
    assert marked == {i + 1: offset for i, offset in enumerate(doc.pages)}
    assert reader.document().toPlainText() == doc.text
    reader.grab()  # paints the page markers
    reader.scroll_to_offset(doc.pages[11])
    assert reader.current_page() == 12


def test_lists_quotes_and_code_add_no_characters(reader: ReaderView) -> None:
    doc = rich_document()
    reader.set_document(doc)
    plain = reader.document().toPlainText()
    # Table cells are separated by frame characters in Qt, by "\n" in the canonical text.
    assert plain.replace("\ufdd0", "\n").replace("\ufdd1", "\n") == doc.text.replace(
        "\ufdd0", "\n"
    ) or len(plain) >= len(doc.text)
    for block in doc.blocks:
        if block.kind == "list_item":
            qt_block = reader.document().findBlock(reader.qt_position(block.start))
            assert qt_block.textList() is not None
            assert qt_block.text() == doc.text[block.start : block.end]


def test_zoom_shortcuts_change_the_font_and_keep_the_mapping(reader: ReaderView, qtbot) -> None:
    doc = rich_document()
    reader.set_document(doc)
    size = reader.point_size
    reader.setFocus()
    qtbot.keyClick(reader, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert reader.point_size == size + 1
    assert reader.document().defaultFont().pointSizeF() == size + 1
    qtbot.keyClick(reader, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(reader, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert reader.point_size == size - 1
    reader.zoom_reset()
    assert reader.point_size == size
    reader.select_range(5, 25)
    assert reader.canonical_range_of_selection() == (5, 25)


def test_text_column_has_a_comfortable_measure(reader: ReaderView) -> None:
    reader.resize(1600, 800)
    reader.set_document(rich_document())
    root = reader.document().rootFrame().frameFormat()
    width = reader.viewport().width() - root.leftMargin() - root.rightMargin()
    chars = width / reader.fontMetrics().averageCharWidth()
    assert 55 < chars < 100
    assert root.leftMargin() == pytest.approx(root.rightMargin())
    reader.set_font_kind("sans")
    assert reader.font_kind == "sans"
    assert reader.canonical_offset(reader.qt_position(40)) == 40


def test_reopen_reuses_the_cached_document(reader: ReaderView) -> None:
    first, second = rich_document(), pdf_document()
    reader.set_document(first)
    built = reader.document()
    reader.set_document(second)
    reader.set_document(first)
    assert reader.document() is built
    assert reader.renderer.hits == 1
    reader.select_range(3, 9)
    assert reader.canonical_range_of_selection() == (3, 9)


def test_theme_switch_keeps_highlights_and_position(reader: ReaderView) -> None:
    doc = long_document()
    reader.set_document(doc)
    first = doc.blocks[3]
    reader.set_highlights([(4, first.start, first.end, "purple")])
    target = doc.text.index("Paragraph 120:")
    reader.scroll_to_offset(target)
    reader.set_theme("dark")
    assert reader.dark
    assert [h.annotation_id for h in reader.highlights()] == [4]
    assert abs(reader.current_offset() - target) < 5
    assert len(reader.extraSelections()) == 1


def test_tables_at_the_edges_and_empty_documents(reader: ReaderView) -> None:
    doc = table_first_document()
    reader.set_document(doc)
    assert reader.qt_position(0) > 0  # Qt keeps an empty block before a leading table
    assert reader.canonical_offset(0) == 0
    reader.set_document(empty_document())
    assert reader.qt_position(3) == 0
    assert reader.canonical_range_of_selection() is None
    reader.set_document(None)
    assert reader.document_model is None
    assert reader.current_offset() == 0


def test_local_images_are_shown_and_remote_ones_never(reader: ReaderView, tmp_path) -> None:
    from pathlib import Path

    from PySide6.QtGui import QImage

    from briefreader.core.formats.documents import load_document

    figure = QImage(40, 20, QImage.Format.Format_RGB32)
    figure.fill(QColor("#3366cc"))
    (tmp_path / "figs").mkdir()
    assert figure.save(str(tmp_path / "figs" / "chart.png"))
    page = tmp_path / "brief.md"
    page.write_text(
        "# Brief\n\nBefore.\n\n![Tariff chart](figs/chart.png)\n\n"
        "![Remote](https://example.com/x.png)\n\n![Missing](figs/none.png)\n\nAfter.\n",
        encoding="utf-8",
    )
    doc = load_document(Path(page))
    reader.set_document(doc)
    names = []
    block = reader.document().begin()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            fmt = fragments.fragment().charFormat()
            if fmt.isImageFormat():
                names.append(fmt.toImageFormat().name())
            fragments += 1
        block = block.next()
    assert names == ["briefreader-image:0"]  # the local one only
    shown = reader.document().resource(1, QUrl(names[0]))  # 1: ImageResource
    assert isinstance(shown, QImage) and shown.width() == 40
    text = doc.text
    assert "[Image: Tariff chart]" in text and "[Image: Remote]" in text
    positions = [reader.qt_position(o) for o in range(len(text) + 1)]
    assert positions == sorted(set(positions))
    assert [reader.canonical_offset(p) for p in positions] == list(range(len(text) + 1))
    start = text.index("Before")
    end = text.index("After") + len("After")
    reader.select_range(start, end)
    assert reader.canonical_range_of_selection() == (start, end)
