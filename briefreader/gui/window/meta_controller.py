"""What the window knows of a document besides its text: the Info dialog (title, date,
source... with where each came from), citations on the clipboard, the reading status,
and showing such a change at once in the header, the library pane and the search."""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import TYPE_CHECKING

from briefreader.gui.labels import FIELD_LABELS, member_name, status_label, window_title

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from briefreader.core.library import Library
    from briefreader.core.models import Document, DocumentRecord, SearchHit
    from briefreader.gui.dialogs.info import DocumentInfoDialog
    from briefreader.gui.panels.document_header import DocumentHeader
    from briefreader.gui.panels.library_panel import LibraryPanel
    from briefreader.gui.window.annotating_controller import AnnotatingController
    from briefreader.gui.window.feedback import Feedback
    from briefreader.gui.window.library_changes import LibraryChanges
    from briefreader.gui.window.reading import Reading
    from briefreader.gui.window.search_controller import SearchController

TITLE_CHARS = 48  # a title this long at most in a status message


def short_title(record: DocumentRecord) -> str:
    """The record's title, shortened for a status message, in quotes."""
    title = " ".join((record.title or record.path).split())
    return f"“{title[: TITLE_CHARS - 1]}…”" if len(title) > TITLE_CHARS else f"“{title}”"


def edit_text(record: DocumentRecord, fields: list[str]) -> str:
    """ "Edit the title of “…”" / "Edit 3 fields of “…”": the undo step's name."""
    what = f"the {FIELD_LABELS[fields[0]].lower()}" if len(fields) == 1 else f"{len(fields)} fields"
    return f"Edit {what} of {short_title(record)}"


@dataclass(eq=False)
class MetaController:
    """The Info dialog, Copy Citation and the reading status; every change undoable."""

    library: Library
    changes: LibraryChanges
    reading: Reading
    header: DocumentHeader
    library_panel: LibraryPanel
    search: SearchController
    annotating: AnnotatingController
    feedback: Feedback
    dialog_parent: QWidget

    def _record(self, doc_id: str | None) -> DocumentRecord | None:
        return self.annotating.document_record(doc_id)

    # ------------------------------------------------------------------ the Info dialog

    def show_info(self, doc_id: str | None = None) -> None:
        from briefreader.gui.dialogs.info import DocumentInfoDialog

        record = self._record(doc_id)
        if record is None:
            return
        members = self.feedback.call(lambda: self.library.work_members(record.doc_id)) or ()
        also = [member_name(m.format, m.version) for m in members if m.doc_id != record.doc_id]
        dialog = DocumentInfoDialog(record, also, self.dialog_parent)
        dialog.save_requested.connect(lambda changes: self.save_info(dialog, changes))
        dialog.reset_requested.connect(lambda name: self.reset_field(dialog, name))
        self.feedback.open_dialog(dialog)

    def save_info(self, dialog: DocumentInfoDialog, changes: dict[str, str]) -> None:
        """Save the fields the user changed (one undo step); a refused value is said in
        the dialog, which stays open."""
        record = dialog.record
        doc_id = record.doc_id
        before = self.feedback.call(lambda: self.library.metadata_edits(doc_id))
        if before is None:
            return
        restore = {name: before.get(name, "") for name in changes}
        error = self.changes.make(
            edit_text(record, list(changes)),
            doc_id,
            lambda library: library.edit_metadata(doc_id, **changes),
            lambda library: library.edit_metadata(doc_id, **restore),
            quiet=True,
        )
        if error:
            dialog.show_error(error)
        else:
            dialog.accept()

    def reset_field(self, dialog: DocumentInfoDialog, name: str) -> None:
        """Drop the user's value of one field (undoable); the dialog shows the document's."""
        doc_id = dialog.record.doc_id
        before = self.feedback.call(lambda: self.library.metadata_edits(doc_id)) or {}
        if name not in before:
            return
        value = before[name]
        label = FIELD_LABELS[name].lower()
        self.changes.make(
            f"Reset the {label} of {short_title(dialog.record)}",
            doc_id,
            lambda library: library.reset_metadata(doc_id, name),
            lambda library: library.edit_metadata(doc_id, **{name: value}),
        )
        fresh = self.feedback.call(lambda: self.library.record(doc_id))
        if fresh is not None:
            dialog.set_record(fresh, [name])

    # ------------------------------------------------------------------ citations

    def copy_citation(self, doc_id: str | None = None) -> None:
        """The document's citation on the clipboard, as plain text and HTML."""
        record = self._record(doc_id)
        if record is not None:
            self._copy(record)

    def copy_passage_citation(self) -> bool:
        """The selected passage's citation (with its page or section); False (and a hint)
        when nothing is selected."""
        selection = self.annotating.selection()  # the text's or, for a PDF, the pages'
        if selection is None or self.reading.record is None:
            return False
        self._copy(self.reading.record, self.reading.document, selection[1])
        return True

    def copy_current_citation(self) -> None:
        """The selected passage's citation, else the open document's."""
        if not self.copy_passage_citation():
            self.copy_citation()  # its message replaces the hint

    def copy_annotation_citation(self, annotation_id: int) -> None:
        """The citation of an annotation's passage (where it is now)."""
        from briefreader.core.models import AnchorStatus

        annotation = self.feedback.call(lambda: self.library.annotation(annotation_id))
        if annotation is None:
            return
        record = self._record(annotation.doc_id)
        if record is None:
            return
        if annotation.status == AnchorStatus.ORPHANED:
            self._copy(record)  # no place in the current text: the document's citation
            return
        document = self.reading.document if self.reading.doc_id == record.doc_id else None
        if document is None:
            document = self.feedback.call(lambda: self.library.document(record.doc_id))
        self._copy(record, document, annotation.anchor.start)

    def _copy(
        self, record: DocumentRecord, document: Document | None = None, start: int | None = None
    ) -> None:
        from briefreader.core.export.citing import cite
        from briefreader.gui.clipboard import copy_rich

        found = cite(record, document, start)
        copy_rich(found.plain, found.text(html.escape, ("<i>", "</i>")))
        self.feedback.show_message(f"Citation copied: {found.plain}")

    # ------------------------------------------------------------------ works

    def open_alternate(self, hit: SearchHit, doc_id: str) -> None:
        """An "also: PDF v2" link of a search hit: open that member, the hit's words marked."""
        from briefreader.gui.window.reading import hit_terms

        self.reading.open(doc_id, terms=hit_terms(hit))

    # ------------------------------------------------------------------ reading status

    def set_status(self, doc_id: str | None, status: str) -> None:
        """Set (or with "" clear) a document's reading status; undoable."""
        record = self._record(doc_id)
        if record is None:
            return
        target, before = record.doc_id, record.reading_status or ""
        if before == status:
            return
        title = short_title(record)
        text = (
            f"Mark {title} as {status_label(status).lower()}"
            if status
            else f"Clear the reading status of {title}"
        )
        self.changes.make(
            text,
            target,
            lambda library: library.set_reading_status(target, status or None),
            lambda library: library.set_reading_status(target, before or None),
        )

    # ------------------------------------------------------------------ after a change

    def changed(self, doc_id: str) -> None:
        """A document's metadata, status or lists changed ("": a reading list): show it in
        the header, the library pane and the search results at once."""
        if doc_id and doc_id == self.reading.doc_id:
            self.reading.reload_record()
            record = self.reading.record
            self.header.set_document(self.reading.document, record)
            self.dialog_parent.window().setWindowTitle(
                window_title(record.title if record else None)
            )
        if doc_id:
            record = self.feedback.call(lambda: self.library.record(doc_id))
            self.library_panel.update_records([record] if record is not None else [])
        else:
            collections = self.feedback.call(self.library.collections)
            self.library_panel.update_records([], collections)
        if self.reading.doc_id:
            self.library_panel.select_document(self.reading.doc_id)
        self.search.refresh_library_soon()  # the rest of the catalog, off the GUI thread
        self.search.refresh_results()
