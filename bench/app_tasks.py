"""The app's side of each figure, through its public API only (run inside a worker).

``briefreader.core.library.Library`` (open, add_folders, index, search, close) and
``briefreader.core.anchoring`` (make_anchor, resolve_many). Imports are lazy so a missing
module becomes a recorded error, not a crash of the run.
"""

from __future__ import annotations

import gc
import threading
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from bench.queries import time_queries
from bench.rss import current_rss_mb


def _library():
    from briefreader.core.library import Library

    return Library


def app_build(corpus: str, data_dir: str) -> dict:
    """Fresh library: open + add_folders + index() + close, timed together."""
    library_cls = _library()
    start = time.perf_counter()
    lib = library_cls.open(Path(data_dir))
    lib.add_folders([Path(corpus)])
    report = lib.index()
    lib.close()
    seconds = time.perf_counter() - start
    return {
        "seconds": seconds,
        "docs": report.added,
        "skipped": len(report.skipped),
        "messages": list(report.messages)[:5],
    }


def app_first_results(
    corpus: str, data_dir: str, term: str, interval: float = 0.025, join_timeout: float = 120
) -> dict:
    """Seconds from ``Library.open`` on an empty data dir to the first search with hits.

    The build (add_folders + index) runs on a background thread, as in the window; this
    thread polls ``lib.search(term)`` every ``interval`` seconds on the same Library.
    Once hits appear the build is cancelled through ``index(cancel=...)``.
    """
    from briefreader.core.models import SearchRequest

    library_cls = _library()
    request = SearchRequest(text=term, page_size=1, include_annotations=False)
    found = threading.Event()
    finished = threading.Event()
    progress = [0, 0]
    build_error: list[str] = []

    start = time.perf_counter()
    lib = library_cls.open(Path(data_dir))

    def build() -> None:
        try:
            lib.add_folders([Path(corpus)])
            lib.index(
                progress=lambda done, total, _path: progress.__setitem__(
                    slice(0, 2), [done, total]
                ),
                cancel=found.is_set,
            )
        except Exception as error:
            build_error.append(f"{type(error).__name__}: {error}")
        finally:
            finished.set()

    thread = threading.Thread(target=build, name="bench-build", daemon=True)
    thread.start()
    polls = poll_errors = 0
    last_error = None
    seconds = None
    after_build = False
    while seconds is None:
        was_finished = finished.is_set()
        try:
            polls += 1
            if lib.search(request).hits:
                seconds = time.perf_counter() - start
                after_build = was_finished
                break
        except Exception as error:
            poll_errors += 1
            last_error = f"{type(error).__name__}: {error}"
        if was_finished:
            break
        time.sleep(interval)
    found.set()
    done_at_hit = list(progress)
    thread.join(join_timeout)
    if not thread.is_alive():
        lib.close()
    result = {
        "seconds": seconds,
        "polls": polls,
        "poll_errors": poll_errors,
        "last_poll_error": last_error,
        "progress_at_hit": done_at_hit,
        "only_after_build": after_build,
        "build_error": build_error[0] if build_error else None,
        "exit_now": thread.is_alive(),
    }
    if seconds is None:
        result["error"] = build_error[0] if build_error else last_error or "no hits at all"
    return result


def app_rescan(data_dir: str) -> dict:
    """One ``index()`` on an already indexed, unchanged library (fresh process)."""
    result = _timed_index(data_dir)
    changed = result["added"] + result["updated"] + result["removed"] + result["moved"]
    return {"seconds": result["seconds"], "unchanged": result["unchanged"], "changed": changed}


def app_update(data_dir: str) -> dict:
    """One ``index()`` after files changed on disk (fresh process)."""
    result = _timed_index(data_dir)
    return {k: result[k] for k in ("seconds", "updated", "added", "unchanged")}


def _timed_index(data_dir: str) -> dict:
    """Open the library, time one ``index()``, close; the report's counts."""
    lib = _library().open(Path(data_dir))
    start = time.perf_counter()
    report = lib.index()
    seconds = time.perf_counter() - start
    lib.close()
    counts = ("added", "updated", "removed", "moved", "unchanged")
    return {"seconds": seconds, **{name: getattr(report, name) for name in counts}}


def app_search(data_dir: str, queries: Sequence[str], repeat: int) -> dict:
    """Latency of each query (top 10 with the app's snippets)."""
    from briefreader.core.models import SearchRequest

    lib = _library().open(Path(data_dir))
    messages = 0

    def run(text: str) -> int:
        nonlocal messages
        results = lib.search(SearchRequest(text=text, page_size=10))
        for hit in results.hits:
            _ = hit.title, hit.snippet
        messages += results.message is not None
        return len(results.hits)

    latencies, hits = time_queries(run, queries, repeat)
    lib.close()
    return {"latencies": latencies, "totals": hits, "messages": messages}


def app_idle(data_dir: str, term: str) -> dict:
    """Open the library, answer one search, settle; the RSS of an idle, ready library."""
    from briefreader.core.models import SearchRequest

    lib = _library().open(Path(data_dir))
    hits = len(lib.search(SearchRequest(text=term, page_size=10)).hits)
    gc.collect()
    time.sleep(0.3)
    rss = current_rss_mb()
    lib.close()
    return {"hits": hits, "idle_rss_mb": rss}


def app_reanchor(size: int, count: int, repeat: int, seed: int) -> dict:
    """Seconds for ``anchoring.resolve_many`` of ``count`` anchors after edits of a text."""
    from bench.anchor_data import edited_text, make_spans, original_text
    from briefreader.core import anchoring

    text = original_text(size, seed)
    content_hash = f"bench-{seed}"
    anchors = [
        anchoring.make_anchor(text, s, e, content_hash) for s, e in make_spans(text, count, seed)
    ]
    new_text = edited_text(text, anchors, seed)
    times: list[float] = []
    statuses: Counter[str] = Counter()
    for _ in range(repeat):
        start = time.perf_counter()
        resolutions = anchoring.resolve_many(anchors, new_text)
        times.append(time.perf_counter() - start)
        statuses = Counter(str(r.status) for r in resolutions)
    return {
        "times": times,
        "statuses": dict(statuses),
        "text_chars": len(new_text),
        "anchors": len(anchors),
    }
