"""The real MainWindow: first run, indexing in the background, settings, errors, shortcuts."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QApplication
from sample_library import write_library

from briefreader.core.library import Library
from briefreader.gui import launch
from briefreader.gui.main_window import MainWindow
from briefreader.gui.settings import Settings
from briefreader.paths import bundled_content_dir

LONG = 60_000  # ms: generous, for a slow and busy machine


# ---------------------------------------------------------------------- helpers (also used by
# test_journey)


def make_window(
    qtbot,
    tmp_path: Path,
    folders: list[Path] | None = None,
    *,
    start_indexing: bool = True,
    name: str = "window",
) -> tuple[MainWindow, Library, Settings]:
    """A shown MainWindow on its own data dir and INI settings file."""
    library = Library.open(tmp_path / f"{name}-data")
    settings = Settings.at_path(str(tmp_path / f"{name}-settings.ini"))
    window = MainWindow(library, settings, folders or [], start_indexing=start_indexing)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window, library, settings


def wait_indexed(qtbot, window: MainWindow, runs: int = 1) -> None:
    qtbot.waitUntil(
        lambda: window.controllers.indexer.runs >= runs and not window.controllers.indexer.busy,
        timeout=LONG,
    )


def close_window(window: MainWindow, library: Library) -> None:
    window.close()
    QApplication.processEvents()
    library.close()


@pytest.fixture
def indexed_window(qtbot, tmp_path: Path):
    folder = write_library(tmp_path / "library")
    window, library, _settings = make_window(qtbot, tmp_path, [folder])
    wait_indexed(qtbot, window)
    yield window, library, folder
    close_window(window, library)


def doc_id_of(library: Library, name: str) -> str:
    return next(r.doc_id for r in library.documents() if r.path.endswith(name))


# ---------------------------------------------------------------------- first run, indexing


def test_first_run_opens_the_bundled_library(qtbot, tmp_path: Path) -> None:
    window, library, _ = make_window(qtbot, tmp_path)
    try:
        wait_indexed(qtbot, window)
        assert library.folders() == [bundled_content_dir().resolve()]
        assert len(library.documents()) >= 5
        count = len(library.documents())  # the pane reads the catalog in the background
        qtbot.waitUntil(lambda: window.panes.library_panel.model.rowCount() == count, timeout=LONG)
        assert "documents" in window.panes.library_panel.count_label.text()
        assert not window.status.progress.isVisible()
    finally:
        close_window(window, library)


def test_progress_shows_while_indexing_and_search_works_after(indexed_window, qtbot) -> None:
    window, _library, _folder = indexed_window
    started = []
    window.controllers.indexer.started.connect(
        lambda: started.append(window.status.progress.isVisible())
    )
    window.actions_["reindex"].trigger()
    assert started == [True]
    assert window.status.cancel_button.isVisible()
    wait_indexed(qtbot, window, runs=2)
    assert not window.status.cancel_button.isVisible()
    assert "up to date" in window.status.currentMessage().lower()
    assert window.status.problems_button.isVisible()  # broken.md could not be read
    window.panes.search_panel.set_query("vehicle")
    qtbot.waitUntil(lambda: window.panes.search_panel.documents.rowCount() > 0, timeout=LONG)


def test_cancel_indexing_ends_the_run_cleanly(qtbot, tmp_path: Path) -> None:
    folder = write_library(tmp_path / "library")
    window, library, _ = make_window(qtbot, tmp_path, [folder], start_indexing=False)
    try:
        window.controllers.indexing.start_up([folder])
        window.status.cancel_button.click()
        wait_indexed(qtbot, window)
        assert window.controllers.indexer.last_report is not None
        assert not window.status.progress.isVisible()
    finally:
        close_window(window, library)


def test_problems_dialog_lists_unreadable_files(indexed_window, qtbot) -> None:
    window, _library, _folder = indexed_window
    window.controllers.indexing.show_problems()
    dialog = window.feedback.active_dialog
    assert dialog is not None
    assert "broken.md" in dialog.as_text()
    dialog.reject()
    qtbot.waitUntil(lambda: window.feedback.active_dialog is None)


@pytest.mark.slow
def test_changed_file_on_disk_is_reindexed(indexed_window, qtbot) -> None:
    window, library, folder = indexed_window
    qtbot.waitUntil(lambda: window.controllers.indexer.watcher.watched_count() > 0, timeout=LONG)
    runs = window.controllers.indexer.runs
    (folder / "new-brief.md").write_text(
        "# Rare earth magnets\n\nGallium and germanium licences.\n", encoding="utf-8"
    )
    wait_indexed(qtbot, window, runs=runs + 1)
    qtbot.waitUntil(
        lambda: any(r.path.endswith("new-brief.md") for r in library.documents()), timeout=LONG
    )


def drop_mime(mime: QMimeData, *paths: Path) -> QMimeData:
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return mime


def drop_event(mime: QMimeData, *paths: Path) -> QDropEvent:
    """A drop of ``paths``; ``mime`` must outlive the event (it does not own it)."""
    return QDropEvent(
        QPoint(10, 10).toPointF(),
        Qt.DropAction.CopyAction,
        drop_mime(mime, *paths),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )


def test_dropping_a_file_adds_it_alone_and_a_folder_as_a_folder(
    indexed_window, qtbot, tmp_path: Path
) -> None:
    window, library, _folder = indexed_window
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "memo.txt").write_text("Semiconductor tariffs memo\n", encoding="utf-8")
    (extra / "other.txt").write_text("Not dropped\n", encoding="utf-8")
    mime = QMimeData()
    window.panes.library_panel.dropEvent(drop_event(mime, extra / "memo.txt"))
    assert library.files() == [(extra / "memo.txt").resolve()]
    assert extra.resolve() not in library.folders()
    assert window.statusBar().currentMessage().startswith("Added to the library: memo.txt")
    wait_indexed(qtbot, window, runs=2)
    paths = {Path(r.path).name for r in library.documents()}
    assert "memo.txt" in paths and "other.txt" not in paths
    # dropped anywhere on the window (here: its main area), a folder joins as a folder
    more = tmp_path / "more"
    more.mkdir()
    (more / "brief.md").write_text("# Dropped brief\n\nText.\n", encoding="utf-8")
    target = window.panes.reader_area  # Qt delivers the drop where the drag entered
    enter = QDragEnterEvent(
        QPoint(10, 10),
        Qt.DropAction.CopyAction,
        drop_mime(mime, more),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    assert QApplication.sendEvent(target, enter)
    assert QApplication.sendEvent(target, drop_event(mime, more))
    assert more.resolve() in library.folders()
    wait_indexed(qtbot, window, runs=3)
    assert "Dropped brief" in {r.title for r in library.documents()}


def test_add_files_and_the_library_folders_dialog(
    indexed_window, qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QFileDialog

    from briefreader.gui.dialogs.library_roots import LibraryRootsDialog

    window, library, folder = indexed_window
    lone = tmp_path / "downloads" / "lone.md"
    lone.parent.mkdir()
    lone.write_text("# Lone memo\n\nSolar tariffs.\n", encoding="utf-8")
    monkeypatch.setattr(
        QFileDialog, "getOpenFileNames", lambda *_a, **_k: ([str(lone)], "Documents")
    )
    window.actions_["add_files"].trigger()
    wait_indexed(qtbot, window, runs=2)
    assert "Lone memo" in {r.title for r in library.documents()}

    window.actions_["library_roots"].trigger()
    dialog = window.feedback.active_dialog
    assert isinstance(dialog, LibraryRootsDialog)
    assert dialog.roots() == [folder.resolve(), lone.resolve()]
    assert dialog.select(lone.resolve()) and not dialog.rescan.isEnabled()  # a file
    assert dialog.select(folder.resolve()) and dialog.rescan.isEnabled()
    (folder / "fresh.md").write_text("# Fresh\n\nNew text.\n", encoding="utf-8")
    dialog.rescan.click()
    wait_indexed(qtbot, window, runs=3)
    assert "Fresh" in {r.title for r in library.documents()}
    assert dialog.select(lone.resolve())
    dialog.remove.click()
    assert dialog.roots() == [folder.resolve()]
    assert window.statusBar().currentMessage() == "Removed from the library: lone.md"
    wait_indexed(qtbot, window, runs=4)
    assert "Lone memo" not in {r.title for r in library.documents()}
    dialog.reject()


# ---------------------------------------------------------------------- reading


def test_reading_position_is_restored(qtbot, tmp_path: Path) -> None:
    folder = tmp_path / "library"
    folder.mkdir()
    paragraphs = "\n\n".join(f"Paragraph {i} on trade talks and tariffs." for i in range(400))
    (folder / "long.md").write_text(f"# Long brief\n\n{paragraphs}\n", encoding="utf-8")
    (folder / "short.md").write_text("# Short\n\nA short note.\n", encoding="utf-8")
    window, library, _ = make_window(qtbot, tmp_path, [folder])
    try:
        wait_indexed(qtbot, window)
        long_id, short_id = doc_id_of(library, "long.md"), doc_id_of(library, "short.md")
        window.controllers.reading.open_document(long_id)
        text = window.controllers.document.document.text
        window.panes.reader.scroll_to_offset(text.index("Paragraph 200 "))
        here = window.panes.reader.current_offset()
        assert here > 0
        window.controllers.reading.open_document(short_id)
        assert library.reading_position(long_id) == here
        window.controllers.reading.open_document(long_id)
        assert window.panes.reader.current_offset() == here
    finally:
        close_window(window, library)
    # a new window opens the document that was open, at the same place
    again, library, _ = make_window(qtbot, tmp_path, [folder])
    try:
        qtbot.waitUntil(lambda: again.controllers.document.doc_id == long_id, timeout=LONG)
        assert again.panes.reader.current_offset() == here
        wait_indexed(qtbot, again)
    finally:
        close_window(again, library)


def test_a_hit_far_down_a_long_document_is_shown(qtbot, tmp_path: Path) -> None:
    folder = tmp_path / "library"
    folder.mkdir()
    paragraphs = [f"Paragraph {i} on trade talks and tariffs." for i in range(400)]
    paragraphs[350] = "The magnesium quota is set out here."
    (folder / "long.md").write_text("# Long\n\n" + "\n\n".join(paragraphs), encoding="utf-8")
    window, library, _ = make_window(qtbot, tmp_path, [folder])
    try:
        wait_indexed(qtbot, window)
        window.panes.search_panel.set_query("magnesium")
        documents = window.panes.search_panel.documents
        qtbot.waitUntil(lambda: documents.rowCount() == 1, timeout=LONG)
        window.panes.search_panel.hit_activated.emit(documents.hit(0))
        target = window.controllers.document.last_target
        text = window.controllers.document.document.text
        assert text[target:].startswith("magnesium")
        reader = window.panes.reader
        cursor = reader.textCursor()
        cursor.setPosition(reader.qt_position(target))
        assert reader.viewport().rect().contains(reader.cursorRect(cursor).center())
        assert window.controllers.document.marks == [(target, target + len("magnesium"))]
        position = window.status.position.text()  # the status bar says what the figure is
        assert position.endswith("% of the document")
        assert 50 < int(position.split("%")[0]) < 100
    finally:
        close_window(window, library)


def test_outline_click_scrolls_the_reader(indexed_window, qtbot) -> None:
    window, library, _folder = indexed_window
    window.controllers.reading.open_document(doc_id_of(library, "chips.md"))
    outline = window.panes.outline_panel
    assert outline.heading_count() == 2
    item = outline.tree.topLevelItem(0).child(0)
    assert item.text(0) == "Equipment"
    with qtbot.waitSignal(outline.scroll_requested) as blocker:
        outline._activated(item)
    assert window.controllers.document.document.text[blocker.args[0] :].startswith("Equipment")


def test_find_bar_finds_next_and_previous(indexed_window, qtbot) -> None:
    window, library, _folder = indexed_window
    window.controllers.reading.open_document(doc_id_of(library, "chips.md"))
    window.actions_["find"].trigger()
    assert window.panes.find_bar.isVisible()
    qtbot.keyClicks(window.panes.find_bar.field, "controls")
    assert window.panes.find_bar.count.text() == "1 of 3"
    window.actions_["find_next"].trigger()
    assert window.panes.find_bar.count.text() == "2 of 3"
    window.actions_["find_previous"].trigger()
    assert window.panes.find_bar.count.text() == "1 of 3"
    qtbot.keyClick(window.panes.find_bar.field, Qt.Key.Key_Escape)
    assert not window.panes.find_bar.isVisible()


def test_opening_a_deleted_file_gives_a_message(indexed_window, qtbot) -> None:
    window, library, folder = indexed_window
    doc_id = doc_id_of(library, "talks.txt")
    window.controllers.indexer.watcher.stop()
    (folder / "talks.txt").unlink()
    assert not window.controllers.reading.open_document(doc_id)
    assert "no longer on disk" in window.status.currentMessage()


# ---------------------------------------------------------------------- annotating


def test_colour_key_and_floating_toolbar_highlight(indexed_window, qtbot) -> None:
    window, library, _folder = indexed_window
    doc_id = doc_id_of(library, "vehicles.md")
    window.controllers.reading.open_document(doc_id)
    text = window.controllers.document.document.text
    start = text.index("connected vehicles with")
    window.panes.reader.setFocus()
    window.panes.reader.select_range(start, start + 18)
    qtbot.waitUntil(lambda: window.panes.selection_toolbar.isVisible())
    window.panes.selection_toolbar.buttons["blue"].click()
    annotation = library.annotations(doc_id=doc_id)[0]
    assert annotation.color == "blue"
    # same passage, another colour: recoloured, not duplicated
    window.panes.reader.select_range(start, start + 18)
    window.controllers.annotating.highlight_selection("red")
    assert [a.color for a in library.annotations(doc_id=doc_id)] == ["red"]
    window.actions_["undo"].trigger()
    assert [a.color for a in library.annotations(doc_id=doc_id)] == ["blue"]


def test_every_change_is_confirmed_and_its_undo_said(indexed_window, qtbot) -> None:
    window, library, _folder = indexed_window
    status = window.statusBar()
    doc_id = doc_id_of(library, "vehicles.md")
    window.controllers.reading.open_document(doc_id)
    qtbot.waitUntil(lambda: window.controllers.document.doc_id == doc_id, timeout=LONG)
    reader = window.panes.reader
    reader.clear_selection()
    window.actions_["highlight_yellow"].trigger()
    assert status.currentMessage() == "Select a passage in the reader first."
    text = window.controllers.document.document.text
    start = text.index("connected vehicles with")
    reader.setFocus()
    reader.select_range(start, start + 18)
    assert status.currentMessage() == ""  # the hint went once it stopped being true
    window.actions_["highlight_green"].trigger()
    assert not reader.textCursor().hasSelection()  # the green shows, not the selection
    assert status.currentMessage() == "Highlight in green: saved (Ctrl+Z undoes it)"
    window.actions_["undo"].trigger()
    assert status.currentMessage().startswith("Undone: Highlight in green")
    window.actions_["redo"].trigger()
    assert status.currentMessage() == "Redone: Highlight in green"
    assert [a.color for a in library.annotations(doc_id=doc_id)] == ["green"]


def test_side_panes_menu_item_says_what_it_will_do(indexed_window) -> None:
    window, _library, _folder = indexed_window
    action = window.actions_["toggle_sidebars"]
    assert action.text() == "&Hide Side Panes"
    action.trigger()
    assert action.text() == "&Show Side Panes"
    window.controllers.view.show_right_tab(1)  # a pane shown another way
    assert action.text() == "&Hide Side Panes"


def test_a_new_search_takes_the_old_searchs_marks_away(indexed_window, qtbot) -> None:
    window, _library, _folder = indexed_window
    panel = window.panes.search_panel
    panel.set_query("vehicles")
    panel.search_now()
    documents = panel.documents
    qtbot.waitUntil(lambda: documents.rowCount() > 0, timeout=LONG)
    window.controllers.reading.open_hit(documents.hit(documents.index(0, 0)))
    qtbot.waitUntil(lambda: bool(window.controllers.document.marks), timeout=LONG)
    panel.set_query("tariffs")
    panel.search_now()
    qtbot.waitUntil(lambda: not window.controllers.document.marks, timeout=LONG)
    assert window.panes.reader._marks == []


def test_a_refused_highlight_is_a_message_not_an_undo_step(indexed_window) -> None:
    window, library, _folder = indexed_window
    doc_id = doc_id_of(library, "chips.md")
    window.controllers.reading.open_document(doc_id)
    space = window.controllers.document.document.text.index(" ")
    window.panes.reader.select_range(space, space + 1)
    assert window.controllers.annotating.highlight_selection("yellow") is None
    assert "white space" in window.status.currentMessage()
    assert library.annotations(doc_id=doc_id) == []
    assert window.controllers.annotator.stack.count() == 0
    assert not window.actions_["undo"].isEnabled()


def test_note_and_tag_dialogs_and_highlight_click(indexed_window, qtbot) -> None:
    window, library, _folder = indexed_window
    doc_id = doc_id_of(library, "chips.md")
    window.controllers.reading.open_document(doc_id)
    text = window.controllers.document.document.text
    start = text.index("Entity List")
    window.panes.reader.select_range(start, start + len("Entity List"))
    window.actions_["note"].trigger()
    dialog = window.feedback.active_dialog
    dialog.edit.setPlainText("Check the count")
    dialog.accept()
    annotation = library.annotations(doc_id=doc_id)[0]
    assert annotation.note == "Check the count"
    window.panes.reader.select_range(start, start + len("Entity List"))
    window.actions_["tag"].trigger()
    window.feedback.active_dialog.edit.setText("entity-list")
    window.feedback.active_dialog.accept()
    assert library.annotation(annotation.id).tags == ("entity-list",)
    window.controllers.view.show_right_tab(0)
    window.panes.reader.highlight_clicked.emit(annotation.id)
    assert window.panes.right_tabs.currentWidget() is window.panes.annotations_panel
    assert window.panes.annotations_panel.selected().id == annotation.id
    assert "Check the count" in window.status.currentMessage()


def test_delete_is_undone_with_restore(indexed_window) -> None:
    window, library, _folder = indexed_window
    doc_id = doc_id_of(library, "chips.md")
    annotation = library.annotate_quote(doc_id, "high-bandwidth memory", note="HBM")
    window.controllers.reading.open_document(doc_id)
    panel = window.panes.annotations_panel
    assert panel.select_annotation(annotation.id)
    panel.delete_button.click()
    assert library.annotation(annotation.id) is None
    assert panel.shown() == []
    window.actions_["undo"].trigger()
    restored = library.annotation(annotation.id)
    assert restored.uuid == annotation.uuid and restored.note == "HBM"
    assert [a.id for a in panel.shown()] == [annotation.id]


def test_document_tags_and_note(indexed_window) -> None:
    window, library, _folder = indexed_window
    doc_id = doc_id_of(library, "vehicles.md")
    window.controllers.reading.open_document(doc_id)
    window.actions_["tag_document"].trigger()
    dialog = window.feedback.active_dialog
    dialog.edit.setText(", ".join([*library.record(doc_id).tags, "priority"]))
    dialog.accept()
    assert "priority" in library.record(doc_id).tags
    window.actions_["note_document"].trigger()
    window.feedback.active_dialog.edit.setPlainText("Read before Monday")
    window.feedback.active_dialog.accept()
    assert library.record(doc_id).note == "Read before Monday"
    assert "Read before Monday" in window.panes.header.note.text()
    window.actions_["undo"].trigger()
    window.actions_["undo"].trigger()
    assert "priority" not in library.record(doc_id).tags
    assert library.record(doc_id).note == ""


def test_library_wide_annotations_view(indexed_window) -> None:
    window, library, _folder = indexed_window
    chips, vehicles = doc_id_of(library, "chips.md"), doc_id_of(library, "vehicles.md")
    library.annotate_quote(chips, "Entity List", color="red", tags=["disputed"])
    library.annotate_quote(vehicles, "Russian software", color="green")
    window.actions_["all_annotations"].trigger()
    panel = window.panes.annotations_panel
    assert len(panel.shown()) == 2
    panel.color_filter.setCurrentIndex(panel.color_filter.findData("red"))
    assert [a.doc_id for a in panel.shown()] == [chips]
    panel.color_filter.setCurrentIndex(0)
    panel.search.setText("russian")
    assert [a.doc_id for a in panel.shown()] == [vehicles]
    panel.search.setText("")
    panel.tag_filter.setCurrentIndex(panel.tag_filter.findData("disputed"))
    assert [a.doc_id for a in panel.shown()] == [chips]


def test_orphan_is_reattached_to_a_selection(indexed_window, qtbot) -> None:
    window, library, folder = indexed_window
    doc_id = doc_id_of(library, "vehicles.md")
    annotation = library.annotate_quote(doc_id, "automated driving systems", note="ADS")
    path = folder / "sub" / "vehicles.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "Vehicle connectivity systems and automated driving systems are covered.",
            "Only hardware is named.",
        ),
        encoding="utf-8",
    )
    runs = window.controllers.indexer.runs
    window.actions_["reindex"].trigger()
    wait_indexed(qtbot, window, runs=runs + 1)
    assert library.annotation(annotation.id).status == "orphaned"
    window.controllers.reading.open_document(doc_id)
    panel = window.panes.annotations_panel
    assert panel.select_annotation(annotation.id)
    assert not panel.reattach_button.isHidden()
    text = window.controllers.document.document.text
    start = text.index("hardware")
    window.panes.reader.select_range(start, start + len("hardware"))
    assert panel.reattach_button.isEnabled()
    panel.reattach_button.click()
    fixed = library.annotation(annotation.id)
    assert fixed.status == "anchored" and fixed.anchor.exact == "hardware"
    window.actions_["undo"].trigger()
    assert library.annotation(annotation.id).status == "orphaned"


def test_saved_search_appears_in_the_library_pane(indexed_window, qtbot) -> None:
    window, library, _folder = indexed_window
    window.panes.search_panel.set_query("vehicle")
    window.panes.search_panel.save_button.click()
    assert library.saved_searches() == [("vehicle", "vehicle")]
    window.panes.search_panel.set_query("", search=False)
    assert window.panes.library_panel.select_section("saved", "vehicle")
    assert window.panes.search_panel.query() == "vehicle"
    qtbot.waitUntil(lambda: window.panes.search_panel.documents.rowCount() > 0, timeout=LONG)
    window.panes.library_panel.delete_saved_search_requested.emit("vehicle")
    assert library.saved_searches() == []


def test_fuzzy_annotation_is_confirmed(indexed_window, qtbot) -> None:
    window, library, folder = indexed_window
    doc_id = doc_id_of(library, "chips.md")
    quote = "adds 140 entities to the Entity List and expands"
    annotation = library.annotate_quote(doc_id, quote)
    path = folder / "chips.md"
    edited = "adds 141 entities to the Entity-List and expands"
    path.write_text(path.read_text(encoding="utf-8").replace(quote, edited), encoding="utf-8")
    runs = window.controllers.indexer.runs
    window.actions_["reindex"].trigger()
    wait_indexed(qtbot, window, runs=runs + 1)
    assert library.annotation(annotation.id).status == "fuzzy"
    assert "need attention" in window.status.currentMessage()
    window.controllers.reading.open_document(doc_id)
    panel = window.panes.annotations_panel
    panel.status_filter.setCurrentIndex(panel.status_filter.findData("attention"))
    assert [a.id for a in panel.shown()] == [annotation.id]
    assert panel.select_annotation(annotation.id)
    panel.confirm_button.click()
    assert library.annotation(annotation.id).status == "anchored"
    assert panel.shown() == []  # nothing needs attention any more
    window.actions_["undo"].trigger()
    assert library.annotation(annotation.id).status == "fuzzy"


# ---------------------------------------------------------------------- settings, look


def test_geometry_and_splitters_are_remembered(qtbot, tmp_path: Path) -> None:
    window, library, _settings = make_window(qtbot, tmp_path, start_indexing=False)
    window.resize(790, 600)  # the offscreen screen is small: stay inside it
    size = window.size()
    window.panes.splitter.setSizes([180, 178, 432])
    sizes = window.panes.splitter.sizes()
    window.panes.right_tabs.setCurrentIndex(1)
    close_window(window, library)
    again, library2, _ = make_window(qtbot, tmp_path, start_indexing=False)
    try:
        assert again.size() == size
        assert again.panes.splitter.sizes() == sizes
        assert again.panes.right_tabs.currentIndex() == 1
    finally:
        close_window(again, library2)


def test_theme_and_preferences(indexed_window) -> None:
    window, library, _folder = indexed_window
    window.actions_["theme_dark"].trigger()
    assert window.settings.theme() == "dark"
    assert window.panes.reader.dark
    window.actions_["theme_light"].trigger()
    assert not window.panes.reader.dark
    window.actions_["preferences"].trigger()
    dialog = window.feedback.active_dialog
    dialog.meanings["red"].setText("disputed")
    dialog.font_size.setValue(15)
    dialog.accept()
    assert library.color_meanings()["red"] == "disputed"
    assert window.settings.font_size() == 15
    assert round(window.panes.reader.point_size) == 15


def test_shortcuts_dialog_and_keys(indexed_window) -> None:
    window, _library, _folder = indexed_window
    keys = {
        name: [s.toString() for s in window.actions_[name].shortcuts()]
        for name in ("search", "find", "undo", "redo", "shortcuts", "highlight_yellow")
    }
    assert "Ctrl+K" in keys["search"]
    assert "Ctrl+F" in keys["find"]
    assert "Ctrl+Z" in keys["undo"]
    assert "Ctrl+Shift+Z" in keys["redo"]
    assert "F1" in keys["shortcuts"]
    assert keys["highlight_yellow"] == ["1"]
    window.actions_["shortcuts"].trigger()
    dialog = window.feedback.active_dialog
    assert dialog.row_count() > 20
    dialog.reject()


def test_keys_drive_highlighting_undo_search_and_find(indexed_window, qtbot) -> None:
    window, library, _folder = indexed_window
    doc_id = doc_id_of(library, "chips.md")
    window.controllers.reading.open_document(doc_id)
    window.activateWindow()
    window.panes.reader.setFocus()
    qtbot.waitUntil(window.panes.reader.hasFocus)
    start = window.controllers.document.document.text.index("Entity List")
    window.panes.reader.select_range(start, start + len("Entity List"))
    qtbot.keyClick(window.panes.reader, Qt.Key.Key_3)
    assert [a.color for a in library.annotations(doc_id=doc_id)] == ["blue"]
    ctrl, shift = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window.panes.reader, Qt.Key.Key_Z, ctrl)
    assert library.annotations(doc_id=doc_id) == []
    qtbot.keyClick(window.panes.reader, Qt.Key.Key_Z, ctrl | shift)
    assert len(library.annotations(doc_id=doc_id)) == 1
    qtbot.keyClick(window.panes.reader, Qt.Key.Key_K, ctrl)
    assert window.panes.right_tabs.currentWidget() is window.panes.search_panel
    assert window.panes.search_panel.field.hasFocus()
    qtbot.keyClick(window.panes.search_panel.field, Qt.Key.Key_F, ctrl)
    assert window.panes.find_bar.isVisible() and window.panes.find_bar.field.hasFocus()
    assert QKeySequence("Ctrl+K") in window.actions_["search"].shortcuts()


# ---------------------------------------------------------------------- launch


def test_launch_reports_display_problems(monkeypatch, capsys) -> None:
    monkeypatch.setattr(launch, "display_problems", lambda: "no display: testing")
    assert launch.run_gui(None, []) == 1
    assert "no display: testing" in capsys.readouterr().err


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the display check is Linux's")
def test_no_display_is_reported_before_qt_is_imported(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from briefreader.gui.launch import run_gui\n"
        "rc = run_gui(None, [])\n"
        "print(rc, 'PySide6.QtWidgets' in sys.modules, 'PySide6.QtCore' in sys.modules)\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["QT_QPA_PLATFORM"] = ""
    env["BRIEFREADER_DATA_DIR"] = str(tmp_path / "data")
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.stdout.split() == ["1", "False", "False"]
    assert "no display" in done.stderr
    assert not (tmp_path / "data").exists()


def test_open_library_explains_a_corrupt_database(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "briefreader.sqlite3").write_bytes(b"this is not a database" * 100)
    library, message = launch.open_library(data)
    assert library is None
    assert "could not be opened" in message
    assert "Traceback" not in message


def test_open_library_explains_a_newer_database(tmp_path: Path) -> None:
    data = tmp_path / "data"
    Library.open(data).close()
    with sqlite3.connect(data / "briefreader.sqlite3") as db:
        db.execute("PRAGMA user_version = 999")
    library, message = launch.open_library(data)
    assert library is None
    assert "newer" in message.lower()


def test_a_burst_of_highlights_reaches_the_index_once_the_user_pauses(
    indexed_window, qtbot
) -> None:
    """The Library lets the index entries of a burst wait; the window commits them after a
    pause, so the command line searching the same library sees them without a search here."""
    from briefreader.gui.window import annotating

    window, library, _folder = indexed_window
    assert annotating.INDEX_FLUSH_MS >= 1000  # a pause, not every keystroke
    window.controllers.annotator._flush_timer.setInterval(200)
    doc_id = doc_id_of(library, "chips.md")
    for start in (0, 10, 20, 30):
        window.controllers.annotator.highlight(doc_id, start, start + 5, tags=["burst"])
    journal = library.data_dir / "journal"
    assert list(journal.glob("pending-*.json"))  # the tail of the burst waits ...
    qtbot.waitUntil(lambda: not list(journal.glob("pending-*.json")), timeout=LONG)  # ... until
    with Library.open(library.data_dir) as other:  # another process's view of the index
        assert other.search("tag:burst").total == 4


def test_start_up_messages_outlast_the_start_up_index_run(qtbot, tmp_path: Path) -> None:
    """A start-up message (the index was rebuilt, no backup could be made) is said again
    after the first index run, whose summary would otherwise replace it within a second."""
    folder = write_library(tmp_path / "library")
    library = Library.open(tmp_path / "data")
    library.startup_messages.append("Could not back up the database: zq disk full")
    settings = Settings.at_path(str(tmp_path / "settings.ini"))
    window = MainWindow(library, settings, [folder])
    qtbot.addWidget(window)
    window.show()
    try:
        wait_indexed(qtbot, window)
        qtbot.waitUntil(lambda: "zq disk full" in window.status.currentMessage(), timeout=LONG)
    finally:
        close_window(window, library)
