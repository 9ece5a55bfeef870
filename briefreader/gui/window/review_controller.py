"""The review list in the window: the annotations that wait for a decision across the
library, shown in the reader on request, decided through undoable commands."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING

from briefreader.core.models import AnchorStatus
from briefreader.gui.panels.review_panel import review_title

if TYPE_CHECKING:
    from PySide6.QtWidgets import QTabWidget

    from briefreader.core.library import Library
    from briefreader.core.review import Place, ReviewItem
    from briefreader.gui.panels.review_panel import ReviewPanel
    from briefreader.gui.reader_view import ReaderView
    from briefreader.gui.window.annotating_controller import AnnotatingController
    from briefreader.gui.window.feedback import Feedback
    from briefreader.gui.window.reading import Reading
    from briefreader.gui.window.view_controller import ViewController

Span = tuple[int, int]
WAITING = tuple(status for status in AnchorStatus if status.needs_review)


@dataclass(eq=False)
class ReviewController:
    """Fills the review list, shows its items and places in the reader, re-attaches.

    The list is read (``Library.needs_review``, which reads every annotation) only while
    its tab is the one shown; otherwise a change updates the tab's count alone, from the
    annotations of the waiting statuses, and the list is read when the tab is next shown.
    """

    library: Library
    reading: Reading
    reader: ReaderView
    annotating: AnnotatingController
    panel: ReviewPanel
    tabs: QTabWidget
    view: ViewController
    feedback: Feedback
    _stale: bool = field(default=True, init=False)
    _marks: list[Span] = field(default_factory=list, init=False)  # the places shown

    def refresh(self) -> None:
        """After a change: the list again when it is shown, else the tab's count; the
        places a preview marked in the reader go (the decision is made, or undone)."""
        if self._marks and self.reading.marks == self._marks:
            self.reading.clear_marks()
            self.reader.clear_selection()
        self._marks = []
        if self.tabs.currentWidget() is self.panel:
            self._fill()
            return
        self._stale = True
        counts = [
            self.feedback.call(partial(self.library.annotations, status=status))
            for status in WAITING
        ]
        self._set_count(sum(len(found or ()) for found in counts))

    def tab_changed(self, index: int) -> None:
        if self._stale and self.tabs.widget(index) is self.panel:
            self._fill()

    def _fill(self) -> None:
        items = self.feedback.call(self.library.needs_review)
        if items is None:
            return
        self._stale = False
        self.panel.set_items(items)
        self._set_count(len(items))

    def _set_count(self, count: int) -> None:
        """The tab says how many annotations wait: "Review (3)"."""
        self.tabs.setTabText(self.tabs.indexOf(self.panel), review_title(count))

    def show(self, annotation_id: int | None = None) -> None:
        """Bring the review list forward (Annotate ▸ Review Changed Highlights…)."""
        self.view.show_right_tab(self.tabs.indexOf(self.panel))
        self._fill()
        if annotation_id is not None:
            self.panel.select_annotation(annotation_id)
        elif self.panel.current() is None and self.panel.items():
            self.panel.select_annotation(self.panel.items()[0].annotation.id)
        self.panel.list.setFocus()

    def open_item(self, item: ReviewItem) -> None:
        """Show the annotation in its document: a fuzzy one selected as it reads now, an
        ambiguous one's places marked, an orphan near where it was."""
        annotation = item.annotation
        anchor = annotation.anchor
        status = AnchorStatus(annotation.status)
        if status.placed:
            self.reading.open(annotation.doc_id, select=(anchor.start, anchor.end))
            return
        places = _spans(item)
        if places:
            self.reading.open(annotation.doc_id, offset=places[0][0], marks=places)
            self._marks = places
            self.feedback.show_message(
                f"It fits {len(places)} places, marked in the text: click one in the "
                "Review list to see it, then “Pick this place”."
            )
            return
        self.reading.open(annotation.doc_id, offset=anchor.start)
        self.feedback.show_message(
            "Its passage is gone: select where it belongs, then click “Re-attach to selection”."
        )

    def preview(self, item: ReviewItem, place: Place) -> None:
        """Show one place of an ambiguous annotation, selected, the others marked."""
        span = (place.candidate.start, place.candidate.end)
        if item.stale:
            self.feedback.show_message(
                "The document changed since these places were found: index it again (F5)."
            )
            return
        self._marks = _spans(item)
        self.reading.open(item.annotation.doc_id, select=span, marks=self._marks)
        self.feedback.show_message(
            f"Place {place.number} of {len(item.places)}: click “Pick this place” to attach "
            "the highlight there."
        )

    def reattach(self, annotation_id: int) -> None:
        """Re-attach to the reader's selection; without one in the annotation's document,
        open the document to select it in."""
        annotation = self.feedback.call(lambda: self.library.annotation(annotation_id))
        if annotation is None:
            return
        has_selection = self.reader.canonical_range_of_selection() is not None
        if self.reading.doc_id == annotation.doc_id and has_selection:
            self.annotating.reattach_to_selection(annotation_id)
            return
        self.reading.open(annotation.doc_id, offset=annotation.anchor.start)
        self.feedback.show_hint(
            "Select where the highlight belongs, then click “Re-attach to selection” again."
        )


def _spans(item: ReviewItem) -> list[Span]:
    """The places of an ambiguous annotation in the current text (none when stale)."""
    if item.stale:
        return []
    return [(p.candidate.start, p.candidate.end) for p in item.places]
