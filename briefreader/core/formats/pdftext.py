"""PDF text per page with pypdf, including pages recovered from truncated or damaged files."""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pypdf import PageObject, PdfReader
from pypdf.generic import DictionaryObject, IndirectObject

from briefreader.core.formats.frontmatter import (
    Metadata,
    clean_text,
    normalize_date,
    normalize_tags,
)
from briefreader.core.formats.textio import normalize_newlines
from briefreader.core.models import Block, LoadError

log = logging.getLogger(__name__)

_OBJ_HEADER = re.compile(rb"(?<![0-9])(\d{1,10})\s+(\d{1,5})\s+obj\b")
_MAX_SCANNED_OBJECTS = 100_000
_GARBLED_RATIO = 0.3  # pages with this share of U+FFFD have fonts we cannot decode


@dataclass
class PdfContent:
    """Canonical text, blocks and page starts of a PDF, plus its metadata."""

    text: str
    blocks: tuple[Block, ...]
    pages: tuple[int, ...]
    metadata: Metadata
    warnings: list[str] = field(default_factory=list)


def read_pdf(data: bytes) -> PdfContent:
    """Read the text layer of every readable page; raise LoadError when there is none."""
    # pypdf logs each broken object of a damaged file; our one-line warning says enough.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    reader, pages, warnings = _open(data)
    texts, failed, garbled = _page_texts(pages)
    readable = sum(1 for text in texts if text and text.strip())
    if not readable:
        if failed or garbled:
            raise LoadError("damaged PDF: no page text could be read")
        raise LoadError("PDF has no text layer (scanned images?)")
    warnings.extend(_page_warnings(len(pages), failed, garbled))
    text, blocks, starts = _layout(texts)
    metadata, meta_warnings = _metadata(reader)
    warnings.extend(meta_warnings)
    return PdfContent(text, blocks, starts, metadata, warnings)


def _open(data: bytes) -> tuple[PdfReader, list[PageObject], list[str]]:
    """Open the PDF normally, or recover its pages when the file is damaged."""
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        _decrypt(reader)
        return reader, list(reader.pages), []
    except LoadError:
        raise
    except Exception as error:  # pypdf raises many kinds of errors for damaged files
        first_error = _short(error)
        log.debug("PDF did not open normally (%s); trying to recover", first_error)
    try:
        reader, pages = _recover(data)
    except LoadError:
        raise
    except Exception as error:
        raise LoadError(f"damaged PDF: {first_error}; recovery failed ({_short(error)})") from None
    if not pages:
        raise LoadError(f"damaged PDF: {first_error}; no pages found")
    return reader, pages, [f"damaged PDF ({first_error}): recovered {len(pages)} pages"]


def _decrypt(reader: PdfReader) -> None:
    """Open an encrypted PDF that has an empty user password, else refuse it."""
    if not reader.is_encrypted:
        return
    try:
        opened = bool(reader.decrypt(""))
    except Exception:
        opened = False
    if not opened:
        raise LoadError("PDF is encrypted (password-protected)")


def _recover(data: bytes) -> tuple[PdfReader, list[PageObject]]:
    """Append a trailer pointing at the catalog, let pypdf rebuild the xref, find pages."""
    headers = [(m.start(), int(m.group(1)), int(m.group(2))) for m in _OBJ_HEADER.finditer(data)]
    if not headers:
        raise LoadError("damaged PDF: no objects found")
    size = max(number for _pos, number, _gen in headers) + 1
    root = _object_before(data, headers, data.find(b"/Catalog"))
    info = _object_before(data, headers, _find_info(data))
    trailer = b"\ntrailer\n<</Size %d" % size
    if root:
        trailer += b"/Root %d %d R" % root
    if info:
        trailer += b"/Info %d %d R" % info
    trailer += b">>\nstartxref\n0\n%%EOF\n"
    reader = PdfReader(io.BytesIO(data + trailer), strict=False)
    _decrypt(reader)
    try:
        pages = list(reader.pages)
    except Exception as error:
        log.debug("page tree unusable (%s); scanning objects for pages", _short(error))
        pages = []
    return reader, pages or _scan_pages(reader)


def _object_before(
    data: bytes, headers: list[tuple[int, int, int]], position: int
) -> tuple[int, int] | None:
    """The (number, generation) of the object whose header precedes ``position``."""
    if position < 0:
        return None
    found = None
    for start, number, generation in headers:
        if start > position:
            break
        found = (number, generation)
    return found


def _find_info(data: bytes) -> int:
    """Where a document information dictionary probably is (-1 if nowhere)."""
    for key in (b"/Producer", b"/CreationDate", b"/Creator"):
        position = data.find(key)
        if position >= 0:
            return position
    return -1


def _scan_pages(reader: PdfReader) -> list[PageObject]:
    """Every object of type /Page, in object-number order."""
    references = {(number, gen) for gen, table in reader.xref.items() for number in table}
    references.update((number, 0) for number in reader.xref_objStm)
    pages = []
    for number, generation in sorted(references)[:_MAX_SCANNED_OBJECTS]:
        reference = IndirectObject(number, generation, reader)
        try:
            obj = reader.get_object(reference)
        except Exception:
            continue
        if isinstance(obj, DictionaryObject) and obj.get("/Type") == "/Page":
            page = PageObject(reader, reference)
            page.update(obj)
            pages.append(page)
    return pages


def _page_texts(pages: list[PageObject]) -> tuple[list[str | None], list[int], list[int]]:
    """Text of each page (None when unreadable), the failed and the garbled page numbers."""
    texts: list[str | None] = []
    failed: list[int] = []
    garbled: list[int] = []
    for number, page in enumerate(pages, start=1):
        try:
            text = page.extract_text() or ""
        except Exception as error:
            log.debug("page %d: %s", number, _short(error))
            failed.append(number)
            texts.append(None)
            continue
        visible = len(text) - text.count(" ") - text.count("\n")
        if visible and text.count("\ufffd") > _GARBLED_RATIO * visible:
            garbled.append(number)
            texts.append(None)
            continue
        texts.append(text)
    return texts, failed, garbled


def _page_warnings(total: int, failed: list[int], garbled: list[int]) -> list[str]:
    """One line per kind of page problem."""
    warnings = []
    if failed:
        warnings.append(f"{len(failed)} of {total} pages could not be read: {_numbers(failed)}")
    if garbled:
        warnings.append(
            f"{len(garbled)} of {total} pages have text in fonts that cannot be decoded: "
            f"{_numbers(garbled)}"
        )
    return warnings


def _layout(texts: list[str | None]) -> tuple[str, tuple[Block, ...], tuple[int, ...]]:
    """Blocks for every line of every page; an empty page is one blank block."""
    parts: list[str] = []
    blocks: list[Block] = []
    starts: list[int] = []
    offset = 0
    for number, text in enumerate(texts, start=1):
        starts.append(offset)
        for line in _page_lines(text or ""):
            kind = "paragraph" if line else "blank"
            blocks.append(Block(kind, offset, offset + len(line), page=number))
            parts.append(line)
            offset += len(line) + 1
    return "\n".join(parts), tuple(blocks), tuple(starts)


def _page_lines(text: str) -> list[str]:
    """Lines of a page without trailing spaces or blank lines at either end."""
    text = normalize_newlines(text.replace("\x00", ""))
    lines = [line.rstrip() for line in text.split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    first = 0
    while first < len(lines) and not lines[first]:
        first += 1
    return lines[first:] or [""]


def _metadata(reader: PdfReader) -> tuple[Metadata, list[str]]:
    """Title, author, date, subject and keywords from the document information."""
    try:
        info: Mapping[str, Any] = reader.metadata or {}
        fields = {key: info.get(key) for key in ("/Title", "/Author", "/Subject", "/Keywords")}
        created = info.get("/CreationDate")
    except Exception as error:
        return Metadata(), [f"PDF metadata could not be read ({_short(error)})"]
    return (
        Metadata(
            title=clean_text(fields["/Title"]),
            date=normalize_date(str(created)) if created else None,
            author=clean_text(fields["/Author"]),
            summary=clean_text(fields["/Subject"]),
            tags=_keyword_tags(fields["/Keywords"]),
        ),
        [],
    )


def _keyword_tags(keywords: object) -> tuple[str, ...]:
    """Tags from PDF keywords, unless they are really "Label: value" notes."""
    if not keywords:
        return ()
    tags = normalize_tags(str(keywords))
    return () if any(":" in tag or len(tag) > 60 for tag in tags) else tags


def _numbers(numbers: list[int], limit: int = 10) -> str:
    """A short list of page numbers."""
    shown = ", ".join(str(n) for n in numbers[:limit])
    return shown + (", ..." if len(numbers) > limit else "")


def _short(error: BaseException) -> str:
    """An exception as one short line."""
    text = " ".join(str(error).split()) or type(error).__name__
    return text[:120]
