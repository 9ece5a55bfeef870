"""Preferences: library folders, the format a work opens in, theme, reader font size, what
each highlight colour means."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from briefreader.core.models import COLORS, FORMAT_MARKDOWN, FORMAT_PDF
from briefreader.gui import colors
from briefreader.gui.settings import MAX_FONT_SIZE, MIN_FONT_SIZE, THEMES

THEME_LABELS = {"system": "Follow the system", "light": "Light", "dark": "Dark"}
PREFER_LABELS = {FORMAT_MARKDOWN: "Markdown (or HTML, text) first", FORMAT_PDF: "PDF first"}


@dataclass
class Preferences:
    """What the dialog edits; the window applies the differences."""

    folders: list[Path]
    theme: str
    font_size: int
    color_meanings: dict[str, str] = field(default_factory=dict)
    prefer_format: str = FORMAT_MARKDOWN  # a work of several formats opens as this


class PreferencesDialog(QDialog):
    """Edit a copy of the preferences; ``result_preferences()`` gives the edited values."""

    def __init__(
        self,
        prefs: Preferences,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.resize(560, 560)
        layout = QVBoxLayout(self)

        folders_box = QGroupBox("Library folders")
        self.folders = QListWidget()
        for folder in prefs.folders:
            self.folders.addItem(str(folder))
        add = QPushButton("Add folder…")
        remove = QPushButton("Remove")
        add.clicked.connect(self._add_folder)
        remove.clicked.connect(self._remove_folder)
        buttons_row = QHBoxLayout()
        buttons_row.addWidget(add)
        buttons_row.addWidget(remove)
        buttons_row.addStretch(1)
        folders_layout = QVBoxLayout(folders_box)
        folders_layout.addWidget(self.folders)
        folders_layout.addLayout(buttons_row)
        self.prefer_format = QComboBox()
        self.prefer_format.setObjectName("preferFormat")
        for fmt, label in PREFER_LABELS.items():
            self.prefer_format.addItem(label, fmt)
        self.prefer_format.setCurrentIndex(max(0, self.prefer_format.findData(prefs.prefer_format)))
        self.prefer_format.setToolTip(
            "A report you have as Markdown and as PDF is one row in the library and one "
            "search result: which of the two it opens as"
        )
        folders_layout.addWidget(QLabel("Open a report kept in several formats as:"))
        folders_layout.addWidget(self.prefer_format)
        layout.addWidget(folders_box)

        look_box = QGroupBox("Appearance")
        look = QFormLayout(look_box)
        self.theme = QComboBox()
        for theme in THEMES:
            self.theme.addItem(THEME_LABELS[theme], theme)
        self.theme.setCurrentIndex(max(0, self.theme.findData(prefs.theme)))
        self.font_size = QSpinBox()
        self.font_size.setRange(MIN_FONT_SIZE, MAX_FONT_SIZE)
        self.font_size.setSuffix(" pt")
        self.font_size.setValue(prefs.font_size)
        look.addRow("Theme:", self.theme)
        look.addRow("Reader font size:", self.font_size)
        layout.addWidget(look_box)

        colors_box = QGroupBox("What the highlight colours mean")
        meanings_form = QFormLayout(colors_box)
        self.meanings: dict[str, QLineEdit] = {}
        for number, color in enumerate(COLORS, start=1):
            edit = QLineEdit(prefs.color_meanings.get(color, ""))
            edit.setPlaceholderText("e.g. key finding, disputed, follow up")
            edit.addAction(colors.swatch_icon(color), QLineEdit.ActionPosition.LeadingPosition)
            meanings_form.addRow(f"{number}  {color.capitalize()}:", edit)
            self.meanings[color] = edit
        layout.addWidget(colors_box)

        box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout.addWidget(box)

    def result_preferences(self) -> Preferences:
        return Preferences(
            folders=[Path(self.folders.item(i).text()) for i in range(self.folders.count())],
            theme=str(self.theme.currentData()),
            font_size=self.font_size.value(),
            color_meanings={c: e.text().strip() for c, e in self.meanings.items()},
            prefer_format=str(self.prefer_format.currentData()),
        )

    def add_folders(self, paths: Sequence[Path]) -> None:
        existing = {self.folders.item(i).text() for i in range(self.folders.count())}
        for path in paths:
            if str(path) not in existing:
                self.folders.addItem(str(path))

    def _add_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Add a library folder")
        if folder:
            self.add_folders([Path(folder)])

    def _remove_folder(self) -> None:
        for item in self.folders.selectedItems():
            self.folders.takeItem(self.folders.row(item))
