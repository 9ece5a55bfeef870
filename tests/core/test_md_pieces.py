"""Markdown converted in pieces (core/formats/md_pieces.py) is exactly the full conversion."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefreader.core.formats import documents, md_pieces
from briefreader.core.formats.documents import load_document
from briefreader.core.formats.md_pieces import TooMuchToConvert, split_pieces
from briefreader.core.formats.piece_cache import PieceCache
from briefreader.core.models import LoadError

CONTENT = Path(__file__).resolve().parents[2] / "content"


class MemoryPieces(dict[str, bytes]):
    """A PieceStore in a dict, counting what was written."""

    writes = 0

    def get_many(self, keys):
        return {k: self[k] for k in keys if k in self}

    def put_many(self, items):
        self.writes += len(items)
        self.update(items)


def _parsed(data: bytes, pieces=None):
    try:
        parsed = documents._load_markdown(data, pieces)
    except LoadError as error:  # e.g. a body that reads as front matter only: the same error
        return str(error)
    return parsed.text, tuple(parsed.blocks), parsed.metadata, parsed.warnings


def assert_same_in_pieces(body: str) -> MemoryPieces:
    data = body.encode("utf-8", "surrogatepass")
    whole = _parsed(data)
    store = MemoryPieces()
    assert _parsed(data, store) == whole  # every group converted
    assert _parsed(data, store) == whole  # every group from the store
    return store


# -- generated Markdown ------------------------------------------------------------------

_WORDS = st.sampled_from(
    ["export", "controls", "Entity", "List", "**bold**", "*it*", "`code`", "[a](http://x.y)",
     "1.", "-", "+", "*", ">", ":", "|", "#", "=", "\\", "&amp;", "_x_", "2)", "~", "a  ",
     "{: .note}", "{#id}", "![i](p.png)", "***x***", "~~s~~", "^", "\u00a0"]
)  # fmt: skip
_TEXT = st.lists(_WORDS, min_size=1, max_size=6).map(" ".join)
_INDENT = st.sampled_from(["", " ", "  ", "   ", "    ", "\t"])


def _lines(draw: st.DrawFn, prefix: st.SearchStrategy[str], n: int = 3) -> str:
    count = draw(st.integers(1, n))
    return "\n".join(draw(prefix) + draw(_TEXT) for _ in range(count))


@st.composite
def _block(draw: st.DrawFn) -> str:
    kind = draw(st.integers(0, 11))
    if kind == 0:
        return draw(_TEXT)
    if kind == 1:
        return draw(st.sampled_from(["#", "##", "###"])) + " " + draw(_TEXT)
    if kind == 2:
        return draw(_TEXT) + "\n" + draw(st.sampled_from(["===", "---"]))
    if kind == 3:
        return _lines(draw, st.sampled_from(["- ", "* ", "  - ", "    - ", "+ "]))
    if kind == 4:
        return _lines(draw, st.sampled_from(["1. ", "2. ", "3) ", "   1. ", "10. "]))
    if kind == 5:
        return _lines(draw, st.sampled_from(["> ", ">", "> > ", ""]))
    if kind == 6:
        return _lines(draw, st.sampled_from(["    ", "\t", "     "]))
    if kind == 7:
        return "| a | b |\n|---|---|\n| " + draw(_TEXT) + " | c |"
    if kind == 8:
        return draw(st.sampled_from(["---", "***", "* * *", "___", "1.  ", "-", "1."]))
    if kind == 9:
        return draw(_TEXT) + "\n:   " + draw(_TEXT)
    if kind == 10:
        return _lines(draw, _INDENT)
    return draw(_INDENT) + draw(_TEXT)


_SEPARATOR = st.sampled_from(["\n\n", "\n", "\n\n\n", "\n \n", "\n\t\n", "\n  \n\n"])


@st.composite
def markdown_bodies(draw: st.DrawFn) -> str:
    blocks = draw(st.lists(_block(), min_size=2, max_size=12))
    out = blocks[0]
    for block in blocks[1:]:
        out += draw(_SEPARATOR) + block
    return draw(st.sampled_from(["", "\n", "\n\n"])) + out + draw(st.sampled_from(["", "\n"]))


@settings(max_examples=300)
@given(markdown_bodies())
def test_pieces_convert_like_the_whole(body):
    assert_same_in_pieces(body)


@settings(max_examples=100)
@given(markdown_bodies(), markdown_bodies())
def test_an_edited_document_converts_like_the_whole(body, addition):
    store = assert_same_in_pieces(body)
    edited = (body + "\n\n" + addition).encode()
    assert _parsed(edited, store) == _parsed(edited)


# -- regressions and the shapes that are never cut --------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        " \n1.  [Parent]()\n2.  Current\n\nBy the President",  # a first line of spaces
        "Proclaimed.\n\nDONALD J. TRUMP\n\n1.  \n",  # an empty list item at the end
        "- a\n\n- b\n\nafter the list\n\nmore",  # a loose list, then paragraphs
        "> quote\n\n> more quote\n\nplain",  # quotes across a blank line are one quote
        "    code\n\n    more code\n\ntext",  # so is indented code
        "    code\n\n\n\n\ntext",  # blank lines after code: Python-Markdown appends them
        "Term\n\n:   definition\n\nnext",  # a definition after a blank line
        "| a |\n|---|\n| b |\n\ntext\n\n| c |\n|---|\n| d |",  # two tables: numbered in turn
        "export\n\n\xa0\n:   export",  # a no-break space is no term: the definition reaches up
    ],
)
def test_shapes_that_span_blank_lines(body):
    assert_same_in_pieces(body + "\n\nA closing paragraph.\n\nAnd another one.")


@pytest.mark.parametrize(
    "body",
    [
        "See [the rule][r].\n\n[r]: http://example.com\n\nmore",
        "A note[^1].\n\n[^1]: the note\n\nmore",
        "The WTO rules.\n\n*[WTO]: World Trade Organization\n\nmore",
        "<div>\n\nraw\n\n</div>\n\nmore",
        "```\ncode\n\nstill code\n```\n\nmore",
        "~~~\ncode\n\n~~~\n\nmore",
    ],
)
def test_documents_with_global_constructs_are_not_cut(body):
    assert split_pieces(body) is None
    assert_same_in_pieces(body)


def test_an_appended_paragraph_converts_one_group():
    body = "\n\n".join(f"Paragraph {i} on export controls and tariffs." for i in range(40))
    store = assert_same_in_pieces(body)
    written = store.writes
    edited = (body + "\n\nRevision: the agency revised its rule.").encode()
    assert _parsed(edited, store) == _parsed(edited)
    assert store.writes - written == 1


def test_the_fresh_limit_counts_only_what_is_not_stored(tmp_path):
    path = tmp_path / "brief.md"
    path.write_text("\n\n".join(f"Paragraph {i} on the Entity List." for i in range(200)))
    store = MemoryPieces()
    with pytest.raises(TooMuchToConvert):
        load_document(path, pieces=store, fresh_limit=1000)
    assert load_document(path, pieces=store) == load_document(path)
    path.write_text(path.read_text() + "\n\nA new closing paragraph.")
    assert load_document(path, pieces=store, fresh_limit=1000) == load_document(path)


def test_a_document_that_cannot_be_cut_honours_the_fresh_limit(tmp_path):
    path = tmp_path / "brief.md"
    path.write_text("See [the rule][r].\n\n[r]: http://example.com\n\n" + "word " * 400)
    with pytest.raises(TooMuchToConvert):
        load_document(path, pieces=MemoryPieces(), fresh_limit=1000)


def test_the_sample_library_converts_the_same_in_pieces(tmp_path):
    cache = PieceCache(tmp_path / "pieces.sqlite3")
    files = sorted(CONTENT.rglob("*.md"))
    assert files
    for path in files:
        whole = load_document(path)
        assert load_document(path, pieces=cache) == whole
        cache.flush()
        assert load_document(path, pieces=cache) == whole
    cache.close()


# -- the cache file -----------------------------------------------------------------------


def test_cache_round_trip_and_damage(tmp_path):
    path = tmp_path / "cache" / "pieces.sqlite3"
    cache = PieceCache(path)
    cache.put_many({"a": b"1", "b": b"2"})
    assert cache.get_many(["a", "c"]) == {"a": b"1"}  # waiting entries are seen at once
    cache.close()
    again = PieceCache(path)
    assert again.get_many(["a", "b"]) == {"a": b"1", "b": b"2"}
    again.close()
    path.write_bytes(b"not a database" * 100)
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    damaged = PieceCache(path)
    assert damaged.get_many(["a"]) == {}
    damaged.put_many({"a": b"3"})
    damaged.close()
    assert PieceCache(path).get_many(["a"]) == {"a": b"3"}


def test_a_damaged_entry_is_converted_again(tmp_path):
    body = "\n\n".join(f"Paragraph {i}." for i in range(12))
    store = assert_same_in_pieces(body)
    for key in store:
        store[key] = b"garbage"
    assert _parsed(body.encode(), store) == _parsed(body.encode())


def test_cache_stays_within_its_bound(tmp_path, monkeypatch):
    from briefreader.core.formats import piece_cache

    monkeypatch.setattr(piece_cache, "_PRUNE_EVERY", 10)
    path = tmp_path / "pieces.sqlite3"
    cache = PieceCache(path, max_bytes=10_000)
    for i in range(50):
        cache.put_many({f"k{i}": bytes(1000)})
        cache.flush()
    cache.close()
    with sqlite3.connect(path) as conn:
        (total,) = conn.execute("SELECT sum(size) FROM pieces").fetchone()
        (newest,) = conn.execute("SELECT count(*) FROM pieces WHERE key = 'k49'").fetchone()
    assert total <= 10_000
    assert newest == 1


def test_group_boundaries_follow_content():
    pieces = [f"p{i}" for i in range(60)]
    groups = md_pieces.group_pieces(pieces)
    assert "\n\n".join(groups) == "\n\n".join(pieces)
    inserted = md_pieces.group_pieces([*pieces[:30], "new", *pieces[30:]])
    assert len(set(groups) - set(inserted)) <= 1  # only the group that took it differs
