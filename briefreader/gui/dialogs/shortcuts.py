"""Help: the list of keyboard shortcuts, built from the window's actions."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from briefreader.gui.tree_items import tree_items

EXTRA_SHORTCUTS: tuple[tuple[str, str, str], ...] = (
    ("Annotate", "1 … 7", "Highlight the selection in colour 1 to 7"),
    ("Reader", "Click a highlight", "Show its note"),
    ("Search", "Enter", "Open the selected result"),
    ("Search", "Down / Up", "Move between results"),
)


def shortcut_rows(
    groups: Iterable[tuple[str, Iterable[QAction]]],
) -> list[tuple[str, str, str]]:
    """(group, keys, what) for every action with a shortcut, plus the fixed extras."""
    rows = []
    for group, actions in groups:
        for action in actions:
            keys = [s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts()]
            keys = [k for k in keys if k]
            if keys:
                rows.append((group, "  or  ".join(keys), action.text().replace("&", "")))
    rows.extend(EXTRA_SHORTCUTS)
    return rows


class ShortcutsDialog(QDialog):
    """All keyboard shortcuts, grouped by menu."""

    def __init__(
        self, groups: Iterable[tuple[str, Iterable[QAction]]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.resize(560, 560)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels(["Action", "Keys"])
        self.tree.setRootIsDecorated(False)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        parents: dict[str, QTreeWidgetItem] = {}
        for group, keys, what in shortcut_rows(groups):
            parent_item = parents.get(group)
            if parent_item is None:
                parent_item = QTreeWidgetItem(self.tree, [group, ""])
                font = parent_item.font(0)
                font.setBold(True)
                parent_item.setFont(0, font)
                parent_item.setFirstColumnSpanned(True)
                parents[group] = parent_item
            QTreeWidgetItem(parent_item, [what, keys])
        self.tree.expandAll()
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        intro = QLabel("BriefReader works offline; links open in your browser only when clicked.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(self.tree)
        layout.addWidget(buttons)

    def row_count(self) -> int:
        return sum(item.childCount() for item in tree_items(self.tree) if item.parent() is None)
