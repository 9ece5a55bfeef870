"""Ranking behaviours on small synthetic libraries: BM25F, proximity, stop words, best match."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from briefreader.core.models import KIND_DOCUMENT, SearchRequest, SearchResults
from briefreader.core.search.entries import DocEntry
from briefreader.core.search.index import SearchIndex

FILLER = (
    "The committee met on Tuesday and reviewed the budget, the schedule and the staffing "
    "plan for the coming year before it adjourned. "
)

OTHERS = [(f"n{i}", "Memo", FILLER * (i + 1)) for i in range(8)]  # a library around them


def _doc(doc_id: str, title: str, text: str) -> DocEntry:
    return DocEntry(doc_id, f"/lib/{doc_id}.md", title, text, "markdown", "2024-01-01")


@pytest.fixture
def make_index(tmp_path: Path) -> Iterator:
    opened: list[SearchIndex] = []

    def make(docs: Sequence[tuple[str, str, str]]) -> SearchIndex:
        texts = {doc_id: text for doc_id, _title, text in docs}
        index = SearchIndex(tmp_path / f"index{len(opened)}", texts.get)
        index.open()
        with index.writer() as writer:
            for doc_id, title, text in docs:
                writer.add_document(_doc(doc_id, title, text))
        opened.append(index)
        return index

    yield make
    for index in opened:
        index.close()


def search(index: SearchIndex, text: str, **kwargs) -> SearchResults:
    return index.search(SearchRequest(text=text, include_annotations=False, **kwargs))


def ranked(index: SearchIndex, text: str, **kwargs) -> list[str]:
    return [h.doc_id for h in search(index, text, **kwargs).hits if h.kind == KIND_DOCUMENT]


# ---------------------------------------------------------------------- proximity


def test_words_standing_together_rank_above_words_far_apart(make_index) -> None:
    index = make_index(
        [
            ("apart", "Report", "Federal budget, federal staff. " + FILLER * 3 + "Trade deal."),
            ("together", "Report", "The federal trade rules grew. " + FILLER * 3),
            *OTHERS,
        ]
    )
    assert ranked(index, "federal trade") == ["together", "apart"]


def test_stop_words_between_the_words_still_count_as_together(make_index) -> None:
    index = make_index(
        [
            ("apart", "Memo", "Customs, customs. " + FILLER * 3 + "Border protection."),
            ("name", "Memo", "Customs and Border Protection said so. " + FILLER * 3),
            *OTHERS,
        ]
    )
    assert ranked(index, "customs and border protection")[0] == "name"


# ---------------------------------------------------------------------- fields and length


def test_title_match_outranks_the_same_words_in_the_body(make_index) -> None:
    index = make_index(
        [
            ("body", "Weekly notes", "Shipbuilding was discussed. " + FILLER),
            ("title", "Shipbuilding", "It was discussed. " + FILLER),
        ]
    )
    assert ranked(index, "shipbuilding") == ["title", "body"]


def test_a_long_report_about_a_topic_is_not_buried_under_a_passing_mention(make_index) -> None:
    report = ("Critical minerals supply chains matter. " + FILLER * 12) * 10
    index = make_index(
        [
            ("report", "Annual review", report),
            ("note", "Short note", "Minerals were mentioned once. " + FILLER * 2),
            *OTHERS,
        ]
    )
    assert ranked(index, "minerals")[0] == "report"


# ---------------------------------------------------------------------- stop words, best match


def test_stop_words_of_a_question_need_not_match(make_index) -> None:
    index = make_index(
        [
            ("answer", "Steel tariffs", "Steel tariffs were settled by the negotiators."),
            ("other", "Budget", FILLER),
        ]
    )
    results = search(index, "how were the steel tariffs settled")
    assert [h.doc_id for h in results.hits] == ["answer"]
    assert results.message is None


def test_capitals_make_a_stop_word_a_name(make_index) -> None:
    index = make_index(
        [
            ("us", "Trade", "US exports rose."),
            ("plain", "Trade", "Exports rose."),
        ]
    )
    assert ranked(index, "US exports") == ["us"]


def test_a_question_no_document_fully_answers_shows_best_matches_and_says_so(make_index) -> None:
    index = make_index(
        [
            ("most", "Deal", "The US and EU settled the steel and aluminum dispute in Geneva."),
            ("some", "Steel", "Steel output rose."),
            ("none", "Budget", FILLER),
        ]
    )
    results = search(index, "how did the US and EU settle the steel tariff dispute")
    assert [h.doc_id for h in results.hits] == ["most"]
    assert results.message is not None and "most of them" in results.message


def test_documents_with_every_word_come_before_best_matches(make_index) -> None:
    index = make_index(
        [
            ("partial", "Seafood import monitoring", "Seafood import monitoring. " * 5),
            ("full", "Memo", "The seafood import monitoring program. " + FILLER * 2),
        ]
    )
    results = search(index, "seafood import monitoring program")
    assert [h.doc_id for h in results.hits] == ["full", "partial"]
    assert results.message is not None and "Only 1 document has all your words" in results.message


def test_two_words_are_never_relaxed(make_index) -> None:
    index = make_index([("one", "Memo", "Electric vehicles."), ("two", "Memo", "Cabbages.")])
    assert ranked(index, "electric cabbages") == []


# ---------------------------------------------------------------------- abbreviations


ABBREVIATED = [
    ("short", "Memo", "USTR announced the new rules."),
    ("long", "Memo", "The United States Trade Representative announced the new rules."),
    ("ftc", "Merger review", "The FTC reviews mergers."),
    ("commission", "Merger review", "The Federal Trade Commission reviews mergers."),
    ("both", "Merger review", "The Federal Trade Commission (FTC) reviews mergers. The FTC acts."),
    ("apart", "Notes", "A federal rule. " + FILLER + "On trade: " + FILLER + "The commission."),
    ("commerce", "Memo", "The Department of Commerce spoke."),
    ("doc", "Memo", "Open the doc file."),
    *OTHERS,
]


def test_an_abbreviation_finds_its_spelled_out_name(make_index) -> None:
    index = make_index(ABBREVIATED)
    assert set(ranked(index, "USTR")) == {"short", "long"}
    assert set(ranked(index, "ustr")) == {"short", "long"}


def test_a_spelled_out_name_finds_its_abbreviation(make_index) -> None:
    index = make_index(ABBREVIATED)
    found = ranked(index, "Federal Trade Commission")
    assert set(found) == {"ftc", "commission", "both", "apart"}
    assert found[0] == "both"  # it names the commission both ways: it is about it
    assert found[-1] == "apart"


def test_an_abbreviation_that_is_a_word_counts_only_in_capitals(make_index) -> None:
    index = make_index(ABBREVIATED)
    assert set(ranked(index, "DOC")) == {"commerce", "doc"}
    assert ranked(index, "doc") == ["doc"]
    assert ranked(index, "Commerce Department") == ["commerce"]  # and no "doc" for it


def test_a_chinese_word_relaxes_to_most_of_its_character_pairs(make_index) -> None:
    index = make_index(
        [
            ("law", "出口管制法", "国家实行统一的出口管制制度。"),
            ("trade", "对外贸易法", "国家可以限制或者禁止有关货物的出口。"),
            ("other", "反垄断法", "经营者不得滥用市场支配地位。"),
            *OTHERS,
        ]
    )
    results = search(index, "出口管制")
    assert [h.doc_id for h in results.hits] == ["law", "trade"]
    assert results.message is not None and "most of them" in results.message


def test_a_country_also_finds_its_adjective_below_the_word_itself(make_index) -> None:
    index = make_index(
        [
            ("adjective", "Order", "Sanctions on Russian oil exports."),
            ("country", "Order", "Sanctions on Russia and its oil exports."),
            ("none", "Order", "Sanctions on oil exports."),
            *OTHERS,
        ]
    )
    assert ranked(index, "russia sanctions") == ["country", "adjective"]
    assert ranked(index, "chinese") == []  # no such words here: nothing added


def test_a_title_match_is_not_absorbed_by_a_long_body(make_index) -> None:
    mentions = "Shipbuilding capacity grew. " + FILLER
    index = make_index(
        [
            ("titled", "Shipbuilding", mentions * 2),
            ("untitled", "Annual review", mentions * 12),
            *OTHERS,
        ]
    )
    assert ranked(index, "shipbuilding") == ["titled", "untitled"]


def test_recent_first_prefers_newer_documents_of_similar_relevance(tmp_path: Path) -> None:
    texts = {
        "old": "Tariff rules were set. The tariff rules stand.",
        "new": "Tariff rules were set. The rules stand.",
        "none": "Tariff rules.",
    }
    index = SearchIndex(tmp_path / "index", texts.get)
    index.open()
    with index.writer() as writer:
        writer.add_document(DocEntry("old", "/l/old.md", "Memo", texts["old"], "md", "2018-01-01"))
        writer.add_document(DocEntry("new", "/l/new.md", "Memo", texts["new"], "md", "2024-06-01"))
        writer.add_document(DocEntry("none", "/l/none.md", "Memo", texts["none"], "md"))
    try:
        plain = ranked(index, "tariff rules")
        recent = ranked(index, "tariff rules", recent_first=True)
        assert plain.index("old") < plain.index("new")
        assert recent.index("new") < recent.index("old")
        assert set(plain) == set(recent)
    finally:
        index.close()
