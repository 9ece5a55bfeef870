"""Export dialog (Ctrl+E): choose a scope, the audience, a title and introduction, the
grouping and the format; preview; write a file.

The format and the file name's extension follow each other: choosing a format changes the
extension, typing a known extension chooses its format, and a name whose extension is
not the format's is refused with one line (never written silently)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths, QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from briefreader.core.errors import UserError
from briefreader.core.export.exporting import (
    ExportRequest,
    default_audience,
    export_bytes,
    export_to_file,
    resolve_scope,
)
from briefreader.core.export.formats import (
    DATA_FORMATS,
    FORMATS,
    export_format,
    format_for_path,
    with_format_suffix,
)
from briefreader.core.export.registry import default_filename
from briefreader.gui.pdf_export import register_pdf_export
from briefreader.gui.tasks import Task, TaskRunner

if TYPE_CHECKING:
    from briefreader.core.library import Library
    from briefreader.gui.settings import Settings

PREVIEW_DELAY_MS = 250
PREVIEW_LIMIT = 200_000  # characters shown in the preview pane
GROUP_LABELS = {
    "document": "Document",
    "section": "Section of each document",
    "tag": "Tag",
    "color": "Colour",
}
AUDIENCE_LABELS = {
    "send": "To send: titles and citations, no file paths or statuses",
    "me": "For me: everything, statuses and file paths",
}
SCOPE_LABELS = {
    "document": "Current document",
    "documents": "Selected documents",
    "tag": "Tag",
    "collection": "Reading list",
    "query": "Current search",
    "all": "Whole library",
}


def open_folder(folder: Path) -> None:
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def documents_folder() -> Path:
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found and Path(found).is_dir() else Path.home()


def one_line(message: str) -> str:
    lines = [line.strip() for line in str(message).splitlines() if line.strip()]
    return lines[0] if lines else "Export failed"


class OfflineBrowser(QTextBrowser):
    """A preview that never follows links nor loads images or style sheets."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)

    def loadResource(
        self, _type: int, _name: QUrl | str
    ) -> object:  # Qt override: nothing is fetched
        return None


class ExportDialog(QDialog):
    """Runs previews and the export on its own TaskRunner; ``open_folder`` is replaceable."""

    def __init__(
        self,
        library: Library,
        doc_id: str | None = None,
        query: str = "",
        selected: Sequence[str] = (),
        parent: QWidget | None = None,
        opener: Callable[[Path], object] | None = None,
        settings: Settings | None = None,
        collection: str | None = None,
    ) -> None:
        """``collection``: a reading list to export (its scope is chosen)."""
        super().__init__(parent)
        register_pdf_export()
        self.setWindowTitle("Export")
        self.resize(720, 640)
        self.library = library
        self.doc_id = doc_id
        self.query = query.strip()
        self.selected = tuple(selected)
        self.open_folder = opener or open_folder
        self.settings = settings
        self.runner = TaskRunner(self)
        self._preview_task: Task | None = None
        self._export_task: Task | None = None
        self._path_edited = False
        self._output_dir = documents_folder()

        form = QFormLayout()
        self.scope = QComboBox()
        if doc_id:
            self.scope.addItem(SCOPE_LABELS["document"], "document")
        if len(self.selected) > 1:
            self.scope.addItem(SCOPE_LABELS["documents"], "documents")
        self.scope.addItem(SCOPE_LABELS["tag"], "tag")
        lists = [c.name for c in library.collections()]
        if lists:
            self.scope.addItem(SCOPE_LABELS["collection"], "collection")
        if self.query:
            self.scope.addItem(f"{SCOPE_LABELS['query']}: “{self.query}”", "query")
        self.scope.addItem(SCOPE_LABELS["all"], "all")
        self.tag = QComboBox()
        for tag, count in library.tags():
            self.tag.addItem(f"{tag} ({count})", tag)
        self.collection = QComboBox()
        self.collection.setObjectName("exportList")
        for name in lists:
            self.collection.addItem(name, name)
        if collection is not None and collection in lists:
            self.collection.setCurrentIndex(lists.index(collection))
        scope_row = QHBoxLayout()
        scope_row.addWidget(self.scope, 1)
        scope_row.addWidget(self.tag, 1)
        scope_row.addWidget(self.collection, 1)
        form.addRow("Export:", scope_row)
        self.since_last = QCheckBox("Only new since the last export")
        form.addRow("", self.since_last)
        self.audience = QComboBox()
        for key, label in AUDIENCE_LABELS.items():
            self.audience.addItem(label, key)
        form.addRow("Audience:", self.audience)
        self.brief_title = QLineEdit()
        self.brief_title.setPlaceholderText("The brief's title (default: from what is exported)")
        form.addRow("Title:", self.brief_title)
        self.intro = QPlainTextEdit()
        self.intro.setPlaceholderText("A short introduction (Markdown), shown under the title")
        self.intro.setFixedHeight(self.fontMetrics().lineSpacing() * 4)
        form.addRow("Introduction:", self.intro)
        self.group_by = QComboBox()
        for key, label in GROUP_LABELS.items():
            self.group_by.addItem(label, key)
        form.addRow("Group by:", self.group_by)
        self.format = QComboBox()
        for fmt in FORMATS:
            self.format.addItem(fmt.label, fmt.name)
        form.addRow("Format:", self.format)
        self.path = QLineEdit()
        self.path.textEdited.connect(self._path_typed)
        browse = QPushButton("Browse…")
        browse.clicked.connect(self.browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(browse)
        form.addRow("Save to:", path_row)
        self.open_afterwards = QCheckBox("Open the folder afterwards")
        self.open_afterwards.setChecked(bool(settings and settings.export_open_folder()))
        self.open_afterwards.toggled.connect(self._open_afterwards_toggled)
        form.addRow("", self.open_afterwards)

        self.preview = OfflineBrowser()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName("exportMessage")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = self.buttons.addButton(
            "Export", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.export)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("Preview:"))
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

        default = "document" if doc_id else ("query" if self.query else "all")
        if collection is not None and collection in lists:
            default = "collection"
        self.scope.setCurrentIndex(max(0, self.scope.findData(default)))
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.refresh_preview)
        self.format.currentIndexChanged.connect(self._format_changed)
        for combo in (self.scope, self.tag, self.collection, self.group_by, self.audience):
            combo.currentIndexChanged.connect(self._changed)
        self.since_last.toggled.connect(self._changed)
        self.brief_title.textChanged.connect(lambda _text: self._timer.start())
        self.intro.textChanged.connect(self._timer.start)
        self._format_changed()

    # ------------------------------------------------------------------ choices

    def request(self, format: str | None = None) -> ExportRequest:
        """The ExportRequest for the current choices; UserError when one is missing."""
        kind = self.scope.currentData()
        fmt = format or self.format.currentData()
        common = {
            "format": fmt,
            "since_last": self.since_last.isChecked(),
            "group_by": self.group_by.currentData(),
            "audience": self.audience.currentData(),
            "title": self.brief_title.text().strip(),
            "intro": self.intro.toPlainText().strip(),
        }
        if kind == "document" and self.doc_id is not None:  # offered only with one open
            return ExportRequest(doc_ids=(self.doc_id,), **common)
        if kind == "documents":
            return ExportRequest(doc_ids=self.selected, **common)
        if kind == "tag":
            if not self.tag.currentData():
                raise UserError("There are no tags in the library yet.")
            return ExportRequest(tag=self.tag.currentData(), **common)
        if kind == "collection":
            return ExportRequest(collection=self.collection.currentData(), **common)
        if kind == "query":
            return ExportRequest(query=self.query, **common)
        return ExportRequest(everything=True, **common)

    def _changed(self, *_args: object) -> None:
        kind = self.scope.currentData()
        self.tag.setEnabled(kind == "tag")
        self.tag.setHidden(kind == "collection")  # the list's combo takes its place
        self.collection.setVisible(kind == "collection")
        self._update_path()
        self._timer.start()

    def _format_changed(self, *_args: object) -> None:
        """A data format (JSON, CSV) keeps everything; a brief is made to send."""
        fmt = self.format.currentData()
        data = fmt in DATA_FORMATS
        self.audience.setCurrentIndex(self.audience.findData(default_audience(fmt)))
        for widget in (self.audience, self.brief_title, self.intro):
            widget.setEnabled(not data)
        self._changed()

    def _open_afterwards_toggled(self, checked: bool) -> None:
        if self.settings is not None:
            self.settings.set_export_open_folder(checked)

    def _path_typed(self, text: str) -> None:
        """A typed name with another format's extension chooses that format."""
        self._path_edited = True
        named = format_for_path(text.strip())
        if named is not None and named != self.format.currentData():
            self.format.setCurrentIndex(self.format.findData(named))

    def _update_path(self) -> None:
        fmt = export_format(self.format.currentData())
        if self._path_edited:
            current = self.path.text().strip()
            if current and format_for_path(current) != fmt.name:
                self.path.setText(str(with_format_suffix(current, fmt.name)))
            return
        try:
            name = default_filename(resolve_scope(self.library, self.request()), fmt.name)
        except UserError:
            name = f"briefreader-export{fmt.suffix}"
        self.path.setText(str(self._output_dir / name))

    def browse(self) -> None:
        fmt = export_format(self.format.currentData())
        path, _filter = QFileDialog.getSaveFileName(
            self, "Export to", self.path.text(), f"{fmt.label} (*{fmt.suffix});;All files (*)"
        )
        if path:
            self.path.setText(path)
            self._path_typed(path)

    # ------------------------------------------------------------------ preview

    def refresh_preview(self) -> None:
        self._timer.stop()
        # the typeset formats are previewed as the HTML they share, the others as Markdown
        fmt = "html" if self.format.currentData() in ("html", "pdf", "docx") else "md"
        try:
            request = self.request(fmt)
        except UserError as error:
            self._show_preview_error(str(error))
            return
        if self._preview_task is not None:
            self._preview_task.cancel()
        library = self.library
        task = Task(lambda _ctx: (fmt, export_bytes(library, request)), name="export preview")
        self._preview_task = task
        task.signals.finished.connect(self._preview_ready)
        task.signals.failed.connect(self._preview_failed)
        self.runner.submit(task)

    def _is_current_preview(self) -> bool:
        task = self._preview_task
        return task is not None and self.sender() is task.signals

    def _preview_ready(self, result: tuple[str, tuple[bytes, object, int]]) -> None:
        if not self._is_current_preview():
            return
        fmt, (data, _scope, count) = result
        text = data.decode("utf-8", errors="replace")[:PREVIEW_LIMIT]
        if fmt == "html":
            self.preview.setHtml(text)
        else:
            self.preview.setPlainText(text)
        if self._export_task is None:
            self.message.setText(f"{count} annotation(s)")

    def _preview_failed(self, message: str) -> None:
        if self._is_current_preview():
            self._show_preview_error(message)

    def _show_preview_error(self, message: str) -> None:
        self.preview.setPlainText("")
        self.message.setText(one_line(message))

    # ------------------------------------------------------------------ export

    def export(self) -> None:
        if self._export_task is not None:
            return
        text = self.path.text().strip()
        if not text:
            self.message.setText("Choose a file to export to.")
            return
        try:
            request = self.request()
        except UserError as error:
            self.message.setText(one_line(str(error)))
            return
        output = Path(text).expanduser()
        library = self.library
        task = Task(lambda _ctx: export_to_file(library, request, output), name="export")
        self._export_task = task
        self.export_button.setEnabled(False)
        self.message.setText("Exporting…")
        task.signals.finished.connect(lambda summary: self._exported(summary, output))
        task.signals.failed.connect(self._export_failed)
        self.runner.submit(task)

    def _exported(self, summary: str, output: Path) -> None:
        self._export_task = None
        self.export_button.setEnabled(True)
        self.message.setText(one_line(summary))
        if self.open_afterwards.isChecked():
            self.open_folder(output.parent)

    def _export_failed(self, message: str) -> None:
        self._export_task = None
        self.export_button.setEnabled(True)
        self.message.setText(f"Export failed: {one_line(message)}")

    def done(self, result: int) -> None:
        self._timer.stop()
        self.runner.shutdown(30000)
        super().done(result)
