"""Word and line differences: what the was/now lines and the version diff are made of."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from briefreader.core.textdiff import (
    ADDED,
    CHANGED,
    REMOVED,
    SAME,
    UNCHANGED,
    Piece,
    bracket_mark,
    inline,
    line_diff,
    unchanged_ranges,
    was_now,
    word_diff,
)


def test_word_diff_marks_the_changed_words_only() -> None:
    pieces = word_diff(
        "restrict exports of germanium and gallium", "restrict exports of tungsten and gallium"
    )
    assert pieces == (
        Piece(SAME, "restrict exports of "),
        Piece(REMOVED, "germanium "),
        Piece(ADDED, "tungsten "),
        Piece(SAME, "and gallium"),
    )
    was, now = was_now(pieces, bracket_mark)
    assert was == "restrict exports of [-germanium-] and gallium"
    assert now == "restrict exports of {+tungsten+} and gallium"
    assert (
        inline(pieces, bracket_mark) == "restrict exports of [-germanium-] {+tungsten+} and gallium"
    )
    assert was_now(word_diff("same", "same"), bracket_mark) == ("same", "same")


def test_was_now_keeps_white_space_outside_the_marks_and_passes_plain_text_through() -> None:
    was, now = was_now(word_diff("a b\nc", "a x\nc"), lambda k, t: f"<{t}>", str.upper)
    assert (was, now) == ("A <b>\nC", "A <x>\nC")


def test_line_diff_pairs_an_edited_line_and_keeps_the_rest() -> None:
    old = "Title\nThe tariff rises to ten percent.\nGone paragraph.\nEnd"
    new = "Title\nNew paragraph.\nThe tariff rises to twelve percent.\nEnd"
    kinds = [
        (c.kind, old[c.old_start : c.old_end], new[c.new_start : c.new_end])
        for c in line_diff(old, new)
    ]
    assert kinds == [
        (UNCHANGED, "Title", "Title"),
        (ADDED, "", "New paragraph."),
        (CHANGED, "The tariff rises to ten percent.", "The tariff rises to twelve percent."),
        (REMOVED, "Gone paragraph.", ""),
        (UNCHANGED, "End", "End"),
    ]
    changed = next(c for c in line_diff(old, new) if c.kind == CHANGED)
    assert [p.text.strip() for p in changed.pieces if p.kind != SAME] == ["ten", "twelve"]
    assert [c.kind for c in line_diff("same\ntext", "same\ntext")] == [UNCHANGED]


lines = st.lists(st.sampled_from(["alpha", "beta gamma", "", "delta", "alpha beta"]), max_size=12)


@given(lines, lines)
def test_unchanged_ranges_are_copies_of_the_old_text_in_order(a: list[str], b: list[str]) -> None:
    old, new = "\n".join(a), "\n".join(b)
    position = 0
    for lo, hi in unchanged_ranges(old, new):
        found = old.find(new[lo:hi], position)
        assert found >= 0
        position = found + (hi - lo)
    changes = line_diff(old, new)  # both texts read back from it, line runs in order
    assert "\n".join(new[c.new_start : c.new_end] for c in changes if c.kind != REMOVED) == new
    assert "\n".join(old[c.old_start : c.old_end] for c in changes if c.kind != ADDED) == old
