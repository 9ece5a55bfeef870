"""PDFium (pypdfium2) behind one process-wide lock: open, page words with boxes, char boxes,
metadata, outline and rendering.

PDFium is not thread-safe, and the page view renders on a worker thread while the GUI
thread may read boxes: every call into pypdfium2 in the process goes through
``pdfium_lock()``. Objects are closed explicitly while the lock is held, so pypdfium2's
garbage-collection finalizers (which would run on whatever thread collects) have nothing
left to do.

Coordinates handed out by this module are *display points*: PDF points (1/72 inch) on the
page as it is shown (its crop box, after its ``/Rotate``), origin at the top-left corner,
x to the right, y downwards. A page rendered at ``scale`` maps a point (x, y) to the pixel
(x * scale, y * scale).
"""

from __future__ import annotations

import ctypes
import logging
import re
import threading
import zlib
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from briefreader.core.models import LoadError

if TYPE_CHECKING:
    import pypdfium2

log = logging.getLogger(__name__)

# The one lock for the one PDFium of the process (a C library's global state: a lock per
# document would not do). Reentrant, so a helper may call another while holding it.
_PDFIUM_LOCK = threading.RLock()

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in display points

_WORD = re.compile(r"[^\s\ufffe]+\ufffe?|\ufffe")  # PDFium marks a line-end hyphen U+FFFE
_SURROGATE = re.compile("[\ud800-\udfff]")
_BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
_OBJ_HEADER = re.compile(rb"(?<![0-9])(\d{1,10})\s+(\d{1,5})\s+obj\b")
_CATALOG = re.compile(rb"/Type\s*/Catalog\b")
_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")
_STARTXREF = re.compile(rb"startxref\s+(\d+)\s*%%EOF\s*$")
_MAX_SCANNED_OBJECTS = 1_000_000
_BOX_SCALE = 1000  # FPDF_PageToDevice works in integers: map at 1000 px per point
_OPEN_TEXT_PAGES = 6  # text pages kept open for character boxes asked one by one


def pdfium_lock() -> threading.RLock:
    """The lock every use of pypdfium2 in this process must hold."""
    return _PDFIUM_LOCK


@dataclass(slots=True)
class Word:
    """A run of non-space characters on a page, as PDFium gives them in content order.

    ``start``/``end`` are page-local character indexes (``end`` exclusive) into the page's
    PDFium text; the box is the union of the first and last characters' boxes.
    """

    start: int
    end: int
    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    size: float  # font size in points
    bold: bool = False
    newline: bool = False  # PDFium put a line break before it


@dataclass
class PageText:
    """The words of one page, with the page's display size."""

    index: int  # 0-based
    width: float
    height: float
    words: list[Word] = field(default_factory=list)
    chars: int = 0  # characters PDFium found on the page
    error: str | None = None  # the page could not be read
    garbled: bool = False  # most of its text is in fonts without a usable Unicode map
    cut: bool = False  # more characters than the limit: only the first ones were read
    skipped: bool = False  # its text was not read at all (see ``pdf_guard``)


@dataclass(frozen=True)
class OutlineEntry:
    """A bookmark of the PDF's outline: nesting level (1 = top), title, 1-based page and
    where on the page it points (display points from the top; None when unknown)."""

    level: int
    title: str
    page: int
    top: float | None = None


@dataclass(frozen=True)
class RenderedPage:
    """A rendered page: ``data`` holds ``height`` rows of ``stride`` bytes, 4 bytes a pixel in
    B, G, R, unused order: a ``QImage.Format_RGB32`` on little-endian machines."""

    width: int
    height: int
    stride: int
    data: bytes


class PdfHandle:
    """One open PDF. Every method takes the PDFium lock; call ``close()`` when done."""

    def __init__(self, pdf: pypdfium2.PdfDocument, repaired: str | None = None) -> None:
        self._pdf: pypdfium2.PdfDocument | None = pdf
        self._sizes: dict[int, tuple[float, float]] = {}
        # page index -> (page, text page, transform), most recently used last
        self._text_pages: OrderedDict[
            int, tuple[pypdfium2.PdfPage, pypdfium2.PdfTextPage, _Transform]
        ] = OrderedDict()
        self.repaired = repaired  # why the file needed repairing before it opened
        with _PDFIUM_LOCK:
            self.page_count = len(pdf)

    # -- opening and closing -------------------------------------------------------------

    @classmethod
    def open(cls, source: bytes | Path) -> PdfHandle:
        """Open a PDF from bytes or a path; raise LoadError with a one-line reason."""
        import pypdfium2

        with _PDFIUM_LOCK:
            try:
                return cls(pypdfium2.PdfDocument(source))
            except pypdfium2.PdfiumError as error:
                code = getattr(error, "err_code", None)
                first = _open_error(code)
                if code not in (pypdfium2.raw.FPDF_ERR_FORMAT, pypdfium2.raw.FPDF_ERR_FILE):
                    raise LoadError(first) from None
            data = source if isinstance(source, bytes) else _read(source)
            repaired = _repair(data)
            if repaired is None:
                raise LoadError(f"{first}; no objects to recover") from None
            for attempt in (repaired, _new_page_tree(data)):
                if attempt is None:
                    continue
                try:
                    return cls(pypdfium2.PdfDocument(attempt), "damaged PDF")
                except pypdfium2.PdfiumError:
                    continue
            raise LoadError(f"{first}; no pages could be recovered") from None

    def close(self) -> None:
        with _PDFIUM_LOCK:
            self.close_text_pages()
            if self._pdf is not None:
                self._pdf.close()
                self._pdf = None

    def __enter__(self) -> PdfHandle:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:  # a forgotten handle still closes under the lock
        if getattr(self, "_pdf", None) is not None:
            try:
                self.close()
            except Exception:  # interpreter shutdown: pypdfium2 may be gone already
                pass

    @property
    def pdf(self) -> pypdfium2.PdfDocument:
        if self._pdf is None:
            raise ValueError("the PDF is closed")
        return self._pdf

    # -- document facts ------------------------------------------------------------------

    def metadata(self) -> dict[str, str]:
        """The document information dictionary (Title, Author, CreationDate, ...)."""
        with _PDFIUM_LOCK:
            try:
                return {k: v for k, v in self.pdf.get_metadata_dict().items() if v}
            except Exception as error:  # a broken /Info is no reason to refuse the file
                log.debug("PDF metadata unreadable: %s", error)
                return {}

    def outline(self, limit: int = 5000) -> list[OutlineEntry]:
        """The bookmarks that point at a page, in outline order (at most ``limit``)."""
        import pypdfium2.raw as raw

        entries: list[OutlineEntry] = []
        with _PDFIUM_LOCK:
            pdf = self.pdf
            try:
                for mark in pdf.get_toc(max_depth=6):
                    if len(entries) >= limit:
                        break
                    dest = raw.FPDFBookmark_GetDest(pdf, mark)
                    if not dest:
                        action = raw.FPDFBookmark_GetAction(mark)
                        dest = raw.FPDFAction_GetDest(pdf, action) if action else None
                    if not dest:
                        continue
                    index = raw.FPDFDest_GetDestPageIndex(pdf, dest)
                    title = " ".join(mark.get_title().split())
                    if 0 <= index < self.page_count and title:
                        top = self._dest_top(dest, index)
                        entries.append(OutlineEntry(mark.level + 1, title, index + 1, top))
            except Exception as error:
                log.debug("PDF outline unreadable: %s", error)
        return entries

    def _dest_top(self, dest: object, index: int) -> float | None:
        """Where on the page a destination points, in display points from the top."""
        import pypdfium2.raw as raw

        has_x, has_y, has_zoom = ctypes.c_int(), ctypes.c_int(), ctypes.c_int()
        x, y, zoom = ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
        found = raw.FPDFDest_GetLocationInPage(
            dest, has_x, has_y, has_zoom, ctypes.byref(x), ctypes.byref(y), ctypes.byref(zoom)
        )
        if not found or not has_y.value:
            return None
        page = self.pdf[index]
        try:
            return _Transform(page).point(0.0, y.value)[1]
        finally:
            page.close()

    def page_size(self, index: int) -> tuple[float, float]:
        """Width and height of page ``index`` (0-based) in display points."""
        size = self._sizes.get(index)
        if size is None:
            with _PDFIUM_LOCK:
                size = self.pdf.get_page_size(index)
            self._sizes[index] = size
        return size

    # -- text ----------------------------------------------------------------------------

    def page_text(self, index: int, char_limit: int) -> PageText:
        """The words of page ``index`` with boxes, font sizes and weights."""
        with _PDFIUM_LOCK:
            try:
                page = self.pdf[index]
            except Exception as error:
                return PageText(index, 0.0, 0.0, error=_short(error))
            try:
                width, height = page.get_size()
                self._sizes[index] = (width, height)
                result = PageText(index, width, height)
                textpage = page.get_textpage()
                try:
                    _read_words(textpage, _Transform(page), char_limit, result)
                finally:
                    textpage.close()
                return result
            except Exception as error:  # a broken content stream: the page stays viewable
                return PageText(index, page.get_width(), page.get_height(), error=_short(error))
            finally:
                page.close()

    def char_extents(self, index: int, chars: Sequence[int]) -> list[Box | None]:
        """Loose boxes of some characters of page ``index`` (display points; None where PDFium
        has none). The page's text stays open for the next call: a selection or a mark asks
        for a few characters at a time, far cheaper than every box of the page."""
        import pypdfium2.raw as raw

        with _PDFIUM_LOCK:
            _page, textpage, transform = self._text_page(index)
            rect = raw.FS_RECTF()
            loose = raw.FPDFText_GetLooseCharBox
            count = raw.FPDFText_CountChars(textpage)
            return [
                transform.box(rect) if 0 <= i < count and loose(textpage, i, rect) else None
                for i in chars
            ]

    def close_text_pages(self) -> None:
        """Close the text pages kept open by ``char_extents``."""
        with _PDFIUM_LOCK:
            while self._text_pages:
                _index, (page, textpage, _transform) = self._text_pages.popitem()
                textpage.close()
                page.close()

    def _text_page(self, index: int) -> tuple[pypdfium2.PdfPage, pypdfium2.PdfTextPage, _Transform]:
        """The open page, text page and transform of page ``index`` (lock held)."""
        found = self._text_pages.get(index)
        if found is not None:
            self._text_pages.move_to_end(index)
            return found
        page = self.pdf[index]
        try:
            found = (page, page.get_textpage(), _Transform(page))
        except BaseException:
            page.close()
            raise
        self._text_pages[index] = found
        while len(self._text_pages) > _OPEN_TEXT_PAGES:
            _old, (old_page, old_text, _transform) = self._text_pages.popitem(last=False)
            old_text.close()
            old_page.close()
        return found

    # -- rendering -----------------------------------------------------------------------

    def render(self, index: int, scale: float) -> RenderedPage:
        """Page ``index`` drawn at ``scale`` pixels per point, on white, with annotations."""
        import pypdfium2.raw as raw

        with _PDFIUM_LOCK:
            page = self.pdf[index]
            try:
                bitmap = page.render(scale=scale, prefer_bgrx=True, may_draw_forms=False)
                try:
                    if bitmap.format != raw.FPDFBitmap_BGRx:
                        raise ValueError(f"unexpected bitmap format {bitmap.format}")
                    data = ctypes.string_at(bitmap.buffer, bitmap.stride * bitmap.height)
                    return RenderedPage(bitmap.width, bitmap.height, bitmap.stride, data)
                finally:
                    bitmap.close()
            finally:
                page.close()


class _Transform:
    """Page space to display points for one page (its crop box and rotation)."""

    def __init__(self, page: pypdfium2.PdfPage) -> None:
        import pypdfium2.raw as raw

        width, height = page.get_size()
        size_x, size_y = round(width * _BOX_SCALE), round(height * _BOX_SCALE)
        dx, dy = ctypes.c_int(), ctypes.c_int()

        def device(x: float, y: float) -> tuple[float, float]:
            raw.FPDF_PageToDevice(page, 0, 0, size_x, size_y, 0, x, y, dx, dy)
            return dx.value / _BOX_SCALE, dy.value / _BOX_SCALE

        ox, oy = device(0.0, 0.0)
        ax, ay = device(1000.0, 0.0)
        bx, by = device(0.0, 1000.0)
        # display = origin + px * (a - origin) / 1000 + py * (b - origin) / 1000
        self.a, self.b = (ax - ox) / 1000, (ay - oy) / 1000
        self.c, self.d = (bx - ox) / 1000, (by - oy) / 1000
        self.e, self.f = ox, oy
        self.plain = abs(self.b) < 1e-6 and abs(self.c) < 1e-6  # no rotation

    def point(self, x: float, y: float) -> tuple[float, float]:
        return self.a * x + self.c * y + self.e, self.b * x + self.d * y + self.f

    def box(self, rect: object) -> tuple[float, float, float, float]:
        """An FS_RECTF (left, top, right, bottom in page space) as (x0, y0, x1, y1)."""
        left, top, right, bottom = rect.left, rect.top, rect.right, rect.bottom  # type: ignore[attr-defined]
        if self.plain:
            x0, x1 = self.a * left + self.e, self.a * right + self.e
            y0, y1 = self.d * top + self.f, self.d * bottom + self.f
            return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
        p, q = self.point(left, top), self.point(right, bottom)
        return (min(p[0], q[0]), min(p[1], q[1]), max(p[0], q[0]), max(p[1], q[1]))


def _read_words(textpage: object, transform: _Transform, char_limit: int, out: PageText) -> None:
    """Fill ``out`` with the words of a PDFium text page."""
    import pypdfium2.raw as raw

    count = raw.FPDFText_CountChars(textpage)
    out.chars = max(count, 0)
    if count <= 0:
        return
    if count > char_limit:
        count, out.cut = char_limit, True
    text = _page_string(textpage, count)
    visible = len(text) - sum(map(text.count, " \r\n"))
    if (visible and text.count("\ufffd") > 0.3 * visible) or _unmapped(textpage, count):
        out.garbled = True
        return
    rect = raw.FS_RECTF()
    loose, font_size, weight = (
        raw.FPDFText_GetLooseCharBox,
        raw.FPDFText_GetFontSize,
        raw.FPDFText_GetFontWeight,
    )
    box = transform.box
    names: dict[int, bool] = {}
    words = out.words
    previous = 0
    for match in _WORD.finditer(text):
        start, end = match.span()
        if not loose(textpage, start, rect):
            previous = end
            continue
        x0, y0, x1, y1 = box(rect)
        pieces = [(start, end, x0, y0, x1, y1)]
        if end - start > 1 and loose(textpage, end - 1, rect):
            a0, b0, a1, b1 = box(rect)
            if _same_line(y0, y1, b0, b1) and a0 >= x0:
                pieces[0] = (start, end, min(x0, a0), min(y0, b0), max(x1, a1), max(y1, b1))
            else:  # PDFium joined the text of two lines without a space: split it
                pieces = _split_word(textpage, start, end, transform)
        newline = "\n" in text[previous:start]
        for first, last, x0, y0, x1, y1 in pieces:
            size = font_size(textpage, first)
            height = y1 - y0
            if height > 0 and not 0.4 * height <= size <= 2.5 * height:
                size = height / 1.15  # a font scaled by its matrix rather than by Tf
            heavy = weight(textpage, first)
            bold = heavy >= 600 if heavy > 0 else _bold_by_name(textpage, first, names)
            piece = text[first:last]
            words.append(Word(first, last, piece, x0, y0, x1, y1, round(size, 2), bold, newline))
            newline = True
        previous = end


def _unmapped(textpage: object, count: int, sample: int = 400) -> bool:
    """Whether many characters (over 1% of a sample) have no Unicode in their font: the
    fonts or their maps were lost, and the "text" is glyph numbers."""
    import pypdfium2.raw as raw

    step = max(1, count // sample)
    indexes = range(0, count, step)
    errors = sum(1 for i in indexes if raw.FPDFText_HasUnicodeMapError(textpage, i) > 0)
    return errors > 0.01 * len(indexes)


def _same_line(top: float, bottom: float, other_top: float, other_bottom: float) -> bool:
    overlap = min(bottom, other_bottom) - max(top, other_top)
    return overlap >= 0.5 * min(bottom - top, other_bottom - other_top)


def _split_word(
    textpage: object, start: int, end: int, transform: _Transform
) -> list[tuple[int, int, float, float, float, float]]:
    """A run of characters cut where the next character is not on the same line."""
    import pypdfium2.raw as raw

    rect = raw.FS_RECTF()
    pieces: list[tuple[int, int, float, float, float, float]] = []
    for i in range(start, end):
        if not raw.FPDFText_GetLooseCharBox(textpage, i, rect):
            continue
        x0, y0, x1, y1 = transform.box(rect)
        if pieces:
            first, _last, p0, q0, p1, q1 = pieces[-1]
            if _same_line(q0, q1, y0, y1) and x0 >= p0:
                pieces[-1] = (first, i + 1, p0, min(q0, y0), max(p1, x1), max(q1, y1))
                continue
        pieces.append((i, i + 1, x0, y0, x1, y1))
    return pieces


def _page_string(textpage: object, count: int) -> str:
    """The first ``count`` characters of a text page, one Python character per PDFium one."""
    import pypdfium2.raw as raw

    buffer = ctypes.create_string_buffer(2 * (count + 1))
    raw.FPDFText_GetText(textpage, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)))
    text = buffer.raw[: 2 * count].decode("utf-16-le", errors="surrogatepass")
    if len(text) == count and not _SURROGATE.search(text):
        return text
    # Characters beyond the BMP take two UTF-16 units: ask for each character instead.
    chars = []
    for i in range(count):
        code = raw.FPDFText_GetUnicode(textpage, i)
        chars.append(chr(code) if 0 < code < 0x110000 and not 0xD800 <= code < 0xE000 else "\ufffd")
    return "".join(chars)


def _bold_by_name(textpage: object, index: int, cache: dict[int, bool]) -> bool:
    """Whether the font of a character is bold by its name (when it states no weight)."""
    import pypdfium2.raw as raw

    buffer = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    raw.FPDFText_GetFontInfo(textpage, index, buffer, 128, ctypes.byref(flags))
    key = hash(buffer.value)
    if key not in cache:
        cache[key] = bool(_BOLD_NAME.search(buffer.value.decode("latin-1")))
    return cache[key]


def _open_error(code: int | None) -> str:
    """A one-line reason for a PDF that PDFium would not open."""
    import pypdfium2.raw as raw

    reasons = {
        raw.FPDF_ERR_PASSWORD: "PDF is encrypted (password-protected)",
        raw.FPDF_ERR_SECURITY: "PDF is encrypted with an unsupported security scheme",
        raw.FPDF_ERR_FILE: "cannot read the PDF file",
        raw.FPDF_ERR_FORMAT: "damaged PDF: not in a readable PDF format",
        raw.FPDF_ERR_PAGE: "PDF has no readable pages",
        raw.FPDF_ERR_SUCCESS: "PDF has no pages",
    }
    return reasons.get(code, "damaged PDF: PDFium could not open it")


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise LoadError(f"cannot read file: {error.strerror or error}") from None


def _repair(data: bytes) -> bytes | None:
    """The file with its last object closed and a trailer that points at its catalog, so
    PDFium rebuilds the cross-reference table by scanning; None without any object."""
    headers = [
        (m.start(), int(m.group(1)), int(m.group(2)))
        for m in _OBJ_HEADER.finditer(data, 0, len(data))
    ][:_MAX_SCANNED_OBJECTS]
    if not headers:
        return None
    size = max(number for _pos, number, _gen in headers) + 1
    root = _object_before(headers, data.rfind(b"/Catalog")) or _packed_catalog(data, headers)
    info = _object_before(headers, _find_info(data))
    trailer = b"\nendstream\nendobj\ntrailer\n<</Size %d" % size
    if root:
        trailer += b"/Root %d %d R" % root
    if info:
        trailer += b"/Info %d %d R" % info
    return data + trailer + b">>\nstartxref\n0\n%%EOF\n"


def _new_page_tree(data: bytes) -> bytes | None:
    """The file with a new catalog and page tree listing every page object found (the old
    tree was lost); None when no page object is left."""
    headers = [(m.start(), int(m.group(1)), int(m.group(2))) for m in _OBJ_HEADER.finditer(data)]
    pages = _page_objects(data, headers[:_MAX_SCANNED_OBJECTS])
    if not pages:
        return None
    tree = max(number for _pos, number, _gen in headers) + 1
    kids = b" ".join(b"%d %d R" % page for page in pages)
    tail = b"\nendstream\nendobj\n%d 0 obj\n<</Type/Pages/Kids[%s]/Count %d>>\nendobj\n" % (
        tree,
        kids,
        len(pages),
    )
    tail += b"%d 0 obj\n<</Type/Catalog/Pages %d 0 R>>\nendobj\n" % (tree + 1, tree)
    info = _object_before(headers, _find_info(data))
    trailer = b"trailer\n<</Size %d/Root %d 0 R" % (tree + 2, tree + 1)
    if info:
        trailer += b"/Info %d %d R" % info
    return data + tail + trailer + b">>\nstartxref\n0\n%%EOF\n"


def _packed_catalog(data: bytes, headers: list[tuple[int, int, int]]) -> tuple[int, int] | None:
    """The catalog's (number, 0) when it sits compressed in an object stream (PDF 1.5)."""
    for number, body in _packed_objects(data, headers):
        if _CATALOG.search(body):
            return number, 0
    return None


def _page_objects(data: bytes, headers: list[tuple[int, int, int]]) -> list[tuple[int, int]]:
    """Every object of type /Page, plain or in object streams, in number order."""
    found = set()
    for start, number, generation in headers:
        head = data[start : start + 2000].split(b"endobj", 1)[0]
        if _PAGE.search(head):
            found.add((number, generation))
    found.update(
        (number, 0) for number, body in _packed_objects(data, headers) if _PAGE.search(body)
    )
    return sorted(found)


def _packed_objects(
    data: bytes, headers: list[tuple[int, int, int]]
) -> Iterator[tuple[int, bytes]]:
    """``(number, text)`` of the objects inside the file's readable object streams."""
    for start, _number, _generation in headers:
        head = data[start : start + 400]
        if b"/ObjStm" not in head:
            continue
        begin = data.find(b"stream", start, start + 400)
        end = data.find(b"endstream", begin)
        first = re.search(rb"/First\s+(\d+)", head)
        if begin < 0 or end < 0 or not first:
            continue
        try:
            text = zlib.decompressobj().decompress(data[begin + 6 : end].lstrip(b"\r\n"), 16 << 20)
        except zlib.error:
            continue
        base = int(first.group(1))
        pairs = text[:base].split()
        try:
            numbers, offsets = [int(n) for n in pairs[0::2]], [int(n) for n in pairs[1::2]]
        except ValueError:
            continue
        for i, number in enumerate(numbers[: len(offsets)]):
            stop = base + offsets[i + 1] if i + 1 < len(offsets) else len(text)
            yield number, text[base + offsets[i] : stop]


def _object_before(headers: list[tuple[int, int, int]], position: int) -> tuple[int, int] | None:
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
        position = data.rfind(key)
        if position >= 0:
            return position
    return -1


def damage(data: bytes) -> str | None:
    """Why a PDF that opened still looks damaged (PDFium repairs silently), or None."""
    tail = data[-2048:]
    if b"%%EOF" not in tail:
        return "the file is cut short"
    found = _STARTXREF.search(tail)
    if not found:
        return None  # an odd ending, but nothing to say that data is missing
    offset = int(found.group(1))
    head = data[offset : offset + 32].lstrip()
    if offset >= len(data) or not (head.startswith(b"xref") or _OBJ_HEADER.match(head)):
        return "broken cross-reference table"
    return None


def _short(error: BaseException) -> str:
    """An exception as one short line."""
    text = " ".join(str(error).split()) or type(error).__name__
    return text[:120]
