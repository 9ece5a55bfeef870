"""Running one search: matching set, facets, ordering, page of hits, snippets, suggestion."""

from __future__ import annotations

import heapq
import logging
from collections import Counter
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain
from operator import countOf, itemgetter
from typing import Any

from whoosh import query as wq
from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from briefreader.core.errors import SearchCancelled
from briefreader.core.models import (
    KIND_ANNOTATION,
    KIND_DOCUMENT,
    KIND_DOCUMENT_NOTE,
    Alternate,
    SearchHit,
    SearchRequest,
    SearchResults,
    Snippet,
)
from briefreader.core.search.analysis import (
    WORD,
    edit_distance,
    is_cjk,
    long_word_notes,
    tag_key,
)
from briefreader.core.search.collapse import WorkGroups
from briefreader.core.search.compiler import Compiled, QueryCompiler, filter_query
from briefreader.core.search.engine import Engine, LengthCache
from briefreader.core.search.entries import Row, parse_row
from briefreader.core.search.fields import FACETS, KIND_DOC, KIND_NOTE, SPELLING_FIELDS, Kind
from briefreader.core.search.group_cache import GroupScores
from briefreader.core.search.proximity import add_proximity
from briefreader.core.search.query import Word, parse_query
from briefreader.core.search.related import key_terms, related_query
from briefreader.core.search.scoring import Scores, prefer_recent
from briefreader.core.search.snippets import find_marks, make_snippet
from briefreader.core.search.vocabulary import TermLists

log = logging.getLogger(__name__)

MAX_PAGE_SIZE = 1000
MAX_SUGGEST_CANDIDATES = 200
NOTHING_TO_SEARCH = "Nothing to search for: type words, a “phrase”, or a field such as tag:china."
ANNOTATION_ONLY = (
    "note:, quote:, color: and has: find highlights and notes; include highlights to see them."
)
RELAXED = "No document has all your words: showing results for most of them."
NOTHING_RELATED = "Nothing to compare with: the passage has no words the library could match."
FEW_RESULTS = 5  # fewer documents with every word: add those with most of them


class Columns:
    """Per-entry values by global docnum, as parallel lists (fast to count with C loops)."""

    def __init__(self, rows: list[Row]) -> None:
        self.kind = [r.kind for r in rows]
        self.doc_id = [r.doc_id for r in rows]
        self.date = [r.date for r in rows]
        self.work = [r.work for r in rows]
        self.format = [r.format for r in rows]
        self.version = [r.version for r in rows]
        self.facets = [[r.facets[i] for r in rows] for i in range(len(FACETS))]  # as in FACETS


class SegmentRows:
    """Per-entry (kind, doc_id, date, facet values) read from the ``facets`` column.

    Cached per segment (a segment never changes; deletions do not matter because deleted
    entries never match), so a refresh after a commit only reads the new segments.
    """

    def __init__(self) -> None:
        self._by_segment: dict[str, list[Row]] = {}
        self._key: tuple[str, ...] | None = None
        self._columns = Columns([])

    def clear(self) -> None:
        self._by_segment.clear()
        self._key = None
        self._columns = Columns([])

    def columns(self, reader: Any) -> Columns:
        leaves = [(r, r.segment()) for r, _offset in reader.leaf_readers()]
        leaves = [(r, seg) for r, seg in leaves if seg is not None]
        key = tuple(seg.segment_id() for _r, seg in leaves)
        if key == self._key:
            return self._columns
        rows: list[Row] = []
        kept: dict[str, list[Row]] = {}
        for leaf, seg in leaves:
            segid = seg.segment_id()
            seg_rows = self._by_segment.get(segid)
            if seg_rows is None:
                seg_rows = _load_rows(leaf)
            kept[segid] = seg_rows
            rows.extend(seg_rows)
        self._by_segment, self._key, self._columns = kept, key, Columns(rows)
        return self._columns


@dataclass
class LiveSet:
    """The entries not deleted, and their facet counts once a search needed them."""

    key: tuple[Any, ...]
    docs: set[int]
    counts: Counts | None = None
    groups: WorkGroups | None = None  # works with several members (collapse.py)


@dataclass
class SearchCaches:
    """Per-segment data kept across searches (dropped when the index is rebuilt)."""

    rows: SegmentRows = field(default_factory=SegmentRows)
    lengths: LengthCache = field(default_factory=LengthCache)
    term_lists: TermLists = field(default_factory=TermLists)
    group_scores: GroupScores = field(default_factory=GroupScores)
    _live: LiveSet | None = None

    def clear(self) -> None:
        self.rows.clear()
        self.lengths.clear()
        self.term_lists.clear()
        self.group_scores.clear()
        self._live = None

    def live(self, reader: Any, engine: Engine) -> LiveSet:
        key = tuple(
            (seg.segment_id(), seg.deleted_count())
            for seg in (leaf.segment() for leaf, _offset in reader.leaf_readers())
            if seg is not None
        )
        if self._live is None or self._live.key != key:
            docs = set(range(reader.doc_count_all())) - engine.deleted()
            self._live = LiveSet(key, docs)
        return self._live

    def work_groups(self, reader: IndexReader, engine: Engine, cols: Columns) -> WorkGroups:
        live = self.live(reader, engine)
        if live.groups is None:
            live.groups = WorkGroups(cols.kind, cols.work, cols.format, cols.version, live.docs)
        return live.groups


def _load_rows(leaf: Any) -> list[Row]:
    count = leaf.doc_count_all()
    if not leaf.has_column("facets"):
        return [parse_row(None)] * count
    column = leaf.column_reader("facets")
    return [parse_row(column[i]) for i in range(count)]


@lru_cache(maxsize=4096)
def _key(value: str) -> str:
    return tag_key(value)


Counts = tuple[Counter[str], ...]  # one per facet, as in FACETS


def _count(cols: Columns, docnums: Iterable[int]) -> Counts:
    docs = list(docnums)
    counts = []
    for facet, values in zip(FACETS, cols.facets, strict=True):
        picked = map(values.__getitem__, docs)
        counter = Counter(chain.from_iterable(picked) if facet.kind is Kind.TAGS else picked)
        counter.pop("", None)
        counts.append(counter)
    return tuple(counts)


def _minus(whole: Counter[str], part: Counter[str]) -> Counter[str]:
    out = whole.copy()
    out.subtract(part)
    return +out  # drops zero counts


def _ranked(counts: Counter[str]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _fold_counts(counts: Counter[str]) -> tuple[tuple[str, int], ...]:
    """Merge values that differ only in case or accents, shown as first spelt."""
    merged: Counter[str] = Counter()
    shown: dict[str, str] = {}
    for value, n in counts.items():
        key = _key(value)
        merged[key] += n
        shown.setdefault(key, value)
    return tuple((shown[k], n) for k, n in _ranked(merged))


class ResultBuilder:
    """One search over one searcher (the caller holds the index lock)."""

    def __init__(
        self,
        searcher: Searcher,
        caches: SearchCaches,
        compiler: QueryCompiler,
        text_for: Callable[[str], str | None],
    ) -> None:
        self.searcher = searcher
        self.reader = searcher.reader()
        self.cols = caches.rows.columns(self.reader)
        self.engine = Engine(
            searcher,
            caches.lengths,
            dates=self.cols.date,
            term_lists=caches.term_lists,
            group_scores=caches.group_scores,
        )
        self.caches = caches
        self.compiler = compiler
        self.analyzer = compiler.analyzer
        self.text_for = text_for
        self.recent_first = False
        self.groups: WorkGroups | None = None  # set by run() when works are collapsed
        self.prefer_format: str | None = None

    def run(
        self, request: SearchRequest, cancelled: Callable[[], bool] | None = None
    ) -> SearchResults:
        """The page of results of ``request``; ``SearchCancelled`` as soon as a stage ends
        with ``cancelled()`` true."""

        def check() -> None:
            if cancelled is not None and cancelled():
                raise SearchCancelled

        page = max(1, int(request.page))
        size = max(1, min(int(request.page_size), MAX_PAGE_SIZE))
        text = request.text or ""
        parsed = parse_query(text, as_you_type=request.as_you_type)
        self.recent_first = request.recent_first and bool(text.strip())
        compiled = self.compiler.compile(parsed)
        messages = compiled.messages + long_word_notes(text)
        filt = filter_query(request, messages)
        browsing = compiled.query is None
        if browsing and text.strip():
            note = " ".join(messages) if messages else NOTHING_TO_SEARCH
            return SearchResults((), 0, page, size, message=note)
        if compiled.annotation_only and not request.include_annotations:
            messages.append(ANNOTATION_ONLY)
        allowed = None if filt is None else self.engine.docs(filt)
        scores = self._scores(compiled.query or wq.Every(), allowed, compiled)
        check()
        if request.collapse_works:  # one slot per work, after scoring: collapse.py
            self.groups = self.caches.work_groups(self.reader, self.engine, self.cols)
        self.prefer_format = request.prefer_format
        strict_docs = self._doc_count(self._collapsed(scores))
        if strict_docs < FEW_RESULTS:
            relaxed = self.compiler.relaxed(parsed)
            if relaxed is not None:
                scores = self._with_relaxed(scores, relaxed, allowed, compiled, messages)
        scores = self._collapsed(scores)
        messages.extend(self.engine.notes)
        window = slice((page - 1) * size, page * size)
        if browsing or request.sort == "date":
            page_docs = [(d, scores[d]) for d in self._by_date(scores)[window]]
        else:
            page_docs = self._top(scores, page * size)[window]
        check()
        hits = []
        for d, score in page_docs:
            hits.append(self._hit(d, score, compiled))
            check()
        if scores and not hits:
            last = (len(scores) - 1) // size + 1
            messages.append(f"Page {page:,} is past the last page ({last:,}) of these results.")
        suggestion = None
        if parsed.suggestion:
            suggestion = parsed.suggestion  # a lowercase operator: the likelier slip
        elif compiled.words and not strict_docs:
            suggestion = self._suggest(text, compiled.words)
        return SearchResults(
            hits=tuple(hits),
            total=len(scores),
            page=page,
            page_size=size,
            suggestion=suggestion,
            message=" ".join(dict.fromkeys(messages)) or None,
            facets=self._facets(scores),
        )

    def related(self, text: str, exclude: Collection[str], limit: int) -> SearchResults:
        """Documents most like ``text`` (more like this), without those in ``exclude``,
        one slot per work."""
        size = max(1, min(int(limit), MAX_PAGE_SIZE))
        self.groups = self.caches.work_groups(self.reader, self.engine, self.cols)
        terms = key_terms(self.searcher, text)
        query = related_query(terms)
        if query is None:
            return SearchResults((), 0, 1, size, message=NOTHING_RELATED)
        docs, ids = self.cols.kind, self.cols.doc_id
        scores = {
            d: s
            for d, s in self.engine.run(query).items()
            if docs[d] == KIND_DOC and ids[d] not in exclude
        }
        scores = self._collapsed(scores)
        compiled = Compiled(query)
        compiled.matcher.terms.update(t for t, _w in terms if t.isalnum() or is_cjk(t))
        hits = tuple(self._hit(d, score, compiled) for d, score in self._top(scores, size))
        return SearchResults(hits, len(scores), 1, size, facets=self._facets(scores))

    # ------------------------------------------------------------------ scoring

    def _scores(self, q: wq.Query, allowed: set[int] | None, compiled: Compiled) -> Scores:
        """The query's scores within the request's filters, with the proximity bonus."""
        scores = self.engine.run(q)
        if allowed is not None:
            scores = {d: s for d, s in scores.items() if d in allowed}
        add_proximity(self.engine, scores, compiled.pairs)
        if self.recent_first:
            prefer_recent(scores, self.cols.date)
        return scores

    def _collapsed(self, scores: Scores) -> Scores:
        """One entry per work when works are collapsed (``collapse``), else ``scores``."""
        if self.groups is None:
            return scores
        return self.groups.collapse(scores, self.prefer_format)

    def _doc_count(self, scores: Scores) -> int:
        return countOf(map(self.cols.kind.__getitem__, scores), KIND_DOC)

    def _with_relaxed(
        self,
        strict: Scores,
        relaxed: wq.Query,
        allowed: set[int] | None,
        compiled: Compiled,
        messages: list[str],
    ) -> Scores:
        """Entries with every word first, then those with most of them (best match)."""
        more = self._scores(relaxed, allowed, compiled)
        for docnum in strict:
            more.pop(docnum, None)
        if not more:
            return strict
        found = self._doc_count(self._collapsed(strict))
        if found:
            messages.append(
                f"Only {found} document{'s' if found > 1 else ''} {'have' if found > 1 else 'has'}"
                " all your words; below, documents with most of them."
            )
        else:
            messages.append(RELAXED)
        floor = max(more.values())
        more.update({d: floor + s for d, s in strict.items()})
        return more

    # ------------------------------------------------------------------ ordering

    def _top(self, scores: dict[int, float], count: int) -> list[tuple[int, float]]:
        """Best first; among equal scores the newer entry first."""
        if not scores:
            return []
        top = heapq.nlargest(count, scores.items(), key=itemgetter(1))
        if top[0][1] == top[-1][1] and len(scores) > len(top):  # e.g. tag:x, all alike
            return [(d, scores[d]) for d in self._by_date(scores)[:count]]
        dates = self.cols.date
        top.sort(key=lambda kv: (kv[1], dates[kv[0]]), reverse=True)
        return top

    def _by_date(self, docnums: Iterable[int]) -> list[int]:
        """Newest first; undated entries last (in index order)."""
        dates = self.cols.date
        ordered = sorted(docnums, key=dates.__getitem__, reverse=True)
        first_undated = len(ordered)
        while first_undated and not dates[ordered[first_undated - 1]]:
            first_undated -= 1
        return ordered[:first_undated] + sorted(ordered[first_undated:])

    def _facets(self, docnums: Collection[int]) -> dict[str, tuple[tuple[str, int], ...]]:
        """Counts over the whole matching set; a large set is counted through its complement."""
        live = self.caches.live(self.reader, self.engine)
        if len(docnums) * 2 <= len(live.docs):
            counts = _count(self.cols, docnums)
        else:
            if live.counts is None:
                live.counts = _count(self.cols, live.docs)
            rest = _count(self.cols, live.docs.difference(docnums))
            counts = tuple(_minus(all_, part) for all_, part in zip(live.counts, rest, strict=True))
        return {
            facet.name: _fold_counts(found) if facet.folded else _ranked(found)
            for facet, found in zip((f.facet for f in FACETS if f.facet), counts, strict=True)
        }

    # ------------------------------------------------------------------ hits

    def _hit(self, docnum: int, score: float, compiled: Compiled) -> SearchHit:
        if compiled.fuzzy:
            self._expand_fuzzy(compiled)
        stored = self.searcher.stored_fields(docnum)
        kind = stored.get("kind", KIND_DOC)
        doc_id = stored.get("doc_id", "")
        common = {
            "doc_id": doc_id,
            "path": stored.get("path", ""),
            "title": stored.get("entry_title", ""),
            "score": score,
            "source": stored.get("source_name"),
            "date": stored.get("date"),
            "tags": tuple(stored.get("tags", ())),
        }
        if kind == KIND_DOC:
            text = self.text_for(doc_id) if doc_id else None
            snippet = make_snippet(text, self.analyzer, compiled.matcher) if text else None
            alternates = self._alternates(docnum)
            return SearchHit(kind=KIND_DOCUMENT, snippet=snippet, alternates=alternates, **common)
        if kind == KIND_NOTE:  # the snippet is cut from the note, not the document
            note = stored.get("note", "")
            snippet = make_snippet(note, self.analyzer, compiled.matcher) if note else None
            return SearchHit(kind=KIND_DOCUMENT_NOTE, snippet=snippet, **common)
        return SearchHit(
            kind=KIND_ANNOTATION,
            snippet=self._annotation_snippet(stored, compiled),
            annotation_id=stored.get("annotation_id"),
            color=stored.get("color"),
            **common,
        )

    def _alternates(self, docnum: int) -> tuple[Alternate, ...]:
        """The other members of a collapsed document hit's work."""
        if self.groups is None:
            return ()
        cols = self.cols
        return tuple(
            Alternate(
                doc_id=cols.doc_id[other],
                path=self.searcher.stored_fields(other).get("path", ""),
                format=cols.format[other],
                version=cols.version[other] or None,
            )
            for other in self.groups.others(docnum, self.prefer_format)
        )

    def _annotation_snippet(self, stored: dict[str, Any], compiled: Compiled) -> Snippet | None:
        base = stored.get("start") or 0
        quote, note = stored.get("quote", ""), stored.get("note", "")
        matcher = compiled.matcher
        marks = find_marks(quote, self.analyzer, matcher) if quote else []
        if not marks and note:
            note_marks = find_marks(note, self.analyzer, matcher)
            if note_marks:
                return make_snippet(note, self.analyzer, matcher, base=base, marks=note_marks)
        if not quote:
            return None
        return make_snippet(quote, self.analyzer, matcher, base=base, marks=marks)

    def _expand_fuzzy(self, compiled: Compiled) -> None:
        for text, dist in compiled.fuzzy:
            for fieldname in SPELLING_FIELDS:
                found = self.engine.fuzzy_terms(fieldname, text, dist, prefix=1)
                compiled.matcher.terms.update(found[:MAX_SUGGEST_CANDIDATES])
        compiled.fuzzy.clear()

    # ------------------------------------------------------------------ spelling

    def _suggest(self, text: str, words: list[Word]) -> str | None:
        """The query with each unknown word replaced by the closest indexed word."""
        replacements: list[tuple[int, int, str]] = []
        for word in words:
            toks = list(self.analyzer.tokens(word.text, query=True))
            if len(toks) != 1 or toks[0][4] != WORD:
                continue
            term = toks[0][0]
            if self._known(term):
                continue
            better = self._correct(term)
            if better:
                replacements.append((word.start, word.end, better))
        if not replacements:
            return None
        out = text
        for start, end, better in sorted(replacements, reverse=True):
            out = out[:start] + better + out[end:]
        return out if out != text else None

    def _known(self, term: str) -> bool:
        return any(self.reader.doc_frequency(f, term) for f in SPELLING_FIELDS)

    def _correct(self, term: str) -> str | None:
        maxdist = 1 if len(term) <= 4 else 2
        candidates: set[str] = set()
        for fieldname in SPELLING_FIELDS:
            found = self.engine.fuzzy_terms(fieldname, term, maxdist, prefix=1)
            candidates.update(found[:MAX_SUGGEST_CANDIDATES])
        candidates.discard(term)
        if not candidates:
            return None
        best = min(
            candidates,
            key=lambda c: (edit_distance(term, c), -self._frequency(c), c),
        )
        return self._surface(best) or best

    def _frequency(self, term: str) -> int:
        return sum(self.reader.doc_frequency(f, term) for f in SPELLING_FIELDS)

    def _surface(self, term: str) -> str | None:
        """How an indexed (stemmed) term is spelt in a document that contains it."""
        for fieldname in SPELLING_FIELDS:
            try:
                matcher = self.searcher.postings(fieldname, term)
            except Exception:  # term not in this field
                continue
            if not matcher.is_active():
                continue
            stored = self.searcher.stored_fields(matcher.id())
            texts = [stored.get("entry_title", "")]
            if stored.get("kind") == KIND_DOC:
                texts.append(self.text_for(stored.get("doc_id", "")) or "")
            else:
                texts += [stored.get("quote", ""), stored.get("note", "")]
            forms: Counter[str] = Counter()
            for body in texts:
                for t, start, end, _pos, kind in self.analyzer.tokens(body):
                    if t == term and kind == WORD:
                        forms[body[start:end].lower()] += 1
            if forms:
                return min(forms, key=lambda f: (-forms[f], len(f), f))
        return None
