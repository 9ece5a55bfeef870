"""The window's slots for menu actions and pane requests (a mixin of MainWindow).

Dialogs are opened window-modal with ``open()`` (not ``exec()``), so the event loop keeps
running and tests can fill them in; ``active_dialog`` is the one showing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from briefreader.core.errors import UserError
from briefreader.gui.window import appearance

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog

    from briefreader.core.models import Annotation, SearchHit
    from briefreader.gui.dialogs.preferences import Preferences

log = logging.getLogger(__name__)
MESSAGE_MS = 8000


def user_errors() -> tuple[type[Exception], ...]:
    """The errors a Library call raises for what a user can cause (shown, not logged)."""
    from briefreader.core.models import LoadError

    return (UserError, LoadError)


class WindowCommands:
    """Slots of the main window; ``self`` is the MainWindow."""

    active_dialog: QDialog | None = None

    # ------------------------------------------------------------------ start, folders, indexing

    def start_up(self, folders: Sequence[Path]) -> None:
        """Add folders given on the command line; on first run use the bundled library; index."""
        from briefreader.paths import bundled_content_dir

        self.refresh_library(background=True)  # a catalog of thousands: read off the GUI thread
        self.refresh_annotations()
        if folders:
            self.add_paths(folders, index=False)
        if not self._call(self.library.folders) and not folders:
            bundled = bundled_content_dir()
            if bundled.is_dir():
                self._do(lambda: self.library.add_folders([bundled]))
                self.show_message("First start: opening the sample library.")
        notices = " ".join(getattr(self.library, "startup_messages", []))
        if notices:  # e.g. the index was rebuilt, or no backup could be made
            self.show_message(notices)
            self.show_after_index_run(notices)  # again once the run's summary has been said
        last = self.settings.last_document()
        if last and self._call(lambda: self.library.record(last)) is not None:
            self.open_document(last)  # where the user was reading when the window closed
        self.indexer.start()

    def add_paths(self, paths: Sequence[Path], index: bool = True) -> list[Path]:
        """Add dropped or chosen folders (a file adds the folder it is in) and index them."""
        folders: list[Path] = []
        for path in paths:
            folder = Path(path) if Path(path).is_dir() else Path(path).parent
            if folder not in folders:
                folders.append(folder)
        added = self._call(lambda: self.library.add_folders(folders)) or []
        if added:
            names = ", ".join(p.name or str(p) for p in added)
            self.show_message(f"Added to the library: {names}")
            if index:
                self.indexer.start()
        return added

    def add_folder_dialog(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        folder = QFileDialog.getExistingDirectory(self, "Add a folder to the library")
        if folder:
            self.add_paths([Path(folder)])

    def show_problems(self) -> None:
        from briefreader.gui.dialogs.problems import ProblemsDialog

        self._open_dialog(ProblemsDialog(self.indexer.problems, self))

    def on_index_finished(self, report: object) -> None:
        from briefreader.gui.window.indexing import summary

        self.status.set_indexing(False)
        self.status.set_problems(len(self.indexer.problems))
        self.show_message(summary(report))
        self.refresh_library(background=True)
        self.refresh_annotations()
        if self.reading.doc_id is not None:
            self.reopen_current()
        if self.search_panel.query():
            self.search_panel.search_now()

    def on_index_failed(self, message: str) -> None:
        self.status.set_indexing(False)
        self.show_message(f"Indexing failed: {message}")

    def cancel_indexing(self) -> None:
        self.indexer.cancel()
        self.status.cancelling()

    # ------------------------------------------------------------------ documents

    def open_document(self, doc_id: str, **where: object) -> bool:
        return self.reading.open(doc_id, **where)

    def open_hit(self, hit: SearchHit) -> None:
        def select() -> None:
            self.show_right_tab(0)
            self.annotations_panel.select_annotation(hit.annotation_id)

        self.reading.open_hit(hit, then=select if hit.annotation_id is not None else None)

    def open_annotation(self, annotation: Annotation) -> None:
        span = (annotation.anchor.start, annotation.anchor.end)

        def select() -> None:
            self.annotations_panel.select_annotation(annotation.id)

        if annotation.status == "orphaned":
            self.open_document(annotation.doc_id, then=select)
            self.show_message(
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
        try:
            record = self.library.record(doc_id)
        except user_errors():
            return
        changed = record is not None and record.content_hash != document.content_hash
        if changed and not record.missing:
            self.reading.open(doc_id, position=self.reader.current_offset())

    # ------------------------------------------------------------------ annotating

    def _selection(self) -> tuple[str, int, int] | None:
        span = self.reader.canonical_range_of_selection()
        if self.reading.doc_id is None or span is None:
            self.show_message("Select a passage in the reader first.")
            return None
        return self.reading.doc_id, span[0], span[1]

    def highlight_selection(self, color: str | None = None) -> Annotation | None:
        selection = self._selection()
        if selection is None:
            return None
        annotation = self.annotator.highlight(*selection, color=color)
        self.selection_toolbar.hide()
        if annotation is not None:
            self.annotations_panel.select_annotation(annotation.id)
        return annotation

    def note_selection(self) -> None:
        from briefreader.gui.dialogs.editors import NoteEditorDialog, elide_quote

        annotation = self.highlight_selection()
        if annotation is None:
            return
        dialog = NoteEditorDialog(
            "Note on the passage", annotation.note, elide_quote(annotation.anchor.exact), self
        )
        self._open_dialog(dialog, lambda: self.annotator.update(annotation.id, note=dialog.note()))

    def tag_selection(self) -> None:
        from briefreader.gui.dialogs.editors import TagEditorDialog

        annotation = self.highlight_selection()
        if annotation is None:
            return
        dialog = TagEditorDialog("Tag the passage", annotation.tags, self._known_tags(), self)
        self._open_dialog(dialog, lambda: self.annotator.update(annotation.id, tags=dialog.tags()))

    def show_annotation_note(self, annotation_id: int) -> None:
        """A click on a highlight: select it in the pane, where its note can be read and edited."""
        self.show_right_tab(1)
        if not self.annotations_panel.select_annotation(annotation_id):
            self.annotations_panel.set_scope("document")
            self.annotations_panel.select_annotation(annotation_id)
        annotation = self._call(lambda: self.library.annotation(annotation_id))
        if annotation is not None:
            note = annotation.note or "(no note — add one in the Annotations pane)"
            self.show_message(f"Note: {note.splitlines()[0] if note else ''}")
            appearance.show_note_tip(self.reader, annotation)

    def reattach_to_selection(self, annotation_id: int) -> None:
        selection = self._selection()
        if selection is not None:
            self.annotator.reattach(annotation_id, selection[1], selection[2])

    def tag_document(self, doc_id: str | None = None) -> None:
        from briefreader.gui.dialogs.editors import TagEditorDialog

        doc_id = doc_id or self.reading.doc_id
        record = self._call(lambda: self.library.record(doc_id)) if doc_id else None
        if record is None:
            self.show_message("Open a document first.")
            return
        dialog = TagEditorDialog(f"Tags of “{record.title}”", record.tags, self._known_tags(), self)
        self._open_dialog(dialog, lambda: self.annotator.set_document_tags(doc_id, dialog.tags()))

    def note_document(self, doc_id: str | None = None) -> None:
        from briefreader.gui.dialogs.editors import NoteEditorDialog

        doc_id = doc_id or self.reading.doc_id
        record = self._call(lambda: self.library.record(doc_id)) if doc_id else None
        if record is None:
            self.show_message("Open a document first.")
            return
        dialog = NoteEditorDialog(f"Note on “{record.title}”", record.note, "", self)
        self._open_dialog(dialog, lambda: self.annotator.set_document_note(doc_id, dialog.note()))

    def show_all_annotations(self) -> None:
        self.show_right_tab(1)
        self.annotations_panel.set_scope("all")
        self.annotations_panel.search.setFocus()

    def _known_tags(self) -> list[str]:
        return [tag for tag, _count in self._call(self.library.tags) or []]

    # ------------------------------------------------------------------ search, find

    def focus_search(self) -> None:
        self.show_right_tab(0)
        self.search_panel.focus_field()

    def save_search(self, query: str) -> None:
        name = query if len(query) <= 40 else query[:39] + "…"
        if self._do(lambda: self.library.save_search(name, query)):
            self.refresh_saved_searches()
            self.show_message(f"Saved search “{name}” (in the library pane)")

    def delete_saved_search(self, name: str) -> None:
        self._do(lambda: self.library.delete_saved_search(name))
        self.refresh_saved_searches()

    def run_saved_search(self, query: str) -> None:
        self.show_right_tab(0)
        self.search_panel.set_query(query)

    def open_find_bar(self) -> None:
        span = self.reader.canonical_range_of_selection()
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

    # ------------------------------------------------------------------ view

    def show_left_tab(self, index: int) -> None:
        self._reveal_side(0)
        self.left_tabs.setCurrentIndex(index)
        self.left_tabs.currentWidget().setFocus()

    def show_right_tab(self, index: int) -> None:
        self._reveal_side(2)
        self.right_tabs.setCurrentIndex(index)

    def _reveal_side(self, which: int) -> None:
        sizes = self.splitter.sizes()
        if sizes[which] == 0:
            sizes[which] = 300
            self.splitter.setSizes(sizes)

    def focus_reader(self) -> None:
        self.reader.setFocus()

    def toggle_sidebars(self) -> None:
        sizes = self.splitter.sizes()
        if sizes[0] or sizes[2]:
            self._saved_sizes = sizes
            self.splitter.setSizes([0, sum(sizes), 0])
        else:
            self.splitter.setSizes(getattr(self, "_saved_sizes", [290, 700, 380]))

    def set_theme(self, theme: str) -> None:
        self.settings.set_theme(theme)
        appearance.apply_to_window(self, theme)

    def show_shortcuts(self) -> None:
        from briefreader.gui.dialogs.shortcuts import ShortcutsDialog

        self._open_dialog(ShortcutsDialog(self.actions_.groups, self))

    def show_about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        from briefreader import __version__

        QMessageBox.about(
            self,
            "About BriefReader",
            f"<b>BriefReader {__version__}</b><p>An offline reader for policy analysts: "
            "read, search and annotate a library of briefings. BriefReader never opens a "
            "network connection.</p>",
        )

    def show_preferences(self) -> None:
        from briefreader.gui.dialogs.preferences import Preferences, PreferencesDialog

        prefs = Preferences(
            folders=self._call(self.library.folders) or [],
            theme=self.settings.theme(),
            font_size=round(self.reader.point_size),
            color_meanings=self._call(self.library.color_meanings) or {},
        )
        dialog = PreferencesDialog(prefs, self)
        self._open_dialog(
            dialog, lambda: self.apply_preferences(prefs, dialog.result_preferences())
        )

    def show_export_dialog(self) -> None:
        from briefreader.gui.dialogs.export import ExportDialog

        doc_id = self.reading.doc_id
        dialog = ExportDialog(
            self.library,
            doc_id=doc_id,
            query=self.search_panel.query(),
            selected=(doc_id,) if doc_id else (),
            parent=self,
        )
        self._open_dialog(dialog)

    def apply_preferences(self, before: Preferences, after: Preferences) -> None:
        removed = [f for f in before.folders if f not in after.folders]
        added = [f for f in after.folders if f not in before.folders]
        for folder in removed:
            self._do(lambda f=folder: self.library.remove_folder(f))
        if added:
            self.add_paths(added, index=False)
        if added or removed:
            self.indexer.start()
        for color, meaning in after.color_meanings.items():
            if meaning != before.color_meanings.get(color, ""):
                self._do(lambda c=color, m=meaning: self.library.set_color_meaning(c, m))
        self.annotations_panel.set_color_meanings(self._call(self.library.color_meanings) or {})
        self.settings.set_font_size(after.font_size)
        self.reader.set_point_size(after.font_size)
        if after.theme != before.theme:
            self.set_theme(after.theme)

    # ------------------------------------------------------------------ helpers

    def show_message(self, text: str) -> None:
        self.status.showMessage(text, MESSAGE_MS)

    def _open_dialog(self, dialog: QDialog, on_accept: Callable[[], None] | None = None) -> None:
        self.active_dialog = dialog
        if on_accept is not None:
            dialog.accepted.connect(on_accept)
        dialog.finished.connect(lambda _result: self._dialog_closed(dialog))
        dialog.open()

    def _dialog_closed(self, dialog: QDialog) -> None:
        if self.active_dialog is dialog:
            self.active_dialog = None
        dialog.deleteLater()

    def _call(self, call: Callable[[], object]) -> object:
        """Run a Library call; a user error becomes a status message (and the result None)."""
        try:
            return call()
        except user_errors() as error:
            self.show_message(str(error))
            return None

    def _do(self, call: Callable[[], object]) -> bool:
        """Run a Library call for its effect; False (and a status message) on a user error."""
        try:
            call()
        except user_errors() as error:
            self.show_message(str(error))
            return False
        return True
