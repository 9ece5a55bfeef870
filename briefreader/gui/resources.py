"""Find BriefReader's resources (icons, stylesheets, desktop entry) and load them.

``resources/`` lives beside the package in the repository. Looked for, in order:
``$BRIEFREADER_RESOURCES``; ``briefreader/resources`` inside the installed package (if a
build ever puts it there); the repository's ``resources/`` (a checkout or an editable
install); ``<prefix>/share/briefreader/resources`` (a data-files install).
"""

from __future__ import annotations

import logging
import os
import sys
from functools import cache
from pathlib import Path

from PySide6.QtGui import QColor, QIcon

log = logging.getLogger(__name__)

ENV_VAR = "BRIEFREADER_RESOURCES"
APP_ICON = "briefreader"
TOOLBAR_ICONS = ("highlight", "note", "tag", "search", "export")
_MARKER = Path("icons") / f"{APP_ICON}.svg"
_ICON_SIZES = (16, 20, 24, 32, 48)


def candidate_dirs() -> list[Path]:
    found: list[Path] = []
    override = os.environ.get(ENV_VAR)
    if override:
        found.append(Path(override).expanduser())
    # Inside the installed package (not importlib.resources: a zipped package could not be
    # read as a folder anyway, and that import costs the start-up 10 ms).
    package = Path(__file__).resolve().parents[1]
    found.append(package / "resources")
    found.append(package.parent / "resources")
    found.append(Path(sys.prefix) / "share" / "briefreader" / "resources")
    return found


@cache
def resources_dir() -> Path | None:
    """The first resources folder that holds the application icon, or None."""
    for folder in candidate_dirs():
        if (folder / _MARKER).is_file():
            return folder
    log.warning("BriefReader's resources folder was not found (looked in %s)", candidate_dirs())
    return None


def resource_path(*parts: str) -> Path | None:
    folder = resources_dir()
    if folder is None:
        return None
    path = folder.joinpath(*parts)
    return path if path.exists() else None


def read_text(*parts: str) -> str:
    """A resource file's text, or "" when it is missing (the app still runs, plainer)."""
    path = resource_path(*parts)
    return path.read_text(encoding="utf-8") if path else ""


def stylesheet(theme: str) -> str:
    """The Qt stylesheet of ``"light"`` or ``"dark"``."""
    return read_text("styles", f"{'dark' if theme == 'dark' else 'light'}.qss")


def app_icon() -> QIcon:
    path = resource_path("icons", f"{APP_ICON}.svg")
    return QIcon(str(path)) if path else QIcon()


def svg_icon(name: str, color: QColor | str | None = None) -> QIcon:
    """A toolbar icon drawn in ``color`` (its SVG strokes with ``currentColor``)."""
    from PySide6.QtCore import QByteArray, QRectF, QSize, Qt
    from PySide6.QtGui import QPainter, QPixmap
    from PySide6.QtSvg import QSvgRenderer

    data = read_text("icons", f"{name}.svg")
    if not data:
        return QIcon()
    fill = QColor(color) if color is not None else QColor("#3c4048")
    renderer = QSvgRenderer(QByteArray(data.replace("currentColor", fill.name()).encode()))
    if not renderer.isValid():
        log.warning("icon %s is not a valid SVG", name)
        return QIcon()
    icon = QIcon()
    for size in _ICON_SIZES:
        for scale in (1, 2):
            pixmap = QPixmap(QSize(size * scale, size * scale))
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            renderer.render(painter, QRectF(0, 0, size * scale, size * scale))
            painter.end()
            pixmap.setDevicePixelRatio(scale)
            icon.addPixmap(pixmap)
    return icon
