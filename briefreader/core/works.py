"""Works: the documents that are one report or one text, in several formats or versions.

A document's work is, in order: the user's override (a split or a join), its report
number (``IF13204.2.pdf``, ``IF13204v2-....md`` and ``IF13204v1-....md`` are the work
``report:IF13204``), the words of its text (the same text as Markdown and plain text),
else the document alone. Pure functions: the store computes ``DocumentRecord.work_id``
with them, the Library groups and orders members with them.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

from briefreader.core.models import (
    FORMAT_HTML,
    FORMAT_MARKDOWN,
    FORMAT_PDF,
    FORMAT_TEXT,
    DocumentRecord,
    Work,
    WorkMember,
)

REPORT_PREFIX = "report:"
TEXT_PREFIX = "text:"
DOC_PREFIX = "doc:"
# The formats a work's preferred member is chosen from, best first, for each preference.
FORMAT_ORDER: dict[str, tuple[str, ...]] = {
    FORMAT_MARKDOWN: (FORMAT_MARKDOWN, FORMAT_HTML, FORMAT_TEXT, FORMAT_PDF),
    FORMAT_PDF: (FORMAT_PDF, FORMAT_MARKDOWN, FORMAT_HTML, FORMAT_TEXT),
}
_NOT_WORD = re.compile(r"[\W_]+")
_REPORT_SPACE = re.compile(r"\s+")
_SPACE = re.compile(r"\s")
_PIECE = 1 << 16  # characters of text normalised at a time
_MIN_WORDS = 20  # a shorter text (a stub, a title page) is no evidence of the same work


def text_key(text: str) -> str:
    """A hash of the text's words, folded: equal for the same text in two formats.

    Read in pieces cut at white space, so a text of a million one-letter lines costs a
    few copies of a piece, not a list of a million words.
    """
    digest = hashlib.sha256()
    words = 0
    start = 0
    while start < len(text):
        cut = _SPACE.search(text, start + _PIECE)
        end = cut.start() if cut else len(text)
        piece = _NOT_WORD.sub(" ", text[start:end].casefold()).strip()
        if piece:
            digest.update((" " if words else "").encode() + piece.encode("utf-8"))
            words += piece.count(" ") + 1
        start = end
    return digest.hexdigest()[:32] if words >= _MIN_WORDS else ""


def report_key(report_number: str) -> str:
    """``"if 13204"`` -> ``"IF13204"``: the form report numbers are compared in."""
    return _REPORT_SPACE.sub("", report_number).upper()


def work_id(
    doc_id: str, report_number: str | None, text_hash: str, override: str | None = None
) -> str:
    """The work a document belongs to (see the module docstring)."""
    if override:
        return override
    if report_number and report_key(report_number):
        return REPORT_PREFIX + report_key(report_number)
    if text_hash:
        return TEXT_PREFIX + text_hash
    return DOC_PREFIX + doc_id


def alone(doc_id: str) -> str:
    """The work id that splits a document off into a work of its own."""
    return DOC_PREFIX + doc_id


def version_number(version: str | None) -> int:
    """ "12" -> 12; an unknown or odd version counts as 0 (oldest)."""
    return int(version) if version and version.isdigit() else 0


def member(record: DocumentRecord) -> WorkMember:
    return WorkMember(
        doc_id=record.doc_id,
        path=record.path,
        format=record.format,
        version=record.version,
        title=record.title,
        date=record.date,
        missing=record.missing,
    )


def preference_key(
    prefer_format: str, format: str, version: str | None, missing: bool = False
) -> tuple[int, int, int]:
    """Sorts a work's members best first: present, newest version, preferred format."""
    order = FORMAT_ORDER.get(prefer_format, FORMAT_ORDER[FORMAT_MARKDOWN])
    rank = order.index(format) if format in order else len(order)
    return (int(missing), -version_number(version), rank)


def ordered_members(members: Iterable[WorkMember], prefer_format: str) -> tuple[WorkMember, ...]:
    """The members best first (the preferred one opens by default), then by path."""
    return tuple(
        sorted(
            members,
            key=lambda m: (preference_key(prefer_format, m.format, m.version, m.missing), m.path),
        )
    )


def group_works(records: Iterable[DocumentRecord], prefer_format: str) -> list[Work]:
    """The records grouped by work, each work's members best first, works by title."""
    grouped: dict[str, list[WorkMember]] = {}
    for record in records:
        grouped.setdefault(record.work_id or alone(record.doc_id), []).append(member(record))
    works = [Work(key, ordered_members(found, prefer_format)) for key, found in grouped.items()]
    works.sort(key=lambda w: (w.title.casefold(), w.title, w.work_id))
    return works


def describe(format: str, version: str | None) -> str:
    """ "PDF v2", "markdown v1", "text": how a member is named in a list of alternates."""
    name = "PDF" if format == FORMAT_PDF else "HTML" if format == FORMAT_HTML else format
    return f"{name} v{version}" if version else name
