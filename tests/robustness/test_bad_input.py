"""Bad input: every awkward kind of file is read correctly or skipped with a one-line reason.

The loader, ``Library.index`` and the CLI are all checked; nothing raises, nothing hangs,
one bad file never stops the others, and memory stays bounded for the big ones.
"""

from __future__ import annotations

import gc
import itertools
import os
import pickle
import random
import tempfile
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.rss import current_rss_mb, peak_rss_mb, reset_peak
from briefreader import cli
from briefreader.core.formats.documents import SUPPORTED_SUFFIXES, load_document
from briefreader.core.library import Library
from briefreader.core.models import AnchorStatus, LoadError

from .helpers import (
    BIG_TEXT_BYTES,
    LONG_LINE_BYTES,
    Awkward,
    awkward_files,
    big_text,
    long_line,
    prose,
    write_awkward,
    write_traps,
)

pytestmark = pytest.mark.slow  # fault injection, subprocesses, big inputs

AWKWARD = awkward_files()
MB = 1024 * 1024


def _one_line(reason: str) -> bool:
    return bool(reason.strip()) and "\n" not in reason and len(reason) < 300


@pytest.mark.parametrize("item", AWKWARD, ids=[a.name for a in AWKWARD])
def test_loader_reads_or_skips(item: Awkward, tmp_path: Path) -> None:
    path = tmp_path / item.name
    path.write_bytes(item.data)
    if item.read:
        document = load_document(path)
        assert item.contains in document.text
        assert document.text.strip()
        assert "\r" not in document.text and "\x00" not in document.text
        assert document.text == "\n".join(document.text[b.start : b.end] for b in document.blocks)
    else:
        with pytest.raises(LoadError) as caught:
            load_document(path)
        assert _one_line(str(caught.value))
        assert item.reason.lower() in str(caught.value).lower()


@pytest.mark.timeout(90)
def test_library_index_reads_good_files_and_skips_bad_ones(tmp_path: Path) -> None:
    folder = tmp_path / "awkward"
    expected = write_awkward(folder)
    write_traps(folder / "traps")
    with Library.open(tmp_path / "data") as library:
        report = library.index([folder])
        indexed = {r.path for r in library.documents()}
        skipped = {p.path: p.reason for p in report.skipped}
        for path, item in expected.items():
            if item.read:
                assert path in indexed, f"{item.name} was not read: {skipped.get(path)}"
            else:
                assert path in skipped, f"{item.name} was neither read nor reported"
                assert _one_line(skipped[path])
        assert set(indexed) <= set(expected)  # the traps are passed over
        assert report.added == sum(item.read for item in expected.values())
        # what was read is searchable, whatever its encoding
        for query in ("Überprüfung", "出口管制", "€5", "semiconductor", "Zölle"):
            results = library.search(query)
            assert results.message is None and results.total > 0, query


@pytest.mark.timeout(90)
def test_cli_index_reports_each_skipped_file(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "awkward"
    expected = write_awkward(folder)
    data = str(tmp_path / "data")
    assert cli.main(["--data-dir", data, "index", str(folder), "--quiet"]) == cli.EXIT_OK
    out = capsys.readouterr().out
    lines = out.splitlines()
    reading = sum(item.read for item in expected.values())
    assert lines[0].startswith(f"{reading} added,")
    for path, item in expected.items():
        if not item.read:
            line = next((x for x in lines if x.startswith(f"skipped: {path}: ")), None)
            assert line is not None, f"{item.name} not reported:\n{out}"
    assert cli.main(["--data-dir", data, "docs", "--json"]) == cli.EXIT_OK
    listed = capsys.readouterr().out
    for path, item in expected.items():
        assert (f'"{path}"' in listed) == item.read, item.name


def _peak_while(function) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_stays_bounded_for_a_5_mb_text(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(big_text())
    peak = _peak_while(lambda: load_document(path))
    assert peak < 20 * BIG_TEXT_BYTES, f"peak {peak / MB:.0f} MB"


def test_memory_stays_bounded_for_a_2_mb_line(tmp_path: Path) -> None:
    for name in ("line.md", "line.txt"):
        path = tmp_path / name
        path.write_bytes(long_line())
        peak = _peak_while(lambda path=path: load_document(path))
        assert peak < 50 * LONG_LINE_BYTES, f"{name}: peak {peak / MB:.0f} MB"


def test_memory_stays_bounded_for_a_million_short_lines(tmp_path: Path) -> None:
    path = tmp_path / "lines.txt"
    path.write_bytes(b"a\n" * (LONG_LINE_BYTES // 2))  # a block per line: a million blocks
    peak = _peak_while(lambda: load_document(path))
    assert peak < 10 * LONG_LINE_BYTES, f"peak {peak / MB:.0f} MB"  # 264 MB as Block objects
    pickled = pickle.dumps(load_document(path))  # what an indexing worker sends back
    assert len(pickled) < 5 * LONG_LINE_BYTES, f"pickled {len(pickled) / MB:.0f} MB"


def test_memory_stays_bounded_while_indexing_big_files(tmp_path: Path) -> None:
    folder = tmp_path / "big"
    folder.mkdir()
    (folder / "big.txt").write_bytes(big_text())
    (folder / "line.md").write_bytes(long_line())
    with Library.open(tmp_path / "data") as library:
        # resident memory (tracemalloc would make Whoosh ten times slower)
        before = current_rss_mb()
        can_measure = before is not None and reset_peak()
        report = library.index([folder])
        peak = peak_rss_mb()
        assert report.added == 2 and not report.skipped
        assert library.search("semiconductor").total == 2
    if can_measure and peak is not None:
        assert peak - before < 400, f"resident memory grew by {peak - before:.0f} MB"


def test_a_file_that_vanishes_or_turns_bad_between_runs_is_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    folder.mkdir()
    good = folder / "good.md"
    good.write_text("# Good\n\nExport controls.\n", encoding="utf-8")
    turns_bad = folder / "turns-bad.txt"
    turns_bad.write_text("Readable at first.\n", encoding="utf-8")
    with Library.open(tmp_path / "data") as library:
        assert library.index([folder]).added == 2
        turns_bad.write_bytes(b"\xff\xd8\xff\xe0" + bytes(500))  # now a JPEG
        report = library.index([folder])
        assert [p.path for p in report.skipped] == [str(turns_bad.resolve())]
        assert library.search("controls").total == 1


# ---------------------------------------------------------------------------- properties

_PREFIXES = (
    b"",
    b"%PDF-1.4\n",
    b"---\ntitle: x\n",
    b"<html><head><meta charset='utf-16'>",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xfe\xff",
    b"\x00\x00\xfe\xff",
    b"# Heading\n\n",
)
_FILE_BYTES = st.builds(
    lambda prefix, body: prefix + body,
    st.sampled_from(_PREFIXES),
    st.one_of(
        st.binary(max_size=1500),
        st.text(max_size=400).map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.text(max_size=200).map(lambda t: t.encode("utf-16-le", "surrogatepass")),
        st.text(alphabet=st.characters(max_codepoint=0xFF), max_size=300).map(
            lambda t: t.encode("latin-1")
        ),
    ),
)


@settings(max_examples=60, deadline=None)
@given(data=_FILE_BYTES, suffix=st.sampled_from(sorted(SUPPORTED_SUFFIXES)))
def test_any_bytes_under_any_suffix_load_or_raise_load_error(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"doc{suffix}"
        path.write_bytes(data)
        try:
            document = load_document(path)
        except LoadError as error:
            assert _one_line(str(error))
            return
        assert document.text == "\n".join(document.text[b.start : b.end] for b in document.blocks)


@pytest.fixture(scope="module")
def small_library(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    root = tmp_path_factory.mktemp("queries")
    folder = write_awkward_small(root / "lib")
    library = Library.open(root / "data")
    library.index([folder])
    doc_id = library.documents()[0].doc_id
    library.annotate(doc_id, 0, 5, note="a note with export controls", tags=("disputed",))
    yield library
    library.close()


def write_awkward_small(folder: Path) -> Path:
    """A few documents in several scripts, without the big files."""
    folder.mkdir(parents=True)
    for item in awkward_files():
        if item.read and len(item.data) < 10_000 and not item.name.endswith(".pdf"):
            (folder / item.name).write_bytes(item.data)
    return folder


_QUERY_WORDS = st.sampled_from(
    [
        *("export", "controls", "Überprüfung", "出口管制", "€", "§", "1701", "AND", "OR"),
        *("NOT", "(", ")", '"', "*", "~", "?", ":", "title:", "tag:", "source:", "date:"),
        *("path:", "format:", "note:", "quote:", "color:", "has:note", "date:[2024 to 2025]"),
        *("[", "]", "{", "}", "^", "-", "+", "!", "\\", "/", "\u202f", "\u00a0", "'", "’"),
    ]
)
_QUERIES = st.one_of(
    st.text(max_size=80),
    st.lists(st.one_of(_QUERY_WORDS, st.text(max_size=6)), max_size=12).map("".join),
    st.lists(_QUERY_WORDS, max_size=12).map(" ".join),
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(query=_QUERIES)
def test_any_query_string_never_fails_a_search(small_library: Library, query: str) -> None:
    results = small_library.search(query)
    assert "internal error" not in (results.message or "")
    assert results.total >= len(results.hits)


# ---------------------------------------------------------------------------- edit sequences

_BASE_PARAGRAPHS = [f"Paragraph {n}: {prose(25, n)}" for n in range(12)]
_EDIT = st.tuples(
    st.sampled_from(("insert", "delete", "replace", "duplicate", "swap")),
    st.floats(0, 1),
    st.floats(0, 1),
    st.text(alphabet="abc xyz.\n€出", max_size=40),
)


def _apply(text: str, edit: tuple[str, float, float, str]) -> str:
    kind, a, b, new = edit
    i, j = sorted((int(a * len(text)), int(b * len(text))))
    j = min(j, i + 200)
    if kind == "insert":
        return text[:i] + new + text[i:]
    if kind == "delete":
        return text[:i] + text[j:]
    if kind == "replace":
        return text[:i] + new + text[j:]
    if kind == "duplicate":
        return text[:j] + text[i:j] + text[j:]
    lines = text.split("\n")  # swap two lines
    x, y = int(a * (len(lines) - 1)), int(b * (len(lines) - 1))
    lines[x], lines[y] = lines[y], lines[x]
    return "\n".join(lines)


@pytest.fixture
def edit_library(tmp_path: Path) -> Iterator[tuple[Library, Path]]:
    folder = tmp_path / "lib"
    folder.mkdir()
    with Library.open(tmp_path / "data") as library:
        yield library, folder


_COUNTER = itertools.count()


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    edits=st.lists(_EDIT, min_size=1, max_size=6),
    picks=st.lists(
        st.tuples(st.integers(0, 11), st.integers(0, 30), st.integers(3, 40)),
        min_size=1,
        max_size=5,
    ),
)
def test_edit_sequences_never_lose_or_corrupt_annotations(
    edit_library: tuple[Library, Path], edits: list, picks: list
) -> None:
    # Hypothesis seeds the global ``random`` the same way for every example, and Whoosh
    # names new index segments with it: without this, each example's segments would take
    # the names (and overwrite the files) of the previous example's.
    random.seed(os.urandom(16))
    library, folder = edit_library
    sub = folder / f"case-{next(_COUNTER)}"
    sub.mkdir()
    path = sub / "edited.txt"
    text = "\n".join(_BASE_PARAGRAPHS)
    path.write_text(text, encoding="utf-8")
    library.index([sub])
    doc_id = library.record_for_path(path).doc_id
    made = {}
    for paragraph, offset, length in picks:
        start = text.index(_BASE_PARAGRAPHS[paragraph]) + offset
        end = start + length
        if text[start:end].strip():
            annotation = library.annotate(doc_id, start, end, note=f"n{len(made)}")
            made[annotation.id] = annotation
    for edit in edits:
        text = _apply(text, edit)
    if not text.strip():
        text = "everything was deleted"
    path.write_text(text, encoding="utf-8")
    library.index([sub])
    after = {a.id: a for a in library.annotations(doc_id=doc_id)}
    assert after.keys() == made.keys()
    current = library.document(doc_id).text
    for annotation_id, annotation in after.items():
        assert annotation.note == made[annotation_id].note
        assert annotation.status in set(AnchorStatus)
        if annotation.status in (AnchorStatus.ANCHORED, AnchorStatus.MOVED):
            anchor = annotation.anchor
            assert current[anchor.start : anchor.end] == anchor.exact
            assert anchor.exact == made[annotation_id].anchor.exact
        elif annotation.status is AnchorStatus.FUZZY:
            anchor = annotation.anchor
            assert current[anchor.start : anchor.end] == anchor.exact


# ---------------------------------------------------------------------------- many blocks


@pytest.mark.timeout(90)  # a hang guard: unchunked, 150,000 paragraphs took minutes
def test_markdown_with_very_many_paragraphs_loads(tmp_path: Path) -> None:
    path = tmp_path / "many.md"
    path.write_bytes(b"# Many\n\n" + b"word\n\n" * 60_000 + b"The end.\n")
    document = load_document(path)
    assert document.text.count("\n") == 60_001
    assert document.text.endswith("word\nThe end.")


def test_chunked_markdown_reads_like_the_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    import markdown

    from briefreader.core.formats import documents
    from briefreader.core.formats.blocks import html_to_blocks, sanitize_html

    monkeypatch.setattr(documents, "MARKDOWN_CHUNK_BLOCKS", 40)  # chunks of 40 blocks
    paragraphs = [f"Paragraph {n} with a [link][ref] and *emphasis*." for n in range(600)]
    fence = "```\ncode line\n\n\ncode after blank lines\n```"
    items = "- item one\n\n    continued item\n- item two"
    body = "\n\n".join([*paragraphs[:300], fence, items, *paragraphs[300:]])
    body += "\n\n[ref]: https://www.bis.gov/\n"
    assert len(documents._markdown_chunks(body)) > 10

    whole = markdown.Markdown(extensions=list(documents.MARKDOWN_EXTENSIONS)).convert(body)
    text, blocks = html_to_blocks(sanitize_html(documents.markdown_to_html(body)))
    expected, expected_blocks = html_to_blocks(sanitize_html(whole))
    assert text == expected
    assert [b.spans for b in blocks] == [b.spans for b in expected_blocks]
