"""Undoable changes to what the library knows of its documents (metadata, reading status,
reading lists), on the window's one undo stack beside the annotation changes.

Each change is a pair of Library calls, the change and the one that undoes it, made by
the controller that knows what to put back. ``changed(doc_id)`` follows each redo and
undo ("" for a change to a reading list as a whole).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from briefreader.gui.undo import UndoContext, _LibraryCommand

if TYPE_CHECKING:
    from briefreader.core.library import Library
    from briefreader.gui.window.annotating import Annotator

Call = Callable[["Library"], object]


class LibraryChange(_LibraryCommand):
    """One change through the Library and the call that undoes it."""

    def __init__(self, ctx: UndoContext, text: str, doc_id: str, do: Call, undo: Call) -> None:
        super().__init__(ctx, text, doc_id)
        self._do = do
        self._undo = undo

    def redo(self) -> None:
        self._run(lambda: self._do(self.library))

    def undo(self) -> None:
        self._run(lambda: self._undo(self.library))


class LibraryChanges(QObject):
    """Pushes :class:`LibraryChange` commands on the annotator's undo stack (so Ctrl+Z
    undoes them in the order they were made, and the status bar confirms each one)."""

    changed = Signal(str)  # doc_id, or "" for a reading list as a whole
    failed = Signal(str)  # a one-line message

    def __init__(self, library: Library, annotator: Annotator, parent: QObject | None = None):
        super().__init__(parent)
        self.annotator = annotator
        self._error = ""
        self._quiet = False
        self._ctx = UndoContext(library, self.changed.emit, self._report)
        self.changed.connect(lambda _doc_id: annotator.flush_soon())

    def make(self, text: str, doc_id: str, do: Call, undo: Call, *, quiet: bool = False) -> str:
        """Make the change; "" when it was made, else the one-line reason it was refused
        (also sent to ``failed`` unless ``quiet``: the caller shows it itself)."""
        self._error, self._quiet = "", quiet
        try:
            self.annotator.push(LibraryChange(self._ctx, text, doc_id, do, undo))
        finally:
            self._quiet = False
        return self._error

    def _report(self, message: str) -> None:
        self._error = message
        if not self._quiet:
            self.failed.emit(message)
