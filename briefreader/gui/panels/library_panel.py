"""The library pane: documents by tag, source and recent reading, saved searches, a filter box.

Files and folders dropped here are offered to the window (``add_paths_requested``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QFont,
    QFontMetrics,
    QPainter,
    QPalette,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from briefreader.core.models import DocumentRecord
from briefreader.gui.drops import local_paths
from briefreader.gui.models.documents_model import DocumentsModel, RecordRole
from briefreader.gui.tree_items import tree_items

KEY_ROLE = Qt.ItemDataRole.UserRole + 1
RECENT_LIMIT = 20

ALL = ("all", "")
RECENT = ("recent", "")


class LibraryPanel(QWidget):
    """Sections on top (all, recent, tags, sources, saved searches), the documents below."""

    open_requested = Signal(str)  # doc_id
    add_paths_requested = Signal(list)  # list[Path]
    saved_search_requested = Signal(str)  # query
    delete_saved_search_requested = Signal(str)  # name
    tag_document_requested = Signal(str)  # doc_id
    note_document_requested = Signal(str)  # doc_id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self._records: list[DocumentRecord] = []
        self._section: tuple[str, str] = ALL

        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("libraryFilter")
        self.filter_edit.setPlaceholderText("Filter documents")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self._refilter)

        self.sections = QTreeWidget(self)
        self.sections.setObjectName("librarySections")
        self.sections.setHeaderHidden(True)
        self.sections.setUniformRowHeights(True)
        self.sections.currentItemChanged.connect(self._section_changed)
        self.sections.itemActivated.connect(self._section_activated)
        self.sections.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.sections.customContextMenuRequested.connect(self._sections_menu)

        self.model = DocumentsModel(self)
        self.list = QListView(self)
        self.list.setObjectName("documentList")
        self.list.setModel(self.model)
        self.list.setUniformItemSizes(True)
        self.list.setItemDelegate(DocumentDelegate(self.list))
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.activated.connect(self._open_index)
        self.list.clicked.connect(self._open_index)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._documents_menu)

        self.count_label = QLabel(self)
        self.count_label.setObjectName("documentCount")

        split = QSplitter(Qt.Orientation.Vertical, self)
        split.setObjectName("librarySplit")
        split.setChildrenCollapsible(False)
        split.addWidget(self.sections)
        lower = QWidget(split)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.setSpacing(2)
        lower_layout.addWidget(self.count_label)
        lower_layout.addWidget(self.list)
        split.addWidget(lower)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        self.splitter = split

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(6)
        layout.addWidget(self.filter_edit)
        layout.addWidget(split)
        self._update_count()

    # ------------------------------------------------------------------ content

    def set_content(
        self,
        records: Sequence[DocumentRecord],
        saved_searches: Sequence[tuple[str, str]] = (),
    ) -> None:
        """Show these documents and saved searches, keeping the chosen section when it exists."""
        self._records = list(records)
        self._build_sections(saved_searches)
        self._refilter()

    def records(self) -> list[DocumentRecord]:
        return list(self._records)

    def visible_records(self) -> list[DocumentRecord]:
        rows = (self.model.record(self.model.index(r, 0)) for r in range(self.model.rowCount()))
        return [record for record in rows if record is not None]

    def select_section(self, kind: str, value: str = "") -> bool:
        found = self._find_section(kind, value)
        if found is not None:
            self.sections.setCurrentItem(found)
            return True
        return False

    def select_document(self, doc_id: str) -> None:
        row = self.model.row_of(doc_id)
        if row >= 0:
            self.list.setCurrentIndex(self.model.index(row, 0))
        else:
            self.list.clearSelection()

    # ------------------------------------------------------------------ sections

    def _build_sections(self, saved_searches: Sequence[tuple[str, str]]) -> None:
        current = self._section
        self.sections.blockSignals(True)
        self.sections.clear()
        recent = sum(1 for r in self._records if r.last_opened)
        self._item(None, f"All documents  ({len(self._records)})", ALL)
        self._item(None, f"Recently read  ({min(recent, RECENT_LIMIT)})", RECENT)
        tags = Counter(t for r in self._records for t in r.tags)
        self._group("Tags", "tag", sorted(tags.items(), key=lambda kv: kv[0].lower()))
        sources = Counter(r.source for r in self._records if r.source)
        self._group("Sources", "source", sorted(sources.items(), key=lambda kv: kv[0].lower()))
        if saved_searches:
            group = self._item(None, "Saved searches", ("group", "saved"))
            for name, query in saved_searches:
                item = self._item(group, name, ("saved", query))
                item.setToolTip(0, f"{name}: {query}")
                item.setData(0, KEY_ROLE + 1, name)
            group.setExpanded(True)
        found = self._find_section(*current) or self.sections.topLevelItem(0)
        self._section = found.data(0, KEY_ROLE) if found else ALL
        if self._section[0] == "saved":
            self._section = ALL
            found = self.sections.topLevelItem(0)
        if found is not None:
            self.sections.setCurrentItem(found)
        self.sections.blockSignals(False)

    def _group(self, title: str, kind: str, values: list[tuple[str, int]]) -> None:
        if not values:
            return
        group = self._item(None, title, ("group", kind))
        for value, count in values:
            self._item(group, f"{value}  ({count})", (kind, value))
        group.setExpanded(len(values) <= 12)

    def _item(
        self, parent: QTreeWidgetItem | None, text: str, key: tuple[str, str]
    ) -> QTreeWidgetItem:
        item = QTreeWidgetItem(parent or self.sections, [text])
        item.setData(0, KEY_ROLE, key)
        if key[0] == "group":
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            font = item.font(0)
            font.setBold(True)
            item.setFont(0, font)
        return item

    def _find_section(self, kind: str, value: str) -> QTreeWidgetItem | None:
        for item in tree_items(self.sections):
            if tuple(item.data(0, KEY_ROLE) or ()) == (kind, value):
                return item
        return None

    def _section_changed(self, item: QTreeWidgetItem | None, _previous: object = None) -> None:
        if item is None:
            return
        key = tuple(item.data(0, KEY_ROLE) or ALL)
        if key[0] == "group":
            return
        if key[0] == "saved":
            self.saved_search_requested.emit(key[1])
            return
        self._section = key
        self._refilter()

    def _section_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        key = tuple(item.data(0, KEY_ROLE) or ALL)
        if key[0] == "saved":
            self.saved_search_requested.emit(key[1])

    def _sections_menu(self, point: QPoint) -> None:
        item = self.sections.itemAt(point)
        if item is None or next(iter(item.data(0, KEY_ROLE) or ())) != "saved":
            return
        name = item.data(0, KEY_ROLE + 1)
        menu = QMenu(self)
        menu.addAction("Run search", lambda: self._section_activated(item, 0))
        menu.addAction(
            f"Delete saved search “{name}”",
            lambda: self.delete_saved_search_requested.emit(name),
        )
        menu.exec(self.sections.viewport().mapToGlobal(point))

    # ------------------------------------------------------------------ documents

    def _refilter(self) -> None:
        kind, value = self._section
        records = self._records
        if kind == "recent":
            records = sorted(
                (r for r in records if r.last_opened),
                key=lambda r: r.last_opened or "",
                reverse=True,
            )[:RECENT_LIMIT]
        elif kind == "tag":
            records = [r for r in records if value in r.tags]
        elif kind == "source":
            records = [r for r in records if r.source == value]
        else:
            records = sorted(records, key=lambda r: (r.title or r.path).lower())
        words = self.filter_edit.text().lower().split()
        if words:
            records = [r for r in records if all(w in _haystack(r) for w in words)]
        self.model.set_records(records)
        self._update_count()

    def _update_count(self) -> None:
        shown = self.model.rowCount()
        total = len(self._records)
        noun = "document" if total == 1 else "documents"
        text = f"{total} {noun}" if shown == total else f"{shown} of {total} {noun}"
        self.count_label.setText(text)

    def _open_index(self, index: QModelIndex) -> None:
        record = self.model.record(index)
        if record is not None:
            self.open_requested.emit(record.doc_id)

    def _documents_menu(self, point: QPoint) -> None:
        record = self.model.record(self.list.indexAt(point))
        if record is None:
            return
        menu = QMenu(self)
        menu.addAction("Open", lambda: self.open_requested.emit(record.doc_id))
        menu.addAction("Tag document…", lambda: self.tag_document_requested.emit(record.doc_id))
        menu.addAction(
            "Note on document…", lambda: self.note_document_requested.emit(record.doc_id)
        )
        menu.exec(self.list.viewport().mapToGlobal(point))

    # ------------------------------------------------------------------ drag and drop

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if local_paths(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if local_paths(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = local_paths(event.mimeData())
        if paths:
            event.acceptProposedAction()
            self.add_paths_requested.emit(paths)


class DocumentDelegate(QStyledItemDelegate):
    """Two lines per document: the title, then source · date · format (muted)."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        record = index.data(RecordRole)
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        if not isinstance(record, DocumentRecord):
            return
        # the stylesheets keep the text colour on a (subtle) selection background
        text_color = opt.palette.color(QPalette.ColorRole.Text)
        muted = QColor(text_color)
        muted.setAlphaF(0.62)
        rect = opt.rect.adjusted(8, 4, -8, -4)
        line = QFontMetrics(opt.font).height()
        painter.save()
        title_font = QFont(opt.font)
        if record.missing:
            title_font.setItalic(True)
        painter.setFont(title_font)
        painter.setPen(text_color)
        title = record.title or Path(record.path).name
        elided = QFontMetrics(title_font).elidedText(
            title, Qt.TextElideMode.ElideRight, rect.width()
        )
        painter.drawText(rect.x(), rect.y() + QFontMetrics(title_font).ascent(), elided)
        small = QFont(opt.font)
        small.setPointSizeF(max(7.0, opt.font.pointSizeF() * 0.86))
        painter.setFont(small)
        painter.setPen(muted)
        meta = _meta(record)
        elided = QFontMetrics(small).elidedText(meta, Qt.TextElideMode.ElideRight, rect.width())
        painter.drawText(rect.x(), rect.y() + line + QFontMetrics(small).ascent() + 1, elided)
        painter.restore()

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        line = QFontMetrics(option.font).height()
        return QSize(200, 2 * line + 10)


def _meta(record: DocumentRecord) -> str:
    bits = [b for b in (record.date, record.source) if b]
    if record.missing:
        bits.append("missing from disk")
    return "  ·  ".join(bits) or Path(record.path).name


def _haystack(record: DocumentRecord) -> str:
    parts = [record.title, record.path, record.source or "", record.date or "", *record.tags]
    return " ".join(parts).lower()
