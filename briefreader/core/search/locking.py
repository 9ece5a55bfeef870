"""The index's write lock file: who holds it, and marking it free between writers."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from whoosh.util.filelock import FileLock

from briefreader.core.errors import UserError

INDEX_NAME = "MAIN"
LOCK_FILE = f"{INDEX_NAME}_WRITELOCK"
# What the lock file says between writers. The file itself is never deleted while in use: a
# writer waiting for the lock may have just opened it, and would then hold a lock on a
# deleted file while the next writer creates and locks a new one, two writers at once, each
# deleting the other's segment files. A dead writer leaves its pid (or nothing) instead.
LOCK_FREE = "free"


class IndexBusyError(UserError):
    """Another process holds the index's write lock."""


def lock_held(path: Path) -> bool | None:
    """Whether someone holds the lock file (None: there is none). Never creates the file:
    an empty lock file left by a mere check would later look like a dead writer's."""
    if os.name != "posix":
        if not path.exists():
            return None
        lock = FileLock(str(path))
        try:
            if not lock.acquire(blocking=False):
                return True
        except OSError:
            return False  # unreadable lock file: treat it as left behind
        with suppress(Exception):
            lock.release()
        return False
    import fcntl

    try:
        fd = os.open(path, os.O_WRONLY)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)  # also lets go of the lock, if taken
    return False


def mark_lock_free(path: Path) -> None:
    """Write LOCK_FREE into the lock file if nobody holds the lock (else leave it be)."""
    with suppress(OSError):
        lock = FileLock(str(path))
        if lock.acquire(blocking=False):
            try:
                os.ftruncate(lock.fd, 0)
                os.write(lock.fd, LOCK_FREE.encode("ascii"))
            finally:
                lock.release()


def process_alive(pid: int) -> bool:
    """True when process ``pid`` runs (POSIX); elsewhere only this process counts."""
    if pid == os.getpid():
        return True
    if os.name != "posix":
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, owned by someone else
    return True


@contextmanager
def held_exclusively(path: Path, timeout: float) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (made if needed) while the block runs, waiting up
    to ``timeout`` seconds for another process to let go (then going on regardless: the
    lock only orders processes that open the index at the same instant)."""
    if os.name != "posix":
        yield
        return
    import fcntl

    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o644)
    except OSError:  # a read-only data dir: nothing to order
        yield
        return
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError:
                if time.monotonic() >= deadline:
                    break
                time.sleep(0.02)
        yield
    finally:
        os.close(fd)  # lets go of the lock
