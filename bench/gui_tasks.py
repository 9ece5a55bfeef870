"""Opening a 200 KB Markdown briefing in the reader (run inside a worker, Qt offscreen).

An "open" ends when the widget has its content and one synchronous repaint of its viewport
has run (``viewport().repaint()`` then ``processEvents()``), so lazy layout cannot hide work.

- Baseline, from scratch every time: read the file, ``markdown.markdown(extra)``,
  ``QTextBrowser.setHtml``; one warm-up open, then ``repeat`` timed opens.
- App: ``Library.document(doc_id)`` then ``ReaderView.set_document(doc)``. First open: the
  first time in this process (file loaded and parsed, document built). Reopen: after
  showing another document, the same document again (what the app caches may be reused).
"""

from __future__ import annotations

import time
from pathlib import Path

from bench.generator import generate_corpus, large_markdown

WIDTH, HEIGHT = 1000, 800


def _settle(app, widget) -> None:
    widget.viewport().repaint()
    app.processEvents()


def _baseline(app, path: Path, repeat: int) -> list[float]:
    import markdown
    from PySide6.QtWidgets import QTextBrowser

    browser = QTextBrowser()
    browser.resize(WIDTH, HEIGHT)
    browser.show()
    app.processEvents()
    times = []
    for i in range(repeat + 1):
        start = time.perf_counter()
        html = markdown.markdown(path.read_text(encoding="utf-8"), extensions=["extra"])
        browser.setHtml(html)
        _settle(app, browser)
        if i:
            times.append(time.perf_counter() - start)
    browser.close()
    return times


def _app(app, folder: Path, big: Path, data_dir: Path, repeat: int) -> dict:
    from briefreader.core.library import Library
    from briefreader.gui.reader_view import ReaderView

    lib = Library.open(data_dir)
    lib.add_folders([folder])
    lib.index()
    big_id = lib.record_for_path(big).doc_id
    other = next(r.doc_id for r in lib.documents() if r.doc_id != big_id)
    view = ReaderView()
    view.resize(WIDTH, HEIGHT)
    view.show()
    app.processEvents()

    start = time.perf_counter()
    view.set_document(lib.document(big_id))
    _settle(app, view)
    first = time.perf_counter() - start

    reopen = []
    for _ in range(repeat):
        view.set_document(lib.document(other))
        _settle(app, view)
        start = time.perf_counter()
        view.set_document(lib.document(big_id))
        _settle(app, view)
        reopen.append(time.perf_counter() - start)
    view.close()
    lib.close()
    return {"first_open": first, "reopen": reopen}


def reader(work_dir: str, size: int, repeat: int, seed: int, app_side: bool = True) -> dict:
    from PySide6.QtWidgets import QApplication

    work = Path(work_dir)
    folder = work / "reader-docs"
    generate_corpus(folder, 3, seed)
    big = folder / "big-briefing.md"
    big.write_text(large_markdown(size, seed), encoding="utf-8")
    app = QApplication.instance() or QApplication([])
    result: dict = {"bytes": big.stat().st_size, "baseline": _baseline(app, big, repeat)}
    if app_side:
        try:
            result["app"] = _app(app, folder, big, work / "reader-data", repeat)
        except Exception as error:
            result["app_error"] = f"{type(error).__name__}: {error}"[:300]
    return result
