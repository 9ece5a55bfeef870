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


# ---------------------------------------------------------------------- a saved file


def _pump(app, seconds: float) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.005)


def _wait(app, condition, timeout: float) -> bool:
    end = time.perf_counter() + timeout
    while time.perf_counter() < end:
        app.processEvents()
        if condition():
            return True
        time.sleep(0.005)
    return False


def saved_file(work_dir: str, n: int, repeat: int, seed: int, poll_s: float = 0.02) -> dict:
    """Seconds from saving a file in a watched folder to a library search finding its new
    word, with the real ``MainWindow`` (offscreen) open on ``n`` generated documents.

    Each round appends a paragraph with a word found nowhere else to one file (written in
    place, as an editor saves), then calls ``Library.search`` every ``poll_s`` while the
    window's event loop runs, until the word is found.
    """
    import random

    from PySide6.QtWidgets import QApplication

    from briefreader.core.library import Library
    from briefreader.core.models import SearchRequest
    from briefreader.gui.main_window import MainWindow
    from briefreader.gui.settings import Settings

    work = Path(work_dir)
    folder = work / "saved-docs"
    corpus = generate_corpus(folder, n, seed)
    library = Library.open(work / "saved-data")
    library.add_folders([folder])
    library.index()  # the library is built before the window opens, as on any later day
    app = QApplication.instance() or QApplication([])
    window = MainWindow(library, Settings.at_path(str(work / "saved-settings.ini")), [])
    window.resize(WIDTH, HEIGHT)
    window.show()
    indexer = window.controllers.indexer
    watching = _wait(app, lambda: indexer.watcher.watched_count() > 0 and not indexer.busy, 120)
    rng = random.Random(seed)
    times: list[float] = []
    missed = 0
    try:
        if not watching:
            raise RuntimeError("the window never watched the library folder")
        files = sorted(corpus.files)
        for round_no in range(repeat):
            _pump(app, 0.5)  # the watcher's and the index's quiet state
            word = "zq" + "".join(rng.choice("bcdfghjklmnpvw") for _ in range(8))
            path = rng.choice(files)
            text = path.read_text(encoding="utf-8")
            saved = time.perf_counter()
            path.write_text(text + f"\n\nRevision {round_no}: {word} agreed.\n", encoding="utf-8")
            request = SearchRequest(text=word, page_size=1)
            last = [0.0]

            def found(request=request, last=last) -> bool:
                now = time.perf_counter()
                if now - last[0] < poll_s:
                    return False
                last[0] = now
                return bool(library.search(request).hits)

            if _wait(app, found, 30):
                times.append(time.perf_counter() - saved)
            else:
                missed += 1
            _wait(app, lambda: not indexer.busy, 60)
    finally:
        window.close()
        app.processEvents()
        library.close()
    return {"times": times, "missed": missed, "documents": n}
