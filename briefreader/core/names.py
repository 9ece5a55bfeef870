"""File names that are not valid UTF-8, and text that cannot be stored.

On POSIX a file name is bytes. Python hands an undecodable byte to us as a lone surrogate
(``os.fsdecode``'s ``surrogateescape``: byte 0xff becomes U+DCFF), which opens the file
but which SQLite, JSON and the search index refuse. BriefReader keeps that form wherever a
path must lead back to the file (the catalog stores it as the raw bytes) and shows
``display_name`` (U+FFFD for each bad byte) wherever a person reads it.
"""

from __future__ import annotations

import os
import re

_SURROGATE = re.compile("[\ud800-\udfff]")


def undecodable(text: str) -> bool:
    """True when ``text`` holds a lone surrogate (it cannot be written as UTF-8)."""
    return _SURROGATE.search(text) is not None


def display_name(text: str) -> str:
    """``text`` made readable: each byte that was not UTF-8 becomes U+FFFD."""
    if not undecodable(text):
        return text
    try:
        raw = os.fsencode(text)
    except UnicodeEncodeError:  # a surrogate that stands for no byte
        return _SURROGATE.sub("\ufffd", text)
    return raw.decode("utf-8", "replace")


def first_bad_character(text: str) -> str | None:
    """Where ``text`` stops being valid UTF-8, in words ("byte 0xff at position 3")."""
    found = _SURROGATE.search(text)
    if found is None:
        return None
    code = ord(found.group())
    what = f"byte 0x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"U+{code:04X}"
    return f"{what} at position {found.start()}"
