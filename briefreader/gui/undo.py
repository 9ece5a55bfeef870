"""Undoable annotation changes: each QUndoCommand calls the Library and reports what changed.

A command never touches widgets. After every redo/undo it calls ``notify(doc_id)`` so the
window can repaint highlights and refresh the panes; a ``LibraryError`` or ``LoadError``
goes to ``report(message)`` and the command makes itself obsolete (the stack drops it).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from briefreader.core.errors import UserError
from briefreader.core.models import Annotation, LoadError

if TYPE_CHECKING:
    from briefreader.core.library import Library

log = logging.getLogger(__name__)

Notify = Callable[[str], None]
Report = Callable[[str], None]


@dataclass
class UndoContext:
    """What the commands need: the library, and where to send change notes and errors."""

    library: Library
    notify: Notify
    report: Report


class _LibraryCommand(QUndoCommand):
    """Runs a Library call, turning user errors into a report instead of a traceback."""

    def __init__(self, ctx: UndoContext, text: str, doc_id: str) -> None:
        super().__init__(text)
        self._ctx = ctx
        self.doc_id = doc_id
        self.failed = False

    @property
    def library(self) -> Library:
        return self._ctx.library

    def _run(self, action: Callable[[], object]) -> bool:
        try:
            action()
        except (UserError, LoadError) as error:
            self.failed = True
            self.setObsolete(True)
            self._ctx.report(str(error))
            return False
        self._ctx.notify(self.doc_id)
        return True


class CreateAnnotationCommand(_LibraryCommand):
    """Highlight a passage; undo deletes it, redo restores it with the same id."""

    def __init__(
        self,
        ctx: UndoContext,
        doc_id: str,
        start: int,
        end: int,
        color: str,
        note: str = "",
        tags: Iterable[str] = (),
    ) -> None:
        super().__init__(ctx, f"Highlight in {color}", doc_id)
        self._args = (start, end, color, note, tuple(tags))
        self.annotation: Annotation | None = None

    def redo(self) -> None:
        def action() -> None:
            if self.annotation is None:
                start, end, color, note, tags = self._args
                self.annotation = self.library.annotate(
                    self.doc_id, start, end, color=color, note=note, tags=tags
                )
            else:
                self.annotation = self.library.restore_annotation(self.annotation)

        self._run(action)

    def undo(self) -> None:
        annotation = self.annotation
        if annotation is not None:
            self._run(lambda: self.library.delete_annotation(annotation.id))


class UpdateAnnotationCommand(_LibraryCommand):
    """Change colour, note and/or tags; undo puts the old values back."""

    def __init__(
        self,
        ctx: UndoContext,
        before: Annotation,
        *,
        color: str | None = None,
        note: str | None = None,
        tags: Iterable[str] | None = None,
    ) -> None:
        what = "colour" if color is not None else "note" if note is not None else "tags"
        super().__init__(ctx, f"Change {what}", before.doc_id)
        self.annotation_id = before.id
        self._before = (before.color, before.note, before.tags)
        self._after = (color, note, tuple(tags) if tags is not None else None)

    def redo(self) -> None:
        color, note, tags = self._after
        self._run(
            lambda: self.library.update_annotation(
                self.annotation_id, color=color, note=note, tags=tags
            )
        )

    def undo(self) -> None:
        color, note, tags = self._before
        self._run(
            lambda: self.library.update_annotation(
                self.annotation_id, color=color, note=note, tags=tags
            )
        )


class DeleteAnnotationCommand(_LibraryCommand):
    """Delete an annotation; undo restores it (same id and uuid) with Library.restore_annotation."""

    def __init__(self, ctx: UndoContext, annotation: Annotation) -> None:
        super().__init__(ctx, "Delete highlight", annotation.doc_id)
        self.annotation = annotation

    def redo(self) -> None:
        def action() -> None:
            self.annotation = self.library.delete_annotation(self.annotation.id)

        self._run(action)

    def undo(self) -> None:
        def action() -> None:
            self.annotation = self.library.restore_annotation(self.annotation)

        self._run(action)


class ReanchorCommand(_LibraryCommand):
    """Re-attach an orphan to a new passage, or confirm a fuzzy match.

    Undo puts the annotation back exactly as it was (anchor and status) by deleting and
    restoring the saved copy, which keeps its id and uuid.
    """

    def __init__(
        self, ctx: UndoContext, before: Annotation, span: tuple[int, int] | None = None
    ) -> None:
        super().__init__(ctx, "Re-attach highlight" if span else "Confirm highlight", before.doc_id)
        self._before = before
        self._span = span

    def redo(self) -> None:
        if self._span is None:
            self._run(lambda: self.library.confirm_annotation(self._before.id))
        else:
            start, end = self._span
            self._run(lambda: self.library.reattach_annotation(self._before.id, start, end))

    def undo(self) -> None:
        def action() -> None:
            self.library.delete_annotation(self._before.id)
            self.library.restore_annotation(self._before)

        self._run(action)


class DocumentTagsCommand(_LibraryCommand):
    """Add and remove tags on a whole document; undo reverses both."""

    def __init__(
        self, ctx: UndoContext, doc_id: str, added: Iterable[str], removed: Iterable[str]
    ) -> None:
        super().__init__(ctx, "Tag document", doc_id)
        self._added = tuple(added)
        self._removed = tuple(removed)

    def redo(self) -> None:
        self._run(lambda: self._apply(self._added, self._removed))

    def undo(self) -> None:
        self._run(lambda: self._apply(self._removed, self._added))

    def _apply(self, add: tuple[str, ...], remove: tuple[str, ...]) -> None:
        if remove:
            self.library.untag_document(self.doc_id, *remove)
        if add:
            self.library.tag_document(self.doc_id, *add)


class DocumentNoteCommand(_LibraryCommand):
    """Set the note on a whole document; undo puts the previous note back."""

    def __init__(self, ctx: UndoContext, doc_id: str, before: str, after: str) -> None:
        super().__init__(ctx, "Document note", doc_id)
        self._before = before
        self._after = after

    def redo(self) -> None:
        self._run(lambda: self.library.set_document_note(self.doc_id, self._after))

    def undo(self) -> None:
        self._run(lambda: self.library.set_document_note(self.doc_id, self._before))
