"""Atomic file writes: a temporary file in the target folder, fsync, then os.replace."""

from __future__ import annotations

import contextlib
import errno
import glob
import logging
import os
import secrets
import stat
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from briefreader.core.errors import ExportError
from briefreader.core.leftovers import remove_stale

log = logging.getLogger(__name__)

# Where only devices and kernel views live (/dev/stdout is a link into /proc/self/fd).
_SYSTEM_FOLDERS = tuple(Path(p) for p in ("/dev", "/proc", "/sys") if os.name == "posix")
_NEW_FILE_MODE = 0o666  # the umask takes its share off, as for any new file


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


def writable_target(path: str | os.PathLike[str]) -> Path:
    """The real path an export to ``path`` writes, or ExportError if it is no place for one.

    Only a new name or an existing regular file is written (through a symbolic link, the
    file it points to). A folder, device (``/dev/null``), pipe, socket or terminal is
    refused: replacing one with a regular file would break it, and writing into it is not
    "saving a file".
    """
    target = Path(path).expanduser()
    try:
        info = os.stat(target)  # follows links: /dev/stdout is a terminal or a pipe
    except FileNotFoundError:
        info = None
    except OSError as error:
        raise ExportError(f"Cannot export to {target}: {_reason(error)}") from error
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise ExportError(f"Cannot export to {target}: it is a folder")
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise ExportError(
            f"Cannot export to {target}: it is {_kind(info.st_mode)}, not a file; "
            f"choose a file name"
        )
    real = Path(os.path.realpath(target))
    named = [*_link_chain(target), real]
    if any(path.is_relative_to(system) for path in named for system in _SYSTEM_FOLDERS):
        raise ExportError(f"Cannot export to {target}: it is a device or process file, not a file")
    if not real.parent.is_dir():
        raise ExportError(f"Cannot export to {target}: the folder {real.parent} does not exist")
    return real


def _link_chain(path: Path) -> list[Path]:
    """``path`` and every path its chain of symbolic links passes through."""
    chain = [Path(os.path.abspath(path))]
    for _hop in range(40):  # the kernel's own limit on links in a row
        try:
            link = os.readlink(chain[-1])
        except OSError:
            break
        chain.append(Path(os.path.abspath(chain[-1].parent / link)))
    return chain


def _kind(mode: int) -> str:
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def write_atomic(path: str | os.PathLike[str], data: bytes | Callable[[BinaryIO], None]) -> Path:
    """Write ``data`` (bytes, or a function writing to a binary file) to ``path`` atomically.

    Either the complete new file is in place afterwards, or the old file (if any) is left
    untouched: the data goes to a temporary file in the same folder, is flushed to disk and
    then renamed over the target. An existing file keeps its permissions; a new one gets
    those of any new file (0666 less the umask). Raises ``ExportError`` with a one-line
    message when the target cannot be written (see ``writable_target``); exceptions raised
    by a ``data`` function propagate unchanged (after the temporary file has been removed).
    """
    target = writable_target(path)
    folder = target.parent
    try:
        mode: int | None = stat.S_IMODE(target.stat().st_mode)
    except OSError:
        mode = None
    remove_stale(folder, f".{glob.escape(target.name)}.????????.tmp")  # a killed export's
    try:
        fd, tmp = _create_temporary(target)
    except OSError as error:
        raise ExportError(f"Cannot write to {folder}: {_reason(error)}") from error
    try:
        with os.fdopen(fd, "wb") as stream:
            if callable(data):
                data(stream)
            else:
                stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if mode is not None:
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


def _create_temporary(target: Path) -> tuple[int, Path]:
    """A new hidden file beside ``target``, created with the umask applied (unlike mkstemp,
    which makes it 0600)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _attempt in range(100):
        tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            return os.open(tmp, flags, _NEW_FILE_MODE), tmp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary file name", str(target.parent))
