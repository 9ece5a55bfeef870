"""Search-index entries: what the index is told about a document or an annotation, and the
index fields each one fills (from the field table, ``fields.FIELDS``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from briefreader.core.models import Annotation, DocumentRecord
from briefreader.core.names import display_name
from briefreader.core.search.analysis import tag_key
from briefreader.core.search.fields import (
    FACETS,
    FIELDS,
    KIND_ANNOTATION,
    KIND_DOC,
    KIND_NOTE,
    Kind,
)

ROW_SEP = "\x1f"
LIST_SEP = "\x1e"
ANNOTATION_UID_PREFIX = "a:"


@dataclass(frozen=True)
class DocEntry:
    """What the index needs to know about one document."""

    doc_id: str
    path: str
    title: str
    text: str
    format: str = ""
    date: str | None = None
    source: str | None = None
    tags: tuple[str, ...] = ()
    record: DocumentRecord | None = field(default=None, compare=False, repr=False)
    # the body's terms made by a loading worker (``schema.index_terms``), or None
    text_terms: Mapping[str, bytes] | None = field(default=None, compare=False, repr=False)

    kind = KIND_DOC

    @property
    def body(self) -> str:
        return self.text


@dataclass(frozen=True)
class AnnotationEntry:
    """What the index needs to know about one annotation (a highlight with its note).

    ``start`` (optional) is where the quote starts in the canonical text; snippet offsets
    of annotation hits are counted from it (0 when unknown).
    """

    annotation_id: int
    doc_id: str
    path: str
    title: str
    exact: str
    note: str = ""
    tags: tuple[str, ...] = ()
    color: str = ""
    date: str | None = None
    source: str | None = None
    start: int | None = None
    record: DocumentRecord | None = field(default=None, compare=False, repr=False)
    annotation: Annotation | None = field(default=None, compare=False, repr=False)

    kind = KIND_ANNOTATION

    @property
    def body(self) -> str:
        return f"{self.exact}\n{self.note}"


@dataclass(frozen=True)
class NoteEntry:
    """What the index needs to know about the user's note on a whole document."""

    doc_id: str
    path: str
    title: str
    note: str
    tags: tuple[str, ...] = ()
    date: str | None = None
    source: str | None = None
    record: DocumentRecord | None = field(default=None, compare=False, repr=False)

    kind = KIND_NOTE

    @property
    def body(self) -> str:
        return self.note


Entry = DocEntry | AnnotationEntry | NoteEntry


def doc_entry(
    record: DocumentRecord, text: str, text_terms: Mapping[str, bytes] | None = None
) -> DocEntry:
    return DocEntry(
        doc_id=record.doc_id,
        path=display_name(record.path),
        title=record.title,
        text=text,
        format=record.format,
        date=record.date,
        source=record.source,
        tags=record.tags,
        record=record,
        text_terms=text_terms,
    )


def annotation_entry(annotation: Annotation, record: DocumentRecord) -> AnnotationEntry:
    return AnnotationEntry(
        annotation_id=annotation.id,
        doc_id=annotation.doc_id,
        path=display_name(record.path),
        title=record.title,
        exact=annotation.anchor.exact,
        note=annotation.note,
        tags=annotation.tags,
        color=annotation.color,
        date=record.date,
        source=record.source,
        record=record,
        annotation=annotation,
    )


def note_entry(record: DocumentRecord) -> NoteEntry:
    """The entry of a document's note (search it only when ``record.note`` has text)."""
    return NoteEntry(
        doc_id=record.doc_id,
        path=display_name(record.path),
        title=record.title,
        note=record.note,
        tags=record.tags,
        date=record.date,
        source=record.source,
        record=record,
    )


def doc_uid(doc_id: str) -> str:
    return f"d:{doc_id}"


def note_uid(doc_id: str) -> str:
    return f"n:{doc_id}"


def annotation_uid(annotation_id: int | str) -> str:
    return f"{ANNOTATION_UID_PREFIX}{annotation_id}"


def entry_uid(entry: Entry) -> str:
    if isinstance(entry, DocEntry):
        return doc_uid(entry.doc_id)
    if isinstance(entry, NoteEntry):
        return note_uid(entry.doc_id)
    return annotation_uid(entry.annotation_id)


def index_fields(entry: Entry) -> dict[str, Any]:
    """The index fields of an entry (None: left out): the query fields it fills, from
    the field table, and those the index keeps for hits, filters and facets."""
    values = {f.name: f.value(entry) for f in FIELDS if entry.kind in f.entries}
    out: dict[str, Any] = {
        f.whoosh_name: LIST_SEP.join(values[f.name]) if f.kind is Kind.TAGS else values[f.name]
        for f in FIELDS
        if f.name in values
    }
    out.update(
        uid=entry_uid(entry),
        kind=entry.kind,
        doc_id=entry.doc_id,
        entry_title=entry.title,
        tags=tuple(entry.tags),
        source=tag_key(entry.source or "") or None,  # exact, for the request's filter
        source_name=entry.source,
        facets=facet_row(entry, values),
    )
    if isinstance(entry, AnnotationEntry):
        out.update(annotation_id=entry.annotation_id, start=entry.start)
    return out


def facet_row(entry: Entry, values: dict[str, Any]) -> bytes:
    """The per-entry column read back for facets, date sorting, listing ids and collapsing
    works: kind, doc_id, date, then for a document its work, format and version, then each
    facet's value (a list joined by LIST_SEP)."""
    record = entry.record if isinstance(entry, DocEntry) else None
    work = (record.work_id, record.format, record.version or "") if record else ("", "", "")
    cells = [entry.kind, entry.doc_id, entry.date or "", *work]
    for f in FACETS:
        assert f.facet is not None
        value = f.facet.of(values.get(f.name)) or ""
        cells.append(LIST_SEP.join(value) if isinstance(value, tuple) else str(value))
    return ROW_SEP.join(cells).encode()


class Row(NamedTuple):
    """An entry's facet column, read back (see ``facet_row``)."""

    kind: str
    doc_id: str
    date: str
    work: str  # document entries of a work share it ("" for annotations)
    format: str
    version: str
    facets: tuple[Any, ...]  # one value per facet, as in FACETS


_EMPTY_FACETS = tuple(() if f.kind is Kind.TAGS else "" for f in FACETS)


def parse_row(raw: bytes | None) -> Row:
    if not raw:
        return Row("", "", "", "", "", "", _EMPTY_FACETS)
    kind, doc_id, date, work, fmt, version, *cells = raw.decode().split(ROW_SEP)
    values = tuple(
        tuple(t for t in cell.split(LIST_SEP) if t) if f.kind is Kind.TAGS else cell
        for f, cell in zip(FACETS, cells, strict=True)
    )
    return Row(kind, doc_id, date, work, fmt, version, values)
