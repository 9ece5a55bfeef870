"""Layouts the panels share."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import QAbstractItemView, QListView, QWidget


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
