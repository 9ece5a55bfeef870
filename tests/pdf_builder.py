"""PDFs built by hand for the PDF tests: pages of positioned text runs (Helvetica and
Helvetica-Bold), document information, an outline, image-only pages, encryption."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from bench.pdfwriter import escape as _escape
from bench.pdfwriter import write_objects as _write

PAGE_WIDTH, PAGE_HEIGHT = 612.0, 792.0

# Helvetica advance widths (per 1000 em) of the characters the tests lay out.
_WIDTHS = {
    **dict.fromkeys("ijl", 222),
    **dict.fromkeys("ftI", 278),
    **dict.fromkeys(" ,./:;!", 278),
    "r": 333,
    "-": 333,
    **dict.fromkeys("ckszvxy", 500),
    **dict.fromkeys("J", 500),
    "w": 722,
    "m": 833,
    "M": 833,
    "W": 944,
}
_PADDING = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The advance width of ``text`` in Helvetica at ``size`` points (close for bold)."""
    return (
        sum(_WIDTHS.get(ch, 556 if ch.islower() or ch.isdigit() else 667) for ch in text)
        * (size / 1000)
        * (1.05 if bold else 1.0)
    )


@dataclass(frozen=True)
class Run:
    """Text drawn at ``x`` points from the left, its baseline ``top`` points from the top."""

    x: float
    top: float
    text: str
    size: float = 11.0
    bold: bool = False


@dataclass
class PdfBuilder:
    """Collects pages, metadata and an outline, then writes a PDF."""

    info: dict[str, str] = field(default_factory=dict)
    outline: list[tuple[int, str, int, float]] = field(default_factory=list)  # level, title,
    # 0-based page, top
    user_password: str | None = None
    pages: list[bytes] = field(default_factory=list)

    def page(self, runs: Iterable[Run] = (), raw: bytes = b"") -> int:
        """Add a page drawing ``runs`` (and ``raw`` content operators); its 0-based index."""
        parts = [raw] if raw else []
        for run in runs:
            font = b"F2" if run.bold else b"F1"
            parts.append(
                b"BT /%s %.2f Tf 1 0 0 1 %.2f %.2f Tm (%s) Tj ET"
                % (font, run.size, run.x, PAGE_HEIGHT - run.top, _escape(run.text))
            )
        self.pages.append(b"\n".join(parts))
        return len(self.pages) - 1

    def build(self) -> bytes:
        objects: dict[int, bytes] = {}
        n = len(self.pages)
        first_page = 6
        kids = " ".join(f"{first_page + 2 * i} 0 R" for i in range(n))
        catalog = b"<< /Type /Catalog /Pages 2 0 R"
        objects[2] = f"<< /Type /Pages /Kids [{kids}] /Count {n} >>".encode()
        objects[3] = (
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
        )
        objects[4] = (
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold "
            b"/Encoding /WinAnsiEncoding >>"
        )
        objects[5] = (
            b"<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray "
            b"/BitsPerComponent 8 /Length 4 >>\nstream\n\x00\xff\xff\x00\nendstream"
        )
        for i, stream in enumerate(self.pages):
            objects[first_page + 2 * i] = (
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] "
                b"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> /XObject << /Im1 5 0 R >> >> "
                b"/Contents %d 0 R >>" % (PAGE_WIDTH, PAGE_HEIGHT, first_page + 2 * i + 1)
            )
            objects[first_page + 2 * i + 1] = b"<< /Length %d >>\nstream\n%s\nendstream" % (
                len(stream),
                stream,
            )
        number = first_page + 2 * n
        if self.outline:
            catalog += b" /Outlines %d 0 R /PageMode /UseOutlines" % number
            number = self._outline(objects, number, first_page)
        objects[1] = catalog + b" >>"
        trailer = b""
        if self.info:
            fields = b" ".join(b"/%s (%s)" % (k.encode(), _escape(v)) for k, v in self.info.items())
            objects[number] = b"<< %s >>" % fields
            trailer += b" /Info %d 0 R" % number
            number += 1
        file_id = hashlib.md5(b"briefreader-test").digest()
        if self.user_password is not None:
            owner, user = _encryption(self.user_password, "owner", file_id)
            objects[number] = (
                b"<< /Filter /Standard /V 1 /R 2 /Length 40 /P -4 /O <%s> /U <%s> >>"
                % (owner.hex().encode(), user.hex().encode())
            )
            trailer += b" /Encrypt %d 0 R" % number
            number += 1
        trailer += b" /ID [<%s> <%s>]" % (file_id.hex().encode(), file_id.hex().encode())
        return _write(objects, trailer)

    def _outline(self, objects: dict[int, bytes], root: int, first_page: int) -> int:
        """Outline items for ``self.outline`` (levels nest), numbered from ``root``."""
        numbers = [root + 1 + i for i in range(len(self.outline))]
        parents: list[int] = []
        children: dict[int, list[int]] = {root: []}
        for (level, _title, _page, _top), number in zip(self.outline, numbers, strict=True):
            del parents[level - 1 :]
            parent = parents[-1] if parents else root
            children.setdefault(parent, []).append(number)
            children.setdefault(number, [])
            parents.append(number)
        parent_of = {kid: parent for parent, kids in children.items() for kid in kids}
        for (_level, title, page, top), number in zip(self.outline, numbers, strict=True):
            siblings = children[parent_of[number]]
            at = siblings.index(number)
            entry = b"<< /Title (%s) /Parent %d 0 R /Dest [%d 0 R /XYZ 0 %.1f 0]" % (
                _escape(title),
                parent_of[number],
                first_page + 2 * page,
                PAGE_HEIGHT - top,
            )
            if at > 0:
                entry += b" /Prev %d 0 R" % siblings[at - 1]
            if at + 1 < len(siblings):
                entry += b" /Next %d 0 R" % siblings[at + 1]
            kids = children[number]
            if kids:
                entry += b" /First %d 0 R /Last %d 0 R /Count %d" % (kids[0], kids[-1], len(kids))
            objects[number] = entry + b" >>"
        top_level = children[root]
        objects[root] = b"<< /Type /Outlines /First %d 0 R /Last %d 0 R /Count %d >>" % (
            top_level[0],
            top_level[-1],
            len(top_level),
        )
        return root + 1 + len(self.outline)


def paragraph(
    x: float, top: float, lines: Sequence[str], size: float = 11.0, leading: float = 13.2
) -> list[Run]:
    """Runs for lines of one paragraph, one below the other."""
    return [Run(x, top + i * leading, line, size) for i, line in enumerate(lines)]


def wrap(words: Sequence[str], width: float, size: float = 11.0) -> list[str]:
    """Words broken greedily into lines no wider than ``width`` points (Helvetica)."""
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}" if current else word
        if current and text_width(candidate, size) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


IMAGE_ONLY = b"q 300 0 0 400 150 200 cm /Im1 Do Q"  # a "scanned" page: an image, no text


def _rc4(key: bytes, data: bytes) -> bytes:
    state = list(range(256))
    j = 0
    for i in range(256):
        j = (j + state[i] + key[i % len(key)]) % 256
        state[i], state[j] = state[j], state[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + state[i]) % 256
        state[i], state[j] = state[j], state[i]
        out.append(byte ^ state[(state[i] + state[j]) % 256])
    return bytes(out)


def _encryption(user: str, owner: str, file_id: bytes) -> tuple[bytes, bytes]:
    """/O and /U of the standard security handler, revision 2 (40-bit RC4)."""
    padded_user = (user.encode("latin-1") + _PADDING)[:32]
    padded_owner = (owner.encode("latin-1") + _PADDING)[:32]
    owner_entry = _rc4(hashlib.md5(padded_owner).digest()[:5], padded_user)
    permissions = (-4).to_bytes(4, "little", signed=True)
    key = hashlib.md5(padded_user + owner_entry + permissions + file_id).digest()[:5]
    return owner_entry, _rc4(key, _PADDING)
