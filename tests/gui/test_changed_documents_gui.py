"""Changed documents in the real window, as an analyst meets them: a briefing is indexed,
annotated and edited on disk (a word changed inside a quote, a passage deleted, a paragraph
duplicated), indexed again; then the Annotations pane, the reader, the Review list with
its decisions and their undo, the version diff from the header and an old version."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from core.test_changed_documents import LICENCES, MINERALS, OUTLOOK, briefing
from PySide6.QtCore import QUrl

from briefreader.core.library import Library
from briefreader.core.models import AnchorStatus, Annotation
from briefreader.gui.main_window import MainWindow
from briefreader.gui.panels.annotation_delegate import annotation_html

from .test_main_window import close_window, make_window

FILLER = [
    f"Background paragraph {n} on the market for rare metals and its buyers." for n in range(9)
]


ORIGINAL = briefing(
    ("Controls", MINERALS),
    ("Licences", LICENCES),
    *[(f"Background {n}", text) for n, text in enumerate(FILLER, 1)],
    ("Outlook", OUTLOOK),
)
EDITED = briefing(
    ("Controls", MINERALS.replace("germanium", "tungsten")),  # a word inside a quote
    ("Licences", LICENCES),
    ("Licences again", LICENCES),  # a duplicated paragraph: ambiguous
    *[(f"Background {n}", text) for n, text in enumerate(FILLER, 1)],
)  # the outlook is gone: orphaned


@dataclass
class Scene:
    window: MainWindow
    library: Library
    doc_id: str
    path: Path
    fuzzy: Annotation
    ambiguous: Annotation
    orphan: Annotation

    def now(self, annotation: Annotation) -> Annotation:
        found = self.library.annotation(annotation.id)
        assert found is not None
        return found

    def open(self) -> None:
        assert self.window.controllers.reading.open_document(self.doc_id)


@pytest.fixture
def scene(qtbot, tmp_path: Path) -> Iterator[Scene]:
    folder = tmp_path / "briefings"
    folder.mkdir()
    path = folder / "minerals.md"
    path.write_text(ORIGINAL, encoding="utf-8")
    library = Library.open(tmp_path / "window-data")
    library.add_folders([folder])
    library.index()
    record = library.record_for_path(path)
    assert record is not None
    doc_id = record.doc_id
    fuzzy = library.annotate_quote(doc_id, "restrict exports of germanium and gallium", note="Ge")
    ambiguous = library.annotate_quote(doc_id, "including re-exports from third countries")
    orphan = library.annotate_quote(doc_id, "prices of the affected minerals", note="prices")
    mtime = path.stat().st_mtime
    path.write_text(EDITED, encoding="utf-8")
    os.utime(path, (mtime + 10, mtime + 10))
    library.index()
    library.close()
    window, library, _settings = make_window(qtbot, tmp_path, start_indexing=False)
    scene = Scene(window, library, doc_id, path, fuzzy, ambiguous, orphan)
    assert [scene.now(a).status for a in (fuzzy, ambiguous, orphan)] == [
        AnchorStatus.FUZZY,
        AnchorStatus.AMBIGUOUS,
        AnchorStatus.ORPHANED,
    ]
    yield scene
    close_window(window, library)


# ---------------------------------------------------------------------- the annotations pane


def test_the_pane_shows_was_and_now_with_the_changed_words_marked(scene: Scene) -> None:
    scene.open()
    panel = scene.window.panes.annotations_panel
    fuzzy = scene.now(scene.fuzzy)
    row = annotation_html(fuzzy, panel.palette(), None)
    assert "was" in row and "now" in row
    assert "line-through'>germanium</span>" in row  # removed: struck
    assert "font-weight:600'>tungsten</span>" in row  # added: marked
    assert panel.select_annotation(fuzzy.id)
    detail = panel.edit_wording.text()
    assert "germanium" in detail and "tungsten" in detail and not panel.edit_wording.isHidden()
    assert panel.select_annotation(scene.ambiguous.id)
    assert panel.edit_wording.isHidden()  # same wording: no was/now
    panel.search.setText("germanium")  # the original wording is searchable too
    assert [a.id for a in panel.shown()] == [fuzzy.id]


def test_an_ambiguous_annotation_has_a_badge_and_needs_attention(scene: Scene) -> None:
    scene.open()
    panel = scene.window.panes.annotations_panel
    ambiguous = scene.now(scene.ambiguous)
    assert "ambiguous — pick its place" in annotation_html(ambiguous, panel.palette(), None)
    panel.status_filter.setCurrentIndex(panel.status_filter.findData("attention"))
    assert {a.id for a in panel.shown()} == {
        scene.fuzzy.id,
        scene.ambiguous.id,
        scene.orphan.id,
    }
    assert panel.select_annotation(ambiguous.id)
    assert not panel.review_button.isHidden() and not panel.reattach_button.isHidden()
    assert panel.confirm_button.isHidden()
    panel.review_button.click()  # "Pick a place…": the review list, on this annotation
    review = scene.window.panes.review_panel
    assert scene.window.panes.right_tabs.currentWidget() is review
    assert review.current().annotation.id == ambiguous.id


def test_the_reader_draws_neither_an_ambiguous_nor_an_orphaned_annotation(scene: Scene) -> None:
    scene.open()
    drawn = {h.annotation_id for h in scene.window.panes.reader.highlights()}
    assert drawn == {scene.fuzzy.id}


# ---------------------------------------------------------------------- the review list


def test_the_review_list_shows_every_decision_with_a_count(scene: Scene) -> None:
    window = scene.window
    tabs, review = window.panes.right_tabs, window.panes.review_panel
    assert tabs.tabText(tabs.indexOf(review)) == "Review (3)"
    window.actions_["review"].trigger()
    assert tabs.currentWidget() is review
    items = review.items()
    assert [i.annotation.id for i in items] == [
        scene.fuzzy.id,
        scene.ambiguous.id,
        scene.orphan.id,
    ]  # document order
    assert review.current().annotation.id == scene.fuzzy.id  # the first is selected
    assert not review.confirm_button.isHidden() and review.pick_button.isHidden()
    assert review.select_annotation(scene.ambiguous.id)
    assert review.places_model.rowCount() == 2 and not review.places.isHidden()
    assert not review.pick_button.isEnabled()  # until a place is chosen
    assert review.select_annotation(scene.orphan.id)
    assert review.places.isHidden() and review.confirm_button.isHidden()


def test_the_count_follows_decisions_made_elsewhere(scene: Scene) -> None:
    window = scene.window
    tabs, review = window.panes.right_tabs, window.panes.review_panel
    scene.open()
    panel = window.panes.annotations_panel
    window.controllers.view.show_right_tab(tabs.indexOf(panel))
    assert panel.select_annotation(scene.fuzzy.id)
    panel.confirm_button.click()  # in the Annotations pane: the Review tab is not shown
    assert tabs.tabText(tabs.indexOf(review)) == "Review (2)"
    window.controllers.view.show_right_tab(tabs.indexOf(review))  # read when shown
    assert [i.annotation.id for i in review.items()] == [scene.ambiguous.id, scene.orphan.id]


def test_confirm_in_the_review_list_and_its_undo(scene: Scene) -> None:
    window = scene.window
    review, before = window.panes.review_panel, scene.now(scene.fuzzy)
    window.controllers.review.show(before.id)
    review.confirm_button.click()
    assert scene.now(before).status is AnchorStatus.ANCHORED
    assert window.status.currentMessage() == "Confirm highlight: saved (Ctrl+Z undoes it)"
    assert [i.annotation.id for i in review.items()] == [scene.ambiguous.id, scene.orphan.id]
    assert review.current().annotation.id == scene.ambiguous.id  # the next one to decide
    window.actions_["undo"].trigger()
    assert scene.now(before) == before  # anchor, status and confirmation as they were
    assert window.status.currentMessage().startswith("Undone: Confirm highlight")
    tabs = window.panes.right_tabs
    assert tabs.tabText(tabs.indexOf(review)) == "Review (3)"


def test_pick_a_place_previews_it_and_undo_brings_the_places_back(scene: Scene) -> None:
    window = scene.window
    review, before = window.panes.review_panel, scene.now(scene.ambiguous)
    window.controllers.review.show(before.id)
    second = before.candidates[1]
    assert review.select_place(2)  # a click on the place previews it in the reader
    reader = window.panes.reader
    assert window.controllers.document.doc_id == scene.doc_id
    assert reader.canonical_range_of_selection() == (second.start, second.end)
    assert (
        before.candidates[0].start,
        before.candidates[0].end,
    ) in window.controllers.document.marks
    assert review.pick_button.isEnabled()
    review.pick_button.click()
    picked = scene.now(before)
    assert picked.status is AnchorStatus.ANCHORED and picked.anchor.start == second.start
    assert window.status.currentMessage() == "Pick place 2 of 2: saved (Ctrl+Z undoes it)"
    assert picked.id in {h.annotation_id for h in reader.highlights()}  # drawn now
    assert window.controllers.document.marks == []  # the places are no longer marked
    assert reader.canonical_range_of_selection() is None  # nor selected over the highlight
    window.actions_["undo"].trigger()
    assert scene.now(before) == before
    assert before.id not in {h.annotation_id for h in reader.highlights()}
    assert before.id in [i.annotation.id for i in review.items()]


def test_reattach_from_the_review_list_and_its_undo(scene: Scene) -> None:
    window = scene.window
    review, before = window.panes.review_panel, scene.now(scene.orphan)
    window.controllers.review.show(before.id)
    review.reattach_button.click()  # no selection yet: the document opens to select in
    assert window.controllers.document.doc_id == scene.doc_id
    assert scene.now(before).status is AnchorStatus.ORPHANED
    assert "Select where the highlight belongs" in window.status.currentMessage()
    text = window.controllers.document.document.text
    start = text.index("rare metals")
    window.panes.reader.select_range(start, start + len("rare metals"))
    review.reattach_button.click()
    fixed = scene.now(before)
    assert fixed.status is AnchorStatus.ANCHORED and fixed.anchor.exact == "rare metals"
    assert fixed.original_anchor == before.original_anchor and fixed.note == "prices"
    assert window.status.currentMessage() == "Re-attach highlight: saved (Ctrl+Z undoes it)"
    window.actions_["undo"].trigger()
    assert scene.now(before) == before


def test_reattach_refuses_a_selection_in_another_document(scene: Scene, tmp_path: Path) -> None:
    window, library = scene.window, scene.library
    other = tmp_path / "briefings" / "other.md"
    other.write_text("# Other\n\nA paragraph about something else entirely.\n", encoding="utf-8")
    library.index()
    record = library.record_for_path(other)
    window.controllers.reading.open_document(record.doc_id)
    window.panes.reader.select_range(2, 12)
    window.controllers.annotating.reattach_to_selection(scene.orphan.id)
    assert scene.now(scene.orphan).status is AnchorStatus.ORPHANED
    assert "own document" in window.status.currentMessage()


def test_delete_from_the_review_list_and_its_undo(scene: Scene) -> None:
    window = scene.window
    review, before = window.panes.review_panel, scene.now(scene.orphan)
    window.controllers.review.show(before.id)
    review.delete_button.click()
    assert scene.library.annotation(before.id) is None
    assert window.status.currentMessage() == "Delete highlight: saved (Ctrl+Z undoes it)"
    assert before.id not in [i.annotation.id for i in review.items()]
    window.actions_["undo"].trigger()
    assert scene.now(before) == before
    assert before.id in [i.annotation.id for i in review.items()]


def test_opening_a_review_item_shows_it_in_the_reader(scene: Scene) -> None:
    window = scene.window
    review, control = window.panes.review_panel, window.controllers.review
    control.show()
    items = {i.annotation.id: i for i in review.items()}
    control.open_item(items[scene.fuzzy.id])
    fuzzy = scene.now(scene.fuzzy)
    reader = window.panes.reader
    assert reader.canonical_range_of_selection() == (fuzzy.anchor.start, fuzzy.anchor.end)
    control.open_item(items[scene.ambiguous.id])
    marks = window.controllers.document.marks
    assert marks == [(c.start, c.end) for c in scene.now(scene.ambiguous).candidates]
    assert "fits 2 places" in window.status.currentMessage()


# ---------------------------------------------------------------------- what changed


def test_the_version_diff_opens_from_the_document_header(scene: Scene, qtbot) -> None:
    window = scene.window
    scene.open()
    links = window.panes.header.versions
    assert not links.isHidden()
    links.changes_button.click()
    dialog = window.controllers.versions.dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.diff is not None)  # computed off the GUI thread
    html = dialog.view.toHtml()
    assert "germanium" in html and "tungsten" in html
    assert "line-through" in html  # removed words and paragraphs struck
    assert "prices of the affected minerals" in html  # the removed outlook
    assert "unchanged paragraphs" in html  # the background collapsed
    summary = dialog.summary.text()
    assert "3 annotations on them" in summary and "removed" in summary, summary
    diff = dialog.diff
    assert set(diff.affected) == {scene.fuzzy.id, scene.ambiguous.id, scene.orphan.id}
    for annotation_id in diff.affected:
        assert f"annotation:{annotation_id}" in html and f"#{annotation_id}" in html
    dialog.view.anchorClicked.emit(QUrl(f"annotation:{scene.fuzzy.id}"))
    panel = window.panes.annotations_panel
    assert panel.selected() is not None and panel.selected().id == scene.fuzzy.id
    collapsed = html.count("unchanged paragraphs")
    link = re.search(r"expand:\d+", html)
    assert link is not None
    dialog.view.anchorClicked.emit(QUrl(link.group()))  # "… 7 unchanged paragraphs …"
    assert dialog.view.toHtml().count("unchanged paragraphs") < collapsed
    dialog.close()
    qtbot.waitUntil(lambda: window.controllers.versions.dialog is None)


def test_a_document_with_one_version_offers_no_diff(scene: Scene, tmp_path: Path) -> None:
    window, library = scene.window, scene.library
    other = tmp_path / "briefings" / "other.md"
    other.write_text("# Other\n\nA paragraph about something else entirely.\n", encoding="utf-8")
    library.index()
    doc_id = library.record_for_path(other).doc_id
    library.annotate_quote(doc_id, "something else")
    window.controllers.reading.open_document(doc_id)
    assert window.panes.header.versions.isHidden()
    scene.open()
    assert not window.panes.header.versions.isHidden()


def test_an_old_version_opens_read_only(scene: Scene) -> None:
    window, library = scene.window, scene.library
    scene.open()
    window.panes.header.versions.versions_button.click()
    dialog = window.controllers.versions.dialog
    tree = dialog.tree
    versions = library.versions(scene.doc_id)
    assert tree.topLevelItemCount() == len(versions) == 2
    oldest = tree.topLevelItem(tree.topLevelItemCount() - 1)
    assert "#" in oldest.text(3)  # the annotations made on it
    tree.setCurrentItem(oldest)
    assert dialog.open_button.text() == "Open read-only"
    dialog.open_button.click()
    reading, banner = window.controllers.document, window.panes.version_banner
    assert reading.read_only and not banner.isHidden()
    assert "read-only" in banner.label.text()
    assert reading.document.text == library.version_text(scene.doc_id, versions[0].content_hash)
    assert window.panes.reader.highlights() == []  # nothing drawn on the old text
    assert (scene.orphan.anchor.start, scene.orphan.anchor.end) in reading.marks
    start = reading.document.text.index("prices")
    window.panes.reader.select_range(start, start + 6)
    count = len(library.annotations(doc_id=scene.doc_id))
    assert window.controllers.annotating.highlight_selection("red") is None
    assert len(library.annotations(doc_id=scene.doc_id)) == count
    assert "read-only" in window.status.currentMessage()
    banner.back_button.click()
    assert not reading.read_only and banner.isHidden()
    assert reading.document.content_hash == library.record(scene.doc_id).content_hash
    assert scene.fuzzy.id in {h.annotation_id for h in window.panes.reader.highlights()}
    dialog.close()
