"""Application set-up and looks: name, icon, theme (light, dark or the system's) for the window."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QWidget

if TYPE_CHECKING:
    from briefreader.core.models import Annotation
    from briefreader.gui.reader_view import ReaderView
    from briefreader.gui.theme import ThemeManager

log = logging.getLogger(__name__)

APP_NAME = "BriefReader"


def create_application(argv: Sequence[str]) -> QApplication:
    """The QApplication with BriefReader's name and icon, in the Fusion style."""
    # Imported here so a patched QApplication (the start-up benchmark) is the one used.
    from PySide6 import QtWidgets

    from briefreader.gui.theme import FUSION_SET

    # Fusion from the command line: Qt sets it up without a Python QStyle (whose type costs
    # the first paint some 6 ms); apply_theme then knows it need not check.
    app = QtWidgets.QApplication([*argv, "-style", "Fusion"])
    app.setProperty(FUSION_SET, True)
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


def install_theme(window: QWidget, mode: str) -> ThemeManager:
    """Style the application for ``mode`` with a ThemeManager owned by the window, from the
    palette alone until the window calls ``settle()`` after its first paint (then it asks
    and follows the platform); :func:`attach_reader` lets it re-render the reader."""
    from briefreader.gui.theme import ThemeManager

    app = QApplication.instance()
    assert isinstance(app, QApplication), "the window needs a QApplication"
    return ThemeManager(app, mode, parent=window, settle_later=True)


def attach_reader(reader: ReaderView, manager: ThemeManager) -> None:
    """Render the reader in the current theme, and again on every change."""
    manager.theme_changed.connect(reader.set_theme)
    reader.set_theme(manager.theme)


def show_note_tip(reader: QWidget, annotation: Annotation) -> None:
    """Show an annotation's note in a tooltip by the mouse (a click on a highlight)."""
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QCursor
    from PySide6.QtWidgets import QToolTip

    note = annotation.note.strip()
    tags = " ".join(f"#{t}" for t in annotation.tags)
    text = note or "No note yet: edit it in the Annotations pane."
    if tags:
        text = f"{text}\n{tags}"
    QToolTip.showText(QCursor.pos() + QPoint(8, 8), text, reader)
