"""The window's own preferences (geometry, splitter sizes, theme, font size) in QSettings.

The user's data (folders, colour meanings, reading positions) lives in the Library; this is
only how the window looks. Tests inject a ``QSettings`` on a temporary INI file.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings

ORGANIZATION = "BriefReader"
APPLICATION = "BriefReader"

THEMES = ("system", "light", "dark")
PDF_VIEWS = ("pages", "text")  # a PDF shown as its pages, or as its reflowed text
DEFAULT_FONT_SIZE = 12
MIN_FONT_SIZE = 8
MAX_FONT_SIZE = 32


class Settings:
    """Typed access to the window settings; every setter writes through at once."""

    def __init__(self, qsettings: QSettings | None = None) -> None:
        self._qs = qsettings if qsettings is not None else QSettings(ORGANIZATION, APPLICATION)

    @classmethod
    def at_path(cls, path: str) -> Settings:
        """Settings kept in an INI file at ``path`` (tests, portable installs)."""
        return cls(QSettings(path, QSettings.Format.IniFormat))

    @property
    def qsettings(self) -> QSettings:
        return self._qs

    def sync(self) -> None:
        self._qs.sync()

    # ------------------------------------------------------------------ window state

    def geometry(self) -> QByteArray | None:
        return self._bytes("window/geometry")

    def set_geometry(self, value: QByteArray) -> None:
        self._qs.setValue("window/geometry", value)

    def window_state(self) -> QByteArray | None:
        return self._bytes("window/state")

    def set_window_state(self, value: QByteArray) -> None:
        self._qs.setValue("window/state", value)

    def splitter_state(self, name: str) -> QByteArray | None:
        return self._bytes(f"splitters/{name}")

    def set_splitter_state(self, name: str, value: QByteArray) -> None:
        self._qs.setValue(f"splitters/{name}", value)

    # ------------------------------------------------------------------ look

    def theme(self) -> str:
        value = str(self._qs.value("look/theme", "system"))
        return value if value in THEMES else "system"

    def set_theme(self, value: str) -> None:
        if value not in THEMES:
            raise ValueError(f"unknown theme {value!r}")
        self._qs.setValue("look/theme", value)

    def font_size(self) -> int:
        return _clamp_font(self._int("look/font_size", DEFAULT_FONT_SIZE))

    def set_font_size(self, value: int) -> None:
        self._qs.setValue("look/font_size", _clamp_font(int(value)))

    def pdf_view(self) -> str:
        value = str(self._qs.value("look/pdf_view", "pages"))
        return value if value in PDF_VIEWS else "pages"

    def set_pdf_view(self, value: str) -> None:
        if value not in PDF_VIEWS:
            raise ValueError(f"unknown PDF view {value!r}")
        self._qs.setValue("look/pdf_view", value)

    def pdf_zoom(self) -> float | None:
        """Pixels per point of the page view; None: fit the page width."""
        value = self._qs.value("look/pdf_zoom", "fit")
        try:
            return float(str(value))
        except (TypeError, ValueError):
            return None

    def set_pdf_zoom(self, value: float | None) -> None:
        self._qs.setValue("look/pdf_zoom", "fit" if value is None else round(float(value), 3))

    def side_tab(self, name: str) -> int:
        return self._int(f"tabs/{name}", 0)

    def set_side_tab(self, name: str, index: int) -> None:
        self._qs.setValue(f"tabs/{name}", int(index))

    def last_document(self) -> str | None:
        value = self._qs.value("session/last_document")
        return str(value) if value else None

    def set_last_document(self, doc_id: str | None) -> None:
        self._qs.setValue("session/last_document", doc_id or "")

    # ------------------------------------------------------------------ export

    def export_open_folder(self) -> bool:
        """Open the folder after an export (the dialog's checkbox; off unless chosen)."""
        return str(self._qs.value("export/open_folder", "false")).lower() == "true"

    def set_export_open_folder(self, value: bool) -> None:
        self._qs.setValue("export/open_folder", "true" if value else "false")

    # ------------------------------------------------------------------ helpers

    def _bytes(self, key: str) -> QByteArray | None:
        value = self._qs.value(key)
        if isinstance(value, QByteArray) and not value.isEmpty():
            return value
        if isinstance(value, (bytes, bytearray)) and value:
            return QByteArray(bytes(value))
        return None

    def _int(self, key: str, default: int) -> int:
        value = self._qs.value(key, default)
        try:
            return int(str(value))
        except (TypeError, ValueError):
            return default


def _clamp_font(value: int) -> int:
    return max(MIN_FONT_SIZE, min(MAX_FONT_SIZE, value))
