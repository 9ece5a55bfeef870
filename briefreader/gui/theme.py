"""Light and dark looks: Fusion style, a palette, a stylesheet; "system" follows the platform.

``apply_theme(app, mode)`` styles the application once; :class:`ThemeManager` also follows
the platform's colour scheme while the mode is ``"system"`` and tells the window
(``theme_changed("light" | "dark")``) so the reader can re-render to match.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from briefreader.gui import resources

if TYPE_CHECKING:
    from PySide6.QtGui import QIcon

log = logging.getLogger(__name__)

THEMES = ("system", "light", "dark")
_PROPERTY = "briefreader_theme"
_OVERRIDE = "briefreader_scheme_override"
FUSION_SET = "briefreader_fusion"  # the application was started in the Fusion style

_LIGHT = {
    "Window": "#f3f2ee",
    "WindowText": "#1f2328",
    "Base": "#fcfbf8",
    "AlternateBase": "#f0efea",
    "Text": "#1f2328",
    "Button": "#ecebe6",
    "ButtonText": "#1f2328",
    "BrightText": "#ffffff",
    "Highlight": "#3b78c3",
    "HighlightedText": "#ffffff",
    "ToolTipBase": "#fffef5",
    "ToolTipText": "#1f2328",
    "PlaceholderText": "#8a8d93",
    "Link": "#1a5fb4",
    "LinkVisited": "#6a3fb4",
    "Mid": "#c9c6be",
    "Midlight": "#e2e0da",
    "Dark": "#a6a39b",
    "Shadow": "#7d7a73",
    "Light": "#ffffff",
}
_DARK = {
    "Window": "#26282c",
    "WindowText": "#e4e5e8",
    "Base": "#1d1e21",
    "AlternateBase": "#282a2e",
    "Text": "#dedfe3",
    "Button": "#303236",
    "ButtonText": "#e4e5e8",
    "BrightText": "#ffffff",
    "Highlight": "#4a86cf",
    "HighlightedText": "#ffffff",
    "ToolTipBase": "#2d2f34",
    "ToolTipText": "#e8e9ec",
    "PlaceholderText": "#868a91",
    "Link": "#78aeed",
    "LinkVisited": "#b59cf0",
    "Mid": "#4a4d53",
    "Midlight": "#3a3c41",
    "Dark": "#18191b",
    "Shadow": "#0d0d0e",
    "Light": "#55585f",
}
_DISABLED_TEXT = {"light": "#a3a6ab", "dark": "#6d7077"}


def system_scheme(ask_platform: bool = True) -> str:
    """``"dark"`` or ``"light"``: the platform's colour scheme (Qt 6.5+), else its palette.

    ``ask_platform=False`` looks at the palette only: asking for the colour scheme builds
    PySide's whole ``Qt`` enum namespace (some 20 ms), too dear before the first paint.
    """
    if ask_platform:
        from PySide6.QtCore import Qt

        hints = QGuiApplication.styleHints()
        scheme = hints.colorScheme() if hasattr(hints, "colorScheme") else None
        if scheme == Qt.ColorScheme.Dark:
            return "dark"
        if scheme == Qt.ColorScheme.Light:
            return "light"
    app = QGuiApplication.instance()
    if (
        app is not None
        and QGuiApplication.palette().color(QPalette.ColorRole.Window).lightness() < 110
    ):
        return "dark"
    return "light"


def resolve(mode: str, ask_platform: bool = True) -> str:
    """``"light"`` or ``"dark"`` for a mode in :data:`THEMES`."""
    return mode if mode in ("light", "dark") else system_scheme(ask_platform)


def palette_for(theme: str) -> QPalette:
    colors = _DARK if theme == "dark" else _LIGHT
    palette = QPalette()
    for role_name, value in colors.items():
        palette.setColor(getattr(QPalette.ColorRole, role_name), QColor(value))
    disabled = QColor(_DISABLED_TEXT["dark" if theme == "dark" else "light"])
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.ButtonText,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return palette


def apply_theme(app: QApplication, mode: str, ask_platform: bool = True) -> str:
    """Style ``app`` for ``mode`` ("system", "light" or "dark"); return the look applied.

    ``ask_platform=False`` (before the first paint) neither asks for nor sets the platform's
    colour scheme; a second call with True completes the job (see :class:`ThemeManager`).
    What is already in place is not set again (a stylesheet re-polishes every widget).
    """
    hints = QGuiApplication.styleHints()
    if ask_platform and hasattr(hints, "unsetColorScheme"):
        # Qt 6.8+: native dialogs follow an explicit mode
        from PySide6.QtCore import Qt

        if mode in ("light", "dark"):
            hints.setColorScheme(Qt.ColorScheme.Dark if mode == "dark" else Qt.ColorScheme.Light)
            app.setProperty(_OVERRIDE, True)
        elif app.property(_OVERRIDE):
            app.setProperty(_OVERRIDE, False)
            hints.unsetColorScheme()  # back to what the platform says, before resolving
    theme = resolve(mode, ask_platform)
    if not app.property(FUSION_SET) and app.style().name().lower() != "fusion":
        app.setStyle("Fusion")  # the one style that honours a palette on every platform
    palette = palette_for(theme)
    if app.palette() != palette:
        app.setPalette(palette)
    sheet = resources.stylesheet(theme)
    if app.styleSheet() != sheet:
        app.setStyleSheet(sheet)
    app.setProperty(_PROPERTY, theme)
    log.debug("theme %s applied (mode %s)", theme, mode)
    return theme


def current_theme(app: QApplication | None = None) -> str:
    found = app or QApplication.instance()
    value = found.property(_PROPERTY) if found is not None else None
    return value if value in ("light", "dark") else "light"


def toolbar_icon(name: str, theme: str | None = None) -> QIcon:
    """One of :data:`resources.TOOLBAR_ICONS`, drawn in the theme's text colour."""
    theme = theme or current_theme()
    return resources.svg_icon(name, (_DARK if theme == "dark" else _LIGHT)["WindowText"])


class ThemeManager(QObject):
    """Keeps the application styled for a mode and follows the platform in "system" mode."""

    theme_changed = Signal(str)  # "light" or "dark": re-render what has colours of its own

    def __init__(
        self,
        app: QApplication,
        mode: str = "system",
        parent: QObject | None = None,
        *,
        settle_later: bool = False,
    ):
        """``settle_later``: style from the palette alone until :meth:`settle` asks the
        platform (start-up: the window paints first; it is rarely restyled after)."""
        super().__init__(parent or app)
        self._app = app
        self._mode = mode if mode in THEMES else "system"
        self._theme = ""
        self._settled = False
        if settle_later:
            self._theme = apply_theme(app, self._mode, ask_platform=False)
        else:
            self.settle()

    def settle(self) -> None:
        """Ask the platform for its colour scheme, and follow its changes from now on."""
        if self._settled:
            return
        self._settled = True
        hints = QGuiApplication.styleHints()
        if hasattr(hints, "colorSchemeChanged"):
            hints.colorSchemeChanged.connect(self._on_scheme_changed)
        self._apply()

    @property
    def mode(self) -> str:
        return self._mode

    @property
    def theme(self) -> str:
        return self._theme

    def set_mode(self, mode: str) -> None:
        if mode not in THEMES:
            raise ValueError(f"unknown theme {mode!r}")
        self._mode = mode
        if self._settled:
            self._apply()
        else:
            self.settle()

    def _apply(self) -> None:
        theme = apply_theme(self._app, self._mode)
        if theme != self._theme:
            self._theme = theme
            self.theme_changed.emit(theme)

    def _on_scheme_changed(self, _scheme: object) -> None:
        if self._mode == "system":
            self._apply()
