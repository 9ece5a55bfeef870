"""The citation line of a document or a passage in an export: the one hook every renderer
calls.

``cite()`` is the only place a renderer gets a citation from. It returns the line in three
parts (the text before the title, the title, the text after it) so each format escapes them
and sets the title in italics its own way. The style is ``citation.py``'s (one documented
report style: creator, title, publisher and number, date, page or section, web address);
the line never holds a path on the analyst's disk: an address that is not http(s) is left
out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

from briefreader.core.models import Document, DocumentRecord

from .citation import document_citation, passage_citation

_TITLE_MARK = "\x00"  # what cite() asks the style to put around the title, to split there


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
    or section)."""
    if record.url and web_address(record.url) is None:
        record = replace(record, url=None)
    if start is None:
        found = document_citation(record)
    else:
        found = passage_citation(record, document, start)
    line = found.formatted(str, (_TITLE_MARK, _TITLE_MARK))
    before, title, after = (
        line.split(_TITLE_MARK) if line.count(_TITLE_MARK) == 2 else ("", "", line)
    )
    return CitationText(before, title, after)


def web_address(url: str | None) -> str | None:
    """``url`` when a recipient can follow it (http or https), else None."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None
