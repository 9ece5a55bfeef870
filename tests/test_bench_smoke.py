"""Smoke test of the benchmark harness: it runs end to end and writes well-formed JSON.

Never asserts timings (they belong in bench/, and this machine may be slow or busy). Passes
whether or not the app's modules exist yet: unmeasurable figures are null with a note.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.generator import generate_corpus

pytestmark = pytest.mark.slow  # a whole benchmark run in a subprocess

REPO = Path(__file__).resolve().parent.parent
FIGURE_KEYS = {"name", "value", "unit", "baseline", "ratio", "target", "met"}


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.md"))}


def test_generator_is_deterministic(tmp_path: Path) -> None:
    first = generate_corpus(tmp_path / "a", 12, seed=7)
    second = generate_corpus(tmp_path / "b", 12, seed=7)
    other = generate_corpus(tmp_path / "c", 12, seed=8)
    assert len(first.files) == 12
    assert _tree(first.root) == _tree(second.root)
    assert _tree(first.root) != _tree(other.root)
    text = first.files[0].read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: ")
    assert "\ntags: [" in text and "\n# " in text


def test_harness_writes_results_json(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO))
    args = [sys.executable, "-m", "bench", "--n", "30", "--repeat", "1", "--quick"]
    # relevance reads ../shared/corpus/real: the suite never depends on it; the window
    # groups are left out (their tasks are tried in tests/gui/test_bench_typing.py and
    # tests/gui/test_bench_saved_file.py)
    args += [
        "--skip",
        "reader,saved,startup,idle,relevance,typing",
        "--out",
        str(out),
        "--work",
        str(tmp_path),
    ]
    proc = subprocess.run(args, cwd=REPO, env=env, capture_output=True, text=True, timeout=110)
    assert proc.returncode == 0, proc.stderr[-2000:]
    data = json.loads(out.read_text(encoding="utf-8"))

    assert data["corpus"]["files"] == 30
    assert data["corpus"]["generated"] is True
    names = [f["name"] for f in data["figures"]]
    for expected in (
        "build.docs_per_s",
        "build.peak_rss_mb",
        "first_results.s",
        "rescan.unchanged_s",
        "update.100_files_s",
        "search.p95_ms",
        "reanchor.500_in_1mb_s",
    ):
        assert expected in names
    assert any(n.startswith("export.") for n in names)
    for figure in data["figures"]:
        assert figure.keys() >= FIGURE_KEYS, figure
        if figure["target"] is None:
            assert figure["met"] is None, figure
        else:
            assert isinstance(figure["met"], bool), figure
        if figure["value"] is None:
            assert figure["note"], figure  # a null figure always says why
    # The baselines need nothing from the app: they are always measured.
    by_name = {f["name"]: f for f in data["figures"]}
    assert by_name["build.docs_per_s"]["baseline"] > 0
    assert by_name["search.p95_ms"]["baseline"] > 0
    assert "briefreader-bench-" not in " ".join(p.name for p in tmp_path.iterdir())
