"""The analyst's journey on the real MainWindow: index, search, open a hit, highlight, note,
tag, undo and redo, reopen the document and find the highlight at the same characters."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from sample_library import write_library

from briefreader.core.models import KIND_DOCUMENT

from .test_main_window import LONG, close_window, make_window, wait_indexed

PHRASE = '"foreign direct product rule"'
PASSAGE = "adds 140 entities to the Entity List"


def painted_canonical_ranges(window) -> list[tuple[int, int]]:
    """The canonical ranges of the highlight ExtraSelections the reader paints."""
    reader = window.panes.reader
    return [
        (reader.canonical_offset(start), reader.canonical_offset(end))
        for start, end in reader.extra_selection_ranges()
    ]


def test_journey(qtbot, tmp_path: Path) -> None:
    folder = write_library(tmp_path / "library")
    window, library, _settings = make_window(qtbot, tmp_path, [folder])
    try:
        wait_indexed(qtbot, window)
        # the library pane reads the catalog in the background
        qtbot.waitUntil(lambda: window.panes.library_panel.model.rowCount() >= 5, timeout=LONG)

        # search a phrase (as typed: debounced, off the GUI thread)
        window.actions_["search"].trigger()
        qtbot.keyClicks(window.panes.search_panel.field, PHRASE)
        documents = window.panes.search_panel.documents
        qtbot.waitUntil(lambda: documents.rowCount() > 0, timeout=LONG)
        hit = documents.hit(documents.index(0, 0))
        assert hit.kind == KIND_DOCUMENT
        assert hit.title == "Export controls on advanced chips"

        # open the hit: the reader scrolls to it and marks the search terms
        view = window.panes.search_panel.document_list
        rect = view.visualRect(documents.index(0, 0))
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.waitUntil(lambda: window.controllers.document.doc_id == hit.doc_id, timeout=LONG)
        text = window.controllers.document.document.text
        target = hit.snippet.offset + hit.snippet.marks[0][0]
        assert window.controllers.document.last_target == target
        first_mark = hit.snippet.marks[0]
        word = hit.snippet.text[first_mark[0] : first_mark[1]].lower()
        assert text[target : target + len(word)].lower() == word
        assert window.panes.reader.current_offset() <= target  # the hit is in view
        marked = {text[s:e].lower() for s, e in window.controllers.document.marks}
        assert {"foreign", "direct", "product", "rule"} <= marked

        # select a passage and highlight it with colour key 2 (green)
        start = text.index(PASSAGE)
        end = start + len(PASSAGE)
        window.panes.reader.setFocus()
        window.panes.reader.select_range(start, end)
        assert window.panes.reader.canonical_range_of_selection() == (start, end)
        window.actions_["highlight_green"].trigger()
        qtbot.waitUntil(lambda: len(library.annotations(doc_id=hit.doc_id)) == 1, timeout=LONG)
        annotation = library.annotations(doc_id=hit.doc_id)[0]
        assert (annotation.anchor.start, annotation.anchor.end) == (start, end)
        assert annotation.color == "green"
        assert painted_canonical_ranges(window) == [(start, end)]

        # add a note and a tag in the annotations pane (edit in place)
        panel = window.panes.annotations_panel
        window.controllers.view.show_right_tab(1)
        assert panel.select_annotation(annotation.id)
        panel.edit_note.setPlainText("Overlaps with the December rule?")
        panel.edit_tags.setText("disputed, follow-up")
        qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
        updated = library.annotation(annotation.id)
        assert updated.note == "Overlaps with the December rule?"
        assert updated.tags == ("disputed", "follow-up")
        shown = panel.shown()
        assert [a.id for a in shown] == [annotation.id]
        assert shown[0].note == updated.note and shown[0].tags == updated.tags

        # undo the note-and-tag change, then the highlight; redo both
        stack = window.controllers.annotator.stack
        window.actions_["undo"].trigger()
        assert library.annotation(annotation.id).note == ""
        window.actions_["undo"].trigger()
        assert library.annotations(doc_id=hit.doc_id) == []
        assert painted_canonical_ranges(window) == []
        assert panel.shown() == []
        window.actions_["redo"].trigger()
        restored = library.annotation(annotation.id)
        assert restored is not None and restored.uuid == annotation.uuid
        assert painted_canonical_ranges(window) == [(start, end)]
        window.actions_["redo"].trigger()
        assert library.annotation(annotation.id).note == "Overlaps with the December rule?"
        assert stack.index() == stack.count()

        # the annotation is searchable: its hit shows beside the document hits
        window.panes.search_panel.set_query("tag:disputed")
        notes = window.panes.search_panel.annotations
        qtbot.waitUntil(lambda: notes.rowCount() == 1, timeout=LONG)
        assert notes.hit(notes.index(0, 0)).annotation_id == annotation.id

        # open another document, then reopen this one: the highlight is painted in place
        other = next(r for r in library.documents() if r.doc_id != hit.doc_id)
        window.controllers.reading.open_document(other.doc_id)
        assert window.controllers.document.doc_id == other.doc_id
        window.controllers.reading.open_document(hit.doc_id)
        assert window.controllers.document.doc_id == hit.doc_id
        final = library.annotation(annotation.id)
        assert painted_canonical_ranges(window) == [(final.anchor.start, final.anchor.end)]
        assert window.panes.reader.highlights()[0].annotation_id == annotation.id
        assert window.panes.reader.document_model.text[start:end] == PASSAGE
    finally:
        close_window(window, library)
