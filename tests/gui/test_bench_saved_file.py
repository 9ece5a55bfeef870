"""The bench's saved-file task runs with the real window (its figure is timed in bench/)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.gui_tasks import saved_file


@pytest.mark.slow
def test_a_saved_file_is_found_by_the_window_s_library(qapp, tmp_path: Path) -> None:
    result = saved_file(str(tmp_path), n=12, repeat=2, seed=3)
    assert result["missed"] == 0
    assert len(result["times"]) == 2
