"""Symbolic links in a library folder: followed only to targets inside the library folders
(or never, as a setting), never into /proc, /sys or /dev, loops cost nothing, and every
file is indexed once, by its own path."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from briefreader import cli
from briefreader.core.library import Library

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX symbolic links")


def _dir_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


@pytest.fixture
def linked(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A library folder full of links, a second library folder, and a folder outside."""
    lib, second, outside = tmp_path / "lib", tmp_path / "second", tmp_path / "outside"
    for folder in (lib / "sub", second, outside, lib / ".hidden"):
        folder.mkdir(parents=True)
    (lib / "a.md").write_text("# A\n\nThe zqa memo.\n")
    (lib / "sub" / "b.md").write_text("# B\n\nThe zqb memo.\n")
    (second / "c.md").write_text("# C\n\nThe zqc memo.\n")
    (outside / "d.md").write_text("# D\n\nThe zqd memo.\n")
    (lib / ".hidden" / "e.md").write_text("# E\n\nThe zqe memo.\n")
    links = {
        "root": "/",
        "proc": "/proc",
        "sys": "/sys",
        "dev": "/dev",
        "zero.txt": "/dev/zero",
        "outside": str(outside),
        "outside-file.md": str(outside / "d.md"),
        "loop": str(lib),
        "sub/up": "..",
        "ping": str(lib / "pong"),
        "pong": str(lib / "ping"),
        "alias.md": "a.md",
        "sub-again": "sub",
        "to-second": str(second),
        "dangling.md": "no-such-file.md",
        "hidden-folder": ".hidden",
    }
    for name, target in links.items():
        os.symlink(target, lib / name)
    return lib, second, outside


@pytest.mark.timeout(120)  # a link to / followed took 170 s and 10,311 system files
def test_links_lead_nowhere_outside_the_library(
    linked: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    lib, second, outside = linked
    data = tmp_path / "data"
    with Library.open(data) as library:
        report = library.index([lib, second])
        paths = sorted(Path(r.path).relative_to(tmp_path).as_posix() for r in library.documents())
        assert paths == ["lib/a.md", "lib/hidden-folder/e.md", "lib/sub/b.md", "second/c.md"]
        reasons = {Path(p.path).name: p.reason for p in report.skipped}
        assert set(reasons) == {
            "root", "proc", "sys", "dev", "zero.txt", "outside", "outside-file.md"
        }  # fmt: skip
        for name in ("proc", "sys", "dev", "zero.txt"):
            assert reasons[name].endswith("(system files are never indexed)"), reasons[name]
        assert reasons["root"] == (
            "a link to /, outside the library folders (add that folder to index it)"
        )
        assert reasons["outside"].startswith(f"a link to {outside}, outside the library")
        assert library.search("zqd").total == 0
        again = library.index([lib, second])
        assert (again.added, again.unchanged) == (0, 4)
    assert _dir_size(data) < 20 * 2**20


def test_never_following_links_is_a_setting(
    linked: tuple[Path, Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lib, second, _outside = linked
    base = ["--data-dir", str(tmp_path / "data")]
    assert cli.main([*base, "settings", "index.follow_links", "never"]) == cli.EXIT_OK
    assert capsys.readouterr().out.startswith("index.follow_links = never")
    assert cli.main([*base, "index", str(lib), str(second), "--quiet"]) == cli.EXIT_OK
    out = capsys.readouterr().out
    assert out.startswith("3 added,")  # a, sub/b and c: the hidden folder only by a link
    assert out.count("(not followed: the setting index.follow_links is never)") == 14
    assert cli.main([*base, "settings", "index.follow_links", "sometimes"]) == cli.EXIT_ERROR
    assert "index.follow_links is 'inside' or 'never'" in capsys.readouterr().err


def test_a_library_folder_of_slash_never_enters_proc_sys_or_dev(tmp_path: Path) -> None:
    from briefreader.core.formats.walk import is_system_path, iter_library_entries

    skipped: list[tuple[str, str]] = []
    walked = iter_library_entries(
        ["/proc", "/sys/kernel"], (".txt",), on_skip=lambda *a: skipped.append(a)
    )
    assert list(walked) == []
    assert [path for path, _reason in skipped] == ["/proc", "/sys/kernel"]
    assert is_system_path("/dev/shm/x") and not is_system_path("/devices/x")
