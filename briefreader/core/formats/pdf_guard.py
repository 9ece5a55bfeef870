"""A look at a PDF's bytes before PDFium builds text pages: a ToUnicode map that turns one
glyph code into a long text can make a 1 KB file expand to tens of millions of characters,
and PDFium keeps some 180 bytes per character (32 million characters took 5.9 GB here).

Measured on a hand-built bomb: one Tj of 32,767 codes, each mapped to 1,000 characters.
Real fonts map a glyph to at most a few characters (ligatures such as "ffi").
"""

from __future__ import annotations

import re
import zlib

_STREAM = re.compile(
    rb"<<((?:[^<>]|<<(?:[^<>]|<<[^<>]*>>)*>>|<[0-9A-Fa-f\s]*>){0,400})>>\s*stream\r?\n"
)
_BF_DESTINATION = re.compile(rb"<([0-9A-Fa-f\s]{20,})>")
_SKIP = re.compile(rb"/Subtype\s*/Image|/Length1|/Length2|/Type\s*/(?:XObject|ObjStm|XRef)")
_MAX_STREAM_IN = 4 << 20  # compressed bytes of a stream worth inflating
_MAX_STREAM_OUT = 8 << 20  # inflated bytes looked at per stream
_MAX_TOTAL_OUT = 256 << 20  # ... and in all
_ORDINARY_EXPANSION = 4  # characters one glyph code may stand for without suspicion
MAX_STREAM_CHARS = 2_000_000  # characters one content stream may show (a dense page: 10,000)
_LITERAL_STRING = re.compile(rb"\((?:[^()\\]|\\.)*\)")
_HEX_STRING = re.compile(rb"<[0-9A-Fa-f\s]+>")


def unicode_bomb(data: bytes, max_chars: int) -> str | None:
    """Why the text of this PDF should not be read (a one-line reason), or None."""
    expansion, inflated, densest = _expansion(data)
    if densest * max(expansion, 1) > MAX_STREAM_CHARS:
        # PDFium builds a page's every character before we can cut (some 180 bytes each):
        # a 200 KB file of compressed text took 1.4 GB. Real pages hold thousands.
        return (
            f"text not read: one page would hold over {MAX_STREAM_CHARS:,} characters "
            "(a text bomb?); the pages can be viewed but not searched"
        )
    if expansion <= _ORDINARY_EXPANSION:
        return None
    if expansion * inflated <= 2 * max_chars:
        return None
    return (
        f"text not read: a font maps one character to {expansion:,} (a ToUnicode bomb?); "
        "the pages can be viewed but not searched"
    )


def _expansion(data: bytes) -> tuple[int, int, int]:
    """The most characters one code maps to in any ToUnicode map, the inflated size of the
    streams that are neither images nor fonts (an upper bound on glyph codes), and the most
    string bytes (glyph codes, at most) in one of those streams."""
    expansion = 1
    total = densest = 0
    for match in _STREAM.finditer(data):
        header = match.group(1)
        if _SKIP.search(header):
            continue
        start = match.end()
        end = data.find(b"endstream", start, start + _MAX_STREAM_IN + 16)
        if end < 0:
            continue
        raw = data[start:end]
        if b"/FlateDecode" in header or b"/Fl" in header:
            try:
                body = zlib.decompressobj().decompress(raw, _MAX_STREAM_OUT)
            except zlib.error:
                continue
        elif b"/Filter" in header:
            continue
        else:
            body = raw
        total += len(body)
        if b"beginbf" in body:
            expansion = max(expansion, _cmap_expansion(body))
        elif len(body) > MAX_STREAM_CHARS // 8:
            densest = max(densest, _string_bytes(body))
        if total >= _MAX_TOTAL_OUT:
            break
    return expansion, total, densest


def _string_bytes(content: bytes) -> int:
    """Bytes inside the literal and hex strings of a content stream (glyph codes)."""
    literal = sum(map(len, _LITERAL_STRING.findall(content)))
    return literal + sum(map(len, _HEX_STRING.findall(content))) // 2


def _cmap_expansion(cmap: bytes) -> int:
    """The longest destination of a CMap's bfchar/bfrange entries, in UTF-16 units."""
    longest = 0
    for match in _BF_DESTINATION.finditer(cmap):
        digits = len(match.group(1)) - sum(match.group(1).count(c) for c in b" \t\r\n")
        longest = max(longest, digits // 4)
    return longest
