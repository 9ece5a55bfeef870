"""The review list: every annotation across the library that waits for a decision after its
document changed (fuzzy, ambiguous, orphaned), with what to decide and the buttons for it.

Like the other panels it only asks (``*_requested``); the window makes each decision an
undoable command and hands the panel the fresh list with ``set_items``.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal, SignalInstance
from PySide6.QtGui import QColor, QPalette, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from briefreader.core.models import AnchorStatus, Annotation
from briefreader.core.review import Place, ReviewItem
from briefreader.gui import colors
from briefreader.gui.models.review_model import ReviewModel
from briefreader.gui.panels.annotation_delegate import AnnotationDelegate
from briefreader.gui.panels.layouts import rich_list
from briefreader.gui.panels.rich_row_delegate import Index, RichRowDelegate
from briefreader.gui.wording import is_dark

EMPTY = "Nothing to review: every highlight is where you made it, or you have decided on it."
_HTML_ROLE = Qt.ItemDataRole.UserRole + 1


def review_title(count: int) -> str:
    """The tab's title: "Review (3)" while annotations wait for a decision."""
    return f"Review ({count})" if count else "Review"


def place_html(place: Place, palette: QPalette) -> str:
    """A candidate place: its number and the passage with the text around it."""
    dark = is_dark(palette)
    mark = colors.mark_color(dark)
    mark_css = f"rgba({mark.red()},{mark.green()},{mark.blue()},{mark.alphaF():.2f})"
    muted = QColor(palette.color(QPalette.ColorRole.Text))
    muted.setAlphaF(0.7)
    muted_css = f"rgba({muted.red()},{muted.green()},{muted.blue()},{muted.alphaF():.2f})"

    def flat(text: str) -> str:
        return html.escape(" ".join(text.split("\n")))

    return (
        f"<div><b>Place {place.number}</b>"
        f" <span style='color:{muted_css}; font-size:small'>at character {place.candidate.start:,}"
        f"</span></div>"
        f"<div>…{flat(place.before)}<span style='background-color:{mark_css}'>"
        f"{flat(place.text)}</span>{flat(place.after)}…</div>"
    )


class _PlaceDelegate(RichRowDelegate):
    def row_html(self, option: QStyleOptionViewItem, index: Index) -> str:
        return str(index.data(_HTML_ROLE) or "")


class ReviewPanel(QWidget):
    """The list of annotations to decide on, and the selected one's places and decisions."""

    open_requested = Signal(object)  # ReviewItem: show it in the reader
    preview_requested = Signal(object, object)  # ReviewItem, Place: show that place
    confirm_requested = Signal(int)  # annotation id
    pick_requested = Signal(int, int)  # annotation id, place index (0-based)
    reattach_requested = Signal(int)
    delete_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._current: ReviewItem | None = None
        self._titles: dict[str, str] = {}

        self.summary = QLabel(self)
        self.summary.setObjectName("reviewSummary")
        self.summary.setWordWrap(True)
        self.model = ReviewModel(self)
        self.list = rich_list(self, "reviewList", self.model)
        self.delegate = AnnotationDelegate(self._annotation_at, self.list)
        self.delegate.title_for = self._title_for
        self.list.setItemDelegate(self.delegate)
        self.list.clicked.connect(self._clicked)
        self.list.selectionModel().currentChanged.connect(self._current_changed)
        self.detail = self._build_detail()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.detail)
        self.set_items([])

    def _build_detail(self) -> QFrame:
        frame = QFrame(self)
        frame.setObjectName("reviewDetail")
        self.decision = QLabel(frame)
        self.decision.setObjectName("reviewDecision")
        self.decision.setWordWrap(True)
        self.places_label = QLabel("Its places in the current text (click one to see it):", frame)
        self.places_model = QStandardItemModel(self)
        self.places = rich_list(frame, "reviewPlaces", self.places_model)
        self.places.setItemDelegate(_PlaceDelegate(self.places))
        self.places.setMinimumHeight(110)
        self.places.setMaximumHeight(200)
        self.places.clicked.connect(self._place_clicked)
        self.places.selectionModel().currentChanged.connect(lambda *_: self._update_buttons())
        self.stale = QLabel(
            "The document changed since these places were found: index it again (F5).", frame
        )
        self.stale.setObjectName("reviewStale")
        self.stale.setWordWrap(True)
        self.confirm_button = QPushButton("Confirm new wording", frame)
        self.confirm_button.setToolTip("Accept the passage as it reads now as the highlight")
        self.confirm_button.clicked.connect(lambda: self._emit_id(self.confirm_requested))
        self.pick_button = QPushButton("Pick this place", frame)
        self.pick_button.setToolTip("Attach the highlight to the place selected above")
        self.pick_button.clicked.connect(self._pick)
        self.reattach_button = QPushButton("Re-attach to selection", frame)
        self.reattach_button.setToolTip(
            "Select the passage in the reader, then click here (the document opens first)"
        )
        self.reattach_button.clicked.connect(lambda: self._emit_id(self.reattach_requested))
        self.delete_button = QPushButton("Delete", frame)
        self.delete_button.clicked.connect(lambda: self._emit_id(self.delete_requested))
        self.open_button = QPushButton("Show in reader", frame)
        self.open_button.clicked.connect(self._open)
        buttons = QHBoxLayout()
        buttons.setSpacing(4)
        for button in (self.confirm_button, self.pick_button, self.reattach_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        more = QHBoxLayout()
        more.setSpacing(4)
        more.addWidget(self.open_button)
        more.addStretch(1)
        more.addWidget(self.delete_button)
        layout = QVBoxLayout(frame)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.decision)
        layout.addWidget(self.places_label)
        layout.addWidget(self.places, 1)
        layout.addWidget(self.stale)
        layout.addLayout(buttons)
        layout.addLayout(more)
        return frame

    # ------------------------------------------------------------------ content

    def set_items(self, items: Sequence[ReviewItem]) -> None:
        """Show these items (library order), keeping the selection, or the row it was on
        when its item was decided (the next one to decide on)."""
        keep = self._current.annotation.id if self._current else None
        row = self.list.currentIndex().row()
        self._titles = {i.annotation.doc_id: i.record.title for i in items if i.record is not None}
        self.model.set_items(items)
        count = len(items)
        self.summary.setText(
            f"{count} annotation{'s' if count != 1 else ''} need{'s' if count == 1 else ''} "
            "a decision after their documents changed."
            if count
            else EMPTY
        )
        self.list.setVisible(bool(count))
        if keep is not None and self.select_annotation(keep):
            return
        if keep is not None and count:
            self._select_row(min(max(row, 0), count - 1))
        else:
            self._show(None)

    def items(self) -> list[ReviewItem]:
        return self.model.items()

    def current(self) -> ReviewItem | None:
        return self._current

    def select_annotation(self, annotation_id: int) -> bool:
        row = self.model.row_of(annotation_id)
        if row < 0:
            return False
        self._select_row(row)
        return True

    def select_place(self, number: int) -> bool:
        """Select the place ``number`` (1-based) of the current item, as a click would."""
        index = self.places_model.index(number - 1, 0)
        if not index.isValid():
            return False
        self.places.setCurrentIndex(index)
        self._place_clicked(index)
        return True

    def _select_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        self.list.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        self.list.scrollTo(index)
        self._show(self.model.item(index))  # also when the row stayed the current one

    def _annotation_at(self, index: Index) -> Annotation | None:
        item = self.model.item(index)
        return item.annotation if item is not None else None

    def _title_for(self, doc_id: str) -> str | None:
        return self._titles.get(doc_id)

    # ------------------------------------------------------------------ the selected item

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show(self.model.item(current) if current.isValid() else None)

    def _show(self, item: ReviewItem | None) -> None:
        same = (
            item is not None
            and self._current is not None
            and item.annotation.id == self._current.annotation.id
            and item.places == self._current.places
        )
        chosen = self.places.currentIndex().row() if same else -1
        self._current = item
        self.detail.setVisible(item is not None)
        self.places_model.clear()
        if item is None:
            return
        self.decision.setText(item.decision[:1].upper() + item.decision[1:] + ".")
        for place in item.places:
            row = QStandardItem()
            row.setData(place_html(place, self.palette()), _HTML_ROLE)
            row.setData(place.text, Qt.ItemDataRole.DisplayRole)
            self.places_model.appendRow(row)
        has_places = bool(item.places)
        self.places_label.setVisible(has_places)
        self.places.setVisible(has_places)
        self.stale.setVisible(item.stale)
        if chosen >= 0:
            self.places.setCurrentIndex(self.places_model.index(chosen, 0))
        self._update_buttons()

    def _update_buttons(self) -> None:
        item = self._current
        status = AnchorStatus(item.annotation.status) if item else None
        self.confirm_button.setVisible(status is AnchorStatus.FUZZY)
        self.pick_button.setVisible(status is AnchorStatus.AMBIGUOUS)
        self.pick_button.setEnabled(self.places.currentIndex().isValid())

    def _clicked(self, index: QModelIndex) -> None:
        item = self.model.item(index)
        if item is not None:
            self.open_requested.emit(item)

    def _place_clicked(self, index: QModelIndex) -> None:
        item = self._current
        if item is not None and 0 <= index.row() < len(item.places):
            self.preview_requested.emit(item, item.places[index.row()])
        self._update_buttons()

    def _open(self) -> None:
        if self._current is not None:
            self.open_requested.emit(self._current)

    def _pick(self) -> None:
        row = self.places.currentIndex().row()
        if self._current is not None and row >= 0:
            self.pick_requested.emit(self._current.annotation.id, row)

    def _emit_id(self, signal: SignalInstance) -> None:
        if self._current is not None:
            signal.emit(self._current.annotation.id)
