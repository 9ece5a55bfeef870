"""PDF loader: PDFium reads each page's words, ``pdf_layout`` reflows them into canonical
text; title, author and date come from the PDF itself (document information, outline)."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from briefreader.core.formats.frontmatter import (
    Metadata,
    clean_text,
    normalize_date,
    normalize_tags,
)
from briefreader.core.formats.pdf_guard import unicode_bomb
from briefreader.core.formats.pdf_layout import reflow
from briefreader.core.formats.pdfium import OutlineEntry, PageText, PdfHandle, damage
from briefreader.core.models import Block, LoadError

log = logging.getLogger(__name__)

# A page of dense print has some 6,000 characters; a ToUnicode map can make one glyph
# stand for hundreds. Beyond these limits the text is cut (with a warning), the pages stay.
MAX_PAGE_CHARS = 200_000
MAX_DOCUMENT_CHARS = 8_000_000
NO_TEXT_WARNING = "no text layer (scanned pages?); the pages can be viewed but not searched"

# Titles that name a file, a template or a program rather than the document.
_JUNK_TITLE = re.compile(
    r"^(?:untitled(?: document)?|microsoft (?:word|powerpoint|excel) - .*"
    r"|powerpoint presentation|document\d*|title|slide \d+"
    r"|\S+\.(?:xml|x?html?|docx?|pptx?|xlsx?|pdf|indd|rtf|tex|txt|qxd))$",
    re.IGNORECASE,
)


@dataclass
class PdfContent:
    """Canonical text, blocks and page starts of a PDF, plus its metadata and outline."""

    text: str
    blocks: tuple[Block, ...]
    pages: tuple[int, ...]
    metadata: Metadata
    outline: tuple[OutlineEntry, ...] = ()
    warnings: list[str] = field(default_factory=list)
    info: dict[str, str] = field(default_factory=dict)  # raw document info, lower-case keys
    page1_title: str | None = None  # the largest text on page 1
    furniture: tuple[str, ...] = ()  # running headers/footers left out of the text


def read_pdf(data: bytes) -> PdfContent:
    """Read and reflow a PDF; raise LoadError when it cannot be opened at all."""
    with PdfHandle.open(data) as handle:
        pages, warnings = read_pages(handle, data)
        outline = tuple(handle.outline())
        info = handle.metadata()
        hurt = "its structure had to be rebuilt" if handle.repaired else damage(data)
    if hurt or any(page.error for page in pages):
        if not any(page.words or page.garbled or page.skipped for page in pages):
            raise LoadError("damaged PDF: no page text could be read")
        if hurt:
            warnings.insert(0, f"damaged PDF ({hurt}): {_pages(pages)}")
    flowed = reflow(pages, outline)
    metadata = _metadata(info)
    raw_info = {key.lower(): value for key, value in info.items() if value.strip()}
    return PdfContent(
        flowed.text,
        flowed.blocks,
        flowed.pages,
        metadata,
        outline,
        warnings,
        info=raw_info,
        page1_title=flowed.title,
        furniture=flowed.furniture,
    )


def read_pages(handle: PdfHandle, data: bytes) -> tuple[list[PageText], list[str]]:
    """Every page's words (within the character limits) and one warning per kind of trouble;
    ``data`` is the file, looked at for ToUnicode bombs first.

    The view reads the pages again through here, so it gets the same words and text.
    """
    bomb = unicode_bomb(data, MAX_DOCUMENT_CHARS)
    pages: list[PageText] = []
    budget = 0 if bomb else MAX_DOCUMENT_CHARS
    stopped_at = None
    for index in range(handle.page_count):
        if bomb:
            width, height = handle.page_size(index)
            pages.append(PageText(index, width, height, skipped=True))
            continue
        if budget <= 0:
            width, height = handle.page_size(index)
            pages.append(PageText(index, width, height))
            stopped_at = stopped_at or index + 1
            continue
        page = handle.page_text(index, min(MAX_PAGE_CHARS, budget))
        budget -= page.chars
        pages.append(page)
    if not any(page.error is None for page in pages):
        raise LoadError(f"damaged PDF: no page could be read ({pages[0].error})")
    return pages, [bomb] if bomb else _warnings(pages, stopped_at)


def _warnings(pages: list[PageText], stopped_at: int | None) -> list[str]:
    total = len(pages)
    failed = [p.index + 1 for p in pages if p.error is not None]
    garbled = [p.index + 1 for p in pages if p.garbled]
    cut = [p.index + 1 for p in pages if p.cut]
    warnings = []
    if not any(page.words for page in pages) and not garbled:
        warnings.append(NO_TEXT_WARNING)
    if failed:
        warnings.append(f"{len(failed)} of {total} pages could not be read: {_numbers(failed)}")
    if garbled:
        warnings.append(
            f"{len(garbled)} of {total} pages have text in fonts that cannot be decoded: "
            f"{_numbers(garbled)}"
        )
    if cut:
        warnings.append(
            f"{len(cut)} of {total} pages have over {MAX_PAGE_CHARS:,} characters; only the "
            f"first ones were read: {_numbers(cut)}"
        )
    if stopped_at:
        warnings.append(
            f"text read up to page {stopped_at - 1} only: the document has over "
            f"{MAX_DOCUMENT_CHARS:,} characters"
        )
    return warnings


def _metadata(info: dict[str, str]) -> Metadata:
    """Title (the PDF's own unless it is junk; the largest text on page 1 is
    ``PdfContent.page1_title``), date, author, subject and keywords."""
    title = clean_text(info.get("Title"))
    if title and _JUNK_TITLE.match(title):
        title = None
    date = None
    for key in ("CreationDate", "ModDate"):
        date = normalize_date(info.get(key, ""))
        if date:
            break
    return Metadata(
        title=title,
        date=date,
        author=clean_text(info.get("Author")),
        summary=clean_text(info.get("Subject")),
        tags=_keyword_tags(info.get("Keywords")),
    )


def _keyword_tags(keywords: object) -> tuple[str, ...]:
    """Tags from PDF keywords, unless they are really "Label: value" notes."""
    if not keywords:
        return ()
    tags = normalize_tags(str(keywords))
    return () if any(":" in tag or len(tag) > 60 for tag in tags) else tags


def _pages(pages: list[PageText]) -> str:
    readable = sum(1 for page in pages if page.error is None)
    return (
        f"recovered {readable} pages"
        if readable == len(pages)
        else (f"recovered {readable} of {len(pages)} pages")
    )


def _numbers(numbers: list[int], limit: int = 10) -> str:
    """A short list of page numbers."""
    shown = ", ".join(str(n) for n in numbers[:limit])
    return shown + (", ..." if len(numbers) > limit else "")
