"""Document notes in the search pane: a note that matches is listed with the annotations
("Note on “title”: …"), counted as shown, and opens its document with the note."""

from __future__ import annotations

from pathlib import Path

from sample_library import write_library

from briefreader.core.models import KIND_DOCUMENT_NOTE, SearchHit, SearchResults, Snippet
from briefreader.gui.panels.hit_delegate import hit_html
from briefreader.gui.panels.search_panel import SearchPanel

from .test_main_window import LONG, close_window, doc_id_of, make_window, wait_indexed


def note_hit(doc_id: str = "d1", title: str = "Chips rule") -> SearchHit:
    return SearchHit(
        kind=KIND_DOCUMENT_NOTE,
        doc_id=doc_id,
        path=f"/lib/{doc_id}.md",
        title=title,
        score=1.0,
        snippet=Snippet("Compare with the AUKUS briefing", 0, ((17, 22),)),
    )


def test_note_hits_are_listed_and_counted(qtbot) -> None:
    panel = SearchPanel(debounce_ms=0)
    qtbot.addWidget(panel)
    panel.set_query("aukus", search=False)
    panel.search_now()
    request = panel.current_request()
    panel.show_results(request, SearchResults((note_hit(),), total=1, page_size=50))
    assert [h.kind for h in panel.annotations.hits()] == [KIND_DOCUMENT_NOTE]
    assert panel.annotation_label.text() == "Your annotations and notes  (1)"
    assert panel.more_button.isHidden()  # everything there is is shown
    assert panel.status.text() == "1 result"
    row = hit_html(note_hit(), panel.palette(), dark=False)
    assert "Note on “Chips rule”" in row and "AUKUS" in row


def test_a_note_hit_opens_its_document_and_the_note(qtbot, tmp_path: Path) -> None:
    folder = write_library(tmp_path / "library")
    window, library, _settings = make_window(qtbot, tmp_path, [folder])
    try:
        wait_indexed(qtbot, window)
        doc_id = doc_id_of(library, "vehicles.md")
        library.set_document_note(doc_id, "Ask the Treasury about the waiver timeline")
        panel = window.panes.search_panel
        panel.set_query("waiver timeline")
        qtbot.waitUntil(lambda: panel.annotations.rowCount() == 1, timeout=LONG)
        hit = panel.annotations.hit(0)
        assert hit.kind == KIND_DOCUMENT_NOTE and hit.doc_id == doc_id
        assert not panel.more_button.isVisible()
        panel.annotation_list.clicked.emit(panel.annotations.index(0, 0))
        assert window.controllers.document.doc_id == doc_id
        dialog = window.feedback.active_dialog
        assert dialog is not None and "waiver timeline" in dialog.edit.toPlainText()
        dialog.reject()
    finally:
        close_window(window, library)
