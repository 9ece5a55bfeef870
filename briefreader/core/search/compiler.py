"""Turn a parsed query (``search.query``) and a request's filters into Whoosh queries."""

from __future__ import annotations

import fnmatch
import math
import re
from dataclasses import dataclass, field

from whoosh import query as wq

from briefreader.core.models import SearchRequest
from briefreader.core.search import fields
from briefreader.core.search.abbreviations import Abbreviation, Names, abbreviation
from briefreader.core.search.analysis import CJK, CJK1, WORD, Analyzer, Token, fold, tag_key
from briefreader.core.search.demonyms import DEMONYM_WEIGHT, other_form
from briefreader.core.search.fields import KIND_DOC
from briefreader.core.search.query import (
    AFTER,
    And,
    Cite,
    DateRange,
    Node,
    Not,
    Or,
    ParsedQuery,
    Phrase,
    Word,
    date_key,
    iter_nodes,
)
from briefreader.core.search.scoring import FieldGroup, Pair
from briefreader.core.search.snippets import TermMatcher
from briefreader.core.search.stopwords import is_stop_word

FieldWeights = tuple[tuple[str, float], ...]  # (index field, weight)
DEFAULT_FIELDS: FieldWeights = tuple((f.whoosh_name, f.boost) for f in fields.DEFAULT_FIELDS)
HIGHLIGHT_FIELDS = frozenset({None, *fields.MARKED})
SUGGEST_FIELDS = frozenset({None, *(f.name for f in fields.DEFAULT_FIELDS)})
MAX_PAIR_GAP = 3  # query words further apart than this (stop words between) do not pair
PAIR_SLACK = 2  # a pair counts when the words are this much further apart in a document
RELAXED_SHARE = 0.6  # best match: documents with this share of the query's words at least


@dataclass
class Compiled:
    """A compiled query plus what the search needs around it."""

    query: wq.Query | None
    matcher: TermMatcher = field(default_factory=TermMatcher)
    fuzzy: list[tuple[str, int]] = field(default_factory=list)  # expand for highlighting
    words: list[Word] = field(default_factory=list)  # plain words, for spelling suggestions
    messages: list[str] = field(default_factory=list)
    annotation_only: bool = False  # uses note:, quote:, color: or has:
    pairs: list[Pair] = field(default_factory=list)  # words that stand together: proximity


class QueryCompiler:
    def __init__(self, analyzer: Analyzer) -> None:
        self.analyzer = analyzer
        self.names = Names(self._terms)

    def _terms(self, text: str) -> list[str]:
        return [t[0] for t in self.analyzer.tokens(text, query=True)]

    def compile(self, parsed: ParsedQuery) -> Compiled:
        out = Compiled(None, messages=list(parsed.messages))
        for leaf, negated in iter_nodes(parsed.root):
            if negated or not isinstance(leaf, (Word, Phrase)):
                continue
            if leaf.field in fields.ANNOTATION_ONLY:
                out.annotation_only = True
            if isinstance(leaf, Word) and _plain_word(leaf) and not _stop_word(leaf):
                out.words.append(leaf)
        out.query = self._node(parsed.root, out, negated=False)
        return out

    def relaxed(self, parsed: ParsedQuery) -> wq.Query | None:
        """Best match: the query's words and phrases with most, not all, required.

        Only a group of words (the query's top level) relaxes, and only its plain words
        and phrases of the default fields: fields, dates, groups and NOT stay as they are.
        None when there is nothing to relax (fewer than two such words).
        """
        root = parsed.root
        if isinstance(root, Word):
            return self._relaxed_cjk(root)
        if not isinstance(root, And):
            return None
        optional = _optional_words(root.items)
        loose = [i for i in root.items if i not in optional and _relaxable(i)]
        if len(loose) < 2:
            return None
        scratch = Compiled(None)
        parts = [q for q in (self._node(i, scratch, negated=False) for i in loose) if q]
        kept = [i for i in root.items if i not in optional and i not in loose]
        rest = [q for q in (self._node(i, scratch, negated=False) for i in kept) if q]
        minmatch = max(1, math.ceil(len(parts) * RELAXED_SHARE))
        if minmatch >= len(parts):
            return None
        best = wq.Or(parts, minmatch=minmatch)
        positive = [q for q in rest if not isinstance(q, wq.AndNot) or q.a != wq.Every()]
        negative = [q.b for q in rest if isinstance(q, wq.AndNot) and q.a == wq.Every()]
        base = _and([best, *positive])
        return wq.AndNot(base, _or(negative)) if negative and base is not None else base

    def _relaxed_cjk(self, word: Word) -> wq.Query | None:
        """A run of Chinese (Japanese, Korean) characters is searched as a phrase of its
        character pairs; relaxed, as half of them at least: most words are two
        characters, so a pair across two words (口管 of 出口|管制) need not match."""
        if word.field is not None or _expanding(word):
            return None
        toks = list(self.analyzer.tokens(word.text, query=True))
        if len(toks) < 2 or any(t[4] != CJK for t in toks):
            return None
        parts = [self._phrase_terms(DEFAULT_FIELDS, [t[0]], 1, None) for t in toks]
        return wq.Or([p for p in parts if p is not None], minmatch=max(1, len(parts) // 2))

    # ------------------------------------------------------------------ tree

    def _node(self, node: Node | None, out: Compiled, negated: bool) -> wq.Query | None:
        if node is None:
            return None
        if isinstance(node, And):
            return self._and(node, out, negated)
        if isinstance(node, Or):
            parts = [self._node(item, out, negated) for item in node.items]
            return _or([p for p in parts if p is not None])
        if isinstance(node, Not):
            inner = self._node(node.item, out, not negated)
            return None if inner is None else wq.AndNot(wq.Every(), inner)
        if isinstance(node, DateRange):
            return _date_range(node.start, node.stop)
        if isinstance(node, Phrase):
            return self._phrase(node, out, negated)
        if isinstance(node, Cite):
            return self._cite(node, out, negated)
        return self._word(node, out, negated)

    def _and(self, node: And, out: Compiled, negated: bool) -> wq.Query | None:
        positive: list[wq.Query] = []
        negative: list[wq.Query] = []
        optional = _optional_words(node.items)
        named = self._named_runs(node.items)
        skip_to = 0
        for i, item in enumerate(node.items):
            if i < skip_to or item in optional:
                continue
            if i in named and not negated:
                length, entry, name = named[i]
                run = [x for x in node.items[i : i + length] if x not in optional]
                positive.append(self._name(run, entry, name, out))
                skip_to = i + length
            elif isinstance(item, Not):
                q = self._node(item.item, out, not negated)
                if q is not None:
                    negative.append(q)
            else:
                q = self._node(item, out, negated)
                if q is not None:
                    positive.append(q)
        if not negated:
            out.pairs.extend(self._pairs(node.items))
        if not negative:
            return _and(positive)
        base = _and(positive) or wq.Every()
        return wq.AndNot(base, _or(negative))

    def _named_runs(self, items: tuple[Node, ...]) -> dict[int, tuple[int, Abbreviation, str]]:
        """Runs of plain words that spell out a name of the abbreviation table, by start."""
        terms: list[str | None] = []
        for item in items:
            toks: list[str] = []
            if isinstance(item, Word) and item.field is None and not _expanding(item):
                toks = self._terms(item.text)
            terms.append(toks[0] if len(toks) == 1 else None)
        runs: dict[int, tuple[int, Abbreviation, str]] = {}
        i = 0
        while i < len(items):
            end = i
            while end < len(items) and terms[end] is not None:
                end += 1
            found = self.names.match([t for t in terms[i:end] if t is not None])
            if found is not None:
                runs[i] = found
                i += found[0]
            else:
                i += 1
        return runs

    def _name(self, run: list[Node], entry: Abbreviation, name: str, out: Compiled) -> wq.Query:
        """A spelled-out name: its words as typed, or the abbreviation, or its other names."""
        words = _and([q for q in (self._node(x, out, negated=False) for x in run) if q])
        alternatives = [words] if words is not None else []
        if not entry.word:
            alternatives.append(self._short(entry, DEFAULT_FIELDS, self._terms(entry.short), out))
        for other in entry.names:
            if other != name:
                alternatives.append(self._phrase_terms(DEFAULT_FIELDS, self._terms(other), 1, out))
        return _or([q for q in alternatives if q is not None]) or wq.NullQuery

    def _short(
        self, entry: Abbreviation, fields_: FieldWeights, terms: list[str], mark: Compiled | None
    ) -> wq.Query | None:
        """An abbreviation, weighted as the words of its name: it stands for all of them
        (a phrase of them scores the sum of their idfs)."""
        words = [w for w in entry.names[0].split() if not is_stop_word(w)]
        return self._phrase_terms(fields_, terms, 1, mark, boost=float(max(1, len(words))))

    def _pairs(self, items: tuple[Node, ...]) -> list[Pair]:
        """Neighbouring plain words of a group (stop words between them widen the window)."""
        pairs: list[Pair] = []
        last: str | None = None
        gap = 1
        for item in items:
            terms = self._plain_terms(item)
            if terms is None:
                last, gap = None, 1
                continue
            if not terms:  # a stop word: a gap between its neighbours
                gap += 1
                continue
            if last is not None and gap <= MAX_PAIR_GAP and last != terms[0]:
                pairs.append(Pair(last, terms[0], gap + PAIR_SLACK, DEFAULT_FIELDS))
            last, gap = terms[-1], 1
        return pairs

    def _plain_terms(self, item: Node) -> list[str] | None:
        """The terms of a plain word of the default fields ([] for a stop word), else None."""
        if not isinstance(item, Word) or item.field is not None:
            return None
        if item.prefix or item.wildcard or item.fuzzy:
            return None
        if is_stop_word(item.text):
            return []
        toks = list(self.analyzer.tokens(item.text, query=True))
        if not toks or any(t[4] != WORD for t in toks):
            return None
        return [t[0] for t in toks]

    # ------------------------------------------------------------------ leaves

    def _word(self, word: Word, out: Compiled, negated: bool) -> wq.Query | None:
        name = word.field
        if name is not None and fields.BY_NAME[name].kind in fields.KEYWORD_KINDS:
            return self._keyword(name, word.text, out, prefix=word.prefix, wildcard=word.wildcard)
        fields_ = _fields_for(name)
        mark = None if negated or name not in HIGHLIGHT_FIELDS else out
        if word.wildcard:
            return self._wildcard(fields_, word.text, mark)
        toks = list(self.analyzer.tokens(word.text, query=True))
        if not toks:
            return None
        if word.prefix:
            return self._prefix(fields_, word.text, toks, mark, typing=word.typing)
        terms = [t[0] for t in toks]
        entry = abbreviation(word.text) if name is None and not word.fuzzy else None
        if entry is not None:
            typed = self._short(entry, fields_, terms, mark)
            names = [self._phrase_terms(fields_, self._terms(n), 1, mark) for n in entry.names]
            return _or([q for q in (typed, *names) if q is not None])
        if len(toks) > 1:
            return self._phrase_terms(fields_, terms, 1, mark)
        term, kind = terms[0], toks[0][4]
        if word.fuzzy and kind == WORD:
            return self._fuzzy(fields_, word.text, term, word.fuzzy, mark)
        if mark is not None:
            mark.matcher.terms.add(term)
            if kind == CJK1:
                mark.matcher.prefixes.add(term)
        if kind == CJK1:  # one CJK character: also every bigram that starts with it
            return _group([wq.Prefix(f, term, boost=b) for f, b in fields_])
        typed = _group([wq.Term(f, term, boost=b) for f, b in fields_])
        other = other_form(word.text) if name is None and not negated else None
        if other is None:
            return typed
        alias = self._phrase_terms(fields_, self._terms(other), 1, mark, DEMONYM_WEIGHT)
        return _or([q for q in (typed, alias) if q is not None])

    def _cite(self, cite: Cite, out: Compiled, negated: bool) -> wq.Query | None:
        """A citation: any of its provisions, however the documents write them."""
        name = cite.field
        if name is not None and fields.BY_NAME[name].kind is not fields.Kind.TEXT:
            return self._keyword(name, cite.text, out)
        if not negated and name in HIGHLIGHT_FIELDS:
            out.matcher.terms.update(t[0] for t in self.analyzer.tokens(cite.number, query=True))
        fields_ = _fields_for(name)
        return _or([_group([wq.Term(f, t, boost=b) for f, b in fields_]) for t in cite.terms])

    def _phrase(self, phrase: Phrase, out: Compiled, negated: bool) -> wq.Query | None:
        name = phrase.field
        if name is not None and fields.BY_NAME[name].kind in fields.KEYWORD_KINDS:
            return self._keyword(name, phrase.text, out)
        terms = [t[0] for t in self.analyzer.tokens(phrase.text, query=True)]
        if not terms:
            return None
        mark = None if negated or name not in HIGHLIGHT_FIELDS else out
        return self._phrase_terms(_fields_for(name), terms, phrase.slop, mark)

    def _phrase_terms(
        self,
        fields_: FieldWeights,
        terms: list[str],
        slop: int,
        mark: Compiled | None,
        boost: float = 1.0,
    ) -> wq.Query | None:
        if mark is not None:
            mark.matcher.terms.update(terms)
        if len(terms) == 1:
            return _group([wq.Term(f, terms[0], boost=b) for f, b in fields_], boost)
        return _group([wq.Phrase(f, terms, slop=slop, boost=b) for f, b in fields_], boost)

    def _prefix(
        self,
        fields_: FieldWeights,
        text: str,
        toks: list[Token],
        mark: Compiled | None,
        typing: bool = False,
    ) -> wq.Query | None:
        """``export*``; with ``typing``, the word being typed: the word itself scores in
        full, its completions (``control`` -> ``controversy``) a share of that."""
        last_raw = text[toks[-1][1] : toks[-1][2]]
        folded = fold(re.sub(r"['\u2019\u02bc\u00ad]", "", last_raw))
        candidates = {folded, self.analyzer.stem(folded)} - {""}
        if mark is not None:
            mark.matcher.prefixes.update(candidates)
        parts = [wq.Prefix(f, p, boost=b) for f, b in fields_ for p in sorted(candidates)]
        last = FieldGroup(parts, exact=toks[-1][0] if typing else None) if parts else None
        if len(toks) == 1:
            return last
        head = self._phrase_terms(fields_, [t[0] for t in toks[:-1]], 1, mark)
        return _and([q for q in (head, last) if q is not None])

    def _wildcard(self, fields_: FieldWeights, text: str, mark: Compiled | None) -> wq.Query | None:
        """``ex*rt``: the pattern as typed and stemmed (terms are stems: cab*ges ~ cab*g)."""
        pattern = fold(text.replace("?", ""))
        if not pattern.strip("*"):
            return None
        patterns = sorted({pattern, self.analyzer.stem(pattern)} - {"", "*"})
        if mark is not None:
            mark.matcher.patterns.extend(re.compile(fnmatch.translate(p)) for p in patterns)
        return _group([wq.Wildcard(f, p, boost=b) for f, b in fields_ for p in patterns])

    def _fuzzy(
        self, fields_: FieldWeights, raw: str, term: str, dist: int, mark: Compiled | None
    ) -> wq.Query | None:
        folded = fold(raw)
        variants = sorted({folded, term})
        if mark is not None:
            mark.matcher.terms.update(variants)
            mark.fuzzy.extend((v, dist) for v in variants)
        return _group(
            [
                wq.FuzzyTerm(f, v, boost=b, maxdist=dist, prefixlength=1)
                for f, b in fields_
                for v in variants
            ]
        )

    def _keyword(
        self, name: str, text: str, out: Compiled, *, prefix: bool = False, wildcard: bool = False
    ) -> wq.Query | None:
        field = fields.BY_NAME[name]
        key = tag_key(text)
        if field.closed and key not in field.value_aliases:
            takes = " or ".join(sorted(set(field.value_aliases.values())))
            out.messages.append(f"{name}: takes {takes}, not “{text}”.")
            return None
        key = field.value_aliases.get(key, key)
        if not key:
            return None
        if wildcard:
            return wq.Wildcard(field.whoosh_name, key.replace("?", ""))
        if prefix:
            return wq.Prefix(field.whoosh_name, key)
        return wq.Term(field.whoosh_name, key)


# ---------------------------------------------------------------------- filters


def filter_query(request: SearchRequest, messages: list[str]) -> wq.Query | None:
    """The request's filters (kind, tags, sources, dates) as one query, or None."""
    parts: list[wq.Query] = []
    if not request.include_annotations:
        parts.append(wq.Term("kind", KIND_DOC))
    tags = sorted({tag_key(t) for t in request.tags} - {""})
    if tags:
        parts.append(_or([wq.Term("tag", t) for t in tags]))
    sources = sorted({tag_key(s) for s in request.sources} - {""})
    if sources:
        parts.append(_or([wq.Term("source", s) for s in sources]))
    dates = _date_filter(request, messages)
    if dates is not None:
        parts.append(dates)
    return _and(parts)


def _date_filter(request: SearchRequest, messages: list[str]) -> wq.Query | None:
    start = stop = None
    if request.date_from:
        start = date_key(request.date_from)
        if start is None:
            messages.append(f"Ignored the start date “{request.date_from}”.")
    if request.date_to:
        key = date_key(request.date_to)
        if key is None:
            messages.append(f"Ignored the end date “{request.date_to}”.")
        else:
            stop = key + AFTER
    if start is None and stop is None:
        return None
    return _date_range(start, stop)


def _date_range(start: str | None, stop: str | None) -> wq.Query:
    """Dates from ``start`` (included) to ``stop`` (excluded); None: open."""
    return wq.TermRange(fields.DATE.whoosh_name, start, stop, startexcl=False, endexcl=True)


# ---------------------------------------------------------------------- helpers


def _plain_word(word: Word) -> bool:
    """A word of the default, title or body field without * or ~ (spelling can fix it)."""
    return word.field in SUGGEST_FIELDS and not (word.prefix or word.wildcard or word.fuzzy)


def _expanding(item: Word) -> bool:
    return item.prefix or item.wildcard or bool(item.fuzzy)


def _relaxable(item: Node) -> bool:
    return isinstance(item, (Word, Phrase, Cite)) and item.field is None


def _stop_word(item: Node) -> bool:
    return isinstance(item, Word) and item.field is None and is_stop_word(item.text)


def _optional_words(items: tuple[Node, ...]) -> set[Node]:
    """The stop words of a group that has other words too: they need not match."""
    stops = {item for item in items if _stop_word(item)}
    others = [item for item in items if item not in stops and not isinstance(item, Not)]
    return stops if others else set()


def _fields_for(name: str | None) -> tuple[tuple[str, float], ...]:
    if name is None:
        return DEFAULT_FIELDS
    return ((fields.BY_NAME[name].whoosh_name, 1.0),)


def _group(parts: list[wq.Query], boost: float = 1.0) -> wq.Query | None:
    """One word or phrase over its fields, scored as one (BM25F, see ``scoring``)."""
    return FieldGroup(parts, boost) if parts else None


def _or(items: list[wq.Query]) -> wq.Query | None:
    if not items:
        return None
    return items[0] if len(items) == 1 else wq.Or(items)


def _and(items: list[wq.Query]) -> wq.Query | None:
    if not items:
        return None
    return items[0] if len(items) == 1 else wq.And(items)
