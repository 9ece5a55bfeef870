"""The library catalog (DocumentRecords) as a table model, and a filter proxy over it."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QByteArray,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QFont

from briefreader.core.models import DocumentRecord
from briefreader.gui.models.roles import role_names

_Index = QModelIndex | QPersistentModelIndex
_USER = Qt.ItemDataRole.UserRole

RecordRole = _USER + 1
DocIdRole = _USER + 2
PathRole = _USER + 3
TagsRole = _USER + 4
MissingRole = _USER + 5
SortRole = _USER + 6  # a value that sorts well for the column (lower-case text, numbers)
SourceRole = _USER + 7
DateRole = _USER + 8

TITLE, SOURCE, DATE, TAGS, WORDS = range(5)
HEADERS = ("Title", "Source", "Date", "Tags", "Words")


class DocumentsModel(QAbstractTableModel):
    """Rows of :class:`DocumentRecord`; column 0 is the title (enough for a list view)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[DocumentRecord] = []

    # -- content ---------------------------------------------------------------------------

    def set_records(self, records: Iterable[DocumentRecord]) -> None:
        self.beginResetModel()
        self._rows = list(records)
        self.endResetModel()

    def records(self) -> list[DocumentRecord]:
        return list(self._rows)

    def record(self, index: _Index | int) -> DocumentRecord | None:
        row = index if isinstance(index, int) else index.row() if index.isValid() else -1
        if not isinstance(index, int) and index.isValid() and index.model() is not self:
            model = index.model()  # an index of a proxy: map it to this model
            record = model.data(index, RecordRole)
            return record if isinstance(record, DocumentRecord) else None
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, doc_id: str) -> int:
        for row, record in enumerate(self._rows):
            if record.doc_id == doc_id:
                return row
        return -1

    def update_record(self, record: DocumentRecord) -> None:
        """Replace the row with the same doc_id, or append the record."""
        row = self.row_of(record.doc_id)
        if row < 0:
            self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows))
            self._rows.append(record)
            self.endInsertRows()
            return
        self._rows[row] = record
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(HEADERS) - 1))

    def remove_record(self, doc_id: str) -> None:
        row = self.row_of(doc_id)
        if row >= 0:
            self.beginRemoveRows(QModelIndex(), row, row)
            self._rows.pop(row)
            self.endRemoveRows()

    # -- Qt model --------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(HEADERS)
        ):
            return HEADERS[section]
        return super().headerData(section, orientation, role)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.model() is not self:
            return None
        record = self._rows[index.row()] if 0 <= index.row() < len(self._rows) else None
        if record is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(record, column)
        if role == SortRole:
            return _sort_value(record, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == WORDS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return record_data(record, role)

    def roleNames(self) -> dict[int, QByteArray]:
        return role_names(super().roleNames(), RECORD_ROLE_NAMES)


# The roles every model of records answers (this one and the library pane's works).
RECORD_ROLE_NAMES: dict[int, bytes] = {
    RecordRole: b"record",
    DocIdRole: b"docId",
    PathRole: b"path",
    TagsRole: b"tags",
    MissingRole: b"missing",
    SourceRole: b"source",
    DateRole: b"date",
}


def record_data(record: DocumentRecord, role: int) -> Any:
    """A record's value for one of RECORD_ROLE_NAMES' roles, its tool tip and font."""
    if role == Qt.ItemDataRole.ToolTipRole:
        return record.path + ("\n(missing from disk)" if record.missing else "")
    if role == Qt.ItemDataRole.FontRole:
        if not record.missing:
            return None
        font = QFont()
        font.setItalic(True)
        return font
    values: dict[int, Callable[[], object]] = {
        RecordRole: lambda: record,
        DocIdRole: lambda: record.doc_id,
        PathRole: lambda: record.path,
        TagsRole: lambda: list(record.tags),
        MissingRole: lambda: record.missing,
        SourceRole: lambda: record.source or "",
        DateRole: lambda: record.date or "",
    }
    getter = values.get(role)
    return getter() if getter else None


class DocumentsFilterProxy(QSortFilterProxyModel):
    """Filters on title, source, author and tags (every word must match), a tag, missing."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._words: tuple[str, ...] = ()
        self._tag: str | None = None
        self._show_missing = True
        self.setSortRole(SortRole)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def set_filter_text(self, text: str) -> None:
        with self._filter_change():
            self._words = tuple(text.casefold().split())

    def set_tag(self, tag: str | None) -> None:
        with self._filter_change():
            self._tag = tag.casefold() if tag else None

    def set_show_missing(self, show: bool) -> None:
        with self._filter_change():
            self._show_missing = show

    @contextmanager
    def _filter_change(self) -> Iterator[None]:
        if hasattr(self, "beginFilterChange"):  # Qt 6.9+
            self.beginFilterChange()
            yield
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - older Qt
            yield
            self.invalidateRowsFilter()

    def record(self, index: _Index) -> DocumentRecord | None:
        value = index.data(RecordRole) if index.isValid() else None
        return value if isinstance(value, DocumentRecord) else None

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        model = self.sourceModel()
        if model is None:
            return False
        record = model.index(source_row, 0, source_parent).data(RecordRole)
        if not isinstance(record, DocumentRecord):
            return False
        if record.missing and not self._show_missing:
            return False
        tags = [t.casefold() for t in record.tags]
        if self._tag is not None and self._tag not in tags:
            return False
        if not self._words:
            return True
        fields = [record.title, record.source or "", record.author or "", *tags]
        haystack = " ".join(fields + [f"#{t}" for t in tags]).casefold()
        return all(word in haystack for word in self._words)


def _display(record: DocumentRecord, column: int) -> str:
    if column == TITLE:
        return record.title or record.path.rsplit("/", 1)[-1]
    if column == SOURCE:
        return record.source or ""
    if column == DATE:
        return record.date or ""
    if column == TAGS:
        return ", ".join(record.tags)
    if column == WORDS:
        return f"{record.word_count:,}"
    return ""


def _sort_value(record: DocumentRecord, column: int) -> Any:
    if column == WORDS:
        return record.word_count
    return _display(record, column).casefold()
