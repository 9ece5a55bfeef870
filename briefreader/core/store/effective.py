"""Catalog rows as the user sees them: the extracted metadata with the user's edits on top,
each field's origin, the work, the reading status and the reading lists.

The ``documents`` row keeps what the loader found (a re-index rewrites it); the user's
edits live in ``document_edits`` (keyed by doc_id, so they survive re-indexing, edits of
the file and moves) and win. ``build_record`` is the one place the two meet.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from briefreader.core.models import EDITABLE_FIELDS, ORIGIN_USER, DocumentRecord
from briefreader.core.store.paths import os_path
from briefreader.core.store.tags import sorted_tags
from briefreader.core.works import work_id

Read = Callable[[str, Sequence[Any]], list[Any]]

COLUMNS = (
    "doc_id, path, format, title, content_hash, size, mtime, date, source, author, url, "
    "summary, word_count, missing, added, last_opened, report_number, version, "
    "field_origins, text_key"
)
# The effective title, for ordering by title in SQL.
EFFECTIVE_TITLE = (
    "coalesce((SELECT e.value FROM document_edits e WHERE e.doc_id = documents.doc_id "
    "AND e.field = 'title'), documents.title)"
)


@dataclass
class Extras:
    """What the user keeps about a set of documents besides the catalog row."""

    tags: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    notes: dict[str, str] = field(default_factory=dict)
    edits: dict[str, dict[str, str]] = field(default_factory=lambda: defaultdict(dict))
    works: dict[str, str] = field(default_factory=dict)
    status: dict[str, str] = field(default_factory=dict)
    collections: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))


def read_extras(read: Read, subset: str, params: Sequence[Any]) -> Extras:
    """Tags, notes, edits, work overrides, status and lists of the documents ``subset``
    (an SQL query of doc_ids) selects."""
    extras = Extras()
    for doc_id, name in read(
        "SELECT dt.doc_id, t.name FROM document_tags dt JOIN tags t ON t.id = dt.tag_id "
        f"WHERE dt.doc_id IN ({subset})",
        params,
    ):
        extras.tags[doc_id].append(name)
    extras.notes = dict(
        read(f"SELECT doc_id, note FROM document_notes WHERE doc_id IN ({subset})", params)
    )
    for doc_id, name, value in read(
        f"SELECT doc_id, field, value FROM document_edits WHERE doc_id IN ({subset})", params
    ):
        extras.edits[doc_id][name] = value
    extras.works = dict(
        read(f"SELECT doc_id, work_id FROM work_overrides WHERE doc_id IN ({subset})", params)
    )
    extras.status = dict(
        read(f"SELECT doc_id, status FROM reading_status WHERE doc_id IN ({subset})", params)
    )
    for doc_id, name in read(
        "SELECT m.doc_id, c.name FROM collection_members m JOIN collections c "
        f"ON c.id = m.collection_id WHERE m.doc_id IN ({subset}) ORDER BY c.name COLLATE NOCASE",
        params,
    ):
        extras.collections[doc_id].append(name)
    return extras


def encode_origins(origins: Iterable[tuple[str, str]]) -> str:
    """The loader's ``(field, origin)`` pairs as stored on the catalog row."""
    return json.dumps(dict(origins), separators=(",", ":"))


def decode_origins(stored: str | None) -> dict[str, str]:
    if not stored:
        return {}
    try:
        found = json.loads(stored)
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in found.items()} if isinstance(found, dict) else {}


def build_record(row: Sequence[Any], extras: Extras) -> DocumentRecord:
    """The effective record of one catalog row: an edited field shows the user's value."""
    (doc_id, path, fmt, title, content_hash, size, mtime, date, source, author, url, summary,
     word_count, missing, added, last_opened, report_number, version, origins_json,
     text_hash) = row  # fmt: skip
    found = {
        "title": title,
        "date": date,
        "source": source,
        "author": author,
        "url": url,
        "report_number": report_number,
        "version": version,
    }
    origins = decode_origins(origins_json)
    for name, value in extras.edits.get(doc_id, {}).items():
        found[name] = value
        origins[name] = ORIGIN_USER
    field_origins = tuple(
        (name, origins[name]) for name in EDITABLE_FIELDS if found[name] and name in origins
    )
    return DocumentRecord(
        doc_id=doc_id,
        path=os_path(path),
        format=fmt,
        title=found["title"] or title,
        content_hash=content_hash,
        size=size,
        mtime=mtime,
        date=found["date"],
        source=found["source"],
        author=found["author"],
        url=found["url"],
        summary=summary,
        word_count=word_count,
        tags=sorted_tags(extras.tags.get(doc_id, ())),
        note=extras.notes.get(doc_id, ""),
        missing=bool(missing),
        added=added,
        last_opened=last_opened,
        report_number=found["report_number"],
        version=found["version"],
        field_origins=field_origins,
        work_id=work_id(doc_id, found["report_number"], text_hash, extras.works.get(doc_id)),
        reading_status=extras.status.get(doc_id),
        collections=tuple(extras.collections.get(doc_id, ())),
    )
