"""The reader: a QTextBrowser that shows a canonical Document and speaks canonical offsets.

The QTextDocument is built block by block (see ``document_renderer``) so that every canonical
offset maps to exactly one Qt position (``text_mapping``). Highlights and search marks are
ExtraSelections, never changes to the document's character formats, so a cached document can
be shown again as it was built.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import cast

from PySide6.QtCore import (
    QEvent,
    QMimeData,
    QPoint,
    QPointF,
    QRectF,
    Qt,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QColor,
    QContextMenuEvent,
    QDesktopServices,
    QFont,
    QFontMetricsF,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QTextBlock,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QWheelEvent,
)
from PySide6.QtWidgets import QMenu, QTextBrowser, QTextEdit, QWidget

from briefreader.core.models import COLORS, Document
from briefreader.gui import colors
from briefreader.gui.document_renderer import (
    LIGHT_STYLE,
    DocumentRenderer,
    RenderedDocument,
    style_for,
)
from briefreader.gui.reader_decorations import (
    Column,
    VisibleBlock,
    block_kind,
    paint_code_boxes,
    paint_decorations,
)
from briefreader.gui.text_mapping import TextMapping

log = logging.getLogger(__name__)

SERIF_FAMILIES = [
    "Charter",
    "Georgia",
    "Source Serif 4",
    "Noto Serif",
    "Liberation Serif",
    "DejaVu Serif",
    "serif",
]
SANS_FAMILIES = [
    "Inter",
    "Segoe UI",
    "Helvetica Neue",
    "Noto Sans",
    "Liberation Sans",
    "DejaVu Sans",
    "sans-serif",
]
EXTERNAL_SCHEMES = {"http", "https", "mailto"}
MEASURE_CHARS = 78  # target line length in characters of running text
_SAMPLE = "The committee noted that the proposed measures would reduce costs, "
_MIN_SIDE_MARGIN = 56.0  # room for "p. 123" markers
_TOP_MARGIN = 28.0
_BOTTOM_MARGIN = 64.0
# Up to this many characters of layout before a scroll target are done at once (some 60 ms);
# further, the layout goes on in slices of LAYOUT_SLICE_S between events.
SYNC_LAYOUT_CHARS = 200_000
LAYOUT_SLICE_S = 0.025
LAYOUT_STEP_CHARS = 20_000
_MIN_POINT_SIZE = 6.0
_MAX_POINT_SIZE = 48.0


@dataclass(frozen=True)
class Highlight:
    annotation_id: int
    start: int
    end: int
    color: str


class ReaderView(QTextBrowser):
    """Shows one Document; every position in its API is a canonical offset (code points)."""

    selection_changed_canonical = Signal(int, int)  # start == end when nothing is selected
    highlight_clicked = Signal(int)
    link_clicked = Signal(QUrl)
    find_result = Signal(int, int)  # 1-based index of the current match (0: none), total
    zoom_changed = Signal(float)  # point size of the body text
    annotate_requested = Signal(int, int, str)  # start, end, colour name
    note_requested = Signal(int, int)  # start, end: highlight and open the note editor

    def __init__(
        self,
        renderer: DocumentRenderer | None = None,
        parent: QWidget | None = None,
        *,
        font_kind: str = "serif",
        point_size: float | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("readerView")
        self._renderer = renderer if renderer is not None else DocumentRenderer(parent=self)
        self._style = LIGHT_STYLE
        self._document: Document | None = None
        self._rendered: RenderedDocument | None = None
        self._highlights: list[Highlight] = []
        self._marks: list[tuple[int, int]] = []
        self._highlight_selections: list[QTextEdit.ExtraSelection] = []
        self._mark_selections: list[QTextEdit.ExtraSelection] = []
        self._selection_intent: tuple[int, int, int, int] | None = None
        self._last_emitted: tuple[int, int] | None = None
        self._find_cache: tuple[str, list[tuple[int, int]]] | None = None
        self._font_kind = font_kind
        self._pending_scroll: tuple[int, float] | None = None  # offset, share of the height
        self._layout_timer = QTimer(self)
        self._layout_timer.setSingleShot(True)
        self._layout_timer.setInterval(0)
        self._layout_timer.timeout.connect(self._continue_layout)
        base = point_size or max(QFont().pointSizeF(), 9.0) + 2.0
        self._base_point_size = base
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setReadOnly(True)
        self.setFrameShape(QTextBrowser.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.anchorClicked.connect(self._on_anchor_clicked)
        self.selectionChanged.connect(self._on_selection_changed)
        # The user moving the view ends a scroll that waits for the layout.
        self.verticalScrollBar().actionTriggered.connect(self._cancel_pending_scroll)
        self._apply_font(base)
        self._install_actions()

    # -- documents -----------------------------------------------------------------------

    @property
    def document_model(self) -> Document | None:
        """The canonical Document shown (``document()`` is Qt's QTextDocument)."""
        return self._document

    @property
    def mapping(self) -> TextMapping | None:
        return self._rendered.mapping if self._rendered else None

    @property
    def renderer(self) -> DocumentRenderer:
        return self._renderer

    def set_document(self, doc: Document | None) -> None:
        """Show ``doc`` (from the renderer's cache when it was shown recently)."""
        previous = self._rendered
        self._document = doc
        self._highlights, self._marks = [], []
        self._highlight_selections, self._mark_selections = [], []
        self._selection_intent = None
        self._find_cache = None
        self._pending_scroll = None
        if doc is None:
            self._rendered = None
            self.setExtraSelections([])
            self.setDocument(None)  # type: ignore[arg-type]  # Qt then makes an empty one
            self._prepare_document()
        else:
            self._rendered = self._renderer.acquire(doc, self._style)
            self._prepare_document(self._rendered)
            self.setDocument(self._rendered.qt_document)
            self.setExtraSelections([])
        if previous is not None:
            self._renderer.release(previous)
        self._last_emitted = None
        self.verticalScrollBar().setValue(0)

    def clear_document(self) -> None:
        self.set_document(None)

    def set_theme(self, theme: str) -> None:
        """Re-render for ``"light"`` or ``"dark"`` (link, code and quote colours, highlights)."""
        style = style_for(theme)
        if style == self._style:
            return
        self._style = style
        if self._document is None:
            return
        offset = self.current_offset()
        highlights, marks = list(self._highlights), list(self._marks)
        selection = self.canonical_range_of_selection()
        self.set_document(self._document)
        self.set_highlights([(h.annotation_id, h.start, h.end, h.color) for h in highlights])
        self.mark_ranges(marks)
        if selection:
            self.select_range(*selection, scroll=False)
        self.scroll_to_offset(offset)

    @property
    def dark(self) -> bool:
        return self._style.dark

    def _prepare_document(self, rendered: RenderedDocument | None = None) -> None:
        """Font and margins on the QTextDocument before it is shown (one layout, not three)."""
        qt_document = rendered.qt_document if rendered else self.document()
        if qt_document.defaultFont() != self.font():
            qt_document.setDefaultFont(self.font())
        self._update_margins(qt_document)

    # -- mapping -------------------------------------------------------------------------

    def qt_position(self, offset: int) -> int:
        return self._rendered.mapping.qt_position(offset) if self._rendered else 0

    def canonical_offset(self, qt_pos: int) -> int:
        return self._rendered.mapping.canonical_offset(qt_pos) if self._rendered else 0

    def canonical_range_of_selection(self) -> tuple[int, int] | None:
        """The selected canonical range, or None when nothing is selected."""
        cursor = self.textCursor()
        if self._rendered is None or not cursor.hasSelection():
            return None
        intent = self._selection_intent
        if intent is not None and intent[2:] == (cursor.anchor(), cursor.position()):
            return intent[0], intent[1]
        qt_start, qt_end = cursor.selectionStart(), cursor.selectionEnd()
        table = cursor.currentTable()
        if cursor.hasComplexSelection() and table is not None:
            # A selection of whole cells: from the first cell's start to the last cell's end.
            cells: tuple[int, int, int, int] = cursor.selectedTableCells()  # type: ignore[assignment]
            row, rows, col, cols = cells
            qt_start = table.cellAt(row, col).firstPosition()
            qt_end = table.cellAt(row + rows - 1, col + cols - 1).lastPosition()
        start = self.canonical_offset(qt_start)
        end = self.canonical_offset(qt_end)
        return (start, end) if end > start else None

    def clear_selection(self) -> None:
        """Drop the selection (the caret stays at its end), so a new highlight shows."""
        cursor = self.textCursor()
        if cursor.hasSelection():
            cursor.clearSelection()
            self._selection_intent = None
            self.setTextCursor(cursor)

    def select_range(self, start: int, end: int, *, scroll: bool = True) -> None:
        """Select canonical ``[start, end)``.

        Qt widens a selection that crosses table cells to whole cells; the requested range
        is remembered, so :meth:`canonical_range_of_selection` still returns it until the
        user changes the selection.
        """
        if self._rendered is None:
            return
        length = self._rendered.mapping.text_length
        start, end = sorted((min(max(start, 0), length), min(max(end, 0), length)))
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.qt_position(start))
        cursor.setPosition(self.qt_position(end), QTextCursor.MoveMode.KeepAnchor)
        self._selection_intent = (start, end, cursor.anchor(), cursor.position())
        self.setTextCursor(cursor)
        if scroll:
            self._reveal(start)

    def scroll_to_offset(self, offset: int, above: float = 0.0) -> None:
        """Scroll so that the line holding ``offset`` is at the top of the view, or
        ``above`` (a share of the view's height) below the top.

        Qt lays a document out lazily from the top. When the layout is still far from
        ``offset`` (a reading position deep in a 5 MB file), it goes on in slices between
        events and the view scrolls once it gets there: the window keeps running meanwhile
        (:meth:`current_offset` answers ``offset`` already; the user scrolling cancels it).
        """
        if self._rendered is None:
            return
        self._pending_scroll = None
        qt_pos = self.qt_position(offset)
        if qt_pos - self._laid_out_to(qt_pos) > SYNC_LAYOUT_CHARS:
            self._pending_scroll = (offset, above)
            self._layout_timer.start()
            return
        self._scroll_now(qt_pos, above)

    @property
    def scroll_pending(self) -> bool:
        """A scroll waits for the layout to reach its place (see :meth:`scroll_to_offset`)."""
        return self._pending_scroll is not None

    def _scroll_now(self, qt_pos: int, above: float) -> None:
        rect = self._rect_of(qt_pos)
        height = self.viewport().height()
        self._lay_out_below(qt_pos, rect.top() + height)
        bar = self.verticalScrollBar()
        target = max(0, int(rect.top() - 6 - above * height))
        if target > bar.maximum():  # the layout reports its new height on a later turn
            bar.setMaximum(target)
        bar.setValue(target)

    def _lay_out_below(self, qt_pos: int, bottom: float) -> None:
        """Lay out from ``qt_pos`` down to ``bottom`` (so the scroll bar can go there), not
        the whole rest of the document."""
        layout = self.document().documentLayout()
        block = self.document().findBlock(qt_pos)
        while block.isValid() and layout.blockBoundingRect(block).bottom() < bottom:
            block = block.next()

    def _laid_out_to(self, qt_pos: int) -> int:
        """How far (a Qt position) the layout has gone, or ``qt_pos`` once it got there."""
        block = self.document().findBlock(qt_pos)
        if block.layout().lineCount() > 0:
            return qt_pos
        assert self._rendered is not None
        mapping = self._rendered.mapping
        lo, hi = 0, len(mapping)
        while lo < hi:  # the first segment not laid out yet
            mid = (lo + hi) // 2
            if self._qt_block(mid).layout().lineCount() > 0:
                lo = mid + 1
            else:
                hi = mid
        return mapping.qt_block_start(max(lo - 1, 0)) if lo else 0

    def _continue_layout(self) -> None:
        """One slice of layout towards the pending scroll's place; scroll once it is there."""
        pending = self._pending_scroll
        if pending is None or self._rendered is None:
            return
        offset, above = pending
        qt_pos = self.qt_position(offset)
        layout = self.document().documentLayout()
        deadline = time.monotonic() + LAYOUT_SLICE_S
        reached = self._laid_out_to(qt_pos)
        while reached < qt_pos and time.monotonic() < deadline:
            reached = min(qt_pos, reached + LAYOUT_STEP_CHARS)
            layout.blockBoundingRect(self.document().findBlock(reached))
        if reached < qt_pos:
            self._layout_timer.start()
            return
        self._pending_scroll = None
        self._scroll_now(qt_pos, above)

    def _cancel_pending_scroll(self, _action: int = 0) -> None:
        self._pending_scroll = None

    def current_offset(self) -> int:
        """The canonical offset at the start of the top visible line (the reading position)."""
        if self._pending_scroll is not None:
            return self._pending_scroll[0]
        if self._rendered is None or not len(self._rendered.mapping):
            return 0
        mapping = self._rendered.mapping
        y = self.verticalScrollBar().value() + 2.0
        index = self._block_index_at(y)
        block = self._qt_block(index)
        rect = self.document().documentLayout().blockBoundingRect(block)
        if y > rect.bottom():
            if index + 1 < len(mapping):
                return mapping.block_span(index + 1)[0]
            return mapping.block_span(index)[1]
        text_layout = block.layout()
        for n in range(text_layout.lineCount()):
            line = text_layout.lineAt(n)
            if rect.top() + line.y() + line.height() > y:
                return self.canonical_offset(block.position() + line.textStart())
        return mapping.block_span(index)[0]

    def _qt_block(self, index: int) -> QTextBlock:
        """The QTextBlock of canonical block ``index``."""
        assert self._rendered is not None
        return self.document().findBlock(self._rendered.mapping.qt_block_start(index))

    def _block_index_at(self, y: float) -> int:
        """Index of the last canonical block whose top is at or above document ``y``.

        Only blocks already laid out are probed: the lazy layout proceeds from the top, and
        painting must not force the rest of the document. (cursorForPosition and hitTest get
        slower and slower on a half-laid-out document: they cost a reopen 40 ms.)
        """
        assert self._rendered is not None
        layout = self.document().documentLayout()
        lo, hi = 0, len(self._rendered.mapping)
        while lo < hi:
            mid = (lo + hi) // 2
            block = self._qt_block(mid)
            if block.layout().lineCount() > 0 and layout.blockBoundingRect(block).top() <= y:
                lo = mid + 1
            else:
                hi = mid
        return max(lo - 1, 0)

    def current_page(self) -> int | None:
        if self._document is None:
            return None
        return self._document.page_at(self.current_offset())

    def _rect_of(self, qt_pos: int) -> QRectF:
        """The rectangle of the line holding ``qt_pos``, in document coordinates."""
        block = self.document().findBlock(qt_pos)
        layout = self.document().documentLayout()
        block_rect = layout.blockBoundingRect(block)
        text_layout = block.layout()
        line = text_layout.lineForTextPosition(qt_pos - block.position())
        if not line.isValid():
            return block_rect
        top = block_rect.top() + line.y()
        return QRectF(block_rect.left() + line.x(), top, line.width(), line.height())

    def _reveal(self, offset: int) -> None:
        """Scroll ``offset`` into view (a third down) unless it is in view already."""
        qt_pos = self.qt_position(offset)
        if qt_pos - self._laid_out_to(qt_pos) > SYNC_LAYOUT_CHARS:
            self.scroll_to_offset(offset, above=1 / 3)
            return
        rect = self._rect_of(qt_pos)
        top, height = self.verticalScrollBar().value(), self.viewport().height()
        if rect.top() < top or rect.bottom() > top + height:
            self._scroll_now(qt_pos, above=1 / 3)

    # -- highlights and marks ------------------------------------------------------------

    def set_highlights(self, highlights: Iterable[tuple[int, int, int, str]]) -> None:
        """Paint ``(annotation_id, start, end, colour)`` highlights (colour name or #rrggbb)."""
        self._highlights = [Highlight(int(a), int(s), int(e), str(c)) for a, s, e, c in highlights]
        self._highlight_selections = [
            selection
            for h in self._highlights
            for selection in self._selections(
                h.start, h.end, colors.highlight_color(h.color, self._style.dark)
            )
        ]
        self._refresh_extra_selections()

    def highlights(self) -> list[Highlight]:
        return list(self._highlights)

    def mark_ranges(self, ranges: Sequence[tuple[int, int]]) -> None:
        """Mark search-term matches (a style distinct from every highlight colour)."""
        self._marks = [(int(s), int(e)) for s, e in ranges]
        color = colors.mark_color(self._style.dark)
        text = colors.mark_text_color(self._style.dark)
        self._mark_selections = [
            selection for s, e in self._marks for selection in self._selections(s, e, color, text)
        ]
        self._refresh_extra_selections()

    def highlight_at(self, qt_pos: int) -> int | None:
        """The annotation painted over the character at ``qt_pos`` (innermost first)."""
        if self._rendered is None or qt_pos < 0:
            return None
        offset = self.canonical_offset(qt_pos)
        found = [h for h in self._highlights if h.start <= offset < h.end]
        if not found:
            return None
        return min(found, key=lambda h: (h.end - h.start, -h.annotation_id)).annotation_id

    def _selections(
        self, start: int, end: int, color: QColor, text: QColor | None = None
    ) -> list[QTextEdit.ExtraSelection]:
        """One ExtraSelection per block segment: a selection never crosses a table cell."""
        if self._rendered is None:
            return []
        result = []
        fmt = QTextCharFormat()
        fmt.setBackground(color)
        if text is not None:
            fmt.setForeground(text)
        for qt_start, qt_end in self._rendered.mapping.block_segments(start, end):
            cursor = QTextCursor(self.document())
            cursor.setPosition(qt_start)
            cursor.setPosition(qt_end, QTextCursor.MoveMode.KeepAnchor)
            selection = QTextEdit.ExtraSelection()
            selection.cursor = cursor
            selection.format = fmt
            result.append(selection)
        return result

    def extra_selection_ranges(self) -> list[tuple[int, int]]:
        """Qt ranges of the painted highlight selections (for tests and debugging)."""
        return [
            (s.cursor.selectionStart(), s.cursor.selectionEnd()) for s in self._highlight_selections
        ]

    def _refresh_extra_selections(self) -> None:
        self.setExtraSelections(self._highlight_selections + self._mark_selections)

    # -- find ----------------------------------------------------------------------------

    def find(self, text: str, backward: bool = False) -> bool:  # type: ignore[override]
        """Select the next (or previous) match of ``text``, wrapping around; case-insensitive.

        Emits ``find_result(current, total)``.
        """
        matches = self._matches(text)
        if not matches:
            self.find_result.emit(0, 0)
            return False
        selection = self.canonical_range_of_selection()
        here = selection or (self.current_offset(),) * 2
        if backward:
            before = [i for i, (s, _) in enumerate(matches) if s < here[0]]
            index = before[-1] if before else len(matches) - 1
        else:
            after = [i for i, (s, _) in enumerate(matches) if s >= here[1] and s > here[0]]
            if selection is None:
                after = [i for i, (s, _) in enumerate(matches) if s >= here[0]]
            index = after[0] if after else 0
        self.select_range(*matches[index])
        self.find_result.emit(index + 1, len(matches))
        return True

    def find_count(self, text: str) -> int:
        return len(self._matches(text))

    def _matches(self, text: str) -> list[tuple[int, int]]:
        if not text or self._document is None:
            return []
        if self._find_cache is not None and self._find_cache[0] == text:
            return self._find_cache[1]
        pattern = re.compile(re.escape(text), re.IGNORECASE)
        matches = [(m.start(), m.end()) for m in pattern.finditer(self._document.text)]
        self._find_cache = (text, matches)
        return matches

    # -- typography ----------------------------------------------------------------------

    @property
    def font_kind(self) -> str:
        return self._font_kind

    def set_font_kind(self, kind: str) -> None:
        """``"serif"`` or ``"sans"`` for the body text."""
        self._font_kind = "sans" if kind == "sans" else "serif"
        self._apply_font(self.font().pointSizeF())

    @property
    def point_size(self) -> float:
        return self.font().pointSizeF()

    def zoom_in(self) -> None:
        self.set_point_size(self.point_size + 1.0)

    def zoom_out(self) -> None:
        self.set_point_size(self.point_size - 1.0)

    def zoom_reset(self) -> None:
        self.set_point_size(self._base_point_size)

    def set_point_size(self, size: float) -> None:
        self._apply_font(min(max(size, _MIN_POINT_SIZE), _MAX_POINT_SIZE))

    def _apply_font(self, size: float) -> None:
        offset = self.current_offset() if self._rendered else None
        font = QFont()
        font.setFamilies(SERIF_FAMILIES if self._font_kind == "serif" else SANS_FAMILIES)
        font.setStyleHint(
            QFont.StyleHint.Serif if self._font_kind == "serif" else QFont.StyleHint.SansSerif
        )
        font.setPointSizeF(size)
        self.setFont(font)  # QTextEdit passes it on as the document's default font
        if offset is not None and offset > 0:
            self.scroll_to_offset(offset)
        self.zoom_changed.emit(size)

    def _max_text_width(self) -> float:
        metrics = QFontMetricsF(self.font())
        return metrics.horizontalAdvance(_SAMPLE) / len(_SAMPLE) * MEASURE_CHARS

    def _update_margins(self, qt_document: QTextDocument | None = None) -> None:
        qt_document = qt_document or self.document()
        width = self.viewport().width()
        side = max(_MIN_SIDE_MARGIN, (width - self._max_text_width()) / 2)
        root = qt_document.rootFrame()
        fmt = root.frameFormat()
        if (
            abs(fmt.leftMargin() - side) < 0.5
            and abs(fmt.rightMargin() - side) < 0.5
            and fmt.topMargin() == _TOP_MARGIN
        ):
            return
        fmt.setLeftMargin(side)
        fmt.setRightMargin(side)
        fmt.setTopMargin(_TOP_MARGIN)
        fmt.setBottomMargin(_BOTTOM_MARGIN)
        root.setFrameFormat(fmt)

    def _install_actions(self) -> None:
        def add(
            name: str, keys: list[QKeySequence | QKeySequence.StandardKey], slot: Callable[[], None]
        ) -> QAction:
            action = QAction(name, self)
            sequences: list[QKeySequence] = []
            for key in keys:
                if isinstance(key, QKeySequence.StandardKey):
                    sequences.extend(QKeySequence.keyBindings(key))
                else:
                    sequences.append(key)
            unique = {key.toString(): key for key in sequences if not key.isEmpty()}
            action.setShortcuts(list(unique.values()))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.addAction(action)
            return action

        self.zoom_in_action = add(
            self.tr("Zoom In"),
            [QKeySequence("Ctrl+="), QKeySequence("Ctrl++"), QKeySequence.StandardKey.ZoomIn],
            self.zoom_in,
        )
        self.zoom_out_action = add(
            self.tr("Zoom Out"),
            [QKeySequence("Ctrl+-"), QKeySequence.StandardKey.ZoomOut],
            self.zoom_out,
        )
        self.zoom_reset_action = add(
            self.tr("Actual Size"), [QKeySequence("Ctrl+0")], self.zoom_reset
        )

    # -- Qt overrides --------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._update_margins()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._update_margins()

    def wheelEvent(self, event: QWheelEvent) -> None:
        self._pending_scroll = None
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            step = event.angleDelta().y()
            if step:
                self.zoom_in() if step > 0 else self.zoom_out()
            event.accept()
            return
        super().wheelEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        self._pending_scroll = None
        super().keyPressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton or self.textCursor().hasSelection():
            return
        point = event.position().toPoint()
        if self.anchorAt(point):
            return
        annotation_id = self.highlight_at(self.character_at(point))
        if annotation_id is not None:
            event.accept()  # the click was ours (QTextBrowser ignores one on plain text)
            self.highlight_clicked.emit(annotation_id)

    def createMimeDataFromSelection(self) -> QMimeData:
        """What a copy puts on the clipboard. The plain text is the canonical text when a
        long line is shown in pieces: a cut (a space) would otherwise copy as a line break."""
        mime = super().createMimeDataFromSelection()
        selection = self.canonical_range_of_selection()
        if self._rendered is None or not self._rendered.split or selection is None:
            return mime
        # Qt's own mime data fills in its plain text when it is read: copy it, then replace.
        copied = QMimeData()
        for name in mime.formats():
            copied.setData(name, mime.data(name))
        assert self._document is not None
        copied.setText(self._document.text[selection[0] : selection[1]])
        return copied

    def character_at(self, point: QPoint) -> int:
        """The Qt position of the character under viewport ``point``, or -1 off the text."""
        doc_point = QPointF(
            point.x() + self.horizontalScrollBar().value(),
            point.y() + self.verticalScrollBar().value(),
        )
        layout = self.document().documentLayout()
        if layout.hitTest(doc_point, Qt.HitTestAccuracy.ExactHit) < 0:
            return -1
        cursor = self.cursorForPosition(point)
        position = cursor.position()
        if point.x() < self.cursorRect(cursor).x() and position > 0:
            position -= 1  # the click was on the character before the cursor
        return position

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.createStandardContextMenu(event.pos())
        selection = self.canonical_range_of_selection()
        if selection is not None:
            first = _first_action(menu)
            highlight_menu = QMenu(self.tr("Highlight"), menu)
            for color in COLORS:
                action = highlight_menu.addAction(colors.swatch_icon(color), color.capitalize())
                action.triggered.connect(
                    lambda _=False, c=color: self.annotate_requested.emit(*selection, c)
                )
            note = QAction(self.tr("Highlight with Note…"), menu)
            note.triggered.connect(lambda: self.note_requested.emit(*selection))
            menu.insertMenu(first, highlight_menu)
            menu.insertAction(first, note)
            menu.insertSeparator(first)
        else:
            annotation_id = self.highlight_at(self.character_at(event.pos()))
            if annotation_id is not None:
                edit = QAction(self.tr("Edit Highlight…"), menu)
                edit.triggered.connect(lambda: self.highlight_clicked.emit(annotation_id))
                first = _first_action(menu)
                menu.insertAction(first, edit)
                menu.insertSeparator(first)
        menu.exec(event.globalPos())
        menu.deleteLater()

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._rendered is None:
            super().paintEvent(event)
            return
        blocks = self._visible_blocks()
        column = self._column()
        painter = QPainter(self.viewport())
        try:
            paint_code_boxes(painter, blocks, column, self._style)
        finally:
            painter.end()
        super().paintEvent(event)
        painter = QPainter(self.viewport())
        try:
            paint_decorations(painter, blocks, column, self._style, self.font())
        finally:
            painter.end()

    def _column(self) -> Column:
        """The text column in viewport coordinates."""
        root = self.document().rootFrame().frameFormat()
        dx = -self.horizontalScrollBar().value()
        width, height = self.viewport().width(), self.viewport().height()
        return Column(root.leftMargin() + dx, width - root.rightMargin() + dx, height)

    def _visible_blocks(self) -> list[VisibleBlock]:
        """The blocks in view, with their rectangles in viewport coordinates."""
        assert self._rendered is not None
        if not len(self._rendered.mapping):
            return []
        layout = self.document().documentLayout()
        dx = -self.horizontalScrollBar().value()
        dy = -self.verticalScrollBar().value()
        height = self.viewport().height()
        block = self._qt_block(self._block_index_at(-dy))
        result = []
        while block.isValid():
            rect = layout.blockBoundingRect(block).translated(dx, dy)
            if rect.top() > height:
                break
            result.append(VisibleBlock(block, rect, block_kind(block)))
            block = block.next()
        return result

    # -- slots ---------------------------------------------------------------------------

    def _on_anchor_clicked(self, url: QUrl) -> None:
        self.link_clicked.emit(url)
        if url.scheme().lower() in EXTERNAL_SCHEMES:
            QDesktopServices.openUrl(url)
        elif not url.scheme() and url.hasFragment():
            self._go_to_fragment(url.fragment())

    def _go_to_fragment(self, fragment: str) -> None:
        if self._document is None:
            return
        wanted = _slug(fragment)
        for heading in self._document.headings:
            if _slug(heading.title) == wanted:
                self.scroll_to_offset(heading.start)
                return

    def _on_selection_changed(self) -> None:
        if self._rendered is None:
            return
        selection = self.canonical_range_of_selection()
        if selection is None:
            here = self.canonical_offset(self.textCursor().position())
            selection = (here, here)
        if selection != self._last_emitted:
            self._last_emitted = selection
            self.selection_changed_canonical.emit(*selection)


def _slug(text: str) -> str:
    """Python-Markdown's toc slug (lowercase, punctuation dropped, spaces to hyphens)."""
    text = re.sub(r"[^\w\s-]", "", text.strip().lower())
    return re.sub(r"[-\s]+", "-", text)


def _first_action(menu: QMenu) -> QAction:
    """Where to insert at the top of ``menu``; an empty menu's null action appends."""
    actions = menu.actions()
    return actions[0] if actions else cast(QAction, None)
