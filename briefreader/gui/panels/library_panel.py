"""The library pane: documents by tag, source, reading list, reading status and recent
reading, saved searches, a filter box.

The documents show one row per work (its formats and versions below it); a reading list
shows its documents in the list's order, which a drag (or Move Up/Down) changes. Files and
folders dropped here are offered to the window (``add_paths_requested``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTreeView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from briefreader.core.models import FORMAT_MARKDOWN, READING_STATUSES, Collection, DocumentRecord
from briefreader.gui.drops import local_paths
from briefreader.gui.labels import status_label
from briefreader.gui.models.library_model import LibraryModel
from briefreader.gui.panels import library_menus
from briefreader.gui.panels.document_delegate import DocumentDelegate
from briefreader.gui.panels.library_menus import KEY_ROLE, NAME_ROLE
from briefreader.gui.tree_items import tree_items

RECENT_LIMIT = 20

ALL = ("all", "")
RECENT = ("recent", "")
NEW_LIST = ("new-list", "")
FLAT_SECTIONS = ("recent", "list")  # these show each document on its own row


class LibraryPanel(QWidget):
    """Sections on top (all, recent, reading lists, tags, sources, saved searches), the
    documents below."""

    open_requested = Signal(str)  # doc_id
    add_paths_requested = Signal(list)  # list[Path]
    saved_search_requested = Signal(str)  # query
    delete_saved_search_requested = Signal(str)  # name
    tag_document_requested = Signal(str)  # doc_id
    note_document_requested = Signal(str)  # doc_id
    info_requested = Signal(str)  # doc_id: the Info dialog (title, date, source, ...)
    cite_requested = Signal(str)  # doc_id: copy its citation
    status_requested = Signal(str, str)  # doc_id, a reading status ("" clears it)
    add_to_list_requested = Signal(str, list)  # list name, doc_ids
    new_list_requested = Signal(list)  # doc_ids to put in the new list (maybe none)
    remove_from_list_requested = Signal(str, list)  # list name, doc_ids
    move_in_list_requested = Signal(str, str, int)  # list name, doc_id, 0-based position
    rename_list_requested = Signal(str)  # list name
    delete_list_requested = Signal(str)  # list name
    export_list_requested = Signal(str)  # list name

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self._records: list[DocumentRecord] = []
        self._saved_searches: list[tuple[str, str]] = []
        self._collections: list[Collection] = []
        self._prefer_format = FORMAT_MARKDOWN
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

        self.model = LibraryModel(self)
        self.model.move_requested.connect(self._dropped_in_list)
        self.list = QTreeView(self)
        self.list.setObjectName("documentList")
        self.list.setModel(self.model)
        self.list.setHeaderHidden(True)
        self.list.setIndentation(14)
        self.list.setUniformRowHeights(True)
        self.list.setExpandsOnDoubleClick(False)
        self.list.setItemDelegate(DocumentDelegate(self.list))
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setDropIndicatorShown(True)
        self.list.setDefaultDropAction(Qt.DropAction.MoveAction)
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
        collections: Sequence[Collection] | None = None,
        prefer_format: str | None = None,
    ) -> None:
        """Show these documents, saved searches and reading lists (None keeps the lists
        shown), keeping the chosen section when it exists."""
        self._records = list(records)
        self._saved_searches = list(saved_searches)
        if collections is not None:
            self._collections = list(collections)
        if prefer_format is not None:
            self._prefer_format = prefer_format
        self._build_sections(saved_searches)
        self._refilter()

    def update_records(
        self, records: Sequence[DocumentRecord], collections: Sequence[Collection] | None = None
    ) -> None:
        """Show these documents as they now are (and the reading lists, when given),
        without reading the whole catalog again."""
        fresh = {r.doc_id: r for r in records}
        self.set_content(
            [fresh.get(r.doc_id, r) for r in self._records], self._saved_searches, collections
        )

    def records(self) -> list[DocumentRecord]:
        return list(self._records)

    def collections(self) -> list[Collection]:
        return list(self._collections)

    def widget(self) -> QWidget:
        """The pane as a widget (what its menus are parented to)."""
        return self

    def visible_records(self) -> list[DocumentRecord]:
        """The documents the list shows, each work's members in order."""
        return self.model.records()

    def current_list(self) -> str | None:
        """The reading list shown, if one is."""
        kind, value = self._section
        return value if kind == "list" else None

    def select_section(self, kind: str, value: str = "") -> bool:
        found = self._find_section(kind, value)
        if found is not None:
            self.sections.setCurrentItem(found)
            return True
        return False

    def select_document(self, doc_id: str) -> None:
        index = self.model.index_of(doc_id)
        if not index.isValid():
            self.list.clearSelection()
            return
        if index.parent().isValid():
            self.list.expand(index.parent())
        self.list.setCurrentIndex(index)

    # ------------------------------------------------------------------ sections

    def _build_sections(self, saved_searches: Sequence[tuple[str, str]]) -> None:
        current = self._section
        self.sections.blockSignals(True)
        self.sections.clear()
        recent = sum(1 for r in self._records if r.last_opened)
        self._item(None, f"All documents  ({len(self._records)})", ALL)
        self._item(None, f"Recently read  ({min(recent, RECENT_LIMIT)})", RECENT)
        self._build_lists()
        tags = Counter(t for r in self._records for t in r.tags)
        self._group("Tags", "tag", sorted(tags.items(), key=lambda kv: kv[0].lower()))
        statuses = Counter(r.reading_status for r in self._records if r.reading_status)
        ordered = [(s, statuses[s]) for s in READING_STATUSES if statuses[s]]
        self._group("Reading status", "status", ordered, labels=status_label)
        sources = Counter(r.source for r in self._records if r.source)
        self._group("Sources", "source", sorted(sources.items(), key=lambda kv: kv[0].lower()))
        if saved_searches:
            group = self._item(None, "Saved searches", ("group", "saved"))
            for name, query in saved_searches:
                item = self._item(group, name, ("saved", query))
                item.setToolTip(0, f"{name}: {query}")
                item.setData(0, NAME_ROLE, name)
            group.setExpanded(True)
        found = self._find_section(*current) or self.sections.topLevelItem(0)
        self._section = found.data(0, KEY_ROLE) if found else ALL
        if self._section[0] in ("saved", "new-list"):
            self._section = ALL
            found = self.sections.topLevelItem(0)
        if found is not None:
            self.sections.setCurrentItem(found)
        self.sections.blockSignals(False)

    def _build_lists(self) -> None:
        """The reading lists, each with its count; "New reading list…" when there is none."""
        group = self._item(None, "Reading lists", ("group", "lists"))
        group.setToolTip(0, "Right-click for a new reading list")
        known = {r.doc_id for r in self._records}
        for collection in self._collections:
            count = sum(1 for doc_id in collection.doc_ids if doc_id in known)
            self._item(group, f"{collection.name}  ({count})", ("list", collection.name))
        if not self._collections:
            item = self._item(group, "New reading list…", NEW_LIST)
            item.setToolTip(0, "A named, ordered list of documents to read or brief")
        group.setExpanded(True)

    def _group(
        self,
        title: str,
        kind: str,
        values: list[tuple[str, int]],
        labels: Callable[[str], str] = str,
    ) -> None:
        if not values:
            return
        group = self._item(None, title, ("group", kind))
        for value, count in values:
            self._item(group, f"{labels(value)}  ({count})", (kind, value))
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
        if key == NEW_LIST:
            self.new_list_requested.emit([])
            return
        self._section = key
        self._refilter()

    def _section_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        key = tuple(item.data(0, KEY_ROLE) or ALL)
        if key[0] == "saved":
            self.saved_search_requested.emit(key[1])

    def _sections_menu(self, point: QPoint) -> None:
        item = self.sections.itemAt(point)
        if item is None:
            return
        menu = library_menus.section_menu(self, item, tuple(item.data(0, KEY_ROLE) or ()))
        if menu is not None:
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
        elif kind == "list":
            records = self._list_records(value)
        elif kind == "tag":
            records = [r for r in records if value in r.tags]
        elif kind == "source":
            records = [r for r in records if r.source == value]
        elif kind == "status":
            records = [r for r in records if r.reading_status == value]
        else:
            records = sorted(records, key=lambda r: (r.title or r.path).lower())
        words = self.filter_edit.text().lower().split()
        if words:
            records = [r for r in records if all(w in _haystack(r) for w in words)]
        expanded = self._expanded_works()
        reorderable = kind == "list" and not words
        self.model.set_records(
            records,
            prefer_format=self._prefer_format,
            group=kind not in FLAT_SECTIONS,
            reorderable=reorderable,
        )
        self.list.setDragDropMode(
            QAbstractItemView.DragDropMode.InternalMove
            if reorderable
            else QAbstractItemView.DragDropMode.NoDragDrop
        )
        self.list.setRootIsDecorated(kind not in FLAT_SECTIONS)
        self._expand_works(expanded)
        self._update_count()

    def _list_records(self, name: str) -> list[DocumentRecord]:
        """The list's documents in its order."""
        found = next((c for c in self._collections if c.name == name), None)
        by_id = {r.doc_id: r for r in self._records}
        doc_ids = found.doc_ids if found is not None else ()
        return [by_id[doc_id] for doc_id in doc_ids if doc_id in by_id]

    def _expanded_works(self) -> set[str]:
        rows = range(self.model.rowCount())
        expanded = (self.model.index(row, 0) for row in rows)
        return {
            self.model.members(index.row())[0].work_id
            for index in expanded
            if self.list.isExpanded(index)
        }

    def _expand_works(self, work_ids: set[str]) -> None:
        if not work_ids:
            return
        for row in range(self.model.rowCount()):
            members = self.model.members(row)
            if len(members) > 1 and members[0].work_id in work_ids:
                self.list.expand(self.model.index(row, 0))

    def _update_count(self) -> None:
        shown = len(self.model.records())
        total = len(self._records)
        noun = "document" if total == 1 else "documents"
        text = f"{total} {noun}" if shown == total else f"{shown} of {total} {noun}"
        works = self.model.rowCount()
        if works < shown and self._section[0] not in FLAT_SECTIONS:
            text += f" in {works} {'work' if works == 1 else 'works'}"
        self.count_label.setText(text)

    def _open_index(self, index: QModelIndex | QPersistentModelIndex) -> None:
        record = self.model.record(index)
        if record is not None:
            self.open_requested.emit(record.doc_id)

    def _documents_menu(self, point: QPoint) -> None:
        index = self.list.indexAt(point)
        record = self.model.record(index)
        if record is None:
            return
        menu = library_menus.document_menu(self, index, record)
        menu.exec(self.list.viewport().mapToGlobal(point))

    def _dropped_in_list(self, doc_id: str, position: int) -> None:
        name = self.current_list()
        if name is not None:
            self.move_in_list_requested.emit(name, doc_id, position)

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


def _haystack(record: DocumentRecord) -> str:
    parts = [
        record.title,
        record.path,
        record.source or "",
        record.date or "",
        record.author or "",
        record.report_number or "",
        *record.tags,
    ]
    return " ".join(parts).lower()
