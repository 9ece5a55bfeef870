"""The window's layout and looks: side tabs, sidebars, theme, the shortcuts and About boxes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow, QSplitter, QTabWidget

    from briefreader.gui.settings import Settings
    from briefreader.gui.theme import ThemeManager
    from briefreader.gui.window.actions import WindowActions
    from briefreader.gui.window.feedback import Feedback

SIDEBAR_SIZES = [290, 700, 380]  # library, reader, search/annotations


@dataclass(eq=False)
class ViewController:
    """Shows panes and switches the theme; knows nothing of the library."""

    window: QMainWindow
    left_tabs: QTabWidget
    right_tabs: QTabWidget
    splitter: QSplitter
    settings: Settings
    theme_manager: ThemeManager
    feedback: Feedback
    actions: WindowActions | None = field(default=None, init=False)  # set with the menus
    _saved_sizes: list[int] = field(default_factory=lambda: list(SIDEBAR_SIZES), init=False)

    def show_left_tab(self, index: int) -> None:
        self._reveal_side(0)
        self.left_tabs.setCurrentIndex(index)
        current = self.left_tabs.currentWidget()
        if current is not None:
            current.setFocus()

    def show_right_tab(self, index: int) -> None:
        self._reveal_side(2)
        self.right_tabs.setCurrentIndex(index)

    def _reveal_side(self, which: int) -> None:
        sizes = self.splitter.sizes()
        if sizes[which] == 0:
            sizes[which] = 300
            self.splitter.setSizes(sizes)
            self.sidebars_changed()

    def toggle_sidebars(self) -> None:
        sizes = self.splitter.sizes()
        if sizes[0] or sizes[2]:
            self._saved_sizes = sizes
            self.splitter.setSizes([0, sum(sizes), 0])
        else:
            self.splitter.setSizes(self._saved_sizes)
        self.sidebars_changed()

    def sidebars_changed(self, *_args: object) -> None:
        """The View menu says what its item will do: show the side panes when both are
        closed (by the menu or by dragging), hide them otherwise."""
        if self.actions is None:
            return
        sizes = self.splitter.sizes()
        hidden = not (sizes[0] or sizes[2])
        self.actions["toggle_sidebars"].setText(
            "&Show Side Panes" if hidden else "&Hide Side Panes"
        )

    def set_theme(self, theme: str) -> None:
        self.settings.set_theme(theme)
        self.theme_manager.set_mode(theme)
        self.check_theme_action(theme)

    def check_theme_action(self, mode: str) -> None:
        if self.actions is not None and f"theme_{mode}" in self.actions.by_name:
            self.actions[f"theme_{mode}"].setChecked(True)

    def show_shortcuts(self) -> None:
        from briefreader.gui.dialogs.shortcuts import ShortcutsDialog

        groups = self.actions.groups if self.actions is not None else []
        self.feedback.open_dialog(ShortcutsDialog(groups, self.window))

    def show_about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        from briefreader import __version__

        QMessageBox.about(
            self.window,
            "About BriefReader",
            f"<b>BriefReader {__version__}</b><p>An offline reader for policy analysts: "
            "read, search and annotate a library of briefings. BriefReader never opens a "
            "network connection.</p>",
        )
