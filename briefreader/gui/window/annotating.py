"""Annotation changes from the window: every one goes through the QUndoStack as a command."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from briefreader.core.errors import UserError
from briefreader.core.models import DEFAULT_COLOR, AnchorStatus, Annotation, LoadError
from briefreader.gui.undo import (
    CreateAnnotationCommand,
    DecisionCommand,
    DeleteAnnotationCommand,
    DocumentNoteCommand,
    DocumentTagsCommand,
    UndoContext,
    UpdateAnnotationCommand,
)

if TYPE_CHECKING:
    from briefreader.core.library import Library

log = logging.getLogger(__name__)
T = TypeVar("T")

# The Library lets the index entries of a burst of changes wait and commits them together;
# once the user pauses this long they are committed, so another BriefReader (the command
# line) searching the same library sees them too.
INDEX_FLUSH_MS = 1500


class Annotator(QObject):
    """Turns requests into undoable Library calls; emits ``changed(doc_id)`` after each."""

    changed = Signal(str)  # doc_id whose annotations (or tags/note) changed
    failed = Signal(str)  # a one-line message for the status bar
    confirmed = Signal(str)  # "Highlight in yellow: saved (Ctrl+Z undoes it)", "Undone: ..."

    def __init__(self, library: Library, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.stack = QUndoStack(self)
        self.stack.setUndoLimit(200)
        self._ctx = UndoContext(library, self.changed.emit, self.failed.emit)
        self.last_color = DEFAULT_COLOR
        self._flush_timer = QTimer(self)
        self._flush_timer.setSingleShot(True)
        self._flush_timer.setInterval(INDEX_FLUSH_MS)
        self._flush_timer.timeout.connect(self.flush_index)
        self.changed.connect(lambda _doc_id: self._flush_timer.start())
        self._index = 0
        self._pushing = False
        self.stack.indexChanged.connect(self._index_changed)

    def _push(self, command: QUndoCommand) -> None:
        self._pushing = True
        try:
            self.stack.push(command)
        finally:
            self._pushing = False

    def push(self, command: QUndoCommand) -> None:
        """Do an undoable change made elsewhere (metadata, reading lists) on this stack."""
        self._push(command)

    def flush_soon(self) -> None:
        """Commit waiting index entries once the user pauses (as after an annotation)."""
        self._flush_timer.start()

    def _index_changed(self, index: int) -> None:
        """Say what a change, an undo or a redo did (the stack moved from ``_index``)."""
        before, self._index = self._index, index
        if index > before:
            command = self.stack.command(index - 1)
            if command is not None and not getattr(command, "failed", False):
                text = command.text()
                self.confirmed.emit(
                    f"{text}: saved (Ctrl+Z undoes it)" if self._pushing else f"Redone: {text}"
                )
        elif index < before:
            command = self.stack.command(index)
            if command is not None:
                self.confirmed.emit(f"Undone: {command.text()} (Ctrl+Shift+Z redoes it)")

    def flush_index(self) -> None:
        """Commit the index entries of changes that are waiting (never waits for a lock)."""
        self._safe(self.library.flush_index)

    # ------------------------------------------------------------------ passages

    def highlight(
        self,
        doc_id: str,
        start: int,
        end: int,
        color: str | None = None,
        note: str = "",
        tags: Iterable[str] = (),
    ) -> Annotation | None:
        """Highlight ``[start, end)``; an existing highlight on exactly that range is recoloured."""
        color = color or self.last_color
        self.last_color = color
        existing = self.exact_match(doc_id, start, end)
        if existing is not None:
            if existing.color != color:
                self.update(existing.id, color=color)
            return self.library.annotation(existing.id)
        command = CreateAnnotationCommand(self._ctx, doc_id, start, end, color, note, tags)
        self._push(command)
        return None if command.failed else command.annotation

    def exact_match(self, doc_id: str, start: int, end: int) -> Annotation | None:
        for annotation in self._safe(lambda: self.library.annotations(doc_id=doc_id)) or []:
            anchor = annotation.anchor
            if (
                anchor.start == start
                and anchor.end == end
                and AnchorStatus(annotation.status).placed
            ):
                return annotation
        return None

    def update(
        self,
        annotation_id: int,
        *,
        color: str | None = None,
        note: str | None = None,
        tags: Iterable[str] | None = None,
    ) -> None:
        before = self._safe(lambda: self.library.annotation(annotation_id))
        if before is None:
            self.failed.emit(f"That annotation no longer exists (id {annotation_id}).")
            return
        tags = tuple(tags) if tags is not None else None
        if color == before.color:
            color = None
        if note == before.note:
            note = None
        if tags == before.tags:
            tags = None
        if color is None and note is None and tags is None:
            return
        if color is not None:
            self.last_color = color
        self._push(UpdateAnnotationCommand(self._ctx, before, color=color, note=note, tags=tags))

    def delete(self, annotation_id: int) -> None:
        annotation = self._safe(lambda: self.library.annotation(annotation_id))
        if annotation is not None:
            self._push(DeleteAnnotationCommand(self._ctx, annotation))

    def reattach(self, annotation_id: int, start: int, end: int) -> None:
        self._decide(annotation_id, lambda a: DecisionCommand.reattach(self._ctx, a, start, end))

    def confirm(self, annotation_id: int) -> None:
        self._decide(annotation_id, lambda a: DecisionCommand.confirm(self._ctx, a))

    def pick(self, annotation_id: int, index: int) -> None:
        """Place an ambiguous annotation at its candidate ``index`` (0-based)."""
        self._decide(annotation_id, lambda a: DecisionCommand.pick(self._ctx, a, index))

    def _decide(self, annotation_id: int, command: Callable[[Annotation], QUndoCommand]) -> None:
        annotation = self._safe(lambda: self.library.annotation(annotation_id))
        if annotation is not None:
            self._push(command(annotation))

    # ------------------------------------------------------------------ whole documents

    def set_document_tags(self, doc_id: str, tags: Iterable[str]) -> None:
        record = self._safe(lambda: self.library.record(doc_id))
        if record is None:
            return
        wanted = {t.lower(): t for t in tags}
        have = {t.lower(): t for t in record.tags}
        added = [t for k, t in wanted.items() if k not in have]
        removed = [t for k, t in have.items() if k not in wanted]
        if added or removed:
            self._push(DocumentTagsCommand(self._ctx, doc_id, added, removed))

    def set_document_note(self, doc_id: str, note: str) -> None:
        record = self._safe(lambda: self.library.record(doc_id))
        if record is not None and record.note != note:
            self._push(DocumentNoteCommand(self._ctx, doc_id, record.note, note))

    # ------------------------------------------------------------------ helpers

    def _safe(self, call: Callable[[], T]) -> T | None:
        try:
            return call()
        except (UserError, LoadError) as error:
            self.failed.emit(str(error))
            return None
