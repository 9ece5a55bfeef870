"""GUI fixtures: a shown ReaderView, and a thread pool drained after each test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QThreadPool

from briefreader.gui.reader_view import ReaderView


@pytest.fixture
def reader(qtbot) -> ReaderView:
    view = ReaderView()
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.show()
    qtbot.waitExposed(view)
    return view


@pytest.fixture(autouse=True)
def _application(qapp):
    return qapp


@pytest.fixture(autouse=True)
def _empty_clipboard() -> Iterator[None]:
    """Clear what a test copied: with the offscreen platform, a QMimeData left on the
    clipboard crashes the interpreter at exit (PySide6 6.11; not seen with xcb)."""
    yield
    from PySide6.QtGui import QGuiApplication

    QGuiApplication.clipboard().clear()


@pytest.fixture(autouse=True)
def _drain_thread_pool() -> Iterator[None]:
    yield
    assert QThreadPool.globalInstance().waitForDone(5000), "background work left running"
