"""The citation line of a document or a passage in a brief: the one hook every renderer calls.

``cite()`` is the only place a citation is made. It returns the line in three parts (the
text before the title, the title, the text after it) so each format can escape them and
set the title in italics its own way. The line holds only what a recipient can use (the
author or publisher, the title, the date, the page or section, a web address), never a
path on the analyst's disk.

When ``core/export/citation.py`` (one documented report style) is merged, the body of
``cite()`` becomes one call of it; nothing else changes::

    if start is None:
        found = document_citation(record)
    else:
        found = passage_citation(record, document, start)
    return CitationText(*found.formatted(str, ("\\x00", "\\x00")).split("\\x00"))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from briefreader.core.models import Document, DocumentRecord

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_ENDINGS = (".", "?", "!")


@dataclass(frozen=True)
class CitationText:
    """One citation line, split around its title."""

    before: str
    title: str
    after: str

    def text(self, escape: Callable[[str], str] = str, italic: tuple[str, str] = ("*", "*")) -> str:
        """The line with each part passed through ``escape`` and the title in ``italic``."""
        return (
            f"{escape(self.before)}{italic[0]}{escape(self.title)}{italic[1]}{escape(self.after)}"
        )

    @property
    def plain(self) -> str:
        return self.text(italic=("", ""))


def cite(
    record: DocumentRecord, document: Document | None = None, start: int | None = None
) -> CitationText:
    """The citation of a document, or of its passage starting at ``start`` (with its page
    or section). THE HOOK: see the module's docstring."""
    creator = record.author or record.source
    parts = [record.source] if record.author and record.source else []
    when = readable_date(record.date)
    locator = _locator(record, document, start)
    parts.append(f"{when}, {locator}" if locator else when)
    url = web_address(record.url)
    if url:
        parts.append(url)
    title = record.title.strip()
    close = "" if title.endswith(_ENDINGS) else "."
    return CitationText(
        _sentence(creator) + " " if creator else "",
        title,
        close + "".join(" " + _sentence(part) for part in parts),
    )


def web_address(url: str | None) -> str | None:
    """``url`` when a recipient can follow it (http or https), else None."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


def readable_date(date: str | None) -> str:
    """ "2026-04-16" -> "April 16, 2026"; "2026-04" -> "April 2026"; "2026"; else "n.d."."""
    if not date:
        return "n.d."
    try:
        numbers = [int(p) for p in date.split("-")[:3]]
    except ValueError:
        return date
    if len(numbers) >= 2 and 1 <= numbers[1] <= 12:
        month = MONTHS[numbers[1] - 1]
        return (
            f"{month} {numbers[2]}, {numbers[0]}" if len(numbers) == 3 else f"{month} {numbers[0]}"
        )
    return str(numbers[0])


def _locator(record: DocumentRecord, document: Document | None, start: int | None) -> str:
    if document is None or start is None:
        return ""
    page = document.page_at(start)
    if page is not None:
        return f"p. {page}"
    heading = document.heading_at(start)
    title = " ".join(heading.title.split()) if heading is not None else ""
    if not title or title == record.title:
        return ""
    return title if title.startswith("§") else f"§ {title}"


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith(_ENDINGS) else f"{text}."
