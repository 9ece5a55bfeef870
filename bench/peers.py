"""Indexing a folder as a user would, against Recoll measured in the same run.

``briefreader --data-dir FRESH index CORPUS`` (the command line, a new data dir each time)
and ``recollindex -c FRESH_CONFDIR`` (``topdirs = CORPUS``, the configuration the relevance
group uses) run one after the other, alternating which goes first, ``--repeat`` times each.
The figure is the median wall time of each; the spread (fastest and slowest run) and the
load average before each run are kept, since other work on the machine moves both. The
library is then asked how many documents, and how many PDFs, it holds.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench.context import Context, log
from bench.records import Figure, Target, median
from bench.relevance.systems import recoll_available, write_recoll_config
from bench.runner import REPO_ROOT, child_env

TIMEOUT_S = 1800
RECOLL = "recollindex (Recoll, same folder, same run)"


def _timed(args: list[str], env: dict[str, str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    start = time.perf_counter()
    done = subprocess.run(
        args,
        capture_output=True,
        text=True,
        errors="replace",  # Recoll logs file names in whatever bytes they have
        timeout=TIMEOUT_S,
        env=env,
        cwd=REPO_ROOT,
    )
    return time.perf_counter() - start, done


def _app_index(corpus: Path, data_dir: Path) -> float:
    command = [sys.executable, "-m", "briefreader", "--data-dir", str(data_dir)]
    seconds, done = _timed([*command, "index", str(corpus)], child_env())
    if done.returncode != 0:
        raise RuntimeError(f"briefreader index failed: {done.stderr.strip()[-300:]}")
    return seconds


def _recoll_index(corpus: Path, confdir: Path) -> float:
    write_recoll_config(confdir, corpus)
    env = dict(os.environ)
    env.pop("RECOLL_CONFDIR", None)
    seconds, done = _timed(["recollindex", "-c", str(confdir)], env)
    if done.returncode != 0:
        raise RuntimeError(f"recollindex failed: {done.stderr.strip()[-300:]}")
    return seconds


def _library_counts(data_dir: Path) -> dict[str, int]:
    command = [sys.executable, "-m", "briefreader", "--data-dir", str(data_dir), "docs", "--json"]
    done = subprocess.run(command, capture_output=True, text=True, env=child_env(), check=True)
    docs = json.loads(done.stdout)
    return {"documents": len(docs), "pdfs": sum(1 for d in docs if d.get("format") == "pdf")}


def group_peers(ctx: Context) -> list[Figure]:
    """``briefreader index`` vs ``recollindex`` on the corpus, fresh each time."""
    missing = recoll_available()
    app: list[float] = []
    recoll: list[float] = []
    loads: list[float] = []
    counts: dict[str, int] = {}
    for round_no in range(ctx.repeat):
        order = ("app", "recoll") if round_no % 2 == 0 else ("recoll", "app")
        for engine in order:
            if engine == "recoll" and missing:
                continue
            loads.append(round(os.getloadavg()[0], 2))
            log(f"peers {round_no + 1}/{ctx.repeat}: {engine} (load {loads[-1]})")
            target = ctx.fresh(f"peers-{engine}")
            if engine == "app":
                app.append(_app_index(ctx.corpus, target))
                counts = _library_counts(target)
            else:
                recoll.append(_recoll_index(ctx.corpus, target))
            shutil.rmtree(target, ignore_errors=True)
    pdfs_on_disk = sum(1 for p in ctx.corpus.rglob("*") if p.suffix.lower() == ".pdf")
    note = f"Recoll not measured: {missing}" if missing else None
    extra: dict[str, object] = {
        "app_s": [round(s, 2) for s in app],
        "recoll_s": [round(s, 2) for s in recoll],
        "load_avg_before_runs": loads,
        "library": {**counts, "pdfs_on_disk": pdfs_on_disk},
    }
    return [
        Figure("peers.index_s", median(app), "s", median(recoll), RECOLL,
               Target(ratio_max=1.0), note, len(app), extra),
    ]  # fmt: skip
