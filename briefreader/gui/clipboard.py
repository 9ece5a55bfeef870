"""Putting text on the clipboard as plain text and HTML together (one QMimeData), so a
citation pastes in italics into a word processor and as plain text into a terminal."""

from __future__ import annotations

from PySide6.QtCore import QMimeData
from PySide6.QtGui import QGuiApplication


def copy_rich(plain: str, html: str) -> None:
    mime = QMimeData()
    mime.setText(plain)
    mime.setHtml(html)
    QGuiApplication.clipboard().setMimeData(mime)
