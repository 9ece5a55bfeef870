"""Start-up probe: ``python -m bench.startup_probe {bare|app} [DATA_DIR]``.

Prints ``time.time()`` at the first paint event of a widget inside a ``QMainWindow``, then
ends the process at once. The hook is a ``QApplication`` subclass put in place of
``PySide6.QtWidgets.QApplication`` before the app is imported; it installs an application-
wide event filter. ``bare`` shows an empty ``QMainWindow``; ``app`` runs
``briefreader.app.main(["--data-dir", DATA_DIR])``, exactly what the ``briefreader``
command runs. Both pay for this module and PySide6's import the same way.
"""

from __future__ import annotations

import os
import sys
import time

from PySide6 import QtCore, QtWidgets

_QApplication = QtWidgets.QApplication


class _FirstPaint(QtCore.QObject):
    def eventFilter(self, obj: QtCore.QObject, event: QtCore.QEvent) -> bool:
        if (
            event.type() == QtCore.QEvent.Type.Paint
            and isinstance(obj, QtWidgets.QWidget)
            and isinstance(obj.window(), QtWidgets.QMainWindow)
        ):
            sys.stdout.write(f"{time.time():.6f}\n")
            sys.stdout.flush()
            os._exit(0)
        return False


class _ProbeApplication(_QApplication):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self._first_paint = _FirstPaint()
        self.installEventFilter(self._first_paint)


def main(argv: list[str]) -> int:
    QtWidgets.QApplication = _ProbeApplication  # type: ignore[misc]
    if argv[0] == "bare":
        app = _ProbeApplication(sys.argv[:1])
        window = QtWidgets.QMainWindow()
        window.show()
        return app.exec()
    from briefreader.app import main as app_main

    code = app_main(["--data-dir", argv[1]])
    print(f"the app returned {code} before painting", file=sys.stderr)
    return 3


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
