"""Checks on command-line text that argparse cannot make: text that is not UTF-8."""

from __future__ import annotations

import argparse
import datetime
import re
from collections.abc import Callable

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


def whole_number(low: int, high: int) -> Callable[[str], int]:
    """An argparse type: a whole number from ``low`` to ``high``, or a one-line error."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"must be a whole number from {low:,} to {high:,}, not {_short(text)!r}"
            ) from None
        if not low <= value <= high:
            shown = f"{value:,}" if len(text) < 40 else f"a number of {len(text.strip())} digits"
            raise argparse.ArgumentTypeError(
                f"must be a whole number from {low:,} to {high:,}, not {shown}"
            )
        return value

    return parse


_DATE = re.compile(r"(\d{4})(?:[-/](\d{1,2})(?:[-/](\d{1,2}))?)?")


def calendar_date(text: str) -> str:
    """An argparse type: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` that is a real date."""
    found = _DATE.fullmatch(text.strip())
    if found is None:
        raise argparse.ArgumentTypeError(
            f"{_short(text)!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"
        )
    year, month, day = (int(part) if part else None for part in found.groups())
    try:
        datetime.date(year or 1, month or 1, day or 1)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date: {error}") from None
    return text.strip()


def check_date_range(date_from: str | None, date_to: str | None) -> None:
    """A range whose start is after its end matches nothing: say so rather than show none."""
    if date_from and date_to and _date_key(date_from) > _date_key(date_to, end=True):
        raise UserError(
            f"--from {date_from} is after --to {date_to}, so no date can match; "
            f"did you mean --from {date_to} --to {date_from}?"
        )


def _date_key(text: str, end: bool = False) -> tuple[int, int, int]:
    found = _DATE.fullmatch(text.strip())
    assert found is not None  # checked by calendar_date
    year, month, day = (int(part) if part else None for part in found.groups())
    if end:
        return year or 9999, month or 12, day or 31
    return year or 0, month or 1, day or 1


def _short(text: str, most: int = 40) -> str:
    return text if len(text) <= most else text[: most - 1] + "…"
