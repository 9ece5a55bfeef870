"""A PDF opened for viewing: its pages rendered, and canonical offsets mapped to boxes on the
pages and back (for highlights, search hits and selection). Qt-free.

Pages are numbered from 1 (as ``Block.page``). Coordinates are display points: PDF points
on the page as shown (crop box, after rotation), origin at the top-left, y downwards; at
``scale`` pixels per point, point (x, y) is pixel (x * scale, y * scale).

The map is not stored in the ``Document`` (documents are pickled from loader processes and
kept small): ``PdfLayout.open`` reads the file again and reflows it, which gives the same
canonical text (the reflow is deterministic), plus per canonical character its page-local
PDFium character index (an ``array('i')``, 4 bytes a character, -1 where the reflow put a
space or a newline) and one record per emitted line. Character boxes are asked of PDFium
per page when first needed and a few pages are kept.
"""

from __future__ import annotations

import bisect
import re
from array import array
from collections import OrderedDict
from pathlib import Path

from briefreader.core.formats.pdf import read_pages
from briefreader.core.formats.pdf_layout import Reflow, reflow
from briefreader.core.formats.pdfium import OutlineEntry, PdfHandle, RenderedPage
from briefreader.core.models import LoadError

Box = tuple[float, float, float, float]
_WORD_CHAR = re.compile(r"[\w'’]")
_CACHED_PAGES = 12


class PdfLayout:
    """Canonical offsets <-> boxes on the pages of one open PDF; also renders its pages.

    Thread-safe in the sense that every PDFium call takes the process-wide PDFium lock;
    the Python state is only read after ``open``, except the char box cache.
    """

    def __init__(self, handle: PdfHandle, flowed: Reflow, outline: list[OutlineEntry]) -> None:
        self._handle = handle
        self.text = flowed.text
        self._chars = flowed.chars
        self._page_starts = flowed.pages
        lines = flowed.lines
        self._line_page, self._line_start, self._line_end = lines.page, lines.start, lines.end
        self._line_box = lines.box
        self._page_lines: dict[int, list[int]] = {}
        for i, page in enumerate(lines.page):
            self._page_lines.setdefault(page, []).append(i)
        self._boxes: OrderedDict[int, array[float]] = OrderedDict()
        self.outline = outline  # the PDF's bookmarks: level, title, page, top

    @classmethod
    def open(cls, path: Path | str, expected_text: str | None = None) -> PdfLayout:
        """Open and reflow ``path``; LoadError when it cannot be read, or when its text is
        not ``expected_text`` (the file changed since the Document was loaded)."""
        try:
            data = Path(path).read_bytes()
        except OSError as error:
            raise LoadError(f"cannot read file: {error.strerror or error}") from None
        handle = PdfHandle.open(data)
        try:
            pages, _warnings = read_pages(handle, data)
            outline = handle.outline()
            flowed = reflow(pages, outline)
        except BaseException:
            handle.close()
            raise
        if expected_text is not None and flowed.text != expected_text:
            handle.close()
            raise LoadError("the PDF changed since it was read; reload the document")
        return cls(handle, flowed, outline)

    def close(self) -> None:
        self._handle.close()

    def __enter__(self) -> PdfLayout:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- pages ---------------------------------------------------------------------------

    @property
    def page_count(self) -> int:
        return self._handle.page_count

    def page_size(self, page: int) -> tuple[float, float]:
        """Width and height of ``page`` (1-based) in points."""
        return self._handle.page_size(page - 1)

    def render_page(self, page: int, scale: float) -> RenderedPage:
        """``page`` at ``scale`` pixels per point (BGRX, ``QImage.Format_RGB32``)."""
        return self._handle.render(page - 1, scale)

    def page_of(self, offset: int) -> int:
        """The 1-based page that holds canonical ``offset``."""
        return max(1, bisect.bisect_right(self._page_starts, offset))

    def page_start(self, page: int) -> int:
        """The canonical offset where ``page`` starts."""
        return self._page_starts[page - 1]

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
        page_boxes = self._char_boxes(self._line_page[line])
        left = next((chars[k] for k in range(lo, hi) if chars[k] >= 0), -1)
        right = next((chars[k] for k in range(hi - 1, lo - 1, -1) if chars[k] >= 0), -1)
        if left < 0 or 4 * max(left, right) + 3 >= len(page_boxes):
            return None
        return (page_boxes[4 * left], y0, page_boxes[4 * right + 2], y1)

    def _char_boxes(self, page: int) -> array[float]:
        boxes = self._boxes.get(page)
        if boxes is None:
            boxes = self._handle.char_boxes(page)
            self._boxes[page] = boxes
            while len(self._boxes) > _CACHED_PAGES:
                self._boxes.popitem(last=False)
        else:
            self._boxes.move_to_end(page)
        return boxes

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
        boxes = self._char_boxes(page - 1)
        best: tuple[float, int, Box] | None = None
        _lx0, ly0, _lx1, ly1 = self._box(line)
        for offset in range(self._line_start[line], self._line_end[line]):
            index = self._chars[offset]
            if index < 0 or 4 * index + 3 >= len(boxes):
                continue
            x0, x1 = boxes[4 * index], boxes[4 * index + 2]
            gap = 0.0 if x0 <= x <= x1 else min(abs(x - x0), abs(x - x1))
            if best is None or gap < best[0]:
                best = (gap, offset, (x0, ly0, x1, ly1))
                if gap == 0.0:
                    break
        return None if best is None else (best[1], best[2])
