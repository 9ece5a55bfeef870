"""``python -m bench.curve``: how the app's costs grow with the library (issue 18).

For each size, a library with corpus/scale's mix (``bench.scale_mix``) is generated, and the
ordinary bench groups measure it (app only by default; ``--engines app,fts5`` adds a
baseline): build (time, docs/s, peak RSS), the data dir's size on disk, rescan unchanged,
update of 100 files, the 200-query search mix, idle RSS, start-up to first paint. The load
average is recorded beside every group. Results go to ``curve.json`` after every size (a
run cut short keeps the sizes that finished), then ``curve.md`` and ``curve.png``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from bench import figures, figures_other
from bench.__main__ import git_revision
from bench.context import Context, choose_poll_term, describe_corpus, log
from bench.curve_report import write_plot, write_table
from bench.generator import DEFAULT_SEED
from bench.parsing import make_parser
from bench.scale_mix import generate_scale_mix

GROUPS = (
    ("build", figures.group_build),
    ("rescan", figures.group_rescan),
    ("update", figures.group_update),
    ("search", figures.group_search),
    ("idle", figures.group_idle),
    ("startup", figures_other.group_startup),
)
DEFAULT_OUT = Path(__file__).resolve().parent / "results" / "curve.json"
DATABASE_PREFIX = "briefreader.sqlite3"  # the store and its -wal/-shm files
# A build worker's time limit: the bench's 30 minutes cut a 100,000-document build on a
# busy 2-core machine at 40,000; allow 0.15 s a document (4 hours for 100,000).
BUILD_SECONDS_PER_DOC = 0.15


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(part) for part in text.split(",") if part.strip()]
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"sizes are integers: {error}") from None
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError("give at least one size >= 1")
    return sizes


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench.curve", description=__doc__)
    parser.add_argument("--sizes", type=_sizes, default=[1000, 10_000, 50_000, 100_000])
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help="curve.json (.md/.png beside)"
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--repeat", type=int, default=1, help="measurements per figure")
    parser.add_argument("--engines", default="app", help="app and baselines: app[,naive][,fts5]")
    parser.add_argument("--work", type=Path, help="where the generated libraries go")
    parser.add_argument("--quick", action="store_true", help="30 queries (smoke test)")
    parser.add_argument("--keep", action="store_true", help="keep the generated libraries")
    parser.add_argument(
        "--revision", help="the commit measured (default: git's; for a run from an exported copy)"
    )
    parser.add_argument(
        "--report", action="store_true",
        help="only redraw curve.md and curve.png from --out (after adding the sizes of FILEs)",
    )  # fmt: skip
    parser.add_argument(
        "more", nargs="*", type=Path, metavar="FILE",
        help="with --report: curve.json files of other runs whose sizes join --out",
    )  # fmt: skip
    parser.add_argument(
        "--append", action="store_true", help="add to the sizes already in --out (same seed)"
    )
    return parser


def disk_usage_mb(data_dir: Path) -> dict[str, float]:
    """MB on disk of the data dir: index, database, caches, anything else, and the total."""
    parts = {"index": 0, "database": 0, "cache": 0, "other": 0}
    for entry in data_dir.iterdir():
        if entry.name == "index":
            key = "index"
        elif entry.name.startswith(DATABASE_PREFIX):
            key = "database"
        elif entry.name == "cache":
            key = "cache"
        else:
            key = "other"
        files = [entry] if entry.is_file() else [p for p in entry.rglob("*") if p.is_file()]
        parts[key] += sum(p.stat().st_size for p in files)
    usage = {key: round(size / 1e6, 2) for key, size in parts.items()}
    usage["total"] = round(sum(parts.values()) / 1e6, 2)
    return usage


def _load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def measure_size(n: int, args: argparse.Namespace, work: Path, revision: str | None) -> dict:
    """Generate a library of ``n`` documents and run the groups on it."""
    started = time.perf_counter()
    load = {"start": _load()}
    root = work / f"n{n}"
    corpus = root / "corpus"
    log(f"curve: generating {n} documents with corpus/scale's mix")
    generate_scale_mix(corpus, n, args.seed)
    info: dict = {"source": "bench.scale_mix", "generated": True, "seed": args.seed, "n": n}
    info["generate_s"] = round(time.perf_counter() - started, 1)
    info.update(describe_corpus(corpus))
    _, info["parser"] = make_parser("auto")
    info["poll_term"] = choose_poll_term(corpus)
    engines = tuple(e.strip() for e in args.engines.split(",") if e.strip())
    ctx = Context(corpus, root, max(1, args.repeat), "auto", args.seed, info, info["poll_term"],
                  quick=args.quick, revision=revision, engines=engines,
                  build_timeout=max(1800.0, n * BUILD_SECONDS_PER_DOC))  # fmt: skip
    measured: list[dict] = []
    disk: dict[str, float] | None = None
    build_s: float | None = None
    for name, group in GROUPS:
        load[name] = _load()
        log(f"curve n={n}: {name} (load {load[name]})")
        group_start = time.perf_counter()
        measured += [figure.to_json() for figure in group(ctx)]
        log(f"curve n={n}: {name} done in {time.perf_counter() - group_start:.1f} s")
        if name == "build" and "app" in ctx.built:
            disk = disk_usage_mb(ctx.built["app"])
            seconds = [r["seconds"] for r in ctx.builds["app"] if "error" not in r]
            build_s = round(sorted(seconds)[len(seconds) // 2], 2) if seconds else None
    load["end"] = _load()
    return {
        "n": n,
        "corpus": info,
        "build_s": build_s,
        "disk_mb": disk,
        "load_avg": load,
        "duration_s": round(time.perf_counter() - started, 1),
        "figures": measured,
    }


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if args.report:
        result = json.loads(args.out.read_text())
        for other in map(json.loads, (path.read_text() for path in args.more)):
            result = merge_sizes(result, other)
        args.out.write_text(json.dumps(result, indent=2) + "\n")
        return report(result, args.out)
    revision = args.revision or git_revision()
    run = {
        "started": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "revision": revision,
        "repeat": max(1, args.repeat),
        "engines": args.engines,
        "quick": args.quick,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "niceness": os.nice(0),
    }
    result: dict = {"runs": [run], "sizes": []}
    if args.append and args.out.exists():
        result = merge_sizes(json.loads(args.out.read_text()), result)
    for n in args.sizes:
        work = Path(tempfile.mkdtemp(prefix=f"briefreader-curve-{n}-", dir=args.work))
        try:
            entry = measure_size(n, args, work, revision)
        finally:
            if args.keep:
                log(f"kept {work}")
            else:
                shutil.rmtree(work, ignore_errors=True)
        entry["revision"] = revision
        result["sizes"] = [s for s in result["sizes"] if s["n"] != n] + [entry]
        result["sizes"].sort(key=lambda s: s["n"])
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=2) + "\n")
        log(f"curve: n={n} written to {args.out}")
    return report(result, args.out)


def merge_sizes(result: dict, other: dict) -> dict:
    """``result`` with the sizes and runs of ``other`` (its entry wins for a size in both)."""
    added = {entry["n"] for entry in other["sizes"]}
    sizes = [s for s in result["sizes"] if s["n"] not in added] + other["sizes"]
    runs = result.get("runs", []) + other.get("runs", [])
    return {**result, "sizes": sorted(sizes, key=lambda s: s["n"]), "runs": runs}


def report(result: dict, out: Path) -> int:
    """Write curve.md and curve.png beside ``out`` and print the table."""
    print(write_table(result, out.with_suffix(".md")))
    print(write_plot(result, out.with_suffix(".png")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
