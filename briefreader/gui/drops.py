"""Files and folders dropped anywhere on the window are offered to the library."""

from __future__ import annotations

from pathlib import Path
from typing import cast

from PySide6.QtCore import QEvent, QMimeData, QObject, Signal
from PySide6.QtGui import QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QWidget


def local_paths(mime: QMimeData | None) -> list[Path]:
    """The local files and folders a drag carries (remote URLs are never fetched)."""
    if mime is None or not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


class DropTarget(QObject):
    """Makes ``window`` accept drops of local paths and emits them (an event filter, so
    the window class itself stays as it is)."""

    paths_dropped = Signal(list)  # list[Path]

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        window.setAcceptDrops(True)
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            drag = cast(QDragMoveEvent, event)
            if local_paths(drag.mimeData()):
                drag.acceptProposedAction()
                return True
        elif kind == QEvent.Type.Drop:
            drop = cast(QDropEvent, event)
            paths = local_paths(drop.mimeData())
            if paths:
                drop.acceptProposedAction()
                self.paths_dropped.emit(paths)
                return True
        return super().eventFilter(watched, event)
