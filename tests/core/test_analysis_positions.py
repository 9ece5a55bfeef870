"""The indexing hot path (``Analyzer.positions``) gives each term the positions the token
stream (``Analyzer.tokens``, what queries and snippets use) gives it, cold or warm."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh.lang.porter import stem

from briefreader.core.search.analysis import Analyzer

PIECES = [
    "export", "controls", "Régime", "e\u0301te", "China’s", "don't", "export-control",
    "con-\ntrol", "U.S.", "3.5", "1,000", "v1.2", "§", "¶", "中华人民", "民", "Semi\u00adconductor",
    "x" * 70, "ABC-" + "y" * 70, "--", "..", "'", " ", "\n", ", ", "50 U.S.C. 1701", "15 CFR 744",
]  # fmt: skip


def _from_tokens(analyzer: Analyzer, text: str) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for term, _start, _end, pos, _kind in analyzer.tokens(text):
        out.setdefault(term, []).append(pos)
    return out


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_word_positions_match_the_token_stream_with_a_cold_and_a_warm_cache(text: str) -> None:
    cold = Analyzer(stem)
    expected = _from_tokens(Analyzer(stem), text)
    assert cold._word_positions(text) == expected
    assert cold._word_positions(text) == expected  # every word part is cached now
