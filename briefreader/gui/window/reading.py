"""The open document: load it, restore and save the reading position, paint its highlights,
and go to a search hit with its terms marked.

A small document (or one read a moment ago) is shown before :meth:`Reading.open` returns; a
large one is loaded by ``Library.document`` on a worker thread, so the window keeps running
while a 5 MB file is read and parsed: ``loading`` fires at once, ``opened`` once it is shown.
"""

from __future__ import annotations

import logging
import re
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Protocol, TypeVar

from PySide6.QtCore import QObject, Signal

from briefreader.core.errors import UserError
from briefreader.core.models import (
    FORMAT_HTML,
    FORMAT_MARKDOWN,
    FORMAT_PDF,
    FORMAT_TEXT,
    KIND_ANNOTATION,
    KIND_DOCUMENT_NOTE,
    AnchorStatus,
    Annotation,
    Document,
    DocumentRecord,
    LoadError,
    SearchHit,
)
from briefreader.gui.reader_view import ReaderView
from briefreader.gui.window.jobs import Jobs

if TYPE_CHECKING:
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QWidget

    from briefreader.core.library import Library

log = logging.getLogger(__name__)
T = TypeVar("T")

MAX_MARKS = 2000
# Files up to these sizes (bytes on disk) load in a few tens of milliseconds (Markdown about
# 1 MB/s, HTML 3 MB/s, text 10 MB/s here): they open at once. Larger ones load in the background.
LOAD_AT_ONCE_BYTES = {
    FORMAT_TEXT: 512_000,
    FORMAT_HTML: 160_000,
    FORMAT_MARKDOWN: 48_000,
    FORMAT_PDF: 32_000,
}
RECENT_DOCUMENTS = 4  # documents kept to show again at once (the Library caches them too)


@dataclass
class Target:
    """Where to go in a document once it is shown (see :meth:`Reading.open`)."""

    offset: int | None = None
    position: int | None = None
    select: tuple[int, int] | None = None
    marks: list[tuple[int, int]] | None = None
    terms: list[str] = field(default_factory=list)  # marked once the text is there
    then: Callable[[], None] | None = None  # called once the document is shown and scrolled


Highlights = list[tuple[int, int, int, str]]  # annotation id, start, end, colour


class PageSurface(Protocol):
    """The page view of PDFs as Reading drives it, beside the text reader
    (``gui/window/pdf_controller.py``). Offsets are canonical offsets."""

    @property
    def shown(self) -> bool:
        """Whether the pages are what the window shows (of the document or the one opening)."""
        ...

    def widget(self) -> QWidget: ...

    def opening(self, doc_id: str, record: DocumentRecord) -> None:
        """A document is about to be shown (it may still have to load)."""

    def opening_failed(self) -> None:
        """The document announced by ``opening`` could not be loaded."""

    def show(self, document: Document, target: Target) -> None:
        """The document is in the text reader now: go to ``target`` (marks in ``marks``)."""

    def set_highlights(self, highlights: Highlights) -> None: ...

    def set_marks(self, marks: list[tuple[int, int]]) -> None: ...

    def current_offset(self) -> int | None:
        """Where the pages of the current document are read (None: ask the text reader)."""

    def selection(self) -> tuple[int, int] | None: ...

    def clear_selection(self) -> None: ...

    def selection_rect(self) -> QRect | None: ...

    def scroll_to_offset(self, offset: int) -> None: ...

    def clear(self) -> None: ...


class Reading(QObject):
    """Keeps the reader in step with one document of the library."""

    shown = Signal(str)  # doc_id: set in the reader, before scrolling (lay out around it now)
    opened = Signal(str)  # doc_id: shown and scrolled
    failed = Signal(str)  # message
    loading = Signal(str, str)  # doc_id, title: a large document is being loaded
    load_failed = Signal(str)  # doc_id: the background load failed (``failed`` says why)

    def __init__(
        self,
        library: Library,
        reader: ReaderView,
        parent: QObject | None = None,
        *,
        jobs: Jobs | None = None,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.reader = reader
        self.jobs = jobs  # without one, every document loads on the calling thread
        self.doc_id: str | None = None
        self.document: Document | None = None
        self.record: DocumentRecord | None = None
        self.annotations: list[Annotation] = []
        self.last_target: int | None = None
        self.marks: list[tuple[int, int]] = []
        self.pending: str | None = None  # doc_id being loaded in the background
        self.read_only = False  # an old version of the document is shown: no annotating
        self._request = 0  # the newest open request; a load that ends after a newer one is dropped
        self._recent: OrderedDict[str, Document] = OrderedDict()
        self.pages: PageSurface | None = None  # the page view of PDFs (set by the window)

    # ------------------------------------------------------------------ open and close

    def open(
        self,
        doc_id: str,
        *,
        offset: int | None = None,
        position: int | None = None,
        select: tuple[int, int] | None = None,
        marks: list[tuple[int, int]] | None = None,
        terms: list[str] | None = None,
        then: Callable[[], None] | None = None,
    ) -> bool:
        """Show a document and go to: ``select`` (a passage), ``offset`` (a hit, shown a third
        down the view), ``position`` (the top of the view), else the saved reading position;
        mark ``marks`` and every occurrence of ``terms``, then call ``then``.

        False (and ``failed``) when it cannot be opened. A large document not read lately
        loads in the background: ``loading`` now, ``opened`` (or ``load_failed``) later.
        """
        self._request += 1
        self.pending = None
        target = Target(offset, position, select, marks, list(terms or []), then)
        try:
            record = self.library.record(doc_id)
            if record is None:
                raise LoadError(f"no document with id {doc_id}")
            if self.pages is not None:
                self.pages.opening(doc_id, record)
            document = self._recent_document(doc_id, record)
            if document is None and (self.jobs is None or _loads_at_once(record)):
                document = self.library.document(doc_id)
        except (UserError, LoadError) as error:
            if self.pages is not None:
                self.pages.opening_failed()
            self.failed.emit(f"Cannot open the document: {error}")
            return False
        if document is not None:
            self._show(doc_id, document, record, target)
        else:
            self._load_in_background(doc_id, record, target)
        return True

    def open_hit(self, hit: SearchHit, then: Callable[[], None] | None = None) -> bool:
        """Open the document of a hit; scroll to the hit and mark the search terms."""
        annotation_id = hit.annotation_id
        if hit.kind == KIND_ANNOTATION and annotation_id is not None:
            annotation = self._safe(lambda: self.library.annotation(annotation_id))
            if annotation is not None and AnchorStatus(annotation.status).placed:
                span = (annotation.anchor.start, annotation.anchor.end)
                return self.open(hit.doc_id, select=span, then=then)
        if hit.kind == KIND_DOCUMENT_NOTE:  # its snippet is in the note, not in the text
            return self.open(hit.doc_id, then=then)
        return self.open(hit.doc_id, offset=hit_offset(hit), terms=hit_terms(hit), then=then)

    def close(self) -> None:
        """Forget the document (its position is saved)."""
        self._request += 1
        self.pending = None
        self.save_position()
        self.doc_id = self.document = self.record = None
        self.read_only = False
        self.annotations = []
        self.reader.set_document(None)
        if self.pages is not None:
            self.pages.clear()

    def _recent_document(self, doc_id: str, record: DocumentRecord) -> Document | None:
        """The document as shown or read lately, when its file has not changed since."""
        if doc_id == self.doc_id and self.document is not None:
            candidate: Document | None = self.document
        else:
            candidate = self._recent.get(doc_id)
        if candidate is None or candidate.content_hash != record.content_hash:
            return None
        return candidate

    def _load_in_background(self, doc_id: str, record: DocumentRecord, target: Target) -> None:
        assert self.jobs is not None
        request = self._request
        library = self.library
        self.pending = doc_id

        def loaded(document: Document) -> None:
            if request != self._request:
                return  # another document was asked for meanwhile
            self.pending = None
            fresh = self._safe(lambda: library.record(doc_id)) or record
            self._show(doc_id, document, fresh, target)

        def failed(message: str) -> None:
            if request != self._request:
                return
            self.pending = None
            if self.pages is not None:
                self.pages.opening_failed()
            self.failed.emit(f"Cannot open the document: {message}")
            self.load_failed.emit(doc_id)

        self.loading.emit(doc_id, record.title)
        self.jobs.run(lambda: library.document(doc_id), loaded, failed)

    def show_version(
        self, doc_id: str, version: Document, marks: list[tuple[int, int]] | None = None
    ) -> bool:
        """Show an old version of the document (``Library.version_document``) read-only:
        no highlights drawn on it and none made, ``marks`` marked; any ``open`` leaves it."""
        record = self._safe(lambda: self.library.record(doc_id))
        if record is None:
            return False
        self._request += 1
        self.pending = None
        self.save_position()
        self.doc_id, self.document, self.record = doc_id, version, record
        self.read_only = True
        if self.pages is not None:  # an old version is plain text, even of a PDF
            self.pages.clear()
        self.reader.set_document(version)
        self.refresh_highlights()
        self.shown.emit(doc_id)
        self.marks = list(marks or [])
        self.reader.mark_ranges(self.marks)
        self.last_target = None
        if self.marks:
            self._scroll_near(self.marks[0][0])
        self.opened.emit(doc_id)
        return True

    def _show(self, doc_id: str, document: Document, record: DocumentRecord, to: Target) -> None:
        same = doc_id == self.doc_id and self.document is not None and not self.read_only
        self._recent[doc_id] = document
        self._recent.move_to_end(doc_id)
        while len(self._recent) > RECENT_DOCUMENTS:
            self._recent.popitem(last=False)
        if not same or document is not self.document:
            self.save_position()
            self.read_only = False
            self.doc_id, self.document, self.record = doc_id, document, record
            self.reader.set_document(document)
            self.refresh_highlights()
        else:
            self.record = record
        self.shown.emit(doc_id)
        marks = list(to.marks or [])
        if to.terms:
            marks += term_ranges(document.text, to.terms)
        self.marks = marks
        self.reader.mark_ranges(self.marks)
        self.last_target = None
        if to.select is not None:
            self.reader.select_range(*to.select)
            self.last_target = to.select[0]
        elif to.offset is not None:
            self._scroll_near(to.offset)
            self.last_target = to.offset
        else:
            position = to.position
            if position is None and not same:
                position = self._safe_position(doc_id)
            if position:
                self.reader.scroll_to_offset(position)
            to = replace(to, position=position)
        if self.pages is not None:
            self.pages.show(document, to)
        self.opened.emit(doc_id)
        if to.then is not None:
            to.then()

    def save_position(self) -> None:
        if self.doc_id is None or self.document is None or self.read_only:
            return
        try:
            self.library.set_reading_position(self.doc_id, self.current_offset())
        except (UserError, LoadError) as error:
            log.info("reading position not saved: %s", error)

    def reload_record(self) -> None:
        doc_id = self.doc_id
        if doc_id is not None:
            self.record = self._safe(lambda: self.library.record(doc_id)) or self.record

    # ------------------------------------------------------------------ highlights

    def clear_marks(self) -> None:
        """Take away the search-term marks (a new search was made)."""
        if self.marks:
            self.marks = []
            self.reader.mark_ranges([])
            if self.pages is not None:
                self.pages.set_marks([])

    def refresh_highlights(self) -> list[Annotation]:
        """Repaint the open document's highlights from the library; return its annotations."""
        if self.doc_id is None:
            self.annotations = []
            return []
        self.annotations = self._safe(lambda: self.library.annotations(doc_id=self.doc_id)) or []
        if self.read_only:  # they are placed on the current text, not on this version
            self.reader.set_highlights([])
            if self.pages is not None:
                self.pages.set_highlights([])
            return self.annotations
        length = len(self.document.text) if self.document else 0
        highlights = [
            (a.id, a.anchor.start, a.anchor.end, a.color)
            for a in self.annotations
            if AnchorStatus(a.status).placed  # an ambiguous one waits for a pick
            and 0 <= a.anchor.start < a.anchor.end <= length
        ]
        self.reader.set_highlights(highlights)
        if self.pages is not None:
            self.pages.set_highlights(highlights)
        return self.annotations

    # ------------------------------------------------------------------ the view shown

    def showing_pages(self) -> bool:
        """Whether the document is shown as its pages (a PDF in the page view)."""
        return self.pages is not None and self.pages.shown

    def view_widget(self) -> QWidget:
        """What shows the document: the page view, or the text reader."""
        if self.pages is not None and self.pages.shown:
            return self.pages.widget()
        return self.reader

    def current_offset(self) -> int:
        """Where the document is read (the top of the text reader, the reading line of the
        pages)."""
        offset = self.pages.current_offset() if self.pages is not None else None
        return self.reader.current_offset() if offset is None else offset

    def selected_range(self) -> tuple[int, int] | None:
        """The canonical range selected in the view shown, or None."""
        if self.pages is not None and self.pages.shown:
            return self.pages.selection()
        return self.reader.canonical_range_of_selection()

    def clear_selection(self) -> None:
        if self.pages is not None and self.pages.shown:
            self.pages.clear_selection()
        else:
            self.reader.clear_selection()

    def scroll_to_offset(self, offset: int) -> None:
        if self.pages is not None and self.pages.shown:
            self.pages.scroll_to_offset(offset)
        else:
            self.reader.scroll_to_offset(offset)

    def selection_rect(self) -> QRect | None:
        """The selection's rectangle in the shown view's viewport (from its first to its
        last character), None without a selection or focus."""
        from PySide6.QtCore import QRect
        from PySide6.QtGui import QTextCursor

        if self.pages is not None and self.pages.shown:
            return self.pages.selection_rect()
        cursor = self.reader.textCursor()
        if not cursor.hasSelection() or not self.reader.hasFocus():
            return None
        start, end = QTextCursor(cursor), QTextCursor(cursor)
        start.setPosition(cursor.selectionStart())
        end.setPosition(cursor.selectionEnd())
        first, last = self.reader.cursorRect(start), self.reader.cursorRect(end)
        if first.top() == last.top():  # one line: centre over the selected words
            return first.united(last)
        return QRect(first.left(), first.top(), 1, last.bottom() - first.top())

    # ------------------------------------------------------------------ helpers

    def _scroll_near(self, offset: int) -> None:
        """Scroll so that ``offset`` sits a third of the way down the view."""
        self.reader.scroll_to_offset(offset, above=1 / 3)

    def _safe_position(self, doc_id: str) -> int | None:
        return self._safe(lambda: self.library.reading_position(doc_id))

    def _safe(self, call: Callable[[], T]) -> T | None:
        try:
            return call()
        except (UserError, LoadError) as error:
            self.failed.emit(str(error))
            return None


def _loads_at_once(record: DocumentRecord) -> bool:
    """Whether the file is small enough to load on the GUI thread without a noticeable wait."""
    return record.size <= LOAD_AT_ONCE_BYTES.get(record.format, LOAD_AT_ONCE_BYTES[FORMAT_PDF])


def hit_offset(hit: SearchHit) -> int | None:
    """Where the hit is in the canonical text: the snippet's first mark, else its start."""
    snippet = hit.snippet
    if snippet is None:
        return None
    if snippet.marks:
        return snippet.offset + min(start for start, _ in snippet.marks)
    return snippet.offset


def hit_terms(hit: SearchHit) -> list[str]:
    """The words the snippet marked (what the search matched)."""
    snippet = hit.snippet
    if snippet is None:
        return []
    terms = {snippet.text[s:e].strip().lower() for s, e in snippet.marks}
    return sorted((t for t in terms if t), key=len, reverse=True)


def term_ranges(text: str, terms: list[str]) -> list[tuple[int, int]]:
    """Every case-insensitive occurrence of the terms (whole words where they are words)."""
    if not terms:
        return []
    parts = []
    for term in terms:
        escaped = re.escape(term)
        if term[:1].isalnum() and term[-1:].isalnum() and term.isascii():
            escaped = rf"\b{escaped}\b"
        parts.append(escaped)
    pattern = re.compile("|".join(parts), re.IGNORECASE)
    ranges = []
    for match in pattern.finditer(text):
        ranges.append((match.start(), match.end()))
        if len(ranges) >= MAX_MARKS:
            break
    return ranges
