"""A damaged database at start-up: the window offers the latest good backup and reopens it."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from sample_library import write_library

from briefreader.core import recovery
from briefreader.core.library import Library
from briefreader.core.recovery import DB_NAME
from briefreader.core.store import SCHEMA_VERSION
from briefreader.gui import launch
from briefreader.gui.dialogs.damaged_library import DamagedLibraryDialog, offer_restore
from briefreader.gui.main_window import MainWindow
from briefreader.gui.settings import Settings

LONG = 60_000  # ms
NOTE = "kept in the backup"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A data dir with one annotation, backed up; then more work, and the database damaged."""
    data = tmp_path / "data"
    with Library.open(data) as library:
        library.add_folders([write_library(tmp_path / "library")])
        library.index()
        library.annotate(library.documents()[0].doc_id, 0, 12, note=NOTE)
    with Library.open(data, always_backup=True) as library:
        library.annotate(library.documents()[0].doc_id, 20, 30, note="after the backup")
    # an older good backup and a newer damaged one: neither may be offered
    good = recovery.backups(data)[-1]
    (good.parent / "briefreader-20000101-000000-000000.sqlite3").write_bytes(good.read_bytes())
    (good.parent / "briefreader-20991231-235959-000000.sqlite3").write_bytes(os.urandom(9000))
    _damage(data / DB_NAME)
    return data


def _damage(db_path: Path) -> None:
    for suffix in ("-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    content = db_path.read_bytes()
    db_path.write_bytes(os.urandom(4096) + content[4096:])  # the header overwritten


def _files(data: Path) -> dict[str, bytes]:
    return {str(p.relative_to(data)): p.read_bytes() for p in data.rglob("*.sqlite3*")}


def _window(qtbot, tmp_path: Path, data: Path) -> MainWindow:
    settings = Settings.at_path(str(tmp_path / "settings.ini"))
    window = MainWindow(
        None, settings, start_indexing=False, open_library=lambda: launch.open_library(data)
    )
    qtbot.addWidget(window)
    return window


def _fail_to_open(qtbot, window: MainWindow) -> str:
    with qtbot.waitSignal(window.library_failed, timeout=LONG) as blocker:
        window.show()
    return blocker.args[0]


def _close(window: MainWindow) -> None:
    window.close()
    QApplication.processEvents()
    if window.library is not None:
        window.library.close()


def test_the_dialog_names_the_newest_good_backup(qtbot, data: Path) -> None:
    offer = recovery.restore_offer(data)
    assert offer is not None
    newest_good = [b for b in recovery.backups(data) if "2099" not in b.name][-1]
    assert offer.backup == newest_good == recovery.latest_good_backup(data)
    assert offer.annotations == 1 and offer.made is not None
    dialog = DamagedLibraryDialog(offer)
    qtbot.addWidget(dialog)
    text = dialog.informativeText()
    assert newest_good.name in text and "It holds 1 annotation." in text
    assert f" {offer.made.astimezone():%B %Y at %H:%M}" in text
    assert "does not start like an SQLite database" in text
    assert "documents are untouched" in text and "kept aside in" in text
    assert "briefreader.before-restore-" in text
    roles = {b.text(): dialog.buttonRole(b) for b in dialog.buttons()}
    assert roles["Restore this backup"] == QMessageBox.ButtonRole.AcceptRole
    assert roles["Quit"] == QMessageBox.ButtonRole.RejectRole
    assert len(roles) == 3  # and "Show Details..." with the full paths
    assert dialog.defaultButton() is dialog.restore_button


def test_restore_reopens_the_library_in_the_same_window(qtbot, tmp_path: Path, data: Path) -> None:
    damaged = (data / DB_NAME).read_bytes()
    backups = recovery.backups(data)
    window = _window(qtbot, tmp_path, data)
    try:
        message = _fail_to_open(qtbot, window)
        assert "damaged" in message
        dialog = offer_restore(window, data)
        assert dialog is not None and dialog.isVisible()
        with qtbot.waitSignal(window.library_ready, timeout=LONG):
            dialog.restore_button.click()
        assert window.ready and window.library is not None
        notes = [a.note for a in window.library.annotations()]
        assert notes == [NOTE]  # the backup's annotation is back; later work is not
        assert window.panes.library_panel.model.rowCount() >= 1
        notice = window.status.currentMessage()
        assert notice.startswith("Restored the backup made on ")
        assert "kept as" in notice
    finally:
        _close(window)
    with sqlite3.connect(data / DB_NAME) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    kept = list(data.glob("briefreader.before-restore-*.sqlite3"))
    assert len(kept) == 1 and kept[0].read_bytes() == damaged and str(kept[0]) in notice
    assert set(backups) <= set(recovery.backups(data))  # no backup was lost


def test_quit_leaves_everything_as_it_was(qtbot, tmp_path: Path, data: Path) -> None:
    before = _files(data)
    window = _window(qtbot, tmp_path, data)
    try:
        _fail_to_open(qtbot, window)
        dialog = offer_restore(window, data)
        assert dialog is not None
        with qtbot.waitSignal(dialog.quit_chosen, timeout=LONG):
            dialog.quit_button.click()
        assert not window.ready
    finally:
        _close(window)
    assert _files(data) == before


def test_a_failing_restore_changes_nothing_and_says_why(qtbot, tmp_path: Path, data: Path) -> None:
    window = _window(qtbot, tmp_path, data)
    try:
        _fail_to_open(qtbot, window)
        dialog = offer_restore(window, data)
        assert dialog is not None
        dialog.offer.backup.write_bytes(b"damaged after it was offered" * 200)
        before = _files(data)
        with qtbot.waitSignal(dialog.restore_failed, timeout=LONG) as blocker:
            dialog.restore_button.click()
        message = blocker.args[0]
        assert message.startswith(f"The backup {dialog.offer.backup.name} could not be restored: ")
        reason = message.splitlines()[0]
        assert "damaged" in reason or "not a database" in reason
        assert "Nothing was replaced" in message
        assert not window.ready
    finally:
        _close(window)
    assert _files(data) == before
    assert not list(data.glob("*.restoring"))


def test_no_good_backup_means_no_offer(qtbot, tmp_path: Path, data: Path) -> None:
    for backup in recovery.backups(data):
        backup.write_bytes(b"not a database" * 100)
    assert recovery.restore_offer(data) is None
    window = _window(qtbot, tmp_path, data)
    try:
        message = _fail_to_open(qtbot, window)
        assert offer_restore(window, data) is None
        assert not window.findChildren(DamagedLibraryDialog)
        buttons = [b.text() for box in window.findChildren(QMessageBox) for b in box.buttons()]
        assert not [text for text in buttons if "Restore" in text]
        assert "no good backup was found" in message and "restore-backup" in message
    finally:
        _close(window)


def test_a_newer_database_is_not_offered_a_restore(tmp_path: Path, data: Path) -> None:
    good = recovery.latest_good_backup(data)
    assert good is not None
    recovery.restore(data, good)
    with sqlite3.connect(data / DB_NAME) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    library, message = launch.open_library(data)
    assert library is None and "newer" in message
    assert recovery.restore_offer(data) is None


@pytest.mark.slow
def test_run_gui_offers_the_backup_and_goes_on_with_the_restored_library(
    tmp_path: Path, data: Path
) -> None:
    """The whole start-up: the offer opens over the window; Restore; the window goes on."""
    code = (
        "from pathlib import Path\n"
        "from PySide6.QtCore import QTimer\n"
        "from PySide6.QtWidgets import QMessageBox\n"
        "from briefreader.gui.dialogs.damaged_library import DamagedLibraryDialog\n"
        "from briefreader.gui.launch import run_gui\n"
        "shown = []\n"
        "QMessageBox.critical = staticmethod(lambda parent, title, text: shown.append(title))\n"
        "real_open = DamagedLibraryDialog.open\n"
        "def close_when_indexed(window, timer):\n"
        "    if window.controllers.indexer.runs and not window.controllers.indexer.busy:\n"
        "        timer.stop()\n"
        "        print('notes', [a.note for a in window.library.annotations()])\n"
        "        print(window.status.currentMessage().split(' on ')[0])\n"
        "        window.close()\n"
        "def open_and_restore(self):\n"
        "    real_open(self)\n"
        "    print('offered', self.offer.backup.name)\n"
        "    window, timer = self.parent(), QTimer()\n"
        "    timer.timeout.connect(lambda: close_when_indexed(window, timer))\n"
        "    window.library_ready.connect(lambda: timer.start(50))\n"
        "    QTimer.singleShot(0, self.restore_button.click)\n"
        "DamagedLibraryDialog.open = open_and_restore\n"
        f"rc = run_gui(Path({str(data)!r}), [])\n"
        "print('rc', rc, shown)\n"
    )
    good = recovery.latest_good_backup(data)
    assert good is not None
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "config"))
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    lines = done.stdout.splitlines()
    notice = "Restored the backup made"
    assert lines == [f"offered {good.name}", f"notes [{NOTE!r}]", notice, "rc 0 []"], done.stderr
    assert "Traceback" not in done.stderr
    assert list(data.glob("briefreader.before-restore-*.sqlite3"))
