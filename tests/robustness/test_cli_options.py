"""Search options out of range, impossible dates, reversed ranges and words too long to be
indexed: each gets one clear line instead of a quiet wrong answer."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefreader import cli
from briefreader.cli.parser import MAX_LIMIT
from briefreader.core.library import Library
from briefreader.core.search.results import MAX_PAGE_SIZE


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("options")
    folder = root / "lib"
    folder.mkdir()
    for n in range(3):
        (folder / f"brief-{n}.md").write_text(
            f"---\ndate: 2024-0{n + 1}-15\n---\n# Brief {n}\n\nThe tariff review, part {n}.\n",
            encoding="utf-8",
        )
    with Library.open(root / "data") as library:
        library.index([folder])
    return root / "data"


def _search(data_dir: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = cli.main(["--data-dir", str(data_dir), "search", "tariff", *args])
    except SystemExit as stop:  # argparse refuses the option
        code = int(stop.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--limit", "0"], "argument --limit: must be a whole number from 1 to 1,000, not 0"),
        (["--limit", "-1"], "argument --limit: must be a whole number from 1 to 1,000, not -1"),
        (["--limit", "5000"], "argument --limit: must be a whole number from 1 to 1,000"),
        (["--page", "0"], "argument --page: must be a whole number from 1 to 1,000,000,000"),
        (
            ["--page", "1e20"],
            "argument --page: must be a whole number from 1 to 1,000,000,000, not '1e20'",
        ),
        (["--page", "9" * 5000], "argument --page: must be a whole number from 1 to "),
        (["--from", "2024-02-30"], "argument --from: '2024-02-30' is not a date: day is out"),
        (["--to", "2024-13"], "argument --to: '2024-13' is not a date: month must be in 1..12"),
        (["--from", "yesterday"], "'yesterday' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"),
    ],
)
def test_options_out_of_range_are_refused_in_one_line(
    data_dir: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, out, err = _search(data_dir, capsys, *args)
    assert code == cli.EXIT_USAGE and out == ""
    assert message in err.strip().splitlines()[-1], err
    assert len(err.strip().splitlines()[-1]) < 200


def test_a_page_past_the_end_says_so(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _search(data_dir, capsys, "--page", "1000000000")
    assert code == cli.EXIT_OK
    assert out == "No results on page 1,000,000,000; 3 result(s) in all.\n"
    assert "Page 1,000,000,000 is past the last page (1) of these results." in err


def test_a_reversed_date_range_gets_a_hint(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _search(data_dir, capsys, "--from", "2024-03", "--to", "2024-01")
    assert code == cli.EXIT_ERROR and out == ""
    assert err.strip() == (
        "briefreader: --from 2024-03 is after --to 2024-01, so no date can match; "
        "did you mean --from 2024-01 --to 2024-03?"
    )
    code, out, _err = _search(data_dir, capsys, "--from", "2024-02", "--to", "2024-02")
    assert code == cli.EXIT_OK and out.startswith("1 result(s)")  # one month is a range


@pytest.mark.parametrize("length", [65, 100_000])
def test_a_word_too_long_to_be_indexed_is_named(
    data_dir: Path, capsys: pytest.CaptureFixture[str], length: int
) -> None:
    word = "a" * length
    assert cli.main(["--data-dir", str(data_dir), "search", word]) == cli.EXIT_OK
    captured = capsys.readouterr()
    assert captured.out == "No results.\n"
    assert captured.err.strip() == (
        f"briefreader: Ignored “{'a' * 20}…” ({length:,} characters): words longer than "
        "64 characters are not indexed."
    )
    assert cli.main(["--data-dir", str(data_dir), "search", f"tariff {word}"]) == cli.EXIT_OK
    captured = capsys.readouterr()
    assert captured.out.startswith("3 result(s)") and "Ignored “aaaa" in captured.err


def test_the_limit_matches_the_largest_page() -> None:
    assert MAX_LIMIT == MAX_PAGE_SIZE
