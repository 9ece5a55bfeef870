"""Work around a reference-count bug of PySide6/shiboken6 6.12.0 on CPython 3.10-3.11.

Its generated wrappers return ``None`` (every void method: ``setFont``, ``setExtraSelections``,
``QPainter.fillRect`` ...) and ``True``/``False`` (``Signal.emit``) without taking a new
reference. From CPython 3.12 those objects are immortal and nothing happens; before 3.12
each call takes one reference away, and after a few thousand calls the interpreter aborts
with "Fatal Python error: none_dealloc" (or "bool_dealloc"). Giving the three singletons a
huge reference count makes them immortal in practice. Idempotent; a no-op where not needed.
"""

from __future__ import annotations

import ctypes
import logging
import sys

log = logging.getLogger(__name__)

_AFFECTED = ("6.12.",)
_BOOST = 1 << 40  # far more references than any process can drop
_SINGLETONS = (None, True, False)


def needs_refcount_guard(shiboken_version: str, python: tuple[int, ...] = sys.version_info) -> bool:
    return tuple(python[:2]) < (3, 12) and shiboken_version.startswith(_AFFECTED)


def guard_refcount_bug() -> bool:
    """Make None/True/False effectively immortal when the buggy binding runs; True if done."""
    try:
        import shiboken6
    except ImportError:  # pragma: no cover - PySide6 is a dependency
        return False
    if not needs_refcount_guard(getattr(shiboken6, "__version__", "")):
        return False
    for obj in _SINGLETONS:
        refcount = ctypes.c_ssize_t.from_address(id(obj))  # ob_refcnt is the first field
        if refcount.value < _BOOST:
            refcount.value += _BOOST
            log.debug("guarded %r against shiboken6 %s", obj, shiboken6.__version__)
    return True
