"""Document versions in the window: the header's "What changed" line, the history window
(the diff since the document was annotated, its kept versions), old versions read-only."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

from briefreader.gui.panels.version_widgets import kept_when

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from briefreader.core.library import Library
    from briefreader.gui.dialogs.document_history import DocumentHistoryDialog
    from briefreader.gui.panels.document_header import DocumentHeader
    from briefreader.gui.panels.version_widgets import OldVersionBanner
    from briefreader.gui.window.feedback import Feedback
    from briefreader.gui.window.jobs import Jobs
    from briefreader.gui.window.reading import Reading
    from briefreader.gui.window.reading_controller import ReadingController


@dataclass(eq=False)
class VersionsController:
    """Keeps the header's version line and the old-version banner in step with the reader."""

    library: Library
    reading: Reading
    reading_controller: ReadingController
    header: DocumentHeader
    banner: OldVersionBanner
    feedback: Feedback
    jobs: Jobs
    dialog_parent: QWidget
    dialog: DocumentHistoryDialog | None = field(default=None, init=False)

    def document_opened(self, doc_id: str) -> None:
        """Show "What changed" when more than one version is kept; the banner on an old one."""
        versions = self.feedback.call(lambda: self.library.versions(doc_id)) or []
        self.header.versions.set_versions(len(versions))
        document, record = self.reading.document, self.reading.record
        if self.reading.read_only and document is not None and record is not None:
            kept = next((v for v in versions if v.content_hash == document.content_hash), None)
            self.banner.show_version(record.title, kept_when(kept) if kept else "earlier")
        else:
            self.banner.hide()

    def library_changed(self, doc_id: str | None = None) -> None:
        """Annotations of ``doc_id`` changed (None: an index run ended): a first annotation
        keeps a version, a decision changes what the diff marks, a run adds versions."""
        current = self.reading.doc_id
        if current is not None and doc_id in (None, current):
            versions = self.feedback.call(lambda: self.library.versions(current)) or []
            self.header.versions.set_versions(len(versions))
        if self.dialog is not None and doc_id in (None, self.dialog.doc_id):
            self.dialog.refresh()

    def show_changes(self) -> None:
        from briefreader.gui.dialogs.document_history import CHANGES

        self._show(CHANGES)

    def show_versions(self) -> None:
        from briefreader.gui.dialogs.document_history import VERSIONS

        self._show(VERSIONS)

    def _show(self, page: int) -> None:
        from briefreader.gui.dialogs.document_history import DocumentHistoryDialog

        doc_id = self.reading.doc_id
        if doc_id is None:
            self.feedback.show_hint("Open a document first.")
            return
        if self.dialog is None or self.dialog.doc_id != doc_id:
            if self.dialog is not None:
                self.dialog.close()
            dialog = DocumentHistoryDialog(
                self.library, doc_id, self.dialog_parent, run=self._run_diff
            )
            dialog.annotation_requested.connect(self.open_annotation)
            dialog.version_requested.connect(partial(self.open_version, doc_id))
            dialog.finished.connect(lambda _result: self._closed(dialog))
            self.dialog = dialog
        else:
            self.dialog.refresh()
        self.dialog.show_page(page)
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()

    def _run_diff(
        self, work: Callable[[], Any], done: Callable[[Any], None], failed: Callable[[str], None]
    ) -> None:
        self.jobs.run(work, done, failed, name="version diff")

    def _closed(self, dialog: DocumentHistoryDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def open_annotation(self, annotation_id: int) -> None:
        annotation = self.feedback.call(lambda: self.library.annotation(annotation_id))
        if annotation is None:
            self.feedback.show_message(f"That annotation no longer exists (id {annotation_id}).")
            return
        self.reading_controller.open_annotation(annotation)

    def open_version(self, doc_id: str, content_hash: str) -> None:
        """Show a kept version in the reader, read-only (the current one: as usual)."""
        record = self.feedback.call(lambda: self.library.record(doc_id))
        if record is None:
            return
        if record.content_hash == content_hash:
            self.back_to_current()
            return
        version = self.feedback.call(lambda: self.library.version_document(doc_id, content_hash))
        if version is None:
            return
        annotations = self.feedback.call(lambda: self.library.annotations(doc_id=doc_id)) or []
        made_on = [
            (a.original_anchor.start, a.original_anchor.end)
            for a in annotations
            if a.original_anchor.content_hash == content_hash
        ]
        if self.reading.show_version(doc_id, version, sorted(made_on)):
            self.feedback.show_message(
                f"An old version of “{record.title}”, read-only: highlights cannot be made on it."
            )

    def back_to_current(self) -> None:
        doc_id = self.reading.doc_id
        if doc_id is not None:
            self.reading.open(doc_id)
