"""Searching, and the library pane: the catalog, saved searches, and refreshing them."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from briefreader.core.errors import SearchCancelled
from briefreader.gui.tasks import Task, TaskCancelled, TaskContext

if TYPE_CHECKING:
    from briefreader.core.library import Library
    from briefreader.core.models import Collection, DocumentRecord, SearchRequest, SearchResults
    from briefreader.gui.panels.library_panel import LibraryPanel
    from briefreader.gui.panels.search_panel import SearchPanel
    from briefreader.gui.window.feedback import Feedback
    from briefreader.gui.window.indexing import Indexer
    from briefreader.gui.window.jobs import Jobs
    from briefreader.gui.window.reading import Reading
    from briefreader.gui.window.view_controller import ViewController

log = logging.getLogger(__name__)

# What the library pane shows: the catalog, saved searches, reading lists, the format a
# work opens in.
LibraryContent = tuple["list[DocumentRecord]", "list[tuple[str, str]]", "list[Collection]", str]

LIBRARY_REFRESH_MS = 2000


class SearchController(QObject):
    """Runs searches off the GUI thread and keeps the library pane in step."""

    def __init__(
        self,
        library: Library,
        jobs: Jobs,
        indexer: Indexer,
        reading: Reading,
        search_panel: SearchPanel,
        library_panel: LibraryPanel,
        view: ViewController,
        feedback: Feedback,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.jobs = jobs
        self.indexer = indexer
        self.reading = reading
        self.search_panel = search_panel
        self._last_query = ""
        self._searching: Task | None = None  # the search running on the pool
        self._waiting: SearchRequest | None = None  # the request to run after it
        self.library_panel = library_panel
        self.view = view
        self.feedback = feedback
        self._library_generation = 0
        self._library_timer = QTimer(self)
        self._library_timer.setSingleShot(True)
        self._library_timer.setInterval(LIBRARY_REFRESH_MS)
        self._library_timer.timeout.connect(lambda: self.refresh_library(background=True))

    # ------------------------------------------------------------------ search

    def run_search(self, request: SearchRequest) -> None:
        """Search off the GUI thread, one search at a time: a request made while one runs
        waits (a newer one replaces it) and cancels the running one, which stops at its
        next stage; typing fast never queues stale searches, and the last keystroke's
        search starts as soon as the one before has stopped."""
        query = request.text.strip()
        if query != self._last_query:  # the reader's marks were another search's
            self._last_query = query
            self.reading.clear_marks()
        if self._searching is not None:
            self._waiting = request
            self._searching.cancel()  # stale now: it stops at its next stage
            return
        self._start_search(request)

    def _start_search(self, request: SearchRequest) -> None:
        library = self.library

        def work(context: TaskContext) -> SearchResults:
            try:
                return library.search(request, cancelled=context.cancelled)
            except SearchCancelled:
                raise TaskCancelled from None

        def done(results: SearchResults) -> None:
            self.search_panel.show_results(request, results)
            self._search_ended()

        def failed(message: str) -> None:
            if self.search_panel.is_current(request):
                self.search_panel.show_error(f"Search failed: {message}")
            self._search_ended()

        self._searching = self.jobs.run_cancellable(work, done, failed, "search")

    def _search_ended(self) -> None:
        self._searching = None
        waiting, self._waiting = self._waiting, None
        if waiting is not None and self.search_panel.is_current(waiting):
            self._start_search(waiting)

    def focus_search(self) -> None:
        self.view.show_right_tab(0)
        self.search_panel.focus_field()

    def refresh_results(self) -> None:
        """Search again soon when a query is shown (its annotation hits follow changes)."""
        if self.search_panel.query():
            self.search_panel.refresh_soon()

    # ------------------------------------------------------------------ saved searches

    def save_search(self, query: str) -> None:
        name = query if len(query) <= 40 else query[:39] + "…"
        if self.feedback.do(lambda: self.library.save_search(name, query)):
            self.refresh_saved_searches()
            self.feedback.show_message(f"Saved search “{name}” (in the library pane)")

    def delete_saved_search(self, name: str) -> None:
        if self.feedback.do(lambda: self.library.delete_saved_search(name)):
            self.feedback.show_message(f"Deleted the saved search “{name}”")
        self.refresh_saved_searches()

    def run_saved_search(self, query: str) -> None:
        self.view.show_right_tab(0)
        self.search_panel.set_query(query)

    # ------------------------------------------------------------------ the library pane

    def refresh_library(self, *, background: bool = False) -> None:
        """Show the catalog in the library pane. It is read off the GUI thread while indexing
        (the Library is busy writing batches) or when asked (start-up, a large catalog); a
        read that ends after a newer one is dropped."""
        library = self.library
        self._library_generation = generation = self._library_generation + 1
        if background or self.indexer.busy:
            self.jobs.run(
                lambda: library_content(library),
                lambda content: self._show_library(content, generation=generation),
                lambda message: log.info("library pane not refreshed: %s", message),
                name="catalog",
            )
            return
        content = self.feedback.call(lambda: library_content(library))
        if content is not None:
            self._show_library(content, generation=generation)

    def refresh_library_soon(self) -> None:
        if not self._library_timer.isActive():
            self._library_timer.start()

    def refresh_saved_searches(self) -> None:
        """Show the saved searches again (the documents have not changed)."""
        searches = self.feedback.call(self.library.saved_searches) or []
        self.library_panel.set_content(self.library_panel.records(), searches)

    def _show_library(self, content: LibraryContent, *, generation: int = 0) -> None:
        if generation and generation != self._library_generation:
            return  # a newer read was asked for meanwhile
        records, searches, collections, prefer = content
        self.library_panel.set_content(records, searches, collections, prefer)
        if self.reading.doc_id:
            self.library_panel.select_document(self.reading.doc_id)


def library_content(library: Library) -> LibraryContent:
    """Everything the library pane shows, read at once."""
    return (
        library.documents(),
        library.saved_searches(),
        library.collections(),
        library.preferred_format(),
    )
