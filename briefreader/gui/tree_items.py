"""Walking the items of a QTreeWidget."""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem


def tree_items(tree: QTreeWidget) -> Iterator[QTreeWidgetItem]:
    """Every item of ``tree``, top-level items first, then their children (breadth first)."""
    items = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    while items:
        item = items.pop(0)
        if item is None:
            continue
        yield item
        items.extend(item.child(i) for i in range(item.childCount()))
