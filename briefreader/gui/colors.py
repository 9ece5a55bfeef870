"""Colours shared by the reader and the panels: highlight colours per theme, search marks."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

# Opaque swatches (for menus, list decorations and the legend).
SWATCHES: dict[str, str] = {
    "yellow": "#f2c94c",
    "green": "#6fcf97",
    "blue": "#56a8f5",
    "pink": "#f28bbf",
    "purple": "#b18cf2",
    "red": "#eb5757",
    "orange": "#f2994a",
}

# Translucent highlight backgrounds: (light theme alpha, dark theme alpha). Dark backgrounds
# need a lower alpha so the light text on top stays readable.
_HIGHLIGHT_ALPHA = (110, 95)
_MARK_LIGHT = QColor(255, 150, 20, 170)
_MARK_DARK = QColor(255, 176, 46, 215)  # near opaque, with dark text on top (mark_text_color)


def swatch(color: str) -> QColor:
    """The opaque colour of a highlight colour name (or any colour Qt can parse)."""
    value = QColor(SWATCHES.get(color, color))
    return value if value.isValid() else QColor(SWATCHES["yellow"])


def highlight_color(color: str, dark: bool = False) -> QColor:
    """The translucent background painted over a highlighted passage."""
    value = swatch(color)
    value.setAlpha(_HIGHLIGHT_ALPHA[1] if dark else _HIGHLIGHT_ALPHA[0])
    return value


def mark_color(dark: bool = False) -> QColor:
    """Background of search-term marks: stronger and more orange than any highlight."""
    return QColor(_MARK_DARK if dark else _MARK_LIGHT)


def mark_text_color(dark: bool = False) -> QColor | None:
    """Text colour over a search mark: dark text on the bright mark in the dark theme."""
    return QColor("#1d1e21") if dark else None


def swatch_icon(color: str, size: int = 16) -> QIcon:
    """A round colour swatch for menus and list decorations."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(swatch(color).darker(130))
    painter.setBrush(swatch(color))
    painter.drawEllipse(QRectF(1.5, 1.5, size - 3.0, size - 3.0))
    painter.end()
    return QIcon(pixmap)
