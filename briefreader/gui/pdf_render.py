"""The page view's render thread: one worker that draws the pages the view wants, newest
request first, PDFium under its process-wide lock, and hands back QImages."""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QObject, QThread, Signal
from PySide6.QtGui import QImage

from briefreader.core.formats.pdf_pages import PdfLayout

log = logging.getLogger(__name__)


class PageRenderer(QThread):
    """Renders ``(page, scale)`` jobs of one layout; ``rendered`` arrives on the GUI thread.

    ``want(jobs)`` replaces what is still to do (pages scrolled away are never drawn);
    ``stop()`` ends the thread (call it before closing the layout).
    """

    rendered = Signal(int, int, float, QImage)  # generation, page, scale, image

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._condition = threading.Condition()
        self._jobs: list[tuple[int, PdfLayout, int, float]] = []
        self._stopping = False

    def want(self, generation: int, layout: PdfLayout, jobs: list[tuple[int, float]]) -> None:
        """Draw these ``(page, scale)`` jobs, the first one first, and forget earlier ones."""
        with self._condition:
            self._jobs = [(generation, layout, page, scale) for page, scale in reversed(jobs)]
            self._condition.notify()
        if not self.isRunning():
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
                while not self._jobs and not self._stopping:
                    self._condition.wait()
                if self._stopping:
                    return
                generation, layout, page, scale = self._jobs.pop()
            try:
                page_image = layout.render_page(page, scale)
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
