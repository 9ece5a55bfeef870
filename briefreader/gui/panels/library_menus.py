"""The library pane's context menus: on a document (open a member of its work, Info,
citation, reading lists and status, tags and note) and on a section (a reading list, a
saved search). Each item emits one of the pane's ``*_requested`` signals."""

from __future__ import annotations

from functools import partial
from typing import Protocol

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, SignalInstance
from PySide6.QtWidgets import QMenu, QTreeWidgetItem, QWidget

from briefreader.core.models import READING_STATUSES, Collection, DocumentRecord
from briefreader.gui.labels import STATUS_LABELS
from briefreader.gui.models.library_model import LibraryModel, member_label

KEY_ROLE = Qt.ItemDataRole.UserRole + 1  # a section's (kind, value)
NAME_ROLE = KEY_ROLE + 1  # a saved search's name


class LibraryPanel(Protocol):
    """What the menus need of the library pane (``panels/library_panel.py``)."""

    model: LibraryModel
    open_requested: SignalInstance
    saved_search_requested: SignalInstance
    delete_saved_search_requested: SignalInstance
    tag_document_requested: SignalInstance
    note_document_requested: SignalInstance
    info_requested: SignalInstance
    cite_requested: SignalInstance
    status_requested: SignalInstance
    add_to_list_requested: SignalInstance
    new_list_requested: SignalInstance
    remove_from_list_requested: SignalInstance
    move_in_list_requested: SignalInstance
    rename_list_requested: SignalInstance
    delete_list_requested: SignalInstance
    export_list_requested: SignalInstance

    def collections(self) -> list[Collection]: ...

    def current_list(self) -> str | None: ...

    def widget(self) -> QWidget: ...


def document_menu(
    panel: LibraryPanel, index: QModelIndex | QPersistentModelIndex, record: DocumentRecord
) -> QMenu:
    menu = QMenu(panel.widget())
    doc_id = record.doc_id
    menu.addAction("Open", lambda: panel.open_requested.emit(doc_id))
    members = panel.model.members(index.row()) if not index.parent().isValid() else ()
    if len(members) > 1:
        open_as = menu.addMenu("Open as")
        for member in members:
            text = member_label(member) + ("  (opens by default)" if member is members[0] else "")
            open_as.addAction(text, partial(panel.open_requested.emit, member.doc_id))
    menu.addAction("Info…", lambda: panel.info_requested.emit(doc_id))
    menu.addAction("Copy Citation", lambda: panel.cite_requested.emit(doc_id))
    menu.addSeparator()
    _add_list_menu(panel, menu, record)
    name = panel.current_list()
    if name is not None:
        row, count = index.row(), panel.model.rowCount()
        up = menu.addAction(
            "Move Up", lambda: panel.move_in_list_requested.emit(name, doc_id, row - 1)
        )
        up.setEnabled(row > 0)
        down = menu.addAction(
            "Move Down", lambda: panel.move_in_list_requested.emit(name, doc_id, row + 1)
        )
        down.setEnabled(row < count - 1)
        menu.addAction(
            f"Remove from “{name}”",
            lambda: panel.remove_from_list_requested.emit(name, [doc_id]),
        )
    _add_status_menu(panel, menu, record)
    menu.addSeparator()
    menu.addAction("Tag document…", lambda: panel.tag_document_requested.emit(doc_id))
    menu.addAction("Note on document…", lambda: panel.note_document_requested.emit(doc_id))
    return menu


def _add_list_menu(panel: LibraryPanel, menu: QMenu, record: DocumentRecord) -> None:
    lists = menu.addMenu("Add to Reading List")
    doc_id = record.doc_id
    for collection in panel.collections():
        action = lists.addAction(
            collection.name,
            partial(panel.add_to_list_requested.emit, collection.name, [doc_id]),
        )
        if doc_id in collection.doc_ids:
            action.setEnabled(False)
            action.setText(f"{collection.name}  (in it)")
    if panel.collections():
        lists.addSeparator()
    lists.addAction("New Reading List…", lambda: panel.new_list_requested.emit([doc_id]))


def _add_status_menu(panel: LibraryPanel, menu: QMenu, record: DocumentRecord) -> None:
    statuses = menu.addMenu("Reading Status")
    doc_id = record.doc_id
    for status in (*READING_STATUSES, ""):
        action = statuses.addAction(
            STATUS_LABELS.get(status, "No status"),
            partial(panel.status_requested.emit, doc_id, status),
        )
        action.setCheckable(True)
        action.setChecked((record.reading_status or "") == status)


def section_menu(panel: LibraryPanel, item: QTreeWidgetItem, key: tuple[str, ...]) -> QMenu | None:
    """The menu of a reading list, the reading lists' group, or a saved search."""
    kind, value = (*key, "", "")[:2]
    menu = QMenu(panel.widget())
    if kind == "list":
        menu.addAction("Rename…", lambda: panel.rename_list_requested.emit(value))
        menu.addAction("Export…", lambda: panel.export_list_requested.emit(value))
        menu.addAction(
            f"Delete the list “{value}”", lambda: panel.delete_list_requested.emit(value)
        )
        menu.addSeparator()
    if kind == "list" or key in (("group", "lists"), ("new-list", "")):
        menu.addAction("New Reading List…", lambda: panel.new_list_requested.emit([]))
        return menu
    if kind == "saved":
        name = item.data(0, NAME_ROLE)
        menu.addAction("Run search", lambda: panel.saved_search_requested.emit(value))
        menu.addAction(
            f"Delete saved search “{name}”",
            lambda: panel.delete_saved_search_requested.emit(name),
        )
        return menu
    return None
