"""Worker subprocess: ``python -m bench.worker TASK KWARGS_JSON OUT_JSON``.

Runs one task function, then writes its result dict plus this process's memory figures to
OUT_JSON. An exception becomes ``{"error": "Type: message"}`` (the traceback goes to
stderr). A result with ``"exit_now": true`` ends the process at once, without waiting for
threads (used to stop an index build as soon as the figure is known).
"""

from __future__ import annotations

import importlib
import json
import os
import resource
import sys
import traceback
from pathlib import Path

from bench.rss import current_rss_mb, peak_rss_mb

TASKS: dict[str, str] = {
    "naive_build": "bench.baselines:naive_build",
    "naive_update": "bench.baselines:naive_update",
    "naive_search": "bench.baselines:naive_search",
    "naive_idle": "bench.baselines:naive_idle",
    "fts5_build": "bench.baselines:fts5_build",
    "fts5_update": "bench.baselines:fts5_update",
    "fts5_search": "bench.baselines:fts5_search",
    "fts5_idle": "bench.baselines:fts5_idle",
    "app_build": "bench.app_tasks:app_build",
    "app_first_results": "bench.app_tasks:app_first_results",
    "app_rescan": "bench.app_tasks:app_rescan",
    "app_update": "bench.app_tasks:app_update",
    "app_search": "bench.app_tasks:app_search",
    "app_idle": "bench.app_tasks:app_idle",
    "app_reanchor": "bench.app_tasks:app_reanchor",
    "app_export": "bench.export_task:app_export",
    "reader": "bench.gui_tasks:reader",
    "saved_file": "bench.gui_tasks:saved_file",
    "typing": "bench.typing_task:typing_latency",
    "relevance_app": "bench.relevance.systems:app_rankings",
    "relevance_fts5": "bench.relevance.systems:fts5_rankings",
    "relevance_recoll": "bench.relevance.systems:recoll_rankings",
}


def _children_peak_mb() -> float:
    maxrss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return maxrss / (1024 * 1024) if sys.platform == "darwin" else maxrss / 1024


def run(task: str, kwargs: dict) -> dict:
    module_name, func_name = TASKS[task].split(":")
    try:
        func = getattr(importlib.import_module(module_name), func_name)
        result = func(**kwargs)
    except BaseException as error:  # report everything, even SystemExit from app code
        traceback.print_exc()
        message = str(error).strip().splitlines()[0] if str(error).strip() else ""
        result = {"error": f"{type(error).__name__}: {message}"[:400]}
    result["rss"] = {
        "self_peak_mb": peak_rss_mb(),
        "self_current_mb": current_rss_mb(),
        "children_peak_mb": _children_peak_mb() or None,
    }
    return result


def main(argv: list[str]) -> int:
    task, kwargs_json, out = argv
    result = run(task, json.loads(kwargs_json))
    Path(out).write_text(json.dumps(result))
    if result.get("exit_now"):
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
