"""Queries as people type them: lowercase operators, words being typed, fuzzy words."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from briefreader.core.models import SearchRequest, SearchResults
from briefreader.core.search.entries import DocEntry
from briefreader.core.search.index import SearchIndex
from briefreader.core.search.query import Word, parse_query

TEXTS = {
    "steel": "Tariffs on steel imports rose.",
    "tariffs": "Tariffs on lumber imports rose.",
    "control": "Export control rules for chips.",
    "controversy": "A controversy over exports.",
    "beijing": "Officials in Beijing met the delegation.",
    "being": "The plan is being reviewed. Being late, it was delayed. Being there matters.",
    "beijng": "Officials in Beijng met the delegation.",
    "trade": "Trade rules were agreed.",
    "trademark": "Trademark rules were agreed.",
}


@pytest.fixture
def index(tmp_path: Path) -> Iterator[SearchIndex]:
    index = SearchIndex(tmp_path / "index", TEXTS.get)
    index.open()
    with index.writer() as writer:
        for doc_id, text in TEXTS.items():
            writer.add_document(DocEntry(doc_id, f"/lib/{doc_id}.md", "Memo", text, "markdown"))
    yield index
    index.close()


def search(index: SearchIndex, text: str, **kwargs) -> SearchResults:
    return index.search(SearchRequest(text=text, include_annotations=False, **kwargs))


def ranked(index: SearchIndex, text: str, **kwargs) -> list[str]:
    return [hit.doc_id for hit in search(index, text, **kwargs).hits]


# ---------------------------------------------------------------------- lowercase operators


def test_a_lowercase_not_is_a_word_with_a_hint(index: SearchIndex) -> None:
    results = search(index, "tariffs not steel")
    assert [h.doc_id for h in results.hits] == ["steel"]
    assert results.suggestion == "tariffs NOT steel"
    assert results.message is not None and "NOT in capitals" in results.message
    assert ranked(index, results.suggestion) == ["tariffs"]


def test_a_lowercase_or_gets_a_hint_and_and_does_not(index: SearchIndex) -> None:
    assert search(index, "steel or lumber").suggestion == "steel OR lumber"
    assert search(index, "tariffs and steel").suggestion is None
    assert search(index, "not steel").suggestion is None  # nothing before it to exclude from


# ---------------------------------------------------------------------- search as you type


def test_the_word_being_typed_matches_as_a_prefix(index: SearchIndex) -> None:
    assert ranked(index, "export contr") == []
    assert set(ranked(index, "export contr", as_you_type=True)) == {"control", "controversy"}
    assert ranked(index, "lumber imp", as_you_type=True) == ["tariffs"]


def test_the_whole_word_being_typed_ranks_above_its_completions(index: SearchIndex) -> None:
    assert ranked(index, "trade", as_you_type=True) == ["trade", "trademark"]
    assert ranked(index, "trade") == ["trade"]


def test_a_finished_word_is_not_a_prefix() -> None:
    (word,) = [parse_query("contro ", as_you_type=True).root]
    assert isinstance(word, Word) and not word.prefix
    typed = parse_query("contro", as_you_type=True).root
    assert isinstance(typed, Word) and typed.prefix and typed.typing
    assert (
        parse_query('"export contro"', as_you_type=True).root == parse_query('"export contro"').root
    )


def test_one_letter_after_other_words_waits_for_more(index: SearchIndex) -> None:
    assert ranked(index, "export c", as_you_type=True) == ranked(index, "export")


# ---------------------------------------------------------------------- exact above fuzzy


def test_exact_matches_rank_above_fuzzy_ones(index: SearchIndex) -> None:
    found = ranked(index, "Beijing~2")
    assert found[0] == "beijing"
    assert found.index("beijng") < found.index("being")  # one edit before two


def test_a_fuzzy_word_scores_as_its_expansion_would(index: SearchIndex) -> None:
    exact = {h.doc_id: h.score for h in search(index, "delegation").hits}
    fuzzy = {h.doc_id: h.score for h in search(index, "delegation~1").hits}  # two variants
    assert fuzzy["beijing"] == pytest.approx(exact["beijing"])  # each field counted once
