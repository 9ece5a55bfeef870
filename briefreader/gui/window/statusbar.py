"""The status bar: messages, the page of a PDF, indexing progress with cancel, problems."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton, QStatusBar, QWidget


class WindowStatusBar(QStatusBar):
    """Shows what the window is doing; asks for cancel and the problems list by signals."""

    cancel_requested = Signal()
    problems_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusBar")
        self.position = QLabel(self)
        self.position.setObjectName("positionLabel")
        self.position.setToolTip("Where the top of the reader is in the current document")
        self.progress_label = QLabel(self)
        self.progress_label.setObjectName("progressLabel")
        width = self.progress_label.fontMetrics().horizontalAdvance("Indexing 999,999 of 999,999")
        self.progress_label.setMinimumWidth(width + 8)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("indexProgress")
        self.progress.setMaximumWidth(180)
        self.progress.setTextVisible(False)
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.setObjectName("cancelIndexing")
        self.cancel_button.setToolTip("Stop indexing (what is indexed stays searchable)")
        self.cancel_button.clicked.connect(self.cancel_requested)
        self.problems_button = QPushButton(self)
        self.problems_button.setObjectName("problemsButton")
        self.problems_button.setFlat(True)
        self.problems_button.clicked.connect(self.problems_requested)
        for widget in (
            self.position,
            self.problems_button,
            self.progress_label,
            self.progress,
            self.cancel_button,
        ):
            self.addPermanentWidget(widget)
        self.set_indexing(False)
        self.set_problems(0)

    def set_indexing(self, running: bool) -> None:
        self.progress.setVisible(running)
        self.cancel_button.setVisible(running)
        self.cancel_button.setEnabled(running)
        self.progress_label.setVisible(running)
        if running:
            self.progress.setRange(0, 0)  # busy until the first count arrives
            self.progress_label.setText("Scanning library…")

    def set_progress(self, done: int, total: int, path: str) -> None:
        if total <= 0:
            self.progress.setRange(0, 0)
            self.progress_label.setText("Scanning library…")
            return
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        self.progress_label.setText(f"Indexing {done:,} of {total:,}")
        self.progress_label.setToolTip(path)

    def cancelling(self) -> None:
        self.cancel_button.setEnabled(False)
        self.progress_label.setText("Cancelling…")

    def set_problems(self, count: int) -> None:
        self.problems_button.setVisible(count > 0)
        self.problems_button.setText(f"⚠ {count} import problem{'s' if count != 1 else ''}")
        self.problems_button.setToolTip("Files that could not be read, or were read only partly")

    def set_position(self, text: str) -> None:
        self.position.setText(text)
