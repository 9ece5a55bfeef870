"""Resident set size of this process (peak and current), in MB."""

from __future__ import annotations

import os
import resource
import sys
from pathlib import Path

_STATUS = Path("/proc/self/status")
_PAGE_KB = (os.sysconf("SC_PAGE_SIZE") // 1024) if hasattr(os, "sysconf") else 4


def _status_mb(key: str) -> float | None:
    try:
        for line in _STATUS.read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024  # kB
    except (OSError, ValueError, IndexError):
        return None
    return None


def peak_rss_mb() -> float | None:
    """Peak RSS of this process: VmHWM on Linux, else ``ru_maxrss``."""
    value = _status_mb("VmHWM")
    if value is not None:
        return value
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return maxrss / (1024 * 1024) if sys.platform == "darwin" else maxrss / 1024


def current_rss_mb() -> float | None:
    """Current RSS of this process (VmRSS; Linux only)."""
    return _status_mb("VmRSS")


def reset_peak() -> bool:
    """Reset VmHWM to the current RSS (Linux >= 4.0, writing 5 to clear_refs); True if done."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def _children(pid: int) -> list[int]:
    kids: list[int] = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            text = (task / "children").read_text()
            kids.extend(int(k) for k in text.split())
    except (OSError, ValueError):
        pass
    return kids


def process_tree(pid: int) -> list[int]:
    """``pid`` and all its descendants (Linux; just ``[pid]`` elsewhere)."""
    tree, todo = [], [pid]
    while todo:
        current = todo.pop()
        tree.append(current)
        todo.extend(_children(current))
    return tree


def _statm_kb(pid: int) -> int:
    """Resident size from /proc/PID/statm: cheap enough to read every few milliseconds."""
    try:
        with open(f"/proc/{pid}/statm") as handle:
            return int(handle.read().split()[1]) * _PAGE_KB
    except (OSError, ValueError, IndexError):
        return 0


def _pss_kb(pid: int) -> int:
    """Proportional set size (smaps_rollup walks page tables: ~10 ms per 100 MB)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        return 0
    return 0


def tree_rss_mb(pid: int) -> float:
    """Sum of RSS over ``pid`` and its descendants, in MB (0 off Linux)."""
    return sum(_statm_kb(member) for member in process_tree(pid)) / 1024


def tree_pss_mb(pid: int) -> float:
    """Sum of PSS over ``pid`` and its descendants, in MB (0 off Linux)."""
    return sum(_pss_kb(member) for member in process_tree(pid)) / 1024
