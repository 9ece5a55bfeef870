"""Run one benchmark task in a fresh worker subprocess and sample its memory meanwhile."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from bench.rss import tree_pss_mb, tree_rss_mb

REPO_ROOT = Path(__file__).resolve().parent.parent
SAMPLE_SECONDS = 0.05
PSS_EVERY = 20  # PSS is costly to read: once a second


def child_env(**extra: str) -> dict[str, str]:
    """The environment of worker processes: the repo importable, Qt offscreen."""
    env = dict(os.environ)
    path = env.get("PYTHONPATH")
    env["PYTHONPATH"] = str(REPO_ROOT) + (os.pathsep + path if path else "")
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.update(extra)
    return env


class _Sampler(threading.Thread):
    """Samples the summed RSS of a process tree every 50 ms, its summed PSS every second."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_rss = 0.0
        self.peak_pss = 0.0
        self.stop = threading.Event()

    def run(self) -> None:
        count = 0
        while not self.stop.wait(SAMPLE_SECONDS):
            self.peak_rss = max(self.peak_rss, tree_rss_mb(self.pid))
            count += 1
            if count % PSS_EVERY == 0:
                self.peak_pss = max(self.peak_pss, tree_pss_mb(self.pid))


def run_task(task: str, timeout: float = 1800, **kwargs: object) -> dict:
    """Run ``bench.worker`` ``task`` with ``kwargs``; its result dict, or {"error": ...}.

    The result gains ``rss``: the worker's own peak (VmHWM), the largest child's peak
    (RUSAGE_CHILDREN) and the peak of the summed RSS and PSS of the worker's process tree
    (RSS sampled every 50 ms, PSS every second; Linux). ``tree_peak_mb`` is the larger of
    the tree's RSS peak and VmHWM.
    """
    with tempfile.TemporaryDirectory(prefix="bench-task-") as tmp:
        out = Path(tmp) / "result.json"
        err = Path(tmp) / "stderr.txt"
        args = [sys.executable, "-m", "bench.worker", task, json.dumps(kwargs), str(out)]
        with err.open("w") as err_file:
            proc = subprocess.Popen(
                args,
                cwd=REPO_ROOT,
                env=child_env(),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=err_file,
                start_new_session=True,  # its own process group, cleaned up below
            )
            sampler = _Sampler(proc.pid)
            sampler.start()
            try:
                proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                return {"error": f"timed out after {timeout:.0f} s"}
            finally:
                sampler.stop.set()
                sampler.join()
                _kill_group(proc)
        if not out.exists():
            lines = err.read_text(errors="replace").strip().splitlines()
            tail = lines[-1] if lines else f"exit code {proc.returncode}"
            return {"error": f"worker died: {tail[:300]}"}
        result = json.loads(out.read_text())
    rss = result.setdefault("rss", {})
    rss["tree_rss_sampled_mb"] = sampler.peak_rss or None
    rss["tree_pss_sampled_mb"] = sampler.peak_pss or None
    rss["tree_peak_mb"] = max(sampler.peak_rss, rss.get("self_peak_mb") or 0.0) or None
    return result


def _kill_group(proc: subprocess.Popen) -> None:
    """End the worker and anything it left running (its own process group only)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    proc.wait()
