"""Annotating in the window: highlights, notes and tags on the selection and on documents,
the annotations pane, and what follows a change."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING

from briefreader.gui.window import appearance

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from briefreader.core.library import Library
    from briefreader.core.models import Annotation, DocumentRecord
    from briefreader.gui.panels.annotations_panel import AnnotationsPanel
    from briefreader.gui.panels.document_header import DocumentHeader
    from briefreader.gui.panels.selection_toolbar import SelectionToolbar
    from briefreader.gui.reader_view import ReaderView
    from briefreader.gui.window.actions import WindowActions
    from briefreader.gui.window.annotating import Annotator
    from briefreader.gui.window.feedback import Feedback
    from briefreader.gui.window.reading import Reading
    from briefreader.gui.window.search_controller import SearchController
    from briefreader.gui.window.view_controller import ViewController

TITLE_LOOKUPS = 200  # more annotated documents than this: read the catalog's titles at once


@dataclass(eq=False)
class AnnotatingController:
    """Turns the user's annotating gestures into Annotator calls and shows the result."""

    library: Library
    annotator: Annotator
    reading: Reading
    reader: ReaderView
    annotations_panel: AnnotationsPanel
    selection_toolbar: SelectionToolbar
    header: DocumentHeader
    search: SearchController
    view: ViewController
    feedback: Feedback
    dialog_parent: QWidget
    actions: WindowActions | None = field(default=None, init=False)  # set with the menus

    # ------------------------------------------------------------------ the selection

    def _selection(self) -> tuple[str, int, int] | None:
        if self._read_only():
            return None
        span = self.reading.selected_range()
        if self.reading.doc_id is None or span is None:
            self.feedback.show_hint("Select a passage in the reader first.")
            return None
        return self.reading.doc_id, span[0], span[1]

    def highlight_selection(self, color: str | None = None) -> Annotation | None:
        selection = self._selection()
        if selection is None:
            return None
        annotation = self.annotator.highlight(*selection, color=color)
        self.selection_toolbar.hide()
        if annotation is not None:
            self.reading.clear_selection()  # the selection would hide the new colour
            self.annotations_panel.select_annotation(annotation.id)
        return annotation

    def _read_only(self) -> bool:
        """True (and a hint) while the reader shows an old version of the document."""
        if self.reading.read_only:
            self.feedback.show_hint(
                "This is an old version (read-only): go back to the current one to annotate."
            )
        return self.reading.read_only

    def highlight_range(self, start: int, end: int, color: str) -> None:
        """A colour chosen in a context menu for the selection ``[start, end)``."""
        doc_id = self.reading.doc_id
        if doc_id is None or self._read_only():
            return
        if self.annotator.highlight(doc_id, start, end, color) is not None:
            self.reading.clear_selection()  # as a colour key does

    def note_selection(self) -> None:
        from briefreader.gui.dialogs.editors import NoteEditorDialog, elide_quote

        annotation = self.highlight_selection()
        if annotation is None:
            return
        dialog = NoteEditorDialog(
            "Note on the passage",
            annotation.note,
            elide_quote(annotation.anchor.exact),
            self.dialog_parent,
        )
        self.feedback.open_dialog(
            dialog, lambda: self.annotator.update(annotation.id, note=dialog.note())
        )

    def tag_selection(self) -> None:
        from briefreader.gui.dialogs.editors import TagEditorDialog

        annotation = self.highlight_selection()
        if annotation is None:
            return
        dialog = TagEditorDialog(
            "Tag the passage", annotation.tags, self._known_tags(), self.dialog_parent
        )
        self.feedback.open_dialog(
            dialog, lambda: self.annotator.update(annotation.id, tags=dialog.tags())
        )

    def show_annotation_note(self, annotation_id: int) -> None:
        """A click on a highlight: select it in the pane, where its note can be read and edited."""
        self.view.show_right_tab(1)
        if not self.annotations_panel.select_annotation(annotation_id):
            self.annotations_panel.set_scope("document")
            self.annotations_panel.select_annotation(annotation_id)
        annotation = self.feedback.call(lambda: self.library.annotation(annotation_id))
        if annotation is not None:
            note = annotation.note or "(no note — add one in the Annotations pane)"
            self.feedback.show_message(f"Note: {note.splitlines()[0] if note else ''}")
            appearance.show_note_tip(self.reader, annotation)

    def reattach_to_selection(self, annotation_id: int) -> None:
        selection = self._selection()
        if selection is None:
            return
        annotation = self.feedback.call(lambda: self.library.annotation(annotation_id))
        if annotation is None:
            return
        if annotation.doc_id != selection[0]:
            self.feedback.show_hint("Select the new passage in the annotation's own document.")
            return
        self.annotator.reattach(annotation_id, selection[1], selection[2])
        self.reader.clear_selection()  # the selection would hide the highlight's colour

    def selection(self) -> tuple[str, int, int] | None:
        """The open document and the selected passage's span; None (and a hint) when
        nothing is selected."""
        return self._selection()

    # ------------------------------------------------------------------ documents

    def _document(self, doc_id: str | None) -> DocumentRecord | None:
        """The record of ``doc_id``, else of the open document; None (and a message) when
        there is none."""
        target = doc_id or self.reading.doc_id
        record = self.feedback.call(lambda: self.library.record(target)) if target else None
        if record is None:
            self.feedback.show_hint("Open a document first.")
        return record

    def document_record(self, doc_id: str | None = None) -> DocumentRecord | None:
        """The record of ``doc_id``, else of the open document; None (and a hint) when
        there is none."""
        return self._document(doc_id)

    def tag_document(self, doc_id: str | None = None) -> None:
        from briefreader.gui.dialogs.editors import TagEditorDialog

        record = self._document(doc_id)
        if record is None:
            return
        target = record.doc_id
        dialog = TagEditorDialog(
            f"Tags of “{record.title}”", record.tags, self._known_tags(), self.dialog_parent
        )
        self.feedback.open_dialog(
            dialog, lambda: self.annotator.set_document_tags(target, dialog.tags())
        )

    def note_document(self, doc_id: str | None = None) -> None:
        from briefreader.gui.dialogs.editors import NoteEditorDialog

        record = self._document(doc_id)
        if record is None:
            return
        target = record.doc_id
        dialog = NoteEditorDialog(f"Note on “{record.title}”", record.note, "", self.dialog_parent)
        self.feedback.open_dialog(
            dialog, lambda: self.annotator.set_document_note(target, dialog.note())
        )

    def _known_tags(self) -> list[str]:
        return [tag for tag, _count in self.feedback.call(self.library.tags) or []]

    # ------------------------------------------------------------------ the annotations pane

    def show_all_annotations(self) -> None:
        self.view.show_right_tab(1)
        self.annotations_panel.set_scope("all")
        self.annotations_panel.search.setFocus()

    def refresh_annotations(self) -> None:
        from briefreader.gui.panels.annotations_panel import SCOPE_ALL

        panel = self.annotations_panel
        meanings = self.feedback.call(self.library.color_meanings) or {}
        panel.set_color_meanings(meanings)
        self.show_color_meanings(meanings)
        if panel.current_scope() == SCOPE_ALL:
            annotations = self.feedback.call(self.library.annotations) or []
            panel.set_annotations(
                annotations,
                self._titles(annotations),
                "No annotations in the library yet.",
                pages=self._pages(annotations),
            )
        elif self.reading.doc_id is None:
            panel.set_annotations([], placeholder="Open a document to see its annotations.")
        else:
            panel.set_annotations(
                self.reading.annotations, pages=self._pages(self.reading.annotations)
            )

    def _pages(self, annotations: list[Annotation]) -> dict[int, int]:
        """The PDF page of each annotation that has one: the open document's pages, other
        documents' as far as they are known without reading their files."""
        from briefreader.core.models import page_number

        starts: dict[str, tuple[int, ...]] = {}
        document = self.reading.document
        if document is not None and self.reading.doc_id is not None:
            starts[self.reading.doc_id] = document.pages
        pages: dict[int, int] = {}
        for annotation in annotations:
            doc_id = annotation.doc_id
            if doc_id not in starts:
                known = self.feedback.call(partial(self.library.page_starts, doc_id, load=False))
                starts[doc_id] = known or ()
            page = page_number(starts[doc_id], annotation.anchor.start)
            if page is not None and annotation.status.placed:
                pages[annotation.id] = page
        return pages

    def _titles(self, annotations: list[Annotation]) -> dict[str, str]:
        """Titles of the documents these annotations are on: looked up one by one when they
        are few, rather than reading a catalog of thousands on the GUI thread."""
        doc_ids = {a.doc_id for a in annotations}
        if len(doc_ids) > TITLE_LOOKUPS:
            records = self.feedback.call(lambda: self.library.documents(include_missing=True))
            return {r.doc_id: r.title for r in records or []}
        titles: dict[str, str] = {}
        for doc_id in doc_ids:
            record = self.feedback.call(partial(self.library.record, doc_id))
            if record is not None:
                titles[doc_id] = record.title
        return titles

    def show_color_meanings(self, meanings: dict[str, str]) -> None:
        """Name each colour's meaning in the Annotate menu and on the selection toolbar."""
        from briefreader.core.models import COLORS

        for number, color in enumerate(COLORS, start=1):
            meaning = meanings.get(color, "")
            label = f"Highlight {color.capitalize()}" + (f" — {meaning}" if meaning else "")
            if self.actions is not None:
                self.actions[f"highlight_{color}"].setText(label)
            self.selection_toolbar.buttons[color].setToolTip(f"{label} ({number})")

    def annotations_changed(self, doc_id: str) -> None:
        if doc_id == self.reading.doc_id:
            self.reading.reload_record()
            self.reading.refresh_highlights()
            self.header.set_document(self.reading.document, self.reading.record)
        self.refresh_annotations()
        self.search.refresh_library_soon()
        self.search.refresh_results()  # annotation hits follow the change
