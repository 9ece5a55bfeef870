"""Documents built to make converters slow or greedy (each measured on Python-Markdown 3.11 /
nh3 0.3 before the guards), and PDFs that make PDFium build millions of characters."""

from __future__ import annotations

import zlib
from collections.abc import Callable
from pathlib import Path

from pdf_builder import _write


def nested_brackets(size: int = 150_000) -> str:
    """``[`` then ``](``: never finished in 120 s."""
    return "[" * (size // 3) + "](" * (size // 3)


def link_openers(count: int = 20_000) -> str:
    """``[a](‹`` over and over: 104 s."""
    return "[a](‹" * count


def abbreviations(count: int = 5_000) -> str:
    """Thousands of abbreviation definitions, each used: 14.9 s."""
    definitions = "".join(f"*[AB{i}]: Abbreviation {i}\n" for i in range(count))
    return definitions + "\n" + " ".join(f"AB{i}" for i in range(count)) + "\n"


def nested_quotes(depth: int = 1_500) -> str:
    """Each line one quote deeper: 11.5 s and 581 MB."""
    return "\n".join(">" * level + f" level {level}" for level in range(1, depth + 1)) + "\n"


def nested_divs(depth: int = 100_000) -> str:
    """100,000 nested ``<div>`` for the sanitiser: 19.6 s."""
    return f"<html><body>{'<div>' * depth}deep text{'</div>' * depth}<p>After.</p></body></html>"


def ampersands(size: int = 10 * 2**20) -> str:
    """10 MB of ``&amp;``: 30 s."""
    return "&amp;" * (size // 5)


def slow_paragraphs(paragraphs: int = 60, links: int = 600) -> str:
    """Paragraphs each just under the guard's limit: about a second each to convert, so the
    file as a whole runs over a short time budget (what the budget, not a guard, stops)."""
    paragraph = " ".join(f"[a{i}](u{i})" for i in range(links))
    return "# Slow links\n\n" + "\n\n".join(paragraph for _ in range(paragraphs)) + "\n"


PATHOLOGICAL: dict[str, Callable[[], str]] = {
    "nested-brackets.md": nested_brackets,
    "link-openers.md": link_openers,
    "abbreviations.md": abbreviations,
    "nested-quotes.md": nested_quotes,
    "nested-divs.html": nested_divs,
    "ampersands.md": ampersands,
}


def write_pathological(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, build in PATHOLOGICAL.items():
        path = folder / name
        path.write_text(build(), encoding="utf-8")
        paths.append(path)
    return paths


def text_bomb_pdf(expansion: int, codes: int, pages: int = 1) -> bytes:
    """A PDF whose one content stream shows ``codes`` glyph codes (compressed: a few hundred
    KB at most), each mapped by a ToUnicode CMap to ``expansion`` characters."""
    cmap = (
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Bomb def "
        b"1 begincodespacerange <00> <FF> endcodespacerange 1 beginbfrange <20> <7E> <"
        + b"0041" * expansion
        + b"> endbfrange endcmap CMapName currentdict /CMap defineresource pop end end"
    )
    content = _compressed_text(codes)
    packed = zlib.compress(cmap, 9)
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
        5: b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream"
        % (len(content), content),
        6: b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(packed), packed),
    }
    kids = []
    for page in range(pages):
        kids.append(b"%d 0 R" % (10 + page))
        objects[10 + page] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>"
        )
    objects[2] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), pages)
    return _write(objects, b"")


def _compressed_text(codes: int) -> bytes:
    """``BT ... ET`` showing ``codes`` glyphs, deflated piece by piece (little memory)."""
    packer = zlib.compressobj(9)
    lines = b"(" + b"A" * 1000 + b") Tj T* "
    parts = [packer.compress(b"BT /F1 1 Tf 1 TL 72 700 Td ")]
    block = lines * 1000
    for _ in range(codes // 1_000_000):
        parts.append(packer.compress(block))
    parts.append(packer.compress(lines * (codes % 1_000_000 // 1000) + b"ET"))
    parts.append(packer.flush())
    return b"".join(parts)


BOMBS = {
    "cmap-1000.pdf": (1000, 150_000, 1),  # one code -> 1,000 characters
    "cmap-4-dense.pdf": (4, 20_000_000, 1),  # an ordinary map, a flood of codes
    "plain-flood.pdf": (1, 70_000_000, 1),  # no expansion at all: 150 KB, 70 M codes
    "shared-stream.pdf": (4, 2_000_000, 50),  # one stream shown on 50 pages
}
