"""Legal citations: the terms of each written form, and search across the forms."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefreader.core.models import SearchRequest
from briefreader.core.search.citations import find_citations, query_citation
from briefreader.core.search.entries import DocEntry
from briefreader.core.search.index import SearchIndex


@pytest.mark.parametrize(
    ("query", "terms"),
    [
        ("50 U.S.C. 1701", ("usc:50:1701",)),
        ("50 USC 1701", ("usc:50:1701",)),
        ("50 u.s.c. §\u202f1701", ("usc:50:1701",)),
        ("50 U.S.C. §§ 1701-1706", ("usc:50:1701", "usc:50:1706")),
        ("section 1701 of title 50", ("usc:50:1701",)),
        ("19 U.S.C. 1862s-9", ("usc:19:1862s-9",)),
        ("§ 1701", ("sec:1701",)),
        ("§1701", ("sec:1701",)),
        ("15 CFR part 744", ("cfr:15:744",)),
        ("15 C.F.R. § 744.21", ("cfr:15:744.21",)),
        ("Pub. L. 117-167", ("pl:117-167",)),
        ("P.L. 117\u2013167", ("pl:117-167",)),
        ("Public Law 117-167", ("pl:117-167",)),
    ],
)
def test_a_query_citation_searches_its_provision(query: str, terms: tuple[str, ...]) -> None:
    found = query_citation(query, 0)
    assert found is not None and found.exact == terms and found.end == len(query)


@pytest.mark.parametrize("query", ["5 U.S. citizens", "section 232", "1701", "50 USC 1701x2"])
def test_other_words_are_not_citations(query: str) -> None:
    found = query_citation(query, 0)
    assert found is None or found.end < len(query)


def test_a_document_citation_also_gives_the_bare_section() -> None:
    (citation,) = find_citations("under 50 U.S.C. 1701 et seq.")
    assert citation.terms == ("usc:50:1701", "sec:1701")


def test_a_us_code_text_cites_its_own_title() -> None:
    text = "# Title 50— WAR AND NATIONAL DEFENSE\n§ 1701. Threats\nsection 1702 of this title"
    assert [c.terms[0] for c in find_citations(text)] == ["usc:50:1701", "usc:50:1702"]
    assert [c.terms[0] for c in find_citations("§ 1701. Threats")] == ["sec:1701"]


def test_a_range_is_not_a_section_with_a_suffix() -> None:
    (citation,) = find_citations("42 U.S.C. 1862s-9 applies")
    assert citation.terms == ("usc:42:1862s-9", "sec:1862s-9")


TEXTS = {
    "order": "The President acts under 50 U.S.C. 1701 et seq. to impose duties.",
    "statute": "# Title 50— WAR AND NATIONAL DEFENSE\n\n§\u202f1701. Unusual threat",
    "other": "Section 1701 of the farm bill; 42 U.S.C. 1701 on housing.",
    "year": "In 1701 the treaty was signed under § 17.",
    "law": "The CHIPS Act (P.L. 117-167) funds fabs.",
}


@pytest.fixture
def index(tmp_path: Path):
    index = SearchIndex(tmp_path / "index", TEXTS.get)
    index.open()
    with index.writer() as writer:
        for doc_id, text in TEXTS.items():
            writer.add_document(DocEntry(doc_id, f"/lib/{doc_id}.md", doc_id, text, "markdown"))
    yield index
    index.close()


def found(index: SearchIndex, text: str) -> set[str]:
    results = index.search(SearchRequest(text=text, include_annotations=False))
    return {hit.doc_id for hit in results.hits}


@pytest.mark.parametrize("query", ["50 U.S.C. 1701", "50 USC 1701", "section 1701 of title 50"])
def test_every_form_finds_the_orders_and_the_statute(index: SearchIndex, query: str) -> None:
    assert found(index, query) == {"order", "statute"}


def test_a_bare_section_finds_every_title_citing_it(index: SearchIndex) -> None:
    assert found(index, "§ 1701") == {"order", "statute", "other"}


def test_a_public_law_in_any_spelling(index: SearchIndex) -> None:
    assert found(index, "Public Law 117-167") == {"law"}
    assert found(index, "pub. l. 117–167") == {"law"}


def test_the_cited_section_is_marked_in_the_snippet(index: SearchIndex) -> None:
    results = index.search(SearchRequest(text="50 USC 1701", include_annotations=False))
    hit = next(h for h in results.hits if h.doc_id == "order")
    assert hit.snippet is not None
    marked = [hit.snippet.text[a:b] for a, b in hit.snippet.marks]
    assert marked == ["1701"]
