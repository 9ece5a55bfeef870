"""How an index run treats files: the per-file loading budget and symbolic links.

Kept in the store's settings table (``briefreader settings``), so the window and the
command line index alike. Unknown or bad values fall back to the defaults with a warning.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field

from briefreader.core.formats.walk import LINK_POLICIES, LINKS_INSIDE
from briefreader.core.sync.pool import LoadBudget

log = logging.getLogger(__name__)


SETTING_SECONDS = "index.file_seconds"
SETTING_MEMORY = "index.file_memory_mb"
SETTING_LINKS = "index.follow_links"
SETTINGS = {
    SETTING_SECONDS: "seconds one file may take to read (default 20)",
    SETTING_MEMORY: "MB of memory one file may take to read, 0 for no limit (default 1536)",
    SETTING_LINKS: "follow symbolic links 'inside' the library folders (default) or 'never'",
}


@dataclass(frozen=True)
class IndexOptions:
    budget: LoadBudget = field(default_factory=LoadBudget)
    follow_links: str = LINKS_INSIDE

    @classmethod
    def from_settings(cls, settings: Mapping[str, str]) -> IndexOptions:
        default = LoadBudget()
        seconds = _number(settings, SETTING_SECONDS, default.seconds, 0.5, 86400.0)
        memory = int(_number(settings, SETTING_MEMORY, default.memory_mb, 0, 2**20))
        links = settings.get(SETTING_LINKS, LINKS_INSIDE)
        if links not in LINK_POLICIES:
            log.warning("setting %s=%r is not one of %s", SETTING_LINKS, links, LINK_POLICIES)
            links = LINKS_INSIDE
        return cls(LoadBudget(seconds, memory), links)


def check_setting(key: str, value: str) -> str:
    """The value to store for ``key``; ValueError with a one-line reason when it is bad."""
    if key not in SETTINGS:
        raise ValueError(f"unknown setting {key!r}; known: {', '.join(SETTINGS)}")
    if key == SETTING_LINKS:
        if value not in LINK_POLICIES:
            raise ValueError(f"{key} is 'inside' or 'never', not {value!r}")
        return value
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f"{key} takes a number, not {value!r}") from None
    low = 0.5 if key == SETTING_SECONDS else 0
    if not low <= number <= (86400 if key == SETTING_SECONDS else 2**20):
        raise ValueError(f"{key} is out of range: {value}")
    return value


def _number(
    settings: Mapping[str, str], key: str, default: float, low: float, high: float
) -> float:
    raw = settings.get(key)
    if raw is None:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = float("nan")
    if not low <= value <= high:
        log.warning("setting %s=%r is not a number from %g to %g", key, raw, low, high)
        return default
    return value
