"""Correcting a document's metadata by hand: title, date, source, authors, URL, report
number and version. The user's value wins over the extracted one, is kept in SQLite apart
from it (so a re-index never overwrites it) and is searchable at once."""

from __future__ import annotations

import re
from datetime import date as Date
from urllib.parse import urlsplit

from briefreader.core.errors import LibraryError
from briefreader.core.facade.base import FacadeBase
from briefreader.core.models import EDITABLE_FIELDS, DocumentRecord

MAX_LENGTHS = {"url": 2000, "author": 1000}
MAX_LENGTH = 500
_ISO_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_VERSION = re.compile(r"v?(\d{1,4})", re.IGNORECASE)


def clean_value(name: str, value: str) -> str:
    """The value to store for field ``name``, or ``LibraryError`` with what is wrong."""
    text = " ".join(value.split())
    limit = MAX_LENGTHS.get(name, MAX_LENGTH)
    if len(text) > limit:
        raise LibraryError(
            f"the {label(name)} is too long ({len(text)} characters; {limit} at most)"
        )
    if name == "date":
        return clean_date(text)
    if name == "url":
        return clean_url(text)
    if name == "version":
        match = _VERSION.fullmatch(text)
        if not match:
            raise LibraryError(f"a version is a number such as 2, not {value!r}")
        return str(int(match.group(1)))
    return text


def clean_date(text: str) -> str:
    """An ISO date: YYYY, YYYY-MM or YYYY-MM-DD, a real day of the calendar."""
    match = _ISO_DATE.fullmatch(text)
    if match:
        year, month, day = (int(g) if g else None for g in match.groups())
        try:
            Date(year or 0, month or 1, day or 1)
        except ValueError:
            pass
        else:
            return text
    raise LibraryError(f"a date is YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2024-05-06), not {text!r}")


def clean_url(text: str) -> str:
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or " " in text:
        raise LibraryError(f"a URL starts with http:// or https://, not {text!r}")
    return text


def label(name: str) -> str:
    return name.replace("_", " ")


class MetadataEdits(FacadeBase):
    def edit_metadata(
        self,
        doc_id: str,
        *,
        title: str | None = None,
        date: str | None = None,
        source: str | None = None,
        author: str | None = None,
        url: str | None = None,
        report_number: str | None = None,
        version: str | None = None,
    ) -> DocumentRecord:
        """Correct fields of a document: None leaves a field as it is, "" drops the user's
        value (the extracted one shows again). Returns the record as it now is."""
        values = (title, date, source, author, url, report_number, version)
        given = dict(zip(EDITABLE_FIELDS, values, strict=True))
        changes = {
            name: clean_value(name, value) if value.strip() else None
            for name, value in given.items()
            if value is not None
        }
        with self._db as store:
            self._require_record(store, doc_id)
            if changes:
                store.set_document_edits(doc_id, changes)
                self._sync.note(documents=[doc_id])
            return self._require_record(store, doc_id)

    def reset_metadata(self, doc_id: str, *fields: str) -> DocumentRecord:
        """Drop the user's values of ``fields`` (all fields when none is named)."""
        unknown = [name for name in fields if name not in EDITABLE_FIELDS]
        if unknown:
            raise LibraryError(
                f"unknown field {unknown[0]!r}; choose one of: {', '.join(EDITABLE_FIELDS)}"
            )
        with self._db as store:
            self._require_record(store, doc_id)
            store.set_document_edits(doc_id, dict.fromkeys(fields or EDITABLE_FIELDS))
            self._sync.note(documents=[doc_id])
            return self._require_record(store, doc_id)

    def metadata_edits(self, doc_id: str) -> dict[str, str]:
        """The fields the user corrected, with the user's values."""
        with self._db as store:
            self._require_record(store, doc_id)
            return store.document_edits(doc_id)
