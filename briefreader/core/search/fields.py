"""The query language's fields, one row each: the schema, the field names a query may use,
the index entries and the facets are all built from ``FIELDS``.

A new field is one row here (and, when no entry attribute holds its value, one extractor
reading ``entry.record`` or ``entry.annotation``); bump ``schema.INDEX_VERSION`` with it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from briefreader.core.models import READING_STATUSES

KIND_DOC = "document"
KIND_ANNOTATION = "annotation"
KIND_NOTE = "document_note"  # the user's note on a whole document, an entry of its own
DOCUMENTS = frozenset({KIND_DOC})
ANNOTATIONS = frozenset({KIND_ANNOTATION})
NOTES = frozenset({KIND_NOTE})
EVERY_ENTRY = DOCUMENTS | ANNOTATIONS | NOTES


class Kind(Enum):
    """How a field's values are indexed and queried."""

    TEXT = "text"  # analysed words: stems, "phrases", prefixes, wildcards, fuzzy terms
    TAGS = "tags"  # a list of names, each one normalised term
    KEYWORD = "keyword"  # one normalised term
    KEYWORDS = "keywords"  # a few normalised terms
    DATE = "date"  # an ISO date, queried by prefix or range: date:2024, date:[2023 to 2025]


KEYWORD_KINDS = frozenset({Kind.TAGS, Kind.KEYWORD, Kind.KEYWORDS})


def _same(value: Any) -> Any:
    return value


@dataclass(frozen=True)
class Facet:
    """A field whose values are counted over every search's matches."""

    name: str  # the key in ``SearchResults.facets``
    of: Callable[[Any], Any] = _same  # the counted value from the field's value
    folded: bool = True  # values differing only in case or accents count together


@dataclass(frozen=True)
class Field:
    """One field of the query language (``name:value``)."""

    name: str
    kind: Kind
    # The value of an entry (a DocEntry or AnnotationEntry, as ``entries`` says); None or
    # empty when it has none.
    value: Callable[[Any], Any]
    aliases: tuple[str, ...] = ()
    entries: frozenset[str] = EVERY_ENTRY  # which entry kinds fill it
    index_name: str = ""  # the index field, when not ``name``
    stored: bool = False  # kept in the index, to be read back for hits
    facet: Facet | None = None
    boost: float = 0.0  # searched by words without a field, with this weight (0: not)
    # BM25 length normalisation, ``1 - b + b * (length / average) ** length_power``: b=0
    # ignores length; a power below 1 grows slower than length (long reports, see body).
    b: float = 0.75
    length_power: float = 1.0
    # Words without a field: its BM25 saturates alone and is added (the title), instead of
    # its frequency joining the other fields' before saturation (BM25F, see scoring.py).
    alone: bool = False
    marked: bool = False  # its matches are marked in snippets
    value_aliases: Mapping[str, str] = field(default_factory=dict)  # other spellings
    closed: bool = False  # only the values of ``value_aliases`` are accepted
    listed: bool = True  # named in the help for an unknown field

    @property
    def whoosh_name(self) -> str:
        return self.index_name or self.name


def _lower(value: str | None) -> str | None:
    return (value or "").lower() or None


def _has(entry: Any) -> str | None:
    """What an annotation has beside its quote: ``note`` and/or ``tag``."""
    has = (("note", entry.note.strip()), ("tag", entry.tags))
    return " ".join(name for name, value in has if value) or None


def _record_value(name: str) -> Callable[[Any], Any]:
    """A field read from the entry's catalog record (None when it has none)."""

    def value(entry: Any) -> Any:
        return getattr(entry.record, name, None) if entry.record is not None else None

    return value


def _report(entry: Any) -> str | None:
    """``IF13204``, and the numbered version as ``IF13204v2`` and ``IF13204.2``."""
    record = entry.record
    number = "".join((record.report_number or "").split()).lower() if record else ""
    if not number:
        return None
    version = record.version
    return " ".join([number, f"{number}v{version}", f"{number}.{version}"] if version else [number])


def _collections(entry: Any) -> tuple[str, ...]:
    return tuple(entry.record.collections) if entry.record is not None else ()


_STATUS = {s: s for s in READING_STATUSES} | {"toread": "to-read", "unread": "to-read"}


def _year(date: str | None) -> str:
    return date[:4] if date and date[:4].isdigit() else ""


FIELDS: tuple[Field, ...] = (
    Field(
        "title", Kind.TEXT, lambda e: e.title, entries=DOCUMENTS, boost=2.0, alone=True, marked=True
    ),
    Field("tag", Kind.TAGS, lambda e: tuple(e.tags), aliases=("tags",), facet=Facet("tag")),
    Field(
        "source",
        Kind.TEXT,
        lambda e: e.source or "",
        index_name="source_text",
        facet=Facet("source"),
    ),
    Field(
        "date",
        Kind.DATE,
        lambda e: e.date or None,
        aliases=("year",),
        stored=True,
        facet=Facet("year", of=_year, folded=False),
    ),
    Field("author", Kind.TEXT, _record_value("author"), aliases=("authors", "by")),
    Field("report", Kind.KEYWORDS, _report, aliases=("number",)),
    Field(
        "in",
        Kind.TAGS,
        _collections,
        aliases=("collection", "list"),
        entries=DOCUMENTS,
        index_name="collection",
    ),
    Field(
        "status",
        Kind.KEYWORD,
        _record_value("reading_status"),
        entries=DOCUMENTS,
        value_aliases=_STATUS,
        closed=True,
    ),
    Field("path", Kind.TEXT, lambda e: e.path, aliases=("file",), stored=True),
    Field(
        "format",
        Kind.KEYWORD,
        lambda e: _lower(e.format),
        aliases=("type",),
        entries=DOCUMENTS,
        stored=True,
        value_aliases={"md": "markdown", "txt": "text", "htm": "html", "plain": "text"},
    ),
    Field(  # an annotation's note, and the note on a whole document (its own entry)
        "note",
        Kind.TEXT,
        lambda e: e.note,
        aliases=("notes",),
        entries=ANNOTATIONS | NOTES,
        stored=True,
        marked=True,
    ),
    Field("quote", Kind.TEXT, lambda e: e.exact, entries=ANNOTATIONS, stored=True, marked=True),
    Field(
        "color",
        Kind.KEYWORD,
        lambda e: _lower(e.color),
        aliases=("colour",),
        entries=ANNOTATIONS,
        stored=True,
    ),
    Field(
        "has",
        Kind.KEYWORDS,
        _has,
        entries=ANNOTATIONS,
        value_aliases={"note": "note", "notes": "note", "tag": "tag", "tags": "tag"},
        closed=True,
    ),
    # A 300-page report is ~50 times an average briefing: normalised by its length to the
    # power 0.75 it counts as ~19 times one, so its pages about a topic can still rank.
    Field(
        "body",
        Kind.TEXT,
        lambda e: e.body,
        aliases=("text",),
        boost=1.0,
        length_power=0.75,
        marked=True,
        listed=False,
    ),
)

BY_NAME: dict[str, Field] = {f.name: f for f in FIELDS}
ALIASES: dict[str, str] = {n: f.name for f in FIELDS for n in (f.name, *f.aliases)}
# Words without a field search these, the weightiest first (spelling: the broadest first).
DEFAULT_FIELDS = tuple(sorted((f for f in FIELDS if f.boost), key=lambda f: -f.boost))
SPELLING_FIELDS = tuple(f.whoosh_name for f in reversed(DEFAULT_FIELDS))
SATURATED_ALONE = frozenset(f.whoosh_name for f in FIELDS if f.alone)
LENGTH_NORM = {f.whoosh_name: (f.b, f.length_power) for f in FIELDS if f.kind is Kind.TEXT}
MARKED = frozenset(f.name for f in FIELDS if f.marked)
# Fields no document entry fills: their matches are the user's annotations and notes.
ANNOTATION_ONLY = frozenset(f.name for f in FIELDS if KIND_DOC not in f.entries)
FACETS = tuple(f for f in FIELDS if f.facet is not None)
DATE = next(f for f in FIELDS if f.kind is Kind.DATE)  # ranges, the date filter, sorting
HELP = " ".join(f"{f.name}:" for f in FIELDS if f.listed)
