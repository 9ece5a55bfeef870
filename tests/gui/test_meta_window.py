"""Issue 12 in the real MainWindow: the Info dialog (edit, refuse, reset, undo), works in
the library pane and the search results, the preferred format, reading lists and the
reading status, Copy Citation, and the sample documents."""

from __future__ import annotations

from pathlib import Path

import pytest
from crs_fixtures import AUTHOR, NUMBER, PAGE_2_SENTENCE, write_crs_library
from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QInputDialog, QMessageBox, QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from briefreader.core.library import Library
from briefreader.core.models import KIND_DOCUMENT
from briefreader.gui.dialogs.export import ExportDialog
from briefreader.gui.dialogs.info import DocumentInfoDialog
from briefreader.gui.dialogs.library_roots import LibraryRootsDialog
from briefreader.gui.labels import member_name
from briefreader.gui.main_window import MainWindow
from briefreader.gui.models.library_model import BadgeRole, StatusRole
from briefreader.paths import bundled_content_dir

from .test_main_window import LONG, close_window, make_window, wait_indexed


@pytest.fixture
def crs_window(qtbot: QtBot, tmp_path: Path):
    folder = write_crs_library(tmp_path / "crs")
    window, library, _settings = make_window(qtbot, tmp_path, [folder])
    wait_indexed(qtbot, window)
    qtbot.waitUntil(lambda: window.panes.library_panel.model.rowCount() == 2, timeout=LONG)
    yield window, library
    close_window(window, library)


def doc(library: Library, name: str) -> str:
    return next(r.doc_id for r in library.documents() if r.path.endswith(name))


def opened(qtbot: QtBot, window: MainWindow, doc_id: str) -> None:
    window.controllers.reading.open_document(doc_id)
    qtbot.waitUntil(lambda: window.controllers.document.doc_id == doc_id, timeout=LONG)


def info_dialog(window: MainWindow) -> DocumentInfoDialog:
    window.actions_["document_info"].trigger()
    dialog = window.feedback.active_dialog
    assert isinstance(dialog, DocumentInfoDialog)
    return dialog


def pane_titles(window: MainWindow) -> list[str]:
    return [r.title for r in window.panes.library_panel.records()]


# ---------------------------------------------------------------------- the Info dialog


def test_the_info_dialog_edits_a_title_shown_everywhere_and_undone(
    crs_window, qtbot: QtBot
) -> None:
    window, library = crs_window
    memo = doc(library, "memo.md")
    opened(qtbot, window, memo)
    dialog = info_dialog(window)
    assert dialog.edits["title"].text() == "Trade talks memo"
    assert dialog.origins["title"].text() == "from the file"
    assert not dialog.resets["title"].isVisibleTo(dialog)

    dialog.edits["date"].setText("16 May 2024")  # refused: said in the dialog, kept open
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert "YYYY-MM-DD" in dialog.error.text() and dialog.error.isVisibleTo(dialog)
    assert window.feedback.active_dialog is dialog
    assert library.metadata_edits(memo) == {}

    dialog.edits["date"].setText("2024-05")
    dialog.edits["title"].setText("Solar tariff negotiations")
    dialog.save()
    assert window.feedback.active_dialog is None
    assert library.metadata_edits(memo) == {"title": "Solar tariff negotiations", "date": "2024-05"}
    assert window.panes.header.title.text() == "Solar tariff negotiations"
    assert window.windowTitle() == "Solar tariff negotiations — BriefReader"
    assert "2024-05" in window.panes.header.meta.text()
    assert "Solar tariff negotiations" in pane_titles(window)
    assert "Edit 2 fields of “Trade talks memo”: saved (Ctrl+Z undoes it)" in (
        window.status.currentMessage()
    )
    search = window.panes.search_panel
    search.set_query("title:negotiations")
    qtbot.waitUntil(lambda: search.documents.rowCount() == 1, timeout=LONG)
    assert search.documents.hits()[0].title == "Solar tariff negotiations"

    window.actions_["undo"].trigger()
    assert library.metadata_edits(memo) == {}
    assert window.panes.header.title.text() == "Trade talks memo"
    assert "Trade talks memo" in pane_titles(window)
    assert window.status.currentMessage().startswith("Undone: Edit 2 fields")
    qtbot.waitUntil(lambda: search.documents.rowCount() == 0, timeout=LONG)


def test_a_field_is_reset_from_the_dialog(crs_window, qtbot: QtBot) -> None:
    window, library = crs_window
    memo = doc(library, "memo.md")
    library.edit_metadata(memo, source="USTR Press Office")
    window.controllers.meta.show_info(memo)  # as the library pane's menu asks
    dialog = window.feedback.active_dialog
    assert isinstance(dialog, DocumentInfoDialog)
    assert dialog.origins["source"].text() == "edited by you"
    dialog.edits["title"].setText("Typed, not saved")
    dialog.resets["source"].click()
    assert dialog.edits["source"].text() == "Office of the USTR"
    assert dialog.origins["source"].text() == "from the file"
    assert dialog.edits["title"].text() == "Typed, not saved"  # what was typed stays
    assert library.metadata_edits(memo) == {}
    window.actions_["undo"].trigger()
    assert library.metadata_edits(memo) == {"source": "USTR Press Office"}
    dialog.reject()


# ---------------------------------------------------------------------- works


def member_index(window: MainWindow, doc_id: str) -> QModelIndex:
    model = window.panes.library_panel.model
    return model.index_of(doc_id)


def link_point(window: MainWindow, row: int, text: str) -> QPoint:
    """Where ``text`` (a link) is drawn in row ``row`` of the document hits."""
    view = window.panes.search_panel.document_list
    index = view.model().index(row, 0)
    delegate = view.itemDelegate()
    opt = QStyleOptionViewItem()
    opt.initFrom(view)
    opt.rect = view.visualRect(index)
    opt.font = view.font()
    delegate.initStyleOption(opt, index)
    document = delegate._document(opt, index)
    cursor = document.find(text)
    assert not cursor.isNull(), document.toPlainText()
    block = cursor.block()
    top = document.documentLayout().blockBoundingRect(block).top()  # lays the text out
    line = block.layout().lineForTextPosition(cursor.selectionStart() - block.position())
    assert line.isValid()
    top += line.y()
    x = line.cursorToX(cursor.selectionStart() - block.position())[0] + 4
    return QPoint(
        int(opt.rect.left() + 8 + delegate.stripe_width + x),
        int(opt.rect.top() + 8 + top + line.height() / 2),
    )


def test_a_work_is_one_row_that_opens_its_preferred_member(crs_window, qtbot: QtBot) -> None:
    window, library = crs_window
    panel = window.panes.library_panel
    md2, pdf = doc(library, f"{NUMBER}v2-china-s-15th-five-year-plan.md"), doc(library, ".pdf")
    md1 = doc(library, f"{NUMBER}v1-china-s-15th-five-year-plan.md")
    work = member_index(window, md2)
    assert not work.parent().isValid() and panel.model.rowCount(work) == 3
    assert work.data(BadgeRole) == "MD · PDF · v1 · v2"
    panel.list.clicked.emit(work)
    qtbot.waitUntil(lambda: window.controllers.document.doc_id == md2, timeout=LONG)
    pdf_row = member_index(window, pdf)
    assert pdf_row.parent() == work
    panel.list.clicked.emit(pdf_row)
    qtbot.waitUntil(lambda: window.controllers.document.doc_id == pdf, timeout=LONG)
    assert panel.list.currentIndex() == pdf_row and panel.list.isExpanded(work)
    assert member_index(window, md1).parent() == work

    # works open as PDF once that is preferred
    window.actions_["preferences"].trigger()
    prefs = window.feedback.active_dialog
    prefs.prefer_format.setCurrentIndex(prefs.prefer_format.findData("pdf"))
    prefs.accept()
    assert library.preferred_format() == "pdf"
    assert panel.model.record(member_index(window, pdf)).doc_id == pdf
    assert not member_index(window, pdf).parent().isValid()  # the work's row is the PDF


def test_search_results_link_to_the_other_members(crs_window, qtbot: QtBot) -> None:
    window, _library = crs_window
    search = window.panes.search_panel
    search.set_query("indigenous innovation")
    qtbot.waitUntil(lambda: search.documents.rowCount() == 1, timeout=LONG)
    hit = search.documents.hits()[0]
    assert hit.kind == KIND_DOCUMENT
    assert len({hit.doc_id, *(a.doc_id for a in hit.alternates)}) == 3  # one slot, 3 members
    other = hit.alternates[-1]
    label = member_name(other.format, other.version)
    html = search.document_list.itemDelegate().row_html(
        QStyleOptionViewItem(), search.documents.index(0, 0)
    )
    assert "also:" in html and label in html
    point = link_point(window, 0, label)
    assert search.alternate_links.link_at(point.toPointF()) == (hit, other.doc_id)
    QTest.mouseClick(search.document_list.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.waitUntil(lambda: window.controllers.document.doc_id == other.doc_id, timeout=LONG)
    assert window.controllers.document.marks  # the hit's words are marked there too


def test_the_facets_offer_sources_and_years(crs_window, qtbot: QtBot) -> None:
    window, _library = crs_window
    search = window.panes.search_panel
    search.set_query("plan OR tariffs")
    qtbot.waitUntil(lambda: search.documents.rowCount() == 2, timeout=LONG)
    sources = [search.facets["source"].itemData(i) for i in range(search.facets["source"].count())]
    years = [search.facets["year"].itemData(i) for i in range(search.facets["year"].count())]
    assert "Congressional Research Service (CRS)" in sources and "Office of the USTR" in sources
    assert years == [None, "2026", "2024"]  # newest first


# ---------------------------------------------------------------------- reading lists


def name_dialog(window: MainWindow, name: str) -> None:
    dialog = window.feedback.active_dialog
    assert isinstance(dialog, QInputDialog)
    dialog.setTextValue(name)
    dialog.accept()


def test_a_reading_list_made_filled_reordered_and_exported(crs_window, qtbot: QtBot) -> None:
    window, library = crs_window
    panel = window.panes.library_panel
    memo, md2 = doc(library, "memo.md"), doc(library, f"{NUMBER}v2-china-s-15th-five-year-plan.md")
    panel.new_list_requested.emit([memo])
    name_dialog(window, "  China   brief ")
    assert library.collection("China brief").doc_ids == (memo,)
    assert panel.current_list() == "China brief"
    assert window.status.currentMessage().startswith("New reading list “China brief”: saved")
    panel.add_to_list_requested.emit("China brief", [md2])
    assert [r.doc_id for r in panel.visible_records()] == [memo, md2]
    assert panel.current_list() == "China brief"

    model = panel.model  # drag the second one to the top
    model.dropMimeData(
        model.mimeData([model.index(1, 0)]), Qt.DropAction.MoveAction, 0, 0, QModelIndex()
    )
    assert library.collection("China brief").doc_ids == (md2, memo)
    assert [r.doc_id for r in panel.visible_records()] == [md2, memo]
    window.actions_["undo"].trigger()
    assert library.collection("China brief").doc_ids == (memo, md2)
    panel.remove_from_list_requested.emit("China brief", [memo])
    assert library.collection("China brief").doc_ids == (md2,)
    window.actions_["undo"].trigger()
    assert library.collection("China brief").doc_ids == (memo, md2)

    # the reading status, from the header and shown in the list
    opened(qtbot, window, memo)
    actions = window.panes.header.meta_actions
    reading = next(a for a in actions.status_menu.actions() if a.data() == "reading")
    reading.trigger()
    assert library.record(memo).reading_status == "reading"
    assert actions.status_button.text() == "Reading"
    row = model.index_of(memo)
    assert row.data(StatusRole) == "reading"
    assert window.status.currentMessage().startswith("Mark “Trade talks memo” as reading")
    panel.status_requested.emit(memo, "briefed")
    assert library.record(memo).reading_status == "briefed"
    assert panel.select_section("status", "briefed")
    assert [r.doc_id for r in panel.visible_records()] == [memo]

    panel.export_list_requested.emit("China brief")
    dialog = window.feedback.active_dialog
    assert isinstance(dialog, ExportDialog)
    assert dialog.scope.currentData() == "collection" and dialog.collection.isVisibleTo(dialog)
    assert dialog.request().collection == "China brief"
    assert "reading-list" in dialog.path.text() or "collection" in dialog.path.text()
    dialog.reject()

    panel.rename_list_requested.emit("China brief")
    name_dialog(window, "Monday brief")
    assert [c.name for c in library.collections()] == ["Monday brief"]
    assert panel.current_list() == "Monday brief"
    panel.delete_list_requested.emit("Monday brief")
    assert library.collections() == []
    window.actions_["undo"].trigger()
    assert library.collection("Monday brief").doc_ids == (memo, md2)


# ---------------------------------------------------------------------- citations


def clipboard() -> tuple[str, str]:
    mime = QGuiApplication.clipboard().mimeData()
    return mime.text(), mime.html()


def test_copy_citation_puts_text_and_html_on_the_clipboard(crs_window, qtbot: QtBot) -> None:
    window, library = crs_window
    md2 = doc(library, f"{NUMBER}v2-china-s-15th-five-year-plan.md")
    opened(qtbot, window, md2)
    window.panes.header.meta_actions.cite_button.click()
    text, html = clipboard()
    assert AUTHOR in text and "Five-Year Plan" in text and "*" not in text
    assert "<i>China" in html and "</i>" in html
    assert window.status.currentMessage() == f"Citation copied: {text}"

    document = window.controllers.document.document
    start = document.text.index(PAGE_2_SENTENCE)
    window.panes.reader.select_range(start, start + 20)
    window.panes.selection_toolbar.cite_chosen.emit()
    text, html = clipboard()
    assert "§ S&T Independence and Leadership" in text and "<i>" in html

    window.panes.reader.clear_selection()
    window.actions_["copy_citation"].trigger()  # nothing selected: the document's
    assert "§" not in clipboard()[0] and AUTHOR in clipboard()[0]

    annotation = library.annotate_quote(md2, PAGE_2_SENTENCE)
    window.panes.annotations_panel.cite_requested.emit(annotation.id)  # its context menu
    assert "§ S&T Independence and Leadership" in clipboard()[0]


# ---------------------------------------------------------------------- the samples


def test_removed_samples_stay_removed(qtbot: QtBot, tmp_path: Path) -> None:
    window, library, _settings = make_window(qtbot, tmp_path)
    try:
        wait_indexed(qtbot, window)
        sample = bundled_content_dir().resolve()
        assert library.sample_folder() == sample
        record = library.documents()[0]
        library.annotate_quote(record.doc_id, library.document(record.doc_id).text.split()[0])
        window.actions_["library_roots"].trigger()
        roots = window.feedback.active_dialog
        assert isinstance(roots, LibraryRootsDialog)
        assert roots.remove_samples.isVisibleTo(roots)
        assert "(the sample documents)" in roots.list.item(0).text()
        roots.remove_samples.click()  # they carry an annotation: asked first
        question = window.feedback.active_dialog
        assert isinstance(question, QMessageBox)
        assert "1 annotation of yours" in question.text()
        question.button(QMessageBox.StandardButton.Cancel).click()
        assert library.sample_folder() == sample
        window.actions_["remove_samples"].trigger()
        question = window.feedback.active_dialog
        assert isinstance(question, QMessageBox)
        next(b for b in question.buttons() if b.text() == "Remove Anyway").click()
        assert library.sample_folder() is None and library.folders() == []
        assert [r.doc_id for r in library.documents(include_missing=True)] == [record.doc_id]
        assert "sample documents from the library" in window.status.currentMessage()
        assert not library.offer_sample_library()
        wait_indexed(qtbot, window, runs=2)
    finally:
        close_window(window, library)
    # the next start does not bring them back
    window, library, _settings = make_window(qtbot, tmp_path)
    try:
        wait_indexed(qtbot, window)
        assert library.folders() == [] and library.sample_folder() is None
    finally:
        close_window(window, library)
