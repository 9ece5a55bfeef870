"""Start-up paints first: the frame shows, then the library opens on a worker thread."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sample_library import write_library

from briefreader.core.library import Library
from briefreader.gui.main_window import MainWindow
from briefreader.gui.settings import Settings

LONG = 60_000  # ms: generous, for a slow and busy machine


def test_the_window_paints_before_the_library_opens(qtbot, tmp_path: Path) -> None:
    folder = write_library(tmp_path / "library")
    events: list[str] = []
    threads: list[threading.Thread] = []
    opened: list[Library] = []

    def open_library() -> tuple[object | None, str]:
        events.append("open")
        threads.append(threading.current_thread())
        opened.append(Library.open(tmp_path / "data"))
        return opened[0], ""

    settings = Settings.at_path(str(tmp_path / "settings.ini"))
    window = MainWindow(None, settings, [folder], open_library=open_library)
    qtbot.addWidget(window)
    window.first_painted.connect(lambda: events.append("painted"))
    assert not window.ready and window.placeholder is not None
    assert "Opening the library" in window.placeholder.text()
    try:
        with qtbot.waitSignal(window.library_ready, timeout=LONG):
            window.show()
        assert events == ["painted", "open"]
        assert threads[0] is not threading.main_thread()
        assert window.ready and window.library is opened[0]
        assert window.centralWidget() is window.panes.splitter
        qtbot.waitUntil(
            lambda: window.controllers.indexer.runs >= 1 and not window.controllers.indexer.busy,
            timeout=LONG,
        )
        qtbot.waitUntil(lambda: window.panes.library_panel.model.rowCount() >= 5, timeout=LONG)
        assert window.menuBar().actions()  # the menus came with the panes
    finally:
        window.close()
        QApplication.processEvents()
        if opened:
            opened[0].close()


def test_a_library_that_cannot_be_opened_is_reported(qtbot, tmp_path: Path) -> None:
    settings = Settings.at_path(str(tmp_path / "settings.ini"))
    window = MainWindow(None, settings, open_library=lambda: (None, "The database is damaged."))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.library_failed, timeout=LONG) as blocker:
        window.show()
    assert blocker.args == ["The database is damaged."]
    assert not window.ready
    assert "not opened" in window.placeholder.text()
    window.close()  # closing a window without panes saves its geometry only
    assert settings.geometry() is not None


def test_a_library_opened_after_the_window_closed_is_handed_back(qtbot, tmp_path: Path) -> None:
    gate = threading.Event()
    libraries: list[Library] = []

    def open_library() -> tuple[object | None, str]:
        gate.wait(30)
        libraries.append(Library.open(tmp_path / "data"))
        return libraries[0], ""

    settings = Settings.at_path(str(tmp_path / "settings.ini"))
    window = MainWindow(None, settings, open_library=open_library)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.first_painted, timeout=LONG):
        window.show()
    threading.Timer(0.2, gate.set).start()
    window.close()  # waits for the worker; the library is never shown
    assert not window.ready
    assert window.unattached_library() is libraries[0]
    libraries[0].close()


@pytest.mark.slow
def test_the_first_paint_imports_neither_panes_nor_parsers() -> None:
    """What start-up imports before the first paint stays small (see main_window.py)."""
    code = (
        "import sys\n"
        "import briefreader.gui.launch, briefreader.gui.main_window, briefreader.gui.theme\n"
        "import briefreader.core.formats.documents\n"
        "heavy = ('whoosh', 'pypdf', 'markdown', 'nh3', 'yaml', 'briefreader.core.library',\n"
        "         'briefreader.core.search.index', 'briefreader.gui.reader_view',\n"
        "         'briefreader.gui.panels', 'briefreader.gui.dialogs', 'PySide6.QtSvg')\n"
        "print(sorted(m for m in sys.modules if m.startswith(heavy)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


@pytest.mark.slow
def test_run_gui_reports_a_damaged_database_and_exits_with_1(tmp_path: Path) -> None:
    """The whole start-up: the window paints, the library fails to open, a clear message."""
    data = tmp_path / "data"
    data.mkdir()
    (data / "briefreader.sqlite3").write_bytes(b"this is not a database" * 100)
    code = (
        "from pathlib import Path\n"
        "from PySide6.QtWidgets import QMessageBox\n"
        "shown = []\n"
        "QMessageBox.critical = staticmethod(lambda parent, title, text: shown.append(title))\n"
        "from briefreader.gui.launch import run_gui\n"
        f"rc = run_gui(Path({str(data)!r}), [])\n"
        "print(rc, shown)\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "config"))
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.stdout.split()[0] == "1", done.stderr
    assert "cannot open its library" in done.stdout
    assert "could not be opened" in done.stderr and "Traceback" not in done.stderr
