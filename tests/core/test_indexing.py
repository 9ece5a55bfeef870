"""Loading files for an index run: chunking, the worker pool, order and cancellation."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefreader.core.models import Document, Problem
from briefreader.core.sync import pool
from briefreader.core.sync import scan as indexing


def _files(folder: Path, count: int) -> list[tuple[str, int]]:
    folder.mkdir(exist_ok=True)
    files = []
    for i in range(count):
        path = folder / f"note-{i:03}.md"
        if i % 7 == 3:
            path.write_bytes(b"")  # empty: a Problem, in its place
        else:
            path.write_text(f"# Note {i}\n\nParagraph number {i} about export controls.\n")
        files.append((str(path), path.stat().st_size))
    return files


def test_chunks_hold_at_most_chunk_size_files_and_about_chunk_bytes(monkeypatch) -> None:
    monkeypatch.setattr(indexing, "CHUNK_SIZE", 3)
    monkeypatch.setattr(indexing, "CHUNK_BYTES", 100)
    files = [("a", 10), ("b", 10), ("c", 10), ("d", 10), ("e", 95), ("f", 500), ("g", 1)]
    chunks = list(indexing._chunks(files))
    assert chunks == [["a", "b", "c"], ["d"], ["e"], ["f"], ["g"]]


@pytest.mark.parametrize("ahead", [1, 3, 192])
def test_the_worker_pool_returns_every_file_in_order(
    tmp_path: Path, monkeypatch, ahead: int
) -> None:
    files = _files(tmp_path / "lib", 40)
    monkeypatch.setattr(indexing, "PARALLEL_THRESHOLD", 1)
    monkeypatch.setattr(indexing, "CHUNK_SIZE", 4)
    monkeypatch.setattr(pool, "AHEAD_FILES", ahead)
    results = list(indexing.iter_loaded(files, cancel=None))
    assert [r.path for r in results] == [p for p, _s in files]
    problems = [r for r in results if isinstance(r, Problem)]
    assert len(problems) == sum(1 for i in range(40) if i % 7 == 3)
    documents = [r for r in results if isinstance(r, Document)]
    assert documents[0].title == "Note 0"


def test_a_small_run_loads_only_what_could_run_away_in_a_worker(
    tmp_path: Path, monkeypatch
) -> None:
    files = _files(tmp_path / "lib", 6)
    big = tmp_path / "lib" / "big.md"
    big.write_text("# Big\n\n" + "Export controls. " * 400)
    files.append((str(big), big.stat().st_size))
    started: list[int] = []
    real_start = pool.LoadingPool._start

    def counting_start(self: pool.LoadingPool) -> object:
        started.append(self.size)
        return real_start(self)

    monkeypatch.setattr(pool.LoadingPool, "_start", counting_start)
    results = list(indexing.iter_loaded(files, cancel=None))
    assert sorted(r.path for r in results) == sorted(p for p, _s in files)
    assert started == [1]  # one worker, for big.md alone
    assert [indexing.needs_worker(p, s) for p, s in files].count(True) == 1


def test_a_small_run_loads_a_big_markdown_file_here_once_its_pieces_are_cached(
    tmp_path: Path, monkeypatch
) -> None:
    big = tmp_path / "lib" / "big.md"
    big.parent.mkdir()
    big.write_text("\n\n".join(f"Paragraph {i} on export controls." for i in range(300)))
    cache = tmp_path / "cache" / "pieces.sqlite3"
    started: list[int] = []
    real_start = pool.LoadingPool._start

    def counting_start(self: pool.LoadingPool) -> object:
        started.append(self.size)
        return real_start(self)

    monkeypatch.setattr(pool.LoadingPool, "_start", counting_start)
    first = list(indexing.iter_loaded([(str(big), big.stat().st_size)], None, None, cache))
    assert started == [1]  # nothing cached yet: converted in a worker, which keeps the pieces
    big.write_text(big.read_text() + "\n\nRevision: the agency revised its rule.")
    second = list(indexing.iter_loaded([(str(big), big.stat().st_size)], None, None, cache))
    assert started == [1]  # one new piece to convert: loaded here
    assert isinstance(first[0], Document) and isinstance(second[0], Document)
    assert second[0].text == first[0].text + "\nRevision: the agency revised its rule."


def test_cancelling_stops_loading(tmp_path: Path, monkeypatch) -> None:
    files = _files(tmp_path / "lib", 40)
    monkeypatch.setattr(indexing, "PARALLEL_THRESHOLD", 1)
    monkeypatch.setattr(indexing, "CHUNK_SIZE", 4)
    seen: list[str] = []
    for result in indexing.iter_loaded(files, cancel=lambda: len(seen) >= 8):
        seen.append(result.path)
    assert 8 <= len(seen) < 40
    assert seen == [p for p, _s in files[: len(seen)]]


def test_the_pool_works_with_spawned_workers_as_in_the_window(tmp_path: Path) -> None:
    """The window indexes from a thread, so its workers are spawned, not forked."""
    from multiprocessing import get_context

    files = _files(tmp_path / "lib", 10)
    budget = pool.LoadBudget(60.0, 1536)
    with pool.LoadingPool(2, get_context("spawn"), budget) as loading:
        results = list(loading.load(indexing._chunks(files)))
    assert [r.path for r in results] == [p for p, _s in files]
    assert loading.replaced == 0
