"""Fuzzy term lookup: the same terms as Whoosh's own ``terms_within``, much faster."""

from __future__ import annotations

import random
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from briefreader.core.search.analysis import edit_distance
from briefreader.core.search.entries import DocEntry
from briefreader.core.search.index import SearchIndex
from briefreader.core.search.vocabulary import TermLists, within_distance

WORDS = [
    "tariff",
    "tariffs",
    "tarifs",
    "tariffed",
    "traffic",
    "terrific",
    "china",
    "chain",
    "chine",
    "chin",
    "chna",
    "cheap",
    "commerce",
    "commerces",
    "comerce",
    "commence",
    "semiconductor",
    "semiconductors",
    "semiconducter",
    "export",
    "exports",
    "expert",
    "expect",
    "exporter",
    "import",
    "imports",
    "impart",
    "sanction",
    "sanctions",
    "santions",
    "section",
    "sections",
    "actions",
    "gallium",
    "galium",
    "germanium",
    "quota",
    "quotas",
    "quote",
]


@given(
    st.text(alphabet="abcde", max_size=8),
    st.text(alphabet="abcde", max_size=8),
    st.integers(min_value=0, max_value=2),
)
def test_within_distance_agrees_with_the_edit_distance(a: str, b: str, maxdist: int) -> None:
    assert within_distance(a, b, maxdist) == (edit_distance(a, b) <= maxdist)


TEXTS: dict[str, str] = {}


def _index_in_three_segments(tmp_path: Path) -> SearchIndex:
    index = SearchIndex(tmp_path / "index", lambda _h: None)
    index.open()
    rng = random.Random(7)
    for batch in range(3):  # one commit each: three segments
        with index.writer() as writer:
            for n in range(10):
                doc_id = f"d{batch}-{n}"
                TEXTS[doc_id] = text = " ".join(rng.choice(WORDS) for _ in range(30))
                writer.add_document(
                    DocEntry(doc_id, f"/lib/{doc_id}.md", f"Note {n}", text, "markdown")
                )
    return index


def test_fuzzy_terms_are_whooshs_terms_within(tmp_path: Path) -> None:
    index = _index_in_three_segments(tmp_path)
    try:
        with index._require().searcher() as searcher:
            reader = searcher.reader()
            leaves = [
                (leaf, offset, leaf.segment().segment_id())
                for leaf, offset in reader.leaf_readers()
            ]
            assert len(leaves) == 3
            lists = TermLists()
            for word in ["chna", "tarif", "comerce", "semiconducter", "galium", "zzz", "c"]:
                for maxdist in (1, 2):
                    for prefix in (0, 1, 2):
                        expected = sorted(set(reader.terms_within("body", word, maxdist, prefix)))
                        found = lists.terms_within(leaves, "body", word, maxdist, prefix)
                        assert found == expected, (word, maxdist, prefix)
            lists.keep([leaves[0][2]])  # segments merged away are forgotten
            assert {key[0] for key in lists._lists} == {leaves[0][2]}
    finally:
        index.close()


def test_fuzzy_queries_and_did_you_mean_still_work(tmp_path: Path) -> None:
    from briefreader.core.models import SearchRequest

    index = _index_in_three_segments(tmp_path)
    try:
        results = index.search(SearchRequest(text="galium~", page_size=50))
        expected = {d for d, text in TEXTS.items() if {"galium", "gallium"} & set(text.split())}
        assert expected and {h.doc_id for h in results.hits} == expected
        assert index.search(SearchRequest(text="semicondutcor")).suggestion
    finally:
        index.close()
