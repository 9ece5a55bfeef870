"""The page map of a PDF (its reflowed text, and for every canonical character and line where
it is on the pages) and a small on-disk cache of it, so a PDF opened again is mapped at once.

Reflowing a 67-page report takes about a second; the map read back from the cache takes a
few milliseconds. The cache is a folder of files named by the PDF's content hash and the
loader version (a new loader may reflow differently); each file holds its text too, and a
file that does not read back whole is ignored (and replaced). Losing it costs a reflow.
"""

from __future__ import annotations

import json
import logging
import operator
import os
import sys
import zlib
from array import array
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path
from typing import TYPE_CHECKING

from briefreader.core.formats.pdfium import OutlineEntry

if TYPE_CHECKING:
    from briefreader.core.formats.pdf_layout import Reflow

log = logging.getLogger(__name__)

MAP_FORMAT = 1  # bump when the file layout changes
CACHED_MAPS = 64  # files kept; the oldest (by last use) go first
_MAGIC = b"briefreader-pdf-map\n"


@dataclass(frozen=True)
class PdfTextMap:
    """Canonical text with, per character, its page-local PDFium character index (-1 where
    the reflow put a space or a newline), page starts, and one record per emitted line."""

    text: str
    chars: array[int]
    pages: tuple[int, ...]  # canonical offset where each page starts
    line_page: array[int]  # 0-based page of each line
    line_start: array[int]
    line_end: array[int]
    line_box: array[float]  # x0, y0, x1, y1 per line, in display points
    outline: tuple[OutlineEntry, ...] = ()

    @classmethod
    def from_reflow(cls, flowed: Reflow, outline: list[OutlineEntry]) -> PdfTextMap:
        lines = flowed.lines
        return cls(
            flowed.text,
            flowed.chars,
            flowed.pages,
            lines.page,
            lines.start,
            lines.end,
            lines.box,
            tuple(outline),
        )

    def to_bytes(self) -> bytes:
        """The map as one file's bytes: a JSON header line, then the zlib-packed arrays."""
        chars = self.chars  # as differences: mostly runs of +1, which pack to almost nothing
        deltas = array("i", chars[:1]) + array("i", map(operator.sub, chars[1:], chars))
        parts = [
            self.text.encode("utf-8", "surrogatepass"),
            deltas.tobytes(),
            self.line_page.tobytes(),
            self.line_start.tobytes(),
            self.line_end.tobytes(),
            self.line_box.tobytes(),
        ]
        header = {
            "format": MAP_FORMAT,
            "byteorder": sys.byteorder,
            "sizes": [len(part) for part in parts],
            "pages": list(self.pages),
            "outline": [[e.level, e.title, e.page, e.top] for e in self.outline],
        }
        body = zlib.compress(b"".join(parts), 1)
        return _MAGIC + json.dumps(header, ensure_ascii=False).encode() + b"\n" + body

    @classmethod
    def from_bytes(cls, data: bytes) -> PdfTextMap:
        """Read a map written by ``to_bytes``; ValueError when it is not one, or damaged."""
        if not data.startswith(_MAGIC):
            raise ValueError("not a page map")
        line, _newline, body = data[len(_MAGIC) :].partition(b"\n")
        try:
            header = json.loads(line)
            if header["format"] != MAP_FORMAT or header["byteorder"] != sys.byteorder:
                raise ValueError("a page map of another format")
            packed = zlib.decompress(body)
            sizes = [int(size) for size in header["sizes"]]
        except (KeyError, TypeError, zlib.error, json.JSONDecodeError) as error:
            raise ValueError(f"damaged page map: {error}") from None
        if len(sizes) != 6 or sum(sizes) != len(packed):
            raise ValueError("damaged page map: wrong size")
        pieces, at = [], 0
        for size in sizes:
            pieces.append(packed[at : at + size])
            at += size
        text = pieces[0].decode("utf-8", "surrogatepass")
        chars = array("i", accumulate(_ints(pieces[1])))
        map_ = cls(
            text,
            chars,
            tuple(int(page) for page in header["pages"]),
            _ints(pieces[2]),
            _ints(pieces[3]),
            _ints(pieces[4]),
            _floats(pieces[5]),
            tuple(OutlineEntry(int(a), str(b), int(c), d) for a, b, c, d in header["outline"]),
        )
        lines = len(map_.line_page)
        if len(chars) != len(text) or not len(map_.line_start) == len(map_.line_end) == lines:
            raise ValueError("damaged page map: inconsistent arrays")
        if len(map_.line_box) != 4 * lines:
            raise ValueError("damaged page map: inconsistent arrays")
        return map_


class PdfMapCache:
    """Page maps on disk, one file per PDF content and loader version."""

    def __init__(self, folder: Path, loader_version: int, keep: int = CACHED_MAPS) -> None:
        self.folder = folder
        self._version = loader_version
        self._keep = keep

    def _path(self, content_hash: str) -> Path:
        return self.folder / f"{content_hash}-v{self._version}.map"

    def get(self, content_hash: str) -> PdfTextMap | None:
        """The map stored for this content, or None (never stored, unreadable, damaged)."""
        path = self._path(content_hash)
        try:
            data = path.read_bytes()
        except OSError:
            return None
        try:
            found = PdfTextMap.from_bytes(data)
        except ValueError as error:
            log.info("page map %s ignored: %s", path.name, error)
            return None
        try:
            os.utime(path)  # recently used: pruned last
        except OSError:
            pass
        return found

    def put(self, content_hash: str, text_map: PdfTextMap) -> None:
        """Store a map (atomically); a cache that cannot be written is only logged."""
        path = self._path(content_hash)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            temporary.write_bytes(text_map.to_bytes())
            os.replace(temporary, path)
            self._prune()
        except OSError as error:
            log.info("page map not cached: %s", error)
            temporary.unlink(missing_ok=True)

    def _prune(self) -> None:
        maps = []
        for entry in os.scandir(self.folder):
            if entry.name.endswith(".map"):
                try:
                    maps.append((entry.stat().st_mtime, entry.path))
                except OSError:
                    continue
        maps.sort()
        for _mtime, path in maps[: max(0, len(maps) - self._keep)]:
            Path(path).unlink(missing_ok=True)


def _ints(data: bytes) -> array[int]:
    values = array("i")
    _fill(values, data)
    return values


def _floats(data: bytes) -> array[float]:
    values = array("f")
    _fill(values, data)
    return values


def _fill(values: array[int] | array[float], data: bytes) -> None:
    if len(data) % values.itemsize:
        raise ValueError("damaged page map: ragged array")
    values.frombytes(data)
