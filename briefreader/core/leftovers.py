"""Temporary files a killed process leaves behind (a backup's ``.part``, an export's hidden
``.tmp``): removed by the next writer once they are old enough that no live writer can
still be filling them."""

from __future__ import annotations

import logging
import time
from pathlib import Path

log = logging.getLogger(__name__)

STALE_AFTER_S = 3600.0


def remove_stale(folder: Path, pattern: str, older_than_s: float = STALE_AFTER_S) -> int:
    """Delete the files in ``folder`` matching ``pattern`` not modified for ``older_than_s``
    seconds; how many went. Never fails: a file that cannot go is left."""
    removed = 0
    limit = time.time() - older_than_s
    try:
        candidates = list(folder.glob(pattern))
    except OSError:
        return 0
    for path in candidates:
        try:
            if path.is_file() and path.stat().st_mtime < limit:
                path.unlink()
                removed += 1
        except OSError:
            continue
    if removed:
        log.info("removed %d left-over file(s) %s in %s", removed, pattern, folder)
    return removed
