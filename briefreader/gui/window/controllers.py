"""The window's controllers, made once over the panes and the Library."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QMainWindow

from briefreader.core.library import Library
from briefreader.gui.settings import Settings
from briefreader.gui.theme import ThemeManager
from briefreader.gui.window.annotating import Annotator
from briefreader.gui.window.annotating_controller import AnnotatingController
from briefreader.gui.window.export_controller import ExportController
from briefreader.gui.window.feedback import Feedback
from briefreader.gui.window.indexing import Indexer
from briefreader.gui.window.indexing_controller import IndexingController
from briefreader.gui.window.jobs import Jobs
from briefreader.gui.window.library_changes import LibraryChanges
from briefreader.gui.window.lists_controller import ListsController
from briefreader.gui.window.meta_controller import MetaController
from briefreader.gui.window.panes import Panes
from briefreader.gui.window.pdf_controller import PdfController
from briefreader.gui.window.preferences_controller import PreferencesController
from briefreader.gui.window.reading import Reading
from briefreader.gui.window.reading_controller import ReadingController
from briefreader.gui.window.related_controller import RelatedController
from briefreader.gui.window.review_controller import ReviewController
from briefreader.gui.window.search_controller import SearchController
from briefreader.gui.window.statusbar import WindowStatusBar
from briefreader.gui.window.versions_controller import VersionsController
from briefreader.gui.window.view_controller import ViewController


@dataclass(frozen=True)
class Controllers:
    """What the menus and the panes' signals call, and the objects those drive."""

    view: ViewController
    search: SearchController
    related: RelatedController  # More Like This
    annotating: AnnotatingController
    reading: ReadingController
    pdf: PdfController  # PDFs as pages (Reading's page surface), the page bar
    indexing: IndexingController
    preferences: PreferencesController
    exporting: ExportController
    review: ReviewController
    versions: VersionsController
    meta: MetaController  # the Info dialog, citations, reading status
    lists: ListsController  # reading lists
    changes: LibraryChanges  # undoable metadata, status and list changes
    document: Reading  # the document in the reader
    annotator: Annotator  # undoable annotation changes
    indexer: Indexer  # index runs and the folder watcher
    feedback: Feedback
    settings: Settings
    status: WindowStatusBar


def build_controllers(
    window: QMainWindow,
    library: Library,
    panes: Panes,
    annotator: Annotator,
    indexer: Indexer,
    jobs: Jobs,
    settings: Settings,
    theme_manager: ThemeManager,
    status: WindowStatusBar,
    feedback: Feedback,
    after_index_run: Callable[[str], None],
) -> Controllers:
    """Each controller is given the panes, the Library and the controllers it uses."""
    p = panes
    reading = Reading(library, p.reader, window, jobs=jobs)
    view = ViewController(
        window, p.left_tabs, p.right_tabs, p.splitter, settings, theme_manager, feedback
    )
    search = SearchController(
        library, jobs, indexer, reading, p.search_panel, p.library_panel, view, feedback, window
    )
    related = RelatedController(library, jobs, reading, p.search_panel, view, feedback, window)
    annotating = AnnotatingController(
        library,
        annotator,
        reading,
        p.reader,
        p.annotations_panel,
        p.selection_toolbar,
        p.header,
        search,
        view,
        feedback,
        window,
    )
    reading_controller = ReadingController(
        window, library, reading, panes, status, annotating, search, view, feedback
    )
    pdf = PdfController(library, reading, panes, settings, jobs, feedback, theme_manager)
    reading.pages = pdf
    indexing = IndexingController(
        library,
        indexer,
        reading,
        status,
        settings,
        p.search_panel,
        search,
        annotating,
        reading_controller,
        feedback,
        window,
        after_index_run,
    )
    preferences = PreferencesController(
        library, settings, p.reader, p.annotations_panel, indexer, indexing, view, feedback, window
    )
    exporting = ExportController(library, reading, p.search_panel, feedback, window, settings)
    review = ReviewController(
        library, reading, p.reader, annotating, p.review_panel, p.right_tabs, view, feedback
    )
    versions = VersionsController(
        library, reading, reading_controller, p.header, p.version_banner, feedback, jobs, window
    )
    changes = LibraryChanges(library, annotator, window)
    meta = MetaController(
        library, changes, reading, p.header, p.library_panel, search, annotating, feedback, window
    )
    lists = ListsController(library, changes, p.library_panel, exporting, feedback, window)
    return Controllers(
        view=view,
        search=search,
        related=related,
        annotating=annotating,
        reading=reading_controller,
        pdf=pdf,
        indexing=indexing,
        preferences=preferences,
        exporting=exporting,
        review=review,
        versions=versions,
        meta=meta,
        lists=lists,
        changes=changes,
        document=reading,
        annotator=annotator,
        indexer=indexer,
        feedback=feedback,
        settings=settings,
        status=status,
    )
