"""Annotations (highlights with notes and tags) as a list model, with colour meanings."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from briefreader.core.models import AnchorStatus, Annotation
from briefreader.gui import colors
from briefreader.gui.models.roles import role_names

_Index = QModelIndex | QPersistentModelIndex
_USER = Qt.ItemDataRole.UserRole

AnnotationRole = _USER + 1
IdRole = _USER + 2
DocIdRole = _USER + 3
ColorRole = _USER + 4  # the colour name ("yellow")
ColorMeaningRole = _USER + 5  # what the user said the colour means ("evidence"), or ""
QuoteRole = _USER + 6
NoteRole = _USER + 7
TagsRole = _USER + 8
StatusRole = _USER + 9  # "anchored", "moved", "fuzzy", "orphaned"
StartRole = _USER + 10
EndRole = _USER + 11

DISPLAY_CHARS = 160


def one_line(text: str, limit: int = DISPLAY_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class AnnotationsModel(QAbstractListModel):
    """Rows of :class:`Annotation` in the order given (the Library's reading order)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Annotation] = []
        self._meanings: dict[str, str] = {}

    # -- content ---------------------------------------------------------------------------

    def set_annotations(self, annotations: Iterable[Annotation]) -> None:
        self.beginResetModel()
        self._rows = list(annotations)
        self.endResetModel()

    def annotations(self) -> list[Annotation]:
        return list(self._rows)

    def annotation(self, index: _Index | int) -> Annotation | None:
        row = index if isinstance(index, int) else index.row() if index.isValid() else -1
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, annotation_id: int) -> int:
        for row, annotation in enumerate(self._rows):
            if annotation.id == annotation_id:
                return row
        return -1

    def set_color_meanings(self, meanings: Mapping[str, str]) -> None:
        self._meanings = dict(meanings)
        if self._rows:
            self.dataChanged.emit(self.index(0), self.index(len(self._rows) - 1))

    def color_meaning(self, color: str) -> str:
        return self._meanings.get(color, "")

    def update_annotation(self, annotation: Annotation) -> None:
        """Replace the row with the same id, or add the annotation in reading order."""
        row = self.row_of(annotation.id)
        if row < 0:
            self.add_annotation(annotation)
            return
        self._rows[row] = annotation
        self.dataChanged.emit(self.index(row), self.index(row))

    def add_annotation(self, annotation: Annotation) -> None:
        row = len(self._rows)
        same_doc = [i for i, a in enumerate(self._rows) if a.doc_id == annotation.doc_id]
        for i in same_doc:
            if _reading_key(self._rows[i]) > _reading_key(annotation):
                row = i
                break
        else:
            if same_doc:
                row = same_doc[-1] + 1
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.insert(row, annotation)
        self.endInsertRows()

    def remove_annotation(self, annotation_id: int) -> Annotation | None:
        row = self.row_of(annotation_id)
        if row < 0:
            return None
        self.beginRemoveRows(QModelIndex(), row, row)
        removed = self._rows.pop(row)
        self.endRemoveRows()
        return removed

    # -- Qt model --------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        annotation = self.annotation(index) if index.isValid() and index.model() is self else None
        if annotation is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return one_line(annotation.anchor.exact)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(annotation)
        if role == Qt.ItemDataRole.DecorationRole:
            return colors.swatch_icon(annotation.color)
        values: dict[int, Callable[[], object]] = {
            AnnotationRole: lambda: annotation,
            IdRole: lambda: annotation.id,
            DocIdRole: lambda: annotation.doc_id,
            ColorRole: lambda: annotation.color,
            ColorMeaningRole: lambda: self.color_meaning(annotation.color),
            QuoteRole: lambda: annotation.anchor.exact,
            NoteRole: lambda: annotation.note,
            TagsRole: lambda: list(annotation.tags),
            StatusRole: lambda: str(annotation.status),
            StartRole: lambda: annotation.anchor.start,
            EndRole: lambda: annotation.anchor.end,
        }
        getter = values.get(role)
        return getter() if getter else None

    def _tooltip(self, annotation: Annotation) -> str:
        lines = []
        meaning = self.color_meaning(annotation.color)
        lines.append(f"{annotation.color.capitalize()}" + (f": {meaning}" if meaning else ""))
        if annotation.note:
            lines.append(one_line(annotation.note, 300))
        if annotation.tags:
            lines.append(" ".join(f"#{tag}" for tag in annotation.tags))
        if annotation.status != AnchorStatus.ANCHORED:
            lines.append(f"Status: {annotation.status}")
        return "\n".join(lines)

    def roleNames(self) -> dict[int, QByteArray]:
        return role_names(
            super().roleNames(),
            {
                AnnotationRole: b"annotation",
                IdRole: b"annotationId",
                DocIdRole: b"docId",
                ColorRole: b"color",
                ColorMeaningRole: b"colorMeaning",
                QuoteRole: b"quote",
                NoteRole: b"note",
                TagsRole: b"tags",
                StatusRole: b"status",
                StartRole: b"start",
                EndRole: b"end",
            },
        )


def _reading_key(annotation: Annotation) -> tuple[int, int, int]:
    return annotation.anchor.start, annotation.anchor.end, annotation.id
