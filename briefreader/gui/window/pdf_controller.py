"""PDFs in the window: shown as their pages (or as their reflowed text), with highlights,
selection and search hits drawn on the pages; the page bar; the switch between the views.

Reading drives this controller as its ``PageSurface``. A PDF opens in two steps so its
first page shows at once: ``opening`` opens the file (milliseconds: page sizes and
rendering need no text) while the Document still loads; ``show`` (the Document is there)
starts mapping its text to the pages (``PdfLayout``, from the page-map cache when the file
was opened before, else reflowed on a worker thread). Until the map is attached nothing can
be selected, highlights wait, and a target (a hit, a passage, the reading position) is
approached by its page; once attached it is reached exactly.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence

from briefreader.core.models import FORMAT_PDF, LoadError
from briefreader.gui.panels.pdf_bar import VIEW_PAGES, VIEW_TEXT

if TYPE_CHECKING:
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QWidget

    from briefreader.core.formats.pdf_map import PdfMapCache
    from briefreader.core.formats.pdf_pages import PdfLayout, PdfPages
    from briefreader.core.library import Library
    from briefreader.core.models import Document, DocumentRecord
    from briefreader.gui.settings import Settings
    from briefreader.gui.theme import ThemeManager
    from briefreader.gui.window.actions import WindowActions
    from briefreader.gui.window.feedback import Feedback
    from briefreader.gui.window.jobs import Jobs
    from briefreader.gui.window.panes import Panes
    from briefreader.gui.window.reading import Highlights, Reading, Target

log = logging.getLogger(__name__)

MAPPING_NOTICE = "Reading the text of the pages…"
SCANNED_NOTICE = "Scanned pages: no text to select or search"
HEADING_LINE = 0.03  # a heading gone to from the outline shows near the top


@dataclass(eq=False)
class _Session:
    """One PDF shown as pages: the open file, then its Document and its page map."""

    doc_id: str
    content_hash: str
    pages: PdfPages
    document: Document | None = None
    layout: PdfLayout | None = None
    mapping: bool = False  # the layout is being made on a worker thread
    retired: bool = False  # no longer shown: close the file once the mapping is over
    target: Target | None = None  # where to go once the layout is attached
    target_page: int = 0  # the page gone to meanwhile (scrolling elsewhere drops the target)
    notice: str = ""  # what the page bar says about this PDF


class PdfController:
    """The page view of PDFs and the page bar; Reading's ``PageSurface``."""

    def __init__(
        self,
        library: Library,
        reading: Reading,
        panes: Panes,
        settings: Settings,
        jobs: Jobs,
        feedback: Feedback,
        theme_manager: ThemeManager,
    ) -> None:
        self.library = library
        self.reading = reading
        self.view = panes.pdf_view
        self.bar = panes.pdf_bar
        self.reader = panes.reader
        self.reader_stack = panes.reader_stack
        self.selection_toolbar = panes.selection_toolbar
        self.settings = settings
        self.jobs = jobs
        self.feedback = feedback
        self.mode = settings.pdf_view()
        self._session: _Session | None = None
        self._outgoing: tuple[str, int] | None = None  # (doc_id, offset) of pages just left
        self._highlights: list[tuple[int, int, str, object]] = []
        self._map_cache: PdfMapCache | None = None
        self.actions: WindowActions | None = None  # set with the menus
        theme_manager.theme_changed.connect(lambda theme: self.view.set_dark(theme == "dark"))
        self.view.set_dark(theme_manager.theme == "dark")
        self._install_zoom_keys()

    # ------------------------------------------------------------------ PageSurface

    @property
    def shown(self) -> bool:
        return self._session is not None and self.mode == VIEW_PAGES

    def widget(self) -> QWidget:
        return self.view

    def opening(self, doc_id: str, record: DocumentRecord) -> None:
        """Show the pages of a PDF at once (its Document may still be loading)."""
        session = self._session
        if record.format != FORMAT_PDF or self.mode != VIEW_PAGES:
            return
        if session is not None and (session.doc_id, session.content_hash) == (
            doc_id,
            record.content_hash,
        ):
            return  # shown already (a hit or a passage in the same document)
        self._remember_outgoing()
        self._start(doc_id, record)

    def opening_failed(self) -> None:
        """The document did not load: show the one still in the reader again."""
        session = self._session
        if session is None or session.document is not None:
            return
        self._end()
        document, record, doc_id = self.reading.document, self.reading.record, self.reading.doc_id
        if document is not None and record is not None and doc_id is not None:
            position = self._outgoing[1] if self._outgoing else None
            self._show_document(doc_id, document, record, position)

    def show(self, document: Document, target: Target) -> None:
        doc_id, record = self.reading.doc_id, self.reading.record
        if document.format != FORMAT_PDF or doc_id is None or record is None:
            self._end()
            self._place_toolbar()
            self.bar.hide()
            return
        self.bar.show()
        self.bar.set_view(self.mode)
        if self.mode != VIEW_PAGES:
            self._end()
            self.text_scrolled()
            return
        from briefreader.core.formats.pdf import NO_TEXT_WARNING

        session = self._session
        if session is None or session.doc_id != doc_id:
            session = self._start(doc_id, record)
        if session is None:  # its pages cannot be shown: its text is
            self._end()
            self._place_toolbar()
            self.reader_stack.setCurrentWidget(self.reader)
            return
        session.document = document
        self._outgoing = None
        self.set_marks(self.reading.marks)
        self.view.set_highlights(self._highlights)
        session.notice = SCANNED_NOTICE if NO_TEXT_WARNING in document.warnings else ""
        self._go(session, target)
        if session.layout is None and not session.mapping:
            self._map(session)
        self._show_notice(session)

    def set_highlights(self, highlights: Highlights) -> None:
        self._highlights = [(start, end, color, ident) for ident, start, end, color in highlights]
        if self.shown:
            self.view.set_highlights(self._highlights)

    def set_marks(self, marks: list[tuple[int, int]]) -> None:
        if self.shown:
            self.view.mark_hits(marks)

    def current_offset(self) -> int | None:
        session = self._session
        if (
            self.shown
            and session is not None
            and session.document is not None
            and session.doc_id == self.reading.doc_id
        ):
            offset = self.view.current_offset()
            if offset is None:  # not mapped yet: the start of the page at the reading line
                pages = session.document.pages
                page = self.view.current_page
                offset = pages[page - 1] if pages and 0 < page <= len(pages) else 0
            return offset
        if self._outgoing is not None and self._outgoing[0] == self.reading.doc_id:
            return self._outgoing[1]
        return None

    def selection(self) -> tuple[int, int] | None:
        return self.view.selection() if self.shown else None

    def clear_selection(self) -> None:
        self.view.clear_selection()

    def selection_rect(self) -> QRect | None:
        if not self.shown or not self.view.hasFocus():
            return None
        return self.view.selection_rect()

    def scroll_to_offset(self, offset: int) -> None:
        session = self._session
        if session is None:
            return
        if session.layout is not None:
            self.view.scroll_to_offset(offset, above=HEADING_LINE)
        elif session.document is not None:
            self.view.go_to_page(session.document.page_at(offset) or 1)

    def clear(self) -> None:
        self._end()
        self._outgoing = None
        self._place_toolbar()
        self.bar.hide()

    # ------------------------------------------------------------------ the window's asks

    def set_mode(self, mode: str) -> None:
        """Show PDFs as their pages or as their text (remembered); the open one moves over at
        the same place."""
        if mode not in (VIEW_PAGES, VIEW_TEXT) or mode == self.mode:
            self.bar.set_view(self.mode)
            return
        document, record, doc_id = self.reading.document, self.reading.record, self.reading.doc_id
        is_pdf = document is not None and document.format == FORMAT_PDF
        offset = self.reading.current_offset() if is_pdf else None
        self.mode = mode
        self.settings.set_pdf_view(mode)
        self.check_mode_action()
        self.bar.set_view(mode)
        if not is_pdf or document is None or record is None or doc_id is None:
            return
        if mode == VIEW_PAGES:
            self._show_document(doc_id, document, record, offset)
        else:
            self._end()
            self._place_toolbar()
            self.reader_stack.setCurrentWidget(self.reader)
            if offset is not None:
                self.reader.scroll_to_offset(offset)
            self.reader.setFocus()

    def check_mode_action(self) -> None:
        if self.actions is not None:
            self.actions[f"pdf_{self.mode}"].setChecked(True)

    def go_to_page(self, page: int) -> None:
        document = self.reading.document
        if self.shown:
            self.view.go_to_page(page)
        elif document is not None and document.pages:
            page = min(max(page, 1), len(document.pages))
            self.reader.scroll_to_offset(document.pages[page - 1])

    def ask_page(self) -> None:
        """Go to Page: the page number of the bar takes the keyboard."""
        document = self.reading.document
        if document is None or not document.pages:
            self.feedback.show_message("Go to page: open a PDF first.")
            return
        self.bar.focus_page()

    def zoom(self, how: str) -> None:
        """``in``, ``out`` or ``fit`` (the page view's zoom, remembered)."""
        if how == "in":
            self.view.zoom_in()
        elif how == "out":
            self.view.zoom_out()
        else:
            self.view.fit_width()
        self.settings.set_pdf_zoom(None if self.view.fits_width else self.view.zoom)
        self.bar.set_zoom(self.view.zoom, self.view.fits_width)

    def page_changed(self, page: int, count: int) -> None:
        self.bar.set_page(page, count)

    def zoom_changed(self, zoom: float) -> None:
        self.bar.set_zoom(zoom, self.view.fits_width)

    def text_scrolled(self) -> None:
        """The text reader moved: the page bar follows it (a PDF in the text view)."""
        document = self.reading.document
        if self.mode == VIEW_TEXT and document is not None and document.pages:
            offset = self.reader.current_offset()
            self.bar.set_page((document.page_at(offset) or 1), len(document.pages))

    def text_found(self, index: int, _total: int) -> None:
        """The find bar found a match (in the text): select it on the pages too."""
        span = self.reader.canonical_range_of_selection() if index > 0 else None
        if self.shown and span is not None:
            self.view.set_selection(*span)
            self.scroll_to_offset(span[0])

    def shutdown(self) -> None:
        """The window closes: stop rendering and close the file."""
        self._end()

    # ------------------------------------------------------------------ sessions

    def _start(self, doc_id: str, record: DocumentRecord) -> _Session | None:
        """Open a PDF's file and show its pages (the text reader keeps its document)."""
        from briefreader.core.formats.pdf_pages import PdfPages

        try:
            pages = PdfPages.open(record.path)
        except LoadError as error:  # the pages shown stay (the Document will not load either)
            log.info("pages of %s not shown: %s", record.path, error)
            return None
        old, self._session = self._session, _Session(doc_id, record.content_hash, pages)
        self.reader_stack.setCurrentWidget(self.view)
        if self.view.size() != self.reader_stack.size():
            self.view.resize(self.reader_stack.size())  # the zoom that fits is its width's
        zoom = self.settings.pdf_zoom()
        if zoom is None:
            self.view.fit_width()
        else:
            self.view.set_zoom(zoom)
        self.view.set_pages(pages)
        self.view.set_highlights([])
        if old is not None:
            self._retire(old)
        self._place_toolbar()
        self.bar.show()
        self.bar.set_view(VIEW_PAGES)
        self.bar.set_page(1, pages.page_count)
        self.bar.set_zoom(self.view.zoom, self.view.fits_width)
        self.bar.set_notice("")
        return self._session

    def _show_document(
        self, doc_id: str, document: Document, record: DocumentRecord, position: int | None
    ) -> None:
        """Show the pages of the document that is in the reader, at ``position``."""
        from briefreader.gui.window.reading import Target

        if self._start(doc_id, record) is not None:
            self.show(document, Target(position=position))
            self.view.setFocus()

    def _end(self) -> None:
        session, self._session = self._session, None
        if session is not None:
            self.view.clear()
            self._retire(session)

    def _retire(self, session: _Session) -> None:
        session.retired = True
        if not session.mapping:
            session.pages.close()

    def _remember_outgoing(self) -> None:
        """Before other pages replace these: where the current document was read."""
        offset = self.current_offset()
        doc_id = self.reading.doc_id
        if offset is not None and doc_id is not None:
            self._outgoing = (doc_id, offset)

    def _map(self, session: _Session) -> None:
        """Make the page map of the session's file off the GUI thread."""
        from briefreader.core.formats.pdf_pages import PdfLayout

        assert session.document is not None
        pages, text, cache = session.pages, session.document.text, self._cache()
        session.mapping = True
        task = self.jobs.run(
            lambda: PdfLayout.of(pages, text, cache),
            lambda layout: self._mapped(session, layout),
            lambda message: self._not_mapped(session, message),
            name="map pdf",
        )
        if task is None:  # the window is closing
            session.mapping = False

    def _mapped(self, session: _Session, layout: PdfLayout) -> None:
        session.mapping = False
        if session.retired:
            session.pages.close()
            return
        session.layout = layout
        self.view.attach_layout(layout)
        self._show_notice(session)
        target, session.target = session.target, None
        if target is not None:
            if self.view.current_page != session.target_page:  # the reader moved on meanwhile
                from briefreader.gui.window.reading import Target

                target = Target(select=target.select)
            self._go(session, target)

    def _not_mapped(self, session: _Session, message: str) -> None:
        session.mapping = False
        if session.retired:
            session.pages.close()
            return
        log.info("page map not made: %s", message)
        session.notice = "Text not mapped to the pages: select in the Text view"
        self._show_notice(session)
        self.feedback.show_message(f"The text of the pages could not be read: {message}")

    def _show_notice(self, session: _Session) -> None:
        if session is self._session:
            self.bar.set_notice(MAPPING_NOTICE if session.mapping else session.notice)

    def _go(self, session: _Session, target: Target) -> None:
        """Go to a target: exactly with the layout, else to its page until it is attached."""
        view = self.view
        offset = target.select[0] if target.select else target.offset
        if offset is None:
            offset = target.position
        if session.layout is None:
            if offset is not None and session.document is not None:
                session.target_page = session.document.page_at(offset) or 1
                view.go_to_page(session.target_page)
                session.target = target
            return
        if target.select is not None:
            view.set_selection(*target.select)
        if offset is not None:
            view.scroll_to_offset(offset)

    def _cache(self) -> PdfMapCache:
        if self._map_cache is None:
            from briefreader.core.formats.documents import LOADER_VERSION
            from briefreader.core.formats.pdf_map import PdfMapCache

            self._map_cache = PdfMapCache(self.library.data_dir / "cache" / "pdf", LOADER_VERSION)
        return self._map_cache

    def _place_toolbar(self) -> None:
        """The selection toolbar over the view shown."""
        target = (self.view if self.shown else self.reader).viewport()
        if self.selection_toolbar.parentWidget() is not target:
            self.selection_toolbar.hide()
            self.selection_toolbar.setParent(target)

    def _install_zoom_keys(self) -> None:
        """The zoom keys of the text reader, for the pages while they have the focus."""
        for keys, how in (
            (("Ctrl+=", "Ctrl++", QKeySequence.StandardKey.ZoomIn), "in"),
            (("Ctrl+-", QKeySequence.StandardKey.ZoomOut), "out"),
            (("Ctrl+0",), "fit"),
        ):
            action = QAction(self.view)
            shortcuts: list[QKeySequence] = []
            for key in keys:
                sequences = (
                    QKeySequence.keyBindings(key)
                    if isinstance(key, QKeySequence.StandardKey)
                    else [QKeySequence(key)]
                )
                shortcuts += [s for s in sequences if not s.isEmpty() and s not in shortcuts]
            action.setShortcuts(shortcuts)
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(lambda _checked=False, h=how: self.zoom(h))
            self.view.addAction(action)
