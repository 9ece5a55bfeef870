"""File paths in SQLite: text, or the raw bytes of a name that is not UTF-8.

SQLite text must be UTF-8, but a POSIX file name is bytes; Python hands an undecodable byte
over as a lone surrogate (see ``core/names.py``). Such a path is stored as a BLOB of its
bytes: a BLOB never equals a TEXT, so the two forms cannot be confused, and it comes back
as the very name the file system has.
"""

from __future__ import annotations

import os
from pathlib import Path

from briefreader.core.names import display_name


def sql_path(path: str | Path) -> str | bytes:
    """A path as SQLite keeps it: text, or its raw bytes when the name is not valid UTF-8
    (a BLOB never equals a TEXT, so the two forms cannot be confused)."""
    text = str(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        try:
            return os.fsencode(text)
        except UnicodeEncodeError:
            raise ValueError(f"not a file name: {display_name(text)!r}") from None
    return text


def os_path(value: str | bytes) -> str:
    """A path read back from SQLite (see ``sql_path``)."""
    return os.fsdecode(value) if isinstance(value, bytes) else value
