"""Exporting from the window: the Export dialog over the current document and search."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from briefreader.core.library import Library
    from briefreader.gui.panels.search_panel import SearchPanel
    from briefreader.gui.settings import Settings
    from briefreader.gui.window.feedback import Feedback
    from briefreader.gui.window.reading import Reading


@dataclass(eq=False)
class ExportController:
    """Opens the Export dialog scoped to what the user is looking at."""

    library: Library
    reading: Reading
    search_panel: SearchPanel
    feedback: Feedback
    dialog_parent: QWidget
    settings: Settings

    def show_dialog(self, collection: str | None = None) -> None:
        """The Export dialog: the open document and search, or the reading list
        ``collection``."""
        from briefreader.gui.dialogs.export import ExportDialog

        doc_id = self.reading.doc_id
        dialog = ExportDialog(
            self.library,
            doc_id=doc_id,
            query=self.search_panel.query(),
            selected=(doc_id,) if doc_id else (),
            parent=self.dialog_parent,
            settings=self.settings,
            collection=collection,
        )
        self.feedback.open_dialog(dialog)
