"""Errors a user can cause: each carries a one-line message fit to show as it is."""

from __future__ import annotations


class UserError(Exception):
    """Something the user can fix (bad folder, bad query, unwritable data dir)."""


class LibraryError(UserError):
    """A library operation that cannot be done as asked."""


class ExportError(UserError):
    """An export that cannot be written; ``str(error)`` is a one-line message for the user."""
