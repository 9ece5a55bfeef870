"""A PDF opened for viewing: its pages rendered (``PdfPages``, no text needed), and canonical
offsets mapped to boxes on the pages and back (``PdfLayout``: highlights, search hits and
selection). Qt-free.

Pages are numbered from 1 (as ``Block.page``). Coordinates are display points: PDF points
on the page as shown (crop box, after rotation), origin at the top-left, y downwards; at
``scale`` pixels per point, point (x, y) is pixel (x * scale, y * scale).

The map is not stored in the ``Document`` (documents are pickled from loader processes and
kept small): ``PdfLayout.of(pages)`` reflows the open file again, which gives the same
canonical text (the reflow is deterministic), plus the ``PdfTextMap`` (``pdf_map``): per
canonical character its page-local PDFium character index and one record per emitted line;
a ``PdfMapCache`` keeps maps so a PDF opened again is mapped at once. Character boxes are
asked of PDFium a few at a time, when needed.

The page view shows ``PdfPages`` first (opening a file and its page sizes costs
milliseconds) and attaches the layout once it is made off the GUI thread.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from pathlib import Path

from briefreader.core.formats.pdf_map import PdfMapCache, PdfTextMap
from briefreader.core.formats.pdfium import Box, PdfHandle, RenderedPage
from briefreader.core.models import LoadError

_WORD_CHAR = re.compile(r"[\w'’]")


class PdfPages:
    """One open PDF file to show: page count and sizes, rendering. Every PDFium call takes
    the process-wide PDFium lock, so pages render on one thread while another maps text."""

    def __init__(self, handle: PdfHandle, data: bytes) -> None:
        self.handle = handle
        self.data = data  # the file as opened (its text is read from these bytes too)
        self._hash: str | None = None

    @classmethod
    def open(cls, path: Path | str) -> PdfPages:
        """Open ``path``; LoadError with a one-line reason when it cannot be read."""
        try:
            data = Path(path).read_bytes()
        except OSError as error:
            raise LoadError(f"cannot read file: {error.strerror or error}") from None
        return cls(PdfHandle.open(data), data)

    @property
    def content_hash(self) -> str:
        """SHA-256 of the file as opened (the Document's ``content_hash``)."""
        if self._hash is None:
            self._hash = hashlib.sha256(self.data).hexdigest()
        return self._hash

    @property
    def page_count(self) -> int:
        return self.handle.page_count

    def page_size(self, page: int) -> tuple[float, float]:
        """Width and height of ``page`` (1-based) in points."""
        return self.handle.page_size(page - 1)

    def render_page(self, page: int, scale: float) -> RenderedPage:
        """``page`` at ``scale`` pixels per point (BGRX, ``QImage.Format_RGB32``)."""
        return self.handle.render(page - 1, scale)

    def close(self) -> None:
        self.handle.close()

    def __enter__(self) -> PdfPages:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class PdfLayout:
    """Canonical offsets <-> boxes on the pages of one open PDF; also renders its pages.

    Thread-safe in the sense that every PDFium call takes the process-wide PDFium lock;
    the Python state is only read after it is made.
    """

    def __init__(self, pages: PdfPages, text_map: PdfTextMap, *, owns_pages: bool = False) -> None:
        self.pages = pages
        self._owns_pages = owns_pages
        self.map = text_map
        self.text = text_map.text
        self._chars = text_map.chars
        self._page_starts = text_map.pages
        self._line_page, self._line_start = text_map.line_page, text_map.line_start
        self._line_end, self._line_box = text_map.line_end, text_map.line_box
        self._page_lines: dict[int, list[int]] = {}
        for i, page in enumerate(self._line_page):
            self._page_lines.setdefault(page, []).append(i)
        self.outline = list(text_map.outline)  # the PDF's bookmarks: level, title, page, top

    @classmethod
    def open(
        cls, path: Path | str, expected_text: str | None = None, cache: PdfMapCache | None = None
    ) -> PdfLayout:
        """Open and map ``path`` (its pages are closed with the layout); see ``of``."""
        pages = PdfPages.open(path)
        try:
            layout = cls.of(pages, expected_text, cache)
        except BaseException:
            pages.close()
            raise
        layout._owns_pages = True
        return layout

    @classmethod
    def of(
        cls, pages: PdfPages, expected_text: str | None = None, cache: PdfMapCache | None = None
    ) -> PdfLayout:
        """The layout of open ``pages`` (left open when the layout closes): the cached map of
        this file when there is one, else the file reflowed (and cached). LoadError when its
        text is not ``expected_text`` (the file changed since the Document was loaded)."""
        text_map = cache.get(pages.content_hash) if cache is not None else None
        if text_map is not None and expected_text is not None and text_map.text != expected_text:
            text_map = None  # stale: reflow again
        if text_map is None:
            # Imported here: showing pages (``PdfPages``) needs none of the text machinery.
            from briefreader.core.formats.pdf import read_pages
            from briefreader.core.formats.pdf_layout import reflow

            words, _warnings = read_pages(pages.handle, pages.data)
            outline = pages.handle.outline()
            text_map = PdfTextMap.from_reflow(reflow(words, outline), outline)
            if expected_text is not None and text_map.text != expected_text:
                raise LoadError("the PDF changed since it was read; reload the document")
            if cache is not None:
                cache.put(pages.content_hash, text_map)
        return cls(pages, text_map)

    def close(self) -> None:
        if self._owns_pages:
            self.pages.close()

    def __enter__(self) -> PdfLayout:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- pages ---------------------------------------------------------------------------

    @property
    def page_count(self) -> int:
        return self.pages.page_count

    def page_size(self, page: int) -> tuple[float, float]:
        """Width and height of ``page`` (1-based) in points."""
        return self.pages.page_size(page)

    def render_page(self, page: int, scale: float) -> RenderedPage:
        """``page`` at ``scale`` pixels per point (BGRX, ``QImage.Format_RGB32``)."""
        return self.pages.render_page(page, scale)

    def page_of(self, offset: int) -> int:
        """The 1-based page that holds canonical ``offset``."""
        return max(1, bisect.bisect_right(self._page_starts, offset))

    def page_start(self, page: int) -> int:
        """The canonical offset where ``page`` starts."""
        return self._page_starts[page - 1]

    def page_span(self, page: int) -> tuple[int, int]:
        """The canonical ``[start, end)`` of ``page``."""
        starts = self._page_starts
        if not 0 < page <= len(starts):
            return (0, 0)
        return starts[page - 1], starts[page] if page < len(starts) else len(self.text)

    # -- offsets to boxes ----------------------------------------------------------------

    def boxes(self, start: int, end: int) -> list[tuple[int, Box]]:
        """Rectangles covering canonical ``[start, end)``: one per line run, with its page."""
        found: list[tuple[int, Box]] = []
        if end <= start:
            return found
        first = bisect.bisect_right(self._line_end, start)
        for i in range(first, len(self._line_start)):
            line_start, line_end = self._line_start[i], self._line_end[i]
            if line_start >= end:
                break
            lo, hi = max(start, line_start), min(end, line_end)
            if lo >= hi:
                continue
            box = self._run_box(i, lo, hi)
            if box is not None:
                found.append((self._line_page[i] + 1, box))
        return found

    def offset_near(self, page: int, y: float) -> int:
        """Where reading stands at height ``y`` of ``page``: the first line (in reading order)
        that reaches below ``y``, else the page's last line, else the page's start."""
        lines = self._page_lines.get(page - 1)
        if not lines:
            return self._page_starts[page - 1] if 0 < page <= len(self._page_starts) else 0
        below = [i for i in lines if self._line_box[4 * i + 3] >= y]
        return self._line_start[min(below) if below else lines[-1]]

    def line_box(self, offset: int) -> tuple[int, Box] | None:
        """The page and box of the line holding ``offset`` (or the next line after it)."""
        i = bisect.bisect_right(self._line_end, offset)
        if i >= len(self._line_end):
            return None
        return self._line_page[i] + 1, self._box(i)

    def _box(self, line: int) -> Box:
        b = self._line_box
        return (b[4 * line], b[4 * line + 1], b[4 * line + 2], b[4 * line + 3])

    def _run_box(self, line: int, lo: int, hi: int) -> Box | None:
        """The box of canonical ``[lo, hi)`` within one line: the line's height, the
        characters' horizontal extent."""
        x0, y0, x1, y1 = self._box(line)
        if lo == self._line_start[line] and hi == self._line_end[line]:
            return (x0, y0, x1, y1)
        chars = self._chars
        left = next((chars[k] for k in range(lo, hi) if chars[k] >= 0), -1)
        right = next((chars[k] for k in range(hi - 1, lo - 1, -1) if chars[k] >= 0), -1)
        if left < 0:
            return None
        first, last = self.pages.handle.char_extents(self._line_page[line], (left, right))
        if first is None or last is None:
            return None
        return (first[0], y0, last[2], y1)

    # -- points to offsets ---------------------------------------------------------------

    def offset_at(self, page: int, x: float, y: float) -> int | None:
        """The canonical offset of the character nearest to (x, y) on ``page``."""
        found = self._nearest(page, x, y)
        return None if found is None else found[0]

    def caret_at(self, page: int, x: float, y: float) -> int | None:
        """The character boundary nearest to (x, y): before the nearest character, or after
        it when the point is on its right half (for selections)."""
        found = self._nearest(page, x, y)
        if found is None:
            return None
        offset, (x0, _y0, x1, _y1) = found
        return offset + 1 if x > (x0 + x1) / 2 else offset

    def word_at(self, page: int, x: float, y: float) -> tuple[int, int] | None:
        """The canonical ``(start, end)`` of the word at (x, y) (a double-click)."""
        offset = self.offset_at(page, x, y)
        if offset is None:
            return None
        text = self.text
        if not _WORD_CHAR.match(text[offset]):
            return (offset, offset + 1)
        start, end = offset, offset + 1
        while start > 0 and _WORD_CHAR.match(text[start - 1]):
            start -= 1
        while end < len(text) and _WORD_CHAR.match(text[end]):
            end += 1
        while end - start > 1 and text[end - 1] in "'’":
            end -= 1
        while end - start > 1 and text[start] in "'’":
            start += 1
        return (start, end)

    def _nearest(self, page: int, x: float, y: float) -> tuple[int, Box] | None:
        """The nearest mapped character of ``page``: its offset and box."""
        lines = self._page_lines.get(page - 1)
        if not lines:
            return None

        def distance(line: int) -> tuple[float, float]:
            x0, y0, x1, y1 = self._box(line)
            dy = max(y0 - y, 0.0, y - y1)
            dx = max(x0 - x, 0.0, x - x1)
            return (dy, dx)

        line = min(lines, key=distance)
        _lx0, ly0, _lx1, ly1 = self._box(line)
        offsets = [
            offset
            for offset in range(self._line_start[line], self._line_end[line])
            if self._chars[offset] >= 0
        ]
        extents = self.pages.handle.char_extents(page - 1, [self._chars[o] for o in offsets])
        best: tuple[float, int, Box] | None = None
        for offset, extent in zip(offsets, extents, strict=True):
            if extent is None:
                continue
            x0, x1 = extent[0], extent[2]
            gap = 0.0 if x0 <= x <= x1 else min(abs(x - x0), abs(x - x1))
            if best is None or gap < best[0]:
                best = (gap, offset, (x0, ly0, x1, ly1))
                if gap == 0.0:
                    break
        return None if best is None else (best[1], best[2])
