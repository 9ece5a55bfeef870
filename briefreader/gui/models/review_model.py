"""The review list as a list model: annotations that wait for a decision, in library order."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from briefreader.core.review import ReviewItem
from briefreader.gui import colors
from briefreader.gui.models.annotations_model import one_line
from briefreader.gui.models.roles import role_names

_Index = QModelIndex | QPersistentModelIndex
_USER = Qt.ItemDataRole.UserRole

ItemRole = _USER + 1  # the ReviewItem
AnnotationIdRole = _USER + 2
DocIdRole = _USER + 3
StatusRole = _USER + 4  # "fuzzy", "ambiguous", "orphaned"
TitleRole = _USER + 5  # the document's title
PlacesRole = _USER + 6  # how many places an ambiguous annotation fits


class ReviewModel(QAbstractListModel):
    """Rows of :class:`ReviewItem`; DisplayRole is the quote on one line."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ReviewItem] = []

    def set_items(self, items: Iterable[ReviewItem]) -> None:
        self.beginResetModel()
        self._rows = list(items)
        self.endResetModel()

    def items(self) -> list[ReviewItem]:
        return list(self._rows)

    def item(self, index: _Index | int) -> ReviewItem | None:
        row = index if isinstance(index, int) else index.row() if index.isValid() else -1
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, annotation_id: int) -> int:
        for row, item in enumerate(self._rows):
            if item.annotation.id == annotation_id:
                return row
        return -1

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        item = self.item(index) if index.isValid() and index.model() is self else None
        if item is None:
            return None
        annotation = item.annotation
        values: dict[int, Callable[[], object]] = {
            Qt.ItemDataRole.DisplayRole: lambda: one_line(annotation.anchor.exact),
            Qt.ItemDataRole.ToolTipRole: lambda: item.decision,
            Qt.ItemDataRole.DecorationRole: lambda: colors.swatch_icon(annotation.color),
            ItemRole: lambda: item,
            AnnotationIdRole: lambda: annotation.id,
            DocIdRole: lambda: annotation.doc_id,
            StatusRole: lambda: str(annotation.status),
            TitleRole: lambda: item.record.title if item.record is not None else "",
            PlacesRole: lambda: len(item.places),
        }
        getter = values.get(role)
        return getter() if getter else None

    def roleNames(self) -> dict[int, QByteArray]:
        return role_names(
            super().roleNames(),
            {
                ItemRole: b"item",
                AnnotationIdRole: b"annotationId",
                DocIdRole: b"docId",
                StatusRole: b"status",
                TitleRole: b"title",
                PlacesRole: b"places",
            },
        )
