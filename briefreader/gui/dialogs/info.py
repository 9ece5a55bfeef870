"""The Info dialog of a document: its title, date, source, authors, web address, report
number and version, each with where its value came from (the file, a guess, the file
name, or you), editable; a reset button per field brings back the value read from the
document.

The dialog only asks: ``save_requested(changes)`` and ``reset_requested(field)``; the
controller makes the (undoable) change and either closes the dialog or shows why the
value was refused (``show_error``), keeping what was typed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from briefreader.core.models import EDITABLE_FIELDS, DocumentRecord
from briefreader.gui.labels import FIELD_LABELS, ORIGIN_LABELS, status_label

PLACEHOLDERS = {
    "date": "YYYY, YYYY-MM or YYYY-MM-DD",
    "author": "Names separated by ;",
    "url": "https://…",
    "report_number": "e.g. R48905",
    "version": "a number, e.g. 2",
}


class DocumentInfoDialog(QDialog):
    """Edit a copy of the record's fields; Save asks for the fields that changed."""

    save_requested = Signal(object)  # dict[str, str]: field -> value ("" drops your value)
    reset_requested = Signal(str)  # field: drop your value, show the document's again

    def __init__(
        self,
        record: DocumentRecord,
        also: Sequence[str] = (),
        parent: QWidget | None = None,
    ) -> None:
        """``also``: how the work's other members are named ("PDF v2"), if any."""
        super().__init__(parent)
        self.setObjectName("documentInfo")
        self.setWindowTitle("Document Info")
        self.setMinimumWidth(700)
        self.record = record
        self.edits: dict[str, QLineEdit] = {}
        self.origins: dict[str, QLabel] = {}
        self.resets: dict[str, QToolButton] = {}

        self.file_label = QLabel(self)
        self.file_label.setObjectName("infoFile")
        self.file_label.setWordWrap(True)
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(6)
        grid.setColumnStretch(1, 1)
        for row, name in enumerate(EDITABLE_FIELDS):
            edit = QLineEdit(self)
            edit.setObjectName(f"info_{name}")
            edit.setPlaceholderText(PLACEHOLDERS.get(name, "not known"))
            edit.setToolTip("Leave it empty to use the value read from the document")
            label = QLabel(f"{FIELD_LABELS[name]}:", self)
            label.setBuddy(edit)
            origin = QLabel(self)
            origin.setObjectName("fieldOrigin")
            origin.setEnabled(False)  # drawn muted
            reset = QToolButton(self)
            reset.setText("Reset")
            reset.setToolTip("Drop your value: use the one read from the document")
            reset.clicked.connect(lambda _checked=False, n=name: self.reset_requested.emit(n))
            grid.addWidget(label, row, 0)
            grid.addWidget(edit, row, 1)
            grid.addWidget(origin, row, 2)
            grid.addWidget(reset, row, 3)
            self.edits[name], self.origins[name], self.resets[name] = edit, origin, reset
        self.extra = QLabel(self)
        self.extra.setObjectName("infoExtra")
        self.extra.setWordWrap(True)
        self.error = QLabel(self)
        self.error.setObjectName("infoError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c0392b;")
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.file_label)
        layout.addLayout(grid)
        layout.addWidget(self.extra)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self._also = list(also)
        self.set_record(record)

    def set_record(self, record: DocumentRecord, fields: Iterable[str] | None = None) -> None:
        """Show the record: the values of ``fields`` (all when None; what else was typed
        stays) and every field's origin."""
        self.record = record
        for name in EDITABLE_FIELDS if fields is None else fields:
            self.edits[name].setText(getattr(record, name) or "")
            self.edits[name].setCursorPosition(0)  # a long value shows its beginning
        for name in EDITABLE_FIELDS:
            origin = record.origin(name) if getattr(record, name) else None
            self.origins[name].setText(ORIGIN_LABELS.get(origin or "", "") if origin else "")
            self.resets[name].setVisible(origin == "user")
        words = f"{record.word_count:,} words" if record.word_count else ""
        facts = [b for b in (_format_name(record.format), words) if b]
        if record.missing:
            facts.append("missing from disk")
        self.file_label.setText(f"{Path(record.path).name}  ·  {'  ·  '.join(facts)}")
        self.file_label.setToolTip(record.path)
        extra = []
        if self._also:
            extra.append("Also in this work: " + ", ".join(self._also))
        if record.reading_status:
            extra.append(f"Reading status: {status_label(record.reading_status)}")
        if record.collections:
            extra.append("In reading lists: " + ", ".join(record.collections))
        self.extra.setText("\n".join(extra))
        self.extra.setVisible(bool(extra))

    def changes(self) -> dict[str, str]:
        """The fields whose text differs from the record's, with the text typed."""
        found = {}
        for name, edit in self.edits.items():
            typed = " ".join(edit.text().split())
            if typed != (getattr(self.record, name) or ""):
                found[name] = typed
        return found

    def save(self) -> None:
        self.error.hide()
        changes = self.changes()
        if changes:
            self.save_requested.emit(changes)
        else:
            self.accept()

    def show_error(self, message: str) -> None:
        """Why a value was refused: the dialog stays open with what was typed."""
        self.error.setText(message[:1].upper() + message[1:])
        self.error.show()


def _format_name(fmt: str) -> str:
    return {"markdown": "Markdown", "pdf": "PDF", "html": "HTML", "text": "Plain text"}.get(
        fmt, fmt
    )
