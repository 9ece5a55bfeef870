"""Indexing in the window: start-up, adding folders, index runs and what they found."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from briefreader.core.library import Library
    from briefreader.core.sync.scan import IndexReport
    from briefreader.gui.panels.search_panel import SearchPanel
    from briefreader.gui.settings import Settings
    from briefreader.gui.window.annotating_controller import AnnotatingController
    from briefreader.gui.window.feedback import Feedback
    from briefreader.gui.window.indexing import Indexer
    from briefreader.gui.window.reading import Reading
    from briefreader.gui.window.reading_controller import ReadingController
    from briefreader.gui.window.search_controller import SearchController
    from briefreader.gui.window.statusbar import WindowStatusBar


@dataclass(eq=False)
class IndexingController:
    """Starts index runs when the library changes and shows what they did."""

    library: Library
    indexer: Indexer
    reading: Reading
    status: WindowStatusBar
    settings: Settings
    search_panel: SearchPanel
    search: SearchController
    annotating: AnnotatingController
    reading_controller: ReadingController
    feedback: Feedback
    dialog_parent: QWidget
    after_index_run: Callable[[str], None]  # shows a text once the next run has ended

    def start_up(self, folders: Sequence[Path]) -> None:
        """Add folders given on the command line; on first run use the bundled library; index."""
        from briefreader.paths import bundled_content_dir

        self.search.refresh_library(background=True)  # thousands: read off the GUI thread
        self.annotating.refresh_annotations()
        if folders:
            self.add_paths(folders, index=False)
        # the samples only on a first start: never again once the user removed them
        if not folders and self.feedback.call(self.library.offer_sample_library):
            bundled = bundled_content_dir()
            if bundled.is_dir():
                self.feedback.do(lambda: self.library.add_folders([bundled]))
                self.feedback.show_message("First start: opening the sample library.")
        notices = " ".join(self.library.startup_messages)
        if notices:  # e.g. the index was rebuilt, or no backup could be made
            self.feedback.show_message(notices)
            self.after_index_run(notices)  # again once the run's summary has been said
        last = self.settings.last_document()
        if last and self.feedback.call(lambda: self.library.record(last)) is not None:
            self.reading_controller.open_document(last)  # where the user was reading
        self.indexer.start()

    def add_paths(self, paths: Sequence[Path], index: bool = True) -> list[Path]:
        """Add dropped or chosen paths and index them: folders as folders, files by
        themselves (not their whole folder)."""
        chosen = [Path(p) for p in paths]
        folders = [p for p in chosen if p.is_dir()]
        files = [p for p in chosen if not p.is_dir()]
        added = self.feedback.call(lambda: self.library.add_folders(folders)) or []
        if files:
            added += self.feedback.call(lambda: self.library.add_files(files)) or []
        if added:
            names = ", ".join(p.name or str(p) for p in added)
            self.feedback.show_message(f"Added to the library: {names}. Indexing…")
            if index:
                self.indexer.start()
        elif files and not folders and self.feedback.call(lambda: self._all_known(files)):
            self.feedback.show_message("Already in the library.")
        self._refresh_roots_dialog()
        return added

    def _all_known(self, files: Sequence[Path]) -> bool:
        return all(self.library.record_for_path(f) is not None for f in files)

    def add_folder_dialog(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        folder = QFileDialog.getExistingDirectory(self.dialog_parent, "Add a folder to the library")
        if folder:
            self.add_paths([Path(folder)])

    def add_files_dialog(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        from briefreader.core.formats.documents import SUPPORTED_SUFFIXES

        patterns = " ".join(f"*{suffix}" for suffix in sorted(SUPPORTED_SUFFIXES))
        files, _filter = QFileDialog.getOpenFileNames(
            self.dialog_parent,
            "Add files to the library",
            "",
            f"Documents ({patterns});;All files (*)",
        )
        if files:
            self.add_paths([Path(f) for f in files])

    # ------------------------------------------------------------------ the library's roots

    def show_roots_dialog(self) -> None:
        from briefreader.gui.dialogs.library_roots import LibraryRootsDialog

        dialog = LibraryRootsDialog(
            self.feedback.call(self.library.folders) or [],
            self.feedback.call(self.library.files) or [],
            self.dialog_parent,
            samples=self.feedback.call(self.library.sample_folder),
        )
        dialog.remove_samples_requested.connect(self.remove_samples)
        dialog.add_folder_requested.connect(self.add_folder_dialog)
        dialog.add_files_requested.connect(self.add_files_dialog)
        dialog.rescan_requested.connect(self.rescan)
        dialog.remove_requested.connect(self.remove_root)
        self.feedback.open_dialog(dialog)

    def _refresh_roots_dialog(self) -> None:
        from briefreader.gui.dialogs.library_roots import LibraryRootsDialog

        dialog = self.feedback.active_dialog
        if isinstance(dialog, LibraryRootsDialog):
            dialog.set_roots(
                self.feedback.call(self.library.folders) or [],
                self.feedback.call(self.library.files) or [],
                self.feedback.call(self.library.sample_folder),
            )

    def rescan(self, folder: Path) -> None:
        """An index run over this folder only."""
        self.feedback.show_message(f"Re-scanning {folder.name or folder}…")
        self.indexer.start(folders=[folder])

    def remove_root(self, path: Path) -> None:
        """Take a folder or file out of the library; its documents leave at the next run
        (started now); annotated ones are kept as missing, so no annotation is lost."""
        if self.feedback.do(lambda: self.library.remove_folder(path)):
            name = path.name or str(path)
            self.feedback.show_message(f"Removed from the library: {name}")
            self.indexer.start(forget=[path])
        self._refresh_roots_dialog()

    # ------------------------------------------------------------------ the sample documents

    def remove_samples(self) -> None:
        """Take the bundled samples out of the library (never off the disk); when they
        carry annotations, ask first (they are kept, on documents marked missing)."""
        from briefreader.gui.window.samples import ask_to_remove, sample_annotations

        folder = self.feedback.call(self.library.sample_folder)
        if folder is None:
            self.feedback.show_message("The library has no sample documents.")
            return
        count = self.feedback.call(lambda: sample_annotations(self.library, folder))
        if count:
            dialog = ask_to_remove(count, self.dialog_parent)
            self.feedback.open_dialog(dialog, lambda: self._remove_samples(force=True))
        elif count is not None:
            self._remove_samples(force=False)

    def _remove_samples(self, force: bool) -> None:
        from briefreader.gui.window.samples import removal_message

        removal = self.feedback.call(lambda: self.library.remove_sample_library(force))
        if removal is None:
            return
        self.feedback.show_message(removal_message(removal))
        self._close_if_gone()
        self.search.refresh_library()
        self.annotating.refresh_annotations()
        self._refresh_roots_dialog()
        self.indexer.start()  # the folder is watched no longer

    def _close_if_gone(self) -> None:
        """Close the open document when it left the library."""
        doc_id = self.reading.doc_id
        if doc_id is None or self.feedback.call(lambda: self.library.record(doc_id)) is not None:
            return
        self.reading.close()
        self.reading_controller.header.set_document(None, None)
        self.reading_controller.outline_panel.set_document(None)
        self.reading_controller.document_load_failed(doc_id)  # the welcome page

    def show_problems(self) -> None:
        from briefreader.gui.dialogs.problems import ProblemsDialog

        self.feedback.open_dialog(ProblemsDialog(self.indexer.problems, self.dialog_parent))

    def cancel(self) -> None:
        self.indexer.cancel()
        self.status.cancelling()

    def started(self) -> None:
        self.status.set_indexing(True)

    def progressed(self, done: int, total: int, path: str) -> None:
        self.status.set_progress(done, total, path)
        self.search.refresh_library_soon()

    def finished(self, report: IndexReport) -> None:
        from briefreader.gui.window.indexing import summary

        self.status.set_indexing(False)
        self.status.set_problems(len(self.indexer.problems))
        self.feedback.show_message(summary(report))
        self.search.refresh_library(background=True)
        self.annotating.refresh_annotations()
        if self.reading.doc_id is not None:
            self.reading_controller.reopen_current()
        if self.search_panel.query():
            self.search_panel.search_now()

    def failed(self, message: str) -> None:
        self.status.set_indexing(False)
        self.feedback.show_message(f"Indexing failed: {message}")
