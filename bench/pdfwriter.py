"""A minimal PDF writer for generated corpora: text pages in the standard Helvetica font.

Just enough of PDF 1.4 for PDFium to read the text back: a catalog, a page tree, one
uncompressed content stream per page, the base-14 font (no embedding), an Info title and a
cross-reference table with exact offsets. Text is Latin-1 (WinAnsi); other characters
become "?". No new dependency: the benchmark's PDFs are plain, so a writer is a page long.
"""

from __future__ import annotations

from collections.abc import Sequence

PAGE_WIDTH = 612  # US Letter, points
PAGE_HEIGHT = 792
MARGIN = 56
FONT_SIZE = 10
LEADING = 12
LINES_PER_PAGE = (PAGE_HEIGHT - 2 * MARGIN) // LEADING


def escape(text: str, errors: str = "strict") -> bytes:
    """Text for a PDF literal string: WinAnsi (cp1252) bytes, parentheses and backslashes
    escaped."""
    data = text.encode("cp1252", errors=errors)
    return data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _literal(text: str) -> bytes:
    return b"(" + escape(text, errors="replace") + b")"


def write_objects(objects: dict[int, bytes], trailer_fields: bytes = b"") -> bytes:
    """A PDF file of numbered objects (1 is the catalog) with an exact cross-reference table;
    numbers left out become free entries."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, objects[number])
    size = max(objects) + 1
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        if number in offsets:
            out += b"%010d 00000 n \n" % offsets[number]
        else:
            out += b"0000000000 65535 f \n"
    out += b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (
        size,
        trailer_fields,
        xref,
    )
    return bytes(out)


def wrap(text: str, width: int) -> list[str]:
    """Greedy word wrap of one paragraph into lines of at most ``width`` characters."""
    lines: list[str] = []
    current: list[str] = []
    length = 0
    for word in text.split():
        if current and length + 1 + len(word) > width:
            lines.append(" ".join(current))
            current, length = [], 0
        length += len(word) + (1 if current else 0)
        current.append(word)
    if current:
        lines.append(" ".join(current))
    return lines


def _content(lines: Sequence[str]) -> bytes:
    top = PAGE_HEIGHT - MARGIN
    parts = [f"BT /F1 {FONT_SIZE} Tf {LEADING} TL {MARGIN} {top} Td\n".encode()]
    parts += [_literal(line) + b" Tj T*\n" for line in lines]
    parts.append(b"ET\n")
    return b"".join(parts)


def pdf_bytes(pages: Sequence[Sequence[str]], title: str) -> bytes:
    """A PDF with one page per list of text lines (at most LINES_PER_PAGE lines each)."""
    objects = {
        3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        4: b"<< /Title " + _literal(title) + b" /Producer (briefreader bench) >>",
    }
    kids: list[bytes] = []
    for number, lines in enumerate(pages, start=5):
        page_no, content_no = 2 * number - 5, 2 * number - 4  # 5, 6; 7, 8; ...
        stream = _content(lines)
        objects[content_no] = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream)
        objects[page_no] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents %d 0 R "
            b"/Resources << /Font << /F1 3 0 R >> >> >>" % (PAGE_WIDTH, PAGE_HEIGHT, content_no)
        )
        kids.append(b"%d 0 R" % page_no)
    objects[1] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[2] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
    return write_objects(objects, b" /Info 4 0 R")


def paginate(paragraphs: Sequence[str], width: int = 95) -> list[list[str]]:
    """Paragraphs wrapped to ``width`` characters and cut into pages (a blank line between)."""
    pages: list[list[str]] = [[]]
    for paragraph in paragraphs:
        for line in [*wrap(paragraph, width), ""]:
            if len(pages[-1]) >= LINES_PER_PAGE:
                pages.append([])
            pages[-1].append(line)
    return pages
