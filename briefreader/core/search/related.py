"""More like this: the key terms of a document or a passage, searched across the library.

Key terms are chosen with Whoosh's Bo1 expansion model (``Searcher.key_terms_from_text``):
words frequent in the text but rare in the library, weighted by how much more frequent.
The text is analysed as the body is (stems, CJK pairs, citation terms), so a passage
citing ``50 U.S.C. 1701`` relates to every document citing it however written. The query
is the key terms, each a BM25F word over title and body with its weight as boost, any of
them matching; the source document (and its other copies) is left out by the caller.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from whoosh import query as wq

from briefreader.core.search import fields
from briefreader.core.search.analysis import is_cjk
from briefreader.core.search.schema import shared_analyzer
from briefreader.core.search.scoring import FieldGroup
from briefreader.core.search.stopwords import STOP_WORDS

KEY_TERMS = 16  # terms of the text searched
MIN_SHARED = 2  # key terms a related document has at least
MAX_TEXT_CHARS = 200_000  # a long report is represented by its first pages
_CANDIDATES = 3 * KEY_TERMS  # terms Bo1 ranks, before the unhelpful ones are dropped
_BODY = next(f.whoosh_name for f in fields.DEFAULT_FIELDS if not f.alone)
_FIELDS = tuple((f.whoosh_name, f.boost) for f in fields.DEFAULT_FIELDS)


def key_terms(searcher: Any, text: str, count: int = KEY_TERMS) -> list[tuple[str, float]]:
    """The ``count`` most telling terms of ``text`` with their weights (1.0 the highest)."""
    if not text.strip():
        return []
    found = searcher.key_terms_from_text(_BODY, text[:MAX_TEXT_CHARS], numterms=_CANDIDATES)
    kept = [(term, float(weight)) for term, weight in found if _telling(term)]
    return kept[:count]


def _telling(term: str) -> bool:
    """Function words, numbers alone (years, page numbers) and one-letter terms say little
    about a topic (in a small library Bo1 can rank them high)."""
    if is_cjk(term):
        return True
    return len(term) > 1 and not term.replace(".", "").isdigit() and term not in _stop_terms()


@lru_cache(maxsize=1)
def _stop_terms() -> frozenset[str]:
    analyzer = shared_analyzer()
    return frozenset(analyzer.term(word) for word in STOP_WORDS) | STOP_WORDS


def related_query(terms: list[tuple[str, float]]) -> wq.Query | None:
    """Two of the key terms at least (one word in common is chance), each weighted (BM25F
    over the default fields), scaled by the share of them a document has."""
    parts = [
        FieldGroup([wq.Term(f, term, boost=b) for f, b in _FIELDS], boost=weight)
        for term, weight in terms
    ]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else wq.Or(parts, minmatch=MIN_SHARED)
