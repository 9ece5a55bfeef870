"""The Preferences dialog: library folders, the format works open in, theme, text size and
colour meanings."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from briefreader.core.library import Library
    from briefreader.gui.dialogs.preferences import Preferences
    from briefreader.gui.panels.annotations_panel import AnnotationsPanel
    from briefreader.gui.reader_view import ReaderView
    from briefreader.gui.settings import Settings
    from briefreader.gui.window.feedback import Feedback
    from briefreader.gui.window.indexing import Indexer
    from briefreader.gui.window.indexing_controller import IndexingController
    from briefreader.gui.window.view_controller import ViewController


@dataclass(eq=False)
class PreferencesController:
    """Shows the preferences and applies what changed."""

    library: Library
    settings: Settings
    reader: ReaderView
    annotations_panel: AnnotationsPanel
    indexer: Indexer
    indexing: IndexingController
    view: ViewController
    feedback: Feedback
    dialog_parent: QWidget

    def show_dialog(self) -> None:
        from briefreader.gui.dialogs.preferences import Preferences, PreferencesDialog

        prefs = Preferences(
            folders=self.feedback.call(self.library.folders) or [],
            theme=self.settings.theme(),
            font_size=round(self.reader.point_size),
            color_meanings=self.feedback.call(self.library.color_meanings) or {},
            prefer_format=self.feedback.call(self.library.preferred_format) or "markdown",
        )
        dialog = PreferencesDialog(prefs, self.dialog_parent)
        self.feedback.open_dialog(dialog, lambda: self.apply(prefs, dialog.result_preferences()))

    def apply(self, before: Preferences, after: Preferences) -> None:
        removed = [f for f in before.folders if f not in after.folders]
        added = [f for f in after.folders if f not in before.folders]
        for folder in removed:
            self.feedback.do(partial(self.library.remove_folder, folder))
        if added:
            self.indexing.add_paths(added, index=False)
        if added or removed:
            self.indexer.start(forget=removed)  # the removed folders' documents leave
        for color, meaning in after.color_meanings.items():
            if meaning != before.color_meanings.get(color, ""):
                self.feedback.do(partial(self.library.set_color_meaning, color, meaning))
        if after.prefer_format != before.prefer_format and self.feedback.do(
            partial(self.library.set_preferred_format, after.prefer_format)
        ):
            self.indexing.search.refresh_library()  # works open as the other format now
            self.indexing.search.refresh_results()
        meanings = self.feedback.call(self.library.color_meanings) or {}
        self.annotations_panel.set_color_meanings(meanings)
        self.settings.set_font_size(after.font_size)
        self.reader.set_point_size(after.font_size)
        if after.theme != before.theme:
            self.view.set_theme(after.theme)
        if after != before:
            self.feedback.show_message("Preferences saved.")
