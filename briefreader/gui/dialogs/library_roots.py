"""File ▸ Library Folders…: what the library watches (folders and single files), with
Add Folder…, Add Files…, Re-scan and Remove; the bundled sample folder is marked, with
Remove Sample Documents….

The dialog only asks: each button emits a ``*_requested`` signal with the chosen path and
the indexing controller does it, then hands the dialog the new list (``set_roots``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

PathRole = Qt.ItemDataRole.UserRole


class LibraryRootsDialog(QDialog):
    """Lists the library's folders and single files."""

    add_folder_requested = Signal()
    add_files_requested = Signal()
    rescan_requested = Signal(object)  # Path
    remove_requested = Signal(object)  # Path
    remove_samples_requested = Signal()

    def __init__(
        self,
        folders: Sequence[Path],
        files: Sequence[Path],
        parent: QWidget | None = None,
        samples: Path | None = None,
    ) -> None:
        """``samples``: the folder of the bundled sample documents, when it is there."""
        super().__init__(parent)
        self.setWindowTitle("Library Folders")
        self.resize(620, 380)
        intro = QLabel(
            "BriefReader reads the documents in these folders (and their subfolders) and "
            "these single files, and watches them for changes. Removing one takes its "
            "documents out of the library, never off the disk."
        )
        intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("libraryRoots")
        self.list.itemSelectionChanged.connect(self._selection_changed)
        add_folder = QPushButton("Add Folder…")
        add_files = QPushButton("Add Files…")
        self.rescan = QPushButton("Re-scan")
        self.rescan.setToolTip("Look for new and changed files in this folder only")
        self.remove = QPushButton("Remove")
        self.remove_samples = QPushButton("Remove Sample Documents…")
        self.remove_samples.setToolTip("Take the bundled samples out of the library")
        self.remove_samples.clicked.connect(self.remove_samples_requested)
        add_folder.clicked.connect(self.add_folder_requested)
        add_files.clicked.connect(self.add_files_requested)
        self.rescan.clicked.connect(lambda: self._emit_selected(self.rescan_requested))
        self.remove.clicked.connect(lambda: self._emit_selected(self.remove_requested))
        row = QHBoxLayout()
        for button in (add_folder, add_files, self.remove_samples):
            row.addWidget(button)
        row.addStretch(1)
        for button in (self.rescan, self.remove):
            row.addWidget(button)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addLayout(row)
        layout.addWidget(close)
        self.set_roots(folders, files, samples)

    def set_roots(
        self, folders: Sequence[Path], files: Sequence[Path], samples: Path | None = None
    ) -> None:
        self.list.clear()
        style = self.style()
        for paths, icon, kind in (
            (folders, QStyle.StandardPixmap.SP_DirIcon, "folder"),
            (files, QStyle.StandardPixmap.SP_FileIcon, "file"),
        ):
            for path in paths:
                sample = samples is not None and path == samples
                text = f"{path}   (the sample documents)" if sample else str(path)
                item = QListWidgetItem(style.standardIcon(icon), text)
                item.setData(PathRole, path)
                item.setToolTip(f"A library {kind}" + ("" if path.exists() else " (not found)"))
                self.list.addItem(item)
        if not folders and not files:
            placeholder = QListWidgetItem("The library has no folders yet: add one.")
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addItem(placeholder)
        self.remove_samples.setVisible(samples is not None)
        self._selection_changed()

    def roots(self) -> list[Path]:
        """The listed paths, in order."""
        found = (self.list.item(i).data(PathRole) for i in range(self.list.count()))
        return [path for path in found if isinstance(path, Path)]

    def select(self, path: Path) -> bool:
        for i in range(self.list.count()):
            if self.list.item(i).data(PathRole) == path:
                self.list.setCurrentRow(i)
                return True
        return False

    def _selected(self) -> Path | None:
        item = self.list.currentItem()
        path = item.data(PathRole) if item is not None and item.isSelected() else None
        return path if isinstance(path, Path) else None

    def _selection_changed(self) -> None:
        chosen = self._selected()
        self.remove.setEnabled(chosen is not None)
        self.rescan.setEnabled(chosen is not None and chosen.is_dir())

    def _emit_selected(self, signal: SignalInstance) -> None:
        chosen = self._selected()
        if chosen is not None:
            signal.emit(chosen)
