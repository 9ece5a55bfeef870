"""Which segments a commit folds into its new one (core/search/writer.py)."""

from __future__ import annotations

from dataclasses import dataclass

from briefreader.core.search.writer import (
    HARD_MAX_SEGMENTS,
    MAX_SEGMENTS,
    SMALL_MERGE_DOCS,
    segments_to_merge,
)


@dataclass(eq=False)
class FakeSegment:
    docs: int

    def doc_count_all(self) -> int:
        return self.docs


def test_below_the_limit_nothing_merges():
    segments = [FakeSegment(1) for _ in range(MAX_SEGMENTS - 1)]
    assert segments_to_merge(segments, MAX_SEGMENTS, None) == []


def test_a_small_batch_folds_only_the_tiny_segments_saves_left():
    big = [FakeSegment(500) for _ in range(6)]
    saves = [FakeSegment(1) for _ in range(HARD_MAX_SEGMENTS - len(big))]
    merged = segments_to_merge(big + saves, HARD_MAX_SEGMENTS, SMALL_MERGE_DOCS)
    assert merged and all(seg in saves for seg in merged)
    assert sum(seg.docs for seg in merged) <= SMALL_MERGE_DOCS


def test_past_the_hard_limit_the_two_smallest_merge_whatever_their_size():
    segments = [FakeSegment(100 + i) for i in range(HARD_MAX_SEGMENTS)]
    merged = segments_to_merge(segments, HARD_MAX_SEGMENTS, SMALL_MERGE_DOCS)
    assert [seg.docs for seg in merged] == [100, 101]


def test_a_large_batch_merges_within_its_budget_of_the_index():
    segments = [FakeSegment(300) for _ in range(MAX_SEGMENTS)]
    merged = segments_to_merge(segments, MAX_SEGMENTS, None)
    assert len(merged) == 2  # 600 documents, the budget
