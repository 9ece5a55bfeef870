"""Search as you type in the real window: prefix matching while typing, one search at a
time, and stale results never shown over newer ones."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt

from briefreader.core.errors import SearchCancelled
from briefreader.core.models import SearchRequest

from . import test_main_window as main_window_tests
from .test_main_window import LONG

indexed_window = main_window_tests.indexed_window  # the same fixture


def record_searches(
    library, block_first: threading.Event | None = None, stopped: list[str] | None = None
) -> list[SearchRequest]:
    """Wrap ``library.search`` to record each request; the first waits for ``block_first``;
    ``stopped`` gets the text of each search that was cancelled."""
    seen: list[SearchRequest] = []
    real = library.search

    def search(request, cancelled=None):
        seen.append(request)
        if block_first is not None and len(seen) == 1:
            block_first.wait(LONG / 1000)
        try:
            return real(request, cancelled=cancelled)
        except SearchCancelled:
            if stopped is not None:
                stopped.append(request.text)
            raise

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
    stopped: list[str] = []
    seen = record_searches(library, block_first=gate, stopped=stopped)
    panel = window.panes.search_panel
    panel.set_query("tariffs")
    qtbot.waitUntil(lambda: len(seen) == 1, timeout=LONG)
    for text in ("vehicle", "vehicles", "semiconductors"):
        panel.set_query(text)  # asked while "tariffs" is still running
    gate.set()
    qtbot.waitUntil(lambda: panel.documents.rowCount() > 0, timeout=LONG)
    window.controllers.search.jobs.wait()
    assert [r.text for r in seen] == ["tariffs", "semiconductors"]
    assert stopped == ["tariffs"]  # cancelled once a newer search was asked for
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


# ---------------------------------------------------------------------- More Like This


def doc_id_of(library, name: str) -> str:
    return next(r.doc_id for r in library.documents() if r.path.endswith(name))


def related_titles(window, qtbot, label: str) -> list[str]:
    panel = window.panes.search_panel
    qtbot.waitUntil(lambda: "related" in panel.status.text(), timeout=LONG)
    assert label in panel.status.text()
    assert panel.query() == ""  # the field's query no longer stands for the list
    return [h.title for h in panel.documents.hits()]


def test_more_like_this_lists_documents_like_the_open_one(indexed_window, qtbot) -> None:
    window, library, _folder = indexed_window
    chips = doc_id_of(library, "chips.md")
    window.controllers.reading.open_document(chips)
    window.panes.search_panel.set_query("vehicles")
    window.actions_["more_like_this"].trigger()
    titles = related_titles(window, qtbot, "More like “Export controls on advanced chips”")
    assert titles
    assert "Export controls on advanced chips" not in titles  # not the document itself
    assert window.panes.right_tabs.currentWidget() is window.panes.search_panel
    expected = library.more_like_this(chips, limit=20)
    assert titles == [h.title for h in expected.hits]


def test_more_like_this_from_a_selected_passage_and_an_annotation(indexed_window, qtbot) -> None:
    window, library, _folder = indexed_window
    chips = doc_id_of(library, "chips.md")
    window.controllers.reading.open_document(chips)
    text = window.controllers.document.document.text
    start = text.index("Controls on semiconductor")
    end = start + len("Controls on semiconductor manufacturing equipment")
    window.panes.reader.select_range(start, end)
    window.panes.selection_toolbar.related_chosen.emit()
    titles = related_titles(window, qtbot, "the passage “Controls on semiconductor")
    assert titles == [h.title for h in library.more_like_this(chips, (start, end), 20).hits]

    annotation = window.controllers.annotating.highlight_selection("yellow")
    assert annotation is not None
    window.panes.search_panel.set_query("tariffs")  # something else shown meanwhile
    window.panes.annotations_panel.related_requested.emit(annotation.id)
    assert related_titles(window, qtbot, "the passage “Controls on semiconductor") == titles


def test_more_like_this_without_a_document_is_a_hint(indexed_window, qtbot) -> None:
    window, _library, _folder = indexed_window
    window.actions_["more_like_this"].trigger()
    assert "Open a document first" in window.statusBar().currentMessage()


def test_a_search_after_more_like_this_drops_its_late_answer(qtbot) -> None:
    from briefreader.core.models import SearchHit, SearchResults
    from briefreader.gui.panels.search_panel import SearchPanel

    panel = SearchPanel(debounce_ms=20)
    qtbot.addWidget(panel)
    hit = SearchHit(kind="document", doc_id="d1", path="/a.md", title="A", score=1.0)
    late = panel.expect_related("“A”")
    newer = panel.expect_related("“B”")
    panel.show_related(late, SearchResults(hits=(hit,), total=1))
    assert panel.documents.rowCount() == 0  # another More Like This came after it
    panel.show_related(newer, SearchResults(hits=(hit,), total=1))
    assert panel.documents.rowCount() == 1
    assert "More like “B”" in panel.status.text()
    token = panel.expect_related("“C”")
    panel.set_query("tariffs")
    panel.show_related(token, SearchResults(hits=(hit,), total=1))
    assert "More like" not in panel.status.text()
