"""Query words' scores kept across searches: the same answers, emptied when the index changes."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh import query as wq

from briefreader.core.models import SearchRequest
from briefreader.core.search.entries import DocEntry
from briefreader.core.search.group_cache import GroupScores
from briefreader.core.search.index import SearchIndex
from briefreader.core.search.scoring import FieldGroup

from . import test_typed_queries as typed

QUERIES = ("tariffs", "export control", '"export control"', "contr*", "tarifs~", "steel OR chips")
index = typed.index  # the same small index (a fixture)
search = typed.search


def test_a_word_searched_again_gives_the_same_results(index: SearchIndex) -> None:
    first = [search(index, q) for q in QUERIES]
    again = [search(index, q) for q in QUERIES]
    assert again == first
    typing = [search(index, q, as_you_type=True) for q in ("export c", "export co", "export c")]
    assert typing[0] == typing[2]


def test_an_index_change_is_seen_by_the_next_search(index: SearchIndex) -> None:
    assert search(index, "tariffs").total == 2
    with index.writer() as writer:
        writer.add_document(DocEntry("more", "/lib/more.md", "Memo", "New tariffs.", "markdown"))
    assert search(index, "tariffs").total == 3


def group(text: str) -> FieldGroup:
    return FieldGroup([wq.Term("body", text)])


def test_the_cache_is_bounded_and_follows_the_generation() -> None:
    kept = GroupScores(max_groups=2, max_entries=40)
    kept.use("gen1")
    kept.put(group("a"), {1: 1.0}, ())
    kept.put(group("b"), {2: 1.0}, ("note",))
    assert kept.get(group("a")) == ({1: 1.0}, ())  # a is now the most recent
    kept.put(group("c"), {3: 1.0}, ())
    assert kept.get(group("b")) is None  # the least recently used went
    kept.put(group("big"), {d: 1.0 for d in range(11)}, ())  # over a quarter of the budget
    assert kept.get(group("big")) is None
    kept.use("gen1")
    assert kept.get(group("a")) is not None
    kept.use("gen2")
    assert kept.get(group("a")) is None


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from("abcdefgh"), max_size=40), st.integers(1, 4))
def test_entries_never_pass_the_budget(words: list[str], size: int) -> None:
    kept = GroupScores(max_groups=3, max_entries=20)
    kept.use(0)
    for word in words:
        kept.put(group(word), {d: 1.0 for d in range(size)}, ())
        assert kept._entries <= 20
        assert len(kept._kept) <= 3
        assert kept._entries == sum(len(s) for s, _n in kept._kept.values())


def test_a_cancelled_search_stops(index: SearchIndex) -> None:
    from briefreader.core.errors import SearchCancelled

    asked: list[int] = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) > 1  # after the scores, before the hits

    with pytest.raises(SearchCancelled):
        index.search(SearchRequest(text="tariffs"), cancelled)
    assert search(index, "tariffs").total == 2  # the index is fine afterwards
    assert index.search(SearchRequest(text="tariffs"), lambda: False).total == 2
