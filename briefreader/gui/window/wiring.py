"""The connections between the window's panes and its controllers: the only place where
sibling widgets are connected to each other (widgets emit ``*_requested`` signals)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from briefreader.gui.window.controllers import Controllers
    from briefreader.gui.window.panes import Panes


def connect_all(p: Panes, c: Controllers) -> None:
    p.splitter.splitterMoved.connect(c.view.sidebars_changed)
    _connect_library(p, c)
    _connect_search(p, c)
    _connect_reader(p, c)
    _connect_pages(p, c)
    _connect_annotations(p, c)
    _connect_review(p, c)
    _connect_versions(p, c)
    _connect_indexing(c)
    _connect_meta(p, c)


def _connect_library(p: Panes, c: Controllers) -> None:
    panel = p.library_panel
    panel.open_requested.connect(lambda doc_id: c.reading.open_document(doc_id))
    panel.add_paths_requested.connect(c.indexing.add_paths)
    p.drops.paths_dropped.connect(c.indexing.add_paths)
    panel.saved_search_requested.connect(c.search.run_saved_search)
    panel.delete_saved_search_requested.connect(c.search.delete_saved_search)
    panel.tag_document_requested.connect(c.annotating.tag_document)
    panel.note_document_requested.connect(c.annotating.note_document)


def _connect_search(p: Panes, c: Controllers) -> None:
    panel = p.search_panel
    panel.search_requested.connect(c.search.run_search)
    panel.hit_activated.connect(c.reading.open_hit)
    p.selection_toolbar.related_chosen.connect(c.related.more_like_selection)
    p.annotations_panel.related_requested.connect(c.related.more_like_annotation)
    panel.save_search_requested.connect(c.search.save_search)


def _connect_reader(p: Panes, c: Controllers) -> None:
    reader, reading, control = p.reader, c.document, c.reading
    reader.selection_changed_canonical.connect(control.selection_changed)
    reader.highlight_clicked.connect(c.annotating.show_annotation_note)
    reader.annotate_requested.connect(c.annotating.highlight_range)
    reader.note_requested.connect(lambda _start, _end: c.annotating.note_selection())
    reader.find_result.connect(p.find_bar.show_result)
    reader.link_clicked.connect(control.link_clicked)
    reader.zoom_changed.connect(lambda size: c.settings.set_font_size(round(size)))
    reader.verticalScrollBar().valueChanged.connect(lambda _value: control.scrolled())
    p.find_bar.find_requested.connect(control.find)
    p.find_bar.closed.connect(control.find_closed)
    p.outline_panel.scroll_requested.connect(reading.scroll_to_offset)
    p.header.tag_requested.connect(lambda: c.annotating.tag_document())
    p.header.note_requested.connect(lambda: c.annotating.note_document())
    toolbar = p.selection_toolbar
    toolbar.color_chosen.connect(lambda color: c.annotating.highlight_selection(color))
    toolbar.note_chosen.connect(c.annotating.note_selection)
    toolbar.tag_chosen.connect(c.annotating.tag_selection)
    reading.shown.connect(control.document_shown)
    reading.opened.connect(control.document_opened)
    reading.failed.connect(c.feedback.show_message)
    reading.loading.connect(control.document_loading)
    reading.load_failed.connect(control.document_load_failed)


def _connect_pages(p: Panes, c: Controllers) -> None:
    view, bar, pdf, control = p.pdf_view, p.pdf_bar, c.pdf, c.reading
    view.selection_changed.connect(control.selection_changed)
    view.highlight_clicked.connect(c.annotating.show_annotation_note)
    view.annotate_requested.connect(c.annotating.highlight_range)
    view.note_requested.connect(lambda _start, _end: c.annotating.note_selection())
    view.verticalScrollBar().valueChanged.connect(lambda _value: control.scrolled())
    view.page_changed.connect(pdf.page_changed)
    view.zoom_changed.connect(pdf.zoom_changed)
    p.reader.verticalScrollBar().valueChanged.connect(lambda _value: pdf.text_scrolled())
    p.reader.find_result.connect(pdf.text_found)
    bar.view_requested.connect(pdf.set_mode)
    bar.page_requested.connect(pdf.go_to_page)
    bar.zoom_in_requested.connect(lambda: pdf.zoom("in"))
    bar.zoom_out_requested.connect(lambda: pdf.zoom("out"))
    bar.fit_width_requested.connect(lambda: pdf.zoom("fit"))


def _connect_annotations(p: Panes, c: Controllers) -> None:
    panel, annotator = p.annotations_panel, c.annotator
    panel.jump_requested.connect(c.reading.open_annotation)
    panel.update_requested.connect(
        lambda annotation_id, changes: annotator.update(annotation_id, **changes)
    )
    panel.delete_requested.connect(annotator.delete)
    panel.reattach_requested.connect(c.annotating.reattach_to_selection)
    panel.confirm_requested.connect(annotator.confirm)
    panel.scope_changed.connect(lambda _scope: c.annotating.refresh_annotations())
    annotator.changed.connect(c.annotating.annotations_changed)
    annotator.failed.connect(c.feedback.show_message)
    annotator.confirmed.connect(c.feedback.show_message)
    annotator.stack.indexChanged.connect(p.selection_toolbar.hide)  # an undo moved the text


def _connect_review(p: Panes, c: Controllers) -> None:
    panel, annotator = p.review_panel, c.annotator
    panel.open_requested.connect(c.review.open_item)
    panel.preview_requested.connect(c.review.preview)
    panel.confirm_requested.connect(annotator.confirm)
    panel.pick_requested.connect(annotator.pick)
    panel.reattach_requested.connect(c.review.reattach)
    panel.delete_requested.connect(annotator.delete)
    p.annotations_panel.review_requested.connect(c.review.show)
    p.right_tabs.currentChanged.connect(c.review.tab_changed)
    annotator.changed.connect(lambda _doc_id: c.review.refresh())
    c.indexer.finished.connect(lambda _report: c.review.refresh())


def _connect_versions(p: Panes, c: Controllers) -> None:
    p.header.versions.changes_requested.connect(c.versions.show_changes)
    p.header.versions.versions_requested.connect(c.versions.show_versions)
    p.version_banner.back_requested.connect(c.versions.back_to_current)
    c.document.opened.connect(c.versions.document_opened)
    c.annotator.changed.connect(c.versions.library_changed)
    c.indexer.finished.connect(lambda _report: c.versions.library_changed())


def _connect_indexing(c: Controllers) -> None:
    indexer, control = c.indexer, c.indexing
    indexer.started.connect(control.started)
    indexer.progress.connect(control.progressed)
    indexer.finished.connect(control.finished)
    indexer.failed.connect(control.failed)
    c.status.cancel_requested.connect(control.cancel)
    c.status.problems_requested.connect(control.show_problems)


def _connect_meta(p: Panes, c: Controllers) -> None:
    """Metadata, works, citations, reading lists and status (issue 12)."""
    panel, meta, lists = p.library_panel, c.meta, c.lists
    panel.info_requested.connect(meta.show_info)
    panel.cite_requested.connect(meta.copy_citation)
    panel.status_requested.connect(meta.set_status)
    panel.add_to_list_requested.connect(lists.add)
    panel.new_list_requested.connect(lists.new_list)
    panel.remove_from_list_requested.connect(lists.remove)
    panel.move_in_list_requested.connect(lists.move)
    panel.rename_list_requested.connect(lists.rename)
    panel.delete_list_requested.connect(lists.delete)
    panel.export_list_requested.connect(lists.export)
    actions = p.header.meta_actions
    actions.info_requested.connect(lambda: meta.show_info())
    actions.cite_requested.connect(lambda: meta.copy_citation())
    actions.status_requested.connect(lambda status: meta.set_status(None, status))
    p.selection_toolbar.cite_chosen.connect(meta.copy_passage_citation)
    p.annotations_panel.cite_requested.connect(meta.copy_annotation_citation)
    p.search_panel.alternate_requested.connect(meta.open_alternate)
    c.changes.changed.connect(meta.changed)
    c.changes.failed.connect(c.feedback.show_message)
