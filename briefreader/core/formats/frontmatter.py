"""YAML front matter and metadata values (dates, tags, names) normalised for a Document."""

from __future__ import annotations

import datetime as dt
import html
import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import yaml

log = logging.getLogger(__name__)

_OPEN = re.compile(r"---[ \t]*\n")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
# Lines that may appear inside YAML front matter: keys, list items, indented or
# flow continuations, comments and blank lines. Anything else means the block never closed.
_YAML_LINE = re.compile(r"(?:[^\s#:*>|`\[\]{}][^:]*:(?:\s|$)|\s|-(?:\s|$)|#|$|[\[{\]}\"'])")
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z]+\d*);")
_MAX_FRONT_MATTER = 256 * 1024
_UNTERMINATED = "front matter starts with '---' but never ends; read as text"

# Front matter keys, in order of preference, for each Document field.
KEYS: dict[str, tuple[str, ...]] = {
    "title": ("title",),
    "date": ("date", "published", "published_time", "publication_date", "pubdate", "created"),
    "source": ("source", "publisher", "agency"),
    "author": ("author", "authors", "by"),
    "url": ("url", "source_url", "canonical_url", "link"),
    "tags": ("tags", "keywords", "topics", "categories"),
    "summary": ("summary", "description", "excerpt", "abstract"),
}

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
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
        ),
        start=1,
    )
    for name in names
}
_ISO_DATE = re.compile(r"(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?(?![\d])")
_COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})(?!\d)")
_PDF_DATE = re.compile(r"D:(\d{4})(\d{2})?(\d{2})?")
_US_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})(?!\d)")
_NAMED_DATE = re.compile(
    r"(?:(\d{1,2})\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})"  # 5 January 2024
    r"|([A-Za-z]{3,9})\.?\s+(?:(\d{1,2})(?:st|nd|rd|th)?,?\s+)?(\d{4}))"  # January 5, 2024
)


@dataclass(frozen=True)
class Metadata:
    """Document metadata in its normalised form; every field optional."""

    title: str | None = None
    date: str | None = None
    source: str | None = None
    author: str | None = None
    url: str | None = None
    tags: tuple[str, ...] = ()
    summary: str | None = None


def read_front_matter(text: str) -> tuple[Mapping[str, object], str, list[str]]:
    """Split off and parse YAML front matter: (fields with lower-case keys, body, warnings)."""
    opening = _OPEN.match(text)
    if not opening:
        return {}, text, []
    start = opening.end()
    closing = _CLOSE.search(text, start, min(len(text), start + _MAX_FRONT_MATTER))
    if closing is None:
        return {}, text, [_UNTERMINATED]
    source = text[start : closing.start()]
    body = text[closing.end() + 1 :]
    try:
        data = _load_yaml(source)
    except (yaml.YAMLError, ValueError, OverflowError) as error:
        if not _looks_like_yaml(source):  # the "closing" line belongs to the body
            return {}, text, [_UNTERMINATED]
        return {}, body, [f"front matter is not valid YAML{_where(error)}; ignored"]
    if data is None:
        return {}, body, []
    if not isinstance(data, Mapping):  # e.g. a rule, some text, a rule: not front matter
        return {}, text, []
    return {str(key).strip().lower(): value for key, value in data.items()}, body, []


def metadata_from_fields(fields: Mapping[str, object]) -> tuple[Metadata, list[str]]:
    """Pick and normalise Document metadata from front matter (or meta tag) fields."""
    warnings: list[str] = []
    raw_date = _first(fields, KEYS["date"])
    date = normalize_date(raw_date)
    if raw_date not in (None, "") and date is None:
        warnings.append(f"date {str(raw_date)[:40]!r} not understood; ignored")
    metadata = Metadata(
        title=clean_text(_first(fields, KEYS["title"])),
        date=date,
        source=clean_text(_first(fields, KEYS["source"])),
        author=join_names(_first(fields, KEYS["author"])),
        url=web_url(clean_text(_first(fields, KEYS["url"])), warnings),
        tags=normalize_tags(_first(fields, KEYS["tags"])),
        summary=clean_text(_first(fields, KEYS["summary"])),
    )
    return metadata, warnings


def web_url(value: str | None, warnings: list[str]) -> str | None:
    """``value`` when it is an http(s) address; anything else (javascript:, data:) is dropped."""
    if value is None:
        return None
    if re.match(r"https?://[^\s]", value, re.IGNORECASE):
        return value
    warnings.append(f"url {value[:40]!r} is not an http(s) address; ignored")
    return None


def normalize_date(value: object) -> str | None:
    """ISO "YYYY-MM-DD", "YYYY-MM" or "YYYY" from a YAML date, datetime, number or string."""
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:04d}" if 1000 <= value <= 9999 else None
    if not isinstance(value, str):
        return None
    text = value.strip()
    for parse in (_parse_iso, _parse_pdf, _parse_compact, _parse_us, _parse_named):
        found = parse(text)
        if found:
            return found
    return None


def normalize_tags(value: object) -> tuple[str, ...]:
    """Tags from a YAML list or a comma (or semicolon) separated string, deduplicated."""
    if value is None:
        return ()
    items: Iterable[object]
    if isinstance(value, str):
        items = re.split(r"[,;]", value)
    elif isinstance(value, list | tuple | set):
        items = value
    else:
        items = [value]
    tags: list[str] = []
    seen: set[str] = set()
    for item in items:
        if isinstance(item, dict | list | tuple | set) or item is None:
            continue
        tag = " ".join(str(item).split()).strip("#").strip()
        if tag and tag.casefold() not in seen:
            seen.add(tag.casefold())
            tags.append(tag)
    return tuple(tags)


def join_names(value: object) -> str | None:
    """One author string from a name or a list of names."""
    if isinstance(value, list | tuple):
        names = [clean_text(item) for item in value if not isinstance(item, dict | list)]
        return ", ".join(name for name in names if name) or None
    return clean_text(value)


def clean_text(value: object) -> str | None:
    """A scalar as one line of text with white space collapsed, or None."""
    if value is None or isinstance(value, dict | list | tuple | set):
        return None
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    text = " ".join(str(value).split())
    if "&" in text and _ENTITY.search(text):
        text = html.unescape(text)
    return text or None


def _first(fields: Mapping[str, object], keys: tuple[str, ...]) -> object:
    """The first present, non-empty value among ``keys``."""
    for key in keys:
        value = fields.get(key)
        if value not in (None, "", [], ()):
            return value
    return None


def _load_yaml(source: str) -> object:
    """Parse YAML with the fast C loader when PyYAML has one (both are safe loaders)."""
    return yaml.load(source, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _where(error: Exception) -> str:
    """' (line N: problem)' for a YAML error, counting lines of the file."""
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None) or " ".join(str(error).split())[:80]
    line = f"line {mark.line + 2}: " if mark is not None else ""
    return f" ({line}{problem})"


def _looks_like_yaml(block: str) -> bool:
    """True when every line of ``block`` could belong to YAML front matter."""
    return all(_YAML_LINE.match(line) for line in block.split("\n"))


def _iso(year: int, month: int | None = None, day: int | None = None) -> str | None:
    """Format a validated date at the precision given."""
    try:
        if day is not None and month is not None:
            return dt.date(year, month, day).isoformat()
        if month is not None:
            dt.date(year, month, 1)
            return f"{year:04d}-{month:02d}"
    except ValueError:
        return None
    return f"{year:04d}" if 1000 <= year <= 9999 else None


def _parse_iso(text: str) -> str | None:
    match = _ISO_DATE.match(text)
    if not match:
        return None
    year, month, day = (int(g) if g else None for g in match.groups())
    return _iso(year, month, day)  # type: ignore[arg-type]


def _parse_compact(text: str) -> str | None:
    match = _COMPACT_DATE.match(text)
    return _iso(*(int(g) for g in match.groups())) if match else None


def _parse_pdf(text: str) -> str | None:
    match = _PDF_DATE.match(text)
    if not match:
        return None
    year, month, day = (int(g) if g else None for g in match.groups())
    return _iso(year, month, day)  # type: ignore[arg-type]


def _parse_us(text: str) -> str | None:
    match = _US_DATE.match(text)
    if not match:
        return None
    month, day, year = (int(g) for g in match.groups())
    return _iso(year, month, day)


def _parse_named(text: str) -> str | None:
    for match in _NAMED_DATE.finditer(text[:80]):
        day_a, month_a, year_a, month_b, day_b, year_b = match.groups()
        month = _MONTHS.get((month_a or month_b or "").lower())
        if month is not None:
            day = day_a or day_b
            return _iso(int(year_a or year_b), month, int(day) if day else None)
    return None
