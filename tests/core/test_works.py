"""What a work is (core/works.py): text keys, report keys, work ids, member order."""

from __future__ import annotations

import hashlib
import re

from hypothesis import given
from hypothesis import strategies as st

from briefreader.core import works
from briefreader.core.models import WorkMember

BODY = " ".join(f"word{i}" for i in range(30))


def test_the_same_words_in_two_formats_share_a_text_key() -> None:
    markdown = f"# The Title\n\n**{BODY}**, and _more_.\n"
    text = f"THE TITLE\n{BODY} and more"
    assert works.text_key(markdown) == works.text_key(text) != ""
    assert works.text_key(text + " extra") != works.text_key(text)


def test_a_short_text_has_no_text_key() -> None:
    assert works.text_key("Too short to tell.") == ""


@given(st.text(alphabet="ab ,.\n", max_size=300), st.integers(1, 40))
def test_text_keys_do_not_depend_on_where_the_text_is_cut(text: str, piece: int) -> None:
    """Pieces are cut at white space: the key is the hash of all the words."""
    original = works._PIECE
    works._PIECE = piece
    try:
        found = works.text_key(text)
    finally:
        works._PIECE = original
    words = re.sub(r"[\W_]+", " ", text.casefold()).split()
    expected = hashlib.sha256(" ".join(words).encode()).hexdigest()[:32]
    assert found == (expected if len(words) >= 20 else "")


def test_work_ids() -> None:
    assert works.work_id("d1", " if 13204", "abc") == "report:IF13204"
    assert works.work_id("d1", None, "abc") == "text:abc"
    assert works.work_id("d1", None, "") == "doc:d1"
    assert works.work_id("d1", "IF1", "abc", override="doc:d1") == "doc:d1"


def member(path: str, fmt: str, version: str | None, missing: bool = False) -> WorkMember:
    return WorkMember(path, path, fmt, version, "T", missing=missing)


def test_members_order_newest_version_then_the_preferred_format() -> None:
    found = [
        member("a.pdf", "pdf", "2"),
        member("a1.md", "markdown", "1"),
        member("a.md", "markdown", "2"),
        member("gone.md", "markdown", "3", missing=True),
    ]
    by_markdown = [m.path for m in works.ordered_members(found, "markdown")]
    assert by_markdown == ["a.md", "a.pdf", "a1.md", "gone.md"]
    assert works.ordered_members(found, "pdf")[0].path == "a.pdf"
    assert works.describe("pdf", "2") == "PDF v2" and works.describe("text", None) == "text"
