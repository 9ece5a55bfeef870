"""Connections between the window's panes, and the refreshers they trigger (a MainWindow mixin).

This is the only place where sibling widgets are connected to each other.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

if TYPE_CHECKING:
    from PySide6.QtCore import QRect, QUrl

    from briefreader.core.models import SearchRequest

log = logging.getLogger(__name__)

LIBRARY_REFRESH_MS = 2000
LOADING_STATE_MS = 150  # a background load still going after this shows "Opening…"
TITLE_LOOKUPS = 200  # more annotated documents than this: read the catalog's titles at once


class WindowWiring:
    """Signal connections and refreshes; ``self`` is the MainWindow."""

    def connect_all(self) -> None:
        self._connect_library()
        self._connect_search()
        self._connect_reader()
        self._connect_annotations()
        self._connect_indexing()

    # ------------------------------------------------------------------ connections

    def _connect_library(self) -> None:
        panel = self.library_panel
        panel.open_requested.connect(lambda doc_id: self.open_document(doc_id))
        panel.add_paths_requested.connect(self.add_paths)
        panel.saved_search_requested.connect(self.run_saved_search)
        panel.delete_saved_search_requested.connect(self.delete_saved_search)
        panel.tag_document_requested.connect(self.tag_document)
        panel.note_document_requested.connect(self.note_document)

    def _connect_search(self) -> None:
        panel = self.search_panel
        panel.search_requested.connect(self.run_search)
        panel.hit_activated.connect(self.open_hit)
        panel.save_search_requested.connect(self.save_search)

    def _connect_reader(self) -> None:
        reader = self.reader
        reader.selection_changed_canonical.connect(self._selection_changed)
        reader.highlight_clicked.connect(self.show_annotation_note)
        reader.annotate_requested.connect(
            lambda start, end, color: self._annotate_range(start, end, color)
        )
        reader.note_requested.connect(lambda start, end: self.note_selection())
        reader.find_result.connect(self.find_bar.show_result)
        reader.link_clicked.connect(self._link_clicked)
        reader.zoom_changed.connect(lambda size: self.settings.set_font_size(round(size)))
        reader.verticalScrollBar().valueChanged.connect(self._scrolled)
        self.find_bar.find_requested.connect(self._find)
        self.find_bar.closed.connect(self._find_closed)
        self.outline_panel.scroll_requested.connect(self.reader.scroll_to_offset)
        self.header.tag_requested.connect(lambda: self.tag_document())
        self.header.note_requested.connect(lambda: self.note_document())
        toolbar = self.selection_toolbar
        toolbar.color_chosen.connect(lambda color: self.highlight_selection(color))
        toolbar.note_chosen.connect(self.note_selection)
        toolbar.tag_chosen.connect(self.tag_selection)
        self.reading.shown.connect(self._document_shown)
        self.reading.opened.connect(self._document_opened)
        self.reading.failed.connect(self.show_message)
        self.reading.loading.connect(self._document_loading)
        self.reading.load_failed.connect(self._document_load_failed)

    def _connect_annotations(self) -> None:
        panel = self.annotations_panel
        panel.jump_requested.connect(self.open_annotation)
        panel.update_requested.connect(
            lambda annotation_id, changes: self.annotator.update(annotation_id, **changes)
        )
        panel.delete_requested.connect(self.annotator.delete)
        panel.reattach_requested.connect(self.reattach_to_selection)
        panel.confirm_requested.connect(self.annotator.confirm)
        panel.scope_changed.connect(lambda _scope: self.refresh_annotations())
        self.annotator.changed.connect(self._annotations_changed)
        self.annotator.failed.connect(self.show_message)
        self.annotator.stack.indexChanged.connect(lambda _i: self._undo_done())

    def _connect_indexing(self) -> None:
        indexer = self.indexer
        indexer.started.connect(lambda: self.status.set_indexing(True))
        indexer.progress.connect(self._index_progress)
        indexer.finished.connect(self.on_index_finished)
        indexer.failed.connect(self.on_index_failed)
        self.status.cancel_requested.connect(self.cancel_indexing)
        self.status.problems_requested.connect(self.show_problems)
        self._library_timer = QTimer(self)
        self._library_timer.setSingleShot(True)
        self._library_timer.setInterval(LIBRARY_REFRESH_MS)
        self._library_timer.timeout.connect(lambda: self.refresh_library(background=True))

    # ------------------------------------------------------------------ refreshers

    def refresh_library(self, *, background: bool = False) -> None:
        """Show the catalog in the library pane. It is read off the GUI thread while indexing
        (the Library is busy writing batches) or when asked (start-up, a large catalog); a
        read that ends after a newer one is dropped."""
        library = self.library
        self._library_generation = generation = getattr(self, "_library_generation", 0) + 1
        if background or self.indexer.busy:
            self.jobs.run(
                lambda: (library.documents(), library.saved_searches()),
                lambda content: self._show_library(*content, generation=generation),
                lambda message: log.info("library pane not refreshed: %s", message),
                name="catalog",
            )
            return
        records = self._call(library.documents) or []
        searches = self._call(library.saved_searches) or []
        self._show_library(records, searches, generation=generation)

    def refresh_saved_searches(self) -> None:
        """Show the saved searches again (the documents have not changed)."""
        searches = self._call(self.library.saved_searches) or []
        self.library_panel.set_content(self.library_panel.records(), searches)

    def _show_library(self, records: list, searches: list, *, generation: int = 0) -> None:
        if generation and generation != self._library_generation:
            return  # a newer read was asked for meanwhile
        self.library_panel.set_content(records, searches)
        if self.reading.doc_id:
            self.library_panel.select_document(self.reading.doc_id)

    def refresh_annotations(self) -> None:
        from briefreader.gui.panels.annotations_panel import SCOPE_ALL

        panel = self.annotations_panel
        meanings = self._call(self.library.color_meanings) or {}
        panel.set_color_meanings(meanings)
        self._show_color_meanings(meanings)
        if panel.current_scope() == SCOPE_ALL:
            annotations = self._call(self.library.annotations) or []
            panel.set_annotations(
                annotations, self._titles(annotations), "No annotations in the library yet."
            )
        elif self.reading.doc_id is None:
            panel.set_annotations([], placeholder="Open a document to see its annotations.")
        else:
            panel.set_annotations(self.reading.annotations)

    def _titles(self, annotations: list) -> dict[str, str]:
        """Titles of the documents these annotations are on: looked up one by one when they
        are few, rather than reading a catalog of thousands on the GUI thread."""
        doc_ids = {a.doc_id for a in annotations}
        if len(doc_ids) > TITLE_LOOKUPS:
            records = self._call(lambda: self.library.documents(include_missing=True)) or []
            return {r.doc_id: r.title for r in records}
        titles: dict[str, str] = {}
        for doc_id in doc_ids:
            record = self._call(lambda d=doc_id: self.library.record(d))
            if record is not None:
                titles[doc_id] = record.title
        return titles

    def _show_color_meanings(self, meanings: dict[str, str]) -> None:
        """Name each colour's meaning in the Annotate menu and on the selection toolbar."""
        from briefreader.core.models import COLORS

        for number, color in enumerate(COLORS, start=1):
            meaning = meanings.get(color, "")
            label = f"Highlight {color.capitalize()}" + (f" — {meaning}" if meaning else "")
            self.actions_[f"highlight_{color}"].setText(label)
            self.selection_toolbar.buttons[color].setToolTip(f"{label} ({number})")

    def run_search(self, request: SearchRequest) -> None:
        library = self.library

        def done(results: object) -> None:
            self.search_panel.show_results(request, results)

        def failed(message: str) -> None:
            if self.search_panel.is_current(request):
                self.search_panel.show_error(f"Search failed: {message}")

        self.jobs.run(lambda: library.search(request), done, failed, name="search")

    # ------------------------------------------------------------------ slots

    def _annotate_range(self, start: int, end: int, color: str) -> None:
        if self.reading.doc_id is not None:
            self.annotator.highlight(self.reading.doc_id, start, end, color)

    def _annotations_changed(self, doc_id: str) -> None:
        if doc_id == self.reading.doc_id:
            self.reading.reload_record()
            self.reading.refresh_highlights()
            self.header.set_document(self.reading.document, self.reading.record)
        self.refresh_annotations()
        self.refresh_library_soon()
        if self.search_panel.query():
            self.search_panel.refresh_soon()  # annotation hits follow the change

    def refresh_library_soon(self) -> None:
        if not self._library_timer.isActive():
            self._library_timer.start()

    def _undo_done(self) -> None:
        self.selection_toolbar.hide()

    def _document_loading(self, doc_id: str, title: str) -> None:
        """A large document loads in the background: say so (after a moment, to spare a
        flash when it comes quickly); the reader keeps what it shows until then."""
        import html

        self._loading_message = f"Opening “{title}”…"
        self.show_message(self._loading_message)
        self.loading.setText(f"<p>{html.escape(self._loading_message)}</p>")

        def show_state() -> None:
            if self.reading.pending == doc_id:
                self.reader_stack.setCurrentWidget(self.loading)

        QTimer.singleShot(LOADING_STATE_MS, show_state)

    def _document_load_failed(self, _doc_id: str) -> None:
        shown = self.reader if self.reading.document is not None else self.welcome
        self.reader_stack.setCurrentWidget(shown)

    def _document_shown(self, _doc_id: str) -> None:
        """Before the reader scrolls: give it its final size. The header changes it, and so
        can the splitter, which enforces the panes' new minimum sizes on a later layout pass:
        run the pending layout passes now, or the reader reflows after it has scrolled."""
        from PySide6.QtCore import QCoreApplication, QEvent

        self.reader_stack.setCurrentWidget(self.reader)
        self.header.set_document(self.reading.document, self.reading.record)
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        self.reader_area.layout().activate()

    def _document_opened(self, doc_id: str) -> None:
        document = self.reading.document
        self.outline_panel.set_document(document)
        self.setWindowTitle(f"{document.title} — BriefReader" if document else "BriefReader")
        self.library_panel.select_document(doc_id)
        self.refresh_annotations()
        self._scrolled()
        self.refresh_library_soon()  # "recently read" changed
        if self.status.currentMessage() == getattr(self, "_loading_message", None):
            self.status.clearMessage()

    def _selection_changed(self, start: int, end: int) -> None:
        has_selection = end > start
        self.annotations_panel.set_can_reattach(has_selection)
        if has_selection and self.reader.hasFocus():
            self.selection_toolbar.show_near(self._selection_rect())
        else:
            self.selection_toolbar.hide()

    def _selection_rect(self) -> QRect:
        """The viewport rectangle from the selection's first to its last character."""
        from PySide6.QtCore import QRect
        from PySide6.QtGui import QTextCursor

        cursor = self.reader.textCursor()
        start, end = QTextCursor(cursor), QTextCursor(cursor)
        start.setPosition(cursor.selectionStart())
        end.setPosition(cursor.selectionEnd())
        first, last = self.reader.cursorRect(start), self.reader.cursorRect(end)
        if first.top() == last.top():  # one line: centre over the selected words
            return first.united(last)
        return QRect(first.left(), first.top(), 1, last.bottom() - first.top())

    def _scrolled(self) -> None:
        if self.selection_toolbar.isVisible():
            if self.reader.textCursor().hasSelection():
                self.selection_toolbar.show_near(self._selection_rect())
            else:
                self.selection_toolbar.hide()
        document = self.reading.document
        if document is None:
            self.status.set_position("")
            return
        offset = self.reader.current_offset()
        self.outline_panel.select_offset(offset)
        if document.pages:
            self.status.set_position(f"Page {document.page_at(offset)} of {len(document.pages)}")
        else:
            percent = round(100 * offset / max(1, len(document.text)))
            self.status.set_position(f"{percent}% of the document")

    def _find(self, text: str, backward: bool) -> None:
        if not text:
            self.reader.find_result.emit(0, 0)
            return
        self.reader.find(text, backward=backward)

    def _link_clicked(self, url: QUrl) -> None:
        if url.scheme().lower() in ("http", "https", "mailto"):
            self.show_message(f"Opened in your browser: {url.toDisplayString()}")

    def _find_closed(self) -> None:
        self.reader.setFocus()

    def _index_progress(self, done: int, total: int, path: str) -> None:
        self.status.set_progress(done, total, path)
        self.refresh_library_soon()
