"""The document header's line about kept versions ("What changed", "Versions…"), and the
banner over the reader while it shows an old version, read-only."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

from briefreader.core.models import DocumentVersion


def kept_when(version: DocumentVersion) -> str:
    """When a version was kept, to the minute: "2025-02-03 14:05 UTC"."""
    return version.saved[:16].replace("T", " ") + " UTC"


class VersionLinks(QWidget):
    """Shown when a document has more than one kept version (it changed since annotated)."""

    changes_requested = Signal()
    versions_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("versionLinks")
        self.label = QLabel(self)
        self.label.setObjectName("versionNote")
        self.changes_button = QToolButton(self)
        self.changes_button.setText("What changed")
        self.changes_button.setToolTip(
            "What changed in the text since you annotated it, and the annotations on it"
        )
        self.changes_button.clicked.connect(self.changes_requested)
        self.versions_button = QToolButton(self)
        self.versions_button.setToolTip("The kept versions of this document: open one read-only")
        self.versions_button.clicked.connect(self.versions_requested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.label)
        layout.addWidget(self.changes_button)
        layout.addWidget(self.versions_button)
        layout.addStretch(1)
        self.set_versions(0)

    def set_versions(self, count: int) -> None:
        """How many versions of the open document are kept; shown from two on."""
        self.label.setText("⟲ Edited since you annotated it.")
        self.versions_button.setText(f"Versions ({count})…")
        self.setVisible(count > 1)


class OldVersionBanner(QFrame):
    """ "Old version of … (read-only)" over the reader, with the way back."""

    back_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("oldVersionBanner")
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.back_button = QPushButton("Back to the current version", self)
        self.back_button.clicked.connect(self.back_requested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 6, 12, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.back_button)
        self.hide()

    def show_version(self, title: str, kept: str) -> None:
        self.label.setText(
            f"<b>Old version</b> of “{html.escape(title)}”, kept {html.escape(kept)} "
            "(read-only). The passages you highlighted on it are marked."
        )
        self.show()
