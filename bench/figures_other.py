"""Figure groups outside the index: reader, re-anchoring, export, start-up to first paint."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.context import Context, log
from bench.figures import APP_TARGET_DOCS
from bench.records import Figure, Target, median
from bench.runner import REPO_ROOT, child_env, run_task

# Workloads: (normal, --quick). Quick ones only check that the code paths run.
READER_BYTES = (200_000, 20_000)
SAVED_DOCS = (3_000, 50)  # the library the window is open on, for the saved-file figure
SAVED_TARGET_S = 0.5
REANCHOR_CHARS = (1_000_000, 100_000)
REANCHOR_COUNT = (500, 50)
EXPORT_COUNT = (1_000, 50)
EXPORT_FORMATS = ("md", "html", "pdf", "docx", "json", "csv")
STARTUP_TIMEOUT = 120


def _reps(ctx: Context) -> int:
    """Measurements for the cheap figures: at least 3, unless --quick."""
    return ctx.repeat if ctx.quick else max(3, ctx.repeat)


def _ms(values: list[float]) -> float | None:
    value = median(values)
    return None if value is None else value * 1000


# ---------------------------------------------------------------------------- reader


def group_reader(ctx: Context) -> list[Figure]:
    """Open a 200 KB Markdown briefing: the app's ReaderView vs markdown + setHtml."""
    baseline: list[float] = []
    first: list[float] = []
    reopen: list[float] = []
    errors: list[str] = []
    for round_no in range(ctx.repeat):
        log(f"reader {round_no + 1}/{ctx.repeat}")
        result = run_task(
            "reader", work_dir=str(ctx.fresh("reader")), size=READER_BYTES[ctx.quick],
            repeat=_reps(ctx), seed=ctx.seed,
        )  # fmt: skip
        if "error" in result:
            errors.append(result["error"])
            continue
        baseline += result["baseline"]
        if "app" in result:
            first.append(result["app"]["first_open"])
            reopen += result["app"]["reopen"]
        else:
            errors.append(result.get("app_error", "no app result"))
    note = f"app not measurable: {errors[0]}" if errors and not first else None
    name = "markdown.markdown + QTextBrowser.setHtml from scratch"
    return [
        Figure("reader.first_open_ms", _ms(first), "ms", _ms(baseline), name, None, note,
               len(first)),
        Figure("reader.reopen_ms", _ms(reopen), "ms", _ms(baseline), name,
               Target(ratio_max=1 / 3), note, len(reopen)),
    ]  # fmt: skip


# ---------------------------------------------------------------------------- a saved file


def group_saved(ctx: Context) -> list[Figure]:
    """A file saved in a watched folder, searchable: the window open on a few thousand
    generated documents (offscreen), the seconds until a search finds the saved word."""
    log("saved file: building the window's library")
    result = run_task(
        "saved_file", work_dir=str(ctx.fresh("saved")), n=SAVED_DOCS[ctx.quick],
        repeat=ctx.repeat if ctx.quick else max(5, ctx.repeat * 3), seed=ctx.seed,
    )  # fmt: skip
    times = result.get("times", [])
    note = f"app not measurable: {result['error']}" if "error" in result else None
    if note is None:
        note = (
            f"window open on {result['documents']} documents; {len(times)} saves timed"
            + (f", {result['missed']} never found within 30 s" if result.get("missed") else "")
            + f"; slowest {max(times):.3f} s" * bool(times)
        )
    return [
        Figure("update.saved_file_searchable_s", median(times), "s", None, None,
               Target(value_max=SAVED_TARGET_S, unit="s"), note, len(times),
               {"times": [round(t, 4) for t in times]}),
    ]  # fmt: skip


# ---------------------------------------------------------------------------- re-anchoring


def group_anchoring(ctx: Context) -> list[Figure]:
    """anchoring.resolve_many for 500 anchors after an edit of a 1 MB text."""
    log("re-anchoring")
    result = run_task(
        "app_reanchor", size=REANCHOR_CHARS[ctx.quick], count=REANCHOR_COUNT[ctx.quick],
        repeat=_reps(ctx),
        seed=ctx.seed,
    )  # fmt: skip
    if "error" in result:
        value, note, samples = None, f"app not measurable: {result['error']}", 0
    else:
        value, samples = median(result["times"]), len(result["times"])
        note = f"{result['text_chars']} chars after the edit; statuses {result['statuses']}"
    return [
        Figure("reanchor.500_in_1mb_s", value, "s", None, None,
               Target(value_below=1.0, unit="s"), note, samples),
    ]  # fmt: skip


# ---------------------------------------------------------------------------- export


def group_export(ctx: Context) -> list[Figure]:
    """Export 1,000 annotations to every format the app offers."""
    log("export")
    result = run_task(
        "app_export", work_dir=str(ctx.fresh("export")), count=EXPORT_COUNT[ctx.quick],
        repeat=_reps(ctx), seed=ctx.seed,
    )  # fmt: skip
    formats = result.get("formats") or {fmt: {} for fmt in EXPORT_FORMATS}
    figures = []
    for fmt, data in formats.items():
        times = data.get("times") or []
        if "error" in result:
            note = f"app not measurable: {result['error']}"
        elif data.get("error"):
            note = f"export failed: {data['error']}"
        else:
            note = f"{result['annotations']} annotations via {result['api']}; {data['bytes']} bytes"
        limit = 5.0 if fmt == "pdf" else 2.0
        figures.append(
            Figure(f"export.{fmt}_s", median(times), "s", None, None,
                   Target(value_below=limit, unit="s"), note, len(times))
        )  # fmt: skip
    return figures


# ---------------------------------------------------------------------------- start-up


def _first_paint(mode: str, data_dir: Path | None, home: Path) -> float:
    """Seconds from just before spawning the process to its first paint (wall clock)."""
    env = child_env(
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CACHE_HOME=str(home / "cache"),
    )
    args = [sys.executable, "-m", "bench.startup_probe", mode]
    if data_dir is not None:
        args.append(str(data_dir))
    start = time.time()
    proc = subprocess.run(
        args, cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=STARTUP_TIMEOUT,
        stdin=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    lines = proc.stdout.strip().splitlines()
    if proc.returncode != 0 or not lines:
        tail = proc.stderr.strip().splitlines()[-1:] or [f"exit code {proc.returncode}"]
        raise RuntimeError(tail[0][:300])
    return float(lines[-1]) - start


def group_startup(ctx: Context) -> list[Figure]:
    """Application start to first paint with the indexed library vs an empty QMainWindow."""
    data, error = ctx.ensure("app")
    bare: list[float] = []
    app: list[float] = []
    with tempfile.TemporaryDirectory(prefix="bench-home-") as tmp:
        home = Path(tmp)
        for round_no in range(ctx.repeat + 1):  # round 0 warms caches and is not counted
            log(f"start-up {round_no}/{ctx.repeat}")
            try:
                sample = _first_paint("bare", None, home)
            except (RuntimeError, subprocess.TimeoutExpired) as exc:
                error = error or f"bare PySide6 failed: {exc}"
                break
            if round_no:
                bare.append(sample)
            if data is None:
                continue
            try:
                sample = _first_paint("app", data, home)
            except (RuntimeError, subprocess.TimeoutExpired) as exc:
                error = f"{type(exc).__name__}: {exc}"
                data = None
                continue
            if round_no:
                app.append(sample)
    note = f"app not measurable: {error}" if error and not app else None
    if ctx.n_files != APP_TARGET_DOCS:
        note = (note + "; " if note else "") + f"library of {ctx.n_files} files, not 10,000"
    return [
        Figure("startup.first_paint_s", median(app), "s", median(bare),
               "bare PySide6 process showing an empty QMainWindow", Target(ratio_max=2.0),
               note, len(app)),
    ]  # fmt: skip
