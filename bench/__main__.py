"""``python -m bench``: measure BriefReader against naive Whoosh and SQLite FTS5 (and, for
ranking quality, against SQLite FTS5 BM25 and Recoll on a judged test collection).

See bench/README.md for what each figure means and how it is measured.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

from bench import figures, figures_other, peers
from bench.context import Context, choose_poll_term, describe_corpus, log
from bench.generator import DEFAULT_SEED, generate_corpus
from bench.parsing import make_parser
from bench.records import Figure
from bench.relevance.task import group_relevance
from bench.report import render_table, to_json, write_json

GROUPS: dict[str, Callable[[Context], list[Figure]]] = {
    "build": figures.group_build,
    "peers": peers.group_peers,
    "first_results": figures.group_first_results,
    "rescan": figures.group_rescan,
    "update": figures.group_update,
    "saved": figures_other.group_saved,
    "search": figures.group_search,
    "typing": figures.group_typing,
    "idle": figures.group_idle,
    "reader": figures_other.group_reader,
    "anchoring": figures_other.group_anchoring,
    "export": figures_other.group_export,
    "startup": figures_other.group_startup,
    "relevance": group_relevance,
}
# Groups that bring their own corpus: when only these run, no working corpus is made.
OWN_CORPUS = frozenset({"relevance"})
DEFAULT_OUT = Path(__file__).resolve().parent / "results" / "latest.json"


def _names(text: str | None) -> list[str]:
    names = [n.strip() for n in (text or "").split(",") if n.strip()]
    unknown = [n for n in names if n not in GROUPS]
    if unknown:
        raise argparse.ArgumentTypeError(
            f"unknown group(s) {', '.join(unknown)}; choose from {', '.join(GROUPS)}"
        )
    return names


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--corpus", type=Path, help="a folder of real documents (copied first)")
    parser.add_argument("--n", type=int, default=10_000, help="generated documents (default 10000)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="generator seed")
    parser.add_argument("--repeat", type=int, default=3, help="measurements per figure")
    parser.add_argument("--only", type=_names, default=[], help="groups: " + ",".join(GROUPS))
    parser.add_argument("--skip", type=_names, default=[], help="groups to leave out")
    parser.add_argument(
        "--out", type=Path,
        help="JSON results file (default bench/results/latest.json; not written by default "
        "when only the relevance group runs, so a partial run leaves the full results alone)",
    )  # fmt: skip
    parser.add_argument(
        "--parser", choices=("auto", "app", "plain"), default="auto",
        help="how the baselines parse files (auto: the app's loader when it imports)",
    )  # fmt: skip
    parser.add_argument("--work", type=Path, help="where the temporary folder goes")
    parser.add_argument(
        "--quick", action="store_true",
        help="tiny reader/anchoring/export workloads, for the smoke test (figures not comparable)",
    )  # fmt: skip
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument(
        "--relevance-corpus", type=Path,
        help="the folder the relevance collection judges (default: ../shared/corpus/real "
        "or ../../shared/corpus/real from the repository); read in place, never copied",
    )  # fmt: skip
    parser.add_argument(
        "--relevance-out", type=Path, default=DEFAULT_OUT.parent,
        help="where relevance.json and relevance.md go (default bench/results)",
    )  # fmt: skip
    return parser


def prepare_corpus(args: argparse.Namespace, work: Path) -> tuple[Path, dict]:
    """The working corpus (a copy of --corpus, or generated) and its description."""
    root = work / "corpus"
    if args.corpus:
        source = args.corpus.expanduser().resolve()
        if not source.is_dir():
            raise SystemExit(f"bench: no such folder: {args.corpus}")
        log(f"copying {source} (the update figure edits files)")
        shutil.copytree(source, root)
        info: dict = {"source": str(source), "generated": False}
    else:
        log(f"generating {args.n} documents (seed {args.seed})")
        start = time.perf_counter()
        generate_corpus(root, args.n, args.seed)
        info = {
            "source": "bench.generator",
            "generated": True,
            "seed": args.seed,
            "n": args.n,
            "generate_s": round(time.perf_counter() - start, 2),
        }
    info.update(describe_corpus(root))
    return root, info


def git_revision() -> str | None:
    """The commit measured, with "+dirty" when the work tree has changes (None without git)."""
    try:
        head = _git("rev-parse", "--short", "HEAD").strip()
        dirty = _git("status", "--porcelain", "--untracked-files=no")
    except (OSError, subprocess.SubprocessError):
        return None
    return (head + ("+dirty" if dirty.strip() else "")) or None


def _git(*args: str) -> str:
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, timeout=10)
    return done.stdout


def run_groups(ctx: Context, names: list[str]) -> list[Figure]:
    results: list[Figure] = []
    for name in names:
        start = time.perf_counter()
        try:
            results.extend(GROUPS[name](ctx))
        except Exception as error:  # a harness bug in one group must not lose the others
            traceback.print_exc()
            results.append(Figure(name, None, "", note=f"harness error: {error!r}"))
        log(f"{name} done in {time.perf_counter() - start:.1f} s")
    return results


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    # On SIGTERM, unwind like Ctrl-C: workers are killed and the temporary folder removed.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    names = [n for n in (args.only or list(GROUPS)) if n not in args.skip]
    started = datetime.now(timezone.utc)
    revision = git_revision()
    work = Path(tempfile.mkdtemp(prefix="briefreader-bench-", dir=args.work))
    own_corpus_only = set(names) <= OWN_CORPUS
    out = args.out or (None if own_corpus_only else DEFAULT_OUT)
    try:
        if own_corpus_only:
            corpus = work / "corpus"
            info: dict = {"source": None, "note": "only groups with their own corpus ran"}
            info.update(files=0, bytes=0, mb=0.0, parser="-", poll_term="")
        else:
            corpus, info = prepare_corpus(args, work)
            _, info["parser"] = make_parser(args.parser)
            info["poll_term"] = choose_poll_term(corpus)
        ctx = Context(corpus, work, max(1, args.repeat), args.parser, args.seed, info,
                      info["poll_term"], quick=args.quick, relevance_corpus=args.relevance_corpus,
                      results_dir=args.relevance_out, revision=revision)  # fmt: skip
        figures_ = run_groups(ctx, names)
    finally:
        if args.keep:
            log(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    run = {
        "started": started.isoformat(timespec="seconds"),
        "revision": revision,
        "duration_s": round((datetime.now(timezone.utc) - started).total_seconds(), 1),
        "groups": names,
        "repeat": ctx.repeat,
        "quick": args.quick,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
    }
    if out is not None:
        write_json(out, to_json(info, run, figures_))
    if info["source"] is not None:
        print(
            f"corpus: {info['source']} - {info['files']} files, {info['mb']} MB; "
            f"baselines parse with: {info['parser']}"
        )
    print(render_table(figures_))
    print(f"\nwritten: {out}" if out else f"\n{DEFAULT_OUT.name} left as it was (give --out)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
