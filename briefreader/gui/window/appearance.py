"""Application set-up and looks: name, icon, theme (light, dark or the system's) for the window."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from PySide6.QtCore import QPoint
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QToolTip, QWidget

from briefreader.core.models import Annotation

log = logging.getLogger(__name__)

APP_NAME = "BriefReader"


def create_application(argv: Sequence[str]) -> QApplication:
    """The QApplication with BriefReader's name and icon."""
    # Imported here so a patched QApplication (the start-up benchmark) is the one used.
    from PySide6 import QtWidgets

    app = QtWidgets.QApplication(list(argv))
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setDesktopFileName("briefreader")
    app.setWindowIcon(app_icon())
    return app


def app_icon() -> QIcon:
    """The application icon from resources/icons."""
    from briefreader.gui import resources

    return resources.app_icon()


def install_theme(window: QWidget, mode: str) -> None:
    """Give the window a ThemeManager that follows the system and re-renders the reader."""
    from briefreader.gui.theme import ThemeManager

    app = QApplication.instance()
    manager = ThemeManager(app, mode, parent=window)
    manager.theme_changed.connect(window.reader.set_theme)
    window.reader.set_theme(manager.theme)
    window.theme_manager = manager
    _check_theme_action(window, mode)


def apply_to_window(window: QWidget, mode: str) -> None:
    """Switch the window's theme mode ("system", "light" or "dark")."""
    window.theme_manager.set_mode(mode)
    _check_theme_action(window, mode)


def _check_theme_action(window: QWidget, mode: str) -> None:
    actions = getattr(window, "actions_", None)
    if actions is not None and f"theme_{mode}" in actions.by_name:
        actions.by_name[f"theme_{mode}"].setChecked(True)


def show_note_tip(reader: QWidget, annotation: Annotation) -> None:
    """Show an annotation's note in a tooltip by the mouse (a click on a highlight)."""
    from PySide6.QtGui import QCursor

    note = annotation.note.strip()
    tags = " ".join(f"#{t}" for t in annotation.tags)
    text = note or "No note yet: edit it in the Annotations pane."
    if tags:
        text = f"{text}\n{tags}"
    QToolTip.showText(QCursor.pos() + QPoint(8, 8), text, reader)
