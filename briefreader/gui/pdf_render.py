"""The page view's render thread: one worker that draws the pages the view wants, newest
request first, PDFium under its process-wide lock, and hands back QImages."""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, QThread, Signal
from PySide6.QtGui import QImage

if TYPE_CHECKING:
    from briefreader.core.formats.pdfium import RenderedPage

log = logging.getLogger(__name__)

IDLE_EXIT_S = 2.0  # the thread ends after this long without work (and starts again when asked)


class PageSource(Protocol):
    """What the page view draws: ``PdfPages`` (pages only) or a ``PdfLayout``."""

    @property
    def page_count(self) -> int: ...

    def page_size(self, page: int) -> tuple[float, float]: ...

    def render_page(self, page: int, scale: float) -> RenderedPage: ...


class PageRenderer(QThread):
    """Renders ``(page, scale)`` jobs of one source; ``rendered`` arrives on the GUI thread.

    ``want(jobs)`` replaces what is still to do (pages scrolled away are never drawn);
    ``stop()`` ends the thread (call it before closing the source). An idle thread ends by
    itself, so a view that is simply deleted leaves no thread running.
    """

    rendered = Signal(int, int, float, QImage)  # generation, page, scale, image

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._condition = threading.Condition()
        self._jobs: list[tuple[int, PageSource, int, float]] = []
        self._stopping = False
        self._alive = False  # run() is going (or about to): guarded by the condition

    def want(self, generation: int, source: PageSource, jobs: list[tuple[int, float]]) -> None:
        """Draw these ``(page, scale)`` jobs, the first one first, and forget earlier ones."""
        with self._condition:
            if self._stopping:
                return
            self._jobs = [(generation, source, page, scale) for page, scale in reversed(jobs)]
            self._condition.notify()
            start = bool(self._jobs) and not self._alive
            if start:
                self._alive = True
        if start:
            self.wait()  # a thread that just went idle is finishing: let it end first
            self.start()

    def stop(self) -> None:
        with self._condition:
            self._stopping = True
            self._jobs = []
            self._condition.notify()
        self.wait()

    def run(self) -> None:
        while True:
            with self._condition:
                if not self._jobs and not self._stopping:
                    self._condition.wait(IDLE_EXIT_S)
                if self._stopping or not self._jobs:
                    self._alive = False
                    return
                generation, source, page, scale = self._jobs.pop()
            try:
                page_image = source.render_page(page, scale)
            except Exception as error:  # a page PDFium cannot draw stays a placeholder
                log.info("page %d not rendered: %s", page, error)
                continue
            image = QImage(
                page_image.data,
                page_image.width,
                page_image.height,
                page_image.stride,
                QImage.Format.Format_RGB32,
            ).copy()  # own the pixels: the bytes object goes away
            self.rendered.emit(generation, page, scale, image)
