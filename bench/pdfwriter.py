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


def _literal(text: str) -> bytes:
    """A PDF literal string: parentheses and backslashes escaped, Latin-1 bytes."""
    data = text.encode("latin-1", errors="replace")
    return b"(" + data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


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
    objects: list[bytes] = [b"", b"", b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
                            b"/Encoding /WinAnsiEncoding >>", b"<< /Title " + _literal(title)
                            + b" /Producer (briefreader bench) >>"]  # fmt: skip
    kids: list[int] = []
    for lines in pages:
        stream = _content(lines)
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"endstream")
        content_no = len(objects)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents %d 0 R "
            b"/Resources << /Font << /F1 3 0 R >> >> >>" % (PAGE_WIDTH, PAGE_HEIGHT, content_no)
        )
        kids.append(len(objects))
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    refs = b" ".join(b"%d 0 R" % k for k in kids)
    objects[1] = b"<< /Type /Pages /Kids [" + refs + b"] /Count %d >>" % len(kids)
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets: list[int] = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 4 0 R >>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def paginate(paragraphs: Sequence[str], width: int = 95) -> list[list[str]]:
    """Paragraphs wrapped to ``width`` characters and cut into pages (a blank line between)."""
    pages: list[list[str]] = [[]]
    for paragraph in paragraphs:
        for line in [*wrap(paragraph, width), ""]:
            if len(pages[-1]) >= LINES_PER_PAGE:
                pages.append([])
            pages[-1].append(line)
    return pages
