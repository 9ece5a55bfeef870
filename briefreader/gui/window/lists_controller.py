"""Reading lists from the window: new, rename, delete, add and remove documents, reorder;
each change undoable and said in the status bar; a list opens in the Export dialog."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from briefreader.gui.window.meta_controller import short_title

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from briefreader.core.library import Library
    from briefreader.core.models import Collection
    from briefreader.gui.panels.library_panel import LibraryPanel
    from briefreader.gui.window.export_controller import ExportController
    from briefreader.gui.window.feedback import Feedback
    from briefreader.gui.window.library_changes import LibraryChanges


@dataclass(eq=False)
class ListsController:
    """Turns the library pane's reading-list requests into undoable Library changes."""

    library: Library
    changes: LibraryChanges
    library_panel: LibraryPanel
    exporting: ExportController
    feedback: Feedback
    dialog_parent: QWidget

    # ------------------------------------------------------------------ lists

    def new_list(self, doc_ids: Sequence[str] = ()) -> None:
        """Ask for a name, then make the list (with ``doc_ids`` in it)."""
        ids = list(doc_ids)
        self._ask_name("New Reading List", "", lambda name: self.create(name, ids))

    def create(self, name: str, doc_ids: Sequence[str] = ()) -> bool:
        name = " ".join(name.split())
        if not name:
            self.feedback.show_message("A reading list needs a name.")
            return False
        ids = list(doc_ids)

        def do(library: Library) -> None:
            library.create_collection(name)
            if ids:
                library.add_to_collection(name, ids)

        made = self._make(
            f"New reading list “{name}”", do, lambda library: library.delete_collection(name)
        )
        if made:
            self.library_panel.select_section("list", name)
        return made

    def rename(self, old: str) -> None:
        """Ask for the list's new name, then rename it."""
        self._ask_name("Rename Reading List", old, lambda new: self.rename_to(old, new))

    def rename_to(self, old: str, new: str) -> bool:
        new = " ".join(new.split())
        if not new or new == old:
            return False
        made = self._make(
            f"Rename the reading list “{old}” to “{new}”",
            lambda library: library.rename_collection(old, new),
            lambda library: library.rename_collection(new, old),
        )
        if made:
            self.library_panel.select_section("list", new)
        return made

    def delete(self, name: str) -> bool:
        """Delete a list (never its documents); undo makes it again, in its order."""
        found = self._collection(name)
        if found is None:
            return False
        doc_ids = list(found.doc_ids)

        def undo(library: Library) -> None:
            library.create_collection(found.name)
            if doc_ids:
                library.add_to_collection(found.name, doc_ids)

        return self._make(
            f"Delete the reading list “{found.name}”",
            lambda library: library.delete_collection(found.name),
            undo,
        )

    def export(self, name: str) -> None:
        self.exporting.show_dialog(collection=name)

    # ------------------------------------------------------------------ documents in a list

    def add(self, name: str, doc_ids: Sequence[str]) -> bool:
        found = self._collection(name)
        if found is None:
            return False
        added = [d for d in doc_ids if d not in found.doc_ids]
        if not added:
            self.feedback.show_message(f"Already in “{found.name}”.")
            return False
        return self._make(
            f"Add {self._what(added)} to “{found.name}”",
            lambda library: library.add_to_collection(found.name, added),
            lambda library: library.remove_from_collection(found.name, added),
        )

    def remove(self, name: str, doc_ids: Sequence[str]) -> bool:
        found = self._collection(name)
        if found is None:
            return False
        places = sorted((found.doc_ids.index(d), d) for d in doc_ids if d in found.doc_ids)
        removed = [doc_id for _place, doc_id in places]
        if not removed:
            return False

        def undo(library: Library) -> None:
            for place, doc_id in places:  # in order, so each goes back to its place
                library.add_to_collection(found.name, [doc_id], place)

        return self._make(
            f"Remove {self._what(removed)} from “{found.name}”",
            lambda library: library.remove_from_collection(found.name, removed),
            undo,
        )

    def move(self, name: str, doc_id: str, position: int) -> bool:
        """Move a document of the list to ``position`` (0-based); the list stays shown."""
        found = self._collection(name)
        if found is None or doc_id not in found.doc_ids:
            return False
        old = found.doc_ids.index(doc_id)
        position = max(0, min(position, len(found.doc_ids) - 1))
        if position == old:
            return False
        made = self._make(
            f"Move {self._what([doc_id])} in “{found.name}”",
            lambda library: library.move_in_collection(found.name, doc_id, position),
            lambda library: library.move_in_collection(found.name, doc_id, old),
        )
        if made:
            self.library_panel.select_document(doc_id)
        return made

    # ------------------------------------------------------------------ helpers

    def _make(
        self, text: str, do: Callable[[Library], object], undo: Callable[[Library], object]
    ) -> bool:
        return not self.changes.make(text, "", do, undo)

    def _collection(self, name: str) -> Collection | None:
        return self.feedback.call(lambda: self.library.collection(name))

    def _what(self, doc_ids: Sequence[str]) -> str:
        """ "“Title”" for one document, "3 documents" for more."""
        if len(doc_ids) != 1:
            return f"{len(doc_ids)} documents"
        record = self.feedback.call(lambda: self.library.record(doc_ids[0]))
        return short_title(record) if record is not None else "a document"

    def _ask_name(self, title: str, value: str, then: Callable[[str], object]) -> None:
        from PySide6.QtWidgets import QInputDialog

        dialog = QInputDialog(self.dialog_parent)
        dialog.setObjectName("listNameDialog")
        dialog.setWindowTitle(title)
        dialog.setLabelText("Name of the reading list:")
        dialog.setTextValue(value)

        def accepted() -> None:
            then(dialog.textValue())

        self.feedback.open_dialog(dialog, accepted)
