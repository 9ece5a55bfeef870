"""A PDF shown as its pages: continuous vertical scroll, zoom, highlights and search hits
drawn over the characters they cover, text selection in canonical offsets.

Pages render on one worker thread (``pdf_render.PageRenderer``); only pages near the
viewport are kept, and a page not yet drawn shows as a blank sheet. The view shows a
``PageSource`` at once (``set_pages``: page sizes and rendering need no text) and does
everything about text through a ``core`` ``PdfLayout`` (canonical offsets <-> boxes in
points) once it is attached (``attach_layout``): until then nothing can be selected, and
highlights and hits wait. Offsets here are the Document's canonical offsets. Boxes of
highlights and hits are worked out per page when the page is first drawn.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QGuiApplication,
    QImage,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QAbstractScrollArea, QMenu, QWidget

from briefreader.core.models import COLORS
from briefreader.gui.colors import highlight_color, mark_color, swatch_icon
from briefreader.gui.pdf_render import PageRenderer

if TYPE_CHECKING:
    from briefreader.core.formats.pdf_pages import PdfLayout
    from briefreader.gui.pdf_render import PageSource

GAP = 12  # pixels between pages
MARGIN = 16  # pixels around the pages
MIN_ZOOM, MAX_ZOOM, ZOOM_STEP = 0.25, 6.0, 1.25
_BACKGROUND = {False: QColor("#d9dbde"), True: QColor("#2b2d31")}
_SELECTION = QColor(60, 120, 220, 90)
_DIM = QColor(0, 0, 0, 38)
_HIT_PEN = QColor(230, 120, 0)
_DRAG_PIXELS = 4
READING_LINE = 1 / 3  # the height of the viewport where "the current line" is


@dataclass
class _PageMarks:
    """The boxes drawn over one page, in points (worked out when the page is first drawn)."""

    highlights: list[tuple[QRectF, QColor, object]] = field(default_factory=list)
    hits: list[QRectF] = field(default_factory=list)


class PdfPageView(QAbstractScrollArea):
    """The pages of one PDF. Offsets are canonical offsets of the Document's text."""

    selection_changed = Signal(int, int)  # canonical start, end (end exclusive); 0, 0: none
    highlight_clicked = Signal(object)  # the id given with set_highlights
    page_changed = Signal(int, int)  # current page (1-based), page count
    zoom_changed = Signal(float)
    annotate_requested = Signal(int, int, str)  # start, end, colour (the context menu)
    note_requested = Signal(int, int)  # start, end: highlight and open the note editor

    def __init__(self, parent: QWidget | None = None, *, dark: bool = False, cache: int = 8):
        super().__init__(parent)
        self._source: PageSource | None = None
        self._layout: PdfLayout | None = None
        self._owned: PdfLayout | None = None  # a layout the view opened itself (and closes)
        self._zoom = 1.0
        self._fit = False  # keep the widest page as wide as the viewport
        self._dark = dark
        self._cache_size = max(2, cache)
        self._images: dict[int, tuple[float, QImage]] = {}  # page -> (scale, image)
        self._tops: list[float] = []  # top of each page in document pixels (zoom 1 units)
        self._sizes: list[tuple[float, float]] = []  # page sizes in points
        self._generation = 0
        self._renderer: PageRenderer | None = None
        self._highlights: list[tuple[int, int, str, object]] = []
        self._hits: list[tuple[int, int]] = []
        self._marks: dict[int, _PageMarks] = {}
        self._selection: tuple[int, int] | None = None
        self._selection_boxes: dict[int, list[QRectF]] = {}
        self._anchor: int | None = None
        self._press: QPointF | None = None
        self._current = 0
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.viewport().setMouseTracking(False)
        self.viewport().setCursor(Qt.CursorShape.IBeamCursor)
        self.verticalScrollBar().valueChanged.connect(self._schedule)
        self.horizontalScrollBar().valueChanged.connect(self._schedule)

    # -- document ------------------------------------------------------------------------

    def set_pages(self, source: PageSource, layout: PdfLayout | None = None) -> None:
        """Show the pages of ``source`` from the top; text follows with ``attach_layout``."""
        self.clear()
        self._source = source
        self._sizes = [source.page_size(page) for page in range(1, source.page_count + 1)]
        self._renderer = PageRenderer(self)
        self._renderer.rendered.connect(self._rendered)
        if self._fit:
            self._zoom = self._fit_zoom()
        self._relayout()
        self.verticalScrollBar().setValue(0)
        self._current = 0
        self._schedule()
        if layout is not None:
            self.attach_layout(layout)

    def attach_layout(self, layout: PdfLayout) -> None:
        """Map text to the pages shown (the layout of the same file): selection, highlights
        and hits given before are drawn now."""
        self._layout = layout
        self._marks = {}
        if self._selection:
            self._set_selection(*self._selection, notify=False)
        self.viewport().update()

    def set_document(self, path: Path | str, layout: PdfLayout | None = None) -> None:
        """Show the PDF at ``path`` with its text. Pass the ``PdfLayout`` opened off the GUI
        thread for a large file; without one it is opened here (and closed by the view)."""
        if layout is None:
            from briefreader.core.formats.pdf_pages import PdfLayout

            layout = PdfLayout.open(path)
            self.set_pages(layout, layout)
            self._owned = layout
        else:
            self.set_pages(layout, layout)

    def clear(self) -> None:
        """Show nothing; stop rendering and let go of the pages (closed if the view's)."""
        if self._renderer is not None:
            self._renderer.stop()
            self._renderer.deleteLater()
            self._renderer = None
        if self._owned is not None:
            self._owned.close()
        self._source = self._layout = self._owned = None
        self._generation += 1
        self._images.clear()
        self._highlights, self._hits, self._marks = [], [], {}
        self._selection, self._selection_boxes = None, {}
        self._sizes, self._tops = [], []
        self._relayout()
        self.viewport().update()

    def pdf_layout(self) -> PdfLayout | None:
        return self._layout

    def closeEvent(self, event: object) -> None:
        self.clear()
        super().closeEvent(event)  # type: ignore[arg-type]

    @property
    def page_count(self) -> int:
        return len(self._sizes)

    @property
    def current_page(self) -> int:
        """The 1-based page at the reading line (0 without a document)."""
        return self._current

    # -- zoom and position ---------------------------------------------------------------

    @property
    def zoom(self) -> float:
        """Pixels per PDF point (1.0 shows a page at 72 dpi)."""
        return self._zoom

    @property
    def fits_width(self) -> bool:
        return self._fit

    def set_zoom(self, zoom: float) -> None:
        self._fit = False
        self._apply_zoom(zoom)

    def _apply_zoom(self, zoom: float) -> None:
        zoom = min(MAX_ZOOM, max(MIN_ZOOM, zoom))
        if abs(zoom - self._zoom) < 1e-6:
            return
        anchor = self._anchor_point()
        self._zoom = zoom
        self._relayout()
        if anchor is not None:
            self._scroll_to_point(*anchor)
        self._schedule()
        self.zoom_changed.emit(zoom)

    def zoom_in(self) -> None:
        self.set_zoom(self._zoom * ZOOM_STEP)

    def zoom_out(self) -> None:
        self.set_zoom(self._zoom / ZOOM_STEP)

    def fit_width(self) -> None:
        """Zoom so that the widest page fills the viewport's width, and keep it so."""
        self._fit = True
        if self._sizes:
            self._apply_zoom(self._fit_zoom())

    def _fit_zoom(self) -> float:
        widest = max((width for width, _height in self._sizes), default=0.0)
        if widest <= 0:
            return self._zoom
        return (self.viewport().width() - 2 * MARGIN) / widest

    def go_to_page(self, page: int) -> None:
        if self._sizes:
            page = min(max(page, 1), len(self._sizes))
            self.verticalScrollBar().setValue(round(self._tops[page - 1] * self._zoom))

    def scroll_to_offset(self, offset: int, above: float = READING_LINE) -> None:
        """Bring the line holding canonical ``offset`` to ``above`` of the viewport's height
        (without the text yet: nothing happens)."""
        if self._layout is None:
            return
        found = self._layout.line_box(offset)
        if found is not None:
            page, (_x0, y0, _x1, _y1) = found
            self._scroll_to_point(page, y0, above)

    def current_offset(self, above: float = READING_LINE) -> int | None:
        """The canonical offset of the line at ``above`` of the viewport's height (None
        without the text); ``scroll_to_offset`` of it shows the same place."""
        found = self.from_viewport(QPointF(self.viewport().width() / 2, self._line_y(above)))
        if found is None or self._layout is None:
            return None
        return self._layout.offset_near(found[0], found[2])

    def _line_y(self, above: float) -> float:
        return self.viewport().height() * above

    def _scroll_to_point(self, page: int, y: float, above: float = READING_LINE) -> None:
        top = (self._tops[page - 1] + MARGIN / self._zoom) * self._zoom + y * self._zoom
        self.verticalScrollBar().setValue(round(top - self._line_y(above)))

    def _anchor_point(self) -> tuple[int, float] | None:
        found = self.from_viewport(QPointF(self.viewport().width() / 2, 0))
        if found is None:
            return None
        return found[0], found[2] + self._line_y(READING_LINE) / self._zoom

    # -- highlights, hits, selection -----------------------------------------------------

    def set_highlights(self, highlights: Iterable[tuple[int, int, str, object]]) -> None:
        """Highlights as ``(start, end, color, id)`` in canonical offsets."""
        self._highlights = sorted(highlights, key=lambda h: (h[0], h[1]))
        self._marks = {}
        self.viewport().update()

    def mark_hits(self, ranges: Iterable[tuple[int, int]]) -> None:
        """Search hits as canonical ``(start, end)`` ranges (drawn apart from highlights)."""
        self._hits = sorted(ranges)
        self._marks = {}
        self.viewport().update()

    def hit_rects(self, page: int) -> list[QRectF]:
        """Viewport rectangles of the hits marked on ``page`` (for tests and diagnostics)."""
        return [self._on_page(page, box) for box in self._page_marks(page).hits]

    def highlight_rects(self, page: int) -> list[tuple[QRectF, object]]:
        """Viewport rectangles of the highlights drawn on ``page``, with their ids."""
        return [(self._on_page(page, b), i) for b, _c, i in self._page_marks(page).highlights]

    def _page_marks(self, page: int) -> _PageMarks:
        marks = self._marks.get(page)
        if marks is None:
            marks = self._marks[page] = _PageMarks()
            layout = self._layout
            if layout is not None and page <= len(self._sizes):
                first, last = layout.page_span(page)
                for start, end, color, ident in self._highlights:
                    if start < last and end > first:
                        fill = highlight_color(color)  # the page is white in either theme
                        for _page, box in layout.boxes(max(start, first), min(end, last)):
                            marks.highlights.append((_rect(box), fill, ident))
                for start, end in self._hits:
                    if start >= last or end <= first:
                        continue
                    for _page, box in layout.boxes(max(start, first), min(end, last)):
                        marks.hits.append(_rect(box))
        return marks

    def selection(self) -> tuple[int, int] | None:
        return self._selection

    def set_selection(self, start: int, end: int) -> None:
        self._set_selection(start, end, notify=False)

    def clear_selection(self) -> None:
        self._set_selection(0, 0)

    def _set_selection(self, start: int, end: int, *, notify: bool = True) -> None:
        start, end = min(start, end), max(start, end)
        had = self._selection is not None
        self._selection = (start, end) if end > start else None
        self._selection_boxes = {}
        if self._selection and self._layout is not None:
            for page, box in self._layout.boxes(start, end):
                self._selection_boxes.setdefault(page, []).append(_rect(box))
        self.viewport().update()
        if notify and had and self._selection is None:
            self.selection_changed.emit(0, 0)

    def selected_text(self) -> str:
        if self._selection is None or self._layout is None:
            return ""
        return self._layout.text[self._selection[0] : self._selection[1]]

    def selection_rect(self) -> QRect | None:
        """The viewport rectangle from the selection's first to its last box (None when
        nothing is selected or none of it is in view)."""
        if self._selection is None:
            return None
        rects = self.range_rects(*self._selection)
        visible = [r for r in rects if r.intersects(QRectF(self.viewport().rect()))]
        if not visible:
            return None
        first, last = visible[0], visible[-1]
        return first.united(last).toAlignedRect()

    def set_dark(self, dark: bool) -> None:
        """Dark or light surroundings (the pages stay as the PDF draws them)."""
        self._dark = dark
        self.viewport().update()

    # -- geometry ------------------------------------------------------------------------

    def page_rect(self, page: int) -> QRectF:
        """Where ``page`` (1-based) is drawn, in viewport pixels."""
        width, height = self._sizes[page - 1]
        z = self._zoom
        content = self._content_width()
        x = (content - width * z) / 2 - self.horizontalScrollBar().value()
        y = self._tops[page - 1] * z + MARGIN - self.verticalScrollBar().value()
        return QRectF(x, y, width * z, height * z)

    def to_viewport(self, page: int, x: float, y: float) -> QPointF:
        """A point of ``page`` in PDF points (origin top-left) in viewport pixels."""
        rect = self.page_rect(page)
        return QPointF(rect.x() + x * self._zoom, rect.y() + y * self._zoom)

    def from_viewport(self, point: QPointF) -> tuple[int, float, float] | None:
        """The page under a viewport point (or the nearest one) and the point in points."""
        if not self._sizes:
            return None
        y = (point.y() + self.verticalScrollBar().value() - MARGIN) / self._zoom
        index = max(0, bisect.bisect_right(self._tops, y) - 1)
        rect = self.page_rect(index + 1)
        return (
            index + 1,
            (point.x() - rect.x()) / self._zoom,
            (point.y() - rect.y()) / self._zoom,
        )

    def range_rects(self, start: int, end: int) -> list[QRectF]:
        """Viewport rectangles of canonical ``[start, end)`` (what a highlight would cover)."""
        if self._layout is None:
            return []
        return [self._on_page(page, _rect(box)) for page, box in self._layout.boxes(start, end)]

    def _on_page(self, page: int, box: QRectF) -> QRectF:
        rect = self.page_rect(page)
        z = self._zoom
        return QRectF(
            rect.x() + box.x() * z, rect.y() + box.y() * z, box.width() * z, box.height() * z
        )

    def _content_width(self) -> float:
        widest = max((width for width, _height in self._sizes), default=0.0)
        return max(float(self.viewport().width()), widest * self._zoom + 2 * MARGIN)

    def _relayout(self) -> None:
        """Page tops (in points) and the scroll ranges for the current zoom."""
        tops, y = [], 0.0
        for _width, height in self._sizes:
            tops.append(y)
            y += height + GAP / self._zoom
        self._tops = tops
        total = y * self._zoom + 2 * MARGIN - (GAP if tops else 0)
        viewport = self.viewport()
        self.verticalScrollBar().setRange(0, max(0, round(total - viewport.height())))
        self.verticalScrollBar().setPageStep(viewport.height())
        self.verticalScrollBar().setSingleStep(40)
        extra = self._content_width() - viewport.width()
        self.horizontalScrollBar().setRange(0, max(0, round(extra)))
        self.horizontalScrollBar().setPageStep(viewport.width())
        self.viewport().update()

    def _visible_pages(self) -> list[int]:
        if not self._sizes:
            return []
        top = self.from_viewport(QPointF(0, 0))
        bottom = self.from_viewport(QPointF(0, self.viewport().height()))
        assert top is not None and bottom is not None
        return list(range(top[0], bottom[0] + 1))

    # -- rendering -----------------------------------------------------------------------

    def _render_scale(self) -> float:
        return self._zoom * self.devicePixelRatioF()

    def _schedule(self) -> None:
        """Ask for the visible pages (and one either side) at the current zoom, drop images
        of pages far away, and say when the current page changed."""
        if self._source is None or self._renderer is None:
            return
        visible = self._visible_pages()
        current = self.from_viewport(QPointF(0, self._line_y(READING_LINE)))
        if current is not None and current[0] != self._current:
            self._current = current[0]
            self.page_changed.emit(self._current, len(self._sizes))
        wanted = [*visible, visible[0] - 1, visible[-1] + 1] if visible else []
        wanted = [page for page in wanted if 1 <= page <= len(self._sizes)]
        scale = self._render_scale()
        jobs = [
            (page, scale)
            for page in wanted
            if page not in self._images or abs(self._images[page][0] - scale) > 1e-6
        ]
        self._renderer.want(self._generation, self._source, jobs)
        keep = set(wanted)
        if len(self._images) > self._cache_size:
            middle = visible[len(visible) // 2] if visible else 1
            far = sorted(
                (page for page in self._images if page not in keep),
                key=lambda page: -abs(page - middle),
            )
            for page in far[: len(self._images) - self._cache_size]:
                del self._images[page]
        self.viewport().update()

    def _rendered(self, generation: int, page: int, scale: float, image: QImage) -> None:
        if generation != self._generation:
            return
        image.setDevicePixelRatio(scale / self._zoom if self._zoom else 1.0)
        self._images[page] = (scale, image)
        self._schedule()

    def rendered_pages(self) -> list[int]:
        """Pages whose images are held now (for tests and diagnostics)."""
        return sorted(self._images)

    # -- Qt events -----------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self.viewport())
        painter.fillRect(self.viewport().rect(), _BACKGROUND[self._dark])
        for page in self._visible_pages():
            rect = self.page_rect(page)
            painter.fillRect(rect, Qt.GlobalColor.white)
            held = self._images.get(page)
            if held is not None:
                painter.drawImage(rect, held[1])
                if self._dark:  # a page as printed, a little dimmed beside the dark panes
                    painter.fillRect(rect, _DIM)
            else:
                painter.setPen(QColor("#9a9a9a"))
                painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, f"Page {page}")
            self._paint_marks(painter, page)
        painter.end()

    def _paint_marks(self, painter: QPainter, page: int) -> None:
        marks = self._page_marks(page)
        painter.setPen(Qt.PenStyle.NoPen)
        # Multiplied over the white page: the print under a highlight stays black.
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Multiply)
        for box, fill, _ident in marks.highlights:
            painter.fillRect(self._on_page(page, box), fill)
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
        if marks.hits:
            fill = mark_color()
            fill.setAlpha(70)
            painter.setPen(QPen(_HIT_PEN, 1.5))
            for box in marks.hits:
                rect = self._on_page(page, box)
                painter.fillRect(rect, fill)
                painter.drawRect(rect)
            painter.setPen(Qt.PenStyle.NoPen)
        for box in self._selection_boxes.get(page, ()):
            painter.fillRect(self._on_page(page, box), _SELECTION)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._fit and self._sizes:
            self._apply_zoom(self._fit_zoom())
        self._relayout()
        self._schedule()

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            (self.zoom_in if event.angleDelta().y() > 0 else self.zoom_out)()
            event.accept()
            return
        super().wheelEvent(event)

    def copy(self) -> None:
        if self.selected_text():
            QGuiApplication.clipboard().setText(self.selected_text())

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.context_menu(QPointF(event.pos()))
        menu.exec(event.globalPos())
        menu.deleteLater()

    def context_menu(self, point: QPointF) -> QMenu:
        """Highlight or copy the selection, edit the highlight at ``point``, zoom."""
        menu = QMenu(self)
        selection = self._selection
        if selection is not None:
            colours = menu.addMenu("Highlight")
            for color in COLORS:
                chosen = colours.addAction(swatch_icon(color), color.capitalize())
                chosen.triggered.connect(partial(self.annotate_requested.emit, *selection, color))
            menu.addAction("Highlight with Note…", partial(self.note_requested.emit, *selection))
            menu.addAction("Copy", self.copy)
        else:
            ident = self._highlight_at(point)
            if ident is not None:
                menu.addAction("Edit Highlight…", partial(self.highlight_clicked.emit, ident))
        if not menu.isEmpty():
            menu.addSeparator()
        menu.addAction("Zoom In", self.zoom_in)
        menu.addAction("Zoom Out", self.zoom_out)
        menu.addAction("Fit Width", self.fit_width)
        return menu

    def keyPressEvent(self, event: QKeyEvent) -> None:
        bar = self.verticalScrollBar()
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy()
        elif event.key() == Qt.Key.Key_Home:
            bar.setValue(bar.minimum())
        elif event.key() == Qt.Key.Key_End:
            bar.setValue(bar.maximum())
        elif event.key() == Qt.Key.Key_Space:
            step = -bar.pageStep() if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 0
            bar.setValue(bar.value() + (step or bar.pageStep()))
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self._layout is None:
            return super().mousePressEvent(event)
        self._press = event.position()
        self._anchor = self._caret(event.position())
        return None

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._press is None or self._anchor is None:
            return super().mouseMoveEvent(event)
        if (event.position() - self._press).manhattanLength() < _DRAG_PIXELS:
            return None
        caret = self._caret(event.position())
        if caret is not None:
            self._set_selection(self._anchor, caret, notify=False)
        return None

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._press is None:
            return super().mouseReleaseEvent(event)
        dragged = (event.position() - self._press).manhattanLength() >= _DRAG_PIXELS
        self._press = None
        if dragged and self._selection:
            self.selection_changed.emit(*self._selection)
        elif not dragged:
            ident = self._highlight_at(event.position())
            if ident is not None:
                self.highlight_clicked.emit(ident)
            elif self._selection:
                self.clear_selection()
        return None

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        found = self.from_viewport(event.position())
        if self._layout is None or found is None:
            return super().mouseDoubleClickEvent(event)
        word = self._layout.word_at(*found)
        if word is not None:
            self._set_selection(*word, notify=False)
            self.selection_changed.emit(*word)
        self._press = None
        return None

    def _caret(self, point: QPointF) -> int | None:
        found = self.from_viewport(point)
        if found is None or self._layout is None:
            return None
        return self._layout.caret_at(*found)

    def _highlight_at(self, point: QPointF) -> object | None:
        found = self.from_viewport(point)
        if found is None:
            return None
        page = found[0]
        for box, _fill, ident in self._page_marks(page).highlights:
            if self._on_page(page, box).contains(point):
                return ident
        return None


def _rect(box: tuple[float, float, float, float]) -> QRectF:
    x0, y0, x1, y1 = box
    return QRectF(x0, y0, x1 - x0, y1 - y0)
