"""At start-up, a damaged database: offer the latest good backup ("Restore this backup", "Quit").

Whether there is anything to offer is decided in ``core/recovery.py`` (``restore_offer``);
this module only says it and acts on the choice. The dialog opens window-modal without a
nested event loop (``open()``), so tests click its buttons like a user.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QAbstractButton, QMessageBox, QWidget

from briefreader.core import recovery
from briefreader.core.errors import LibraryError

if TYPE_CHECKING:
    from briefreader.gui.main_window import MainWindow

TITLE = "BriefReader: the library database is damaged"


class DamagedLibraryDialog(QMessageBox):
    """Names the latest good backup of a damaged database and restores it when asked."""

    restored = Signal(str)  # the backup replaced the database: a notice saying what was done
    restore_failed = Signal(str)  # nothing was replaced: the message to show
    quit_chosen = Signal()

    def __init__(self, offer: recovery.RestoreOffer, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.offer = offer
        self.setObjectName("damagedLibraryDialog")
        self.setIcon(QMessageBox.Icon.Warning)
        self.setWindowTitle(TITLE)
        self.setText("The library's database is damaged, so BriefReader cannot open it.")
        self.setInformativeText(describe_offer(offer))
        self.setDetailedText(
            f"Damaged database: {offer.database}\nBackup: {offer.backup}\n"
            f"Data folder: {offer.data_dir}"
        )
        self.restore_button = self.addButton(
            "Restore this backup", QMessageBox.ButtonRole.AcceptRole
        )
        self.quit_button = self.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
        self.setDefaultButton(self.restore_button)
        self.setEscapeButton(self.quit_button)
        self.finished.connect(self._chosen)

    def _chosen(self, _result: int) -> None:
        button: QAbstractButton | None = self.clickedButton()
        if button is self.restore_button:
            self.restore()
        else:  # Quit, Escape or the window's close button
            self.quit_chosen.emit()

    def restore(self) -> None:
        """Put the backup in place of the damaged database (kept aside); say how it went."""
        offer = self.offer
        try:
            aside = recovery.restore(offer.data_dir, offer.backup)
        except LibraryError as error:
            self.restore_failed.emit(
                f"The backup {offer.backup.name} could not be restored: {error}\n\n"
                f"Nothing was replaced: the damaged database is still in {offer.data_dir}, "
                "and your documents are untouched. Another backup can be restored with "
                "'briefreader backups' and 'briefreader restore-backup FILE'."
            )
            return
        kept = f"; the damaged database is kept as {aside}" if aside is not None else ""
        self.restored.emit(f"Restored the backup made {_when(offer.made)}{kept}.")


def offer_restore(window: MainWindow, data_dir: Path) -> DamagedLibraryDialog | None:
    """Offer the latest good backup when the database is damaged; None: nothing to offer.

    Once restored, the window opens the library again; the caller handles ``quit_chosen``
    and ``restore_failed``.
    """
    offer = recovery.restore_offer(data_dir)
    if offer is None:
        return None
    dialog = DamagedLibraryDialog(offer, window)
    dialog.restored.connect(window.reopen_library)
    dialog.finished.connect(lambda _result: dialog.deleteLater())
    dialog.open()
    return dialog


def describe_offer(offer: recovery.RestoreOffer) -> str:
    """What is wrong, which backup would replace the database, and what restoring keeps."""
    holds = ""
    if offer.annotations is not None:
        count = offer.annotations
        holds = f" It holds {count or 'no'} annotation{'' if count == 1 else 's'}."
    database = offer.database
    aside = f"{database.stem}.before-restore-<date and time>{database.suffix}"
    return (
        f"What is wrong: {offer.problem}.\n\n"
        f"The latest good backup is {offer.backup.name}, made {_when(offer.made)}."
        f"{holds} Restoring it brings your library back as it was then; changes made since "
        "are not in it.\n\n"
        f"The damaged file is not deleted: it is kept aside in {offer.data_dir} as {aside}. "
        "Your documents are untouched."
    )


def _when(made: datetime | None) -> str:
    """'on 1 March 2025 at 10:30', in local time."""
    if made is None:
        return "at an unknown time"
    local = made.astimezone()
    return f"on {local.day} {local:%B %Y} at {local:%H:%M}"
