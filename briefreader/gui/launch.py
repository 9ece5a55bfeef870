"""Open the desktop window: check the display, create the application, open the library.

The window paints first: it is shown with an "Opening the library…" placeholder, and the
library (SQLite, the search index, the parsers) opens on a worker thread after that first
paint (see ``MainWindow``). Only what the first paint needs is imported before it.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from briefreader.display_check import display_problems

if TYPE_CHECKING:
    from briefreader.core.library import Library

log = logging.getLogger(__name__)

FAILURE_TITLE = "BriefReader cannot open its library"


def run_gui(data_dir: Path | None, folders: list[Path]) -> int:
    """Run the window until it closes; return the process exit code."""
    problem = display_problems()
    if problem:
        print(f"briefreader: {problem}", file=sys.stderr)
        return 1
    # Qt is imported only once we know a window can be opened.
    from PySide6.QtWidgets import QApplication

    from briefreader.gui.main_window import MainWindow
    from briefreader.gui.settings import Settings
    from briefreader.gui.window.appearance import create_application

    app = QApplication.instance() or create_application(sys.argv[:1])
    window = MainWindow(
        None, Settings(), folders=folders, open_library=lambda: open_library(data_dir)
    )
    failures: list[str] = []

    def give_up(message: str, show: bool = True) -> None:
        from PySide6.QtWidgets import QMessageBox

        failures.append(message)
        print(f"briefreader: {message}", file=sys.stderr)
        if show:
            QMessageBox.critical(window, FAILURE_TITLE, message)
        window.close()
        app.exit(1)

    def failed(message: str) -> None:
        """A damaged database with a good backup: offer it; otherwise say why and quit."""
        from briefreader.gui.dialogs.damaged_library import offer_restore

        dialog = offer_restore(window, resolved_data_dir(data_dir))
        if dialog is None:
            give_up(message)
            return
        dialog.restore_failed.connect(give_up)
        dialog.quit_chosen.connect(lambda: give_up(message, show=False))

    window.library_failed.connect(failed)
    window.show()
    try:
        code = int(app.exec())
    finally:
        library = window.library or window.unattached_library()
        if library is not None:
            library.close()
    return 1 if failures else code


def open_library(data_dir: Path | None) -> tuple[Library | None, str]:
    """The opened Library, or None and a clear one-paragraph message saying why not."""
    from briefreader.core.errors import UserError

    try:
        from briefreader.core.library import Library

        return Library.open(data_dir, always_backup=True), ""
    except UserError as error:
        return None, _explain(str(error), data_dir)
    except Exception as error:  # a damaged database must not end in a traceback
        log.exception("could not open the library")
        return None, _explain(f"{type(error).__name__}: {error}", data_dir)


def resolved_data_dir(data_dir: Path | None) -> Path:
    """The data folder the library opens: ``data_dir`` or the default one."""
    from briefreader.paths import default_data_dir

    return Path(data_dir or default_data_dir()).expanduser()


def _explain(reason: str, data_dir: Path | None) -> str:
    where = resolved_data_dir(data_dir)
    if "newer" in reason.lower():
        advice = (
            "Use the newer BriefReader that wrote it, or start this one on another data "
            "folder with --data-dir."
        )
    else:
        advice = (
            "If the database is damaged, restore a backup with 'briefreader backups' and "
            "'briefreader restore-backup FILE', or start on another data folder with --data-dir."
        )
    return (
        f"The library could not be opened:\n\n{reason}\n\nData folder: {where}\n\n"
        f"Your documents are untouched. {advice}"
    )
