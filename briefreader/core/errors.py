"""Errors a user can cause: each carries a one-line message fit to show as it is."""

from __future__ import annotations

import errno


class UserError(Exception):
    """Something the user can fix (bad folder, bad query, unwritable data dir)."""


class LibraryError(UserError):
    """A library operation that cannot be done as asked."""


class SearchCancelled(Exception):  # not an error: the caller asked for it
    """A search stopped because its caller no longer wanted it (a newer one was typed)."""


class ExportError(UserError):
    """An export that cannot be written; ``str(error)`` is a one-line message for the user."""


def os_error_reason(error: OSError) -> str:
    """What an OSError from the environment means, in a few words for a one-line message."""
    if error.errno == errno.ENOSPC:
        return "the disk is full; free some space and try again"
    if error.errno == errno.EROFS:
        return "the disk is read-only"
    if error.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    return error.strerror or str(error)
