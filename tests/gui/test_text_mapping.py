"""The pure offset arithmetic, without Qt."""

from __future__ import annotations

from briefreader.core.models import Block
from briefreader.gui.text_mapping import TextMapping, displayable, utf16_len


def test_utf16_len_counts_surrogate_pairs() -> None:
    assert utf16_len("abc") == 3
    assert utf16_len("a😀b") == 4
    assert utf16_len("中文\u202f") == 3


def test_displayable_replaces_block_breaks_one_for_one() -> None:
    text = "a\u2029b\rc\ufdd0d\ufdd1"
    shown = displayable(text)
    assert len(shown) == len(text)
    assert not set("\u2029\r\ufdd0\ufdd1") & set(shown)
    assert displayable("plain") == "plain"


def test_offsets_round_trip_with_astral_characters_and_gaps() -> None:
    text = "a😀b\n\nx𝔘𝔫y"
    blocks = (Block("paragraph", 0, 3), Block("blank", 4, 4), Block("paragraph", 5, 9))
    # Qt: "a" + 2 units + "b" = 4 units, separator, empty block, two frame chars, then block 3.
    mapping = TextMapping(text, blocks, [0, 5, 8])
    assert [mapping.qt_position(o) for o in range(len(text) + 1)] == [
        0, 1, 3, 4, 5, 8, 9, 11, 13, 14,
    ]  # fmt: skip
    for offset in range(len(text) + 1):
        assert mapping.canonical_offset(mapping.qt_position(offset)) == offset
    assert mapping.canonical_offset(2) == 1  # inside the surrogate pair: its character
    assert mapping.canonical_offset(6) == 5  # a frame character: the next block's start
    assert mapping.canonical_offset(99) == len(text)
    assert mapping.canonical_offset(-3) == 0


def test_block_segments_split_at_blocks() -> None:
    text = "ab\ncd\nef"
    blocks = (Block("paragraph", 0, 2), Block("paragraph", 3, 5), Block("paragraph", 6, 8))
    mapping = TextMapping(text, blocks, [0, 3, 7])
    assert mapping.block_segments(1, 7) == [(1, 2), (3, 5), (7, 8)]
    assert mapping.block_segments(2, 3) == []  # only the newline
    assert mapping.block_segments(4, 4) == []


def test_empty_document() -> None:
    mapping = TextMapping("", (), [])
    assert mapping.qt_position(5) == 0
    assert mapping.canonical_offset(5) == 0
