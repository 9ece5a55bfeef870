"""Build QTextDocuments from canonical Documents, block by block, and keep an LRU cache of them.

One canonical ``Block`` becomes the text of exactly one ``QTextBlock`` (table cells live in
a ``QTextTable``), without a single added character: list bullets and numbers come from
``QTextList``, quote bars and PDF page markers are painted by the view from block properties.
That is what keeps :class:`~briefreader.gui.text_mapping.TextMapping` exact.

Runs of plain blocks (paragraphs and blank lines without inline styles: all of a text file)
are inserted with one ``insertText`` each, their ``"\\n"`` separators becoming the block
breaks, instead of one Python round of formats per block. Qt pays some microseconds and
hundreds of bytes per block, so a run of more than ``GROUP_ABOVE_LINES`` lines (a 5 MB text
file, a million one-character lines) is shown in groups of lines instead: one Qt block per
group, the ``"\\n"`` inside it shown as U+2028 (a line break inside a block), one position
for one; such lines have no paragraph spacing. A plain block longer than ``SPLIT_ABOVE``
characters (a 2 MB single line) is cut into Qt blocks of about ``SPLIT_EVERY`` characters,
at spaces, each space becoming the block break, one character for one; where there is no
space (CJK, base64) between two characters, the block break then being one position more.
Qt lays out a block as a whole: a 2 MB block took seconds at every layout. The mapping then
has one segment per group or piece; positions stay exact either way.
"""

from __future__ import annotations

import logging
import unicodedata
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from urllib.parse import unquote

from PySide6.QtCore import QObject, QUrl
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontDatabase,
    QImage,
    QTextBlock,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextFrameFormat,
    QTextImageFormat,
    QTextList,
    QTextListFormat,
    QTextTableFormat,
)

from briefreader.core.models import Block, Document, LineBlocks
from briefreader.gui.text_mapping import (
    TextMapping,
    displayable,
    keep_newlines_displayable,
    utf16_len,
)

log = logging.getLogger(__name__)

# Block properties read back by the view's painter.
PROP_KIND = QTextFormat.Property.UserProperty + 1  # str: the canonical block kind
PROP_PAGE = QTextFormat.Property.UserProperty + 2  # int: a PDF page starts at this block
PROP_QUOTE = QTextFormat.Property.UserProperty + 3  # int: quote depth (bars to paint)

QUOTE_INDENT = 22.0  # px per quote level; the bar sits in the first 4 px of each step
CODE_PADDING = 12.0  # px between the painted code box and its text
LINE_HEIGHT = 140  # percent
_PROPORTIONAL = QTextBlockFormat.LineHeightTypes.ProportionalHeight.value
_FONT_ADJUST = {1: 3, 2: 2, 3: 1, 4: 0, 5: 0, 6: 0}  # heading level -> FontSizeAdjustment
_HEADING_TOP = {1: 10.0, 2: 22.0, 3: 18.0, 4: 14.0, 5: 12.0, 6: 12.0}
_MONO_FAMILIES = ["DejaVu Sans Mono", "Menlo", "Consolas", "Liberation Mono", "monospace"]
PLAIN_KINDS = ("paragraph", "blank")
SPLIT_ABOVE = 20_000  # characters: a longer plain block is shown as several Qt blocks
SPLIT_EVERY = 4_000  # characters per piece, about (the cut is at the next space)
# Qt's layout of CJK and other non-ASCII text costs more per character and grows faster than
# the length of a block (2 MB of CJK in 4,000-character blocks: 0.27 s to show, 1,000: 0.10 s).
NON_ASCII_SHARE = 4  # non-ASCII pieces and groups are this many times shorter
GROUP_ABOVE_LINES = 20_000  # a longer run of plain lines is shown in groups of lines
GROUP_LINES = 100  # lines per group, at most
GROUP_CHARS = 4_000  # characters per group, at most (unless one line is longer)
_JOINING = frozenset("\u200d\ufe0e\ufe0f")
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp"})
IMAGE_MAX_BYTES = 20 * 2**20
IMAGE_MAX_WIDTH = (
    640.0  # px: a wider image is shown scaled down  # zero-width joiner, variation selectors
)


@dataclass(frozen=True)
class RenderStyle:
    """Colours baked into a rendered document (part of the cache key)."""

    name: str
    dark: bool
    link: str
    muted: str  # quote text, page markers
    code_background: str  # translucent: works on either background
    header_background: str
    table_border: str
    mark_background: str  # the <mark> span style of a document, not search marks

    @property
    def key(self) -> str:
        return self.name


LIGHT_STYLE = RenderStyle(
    name="light",
    dark=False,
    link="#1a5fb4",
    muted="#5e5c64",
    code_background="#12000000",
    header_background="#0f000000",
    table_border="#c0bfbc",
    mark_background="#66ffe066",
)
DARK_STYLE = RenderStyle(
    name="dark",
    dark=True,
    link="#78aeed",
    muted="#a8a5ad",
    code_background="#1cffffff",
    header_background="#16ffffff",
    table_border="#5e5c64",
    mark_background="#55c8a000",
)


def style_for(theme: str) -> RenderStyle:
    return DARK_STYLE if theme == "dark" else LIGHT_STYLE


def monospace_families() -> list[str]:
    system = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont).family()
    return [system, *_MONO_FAMILIES]


@dataclass
class RenderedDocument:
    """A built QTextDocument, its position mapping, and bookkeeping for the cache."""

    key: tuple[object, ...]
    qt_document: QTextDocument
    mapping: TextMapping
    users: int = field(default=0, compare=False)
    split: bool = False  # some Qt block is not one canonical block (see the module)


class DocumentRenderer(QObject):
    """Builds QTextDocuments and keeps the most recent ones for instant reopening.

    Cached documents are children of the renderer, so ``QTextBrowser.setDocument`` never
    takes ownership of them (it only deletes a previous document that is its own child).
    A document in use by a view (see :meth:`acquire` / :meth:`release`) is never evicted.
    """

    def __init__(self, capacity: int = 6, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._capacity = max(1, capacity)
        self._cache: OrderedDict[tuple[object, ...], RenderedDocument] = OrderedDict()
        self.hits = 0
        self.misses = 0

    @staticmethod
    def cache_key(doc: Document, style: RenderStyle) -> tuple[object, ...]:
        # content_hash identifies the file; the text hash guards against a loader change.
        return (doc.content_hash, hash(doc.text), len(doc.blocks), style.key)

    def acquire(self, doc: Document, style: RenderStyle = LIGHT_STYLE) -> RenderedDocument:
        """The rendered document for ``doc`` (cached or built), marked as in use."""
        rendered = self.render(doc, style)
        rendered.users += 1
        return rendered

    def release(self, rendered: RenderedDocument) -> None:
        rendered.users = max(0, rendered.users - 1)
        self._evict()

    def render(self, doc: Document, style: RenderStyle = LIGHT_STYLE) -> RenderedDocument:
        key = self.cache_key(doc, style)
        rendered = self._cache.get(key)
        if rendered is not None:
            self.hits += 1
            self._cache.move_to_end(key)
            return rendered
        self.misses += 1
        built = build_document(doc, style, parent=self)
        mapping = TextMapping(doc.text, built.segments, built.qt_starts)
        rendered = RenderedDocument(key, built.qt_document, mapping, split=built.split)
        self._cache[key] = rendered
        self._evict()
        return rendered

    def __contains__(self, key: object) -> bool:
        return key in self._cache

    def __len__(self) -> int:
        return len(self._cache)

    def clear(self) -> None:
        for key in [k for k, r in self._cache.items() if r.users == 0]:
            self._drop(key)

    def _evict(self) -> None:
        excess = len(self._cache) - self._capacity
        for key in [k for k, r in self._cache.items() if r.users == 0]:
            if excess <= 0:
                break
            self._drop(key)
            excess -= 1

    def _drop(self, key: tuple[object, ...]) -> None:
        rendered = self._cache.pop(key)
        rendered.qt_document.setParent(None)
        rendered.qt_document.deleteLater()


@dataclass
class BuiltDocument:
    """A QTextDocument, and its segments (the blocks; very long ones in pieces, long runs of
    lines in groups) with the Qt position where each one's text starts: what
    :class:`TextMapping` is made of."""

    qt_document: QTextDocument
    segments: list[Block]
    qt_starts: list[int]
    split: bool = False  # some Qt block is not one canonical block (pieces, groups)


def build_document(
    doc: Document, style: RenderStyle, parent: QObject | None = None
) -> BuiltDocument:
    """A QTextDocument for ``doc``, its mapping segments and where each segment starts."""
    return _Builder(doc, style, parent).build()


# Paragraph, blank line and piece (of a split block) block formats, and their char format.
PlainFormats = tuple[QTextBlockFormat, QTextBlockFormat, QTextBlockFormat, QTextCharFormat]


class _Builder:
    def __init__(self, doc: Document, style: RenderStyle, parent: QObject | None) -> None:
        self.doc = doc
        self.style = style
        self.qt_document = QTextDocument(parent)
        self.qt_document.setUndoRedoEnabled(False)
        self.qt_document.setMetaInformation(QTextDocument.MetaInformation.DocumentTitle, doc.title)
        self.cursor = QTextCursor(self.qt_document)
        self.fresh = True  # the cursor's block is empty and not yet used by a canonical block
        # The mapping segments in canonical order: blocks, or pieces and groups of plain lines
        # (see the module), each with its QTextBlock or the Qt position where its text starts.
        self.segments: list[Block] = []
        self.segment_starts: list[QTextBlock | int] = []
        self.split = False  # some Qt block is not one canonical block
        self.lines = doc.blocks if isinstance(doc.blocks, LineBlocks) else None
        self.plain_formats: PlainFormats | None = None
        self.block_by_block_until = 0
        self.lists: dict[int, tuple[QTextList, bool, int]] = {}  # level -> (list, ordered, next)
        self.mono = monospace_families()
        others = () if self.lines is not None else doc.blocks  # lines: paragraphs and blanks
        list_levels = [b.level for b in others if b.kind == "list_item"]
        quote_levels = [b.level for b in others if b.kind == "quote"]
        self.list_base = min(list_levels, default=1)
        self.quote_base = min(quote_levels, default=1)
        self.page_starts = _page_starts(doc)
        self.images: list[str] = []

    def build(self) -> BuiltDocument:
        blocks = self.doc.blocks
        self.cursor.beginEditBlock()
        i = 0
        if self.lines is not None and self._plain_run(0, len(self.lines)):
            i = len(blocks)  # a text file: one run of lines
        while i < len(blocks):
            block = blocks[i]
            if block.kind == "table_cell":
                j = i + 1
                while j < len(blocks) and blocks[j].kind == "table_cell":
                    if blocks[j].table != block.table:
                        break
                    j += 1
                self._table(range(i, j))
                i = j
                continue
            if block.kind != "list_item":
                self.lists.clear()
            if i >= self.block_by_block_until and self._is_plain(block):
                j = self._plain_run_end(i)
                if self._plain_run(i, j):
                    i = j
                    continue
                self.block_by_block_until = j  # not well-formed: the careful way below
            previous = blocks[i - 1].kind if i else None
            following = blocks[i + 1].kind if i + 1 < len(blocks) else None
            block_format, char_format = self._formats(block, previous, following)
            self._new_block(block_format, char_format)
            if block.kind == "list_item":
                self._add_to_list(block)
            self._insert_text(block, char_format)
            self._segment(block, self.cursor.block())
            self._images(block)
            i += 1
        self.cursor.endEditBlock()
        return self._result()

    def _segment(self, block: Block, where: QTextBlock | int) -> None:
        self.segments.append(block)
        self.segment_starts.append(where)

    def _result(self) -> BuiltDocument:
        starts = [w if isinstance(w, int) else w.position() for w in self.segment_starts]
        return BuiltDocument(self.qt_document, self.segments, starts, self.split)

    # -- runs of plain blocks -----------------------------------------------------------

    def _is_plain(self, block: Block) -> bool:
        return block.kind in PLAIN_KINDS and not block.spans and block.start not in self.page_starts

    def _plain_run_end(self, i: int) -> int:
        """The end of the run of plain blocks from ``i``, each one ``"\\n"`` after the last."""
        blocks, text, pages = self.doc.blocks, self.doc.text, self.page_starts
        previous, j = blocks[i], i + 1
        while j < len(blocks):  # _is_plain, inlined: this runs once per line of a text file
            block = blocks[j]
            if (
                block.kind not in PLAIN_KINDS
                or block.spans
                or block.start != previous.end + 1
                or text[previous.end] != "\n"
                or (pages and block.start in pages)
            ):
                break
            previous, j = block, j + 1
        return j

    def _run_lines(self, i: int, j: int) -> tuple[Sequence[int], Sequence[int]]:
        """Where each block of the run ``i..j-1`` starts (and one past the last one's end),
        and whether each is a paragraph (else a blank line)."""
        if self.lines is not None:
            starts = self.lines.line_starts
            if (i, j) != (0, len(self.lines)):
                starts = starts[i : j + 1]
            return starts, self.lines.paragraphs[i:j]
        run = self.doc.blocks[i:j]
        return [*(b.start for b in run), run[-1].end + 1], [b.kind != "blank" for b in run]

    def _plain_run(self, i: int, j: int) -> bool:
        """Insert blocks ``i..j-1`` with one insertText (False: a block holds a newline).

        A run of more than GROUP_ABOVE_LINES lines is shown in groups of lines, a very long
        line in pieces (see the module).
        """
        text = self.doc.text
        bounds, paragraphs = self._run_lines(i, j)
        start, end = bounds[0], bounds[-1] - 1
        run = text[start:end]
        if run.count("\n") != j - i - 1:
            return False
        grouped = j - i > GROUP_ABOVE_LINES
        group_chars = GROUP_CHARS if run.isascii() else GROUP_CHARS // NON_ASCII_SHARE
        paragraph, blank, piece, char = self._plain_formats()
        self._new_block(piece if grouped else paragraph, char)
        shown = keep_newlines_displayable(run)
        parts: list[str] = []
        blanks: list[int] = []  # Qt starts of blank lines (not grouped: they get their format)
        continued: list[int] = []  # Qt starts of pieces that go on in the next Qt block
        qt = self.cursor.position()
        k = 0
        while k < j - i:
            m = self._group_end(bounds, k, j - i, group_chars) if grouped else k + 1
            seg_start, seg_end = bounds[k], bounds[m] - 1
            cuts = self._cuts(seg_start, seg_end) if seg_end - seg_start > SPLIT_ABOVE else []
            if m == k + 1 and not cuts and not grouped:
                self._segment(self._line(i + k, seg_start, seg_end, paragraphs[k]), qt)
                if not paragraphs[k]:
                    blanks.append(qt)
                parts.append(shown[seg_start - start : seg_end - start])
                qt += utf16_len(parts[-1]) + 1
                k = m
                continue
            self.split = True
            begin = seg_start
            for cut, resume in [*cuts, (seg_end, -1)]:
                part = shown[begin - start : cut - start]
                parts.append(part.replace("\n", "\u2028") if m > k + 1 else part)
                self._segment(Block("paragraph", begin, cut), qt)
                if resume >= 0 and not grouped:
                    continued.append(qt)
                qt += utf16_len(part) + 1
                begin = resume
            k = m
        self.cursor.insertText("\n".join(parts), char)
        if blanks or continued:
            fixer = QTextCursor(self.qt_document)
            for qt_start, block_format in [
                *((q, blank) for q in blanks),
                *((q, piece) for q in continued),
            ]:
                fixer.setPosition(qt_start)
                fixer.setBlockFormat(block_format)
        return True

    def _line(self, index: int, start: int, end: int, paragraph: int | bool) -> Block:
        """Block ``index`` of the document (made from the line when the blocks are lines)."""
        if self.lines is None:
            return self.doc.blocks[index]
        return Block("paragraph" if paragraph else "blank", start, end)

    @staticmethod
    def _group_end(bounds: Sequence[int], k: int, n: int, chars: int) -> int:
        """The end of the group of lines from line ``k``: up to GROUP_LINES lines of together
        at most ``chars`` characters, or the one line ``k`` when it is longer."""
        last = min(k + GROUP_LINES, n)
        if bounds[last] - bounds[k] <= chars:
            return last
        return max(k + 1, bisect_right(bounds, bounds[k] + chars, k + 1, last + 1) - 1)

    def _plain_formats(self) -> PlainFormats:
        """Paragraph, blank line and piece (of a split block) formats; one char format."""
        if self.plain_formats is None:
            paragraph, char = self._formats(Block("paragraph", -1, -1), None, None)
            blank, _ = self._formats(Block("blank", -1, -1), None, None)
            piece = QTextBlockFormat(paragraph)
            piece.setBottomMargin(0.0)  # the block goes on in the next piece
            self.plain_formats = (paragraph, blank, piece, char)
        return self.plain_formats

    def _cuts(self, start: int, end: int) -> list[tuple[int, int]]:
        """Where a very long line ``[start, end)`` is cut into pieces: ``(cut, resume)``, the
        next piece starting at ``resume``. At a space when there is one near (``resume`` is
        ``cut + 1``: the space becomes the block break), else between two characters
        (``resume == cut``: CJK, base64, a long URL; the block break is one position more)."""
        text, cuts = self.doc.text, []
        every = SPLIT_EVERY if text[start:end].isascii() else SPLIT_EVERY // NON_ASCII_SHARE
        at = start + every
        while at < end - every // 2:
            cut = text.find(" ", at, min(end - 1, at + every))
            if cut >= 0:
                cuts.append((cut, cut + 1))
            else:
                cut = _between_characters(text, at, end)
                if cut >= end:
                    break
                cuts.append((cut, cut))
            at = cut + every
        return cuts

    # -- blocks ------------------------------------------------------------------------

    def _new_block(self, block_format: QTextBlockFormat, char_format: QTextCharFormat) -> None:
        if self.fresh:
            self.cursor.setBlockFormat(block_format)
            self.cursor.setBlockCharFormat(char_format)
            self.fresh = False
        else:
            self.cursor.insertBlock(block_format, char_format)

    def _formats(
        self, block: Block, previous: str | None, following: str | None
    ) -> tuple[QTextBlockFormat, QTextCharFormat]:
        fmt = QTextBlockFormat()
        fmt.setProperty(PROP_KIND, block.kind)
        fmt.setLineHeight(LINE_HEIGHT, _PROPORTIONAL)
        fmt.setBottomMargin(9.0)
        char = QTextCharFormat()
        kind = block.kind
        if kind == "heading":
            level = min(max(block.level, 1), 6)
            fmt.setHeadingLevel(level)
            fmt.setTopMargin(_HEADING_TOP[level] if previous is not None else 0.0)
            fmt.setBottomMargin(6.0)
            fmt.setLineHeight(118, _PROPORTIONAL)
            char.setProperty(QTextFormat.Property.FontSizeAdjustment, _FONT_ADJUST[level])
            char.setFontWeight(QFont.Weight.Bold if level <= 4 else QFont.Weight.DemiBold)
            if level == 6:
                char.setFontItalic(True)
        elif kind == "list_item":
            fmt.setBottomMargin(3.0 if following == "list_item" else 9.0)
        elif kind == "quote":
            depth = max(1, block.level - self.quote_base + 1)
            fmt.setProperty(PROP_QUOTE, depth)
            fmt.setLeftMargin(QUOTE_INDENT * depth)
            fmt.setBottomMargin(0.0 if following == "quote" else 9.0)
            fmt.setTopMargin(0.0 if previous == "quote" else 2.0)
            char.setForeground(QColor(self.style.muted))
        elif kind == "code":
            fmt.setLineHeight(125, _PROPORTIONAL)
            fmt.setLeftMargin(CODE_PADDING)
            fmt.setRightMargin(CODE_PADDING)
            fmt.setTopMargin(14.0 if previous != "code" else 0.0)
            fmt.setBottomMargin(18.0 if following != "code" else 0.0)
            fmt.setNonBreakableLines(False)
            char.setFontFamilies(self.mono)
            char.setFontFixedPitch(True)
        elif kind == "rule":  # the view paints the line across an empty block
            fmt.setTopMargin(4.0)
            fmt.setBottomMargin(10.0)
            fmt.setLineHeight(100, _PROPORTIONAL)
        elif kind == "blank":
            fmt.setBottomMargin(0.0)
        if block.page is not None or self.page_starts:
            page = self.page_starts.get(block.start)
            if page is not None:
                fmt.setProperty(PROP_PAGE, page)
                if page > 1:
                    fmt.setTopMargin(max(fmt.topMargin(), 22.0))
        return fmt, char

    def _add_to_list(self, block: Block) -> None:
        level = max(1, block.level - self.list_base + 1)
        for deeper in [lv for lv in self.lists if lv > level]:
            del self.lists[deeper]
        current = self.lists.get(level)
        if current is not None:
            qt_list, ordered, expected = current
            if ordered == block.ordered and (not ordered or block.number in (0, expected)):
                qt_list.add(self.cursor.block())
                self.lists[level] = (qt_list, ordered, expected + 1)
                return
        list_format = QTextListFormat()
        list_format.setIndent(level)
        if block.ordered:
            list_format.setStyle(QTextListFormat.Style.ListDecimal)
            list_format.setStart(block.number or 1)
            list_format.setNumberSuffix(".")
        else:
            bullets = (
                QTextListFormat.Style.ListDisc,
                QTextListFormat.Style.ListCircle,
                QTextListFormat.Style.ListSquare,
            )
            list_format.setStyle(bullets[(level - 1) % 3])
        qt_list = self.cursor.createList(list_format)
        self.lists[level] = (qt_list, block.ordered, (block.number or 1) + 1)

    def _table(self, indexes: range) -> None:
        blocks = self.doc.blocks
        self.lists.clear()
        cells = [(blocks[i].row, blocks[i].col) for i in indexes]
        if any(r < 0 or c < 0 for r, c in cells) or cells != sorted(cells):
            # Not in row-major order: cells would not keep reading order in a QTextTable.
            log.warning(
                "table %s of %s is irregular; showing its cells as paragraphs",
                blocks[indexes[0]].table,
                self.doc.path,
            )
            for i in indexes:
                fmt, char = self._formats(blocks[i], None, None)
                self._new_block(fmt, char)
                self._insert_text(blocks[i], char)
                self._segment(blocks[i], self.cursor.block())
            return
        first_row = cells[0][0]  # a table split by other blocks continues in a new one
        rows = cells[-1][0] - first_row + 1
        cols = max(c for _, c in cells) + 1
        table_format = QTextTableFormat()
        table_format.setBorder(1.0)
        table_format.setBorderStyle(QTextFrameFormat.BorderStyle.BorderStyle_Solid)
        table_format.setBorderBrush(QBrush(QColor(self.style.table_border)))
        table_format.setBorderCollapse(True)
        table_format.setCellPadding(5.0)
        table_format.setCellSpacing(0.0)
        table_format.setTopMargin(4.0)
        table_format.setBottomMargin(14.0)
        table_format.setHeaderRowCount(_header_rows(blocks, indexes, first_row))
        # Inserted at the end of the previous block: one frame character separates them, just
        # as one "\n" does in the canonical text.
        table = self.cursor.insertTable(rows, cols, table_format)
        previous: tuple[int, int] | None = None
        cell_cursor = QTextCursor()
        for i in indexes:
            block = blocks[i]
            fmt = QTextBlockFormat()
            fmt.setProperty(PROP_KIND, block.kind)
            fmt.setLineHeight(125, _PROPORTIONAL)
            page = self.page_starts.get(block.start)
            if page is not None:
                fmt.setProperty(PROP_PAGE, page)
            char = QTextCharFormat()
            if block.header:
                char.setFontWeight(QFont.Weight.Bold)
            key = (block.row - first_row, block.col)
            if key != previous:  # first block of a cell: use the cell's own empty block
                cell = table.cellAt(*key)
                if block.header:
                    cell_format = cell.format()
                    cell_format.setBackground(QColor(self.style.header_background))
                    cell.setFormat(cell_format)
                cell_cursor = cell.firstCursorPosition()
                cell_cursor.setBlockFormat(fmt)
                cell_cursor.setBlockCharFormat(char)
                previous = key
            else:  # a line break or a paragraph inside the same cell
                cell_cursor.insertBlock(fmt, char)
            self._insert_spans(cell_cursor, block, char)
            self._segment(block, cell_cursor.block())
        self.cursor.movePosition(QTextCursor.MoveOperation.End)
        self.fresh = True

    # -- inline text -------------------------------------------------------------------

    def _images(self, block: Block) -> None:
        """The local images of ``block``, each in a Qt block of its own under it (positions
        between canonical blocks map to their boundary, so the mapping holds)."""
        for span in block.spans:
            if span.style != "image" or not span.href:
                continue
            image = local_image(self.doc.path, span.href)
            if image is None:
                continue
            name = f"briefreader-image:{len(self.images)}"
            self.qt_document.addResource(
                QTextDocument.ResourceType.ImageResource, QUrl(name), image
            )
            image_format = QTextImageFormat()
            image_format.setName(name)
            scale = min(1.0, IMAGE_MAX_WIDTH / max(1, image.width()))
            image_format.setWidth(image.width() * scale)
            image_format.setHeight(image.height() * scale)
            image_format.setToolTip(self.doc.text[span.start : span.end])
            holder = QTextBlockFormat()
            holder.setProperty(PROP_KIND, "image")
            holder.setBottomMargin(9.0)
            self.cursor.insertBlock(holder, QTextCharFormat())
            self.cursor.insertImage(image_format)
            self.images.append(name)
            self.split = True

    def _insert_text(self, block: Block, base: QTextCharFormat) -> None:
        self._insert_spans(self.cursor, block, base)

    def _insert_spans(self, cursor: QTextCursor, block: Block, base: QTextCharFormat) -> None:
        text = self.doc.text
        start, end = block.start, block.end
        if start >= end:
            return
        spans = [s for s in block.spans if s.start < end and s.end > start and s.end > s.start]
        if not spans:
            cursor.insertText(displayable(text[start:end]), base)
            return
        inner = {min(max(p, start), end) for span in spans for p in (span.start, span.end)}
        cuts = sorted({start, end} | inner)
        for seg_start, seg_end in pairwise(cuts):
            fmt = QTextCharFormat(base)
            for span in spans:
                if span.start <= seg_start and span.end >= seg_end:
                    self._apply_span(fmt, span.style, span.href)
            cursor.insertText(displayable(text[seg_start:seg_end]), fmt)

    def _apply_span(self, fmt: QTextCharFormat, style: str, href: str | None) -> None:
        if style == "bold":
            fmt.setFontWeight(QFont.Weight.Bold)
        elif style == "italic":
            fmt.setFontItalic(True)
        elif style == "code":
            fmt.setFontFamilies(self.mono)
            fmt.setFontFixedPitch(True)
            fmt.setBackground(QColor(self.style.code_background))
        elif style == "link" and href:
            fmt.setAnchor(True)
            fmt.setAnchorHref(href)
            fmt.setForeground(QColor(self.style.link))
            fmt.setFontUnderline(True)
            fmt.setToolTip(href)
        elif style == "strike":
            fmt.setFontStrikeOut(True)
        elif style == "sup":
            fmt.setVerticalAlignment(QTextCharFormat.VerticalAlignment.AlignSuperScript)
        elif style == "sub":
            fmt.setVerticalAlignment(QTextCharFormat.VerticalAlignment.AlignSubScript)
        elif style == "mark":
            fmt.setBackground(QColor(self.style.mark_background))


def local_image(document_path: str, src: str) -> QImage | None:
    """The image file ``src`` names (relative to the document's folder, or absolute), when
    it is a readable local image of a sane size; remote images are never fetched (the
    loader keeps no ``src`` with a scheme)."""
    try:
        path = Path(unquote(src))
        if not path.is_absolute():
            path = Path(document_path).parent / path
        if path.suffix.lower() not in IMAGE_SUFFIXES or path.stat().st_size > IMAGE_MAX_BYTES:
            return None
    except (OSError, ValueError):
        return None
    image = QImage(str(path))
    if image.isNull():
        log.info("image not shown (unreadable): %s", path)
        return None
    return image


def _between_characters(text: str, at: int, end: int) -> int:
    """The first place from ``at`` that does not split a character from its combining marks
    or a joined emoji sequence (``end`` when there is none)."""
    while at < end and (
        unicodedata.combining(text[at])
        or text[at] in _JOINING
        or text[at - 1] in _JOINING
        or "\U0001f3fb" <= text[at] <= "\U0001f3ff"  # an emoji skin tone modifier
    ):
        at += 1
    return at


def _header_rows(blocks: Sequence[Block], indexes: range, first_row: int) -> int:
    """How many leading rows of a table consist of header cells only."""
    count = 0
    while True:
        in_row = [blocks[i] for i in indexes if blocks[i].row == first_row + count]
        if not in_row or not all(b.header for b in in_row):
            return count
        count += 1


def _page_starts(doc: Document) -> dict[int, int]:
    """Canonical block start -> page number, for the blocks where a PDF page begins."""
    if isinstance(doc.blocks, LineBlocks) or not doc.blocks:
        return {}  # lines of a text file: no pages
    result: dict[int, int] = {}
    if doc.pages:
        starts = [b.start for b in doc.blocks]
        for page, offset in enumerate(doc.pages, start=1):
            index = max(0, bisect_right(starts, offset) - 1)
            result[starts[index]] = page
        return result
    previous = None
    for block in doc.blocks:
        if block.page is not None and block.page != previous:
            result[block.start] = block.page
            previous = block.page
    return result


__all__ = [
    "DARK_STYLE",
    "LIGHT_STYLE",
    "PROP_KIND",
    "PROP_PAGE",
    "PROP_QUOTE",
    "BuiltDocument",
    "DocumentRenderer",
    "RenderStyle",
    "RenderedDocument",
    "build_document",
    "style_for",
]
