"""Application-wide signals: the GUI emits them after calling the Library (which has no Qt)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class AppEvents(QObject):
    """One instance per window, passed to the panels that need to hear about changes."""

    annotations_changed = Signal(str)  # doc_id whose annotations were added/edited/deleted
    documents_changed = Signal()  # the catalog changed (indexing, tags, notes, moves)
    index_progress = Signal(int, int, str)  # done, total, path
    index_finished = Signal(object)  # the IndexReport
    status_message = Signal(str)  # a one-line message for the status bar
