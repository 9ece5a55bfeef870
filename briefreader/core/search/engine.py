"""Fast evaluation of compiled Whoosh queries over whole posting lists.

Whoosh's matchers step through postings one call at a time, which costs tens of
milliseconds for a common word in a 10,000-document library. Here each term's postings
are read block by block (ids, frequencies, and positions when a phrase needs them, see
``postings``) and queries are evaluated with dict and set arithmetic, scoring with BM25F
(``scoring``). The result of a query is ``{global docnum: score}`` for *every* matching
entry, which also gives the total, facets and date order at no extra cost. Query types
this module does not know fall back to Whoosh's own searcher.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Iterable, Iterator
from typing import Any

from whoosh import query as wq
from whoosh.searching import Searcher

from briefreader.core.search.analysis import edit_distance
from briefreader.core.search.fields import LENGTH_NORM
from briefreader.core.search.group_cache import GroupScores
from briefreader.core.search.postings import (
    exact_phrase,
    position_postings,
    postings,
    sloppy_phrase,
)
from briefreader.core.search.scoring import (
    COMPLETION_FACTOR,
    FieldGroup,
    Scores,
    bm25f,
    edit_factor,
)
from briefreader.core.search.vocabulary import TermLists

DEFAULT_B = 0.75
MAX_EXPANSION = 512  # terms a prefix, wildcard or fuzzy word may expand to

_EXPANDING = (wq.Prefix, wq.Wildcard, wq.FuzzyTerm)


class LengthCache:
    """Per-segment field lengths and length norms (a segment's lengths never change)."""

    def __init__(self) -> None:
        self._lengths: dict[tuple[str, str], list[int]] = {}
        self._norms: dict[tuple[str, str], tuple[float, list[float]]] = {}

    def clear(self) -> None:
        self._lengths.clear()
        self._norms.clear()

    def norms(self, segid: str, leaf: Any, fieldname: str, avg: float) -> list[float]:
        """``1 - b + b * (length / avg) ** power`` for every entry of the segment."""
        found = self._norms.get((segid, fieldname))
        if found is not None and found[0] == avg:
            return found[1]
        b, power = LENGTH_NORM.get(fieldname, (DEFAULT_B, 1.0))
        base = 1.0 - b
        if power == 1.0:
            norms = [base + b * n / avg for n in self.lengths(segid, leaf, fieldname)]
        else:
            norms = [base + b * (n / avg) ** power for n in self.lengths(segid, leaf, fieldname)]
        self._norms[(segid, fieldname)] = (avg, norms)
        return norms

    def lengths(self, segid: str, leaf: Any, fieldname: str) -> list[int]:
        key = (segid, fieldname)
        found = self._lengths.get(key)
        if found is None:
            length = leaf.doc_field_length
            found = [length(d, fieldname) or 0 for d in range(leaf.doc_count_all())]
            self._lengths[key] = found
        return found

    def keep(self, segids: Iterable[str]) -> None:
        wanted = set(segids)
        for key in [k for k in self._lengths if k[0] not in wanted]:
            del self._lengths[key]
        for key in [k for k in self._norms if k[0] not in wanted]:
            del self._norms[key]


class Engine:
    """Evaluates one query against one searcher (global docnums, deleted entries removed)."""

    def __init__(
        self,
        searcher: Searcher,
        lengths: LengthCache,
        dates: list[str] | None = None,
        term_lists: TermLists | None = None,
        group_scores: GroupScores | None = None,
    ) -> None:
        """``dates``: each entry's date by global docnum, for date ranges without terms;
        ``term_lists``: the cache fuzzy words are looked up in; ``group_scores``: the
        words' scores (both kept across searches)."""
        self.searcher = searcher
        self.dates = dates
        self.notes: list[str] = []
        self.reader = searcher.reader()
        self.schema = searcher.schema
        self.leaves: list[tuple[Any, int, str]] = []
        generation = []
        for leaf, offset in self.reader.leaf_readers():
            segment = leaf.segment()
            segid = segment.segment_id() if segment is not None else f"leaf{offset}"
            self.leaves.append((leaf, offset, segid))
            generation.append((segid, segment.deleted_count() if segment is not None else 0))
        self.group_scores = group_scores
        if group_scores is not None:
            group_scores.use(tuple(generation))
        lengths.keep(segid for _l, _o, segid in self.leaves)
        self.length_cache = lengths
        self.term_lists = term_lists or TermLists()
        self.term_lists.keep(segid for _l, _o, segid in self.leaves)
        self.doc_count = max(1, self.reader.doc_count())
        self._norms: dict[str, list[list[float]]] = {}

    # ------------------------------------------------------------------ entry

    def run(self, q: wq.Query) -> Scores:
        scores = self._eval(q)
        if scores:
            for docnum in self.deleted() & scores.keys():
                del scores[docnum]
        return scores

    def docs(self, q: wq.Query) -> set[int]:
        return set(self.run(q))

    # ------------------------------------------------------------------ dispatch

    def _eval(self, q: wq.Query) -> Scores:
        kind = type(q)
        if kind is wq.Term:
            return self._term(q.fieldname, q.text, q.boost)
        if kind is FieldGroup:
            return self._kept_group(q)
        if isinstance(q, wq.Or):
            parts = [self._eval(c) for c in q.subqueries]
            return _union(parts, q.boost, getattr(q, "minmatch", 0))
        if isinstance(q, wq.And):
            return _intersect([self._eval(c) for c in q.subqueries], q.boost)
        if kind is wq.AndNot:
            base = self._eval(q.a)
            if base:
                for docnum in self._eval(q.b).keys() & base.keys():
                    del base[docnum]
            return base
        if kind is wq.Not:
            every = self._every()
            for docnum in self._eval(q.query).keys() & every.keys():
                del every[docnum]
            return every
        if kind is wq.Every:
            return self._every()
        if kind is wq.Phrase:
            return self._kept_group(FieldGroup([q]))
        if kind is wq.TermRange and q.fieldname == "date" and self.dates is not None:
            return self._date_range(q)
        if isinstance(q, _EXPANDING):
            return self._kept_group(FieldGroup([q]))
        if isinstance(q, wq.TermRange):
            return self._range(q)
        if q is wq.NullQuery or isinstance(q, type(wq.NullQuery)):
            return {}
        return self._fallback(q)

    # ------------------------------------------------------------------ leaves

    def _term(self, fieldname: str, text: Any, boost: float = 1.0) -> Scores:
        if not self._scorable(fieldname):
            out: Scores = {}
            for leaf, offset, _segid in self.leaves:
                ids, _weights, _values = postings(leaf, fieldname, text, values=False)
                out.update(dict.fromkeys((offset + d for d in ids), boost))
            return out
        tfs = [(fieldname, 1.0, self.term_tfs(fieldname, text))]
        return bm25f(tfs, self.idf(fieldname, text), boost)

    def term_tfs(self, fieldname: str, text: Any) -> Scores:
        """``{docnum: frequency / length norm}`` of a term in one field."""
        out: Scores = {}
        for index, (leaf, offset, _segid) in enumerate(self.leaves):
            ids, weights, _values = postings(leaf, fieldname, text, values=False)
            if ids:
                norm = self.leaf_norms(fieldname)[index]
                out.update({offset + d: w / norm[d] for d, w in zip(ids, weights, strict=True)})
        return out

    def phrase_tfs(self, q: wq.Phrase) -> Scores:
        """``{docnum: phrase frequency / length norm}`` of a phrase in its field."""
        fieldname, words = q.fieldname, list(q.words)
        if len(words) == 1:
            return self.term_tfs(fieldname, words[0])
        out: Scores = {}
        for index, (leaf, offset, _segid) in enumerate(self.leaves):
            if q.slop <= 1:
                freqs = exact_phrase(leaf, fieldname, words)
            else:
                freqs = sloppy_phrase(leaf, fieldname, words, q.slop, self.schema)
            if freqs:
                norm = self.leaf_norms(fieldname)[index]
                out.update({offset + d: f / norm[d] for d, f in freqs.items()})
        return out

    def _kept_group(self, q: FieldGroup) -> Scores:
        """``_group``, from ``group_scores`` when this word was scored on this generation
        (a copy: callers change the scores they are given)."""
        kept = self.group_scores
        if kept is None:
            return self._group(q)
        found = kept.get(q)
        if found is not None:
            scores, notes = found
            self.notes.extend(notes)
            return dict(scores)
        before = len(self.notes)
        scores = self._group(q)
        kept.put(q, dict(scores), tuple(self.notes[before:]))
        return scores

    def _group(self, q: FieldGroup) -> Scores:
        """BM25F over the group's fields (see ``scoring``)."""
        parts = [p for p in q.parts if self._scorable(p.fieldname)]
        if not parts:
            return _union([self._eval(p) for p in q.parts], q.boost)
        first = parts[0]
        if isinstance(first, _EXPANDING):
            return self._expanding(q, parts)
        if isinstance(first, wq.Phrase):
            tfs = [(p.fieldname, p.boost, self.phrase_tfs(p)) for p in parts]
            idf = max(sum(self.idf(p.fieldname, w) for w in set(p.words)) for p in parts)
        else:
            tfs = [(p.fieldname, p.boost, self.term_tfs(p.fieldname, p.text)) for p in parts]
            idf = max(self.idf(p.fieldname, p.text) for p in parts)
        return bm25f(tfs, idf, q.boost)

    def fuzzy_terms(self, fieldname: str, text: str, maxdist: int, prefix: int) -> list[str]:
        """Indexed terms within ``maxdist`` edits of ``text`` (see ``vocabulary``)."""
        return self.term_lists.terms_within(self.leaves, fieldname, text, maxdist, prefix)

    def _expanding(self, q: FieldGroup, parts: list[wq.Query]) -> Scores:
        """Prefix, wildcard, fuzzy: each expansion scored over every field of the group
        (times its factor), each document by its best expansion."""
        factors = self._expansions(q, parts)
        weights = {p.fieldname: p.boost for p in parts}  # parts: per field and variant
        out: Scores = {}
        for term, factor in factors.items():
            tfs = [(f, w, self.term_tfs(f, term)) for f, w in weights.items()]
            idf = max(self.idf(f, term) for f in weights)
            for docnum, score in bm25f(tfs, idf, q.boost * factor).items():
                if score > out.get(docnum, -1.0):
                    out[docnum] = score
        return out

    def _expansions(self, q: FieldGroup, parts: list[wq.Query]) -> dict[str, float]:
        """The indexed terms the group's parts reach, each with its factor."""
        factors: dict[str, float] = {}
        for part in parts:
            for term in self._expand(part):
                if term in factors:
                    continue
                if len(factors) >= MAX_EXPANSION:
                    shown = getattr(part, "text", "")
                    self.notes.append(
                        f"“{shown}” matches too many words; used the first {MAX_EXPANSION}."
                    )
                    return factors
                factors[term] = _factor(q, parts, term)
        return factors

    def _expand(self, part: wq.Query) -> Iterator[str]:
        fieldname = part.fieldname
        if fieldname not in self.schema:
            return
        field = self.schema[fieldname]
        if isinstance(part, wq.FuzzyTerm):
            yield from self.fuzzy_terms(fieldname, part.text, part.maxdist, part.prefixlength)
            return
        for btext in part._btexts(self.reader):  # Whoosh's own expansion
            yield field.from_bytes(btext)

    def _range(self, q: wq.TermRange) -> Scores:
        out: Scores = {}
        for count, btext in enumerate(q._btexts(self.reader)):
            if count >= MAX_EXPANSION:
                break
            for docnum, score in self._term(q.fieldname, btext, q.boost).items():
                if score > out.get(docnum, -1.0):
                    out[docnum] = score
        return out

    def _date_range(self, q: wq.TermRange) -> Scores:
        """Dates are ISO strings, so a range is a string comparison on the date column."""
        lo: str = q.start or ""
        hi: str | None = q.end
        start_excl, end_excl = bool(q.startexcl), bool(q.endexcl)

        def inside(date: str) -> bool:
            if date < lo or (start_excl and date == lo):
                return False
            return hi is None or date < hi or (not end_excl and date == hi)

        return {d: q.boost for d, date in enumerate(self.dates or ()) if date and inside(date)}

    def _fallback(self, q: wq.Query) -> Scores:
        results = self.searcher.search(q, limit=None)
        return {docnum: float(score or 0.0) for score, docnum in results.top_n}

    # ------------------------------------------------------------------ positions

    def positions(self, fieldname: str, text: str, docnums: set[int]) -> dict[int, array[int]]:
        """The positions of a term in each of ``docnums`` that contains it."""
        out: dict[int, array[int]] = {}
        if not docnums:
            return out
        for leaf, offset, _segid in self.leaves:
            local = {d - offset for d in docnums if offset <= d < offset + leaf.doc_count_all()}
            if not local:
                continue
            ids, counts, flat = position_postings(leaf, fieldname, text, sorted(local))
            start = 0
            for d, count in zip(ids, counts, strict=True):
                if d in local:
                    out[offset + d] = flat[start : start + count]
                start += count
        return out

    def length_norm(self, fieldname: str, docnum: int) -> float:
        for index, (leaf, offset, _segid) in enumerate(self.leaves):
            if offset <= docnum < offset + leaf.doc_count_all():
                return self.leaf_norms(fieldname)[index][docnum - offset]
        return 1.0

    # ------------------------------------------------------------------ statistics

    def _every(self) -> Scores:
        return dict.fromkeys(range(self.reader.doc_count_all()), 0.0)

    def deleted(self) -> set[int]:
        out: set[int] = set()
        for leaf, offset, _segid in self.leaves:
            if leaf.has_deletions():
                deleted = getattr(leaf, "deleted_docs_set", None)
                if deleted is None:
                    deleted = [d for d in range(leaf.doc_count_all()) if leaf.is_deleted(d)]
                out.update(offset + d for d in deleted)
        return out

    def _scorable(self, fieldname: str) -> bool:
        return fieldname in self.schema and bool(self.schema[fieldname].scorable)

    def idf(self, fieldname: str, text: Any) -> float:
        df = self.reader.doc_frequency(fieldname, text)
        return math.log(1.0 + (self.doc_count - df + 0.5) / (df + 0.5))

    def leaf_norms(self, fieldname: str) -> list[list[float]]:
        norms = self._norms.get(fieldname)
        if norms is None:
            total = self.reader.field_length(fieldname)
            avg = max(1.0, total / max(1, self.reader.doc_count_all()))
            norms = [
                self.length_cache.norms(segid, leaf, fieldname, avg)
                for leaf, _offset, segid in self.leaves
            ]
            self._norms[fieldname] = norms
        return norms


def _factor(q: FieldGroup, parts: list[wq.Query], term: str) -> float:
    """An expansion's share of a full match: by edit distance, or as a completion."""
    fuzzy = [p for p in parts if isinstance(p, wq.FuzzyTerm)]
    if fuzzy:
        return edit_factor(min(edit_distance(p.text, term, p.maxdist) for p in fuzzy))
    if q.exact is not None and term != q.exact:
        return COMPLETION_FACTOR
    return 1.0


# ---------------------------------------------------------------------- combining


def _union(parts: list[Scores], boost: float, minmatch: int = 0) -> Scores:
    """Scores summed; with ``minmatch`` (1 or more), only entries matched by that many
    parts, each scaled by the share of the parts it matched (coordination)."""
    if minmatch >= 1:
        return _best_match(parts, boost, minmatch)
    parts = sorted((p for p in parts if p), key=len, reverse=True)
    if not parts:
        return {}
    out = dict(parts[0])
    for part in parts[1:]:
        get = out.get
        out.update({d: get(d, 0.0) + s for d, s in part.items()})
    if boost != 1.0:
        out = {d: s * boost for d, s in out.items()}
    return out


def _best_match(parts: list[Scores], boost: float, minmatch: int) -> Scores:
    totals: Scores = {}
    counts: dict[int, int] = {}
    for part in parts:
        for d, s in part.items():
            totals[d] = totals.get(d, 0.0) + s
            counts[d] = counts.get(d, 0) + 1
    n = max(1, len(parts))
    return {d: boost * s * counts[d] / n for d, s in totals.items() if counts[d] >= minmatch}


def _intersect(parts: list[Scores], boost: float) -> Scores:
    if not parts or not all(parts):
        return {}
    parts = sorted(parts, key=len)
    keys = set(parts[0])
    for part in parts[1:]:
        keys &= part.keys()
        if not keys:
            return {}
    return {d: boost * sum(p[d] for p in parts) for d in keys}
