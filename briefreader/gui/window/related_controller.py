"""More Like This: documents like the open one, a selected passage or an annotation's
passage, shown in the search pane under a label that says what they are like."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from briefreader.core.models import AnchorStatus

if TYPE_CHECKING:
    from briefreader.core.library import Library
    from briefreader.core.models import SearchResults
    from briefreader.gui.panels.search_panel import SearchPanel
    from briefreader.gui.window.feedback import Feedback
    from briefreader.gui.window.jobs import Jobs
    from briefreader.gui.window.reading import Reading
    from briefreader.gui.window.view_controller import ViewController

RELATED_LIMIT = 20
QUOTE_SHOWN = 40  # characters of a passage in the pane's label


class RelatedController(QObject):
    """Runs ``Library.more_like_this`` off the GUI thread and shows its documents."""

    def __init__(
        self,
        library: Library,
        jobs: Jobs,
        reading: Reading,
        search_panel: SearchPanel,
        view: ViewController,
        feedback: Feedback,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.jobs = jobs
        self.reading = reading
        self.search_panel = search_panel
        self.view = view
        self.feedback = feedback

    def more_like_current(self) -> None:
        """Like the selected passage when there is one, else like the open document."""
        if self._selection() is not None:
            self.more_like_selection()
        else:
            self.more_like_document()

    def more_like_document(self, doc_id: str | None = None) -> None:
        target = doc_id or self.reading.doc_id
        if target is None:
            self.feedback.show_hint("Open a document first.")
            return
        record = self.feedback.call(lambda: self.library.record(target))
        if record is not None:
            self._run(target, None, f"“{record.title}”")

    def more_like_selection(self) -> None:
        selection = self._selection()
        if selection is None:
            self.feedback.show_hint("Select a passage in the reader first.")
            return
        doc_id, start, end, quote = selection
        self._run(doc_id, (start, end), f"the passage {passage_label(quote)}")

    def _selection(self) -> tuple[str, int, int, str] | None:
        """The open document, the selected span and its text; None when nothing is
        selected, or the reader shows an old version (its offsets are not the library's)."""
        doc_id, document = self.reading.doc_id, self.reading.document
        span = self.reading.selected_range()
        if doc_id is None or document is None or span is None or self.reading.read_only:
            return None
        start, end = span
        return doc_id, start, end, document.text[start:end]

    def more_like_annotation(self, annotation_id: int) -> None:
        annotation = self.feedback.call(lambda: self.library.annotation(annotation_id))
        if annotation is None:
            return
        if annotation.status == AnchorStatus.ORPHANED:  # no place in the current text
            self.more_like_document(annotation.doc_id)
            return
        span = (annotation.anchor.start, annotation.anchor.end)
        self._run(annotation.doc_id, span, f"the passage {passage_label(annotation.anchor.exact)}")

    def _run(self, doc_id: str, span: tuple[int, int] | None, label: str) -> None:
        self.view.show_right_tab(0)
        panel = self.search_panel
        token = panel.expect_related(label)
        library = self.library

        def done(results: SearchResults) -> None:
            panel.show_related(token, results)

        def failed(message: str) -> None:
            if panel.is_related_current(token):
                panel.show_error(f"More like this failed: {message}")

        self.jobs.run(
            lambda: library.more_like_this(doc_id, span, RELATED_LIMIT), done, failed, "related"
        )


def passage_label(quote: str) -> str:
    """“The first words of a passage…”, on one line."""
    words = " ".join(quote.split())
    if len(words) > QUOTE_SHOWN:
        words = words[: QUOTE_SHOWN - 1].rstrip() + "…"
    return f"“{words}”"
