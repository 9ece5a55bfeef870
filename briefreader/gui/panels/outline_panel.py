"""The outline of the open document: its headings (nested by level) and, for PDFs, its pages."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from briefreader.core.models import Document
from briefreader.gui.tree_items import tree_items

OFFSET_ROLE = Qt.ItemDataRole.UserRole + 1


class OutlinePanel(QWidget):
    """Headings as a tree; clicking one asks the window to scroll there."""

    scroll_requested = Signal(int)  # canonical offset

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderHidden(True)
        self.tree.setObjectName("outlineTree")
        self.tree.setUniformRowHeights(True)
        self.tree.itemActivated.connect(self._activated)
        self.tree.itemClicked.connect(self._activated)
        self.empty = QLabel("Open a document to see its outline.")
        self.empty.setObjectName("placeholder")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tree)
        layout.addWidget(self.empty)
        self.set_document(None)

    def set_document(self, doc: Document | None) -> None:
        self.tree.clear()
        if doc is None:
            self._show_empty("Open a document to see its outline.")
            return
        stack: list[tuple[int, QTreeWidgetItem]] = []
        for heading in doc.headings:
            while stack and stack[-1][0] >= heading.level:
                stack.pop()
            parent = stack[-1][1] if stack else self.tree.invisibleRootItem()
            item = QTreeWidgetItem(parent, [heading.title or "(untitled)"])
            item.setData(0, OFFSET_ROLE, heading.start)
            item.setToolTip(0, heading.title)
            stack.append((heading.level, item))
        if doc.pages:
            pages = QTreeWidgetItem(self.tree, [f"Pages ({len(doc.pages)})"])
            for number, start in enumerate(doc.pages, start=1):
                page = QTreeWidgetItem(pages, [f"Page {number}"])
                page.setData(0, OFFSET_ROLE, start)
        if self.tree.topLevelItemCount() == 0:
            self._show_empty("This document has no headings.")
            return
        self.tree.expandToDepth(1)
        self.tree.show()
        self.empty.hide()

    def select_offset(self, offset: int) -> None:
        """Mark the heading the reader is in (without scrolling the reader)."""
        best: QTreeWidgetItem | None = None
        best_start = -1
        for item in tree_items(self.tree):
            start = item.data(0, OFFSET_ROLE)
            if isinstance(start, int) and best_start < start <= offset:
                best, best_start = item, start
        if best is not None and self.tree.currentItem() is not best:
            self.tree.blockSignals(True)
            self.tree.setCurrentItem(best)
            self.tree.blockSignals(False)

    def heading_count(self) -> int:
        return sum(1 for _item in tree_items(self.tree))

    def _show_empty(self, text: str) -> None:
        self.empty.setText(text)
        self.tree.hide()
        self.empty.show()

    def _activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        offset = item.data(0, OFFSET_ROLE)
        if isinstance(offset, int):
            self.scroll_requested.emit(offset)
