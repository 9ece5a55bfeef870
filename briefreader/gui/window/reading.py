"""The open document: load it, restore and save the reading position, paint its highlights,
and go to a search hit with its terms marked."""

from __future__ import annotations

import logging
import re

from PySide6.QtCore import QObject, Signal

from briefreader.core.errors import UserError
from briefreader.core.models import (
    KIND_ANNOTATION,
    AnchorStatus,
    Annotation,
    Document,
    DocumentRecord,
    LoadError,
    SearchHit,
)
from briefreader.gui.reader_view import ReaderView

log = logging.getLogger(__name__)

MAX_MARKS = 2000


class Reading(QObject):
    """Keeps the reader in step with one document of the library."""

    shown = Signal(str)  # doc_id: set in the reader, before scrolling (lay out around it now)
    opened = Signal(str)  # doc_id: shown and scrolled
    failed = Signal(str)  # message

    def __init__(self, library: object, reader: ReaderView, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.reader = reader
        self.doc_id: str | None = None
        self.document: Document | None = None
        self.record: DocumentRecord | None = None
        self.annotations: list[Annotation] = []
        self.last_target: int | None = None
        self.marks: list[tuple[int, int]] = []

    # ------------------------------------------------------------------ open and close

    def open(
        self,
        doc_id: str,
        *,
        offset: int | None = None,
        position: int | None = None,
        select: tuple[int, int] | None = None,
        marks: list[tuple[int, int]] | None = None,
    ) -> bool:
        """Show a document and go to: ``select`` (a passage), ``offset`` (a hit, shown a third
        down the view), ``position`` (the top of the view), else the saved reading position."""
        same = doc_id == self.doc_id and self.document is not None
        try:
            document = self.library.document(doc_id)
            record = self.library.record(doc_id)
        except (UserError, LoadError) as error:
            self.failed.emit(f"Cannot open the document: {error}")
            return False
        if not same or document is not self.document:
            self.save_position()
            self.doc_id, self.document, self.record = doc_id, document, record
            self.reader.set_document(document)
            self.refresh_highlights()
        else:
            self.record = record
        self.shown.emit(doc_id)
        self.marks = list(marks or [])
        self.reader.mark_ranges(self.marks)
        self.last_target = None
        if select is not None:
            self.reader.select_range(*select)
            self.last_target = select[0]
        elif offset is not None:
            self._scroll_near(offset)
            self.last_target = offset
        else:
            if position is None and not same:
                position = self._safe_position(doc_id)
            if position:
                self.reader.scroll_to_offset(position)
        self.opened.emit(doc_id)
        return True

    def open_hit(self, hit: SearchHit) -> bool:
        """Open the document of a hit; scroll to the hit and mark the search terms."""
        if hit.kind == KIND_ANNOTATION and hit.annotation_id is not None:
            annotation = self._safe(lambda: self.library.annotation(hit.annotation_id))
            if annotation is not None and annotation.status != AnchorStatus.ORPHANED:
                span = (annotation.anchor.start, annotation.anchor.end)
                return self.open(hit.doc_id, select=span)
        target = hit_offset(hit)
        document = self._safe(lambda: self.library.document(hit.doc_id))
        marks = term_ranges(document.text, hit_terms(hit)) if document is not None else []
        return self.open(hit.doc_id, offset=target, marks=marks)

    def close(self) -> None:
        """Forget the document (its position is saved)."""
        self.save_position()
        self.doc_id = self.document = self.record = None
        self.annotations = []
        self.reader.set_document(None)

    def save_position(self) -> None:
        if self.doc_id is None or self.document is None:
            return
        try:
            self.library.set_reading_position(self.doc_id, self.reader.current_offset())
        except (UserError, LoadError) as error:
            log.info("reading position not saved: %s", error)

    def reload_record(self) -> None:
        if self.doc_id is not None:
            self.record = self._safe(lambda: self.library.record(self.doc_id)) or self.record

    # ------------------------------------------------------------------ highlights

    def refresh_highlights(self) -> list[Annotation]:
        """Repaint the open document's highlights from the library; return its annotations."""
        if self.doc_id is None:
            self.annotations = []
            return []
        self.annotations = self._safe(lambda: self.library.annotations(doc_id=self.doc_id)) or []
        length = len(self.document.text) if self.document else 0
        self.reader.set_highlights(
            [
                (a.id, a.anchor.start, a.anchor.end, a.color)
                for a in self.annotations
                if a.status != AnchorStatus.ORPHANED
                and 0 <= a.anchor.start < a.anchor.end <= length
            ]
        )
        return self.annotations

    # ------------------------------------------------------------------ helpers

    def _scroll_near(self, offset: int) -> None:
        """Scroll so that ``offset`` sits a third of the way down the view."""
        self.reader.scroll_to_offset(offset)
        bar = self.reader.verticalScrollBar()
        bar.setValue(max(0, bar.value() - self.reader.viewport().height() // 3))

    def _safe_position(self, doc_id: str) -> int | None:
        return self._safe(lambda: self.library.reading_position(doc_id))

    def _safe(self, call):
        try:
            return call()
        except (UserError, LoadError) as error:
            self.failed.emit(str(error))
            return None


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
