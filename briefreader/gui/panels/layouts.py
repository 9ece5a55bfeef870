"""Layouts the panels share."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QListView, QSplitter, QVBoxLayout, QWidget


def list_over_detail(
    panel: QWidget, name: str, upper: QWidget, detail: QWidget, stretch: tuple[int, int]
) -> QSplitter:
    """A panel's list (``upper``) over the selected row's detail, in a splitter that fills
    the panel; ``stretch`` shares out the height the two are given beyond their hints."""
    splitter = QSplitter(Qt.Orientation.Vertical, panel)
    splitter.setObjectName(name)
    splitter.setChildrenCollapsible(False)
    splitter.addWidget(upper)
    splitter.addWidget(detail)
    splitter.setStretchFactor(0, stretch[0])
    splitter.setStretchFactor(1, stretch[1])
    layout = QVBoxLayout(panel)
    layout.setContentsMargins(6, 6, 6, 6)
    layout.addWidget(splitter)
    return splitter


def rich_list(parent: QWidget, name: str, model: QAbstractItemModel) -> QListView:
    """A list of rows of different heights (painted by a RichRowDelegate), read-only."""
    view = QListView(parent)
    view.setObjectName(name)
    view.setModel(model)
    view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setResizeMode(QListView.ResizeMode.Adjust)
    view.setUniformItemSizes(False)
    return view
