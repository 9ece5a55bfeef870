"""Search hits (documents and annotations) as a list model for the search panel."""

from __future__ import annotations

import html
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

from briefreader.core.models import KIND_ANNOTATION, SearchHit, SearchResults, Snippet
from briefreader.gui import colors
from briefreader.gui.models.roles import role_names

_Index = QModelIndex | QPersistentModelIndex
_USER = Qt.ItemDataRole.UserRole

HitRole = _USER + 1
SnippetHtmlRole = _USER + 2
SourceRole = _USER + 3
DateRole = _USER + 4
TagsRole = _USER + 5
KindRole = _USER + 6
DocIdRole = _USER + 7
AnnotationIdRole = _USER + 8
ColorRole = _USER + 9
OffsetRole = _USER + 10  # canonical offset of the snippet's first mark (where to jump)
PathRole = _USER + 11
SnippetTextRole = _USER + 12

MARK_COLOR = "#f9d65c"


def snippet_html(snippet: Snippet | None, mark_color: str = MARK_COLOR) -> str:
    """The snippet as Qt rich text, with its marks in bold on ``mark_color``."""
    if snippet is None:
        return ""
    text = snippet.text
    parts: list[str] = []
    position = 0
    for start, end in sorted(snippet.marks):
        start, end = max(start, position), min(end, len(text))
        if end <= start:
            continue
        parts.append(html.escape(text[position:start]))
        parts.append(
            f'<span style="background-color:{mark_color}; font-weight:600">'
            f"{html.escape(text[start:end])}</span>"
        )
        position = end
    parts.append(html.escape(text[position:]))
    return "".join(parts).replace("\n", " ")


def jump_offset(hit: SearchHit) -> int:
    """Where the reader should go for a hit: its first mark, else its snippet's start."""
    if hit.snippet is None:
        return 0
    if hit.snippet.marks:
        return hit.snippet.offset + min(start for start, _ in hit.snippet.marks)
    return hit.snippet.offset


class SearchResultsModel(QAbstractListModel):
    """Rows of :class:`SearchHit`; DisplayRole is the title."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._hits: list[SearchHit] = []
        self.total = 0
        self.suggestion: str | None = None
        self.message: str | None = None

    # -- content ---------------------------------------------------------------------------

    def set_hits(self, hits: Iterable[SearchHit]) -> None:
        self.beginResetModel()
        self._hits = list(hits)
        self.total = len(self._hits)
        self.endResetModel()

    def set_results(self, results: SearchResults) -> None:
        self.set_hits(results.hits)
        self.total = results.total
        self.suggestion = results.suggestion
        self.message = results.message

    def append_hits(self, hits: Iterable[SearchHit]) -> None:
        """Add the next page of results."""
        new = list(hits)
        if not new:
            return
        first = len(self._hits)
        self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
        self._hits.extend(new)
        self.endInsertRows()

    def clear(self) -> None:
        self.set_hits([])
        self.suggestion = self.message = None

    def hits(self) -> list[SearchHit]:
        return list(self._hits)

    def hit(self, index: _Index | int) -> SearchHit | None:
        row = index if isinstance(index, int) else index.row() if index.isValid() else -1
        return self._hits[row] if 0 <= row < len(self._hits) else None

    # -- Qt model --------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        hit = self.hit(index) if index.isValid() and index.model() is self else None
        if hit is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return hit.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return hit.path
        if role == Qt.ItemDataRole.DecorationRole:
            annotation = hit.kind == KIND_ANNOTATION and hit.color
            return colors.swatch_icon(hit.color) if annotation and hit.color else None
        return self._role_value(hit, role)

    @staticmethod
    def _role_value(hit: SearchHit, role: int) -> Any:
        values: dict[int, Callable[[], object]] = {
            HitRole: lambda: hit,
            SnippetHtmlRole: lambda: snippet_html(hit.snippet),
            SnippetTextRole: lambda: hit.snippet.text if hit.snippet else "",
            SourceRole: lambda: hit.source or "",
            DateRole: lambda: hit.date or "",
            TagsRole: lambda: list(hit.tags),
            KindRole: lambda: hit.kind,
            DocIdRole: lambda: hit.doc_id,
            AnnotationIdRole: lambda: hit.annotation_id if hit.annotation_id is not None else -1,
            ColorRole: lambda: hit.color or "",
            OffsetRole: lambda: jump_offset(hit),
            PathRole: lambda: hit.path,
        }
        getter = values.get(role)
        return getter() if getter else None

    def roleNames(self) -> dict[int, QByteArray]:
        return role_names(
            super().roleNames(),
            {
                HitRole: b"hit",
                SnippetHtmlRole: b"snippetHtml",
                SnippetTextRole: b"snippetText",
                SourceRole: b"source",
                DateRole: b"date",
                TagsRole: b"tags",
                KindRole: b"kind",
                DocIdRole: b"docId",
                AnnotationIdRole: b"annotationId",
                ColorRole: b"color",
                OffsetRole: b"offset",
                PathRole: b"path",
            },
        )
