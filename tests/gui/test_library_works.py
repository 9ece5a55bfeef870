"""The library pane's works and reading lists, without a window: one row per work with its
members below, badges and reading statuses, a reading list in its order, reordered by a
drop; the context menus' requests."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt

from briefreader.core.models import READING_STATUSES, Collection, DocumentRecord
from briefreader.gui.labels import STATUS_LABELS
from briefreader.gui.models.library_model import (
    BadgeRole,
    LibraryModel,
    MemberRole,
    PositionRole,
    StatusRole,
    member_label,
    work_badge,
)
from briefreader.gui.panels import library_menus
from briefreader.gui.panels.library_panel import LibraryPanel

DISPLAY = Qt.ItemDataRole.DisplayRole


def record(doc_id: str, **extra: object) -> DocumentRecord:
    values: dict[str, object] = {
        "doc_id": doc_id,
        "path": f"/lib/{doc_id}.md",
        "format": "markdown",
        "title": f"Title {doc_id}",
        "content_hash": f"h{doc_id}",
        "size": 10,
        "mtime": 0.0,
        "work_id": f"doc:{doc_id}",
    }
    values.update(extra)
    return DocumentRecord(**values)


REPORT = "report:IF13204"
RECORDS = [
    record("md2", version="2", work_id=REPORT, title="China plan", source="CRS"),
    record("pdf2", format="pdf", path="/lib/IF13204.2.pdf", version="2", work_id=REPORT),
    record("md1", version="1", work_id=REPORT, reading_status="read"),
    record("memo", title="Trade talks memo", reading_status="to-read", tags=("trade",)),
]


def test_works_are_one_row_with_their_members_below(qtmodeltester) -> None:
    model = LibraryModel()
    qtmodeltester.check(model)
    model.set_records(RECORDS)
    qtmodeltester.check(model)
    assert model.rowCount() == 2  # the report (three members) and the memo
    work = model.index(0, 0)
    assert work.data(DISPLAY) == "China plan"
    assert model.record(work).doc_id == "md2"  # the newest version, as markdown: it opens
    assert work.data(BadgeRole) == "MD · PDF · v1 · v2"
    assert work.data(StatusRole) == "read"  # a member's status shows on the work's row
    assert model.rowCount(work) == 3
    members = [model.index(r, 0, work) for r in range(3)]
    assert [m.data(DISPLAY) for m in members] == ["Markdown v2", "PDF v2", "Markdown v1"]
    assert all(m.data(MemberRole) for m in members) and not work.data(MemberRole)
    assert model.record(members[1]).doc_id == "pdf2"
    memo = model.index(1, 0)
    assert model.rowCount(memo) == 0 and memo.data(BadgeRole) == ""
    assert model.index_of("pdf2") == members[1]
    assert model.index_of("md2") == work
    assert model.row_of("memo") == 1 and model.row_of("nothing") == -1
    assert [r.doc_id for r in model.records()] == ["md2", "pdf2", "md1", "memo"]

    model.set_records(RECORDS, prefer_format="pdf")
    assert model.record(model.index(0, 0)).doc_id == "pdf2"
    model.set_records(RECORDS, group=False)
    qtmodeltester.check(model)
    assert model.rowCount() == 4 and model.rowCount(model.index(0, 0)) == 0


def test_badges_and_labels() -> None:
    assert work_badge(RECORDS[:1]) == ""
    assert work_badge(RECORDS[:2]) == "MD · PDF · v2"
    many = [record(f"v{n}", version=str(n), work_id=REPORT) for n in (1, 2, 3, 12)]
    assert work_badge(many) == "MD · v1–v12"
    assert member_label(RECORDS[1]) == "PDF v2"
    assert tuple(STATUS_LABELS) == READING_STATUSES  # one label per status, in order


def test_a_reading_list_is_reordered_by_a_drop(qtmodeltester) -> None:
    model = LibraryModel()
    model.set_records(RECORDS, group=False, reorderable=True)
    qtmodeltester.check(model)
    assert model.index(2, 0).data(PositionRole) == 3
    assert model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsDragEnabled
    moves: list[tuple[str, int]] = []
    model.move_requested.connect(lambda doc_id, position: moves.append((doc_id, position)))
    data = model.mimeData([model.index(0, 0)])
    move = Qt.DropAction.MoveAction
    assert model.dropMimeData(data, move, 3, 0, QModelIndex())  # dropped before row 3
    assert model.dropMimeData(model.mimeData([model.index(3, 0)]), move, 0, 0, QModelIndex())
    assert model.dropMimeData(model.mimeData([model.index(1, 0)]), move, -1, 0, QModelIndex())
    assert moves == [("md2", 2), ("memo", 0), ("pdf2", 3)]
    model.set_records(RECORDS)  # grouped works never move
    assert not model.dropMimeData(data, move, 1, 0, QModelIndex())


@pytest.fixture
def panel(qtbot) -> LibraryPanel:
    panel = LibraryPanel()
    qtbot.addWidget(panel)
    lists = [Collection("China brief", ("memo", "pdf2")), Collection("Empty")]
    panel.set_content(RECORDS, [], lists)
    return panel


def test_the_pane_shows_works_lists_and_statuses(panel: LibraryPanel) -> None:
    assert panel.count_label.text() == "4 documents in 2 works"
    assert panel.select_section("list", "China brief")
    assert [r.doc_id for r in panel.visible_records()] == ["memo", "pdf2"]
    assert panel.current_list() == "China brief"
    assert panel.list.dragDropMode() == panel.list.DragDropMode.InternalMove
    assert panel.count_label.text() == "2 of 4 documents"
    assert panel.select_section("status", "to-read")
    assert [r.doc_id for r in panel.visible_records()] == ["memo"]
    assert panel.current_list() is None
    assert panel.list.dragDropMode() == panel.list.DragDropMode.NoDragDrop
    panel.select_section("all")
    panel.filter_edit.setText("IF13204")  # the file name of the PDF
    assert [r.doc_id for r in panel.visible_records()] == ["pdf2"]
    panel.filter_edit.clear()
    panel.select_document("pdf2")  # a member: its work opens to show it
    assert panel.list.isExpanded(panel.model.index(0, 0))
    assert panel.model.record(panel.list.currentIndex()).doc_id == "pdf2"
    # a refresh keeps the works that were open
    panel.set_content(RECORDS, [])
    assert panel.list.isExpanded(panel.model.index(0, 0))
    assert panel.select_section("list", "Empty")  # the lists were kept


def test_no_list_yet_offers_a_new_one(qtbot) -> None:
    panel = LibraryPanel()
    qtbot.addWidget(panel)
    panel.set_content(RECORDS, [], [])
    with qtbot.waitSignal(panel.new_list_requested) as blocker:
        assert panel.select_section("new-list")
    assert blocker.args == [[]]
    assert panel.current_list() is None


def actions(menu) -> dict[str, object]:
    """Every action of a menu and its submenus, by text."""
    found = {}
    for action in menu.actions():
        if action.menu() is not None:
            found.update(actions(action.menu()))
        elif action.text():
            found[action.text()] = action
    return found


def test_the_document_menu_asks_for_each_change(panel: LibraryPanel, qtbot) -> None:
    work = panel.model.index(0, 0)
    menu = library_menus.document_menu(panel, work, panel.model.record(work))
    found = actions(menu)
    assert "PDF v2" in found and "Markdown v2  (opens by default)" in found
    assert found["No status"].isChecked() and not found["Read"].isChecked()
    for text, signal, args in (
        ("PDF v2", panel.open_requested, ["pdf2"]),
        ("Info…", panel.info_requested, ["md2"]),
        ("Copy Citation", panel.cite_requested, ["md2"]),
        ("China brief", panel.add_to_list_requested, ["China brief", ["md2"]]),
        ("New Reading List…", panel.new_list_requested, [["md2"]]),
        ("Briefed", panel.status_requested, ["md2", "briefed"]),
        ("No status", panel.status_requested, ["md2", ""]),
    ):
        with qtbot.waitSignal(signal) as blocker:
            found[text].trigger()
        assert blocker.args == args, text

    panel.select_section("list", "China brief")
    first = panel.model.index(0, 0)
    found = actions(library_menus.document_menu(panel, first, panel.model.record(first)))
    assert not found["Move Up"].isEnabled()
    assert found["China brief  (in it)"].isEnabled() is False
    assert found["To read"].isChecked()
    with qtbot.waitSignal(panel.move_in_list_requested) as blocker:
        found["Move Down"].trigger()
    assert blocker.args == ["China brief", "memo", 1]
    with qtbot.waitSignal(panel.remove_from_list_requested) as blocker:
        found["Remove from “China brief”"].trigger()
    assert blocker.args == ["China brief", ["memo"]]
    with qtbot.waitSignal(panel.move_in_list_requested) as blocker:
        panel.model.dropMimeData(
            panel.model.mimeData([first]), Qt.DropAction.MoveAction, -1, 0, QModelIndex()
        )
    assert blocker.args == ["China brief", "memo", 1]


def test_the_list_menu_asks_to_rename_export_and_delete(panel: LibraryPanel, qtbot) -> None:
    item = panel._find_section("list", "China brief")
    menu = library_menus.section_menu(panel, item, ("list", "China brief"))
    found = actions(menu)
    for text, signal in (
        ("Rename…", panel.rename_list_requested),
        ("Export…", panel.export_list_requested),
        ("Delete the list “China brief”", panel.delete_list_requested),
    ):
        with qtbot.waitSignal(signal) as blocker:
            found[text].trigger()
        assert blocker.args == ["China brief"]
    assert library_menus.section_menu(panel, item, ("tag", "trade")) is None
