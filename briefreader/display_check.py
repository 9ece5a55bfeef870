"""Explain, before Qt aborts, what a Linux machine lacks to open a real window."""

from __future__ import annotations

import ctypes.util
import os
import sys

# The Qt 6 xcb platform plugin needs these beyond what PySide6 wheels ship.
XCB_LIBRARIES = {
    "xcb-cursor": "libxcb-cursor0",
    "xcb-icccm": "libxcb-icccm4",
    "xcb-keysyms": "libxcb-keysyms1",
}
HEADLESS_PLATFORMS = ("offscreen", "minimal", "vnc")


def display_problems(environ: dict[str, str] | None = None, platform: str = sys.platform) -> str:
    """A message saying what is missing for a window, or "" when nothing is."""
    env = os.environ if environ is None else environ
    if not platform.startswith("linux"):
        return ""
    qpa = env.get("QT_QPA_PLATFORM", "")
    if qpa.startswith(HEADLESS_PLATFORMS):
        return ""
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        return (
            "no display: BriefReader needs a graphical session (DISPLAY or WAYLAND_DISPLAY is "
            "not set). On a server, use the command line: briefreader --help"
        )
    if qpa.startswith("wayland") or (env.get("WAYLAND_DISPLAY") and not env.get("DISPLAY")):
        return ""
    missing = [pkg for lib, pkg in XCB_LIBRARIES.items() if ctypes.util.find_library(lib) is None]
    if missing:
        return (
            "Qt needs system libraries that are not installed: "
            + ", ".join(missing)
            + f". Install them with: sudo apt-get install {' '.join(missing)}"
        )
    return ""
