"""Dates as written in documents and paths, to ISO "YYYY-MM-DD", "YYYY-MM" or "YYYY".

Every pattern is anchored or bounded and every input is a short line or value, so
nothing here can go quadratic on a long text.
"""

from __future__ import annotations

import datetime as dt
import re

MIN_YEAR = 1000
MAX_YEAR = 2100

_MONTH_NAMES = (
    ("jan", "january"),
    ("feb", "february"),
    ("mar", "march"),
    ("apr", "april"),
    ("may",),
    ("jun", "june"),
    ("jul", "july"),
    ("aug", "august"),
    ("sep", "sept", "september"),
    ("oct", "october"),
    ("nov", "november"),
    ("dec", "december"),
)
MONTHS: dict[str, int] = {
    name: number for number, names in enumerate(_MONTH_NAMES, start=1) for name in names
}
_MONTH = "(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"

_MDY = re.compile(rf"{_MONTH}\s+{_DAY},?\s+(\d{{4}})", re.IGNORECASE)
_DMY = re.compile(rf"{_DAY}\s+{_MONTH},?\s+(\d{{4}})", re.IGNORECASE)
_MY = re.compile(rf"{_MONTH},?\s+(\d{{4}})", re.IGNORECASE)
_ISO_SLASH = re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})")
_US = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_PDF = re.compile(r"D:(\d{4})(\d{2})?(\d{2})?")
_ZH = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?")
_YEAR = re.compile(r"(\d{4})")

# "Updated April 16, 2026", "Published: 2024-03-05", "Friday, May 20, 2005"
_LINE_PREFIX = re.compile(
    r"(?:(?:last\s+)?updated|published|posted|released|issued|dated|date|revised"
    r"|publication\s+date|cover\s+date)\s*:?\s*(?:on\s+)?",
    re.IGNORECASE,
)
_WEEKDAY = re.compile(
    r"(?:mon|tue|tues|wed|wednes|thu|thur|thurs|fri|sat|satur|sun)(?:day)?\.?,?\s+", re.IGNORECASE
)
MAX_DATE_LINE = 60


def iso(year: int, month: int | None = None, day: int | None = None) -> str | None:
    """A validated ISO date at the precision given, or None."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        if month is not None and day is not None:
            return dt.date(year, month, day).isoformat()
        if month is not None:
            dt.date(year, month, 1)
            return f"{year:04d}-{month:02d}"
    except ValueError:
        return None
    return f"{year:04d}"


def parse_date(value: str) -> str | None:
    """The date ``value`` is, written in any usual way, or None (the whole value must be a date)."""
    text = " ".join(value.split()).strip(" ,.;()[]")
    if not text or len(text) > MAX_DATE_LINE:
        return None
    for pattern, order in _EXACT:
        match = pattern.fullmatch(text)
        if match:
            return _from_groups(match.groups(), order)
    return None


def date_line(line: str) -> str | None:
    """The date of a line that is only a date ("Updated April 16, 2026", "Friday, May 20, 2005")."""
    text = line.strip()
    if not text or len(text) > MAX_DATE_LINE or not any(c.isdigit() for c in text):
        return None
    prefix = _LINE_PREFIX.match(text)
    if prefix:
        text = text[prefix.end() :]
    weekday = _WEEKDAY.match(text)
    if weekday:
        text = text[weekday.end() :]
    return parse_date(text)


def find_named_date(text: str) -> str | None:
    """The first "April 16, 2026" or "27 April 2016" style date inside a short ``text``."""
    best: tuple[int, str] | None = None
    for pattern, order in ((_MDY, "mdy"), (_DMY, "dmy")):
        match = pattern.search(text[:400])
        if match:
            found = _from_groups(match.groups(), order)
            if found and (best is None or match.start() < best[0]):
                best = (match.start(), found)
    return best[1] if best else None


def chinese_date(text: str) -> str | None:
    """A "2020年10月17日" date at the start of ``text``."""
    match = _ZH.match(text)
    return _from_groups(match.groups(), "ymd") if match else None


def pdf_date(value: str) -> str | None:
    """A PDF date string ("D:20260417125654-04'00'") or any other usual date."""
    match = _PDF.match(value.strip())
    if match:
        return _from_groups(match.groups(), "ymd")
    return parse_date(value)


# A date in a file or folder name: 2024-03-15 (or 2024_03_15), then 2024/03 over two folders.
_NAME_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})([-_.])(\d{2})\2(\d{2})(?!\d)")
_FOLDER_YEAR = re.compile(r"(?:19|20)\d{2}")
_FOLDER_MONTH = re.compile(r"0[1-9]|1[0-2]")
_FOLDER_YEAR_MONTH = re.compile(r"((?:19|20)\d{2})-(0[1-9]|1[0-2])")


def name_date(name: str) -> str | None:
    """The YYYY-MM-DD date written in a file name, if exactly one is there."""
    found = {
        iso(int(m.group(1)), int(m.group(3)), int(m.group(4))) for m in _NAME_DATE.finditer(name)
    }
    found.discard(None)
    return found.pop() if len(found) == 1 else None


def folder_date(folders: tuple[str, ...]) -> str | None:
    """YYYY/MM (two folders) or YYYY-MM (one folder) among the nearest folders, nearest first."""
    for i, folder in enumerate(folders):
        match = _FOLDER_YEAR_MONTH.fullmatch(folder)
        if match:
            return iso(int(match.group(1)), int(match.group(2)))
        if _FOLDER_MONTH.fullmatch(folder) and i + 1 < len(folders):
            parent = folders[i + 1]
            if _FOLDER_YEAR.fullmatch(parent):
                return iso(int(parent), int(folder))
    return None


def _from_groups(groups: tuple[str | None, ...], order: str) -> str | None:
    """Build a date from regex groups in the given order (y, m, d as letters; m may be a name)."""
    values: dict[str, str | None] = dict(zip(order, groups, strict=False))
    year = values.get("y")
    if year is None:
        return None
    month_text = values.get("m")
    month: int | None
    if month_text is None:
        month = None
    elif month_text.isdigit():
        month = int(month_text)
    else:
        month = MONTHS.get(month_text.lower().rstrip("."))
        if month is None:
            return None
    day = values.get("d")
    if day is not None and month is None:
        return None
    return iso(int(year), month, int(day) if day else None)


_EXACT: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.+\-Z ]{0,30})?"), "ymd"),
    (re.compile(r"(\d{4})-(\d{1,2})"), "ym"),
    (_YEAR, "y"),
    (_ISO_SLASH, "ymd"),
    (_US, "mdy"),
    (_MDY, "mdy"),
    (_DMY, "dmy"),
    (_MY, "my"),
    (re.compile(_ZH.pattern), "ymd"),
    (re.compile(r"D:(\d{4})(\d{2})?(\d{2})?[\d+\-Z':]{0,20}"), "ymd"),
)

__all__ = [
    "MONTHS",
    "chinese_date",
    "date_line",
    "find_named_date",
    "folder_date",
    "iso",
    "name_date",
    "parse_date",
    "pdf_date",
]
