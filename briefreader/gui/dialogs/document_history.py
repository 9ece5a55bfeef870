"""What changed in a document since it was annotated, and its kept versions: a window beside
the main one (not modal), so an annotation clicked in the diff opens in the reader.

It reads the Library itself (versions, diffs, the document's annotations) and asks the
window for the rest: ``annotation_requested(id)`` and ``version_requested(hash)`` (open a
kept version read-only).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from briefreader.core.export.common import NoteRenderer
from briefreader.core.models import Annotation, DocumentVersion
from briefreader.gui.diff_html import DiffStyle, diff_html, diff_summary
from briefreader.gui.models.annotations_model import one_line
from briefreader.gui.panels.rich_row_delegate import ROW_CSS
from briefreader.gui.panels.version_widgets import kept_when
from briefreader.gui.window.feedback import user_errors
from briefreader.gui.wording import is_dark

if TYPE_CHECKING:
    from briefreader.core.changes import VersionDiff
    from briefreader.core.library import Library

# How the window runs work off its thread: run(work, done, failed) (``Jobs.run``).
Runner = Callable[[Callable[[], Any], Callable[[Any], None], Callable[[str], None]], object]

CHANGES, VERSIONS = 0, 1
HASH_CHARS = 12  # as the command line shows a version
_HASH_ROLE = Qt.ItemDataRole.UserRole + 1


def version_label(version: DocumentVersion) -> str:
    return f"the version kept {kept_when(version)} ({version.content_hash[:HASH_CHARS]})"


class DocumentHistoryDialog(QDialog):
    """Two tabs: the diff since a kept version (by default: since it was annotated), and
    the list of kept versions."""

    annotation_requested = Signal(int)
    version_requested = Signal(str)  # content hash of a kept version

    def __init__(
        self,
        library: Library,
        doc_id: str,
        parent: QWidget | None = None,
        run: Runner | None = None,
    ) -> None:
        """``run`` computes the diffs off the GUI thread (a 5 MB text takes seconds);
        without it they are computed at once."""
        super().__init__(parent)
        self.setObjectName("documentHistory")
        self.setWindowModality(Qt.WindowModality.NonModal)
        self.resize(980, 700)
        self.library = library
        self.doc_id = doc_id
        self.diff: VersionDiff | None = None
        self.versions: list[DocumentVersion] = []
        self.annotations: dict[int, Annotation] = {}
        self._expanded: set[int] = set()
        self._notes = NoteRenderer()
        self._run = run
        self._request = 0  # the newest diff asked for; an older one that ends late is dropped

        self.heading = QLabel(self)
        self.heading.setObjectName("historyHeading")
        self.heading.setWordWrap(True)
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.heading.setFont(font)
        self.base = QComboBox(self)
        self.base.setObjectName("historyBase")
        self.base.currentIndexChanged.connect(self._base_changed)
        self.summary = QLabel(self)
        self.summary.setObjectName("historySummary")
        self.summary.setWordWrap(True)
        self.view = QTextBrowser(self)
        self.view.setObjectName("historyDiff")
        self.view.setOpenLinks(False)
        self.view.document().setDefaultStyleSheet(ROW_CSS)  # notes: no blank paragraph margins
        self.view.anchorClicked.connect(self._link_clicked)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("historyVersions")
        self.tree.setHeaderLabels(["Kept", "Version", "Characters", "Annotations made on it"])
        self.tree.setRootIsDecorated(False)
        self.tree.itemDoubleClicked.connect(lambda _item, _column: self._open_selected())
        self.tree.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.open_button = QPushButton("Open read-only", self)
        self.open_button.setToolTip("Show this version in the reader (it cannot be annotated)")
        self.open_button.clicked.connect(self._open_selected)
        self.compare_button = QPushButton("Compare with now", self)
        self.compare_button.setToolTip("What changed between this version and the current one")
        self.compare_button.clicked.connect(self._compare_selected)

        changes = QWidget(self)
        changes_layout = QVBoxLayout(changes)
        changes_layout.setContentsMargins(0, 6, 0, 0)
        since = QHBoxLayout()
        since.addWidget(QLabel("Changes since", changes))
        since.addWidget(self.base, 1)
        changes_layout.addLayout(since)
        changes_layout.addWidget(self.summary)
        changes_layout.addWidget(self.view, 1)
        versions = QWidget(self)
        versions_layout = QVBoxLayout(versions)
        versions_layout.setContentsMargins(0, 6, 0, 0)
        versions_layout.addWidget(self.tree, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.compare_button)
        buttons.addStretch(1)
        versions_layout.addLayout(buttons)
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(changes, "What changed")
        self.tabs.addTab(versions, "Versions")
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(close)
        self.refresh()

    # ------------------------------------------------------------------ content

    def refresh(self) -> None:
        """Read the document's versions and annotations again, and the diff."""
        try:
            record = self.library.record(self.doc_id)
            self.versions = self.library.versions(self.doc_id)
            self.annotations = {a.id: a for a in self.library.annotations(doc_id=self.doc_id)}
        except user_errors() as error:
            self.summary.setText(str(error))
            return
        title = record.title if record is not None else self.doc_id
        self.setWindowTitle(f"What changed — {title}")
        self.heading.setText(title)
        self._fill_versions()
        self._fill_bases()
        self.show_diff()

    def _fill_bases(self) -> None:
        chosen = self.base.currentData()
        self.base.blockSignals(True)
        self.base.clear()
        self.base.addItem("you annotated it", None)
        for version in reversed(self.versions):
            if not version.current:
                self.base.addItem(version_label(version), version.content_hash)
        self.base.setCurrentIndex(max(0, self.base.findData(chosen)))
        self.base.blockSignals(False)

    def _fill_versions(self) -> None:
        self.tree.clear()
        for version in reversed(self.versions):  # the newest first
            made = [
                f"#{a.id} “{one_line(a.original_anchor.exact, 48)}”"
                for a in self.annotations.values()
                if a.original_anchor.content_hash == version.content_hash
            ]
            made_text = ", ".join(made)
            item = QTreeWidgetItem(
                [
                    kept_when(version) + ("  (current)" if version.current else ""),
                    version.content_hash[:HASH_CHARS],
                    f"{version.length:,}",
                    made_text or "—",
                ]
            )
            item.setData(0, _HASH_ROLE, version.content_hash)
            placed = " ".join(f"#{i}" for i in version.annotation_ids)
            item.setToolTip(3, f"Placed on it: {placed}" if placed else "No annotation placed")
            self.tree.addTopLevelItem(item)
        for column in range(3):
            self.tree.resizeColumnToContents(column)
        newest = self.tree.topLevelItem(0)
        if newest is not None:
            self.tree.setCurrentItem(newest)
        self._update_buttons()

    def show_diff(self) -> None:
        since = self.base.currentData()
        library, doc_id = self.library, self.doc_id
        self._request += 1
        request = self._request

        def done(diff: VersionDiff) -> None:
            if request == self._request:
                self.diff = diff
                self._expanded = set()
                self._render()

        def failed(message: str) -> None:
            if request == self._request:
                self.summary.setText(message)

        def work() -> VersionDiff:
            return library.changes_since_annotated(doc_id, since)

        if self._run is None:
            try:
                done(work())
            except user_errors() as error:
                failed(str(error))
            return
        self.summary.setText("Comparing the versions…")
        self._run(work, done, failed)

    def _render(self) -> None:
        diff = self.diff
        if diff is None:
            return
        if diff.since is None:
            self.summary.setText("Only the current version is kept: nothing to compare with.")
        else:
            self.summary.setText(f"Since {version_label(diff.since)}. {diff_summary(diff)}")
        scroll = self.view.verticalScrollBar().value()
        self.view.setHtml(diff_html(diff, self.annotations, self._style(), self._expanded))
        self.view.verticalScrollBar().setValue(scroll)

    def _style(self) -> DiffStyle:
        palette = self.view.palette()
        text = palette.color(QPalette.ColorRole.Text)
        muted = QColor(text)
        muted.setAlphaF(0.62)
        muted_css = f"rgba({muted.red()},{muted.green()},{muted.blue()},{muted.alphaF():.2f})"
        return DiffStyle(text.name(), muted_css, is_dark(palette), self._notes)

    def done(self, result: int) -> None:
        self._request += 1  # a diff still being computed is not shown in a closed window
        super().done(result)

    def show_page(self, page: int) -> None:
        self.tabs.setCurrentIndex(page)

    # ------------------------------------------------------------------ requests

    def _base_changed(self) -> None:
        self.show_diff()

    def _link_clicked(self, url: QUrl) -> None:
        kind, _, value = url.toString().partition(":")
        if kind == "annotation" and value.isdigit():
            self.annotation_requested.emit(int(value))
        elif kind == "expand" and value.isdigit():
            self._expanded.add(int(value))
            self._render()

    def _selected_hash(self) -> str | None:
        item = self.tree.currentItem()
        return str(item.data(0, _HASH_ROLE)) if item is not None else None

    def _selected_is_current(self) -> bool:
        chosen = self._selected_hash()
        return any(v.current and v.content_hash == chosen for v in self.versions)

    def _update_buttons(self) -> None:
        chosen = self._selected_hash() is not None
        current = self._selected_is_current()
        self.open_button.setEnabled(chosen)
        self.open_button.setText("Open" if current else "Open read-only")
        self.compare_button.setEnabled(chosen and not current)

    def _open_selected(self) -> None:
        chosen = self._selected_hash()
        if chosen is not None:
            self.version_requested.emit(chosen)

    def _compare_selected(self) -> None:
        chosen = self._selected_hash()
        index = self.base.findData(chosen) if chosen else -1
        if index >= 0:
            self.base.setCurrentIndex(index)
            self.show_page(CHANGES)
