"""The library pane's documents as a tree: one row per work (its preferred member), the
work's members (formats, versions) below it; or, for a reading list, its documents in the
list's order, which a drag reorders.

A work is grouped from the records the pane shows (``core.works``: the same report number
or the same text), so a work of two formats is one row that opens its preferred member.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from briefreader.core import works
from briefreader.core.models import FORMAT_MARKDOWN, DocumentRecord
from briefreader.gui.labels import member_name
from briefreader.gui.models.documents_model import RECORD_ROLE_NAMES, record_data
from briefreader.gui.models.roles import role_names

_Index = QModelIndex | QPersistentModelIndex
_USER = Qt.ItemDataRole.UserRole

MembersRole = _USER + 20  # a work row: its records, preferred first
BadgeRole = _USER + 21  # a work row of several members: "MD · PDF · v2"
MemberRole = _USER + 22  # True on a member row (below its work)
PositionRole = _USER + 23  # a reading list's row: its 1-based place in the list; else 0
StatusRole = _USER + 24  # the reading status a row shows: a work's is its members' first

DOC_IDS_MIME = "application/x-briefreader-doc-ids"
_TOP = 0  # internal id of a work row; a member row holds its work's row + 1
_SHORT = {"markdown": "MD", "pdf": "PDF", "html": "HTML", "text": "TXT"}
_ROW = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_ROW_FLAGS = {False: _ROW, True: _ROW | Qt.ItemFlag.ItemIsDragEnabled}  # by reorderable
_ROOT_FLAGS = {False: Qt.ItemFlag.NoItemFlags, True: Qt.ItemFlag.ItemIsDropEnabled}


def group_records(
    records: Iterable[DocumentRecord], prefer_format: str
) -> list[tuple[DocumentRecord, ...]]:
    """The records grouped by work, in the order each work first appears; each work's
    records best first (``core.works.ordered_members``: present, newest, preferred format)."""
    grouped: dict[str, list[DocumentRecord]] = {}
    for record in records:
        grouped.setdefault(record.work_id or works.alone(record.doc_id), []).append(record)
    result = []
    for group in grouped.values():
        by_id = {r.doc_id: r for r in group}
        ordered = works.ordered_members(map(works.member, group), prefer_format)
        result.append(tuple(by_id[m.doc_id] for m in ordered))
    return result


def work_badge(members: Sequence[DocumentRecord]) -> str:
    """ "MD · PDF · v2" for a work of several members; "" for a document alone."""
    if len(members) < 2:
        return ""
    formats = dict.fromkeys(_SHORT.get(r.format, r.format.upper()) for r in members)
    numbers = sorted({works.version_number(r.version) for r in members if r.version})
    versions = [f"v{n}" for n in numbers]
    if len(versions) > 2:
        versions = [f"v{numbers[0]}–v{numbers[-1]}"]
    return " · ".join([*formats, *versions])


def member_label(record: DocumentRecord) -> str:
    """ "PDF v2", "Markdown v1": how a member row names its document."""
    return member_name(record.format, record.version)


def work_status(members: Sequence[DocumentRecord]) -> str:
    """The reading status a work shows: its preferred member's, else another member's."""
    return next((r.reading_status for r in members if r.reading_status), "")


class LibraryModel(QAbstractItemModel):
    """Works (or a reading list's documents) in one column; ``record(index)`` is the
    document a row opens."""

    # a reading list's document dropped at a new place: doc_id, its new 0-based position
    move_requested = Signal(str, int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._works: list[tuple[DocumentRecord, ...]] = []
        self._reorderable = False

    # -- content ---------------------------------------------------------------------------

    def set_records(
        self,
        records: Iterable[DocumentRecord],
        *,
        prefer_format: str = FORMAT_MARKDOWN,
        group: bool = True,
        reorderable: bool = False,
    ) -> None:
        """Show the records, grouped into works (``group``) or one row each, in order;
        ``reorderable`` (a reading list) lets a drag move a row."""
        self.beginResetModel()
        if group:
            self._works = group_records(records, prefer_format)
        else:
            self._works = [(record,) for record in records]
        self._reorderable = reorderable and not group
        self.endResetModel()

    def records(self) -> list[DocumentRecord]:
        """Every document shown, each work's members in order."""
        return [record for members in self._works for record in members]

    def members(self, row: int) -> tuple[DocumentRecord, ...]:
        return self._works[row] if 0 <= row < len(self._works) else ()

    def record(self, index: _Index) -> DocumentRecord | None:
        """The document a row opens: a work's preferred member, or the member itself."""
        if not index.isValid() or index.model() is not self:
            return None
        work = index.internalId() - 1 if index.internalId() != _TOP else index.row()
        members = self.members(work)
        row = index.row() if index.internalId() != _TOP else 0
        return members[row] if 0 <= row < len(members) else None

    def row_of(self, doc_id: str) -> int:
        """The row of the work that holds ``doc_id``, or -1."""
        for row, members in enumerate(self._works):
            if any(r.doc_id == doc_id for r in members):
                return row
        return -1

    def index_of(self, doc_id: str) -> QModelIndex:
        """The row that opens ``doc_id``: its work's row, or the member's row below it."""
        row = self.row_of(doc_id)
        if row < 0:
            return QModelIndex()
        work = self.index(row, 0)
        members = self._works[row]
        if members[0].doc_id == doc_id:
            return work
        found = next(i for i, r in enumerate(members) if r.doc_id == doc_id)
        return self.index(found, 0, work)

    # -- Qt model --------------------------------------------------------------------------

    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column != 0 or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, 0, _TOP) if row < len(self._works) else QModelIndex()
        if parent.internalId() != _TOP or row >= self.rowCount(parent):
            return QModelIndex()
        return self.createIndex(row, 0, parent.row() + 1)

    def parent(self, index: _Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or index.internalId() == _TOP:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, _TOP)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        if not parent.isValid():
            return len(self._works)
        if parent.column() != 0 or parent.internalId() != _TOP:
            return 0
        members = self.members(parent.row())
        return len(members) if len(members) > 1 else 0

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 1

    def flags(self, index: _Index) -> Qt.ItemFlag:
        # asked of every row at each layout: the values are made once (enum arithmetic is slow)
        if not index.isValid():
            return _ROOT_FLAGS[self._reorderable]
        return _ROW_FLAGS[self._reorderable]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        record = self.record(index)
        if record is None:
            return None
        member = index.internalId() != _TOP
        if role == Qt.ItemDataRole.DisplayRole:
            return member_label(record) if member else record.title or _name(record.path)
        if role == MemberRole:
            return member
        if role == MembersRole:
            return None if member else list(self.members(index.row()))
        if role == BadgeRole:
            return "" if member else work_badge(self.members(index.row()))
        if role == PositionRole:
            return index.row() + 1 if self._reorderable and not member else 0
        if role == StatusRole:
            return record.reading_status or "" if member else work_status(self.members(index.row()))
        return record_data(record, role)

    def roleNames(self) -> dict[int, QByteArray]:
        return role_names(
            super().roleNames(),
            {
                **RECORD_ROLE_NAMES,
                MemberRole: b"member",
                MembersRole: b"members",
                BadgeRole: b"badge",
                PositionRole: b"position",
                StatusRole: b"readingStatus",
            },
        )

    # -- dragging a reading list's documents into a new order -------------------------------

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [DOC_IDS_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        mime = QMimeData()
        doc_ids = [r.doc_id for r in map(self.record, indexes) if r is not None]
        mime.setData(DOC_IDS_MIME, QByteArray("\n".join(doc_ids).encode()))
        return mime

    def canDropMimeData(
        self,
        data: QMimeData,
        action: Qt.DropAction,
        row: int,
        column: int,
        parent: _Index,
    ) -> bool:
        return self._reorderable and data.hasFormat(DOC_IDS_MIME) and not parent.isValid()

    def dropMimeData(
        self,
        data: QMimeData,
        action: Qt.DropAction,
        row: int,
        column: int,
        parent: _Index,
    ) -> bool:
        """A row dropped before ``row`` (at the end when -1): ask for the move; the list
        is shown again once the Library has it (the rows are never moved here)."""
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        raw = data.data(DOC_IDS_MIME).data()
        doc_ids = bytes(raw).decode().split("\n") if raw else []
        if len(doc_ids) != 1 or self.row_of(doc_ids[0]) < 0:
            return False
        source = self.row_of(doc_ids[0])
        before = len(self._works) if row < 0 else row
        position = before - 1 if before > source else before
        if position != source:
            self.move_requested.emit(doc_ids[0], position)
        return True


def _name(path: str) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1]
