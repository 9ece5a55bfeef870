"""The connections between the window's panes and its controllers: the only place where
sibling widgets are connected to each other (widgets emit ``*_requested`` signals)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from briefreader.gui.main_window import MainWindow


def connect_all(w: MainWindow) -> None:
    _connect_library(w)
    _connect_search(w)
    _connect_reader(w)
    _connect_annotations(w)
    _connect_indexing(w)


def _connect_library(w: MainWindow) -> None:
    panel = w.library_panel
    panel.open_requested.connect(lambda doc_id: w.reading_controller.open_document(doc_id))
    panel.add_paths_requested.connect(w.indexing.add_paths)
    panel.saved_search_requested.connect(w.searching.run_saved_search)
    panel.delete_saved_search_requested.connect(w.searching.delete_saved_search)
    panel.tag_document_requested.connect(w.annotating.tag_document)
    panel.note_document_requested.connect(w.annotating.note_document)


def _connect_search(w: MainWindow) -> None:
    panel = w.search_panel
    panel.search_requested.connect(w.searching.run_search)
    panel.hit_activated.connect(w.reading_controller.open_hit)
    panel.save_search_requested.connect(w.searching.save_search)


def _connect_reader(w: MainWindow) -> None:
    reader, reading, control = w.reader, w.reading, w.reading_controller
    reader.selection_changed_canonical.connect(control.selection_changed)
    reader.highlight_clicked.connect(w.annotating.show_annotation_note)
    reader.annotate_requested.connect(w.annotating.highlight_range)
    reader.note_requested.connect(lambda _start, _end: w.annotating.note_selection())
    reader.find_result.connect(w.find_bar.show_result)
    reader.link_clicked.connect(control.link_clicked)
    reader.zoom_changed.connect(lambda size: w.settings.set_font_size(round(size)))
    reader.verticalScrollBar().valueChanged.connect(lambda _value: control.scrolled())
    w.find_bar.find_requested.connect(control.find)
    w.find_bar.closed.connect(control.find_closed)
    w.outline_panel.scroll_requested.connect(reader.scroll_to_offset)
    w.header.tag_requested.connect(lambda: w.annotating.tag_document())
    w.header.note_requested.connect(lambda: w.annotating.note_document())
    toolbar = w.selection_toolbar
    toolbar.color_chosen.connect(lambda color: w.annotating.highlight_selection(color))
    toolbar.note_chosen.connect(w.annotating.note_selection)
    toolbar.tag_chosen.connect(w.annotating.tag_selection)
    reading.shown.connect(control.document_shown)
    reading.opened.connect(control.document_opened)
    reading.failed.connect(w.feedback.show_message)
    reading.loading.connect(control.document_loading)
    reading.load_failed.connect(control.document_load_failed)


def _connect_annotations(w: MainWindow) -> None:
    panel, annotator = w.annotations_panel, w.annotator
    panel.jump_requested.connect(w.reading_controller.open_annotation)
    panel.update_requested.connect(
        lambda annotation_id, changes: annotator.update(annotation_id, **changes)
    )
    panel.delete_requested.connect(annotator.delete)
    panel.reattach_requested.connect(w.annotating.reattach_to_selection)
    panel.confirm_requested.connect(annotator.confirm)
    panel.scope_changed.connect(lambda _scope: w.annotating.refresh_annotations())
    annotator.changed.connect(w.annotating.annotations_changed)
    annotator.failed.connect(w.feedback.show_message)
    annotator.stack.indexChanged.connect(lambda _index: w.annotating.selection_undone())


def _connect_indexing(w: MainWindow) -> None:
    indexer, control = w.indexer, w.indexing
    indexer.started.connect(control.started)
    indexer.progress.connect(control.progressed)
    indexer.finished.connect(control.finished)
    indexer.failed.connect(control.failed)
    w.status.cancel_requested.connect(control.cancel)
    w.status.problems_requested.connect(control.show_problems)
