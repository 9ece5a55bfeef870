"""Themes, stylesheets, icons and the desktop entry are found and load."""

from __future__ import annotations

import configparser
from pathlib import Path

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from briefreader.core.models import COLORS
from briefreader.gui import colors, resources, theme


@pytest.fixture
def restore_look(qapp):
    style, palette, sheet = qapp.style().name(), qapp.palette(), qapp.styleSheet()
    yield qapp
    theme.apply_theme(qapp, "light")
    qapp.setStyle(style)
    qapp.setPalette(palette)
    qapp.setStyleSheet(sheet)


def test_resources_are_found_from_the_repository() -> None:
    folder = resources.resources_dir()
    assert folder is not None and (folder / "icons" / "briefreader.svg").is_file()
    assert "QTextBrowser#readerView" in resources.stylesheet("light")
    assert "QTextBrowser#readerView" in resources.stylesheet("dark")
    assert resources.stylesheet("light") != resources.stylesheet("dark")


def test_environment_override_comes_first(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(resources.ENV_VAR, str(tmp_path))
    assert resources.candidate_dirs()[0] == tmp_path


def test_icons_render() -> None:
    assert not resources.app_icon().isNull()
    for name in resources.TOOLBAR_ICONS:
        for look in ("light", "dark"):
            icon = theme.toolbar_icon(name, look)
            assert not icon.isNull(), name
            image = icon.pixmap(24, 24).toImage()
            assert any(image.pixelColor(x, y).alpha() for x in range(24) for y in range(24))
    assert resources.svg_icon("no-such-icon").isNull()


def test_desktop_entry_is_valid() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # keys are case-sensitive
    entry.read(resources.resource_path("briefreader.desktop"), encoding="utf-8")
    section = entry["Desktop Entry"]
    assert section["Type"] == "Application"
    assert section["Exec"].startswith("briefreader")
    assert section["Icon"] == "briefreader"


def test_apply_light_and_dark(restore_look: QApplication) -> None:
    app = restore_look
    assert theme.apply_theme(app, "dark") == "dark"
    assert theme.current_theme(app) == "dark"
    assert app.palette().color(QPalette.ColorRole.Window).lightness() < 80
    assert "#1d1e21" in app.styleSheet()
    assert theme.apply_theme(app, "light") == "light"
    assert app.palette().color(QPalette.ColorRole.Window).lightness() > 200
    assert theme.resolve("system") in ("light", "dark")


def test_theme_manager_signals_changes(restore_look: QApplication, qtbot) -> None:
    manager = theme.ThemeManager(restore_look, "light")
    assert manager.theme == "light"
    with qtbot.waitSignal(manager.theme_changed) as blocker:
        manager.set_mode("dark")
    assert blocker.args == ["dark"]
    assert manager.mode == "dark"
    manager.set_mode("system")
    assert manager.theme == theme.resolve("system")
    with pytest.raises(ValueError):
        manager.set_mode("sepia")


def test_highlight_colours_are_translucent_and_distinct() -> None:
    for name in COLORS:
        light, dark = colors.highlight_color(name), colors.highlight_color(name, dark=True)
        assert 0 < dark.alpha() <= light.alpha() < 255
    assert colors.mark_color().rgb() not in {colors.swatch(c).rgb() for c in COLORS}
    assert set(colors.SWATCHES) == set(COLORS)
    assert colors.swatch("not a colour") == colors.swatch("yellow")
