"""Citations of a document or a passage, in one readable style for reports.

The style follows Chicago's for reports and grey literature, kept to one line:

    Creator. *Title*. Publisher, Number, version N. Date[, locator]. URL.

- **Creator**: the authors ("A", "A and B", "A, B, and C") when known, else the
  publishing agency (the source), else nothing (the title comes first).
- **Publisher, number, version**: the source (only when the authors were the creator),
  the report number and its version; left out when there are none.
- **Date**: "April 16, 2026", "April 2026" or "2026"; "n.d." without one.
- **Locator** (a passage only): "p. 2" for a PDF page (``Document.page_at``), else
  "§ Heading" for the section the passage is in (``Document.heading_at``; not the
  document's title, nor a publisher's layout line such as "CRS PRODUCT (LIBRARY OF
  CONGRESS)").
- **URL**: the document's own address when it has one.

    Karen M. Sutter. *China's 15th Five-Year Plan: S&T and Economic Priorities*.
    Congressional Research Service (CRS), IF13204, version 2. April 16, 2026, p. 2.
    https://crsreports.congress.gov/product/pdf/IF/IF13204.

``Citation.text()`` marks the title with ``*`` (as Markdown does), ``Citation.html()``
with ``<i>``; ``text(plain=True)`` leaves it unmarked (for the clipboard's plain text);
``formatted()`` takes the escaping and the marks of another format (the Markdown export).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass

from briefreader.core.formats.metadata.crs import is_marker_line
from briefreader.core.models import Document, DocumentRecord

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
NO_DATE = "n.d."
_ENDS_SENTENCE = re.compile(r"[.?!]$")


@dataclass(frozen=True)
class Citation:
    """The parts of one citation; ``text()`` and ``html()`` lay them out."""

    title: str
    creator: str | None = None
    publication: str | None = None
    date: str = NO_DATE
    locator: str | None = None
    url: str | None = None

    def text(self, plain: bool = False) -> str:
        """The citation on one line; the title between ``*`` unless ``plain``."""
        return self.formatted(str, ("", "") if plain else ("*", "*"))

    def html(self) -> str:
        """The citation as an HTML fragment (escaped), the title in ``<i>``."""
        return self.formatted(html.escape, ("<i>", "</i>"))

    def formatted(self, escape: Callable[[str], str], italic: tuple[str, str]) -> str:
        """The citation with each part passed through ``escape``, the title in ``italic``."""
        when = self.date + (f", {self.locator}" if self.locator else "")
        parts = [
            (escape(self.creator or ""), self.creator),
            (f"{italic[0]}{escape(self.title)}{italic[1]}", self.title),
            (escape(self.publication or ""), self.publication),
            (escape(when), when),
            (escape(self.url or ""), self.url),
        ]
        return " ".join(_sentence(shown, raw) for shown, raw in parts if raw)


def _sentence(shown: str, raw: str) -> str:
    """A part closed with a full stop, unless it ends one already ("Why?*" stays)."""
    return shown if _ENDS_SENTENCE.search(raw) else f"{shown}."


def document_citation(record: DocumentRecord) -> Citation:
    """The citation of a whole document, from its (effective) metadata."""
    authors = author_names(record.author)
    numbered = ", ".join(
        part
        for part in (record.report_number, f"version {record.version}" if record.version else "")
        if part
    )
    publication = ", ".join(
        p for p in ((record.source if authors else None), numbered or None) if p
    )
    return Citation(
        title=record.title,
        creator=join_authors(authors) if authors else record.source,
        publication=publication or None,
        date=readable_date(record.date),
        url=record.url,
    )


def passage_citation(record: DocumentRecord, document: Document | None, start: int) -> Citation:
    """The citation of the passage starting at ``start`` of the canonical text: the
    document's, with its page (PDF) or section."""
    base = document_citation(record)
    if document is None:
        return base
    page = document.page_at(start)
    if page is not None:
        return _with_locator(base, f"p. {page}")
    heading = document.heading_at(start)
    title = " ".join(heading.title.split()) if heading is not None else ""
    if title and title != record.title and not is_marker_line(title):
        return _with_locator(base, title if title.startswith("§") else f"§ {title}")
    return base


def _with_locator(citation: Citation, locator: str) -> Citation:
    return Citation(
        citation.title,
        citation.creator,
        citation.publication,
        citation.date,
        locator,
        citation.url,
    )


def author_names(author: str | None) -> list[str]:
    """The names in an author field: "A; B", or "A, B" when every part is a full name
    ("Sutter, Karen M." is one name, written family name first)."""
    if not author or not author.strip():
        return []
    if ";" in author:
        parts = author.split(";")
    else:
        parts = author.split(",")
        if not all(" " in part.strip() for part in parts):
            parts = [author]
    return [" ".join(part.split()) for part in parts if part.strip()]


def join_authors(names: list[str]) -> str:
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + ", and " + names[-1]


def readable_date(date: str | None) -> str:
    """ "2026-04-16" -> "April 16, 2026"; "2026-04" -> "April 2026"; "2026"; else "n.d."."""
    if not date:
        return NO_DATE
    parts = date.split("-")
    try:
        numbers = [int(p) for p in parts[:3]]
    except ValueError:
        return date
    if len(numbers) >= 2 and 1 <= numbers[1] <= 12:
        month = MONTHS[numbers[1] - 1]
        if len(numbers) == 3:
            return f"{month} {numbers[2]}, {numbers[0]}"
        return f"{month} {numbers[0]}"
    return str(numbers[0])


def date_parts(date: str | None) -> list[int]:
    """ "2026-04-16" -> [2026, 4, 16] (as far as known), for CSL-JSON and BibTeX."""
    if not date:
        return []
    out = []
    for part in date.split("-")[:3]:
        if not part.isdigit():
            break
        out.append(int(part))
    return out
