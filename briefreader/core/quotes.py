"""Finding a quote typed by the user in a canonical text: runs of white space match any
other run (a PDF's line break, two spaces), and a straight quote mark or apostrophe its
curly forms, so a quote typed on the command line finds the passage as the text has it."""

from __future__ import annotations

import re

from briefreader.core.errors import LibraryError
from briefreader.core.models import Document

_QUOTE_FORMS = {ch: "['‘’]" for ch in "'‘’"} | {ch: '["“”]' for ch in '"“”'}


def quote_pattern(quote: str) -> re.Pattern[str] | None:
    """``quote`` as a pattern matched as this module says; None when it is only white space."""
    words = quote.split()
    if not words:
        return None
    return re.compile(
        r"\s+".join("".join(_QUOTE_FORMS.get(ch) or re.escape(ch) for ch in word) for word in words)
    )


def find_quote(text: str, quote: str, occurrence: int) -> tuple[int, int] | None:
    """Where the ``occurrence``-th (1-based) appearance of ``quote`` is in ``text``."""
    pattern = quote_pattern(quote)
    if pattern is None or occurrence < 1:
        return None
    for number, match in enumerate(pattern.finditer(text), start=1):
        if number == occurrence:
            return match.span()
    return None


def find_occurrence(text: str, quote: str, occurrence: int) -> int | None:
    """Start of the ``occurrence``-th (1-based) appearance of ``quote`` in ``text``."""
    found = find_quote(text, quote, occurrence)
    return None if found is None else found[0]


def quote_span(document: Document, quote: str, occurrence: int) -> tuple[int, int]:
    """Where the ``occurrence``-th ``quote`` is in the document; LibraryError when absent."""
    found = find_quote(document.text, quote, occurrence)
    if found is None:
        pattern = quote_pattern(quote)
        count = sum(1 for _ in pattern.finditer(document.text)) if pattern else 0
        if count:
            raise LibraryError(
                f"the quote occurs only {count} time(s) in {document.title!r}: {quote!r}"
            )
        raise LibraryError(f"the quote is not in {document.title!r}: {quote!r}")
    return found
