"""Search as you type in the real window (run inside a worker, Qt offscreen).

A ``MainWindow`` is opened on a built library (no indexing). Each query is typed into the
search field one key at a time with ``QTest.keyClick``, with gaps drawn around ``gap_ms``
(a fixed seed) during which the event loop runs as usual: debounced searches start,
finish and show while the rest is typed. The latency of a query is the time from its last
keystroke to the moment the results list shows that query's results and has repainted.
Between queries the field is cleared and the window left idle.
"""

from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path

# Words an analyst types, as typed (the last word is unfinished while typing).
TYPED_QUERIES = (
    "export controls",
    "entity list",
    "semiconductors",
    "critical minerals",
    "section 301 tariffs",
    "foreign direct product rule",
    "sanctions russia",
    "supply chain",
    "outbound investment",
    "forced labor",
    "rare earth",
    "countervailing duties",
    "polysilicon",
    "connected vehicles",
    "quantum computing",
    "licensing policy",
)
QUICK_QUERIES = 3
TIMEOUT_S = 30.0


def typing_latency(data_dir: str, queries: list[str], gap_ms: float, seed: int) -> dict:
    """Milliseconds from the last keystroke to the final query's results, per query."""
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from briefreader.core.library import Library
    from briefreader.gui.main_window import MainWindow
    from briefreader.gui.settings import Settings

    app = QApplication.instance() or QApplication([])
    rng = random.Random(seed)
    library = Library.open(Path(data_dir))
    with tempfile.TemporaryDirectory(prefix="bench-typing-") as tmp:
        settings = Settings.at_path(str(Path(tmp) / "settings.ini"))
        window = MainWindow(library, settings, [], start_indexing=False)
        window.resize(1400, 900)
        window.show()
        panel = window.panes.search_panel
        shown: list[tuple[str, float]] = []
        original = panel.show_results

        def show_results(request, results) -> None:  # type: ignore[no-untyped-def]
            original(request, results)
            if panel.is_current(request):
                panel.document_list.viewport().repaint()
                shown.append((request.text, time.perf_counter()))

        panel.show_results = show_results  # type: ignore[method-assign]
        _idle(app, 0.5)
        latencies: list[float] = []
        searches: list[int] = []
        timeouts = 0
        for text in ["", *queries]:  # the first, untimed, warms the window up
            panel.field.setFocus()
            panel.field.clear()
            panel.clear_results()
            _idle(app, 0.3)
            shown.clear()
            last_key = time.perf_counter()
            for i, char in enumerate(text or "tariffs"):
                if i:
                    _idle(app, max(0.02, rng.gauss(gap_ms, gap_ms * 0.3)) / 1000)
                QTest.keyClick(panel.field, char)
                last_key = time.perf_counter()
            final = text or "tariffs"
            deadline = last_key + TIMEOUT_S
            while not any(t == final for t, _at in shown) and time.perf_counter() < deadline:
                app.processEvents()
                time.sleep(0.0005)
            done = next((at for t, at in shown if t == final), None)
            if not text:
                continue
            if done is None:
                timeouts += 1
                continue
            latencies.append((done - last_key) * 1000)
            searches.append(len(shown))
        panel.field.clear()
        window.close()
        app.processEvents()
    library.close()
    return {"latencies_ms": latencies, "shown_per_query": searches, "timeouts": timeouts}


def _idle(app, seconds: float) -> None:  # type: ignore[no-untyped-def]
    """Run the event loop for ``seconds`` (timers fire, results arrive)."""
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.001)
