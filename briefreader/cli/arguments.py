"""Checks on command-line text that argparse cannot make: text that is not UTF-8."""

from __future__ import annotations

import argparse

from briefreader.core.errors import UserError
from briefreader.core.names import first_bad_character

# Paths may be any bytes (the catalog keeps such names); everything else is text to store.
_PATH_ARGUMENTS = frozenset({"data_dir", "folders", "path", "file", "output", "doc", "backup"})
_LABELS = {"text": "note", "tags": "tag", "old": "tag name", "new": "tag name"}


def check_text_arguments(args: argparse.Namespace) -> None:
    """Refuse, in one line, a text argument (a note, a tag, a query, a title) holding bytes
    that are not UTF-8: it could not be stored, searched or exported."""
    for name, value in vars(args).items():
        if name in _PATH_ARGUMENTS:
            continue
        for text in value if isinstance(value, list | tuple) else [value]:
            if not isinstance(text, str):
                continue
            where = first_bad_character(text)
            if where is not None:
                label = _LABELS.get(name, name.replace("_", " "))
                raise UserError(
                    f"the {label} is not valid UTF-8 ({where}); "
                    "write it in UTF-8 (file names may be anything)"
                )
