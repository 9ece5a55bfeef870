"""The cost curve's pieces: the corpus/scale-mix generator, its PDF writer, the table and
plot, and (slow) a tiny curve run end to end. Never asserts timings."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.curve import merge_sizes
from bench.curve_report import render_table, row, write_plot
from bench.pdfwriter import LINES_PER_PAGE, paginate, pdf_bytes
from bench.scale_mix import KINDS, from_deciles, generate_scale_mix, kind_schedule
from briefreader.core.library import Library
from briefreader.core.models import SearchRequest

REPO = Path(__file__).resolve().parent.parent
TOTAL = sum(kind.count for kind in KINDS)


def test_scale_mix_is_deterministic_and_has_every_format(tmp_path: Path) -> None:
    runs = [
        generate_scale_mix(tmp_path / name, 60, seed)
        for name, seed in (("a", 7), ("b", 7), ("c", 8))
    ]
    first, second, other = (
        [(p.relative_to(r.root), p.read_bytes()) for p in r.files] for r in runs
    )
    assert first == second and first != other
    corpus = runs[0]
    assert len(corpus.files) == 60 == len(list(corpus.root.rglob("*.*")))
    assert set(Counter(p.suffix for p in corpus.files)) == {".md", ".txt", ".htm", ".pdf"}
    folders = {p.relative_to(corpus.root).parts[0] for p in corpus.files}
    assert "crs-reports" in folders and "un-general-debate" in folders
    page = next(p for p in corpus.files if p.suffix == ".htm").read_text(encoding="utf-8")
    assert page.startswith("<html>") and "<pre>" in page


@settings(max_examples=25, deadline=None)
@given(st.integers(min_value=1, max_value=2500))
def test_every_prefix_keeps_the_shares(n: int) -> None:
    made = Counter(kind_schedule(n))
    for kind in KINDS:
        assert abs(made[kind] - n * kind.count / TOTAL) < 1


@settings(max_examples=50, deadline=None)
@given(st.floats(min_value=0, max_value=1, exclude_max=True), st.floats(0, 1, exclude_max=True))
def test_sizes_come_from_the_deciles_in_order(u: float, v: float) -> None:
    deciles = KINDS[0].deciles
    low, high = sorted((u, v))
    assert deciles[0] <= from_deciles(deciles, low) <= from_deciles(deciles, high) <= deciles[-1]


def test_generated_pdf_reads_back_with_pypdfium2(tmp_path: Path) -> None:
    import pypdfium2

    paragraphs = [f"Paragraph {i} (on tariffs) with a back\\slash." * 6 for i in range(40)]
    pages = paginate(paragraphs)
    assert len(pages) > 1 and all(len(p) <= LINES_PER_PAGE for p in pages)
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf_bytes(pages, "A (test) report"))
    document = pypdfium2.PdfDocument(str(path))
    try:
        assert len(document) == len(pages)
        assert document.get_metadata_dict()["Title"] == "A (test) report"
        text = document[1].get_textpage().get_text_range()
    finally:
        document.close()
    assert "(on tariffs) with a back\\slash." in text


def test_the_app_indexes_a_generated_pdf_and_finds_its_words(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    pages = paginate(["Opening page on supply chains."] * 60 + ["The quokkanomics clause."])
    (folder / "memo.pdf").write_bytes(pdf_bytes(pages, "Quokka memo"))
    library = Library.open(tmp_path / "data")
    try:
        library.add_folders([folder])
        assert library.index().added == 1
        hits = library.search(SearchRequest("quokkanomics", include_annotations=False)).hits
        assert [hit.title for hit in hits] == ["Quokka memo"]
    finally:
        library.close()


def _fake_result() -> dict:
    def entry(n: int, scale: float) -> dict:
        names = ("build.docs_per_s", "build.peak_rss_mb", "memory.idle_rss_mb",
                 "startup.first_paint_s", "search.p50_ms", "search.p95_ms",
                 "update.100_files_s", "rescan.unchanged_s")  # fmt: skip
        return {
            "n": n,
            "revision": "abc1234",
            "corpus": {"mb": 15.0 * scale},
            "build_s": 8.0 * scale,
            "disk_mb": {"index": 20.0 * scale, "database": 1.0, "cache": 5.0, "total": 27.0},
            "load_avg": {"build": [1.5, 1.2, 1.0], "rescan": [2.25, 1.5, 1.0]},
            "figures": [{"name": name, "value": 1.0 * scale, "baseline": 0.5} for name in names]
            + [{"name": "search.p95_ms", "value": None}],
        }

    return {"sizes": [entry(1000, 1.0), entry(10_000, 10.0)]}


def test_the_table_has_a_row_per_size_and_the_revision() -> None:
    result = _fake_result()
    table = render_table(result)
    lines = table.splitlines()
    assert lines[0].startswith("| N | files MB | build s | docs/s | index MB")
    assert lines[2].startswith("| 1,000 | 15.0 | 8 | 1 | 20.0 |")
    assert lines[3].startswith("| 10,000 | 150 | 80.0 | 10.0 | 200 |")
    assert "Revision measured: abc1234." in table
    assert row(result["sizes"][0])["search p95 ms"] == 1.0  # the first figure of a name
    assert lines[2].endswith("| 1 | 1 | 0.5 | 1.5/2.25 |")  # rescan, its stat walk, load
    missing = dict(result["sizes"][0], figures=[], disk_mb=None, load_avg={"build": [1.5]})
    assert set(row(missing).values()) >= {None, "1.5/-"}
    assert "| - |" in render_table({"sizes": [missing]})


def test_sizes_of_another_run_join_the_curve() -> None:
    first = {"runs": [{"revision": "a"}], "sizes": [{"n": 1000, "x": 1}, {"n": 10_000, "x": 1}]}
    later = {"runs": [{"revision": "b"}], "sizes": [{"n": 10_000, "x": 2}, {"n": 100, "x": 2}]}
    merged = merge_sizes(first, later)
    assert [(s["n"], s["x"]) for s in merged["sizes"]] == [(100, 2), (1000, 1), (10_000, 2)]
    assert [r["revision"] for r in merged["runs"]] == ["a", "b"]


def test_the_plot_is_a_png_or_a_clear_skip(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "curve.png"
    with monkeypatch.context() as patched:
        patched.setitem(sys.modules, "matplotlib", None)  # as if it were not installed
        message = write_plot(_fake_result(), path)
    assert message.startswith("plot skipped: matplotlib is not installed")
    assert not path.exists()
    pytest.importorskip("matplotlib")
    assert write_plot(_fake_result(), path) == f"plot written: {path}"
    assert path.read_bytes().startswith(b"\x89PNG")


@pytest.mark.slow  # two tiny libraries built and measured in subprocesses
def test_curve_runs_end_to_end(tmp_path: Path) -> None:
    out = tmp_path / "curve.json"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO))
    args = [sys.executable, "-m", "bench.curve", "--sizes", "30,60", "--quick"]
    args += ["--out", str(out), "--work", str(tmp_path)]
    proc = subprocess.run(args, cwd=REPO, env=env, capture_output=True, text=True, timeout=110)
    assert proc.returncode == 0, proc.stderr[-2000:]
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [s["n"] for s in data["sizes"]] == [30, 60]
    for size in data["sizes"]:
        assert size["corpus"]["files"] == size["n"]
        assert size["disk_mb"]["total"] > 0 and size["disk_mb"]["index"] > 0
        assert set(size["load_avg"]) >= {"start", "build", "search", "end"}
        names = {f["name"] for f in size["figures"]}
        assert names >= {"build.docs_per_s", "search.p95_ms", "startup.first_paint_s"}
        values = {f["name"]: f["value"] for f in size["figures"]}
        assert values["build.docs_per_s"] and values["update.100_files_s"] is not None
    table = (tmp_path / "curve.md").read_text(encoding="utf-8")
    assert table.count("\n| ") == 2
    assert ("plot written" in proc.stdout) or ("plot skipped" in proc.stdout)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("briefreader-curve-")]
