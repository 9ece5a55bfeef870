"""What every controller tells the user through: status messages, window-modal dialogs,
and Library calls whose user errors become a message instead of a traceback.

Dialogs are opened window-modal with ``open()`` (not ``exec()``), so the event loop keeps
running and tests can fill them in; ``active_dialog`` is the one showing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtWidgets import QDialog, QStatusBar

from briefreader.core.errors import UserError

MESSAGE_MS = 8000
T = TypeVar("T")


def user_errors() -> tuple[type[Exception], ...]:
    """The errors a Library call raises for what a user can cause (shown, not logged)."""
    from briefreader.core.models import LoadError

    return (UserError, LoadError)


class Feedback:
    """The status bar and the one dialog showing, shared by the window's controllers."""

    def __init__(self, status: QStatusBar) -> None:
        self.status = status
        self.active_dialog: QDialog | None = None
        self._hint = ""

    def show_message(self, text: str) -> None:
        self.status.showMessage(text, MESSAGE_MS)

    def show_hint(self, text: str) -> None:
        """A message about what is missing now ("Select a passage first."): it goes as soon
        as that changes (``clear_hint``), not only after its time."""
        self._hint = text
        self.show_message(text)

    def clear_hint(self) -> None:
        if self._hint and self.status.currentMessage() == self._hint:
            self.status.clearMessage()
        self._hint = ""

    def open_dialog(self, dialog: QDialog, on_accept: Callable[[], None] | None = None) -> None:
        self.active_dialog = dialog
        if on_accept is not None:
            dialog.accepted.connect(on_accept)
        dialog.finished.connect(lambda _result: self._dialog_closed(dialog))
        dialog.open()

    def _dialog_closed(self, dialog: QDialog) -> None:
        if self.active_dialog is dialog:
            self.active_dialog = None
        dialog.deleteLater()

    def call(self, call: Callable[[], T]) -> T | None:
        """Run a Library call; a user error becomes a status message (and the result None)."""
        try:
            return call()
        except user_errors() as error:
            self.show_message(str(error))
            return None

    def do(self, call: Callable[[], object]) -> bool:
        """Run a Library call for its effect; False (and a status message) on a user error."""
        try:
            call()
        except user_errors() as error:
            self.show_message(str(error))
            return False
        return True
