"""The window opens hostile documents and is clicked around without touching the network.

Python-level connections fail loudly (socket connect, create_connection, getaddrinfo), no
QNetworkAccessManager may exist, the process holds no TCP/UDP socket afterwards, and links
only ever go to the browser (recorded here, never opened) when they are http(s) or mailto.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QThreadPool, QUrl
from PySide6.QtGui import QDesktopServices, QTextCursor
from PySide6.QtWidgets import QApplication

from briefreader.core.library import Library
from briefreader.gui.main_window import MainWindow
from briefreader.gui.settings import Settings

from .helpers import EXECUTABLE_MARKERS, write_awkward, write_hostile

pytestmark = pytest.mark.slow  # fault injection, subprocesses, big inputs

LONG = 60_000  # ms: a hang guard for a slow, busy machine


class NetworkAttempt(AssertionError):
    """Raised (and recorded) by every patched network entry point."""


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    attempts: list[str] = []

    def refuse(name: str):
        def refused(*args, **kwargs):
            attempts.append(f"{name}{args[1:2] or args[:1]}")
            raise NetworkAttempt(f"network access attempted: {attempts[-1]}")

        return refused

    monkeypatch.setattr(socket.socket, "connect", refuse("socket.connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("socket.connect_ex"))
    monkeypatch.setattr(socket, "create_connection", refuse("socket.create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("socket.getaddrinfo"))
    yield attempts


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> list[QUrl]:
    """Links the window hands to the desktop browser (recorded, never opened)."""
    opened: list[QUrl] = []

    def open_url(url: QUrl) -> bool:
        opened.append(QUrl(url))
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(open_url))
    return opened


def inet_socket_inodes() -> set[str]:
    """Inodes of TCP/UDP sockets this process holds (Linux; empty elsewhere)."""
    try:
        ours = {os.readlink(f"/proc/self/fd/{fd}") for fd in os.listdir("/proc/self/fd")}
    except OSError:
        return set()
    inodes = {link[8:-1] for link in ours if link.startswith("socket:[")}
    found = set()
    for table in ("tcp", "tcp6", "udp", "udp6"):
        try:
            lines = Path(f"/proc/self/net/{table}").read_text().splitlines()[1:]
        except OSError:
            continue
        found |= {line.split()[9] for line in lines if line.split()[9] in inodes}
    return found


def click_offset(qtbot, window: MainWindow, offset: int) -> None:
    """Click the character at canonical ``offset`` in the reader."""
    reader = window.panes.reader
    cursor = QTextCursor(reader.document())
    cursor.setPosition(reader.qt_position(offset))
    reader.setTextCursor(cursor)
    reader.ensureCursorVisible()
    rect = reader.cursorRect(cursor)
    point = QPoint(rect.right() + 2, rect.center().y())
    qtbot.mouseClick(reader.viewport(), Qt.MouseButton.LeftButton, pos=point)


def test_hostile_documents_in_the_window_open_no_connection(
    qtbot, tmp_path: Path, no_network: list[str], browser: list[QUrl]
) -> None:
    folder = tmp_path / "library"
    write_hostile(folder)
    awkward = {Path(p).name for p in write_awkward(folder / "awkward")}
    for name in awkward - {"raw-script.md", "remote-images.md", "cr-only.txt", "good.pdf"}:
        (folder / "awkward" / name).unlink()
    sockets_before = inet_socket_inodes()
    library = Library.open(tmp_path / "data")
    window = MainWindow(library, Settings.at_path(str(tmp_path / "settings.ini")), [folder])
    qtbot.addWidget(window)
    try:
        window.show()
        qtbot.waitExposed(window)
        qtbot.waitUntil(
            lambda: window.controllers.indexer.runs >= 1 and not window.controllers.indexer.busy,
            timeout=LONG,
        )
        records = library.documents()
        assert len(records) == 7

        for record in records:
            assert window.controllers.reading.open_document(record.doc_id)
            qtbot.waitUntil(
                lambda r=record: window.controllers.document.doc_id == r.doc_id, timeout=LONG
            )
            document = window.controllers.document.document
            shown = window.panes.reader.toPlainText()
            assert not [m for m in EXECUTABLE_MARKERS if m in shown], record.path
            # click every link (and a little past it): fragments scroll, the rest is recorded
            for block in document.blocks:
                for span in block.spans:
                    if span.href:
                        click_offset(qtbot, window, span.start + 1)
            # select a passage and highlight it
            text = document.text
            start = next(i for i, ch in enumerate(text) if ch.isalnum())
            end = min(len(text), start + 6)
            if window.controllers.document.showing_pages():  # a PDF: on its pages
                qtbot.waitUntil(
                    lambda: window.panes.pdf_view.pdf_layout() is not None, timeout=LONG
                )
                window.panes.pdf_view.setFocus()
                window.panes.pdf_view.set_selection(start, end)
            else:
                window.panes.reader.setFocus()
                window.panes.reader.select_range(start, end)
            window.actions_["highlight_green"].trigger()
            qtbot.waitUntil(
                lambda r=record: len(library.annotations(doc_id=r.doc_id)) == 1, timeout=LONG
            )

        # search, open a hit, look at the annotations, re-index
        window.actions_["search"].trigger()
        qtbot.keyClicks(window.panes.search_panel.field, "committee")
        documents = window.panes.search_panel.documents
        qtbot.waitUntil(lambda: documents.rowCount() > 0, timeout=LONG)
        view = window.panes.search_panel.document_list
        rect = view.visualRect(documents.index(0, 0))
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        window.controllers.view.show_right_tab(1)
        runs = window.controllers.indexer.runs
        window.actions_["reindex"].trigger()
        qtbot.waitUntil(
            lambda: window.controllers.indexer.runs > runs and not window.controllers.indexer.busy,
            timeout=LONG,
        )
    finally:
        window.close()
        QApplication.processEvents()
        library.close()
        assert QThreadPool.globalInstance().waitForDone(10_000), "background work left running"

    assert no_network == [], no_network
    assert browser, "the safe links were followed"
    assert {url.scheme() for url in browser} <= {"http", "https", "mailto"}
    assert not any("javascript" in url.toString().lower() for url in browser)
    assert inet_socket_inodes() <= sockets_before
    if "PySide6.QtNetwork" in sys.modules:  # imported by someone: no manager may exist
        from PySide6.QtNetwork import QNetworkAccessManager

        app = QApplication.instance()
        assert app is not None and not app.findChildren(QNetworkAccessManager)


def test_the_guard_catches_connections(no_network: list[str]) -> None:
    """The guard above is live: a connection attempt fails loudly and is recorded."""
    with pytest.raises(NetworkAttempt):
        socket.create_connection(("example.org", 80), timeout=1)
    with pytest.raises(NetworkAttempt):
        socket.getaddrinfo("example.org", 443)
    with socket.socket() as sock, pytest.raises(NetworkAttempt):
        sock.connect(("127.0.0.1", 9))
    assert len(no_network) == 3


def test_the_window_never_imports_qtnetwork(tmp_path: Path) -> None:
    """In a fresh process, building the window and opening a document loads no QtNetwork."""
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from briefreader.core.library import Library\n"
        "from briefreader.gui.main_window import MainWindow\n"
        "from briefreader.gui.settings import Settings\n"
        f"root = Path({str(tmp_path)!r})\n"
        "(root / 'lib').mkdir()\n"
        "(root / 'lib' / 'a.md').write_text('# A\\n\\n[x](https://example.org) text\\n')\n"
        "library = Library.open(root / 'data')\n"
        "library.index([root / 'lib'])\n"
        "window = MainWindow(library, Settings.at_path(str(root / 's.ini')), [],"
        " start_indexing=False)\n"
        "window.show()\n"
        "window.controllers.reading.open_document(library.documents()[0].doc_id)\n"
        "app.processEvents()\n"
        "print('QtNetwork' if 'PySide6.QtNetwork' in sys.modules else 'clean')\n"
        "window.close(); library.close()\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "clean"
