"""Atomic file writes: a temporary file in the target folder, fsync, then os.replace."""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from .model import ExportError

log = logging.getLogger(__name__)

_DEFAULT_MODE = 0o644


def _reason(error: OSError) -> str:
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "permission denied"
    if error.errno == errno.ENOSPC:
        return "the disk is full"
    if error.errno == errno.ENOENT:
        return "the folder does not exist"
    return error.strerror or str(error)


def _fsync_dir(folder: Path) -> None:
    """Make the rename durable (POSIX); not possible, nor needed, on Windows."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_atomic(path: str | os.PathLike[str], data: bytes | Callable[[BinaryIO], None]) -> Path:
    """Write ``data`` (bytes, or a function writing to a binary file) to ``path`` atomically.

    Either the complete new file is in place afterwards, or the old file (if any) is left
    untouched: the data goes to a temporary file in the same folder, is flushed to disk and
    then renamed over the target. Raises ``ExportError`` with a one-line message when the
    target cannot be written; exceptions raised by a ``data`` function propagate unchanged
    (after the temporary file has been removed).
    """
    target = Path(path).expanduser()
    folder = target.parent
    if target.is_dir():
        raise ExportError(f"Cannot export to {target}: it is a folder")
    if not folder.is_dir():
        raise ExportError(f"Cannot export to {target}: the folder {folder} does not exist")
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except OSError:
        mode = _DEFAULT_MODE
    try:
        fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as error:
        raise ExportError(f"Cannot write to {folder}: {_reason(error)}") from error
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as stream:
            if callable(data):
                data(stream)
            else:
                stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        with contextlib.suppress(OSError):
            os.chmod(tmp, mode)
        os.replace(tmp, target)
    except OSError as error:
        tmp.unlink(missing_ok=True)
        raise ExportError(f"Cannot write {target}: {_reason(error)}") from error
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(folder)
    log.info("wrote %s", target)
    return target
