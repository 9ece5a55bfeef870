"""The list of files an indexing run skipped or read only partly."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from briefreader.core.models import Problem


class ProblemsDialog(QDialog):
    """A table of (file, reason) with a button that copies it as text."""

    def __init__(self, problems: Sequence[Problem], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import problems")
        self.resize(760, 380)
        self._problems = list(problems)
        skipped = sum(1 for p in self._problems if p.skipped)
        partly = len(self._problems) - skipped
        summary = QLabel(
            f"{skipped} file(s) could not be read and were skipped; {partly} were read only partly."
        )
        summary.setWordWrap(True)
        self.table = QTableWidget(len(self._problems), 3, self)
        self.table.setHorizontalHeaderLabels(["File", "What happened", "Reason"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        for row, problem in enumerate(self._problems):
            path = QTableWidgetItem(problem.path)
            path.setToolTip(problem.path)
            self.table.setItem(row, 0, path)
            self.table.setItem(row, 1, QTableWidgetItem("skipped" if problem.skipped else "partly"))
            self.table.setItem(row, 2, QTableWidgetItem(problem.reason))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 300)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = QPushButton("Copy list")
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(self.copy_to_clipboard)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.table)
        layout.addWidget(buttons)

    def as_text(self) -> str:
        return "\n".join(
            f"{p.path}\t{'skipped' if p.skipped else 'partly'}\t{p.reason}" for p in self._problems
        )

    def copy_to_clipboard(self) -> None:
        QGuiApplication.clipboard().setText(self.as_text())
