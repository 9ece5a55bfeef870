"""The menu items of issue 12: a document's Info, its citation, its reading status, a new
reading list (Annotate menu) and removing the sample documents (File menu)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMenu

from briefreader.core.models import READING_STATUSES
from briefreader.gui.labels import STATUS_LABELS
from briefreader.gui.window.actions import make_action
from briefreader.gui.window.controllers import Controllers

Add = Callable[[QMenu, str, str, QAction], QAction]


def add_document_actions(
    window: QMainWindow, menu: QMenu, group: str, add: Add, c: Controllers
) -> None:
    """Document Info…, Copy Citation, Reading Status ▸ and New Reading List…"""
    add(
        menu,
        group,
        "document_info",
        make_action(
            window,
            "Document &Info…",
            c.meta.show_info,
            ("Ctrl+I",),
            "See and correct the title, date, source, authors, web address, report number",
        ),
    )
    add(
        menu,
        group,
        "copy_citation",
        make_action(
            window,
            "Copy &Citation",
            c.meta.copy_current_citation,
            ("Ctrl+Shift+C",),
            "The citation of the selected passage (else of the document), to paste",
        ),
    )
    statuses = menu.addMenu("Reading &Status")
    for status in (*READING_STATUSES, ""):
        label = STATUS_LABELS.get(status, "No status")
        action = make_action(window, label, partial(c.meta.set_status, None, status))
        statuses.addAction(action)
    add(
        menu,
        group,
        "new_list",
        make_action(window, "New &Reading List…", c.lists.new_list, tip="A named, ordered list"),
    )


def add_sample_action(
    window: QMainWindow, menu: QMenu, group: str, add: Add, c: Controllers
) -> None:
    add(
        menu,
        group,
        "remove_samples",
        make_action(
            window,
            "Remove Sample Documents…",
            c.indexing.remove_samples,
            tip="Take the bundled sample documents out of the library (never off the disk)",
        ),
    )
