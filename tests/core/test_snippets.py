"""Snippet marks: the fast candidate search finds exactly what analysing every word finds."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from briefreader.core.search import snippets
from briefreader.core.search.schema import shared_analyzer
from briefreader.core.search.snippets import TermMatcher, find_marks

WORDS = [
    "access",
    "Accessing",
    "ACCESSED",
    "inaccessible",
    "shipbuilding",
    "Shipbuilders",
    "régime",
    "REGIME",
    "e-access",
    "access_list",
    "policy",
    "policies",
    "出口管制",
    "管制",
    "§",
    "1701",
    "the",
    "and",
]


def _every_mark(text: str, matcher: TermMatcher) -> list[tuple[int, int, str]]:
    analyzer = shared_analyzer()
    return [(s, e, t) for t, s, e, _p, _k in analyzer.tokens(text) if matcher(t)]


@given(
    st.lists(st.sampled_from(WORDS), max_size=120),
    st.lists(st.sampled_from(["", " ", "  ", "\n", ", ", "-", "é", "-\n"]), min_size=1),
    st.sampled_from(["access", "shipbuilding", "regime", "policy", "管制", "§"]),
)
@example(["出口管制", "access"], [""], "access")  # a Latin word right after CJK is a word
# A word analysed in a window cut 80 characters back, inside "inaccessible": "accessible"
# was marked; and the last word of a long hyphenated run, cut at the window's end, was not.
@example(["inaccessible", *["policy"] * 9, "polic", "access"], ["-"], "access")
@example(["access"] * 12, ["-"], "access")
@example(["inac", "cessible", "access"], ["-\n", " "], "access")  # a hyphenated line break
@settings(max_examples=300)
def test_candidates_find_every_match_across_folded_pieces(
    words: list[str], separators: list[str], query: str
) -> None:
    text = "".join(w + separators[i % len(separators)] for i, w in enumerate(words))
    analyzer = shared_analyzer()
    term = next(analyzer.tokens(query, query=True))[0]
    matcher = TermMatcher(terms={term})
    assert matcher.candidates() is not None  # the fast path is what is tested
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(snippets, "FOLD_CHUNK", 40)  # many pieces, cut inside words too
        patch.setattr(snippets, "MAX_MARKS", 10**6)
        found = find_marks(text, analyzer, matcher)
    assert sorted(set(found)) == _every_mark(text, matcher)


def test_a_prefix_family_is_searched_once() -> None:
    matcher = TermMatcher(terms={"access", "acc"}, prefixes={"accessib"})
    assert matcher.candidates() == [("acc", True)]


def test_marks_deep_in_a_long_document() -> None:
    text = "Überblick über die Lage. " * 20_000 + "The shipbuilding programme."
    matcher = TermMatcher(terms={shared_analyzer().term("shipbuilding")})
    marks = find_marks(text, shared_analyzer(), matcher)
    assert [(text[s:e]) for s, e, _t in marks] == ["shipbuilding"]
