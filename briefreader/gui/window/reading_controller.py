"""Reading in the window: opening documents, hits and annotations, the find bar, and
keeping the header, outline, title, position and selection toolbar in step."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

from briefreader.gui.labels import window_title
from briefreader.gui.window.feedback import user_errors

if TYPE_CHECKING:
    from PySide6.QtCore import QUrl
    from PySide6.QtWidgets import QMainWindow

    from briefreader.core.library import Library
    from briefreader.core.models import Annotation, SearchHit
    from briefreader.gui.window.annotating_controller import AnnotatingController
    from briefreader.gui.window.feedback import Feedback
    from briefreader.gui.window.panes import Panes
    from briefreader.gui.window.reading import Reading
    from briefreader.gui.window.search_controller import SearchController
    from briefreader.gui.window.statusbar import WindowStatusBar
    from briefreader.gui.window.view_controller import ViewController

LOADING_STATE_MS = 150  # a background load still going after this shows "Opening…"


class ReadingController:
    """Opens what the user asks for in the reader and keeps the panes around it in step."""

    def __init__(
        self,
        window: QMainWindow,
        library: Library,
        reading: Reading,
        panes: Panes,
        status: WindowStatusBar,
        annotating: AnnotatingController,
        search: SearchController,
        view: ViewController,
        feedback: Feedback,
    ) -> None:
        self.window = window
        self.library = library
        self.reading = reading
        self.reader = panes.reader
        self.reader_stack = panes.reader_stack
        self.welcome = panes.welcome
        self.loading = panes.loading
        self.reader_area = panes.reader_area
        self.header = panes.header
        self.find_bar = panes.find_bar
        self.outline_panel = panes.outline_panel
        self.library_panel = panes.library_panel
        self.annotations_panel = panes.annotations_panel
        self.selection_toolbar = panes.selection_toolbar
        self.status = status
        self.annotating = annotating
        self.search = search
        self.view = view
        self.feedback = feedback
        self._loading_message: str | None = None

    # ------------------------------------------------------------------ opening

    def open_document(
        self,
        doc_id: str,
        *,
        offset: int | None = None,
        position: int | None = None,
        select: tuple[int, int] | None = None,
        then: Callable[[], None] | None = None,
    ) -> bool:
        """Show a document (see ``Reading.open`` for where it goes to)."""
        return self.reading.open(doc_id, offset=offset, position=position, select=select, then=then)

    def open_hit(self, hit: SearchHit) -> None:
        from briefreader.core.models import KIND_DOCUMENT_NOTE

        if hit.kind == KIND_DOCUMENT_NOTE:  # the document, and its note to read or edit
            self.reading.open_hit(hit, then=lambda: self.annotating.note_document(hit.doc_id))
            return
        annotation_id = hit.annotation_id

        def select() -> None:
            self.view.show_right_tab(0)
            if annotation_id is not None:
                self.annotations_panel.select_annotation(annotation_id)

        self.reading.open_hit(hit, then=select if annotation_id is not None else None)

    def open_annotation(self, annotation: Annotation) -> None:
        span = (annotation.anchor.start, annotation.anchor.end)

        def select() -> None:
            self.annotations_panel.select_annotation(annotation.id)

        if annotation.status == "ambiguous":
            self.open_document(annotation.doc_id, then=select)
            self.feedback.show_message(
                "This passage fits several places in the current text: click "
                "“Pick a place…” to choose one."
            )
        elif annotation.status == "orphaned":
            self.open_document(annotation.doc_id, then=select)
            self.feedback.show_message(
                "This passage was not found in the current text: select where it "
                "belongs and click “Re-attach to selection”."
            )
        else:
            self.open_document(annotation.doc_id, select=span, then=select)

    def reopen_current(self) -> None:
        """Show the open document again when its file changed on disk (and was re-indexed)."""
        doc_id, document = self.reading.doc_id, self.reading.document
        if doc_id is None or document is None or self.reading.pending is not None:
            return
        if self.reading.read_only:  # an old version stays shown until the user leaves it
            return
        try:
            record = self.library.record(doc_id)
        except user_errors():
            return
        changed = record is not None and record.content_hash != document.content_hash
        if changed and record is not None and not record.missing:
            self.reading.open(doc_id, position=self.reading.current_offset())

    # ------------------------------------------------------------------ the find bar

    def open_find_bar(self) -> None:
        span = self.reading.selected_range()
        text = ""
        if span and self.reading.document is not None and span[1] - span[0] < 80:
            text = self.reading.document.text[span[0] : span[1]]
        self.find_bar.open_bar(text)

    def find_next(self) -> None:
        if not self.find_bar.isVisible():
            self.open_find_bar()
        self.find_bar.find_next()

    def find_previous(self) -> None:
        if not self.find_bar.isVisible():
            self.open_find_bar()
        self.find_bar.find_previous()

    def find(self, text: str, backward: bool) -> None:
        if not text:
            self.reader.find_result.emit(0, 0)
            return
        self.reader.find(text, backward=backward)

    def find_closed(self) -> None:
        self.reading.view_widget().setFocus()

    # ------------------------------------------------------------------ what Reading says

    def document_loading(self, doc_id: str, title: str) -> None:
        """A large document loads in the background: say so (after a moment, to spare a
        flash when it comes quickly); the reader keeps what it shows until then."""
        self._loading_message = f"Opening “{title}”…"
        self.feedback.show_message(self._loading_message)
        self.loading.setText(f"<p>{html.escape(self._loading_message)}</p>")

        def show_state() -> None:
            if self.reading.pending == doc_id and not self.reading.showing_pages():
                self.reader_stack.setCurrentWidget(self.loading)

        QTimer.singleShot(LOADING_STATE_MS, show_state)

    def document_load_failed(self, _doc_id: str) -> None:
        shown = self.reading.view_widget() if self.reading.document is not None else self.welcome
        self.reader_stack.setCurrentWidget(shown)

    def document_shown(self, _doc_id: str) -> None:
        """Before the reader scrolls: give it its final size. The header changes it, and so
        can the splitter, which enforces the panes' new minimum sizes on a later layout pass:
        run the pending layout passes now, or the reader reflows after it has scrolled."""
        from PySide6.QtCore import QCoreApplication, QEvent

        self.reader_stack.setCurrentWidget(self.reading.view_widget())
        self.header.set_document(self.reading.document, self.reading.record)
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        layout = self.reader_area.layout()
        if layout is not None:
            layout.activate()

    def document_opened(self, doc_id: str) -> None:
        self.feedback.clear_hint()  # "Open a document first." is no longer true
        document = self.reading.document
        self.outline_panel.set_document(document)
        record = self.reading.record  # its title has the user's corrections
        shown = record if record is not None else document
        self.window.setWindowTitle(window_title(shown.title if shown is not None else None))
        self.library_panel.select_document(doc_id)
        self.annotating.refresh_annotations()
        self.scrolled()
        self.search.refresh_library_soon()  # "recently read" changed
        if self._loading_message and self.status.currentMessage() == self._loading_message:
            self.status.clearMessage()

    # ------------------------------------------------------------------ the reader

    def selection_changed(self, start: int, end: int) -> None:
        has_selection = end > start
        if has_selection:
            self.feedback.clear_hint()  # "Select a passage first." is no longer true
        self.annotations_panel.set_can_reattach(has_selection)
        self._place_selection_toolbar()

    def _place_selection_toolbar(self) -> None:
        """Over the selection of the view shown (when it has the focus), else hidden."""
        rect = None if self.reading.read_only else self.reading.selection_rect()
        if rect is not None:
            self.selection_toolbar.show_near(rect)
        else:
            self.selection_toolbar.hide()

    def scrolled(self) -> None:
        if self.selection_toolbar.isVisible():
            self._place_selection_toolbar()
        document = self.reading.document
        if document is None:
            self.status.set_position("")
            return
        offset = self.reading.current_offset()
        self.outline_panel.select_offset(offset)
        if document.pages:
            self.status.set_position(f"Page {document.page_at(offset)} of {len(document.pages)}")
        else:
            percent = round(100 * offset / max(1, len(document.text)))
            self.status.set_position(f"{percent}% of the document")

    def link_clicked(self, url: QUrl) -> None:
        if url.scheme().lower() in ("http", "https", "mailto"):
            self.feedback.show_message(f"Opened in your browser: {url.toDisplayString()}")
