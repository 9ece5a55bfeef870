"""The panes and dialogs on their own: what they show, what they ask for, their item models."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent

from briefreader.core.models import (
    Anchor,
    AnchorStatus,
    Annotation,
    Block,
    Document,
    DocumentRecord,
    Problem,
    SearchHit,
    SearchRequest,
    SearchResults,
    Snippet,
)
from briefreader.core.sync.scan import IndexReport
from briefreader.gui.dialogs.editors import NoteEditorDialog, TagEditorDialog, parse_tags
from briefreader.gui.dialogs.preferences import Preferences, PreferencesDialog
from briefreader.gui.dialogs.problems import ProblemsDialog
from briefreader.gui.panels.annotations_panel import AnnotationsPanel
from briefreader.gui.panels.document_header import DocumentHeader
from briefreader.gui.panels.find_bar import FindBar
from briefreader.gui.panels.library_panel import LibraryPanel
from briefreader.gui.panels.outline_panel import OutlinePanel
from briefreader.gui.panels.search_panel import SearchPanel
from briefreader.gui.settings import Settings
from briefreader.gui.window.indexing import summary
from briefreader.gui.window.reading import hit_offset, hit_terms, term_ranges
from briefreader.gui.window.watcher import FolderWatcher

# ---------------------------------------------------------------------- sample values


def record(n: int, **extra: object) -> DocumentRecord:
    values = {
        "doc_id": f"d{n}",
        "path": f"/lib/doc{n}.md",
        "format": "markdown",
        "title": f"Document {n}",
        "content_hash": f"h{n}",
        "size": 10,
        "mtime": 0.0,
    }
    values.update(extra)
    return DocumentRecord(**values)


RECORDS = [
    record(1, source="CRS", tags=("tariffs",), date="2024-01-02", last_opened="2025-01-01"),
    record(2, source="CRS", tags=("export-controls", "tariffs"), title="Chips rule"),
    record(3, source="White House", tags=("export-controls",), last_opened="2025-02-01"),
]


def annotation(n: int, color: str = "yellow", **extra: object) -> Annotation:
    anchor = Anchor(f"quote {n}", "", "", n * 10, n * 10 + 7, "h")
    values = {"id": n, "uuid": f"u{n}", "doc_id": "d1", "anchor": anchor, "color": color}
    values.update(extra)
    return Annotation(**values)


def hit(n: int, kind: str = "document", **extra: object) -> SearchHit:
    values = {
        "kind": kind,
        "doc_id": f"d{n}",
        "path": f"/lib/doc{n}.md",
        "title": f"Document {n}",
        "score": 1.0,
        "snippet": Snippet("the entity list grew", 40, ((4, 10), (11, 15))),
        "source": "CRS",
        "date": "2024",
        "tags": ("tariffs",),
    }
    values.update(extra)
    return SearchHit(**values)


# ---------------------------------------------------------------------- library panel


@pytest.fixture
def library_panel(qtbot) -> LibraryPanel:
    panel = LibraryPanel()
    qtbot.addWidget(panel)
    panel.set_content(RECORDS, [("Chips", "chips AND tag:export-controls")])
    return panel


def test_library_panel_sections_and_count(library_panel: LibraryPanel) -> None:
    assert library_panel.count_label.text() == "3 documents"
    assert library_panel.select_section("tag", "export-controls")
    assert [r.doc_id for r in library_panel.visible_records()] == ["d2", "d3"]
    assert library_panel.count_label.text() == "2 of 3 documents"
    assert library_panel.select_section("source", "White House")
    assert [r.doc_id for r in library_panel.visible_records()] == ["d3"]
    assert library_panel.select_section("recent")
    assert [r.doc_id for r in library_panel.visible_records()] == ["d3", "d1"]
    assert library_panel.select_section("all")
    library_panel.filter_edit.setText("chips")
    assert [r.doc_id for r in library_panel.visible_records()] == ["d2"]


def test_library_panel_requests(library_panel: LibraryPanel, qtbot) -> None:
    with qtbot.waitSignal(library_panel.saved_search_requested) as blocker:
        library_panel.select_section("saved", "chips AND tag:export-controls")
    assert blocker.args == ["chips AND tag:export-controls"]
    library_panel.select_section("all")
    index = library_panel.model.index(0, 0)
    with qtbot.waitSignal(library_panel.open_requested) as blocker:
        library_panel.list.clicked.emit(index)
    assert blocker.args == [library_panel.model.record(index).doc_id]


def drag_enter(mime: QMimeData) -> QDragEnterEvent:
    # PySide6 only offers the QPoint constructor, which it marks deprecated.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return QDragEnterEvent(
            QPoint(5, 5),
            Qt.DropAction.CopyAction,
            mime,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )


def test_library_panel_accepts_dropped_files(library_panel: LibraryPanel, qtbot, tmp_path) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(tmp_path))])
    enter = drag_enter(mime)
    library_panel.dragEnterEvent(enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        QPoint(5, 5).toPointF(),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(library_panel.add_paths_requested) as blocker:
        library_panel.dropEvent(drop)
    assert blocker.args == [[Path(tmp_path)]]
    web = QMimeData()
    web.setUrls([QUrl("https://example.org/brief.html")])
    enter = drag_enter(web)
    library_panel.dragEnterEvent(enter)
    assert not enter.isAccepted()


# ---------------------------------------------------------------------- search panel


@pytest.fixture
def search_panel(qtbot) -> SearchPanel:
    panel = SearchPanel(debounce_ms=20)
    qtbot.addWidget(panel)
    return panel


def test_search_as_you_type_is_debounced(search_panel: SearchPanel, qtbot) -> None:
    requests: list[SearchRequest] = []
    search_panel.search_requested.connect(requests.append)
    qtbot.keyClicks(search_panel.field, "tariff")
    qtbot.waitUntil(lambda: len(requests) == 1)
    assert requests[0].text == "tariff"
    qtbot.wait(100)
    assert len(requests) == 1  # one request for the whole word


def test_results_facets_and_suggestion(search_panel: SearchPanel, qtbot) -> None:
    requests: list[SearchRequest] = []
    search_panel.search_requested.connect(requests.append)
    search_panel.set_query("tarifs")
    results = SearchResults(
        hits=(hit(1), hit(2, "annotation", annotation_id=7, color="red")),
        total=2,
        suggestion="tariffs",
        facets={"tag": (("tariffs", 2),), "source": (("CRS", 2),), "year": (("2024", 2),)},
    )
    search_panel.show_results(requests[-1], results)
    assert search_panel.documents.rowCount() == 1
    assert search_panel.annotations.rowCount() == 1
    assert "Did you mean" in search_panel.status.text()
    tag = search_panel.facets["tag"]
    assert tag.itemText(1) == "tariffs  (2)"
    tag.setCurrentIndex(1)
    assert requests[-1].tags == ("tariffs",)
    year = search_panel.facets["year"]
    year.setCurrentIndex(1)
    assert (requests[-1].date_from, requests[-1].date_to) == ("2024", "2024")
    search_panel.sort.setCurrentIndex(1)
    assert requests[-1].sort == "date"
    search_panel.status.linkActivated.emit("suggest")
    assert search_panel.field.text() == "tariffs"
    assert requests[-1].text == "tariffs"


def test_stale_results_are_dropped(search_panel: SearchPanel) -> None:
    search_panel.set_query("first")
    old = search_panel.current_request()
    search_panel.set_query("second")
    search_panel.show_results(old, SearchResults(hits=(hit(1),), total=1))
    assert search_panel.documents.rowCount() == 0


def test_activating_a_hit_asks_to_open_it(search_panel: SearchPanel, qtbot) -> None:
    requests: list[SearchRequest] = []
    search_panel.search_requested.connect(requests.append)
    search_panel.set_query("entity")
    search_panel.show_results(requests[-1], SearchResults(hits=(hit(1),), total=1))
    with qtbot.waitSignal(search_panel.hit_activated) as blocker:
        search_panel.document_list.clicked.emit(search_panel.documents.index(0, 0))
    assert blocker.args[0].doc_id == "d1"


# ---------------------------------------------------------------------- annotations panel


@pytest.fixture
def annotations_panel(qtbot) -> AnnotationsPanel:
    panel = AnnotationsPanel()
    qtbot.addWidget(panel)
    panel.set_annotations(
        [
            annotation(1, "red", tags=("disputed",), note="check"),
            annotation(2, "green", status=AnchorStatus.FUZZY),
            annotation(3, "red", status=AnchorStatus.ORPHANED),
        ]
    )
    return panel


def test_annotations_filters(annotations_panel: AnnotationsPanel) -> None:
    panel = annotations_panel
    assert [a.id for a in panel.shown()] == [1, 2, 3]
    panel.color_filter.setCurrentIndex(panel.color_filter.findData("red"))
    assert [a.id for a in panel.shown()] == [1, 3]
    panel.tag_filter.setCurrentIndex(panel.tag_filter.findData("disputed"))
    assert [a.id for a in panel.shown()] == [1]
    panel.tag_filter.setCurrentIndex(0)
    panel.color_filter.setCurrentIndex(0)
    panel.status_filter.setCurrentIndex(panel.status_filter.findData("attention"))
    assert [a.id for a in panel.shown()] == [2, 3]
    panel.status_filter.setCurrentIndex(0)
    panel.search.setText("quote 2")
    assert [a.id for a in panel.shown()] == [2]


def test_annotation_editor_asks_for_changes(annotations_panel: AnnotationsPanel, qtbot) -> None:
    panel = annotations_panel
    assert panel.select_annotation(1)
    panel.edit_note.setPlainText("check again")
    panel.edit_tags.setText("disputed, later")
    with qtbot.waitSignal(panel.update_requested) as blocker:
        panel.save_button.click()
    assert blocker.args == [1, {"note": "check again", "tags": ("disputed", "later")}]
    with qtbot.waitSignal(panel.update_requested) as blocker:
        panel.edit_color.setCurrentIndex(panel.edit_color.findData("blue"))
    assert blocker.args == [1, {"color": "blue"}]
    with qtbot.waitSignal(panel.delete_requested) as blocker:
        panel.delete_button.click()
    assert blocker.args == [1]


def test_fuzzy_and_orphaned_annotations_offer_repairs(annotations_panel: AnnotationsPanel) -> None:
    panel = annotations_panel
    panel.select_annotation(2)
    assert not panel.confirm_button.isHidden()
    assert not panel.reattach_button.isHidden()
    assert "fuzzy" in panel.edit_status.text()
    panel.select_annotation(3)
    assert panel.confirm_button.isHidden()
    assert "orphaned" in panel.edit_status.text()
    assert not panel.reattach_button.isEnabled()
    panel.set_can_reattach(True)
    assert panel.reattach_button.isEnabled()
    panel.select_annotation(1)
    assert panel.reattach_button.isHidden()


# ---------------------------------------------------------------------- item models


def test_item_models_pass_the_model_tester(
    qtmodeltester,
    library_panel: LibraryPanel,
    search_panel: SearchPanel,
    annotations_panel: AnnotationsPanel,
) -> None:
    qtmodeltester.check(library_panel.model)
    search_panel.documents.set_hits([hit(1), hit(2)])
    search_panel.annotations.set_hits([hit(3, "annotation", annotation_id=1, color="red")])
    qtmodeltester.check(search_panel.documents)
    qtmodeltester.check(search_panel.annotations)
    qtmodeltester.check(annotations_panel.model)


# ---------------------------------------------------------------------- outline, header, find


def sample_document() -> Document:
    parts = ["Title", "Intro text.", "Section", "Body text.", "Page two text."]
    text = "\n".join(parts)
    kinds = [("heading", 1), ("paragraph", 0), ("heading", 2), ("paragraph", 0), ("paragraph", 0)]
    blocks, start = [], 0
    for (kind, level), part in zip(kinds, parts, strict=True):
        blocks.append(Block(kind, start, start + len(part), level=level))
        start += len(part) + 1
    return Document(
        path="/lib/doc.pdf",
        format="pdf",
        title="Title",
        text=text,
        blocks=tuple(blocks),
        content_hash="h",
        size=1,
        mtime=0.0,
        source="CRS",
        pages=(0, text.index("Page two")),
    )


def test_outline_lists_headings_and_pages(qtbot) -> None:
    panel = OutlinePanel()
    qtbot.addWidget(panel)
    doc = sample_document()
    panel.set_document(doc)
    assert panel.heading_count() == 5  # Title > Section, and Pages > Page 1, Page 2
    section = panel.tree.topLevelItem(0).child(0)
    with qtbot.waitSignal(panel.scroll_requested) as blocker:
        panel._activated(section)
    assert blocker.args == [doc.text.index("Section")]
    panel.set_document(None)
    assert panel.tree.isHidden()


def test_document_header(qtbot) -> None:
    header = DocumentHeader()
    qtbot.addWidget(header)
    doc = sample_document()
    header.set_document(doc, record(1, tags=("tariffs",), note="Read first"))
    assert header.title.text() == "Document 1"  # the catalog's: the user's corrections win
    header.set_document(doc, None)
    assert header.title.text() == "Title"
    header.set_document(doc, record(1, tags=("tariffs",), note="Read first"))
    assert "2 pages" in header.meta.text() and "#tariffs" in header.meta.text()
    assert "Read first" in header.note.text()


def test_find_bar(qtbot) -> None:
    bar = FindBar()
    qtbot.addWidget(bar)
    bar.open_bar("tariff")
    with qtbot.waitSignal(bar.find_requested) as blocker:
        bar.previous_button.click()
    assert blocker.args == ["tariff", True]
    bar.show_result(2, 5)
    assert bar.count.text() == "2 of 5"
    bar.show_result(0, 0)
    assert bar.count.text() == "No matches"


# ---------------------------------------------------------------------- dialogs, helpers


def test_tag_and_note_editors(qtbot) -> None:
    assert parse_tags(" a , b,,A, c  d ") == ("a", "b", "c d")
    tags = TagEditorDialog("Tags", ("x",), ["export-controls"])
    qtbot.addWidget(tags)
    assert tags.edit.text() == "x"
    tags.edit.setText("x, y")
    assert tags.tags() == ("x", "y")
    note = NoteEditorDialog("Note", "old", "“quote”")
    qtbot.addWidget(note)
    note.edit.setPlainText("  new  ")
    assert note.note() == "new"


def test_preferences_dialog_round_trip(qtbot, tmp_path: Path) -> None:
    prefs = Preferences([tmp_path], "system", 12, {"red": "disputed"})
    dialog = PreferencesDialog(prefs)
    qtbot.addWidget(dialog)
    assert dialog.meanings["red"].text() == "disputed"
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    dialog.add_folders([tmp_path / "more"])
    result = dialog.result_preferences()
    assert result.theme == "dark"
    assert result.folders == [tmp_path, tmp_path / "more"]
    assert result.color_meanings["red"] == "disputed"


def test_problems_dialog(qtbot) -> None:
    dialog = ProblemsDialog([Problem("/a.pdf", "encrypted"), Problem("/b.md", "odd", False)])
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 2
    assert dialog.as_text().splitlines()[0] == "/a.pdf\tskipped\tencrypted"


def test_settings_use_their_own_file(tmp_path: Path) -> None:
    settings = Settings.at_path(str(tmp_path / "s.ini"))
    assert settings.theme() == "system"
    settings.set_theme("dark")
    settings.set_font_size(99)
    again = Settings.at_path(str(tmp_path / "s.ini"))
    assert again.theme() == "dark"
    assert again.font_size() == 32
    with pytest.raises(ValueError):
        settings.set_theme("pink")


def test_hit_helpers() -> None:
    h = hit(1)
    assert hit_offset(h) == 44
    assert hit_terms(h) == ["entity", "list"]
    assert term_ranges("Entity lists; the entity list", ["entity", "list"]) == [
        (0, 6),
        (18, 24),
        (25, 29),
    ]


def test_summary_line() -> None:
    report = IndexReport(added=3, updated=1, skipped=[Problem("/x", "bad")])
    report.reanchored["fuzzy"] = 2
    report.reanchored["ambiguous"] = 1  # it waits for a pick: counted too
    report.reanchored["moved"] = 4
    assert summary(report) == (
        "Library up to date: 3 added, 1 updated, 1 skipped, "
        "3 annotation(s) need attention (see the Review tab)"
    )


def test_folder_watcher_reports_a_change(qtbot, tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.md").write_text("# A\n", encoding="utf-8")
    watcher = FolderWatcher(debounce_ms=50)
    watcher.watch([tmp_path])
    assert watcher.watched_count() == 3  # two folders and one file
    with qtbot.waitSignal(watcher.changed, timeout=10_000):
        (tmp_path / "sub" / "b.md").write_text("# B\n", encoding="utf-8")
    watcher.stop()
    assert watcher.watched_count() == 0


def test_folder_watcher_watches_a_single_file_root(qtbot, tmp_path: Path) -> None:
    lone = tmp_path / "lone.md"
    lone.write_text("# Lone\n", encoding="utf-8")
    watcher = FolderWatcher(debounce_ms=50)
    watcher.watch([lone])
    assert watcher.watched_count() == 1  # the file, not its folder
    with qtbot.waitSignal(watcher.changed, timeout=10_000):
        lone.write_text("# Lone, edited\n", encoding="utf-8")
    watcher.stop()


def test_folder_watcher_coalesces_a_burst_of_saves(qtbot, tmp_path: Path) -> None:
    watcher = FolderWatcher(debounce_ms=200, max_delay_ms=60_000)
    watcher.watch([tmp_path])
    reports: list[int] = []
    watcher.changed.connect(lambda: reports.append(1))
    for i in range(5):  # an editor's save: several events close together
        watcher._on_change(str(tmp_path / f"{i}.md"))
    qtbot.waitUntil(lambda: reports == [1], timeout=10_000)
    qtbot.wait(300)
    assert reports == [1]
    watcher.stop()


def test_folder_watcher_reports_a_long_burst_before_it_ends(qtbot, tmp_path: Path) -> None:
    watcher = FolderWatcher(debounce_ms=10_000, max_delay_ms=0)
    watcher.watch([tmp_path])
    reports: list[int] = []
    watcher.changed.connect(lambda: reports.append(1))
    watcher._on_change(str(tmp_path))  # the burst begins
    watcher._on_change(str(tmp_path))  # still going, past the longest delay: reported now
    assert reports == [1]
    watcher.stop()


def test_annotation_rows_show_notes_rendered_not_raw_markdown(qtbot) -> None:
    from PySide6.QtGui import QPalette

    from briefreader.core.export.common import NoteRenderer
    from briefreader.gui.panels.annotation_delegate import annotation_html

    note = "Check **three** things:\n\n- scope\n- *timing*"
    shown = annotation_html(annotation(1, note=note), QPalette(), None, NoteRenderer())
    assert "<strong>three</strong>" in shown and "<li>" in shown and "<em>timing</em>" in shown
    assert "**" not in shown and "✎ Check" in shown
    hostile = annotation_html(
        annotation(2, note="<script>x()</script> [a](javascript:y)"),
        QPalette(),
        None,
        NoteRenderer(),
    )
    assert "<script" not in hostile and "javascript:" not in hostile
