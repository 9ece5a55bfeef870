"""The document header's Info, Cite and reading-status buttons (and a click on the title,
which opens Info too). Each emits a ``*_requested`` signal for the open document."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMenu, QToolButton, QWidget

from briefreader.core.models import READING_STATUSES, DocumentRecord
from briefreader.gui.labels import STATUS_LABELS, status_label


class HeaderActions(QWidget):
    """Info…, Cite and the reading status of the open document."""

    info_requested = Signal()
    cite_requested = Signal()
    status_requested = Signal(str)  # a reading status, "" for none

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.info_button = self._button("Info…", "Title, date, source, authors… (Ctrl+I)")
        self.info_button.clicked.connect(self.info_requested)
        self.cite_button = self._button("Cite", "Copy the document's citation (Ctrl+Shift+C)")
        self.cite_button.clicked.connect(self.cite_requested)
        self.status_button = self._button("", "The document's reading status")
        self.status_button.setObjectName("readingStatus")
        self.status_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.status_menu = QMenu(self.status_button)
        for status in (*READING_STATUSES, ""):
            action = self.status_menu.addAction(
                STATUS_LABELS.get(status, "No status"), partial(self.status_requested.emit, status)
            )
            action.setCheckable(True)
            action.setData(status)
        self.status_button.setMenu(self.status_menu)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        for button in (self.status_button, self.info_button, self.cite_button):
            layout.addWidget(button)
        self.set_record(None)

    def _button(self, text: str, tip: str) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        return button

    def set_record(self, record: DocumentRecord | None) -> None:
        status = record.reading_status if record is not None else None
        self.status_button.setText(status_label(status) or "Status")
        for action in self.status_menu.actions():
            action.setChecked(action.data() == (status or ""))
        self.setEnabled(record is not None)

    def watch_title(self, title: QLabel) -> None:
        """A click on the title (not a drag to select some of it) opens Info."""
        title.setCursor(Qt.CursorShape.PointingHandCursor)
        title.setToolTip("Click to see and correct the title, date, source… (Ctrl+I)")
        title.installEventFilter(self)
        self._title = title

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is getattr(self, "_title", None)
            and event.type() == QEvent.Type.MouseButtonRelease
            and isinstance(event, QMouseEvent)
            and event.button() == Qt.MouseButton.LeftButton
            and not self._title.hasSelectedText()
        ):
            self.info_requested.emit()
        return super().eventFilter(watched, event)
