"""Index-side figure groups: build, first results, rescan, update, search, idle memory.

Each group takes the run's ``Context`` and returns ``Figure`` records. The app is measured
only through ``Library`` (see ``bench.app_tasks``); when it cannot be measured, its figure
has value None and a note, and the baselines are still reported.
"""

from __future__ import annotations

import os
import random
from collections.abc import Sequence

from bench import vocab
from bench.baselines import scandir_walk
from bench.context import Context, log
from bench.parsing import iter_files
from bench.queries import query_mix
from bench.records import Figure, Target, median, percentile
from bench.runner import run_task

ENGINES = ("app", "naive", "fts5")
NAIVE = "naive Whoosh"
FTS5 = "SQLite FTS5"
APP_TARGET_DOCS = 10_000
UPDATED_FILES = 100
QUICK_QUERIES = 30  # --quick: the first 30 of the mix (all kinds occur)
WHERE = {"app": "data_dir", "naive": "index_dir", "fts5": "db_path"}  # task argument names
EDITABLE = (".md", ".markdown", ".txt", ".text", ".htm", ".html")


def _ok(results: Sequence[dict]) -> list[dict]:
    return [r for r in results if "error" not in r]


def _error(results: Sequence[dict]) -> str | None:
    errors = [r["error"] for r in results if "error" in r]
    return errors[0] if errors else None


def _app_note(results: Sequence[dict], what: str = "app") -> str | None:
    error = _error(results)
    return f"{what} not measurable: {error}" if error and not _ok(results) else None


def _med(results: Sequence[dict], key: str = "seconds") -> float | None:
    return median([r[key] for r in _ok(results) if r.get(key) is not None])


def _rss(results: Sequence[dict]) -> float | None:
    return median([r["rss"]["tree_peak_mb"] for r in _ok(results) if r["rss"].get("tree_peak_mb")])


def _rss_detail(results: Sequence[dict]) -> dict[str, float | None]:
    """Medians of the other memory measures, for judging the peak RSS figure."""
    ok = _ok(results)
    return {
        key: median([r["rss"][key] for r in ok if r["rss"].get(key)])
        for key in ("tree_pss_sampled_mb", "self_peak_mb", "children_peak_mb")
    }


def _rate(results: Sequence[dict], numerator: float | None = None) -> float | None:
    rates = [(numerator or r["docs"]) / r["seconds"] for r in _ok(results) if r["seconds"] > 0]
    return median(rates)


# ---------------------------------------------------------------------------- build


def group_build(ctx: Context) -> list[Figure]:
    """Full index build from files on disk (parsing included), each engine in a worker."""
    engines = ctx.engines
    for round_no in range(ctx.repeat):
        turn = round_no % len(engines)
        for engine in engines[turn:] + engines[:turn]:
            log(f"build {round_no + 1}/{ctx.repeat}: {engine}")
            ctx.build(engine)
    app, naive, fts5 = (ctx.builds.get(e, []) for e in ENGINES)
    mb = ctx.corpus_bytes / 1e6
    note = _app_note(app)
    if note is None and _ok(app) and _ok(naive) and _ok(app)[0]["docs"] != _ok(naive)[0]["docs"]:
        note = f"app indexed {_ok(app)[0]['docs']} documents, naive {_ok(naive)[0]['docs']}"
    parser = (_ok(naive) or _ok(fts5) or [{}])[0].get("parser")
    n = len(_ok(app))
    rss_note = "peak of summed RSS over the worker's process tree (50 ms samples, and VmHWM)"
    return [
        Figure("build.docs_per_s", _rate(app), "docs/s", _rate(naive), NAIVE,
               Target(ratio_min=1.5), note, n, {"naive_parser": parser}),
        Figure("build.mb_per_s", _rate(app, mb), "MB/s", _rate(naive, mb), NAIVE, None, note, n),
        Figure("build.peak_rss_mb", _rss(app), "MB", _rss(naive), NAIVE, Target(ratio_max=1.0),
               note or rss_note, n, {"app": _rss_detail(app), "naive": _rss_detail(naive)}),
        Figure("build.fts5.docs_per_s", _rate(fts5), "docs/s", _rate(naive), NAIVE,
               note="reference: FTS5 vs naive Whoosh", samples=len(_ok(fts5))),
        Figure("build.fts5.peak_rss_mb", _rss(fts5), "MB", _rss(naive), NAIVE,
               note="reference: FTS5 vs naive Whoosh", samples=len(_ok(fts5))),
    ]  # fmt: skip


# ---------------------------------------------------------------------------- first results


def group_first_results(ctx: Context) -> list[Figure]:
    """Seconds from opening an empty library to the first search with hits, during a build."""
    results = []
    for round_no in range(ctx.repeat):
        log(f"first results {round_no + 1}/{ctx.repeat} (term {ctx.poll_term!r})")
        result = run_task(
            "app_first_results", corpus=str(ctx.corpus), data_dir=str(ctx.fresh("first")),
            term=ctx.poll_term,
        )  # fmt: skip
        results.append(result)
        if "error" in result and round_no == 0:
            break
    if "naive" not in ctx.builds:
        ctx.build("naive")
    naive = _med(ctx.builds.get("naive", []))
    ok = _ok(results)
    note = _app_note(results)
    if note is None:
        progress = [r["progress_at_hit"] for r in ok]
        note = f"poll term {ctx.poll_term!r}; files done at first hit: {progress}"
        if any(r["only_after_build"] for r in ok):
            note += "; hits appeared only after the build ended"
    if ctx.n_files != APP_TARGET_DOCS:
        note += f"; target is for a {APP_TARGET_DOCS}-file build, this corpus has {ctx.n_files}"
    return [
        Figure("first_results.s", _med(results), "s", naive,
               "naive Whoosh full build (one commit: nothing searchable before)",
               Target(value_max=3.0, unit="s"), note, len(ok)),
    ]  # fmt: skip


# ---------------------------------------------------------------------------- rescan


def group_rescan(ctx: Context) -> list[Figure]:
    """index() on an unchanged library (fresh process each time) vs an os.scandir walk."""
    data, error = ctx.ensure("app")
    scandir_walk(str(ctx.corpus))  # warm the dentry cache like the app's first rescan did
    walks = [scandir_walk(str(ctx.corpus)) for _ in range(max(3, ctx.repeat))]
    results: list[dict] = []
    if data is not None:
        for round_no in range(ctx.repeat):
            log(f"rescan {round_no + 1}/{ctx.repeat}")
            results.append(run_task("app_rescan", data_dir=str(data)))
    note = f"app not measurable: {error}" if error else _app_note(results)
    changed = [r["changed"] for r in _ok(results) if r["changed"]]
    if changed:
        note = f"the rescan reported changes: {changed}"
    return [
        Figure("rescan.unchanged_s", _med(results), "s", _med(walks),
               "os.scandir walk with stat() of every file", Target(ratio_max=3.0), note,
               len(_ok(results))),
    ]  # fmt: skip


# ---------------------------------------------------------------------------- update


def touch_files(ctx: Context, round_no: int, count: int = UPDATED_FILES) -> list[str]:
    """Append a revision paragraph to ``count`` files (deterministic per round)."""
    candidates = [p for p in iter_files(ctx.corpus) if p.suffix.lower() in EDITABLE]
    rng = random.Random(ctx.seed * 1000 + round_no)
    chosen = rng.sample(candidates, min(count, len(candidates)))
    for path in chosen:
        addition = (
            f"\n\nRevision {round_no}: the {rng.choice(vocab.AGENCIES)} "
            f"{rng.choice(vocab.VERBS_PAST)} its {rng.choice(vocab.NOUNS)} on "
            f"{rng.choice(vocab.POLICY_TERMS)}.\n"
        )
        data = path.read_bytes()
        cut = data.lower().rfind(b"</body>") if path.suffix.lower() in (".htm", ".html") else -1
        if cut == -1:
            cut = len(data)
        path.write_bytes(data[:cut] + addition.encode() + data[cut:])
    return [str(p) for p in chosen]


def group_update(ctx: Context) -> list[Figure]:
    """Index after 100 files changed: app index() vs naive update_document (and FTS5)."""
    built = {e: ctx.ensure(e) for e in ctx.engines}
    runs: dict[str, list[dict]] = {e: [] for e in ENGINES}
    for round_no in range(ctx.repeat):
        log(f"update {round_no + 1}/{ctx.repeat}")
        paths = touch_files(ctx, round_no)
        for engine, (where, _) in built.items():
            if where is None:
                continue
            kwargs = {} if engine == "app" else {"paths": paths, "parser_mode": ctx.parser_mode}
            result = run_task(f"{engine}_update", **{WHERE[engine]: str(where)}, **kwargs)
            runs[engine].append(result)
    app_error = built["app"][1]
    note = f"app not measurable: {app_error}" if app_error else _app_note(runs["app"])
    updated = [r["updated"] for r in _ok(runs["app"])]
    if note is None:
        note = f"app index() found updated: {updated} (of {UPDATED_FILES} changed files)"
    return [
        Figure("update.100_files_s", _med(runs["app"]), "s", _med(runs["naive"]),
               "naive Whoosh: parse + update_document for the changed files, one commit",
               Target(ratio_max=1 / 3), note, len(_ok(runs["app"]))),
        Figure("update.fts5.100_files_s", _med(runs["fts5"]), "s", _med(runs["naive"]), NAIVE,
               note="reference: FTS5 UPDATE of the changed rows vs naive Whoosh",
               samples=len(_ok(runs["fts5"]))),
    ]  # fmt: skip


# ---------------------------------------------------------------------------- search


def _lat(result: dict, pct: float) -> float | None:
    if "error" in result:
        return None
    value = percentile(result["latencies"], pct)
    return None if value is None else value * 1000


def _by_kind(result: dict, kinds: Sequence[str]) -> dict[str, float]:
    if "error" in result:
        return {}
    samples: dict[str, list[float]] = {}
    latencies = result["latencies"]
    for i, latency in enumerate(latencies):
        samples.setdefault(kinds[i % len(kinds)], []).append(latency * 1000)
    return {k: round(percentile(v, 95) or 0, 2) for k, v in sorted(samples.items())}


def group_search(ctx: Context) -> list[Figure]:
    """p50/p95 latency over the 200-query mix, top 10 with snippets."""
    queries = query_mix()[: QUICK_QUERIES if ctx.quick else None]
    kinds = [q.kind for q in queries]
    out: dict[str, dict] = {e: {"error": "not measured in this run"} for e in ENGINES}
    for engine in ctx.engines:
        where, error = ctx.ensure(engine)
        log(f"search: {engine}")
        if where is None:
            out[engine] = {"error": error}
        else:
            texts = [getattr(q, "whoosh" if engine == "naive" else engine) for q in queries]
            out[engine] = run_task(
                f"{engine}_search", **{WHERE[engine]: str(where)}, queries=texts,
                repeat=1 if engine == "naive" else ctx.repeat,
            )  # fmt: skip
    app, naive, fts5 = out["app"], out["naive"], out["fts5"]
    note = _app_note([app])
    extra = {
        e: {
            "mean_hits_top10": round(sum(r["totals"]) / len(r["totals"]), 2),
            "p95_ms_by_kind": _by_kind(r, kinds),
        }
        for e, r in out.items()
        if "error" not in r and r.get("totals")
    }
    if "error" not in fts5 and fts5.get("errors"):
        extra["fts5_query_errors"] = fts5["errors"]
    samples = len(app.get("latencies", []))
    ref = "reference: naive Whoosh vs FTS5 (one pass: its fuzzy queries take seconds)"
    return [
        Figure("search.p50_ms", _lat(app, 50), "ms", _lat(fts5, 50), FTS5, None, note, samples,
               extra),
        Figure("search.p95_ms", _lat(app, 95), "ms", _lat(fts5, 95), FTS5,
               Target(ratio_max=1.5, value_below=100.0, unit="ms"), note, samples),
        Figure("search.naive.p50_ms", _lat(naive, 50), "ms", _lat(fts5, 50), FTS5, note=ref,
               samples=len(naive.get("latencies", []))),
        Figure("search.naive.p95_ms", _lat(naive, 95), "ms", _lat(fts5, 95), FTS5, note=ref,
               samples=len(naive.get("latencies", []))),
    ]  # fmt: skip


TYPING_GAP_MS = 150  # between keystrokes: about 70 words a minute


def group_typing(ctx: Context) -> list[Figure]:
    """Search as you type in the real window: last keystroke to the final query's results."""
    from bench.typing_task import QUICK_QUERIES, TYPED_QUERIES

    where, error = ctx.ensure("app")
    queries = list(TYPED_QUERIES[: QUICK_QUERIES if ctx.quick else None])
    runs = [] if where is None else [
        run_task("typing", data_dir=str(where), queries=queries, gap_ms=TYPING_GAP_MS,
                 seed=ctx.seed + round_no)
        for round_no in range(ctx.repeat)
    ]  # fmt: skip
    failed = [r["error"] for r in runs if "error" in r]
    latencies = [ms for r in runs if "error" not in r for ms in r["latencies_ms"]]
    timeouts = sum(r.get("timeouts", 0) for r in runs if "error" not in r)
    note = error or (failed[0] if failed and not latencies else None)
    if timeouts:
        note = f"{timeouts} queries showed no results within 30 s"
    extra = {
        "gap_ms": TYPING_GAP_MS,
        "queries": queries,
        "p50_ms": percentile(latencies, 50),
        "max_ms": max(latencies, default=None),
        "load": [round(x, 2) for x in os.getloadavg()],
    }
    return [
        Figure("typing.last_key_to_results_p95_ms", percentile(latencies, 95), "ms",
               target=Target(value_max=100.0, unit="ms"), note=note, samples=len(latencies),
               extra=extra),
    ]  # fmt: skip


# ---------------------------------------------------------------------------- idle memory


def group_idle(ctx: Context) -> list[Figure]:
    """RSS of a process that opened the index and answered one search, then settled."""
    out: dict[str, list[dict]] = {e: [] for e in ENGINES}
    for engine in ctx.engines:
        where, error = ctx.ensure(engine)
        for _ in range(ctx.repeat if where is not None else 0):
            result = run_task(f"{engine}_idle", **{WHERE[engine]: str(where)}, term=ctx.poll_term)
            out[engine].append(result)
        if where is None:
            out[engine].append({"error": error})
    note = _app_note(out["app"])
    return [
        Figure("memory.idle_rss_mb", _med(out["app"], "idle_rss_mb"), "MB",
               _med(out["naive"], "idle_rss_mb"), NAIVE, None, note, len(_ok(out["app"]))),
        Figure("memory.fts5.idle_rss_mb", _med(out["fts5"], "idle_rss_mb"), "MB",
               _med(out["naive"], "idle_rss_mb"), NAIVE, note="reference: FTS5 vs naive Whoosh",
               samples=len(_ok(out["fts5"]))),
    ]  # fmt: skip
