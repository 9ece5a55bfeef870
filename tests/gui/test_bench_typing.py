"""The typing benchmark's task runs in the real window and sees each query's results."""

from __future__ import annotations

from pathlib import Path

from sample_library import write_library

from bench.typing_task import typing_latency
from briefreader.core.library import Library


def test_typing_task_measures_each_typed_query(tmp_path: Path) -> None:
    folder = write_library(tmp_path / "library")
    library = Library.open(tmp_path / "data")
    library.add_folders([folder])
    library.index()
    library.close()
    result = typing_latency(str(tmp_path / "data"), ["vehicles", "export co"], 20.0, seed=1)
    assert result["timeouts"] == 0
    assert len(result["latencies_ms"]) == 2
    assert all(count >= 1 for count in result["shown_per_query"])
