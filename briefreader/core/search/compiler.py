"""Turn a parsed query (``search.query``) and a request's filters into Whoosh queries."""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, field

from whoosh import query as wq

from briefreader.core.models import SearchRequest
from briefreader.core.search import fields
from briefreader.core.search.analysis import CJK1, WORD, Analyzer, Token, fold, tag_key
from briefreader.core.search.fields import KIND_DOC
from briefreader.core.search.query import (
    AFTER,
    And,
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
from briefreader.core.search.snippets import TermMatcher

Fields = tuple[tuple[str, float], ...]  # index field names and their boosts
DEFAULT_FIELDS: Fields = tuple((f.whoosh_name, f.boost) for f in fields.DEFAULT_FIELDS)
HIGHLIGHT_FIELDS = frozenset({None, *fields.MARKED})
SUGGEST_FIELDS = frozenset({None, *(f.name for f in fields.DEFAULT_FIELDS)})


@dataclass
class Compiled:
    """A compiled query plus what the search needs around it."""

    query: wq.Query | None
    matcher: TermMatcher = field(default_factory=TermMatcher)
    fuzzy: list[tuple[str, int]] = field(default_factory=list)  # expand for highlighting
    words: list[Word] = field(default_factory=list)  # plain words, for spelling suggestions
    messages: list[str] = field(default_factory=list)
    annotation_only: bool = False  # uses note:, quote:, color: or has:


class QueryCompiler:
    def __init__(self, analyzer: Analyzer) -> None:
        self.analyzer = analyzer

    def compile(self, parsed: ParsedQuery) -> Compiled:
        out = Compiled(None, messages=list(parsed.messages))
        for leaf, negated in iter_nodes(parsed.root):
            if negated or not isinstance(leaf, (Word, Phrase)):
                continue
            if leaf.field in fields.ANNOTATION_ONLY:
                out.annotation_only = True
            if isinstance(leaf, Word) and _plain_word(leaf):
                out.words.append(leaf)
        out.query = self._node(parsed.root, out, negated=False)
        return out

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
        return self._word(node, out, negated)

    def _and(self, node: And, out: Compiled, negated: bool) -> wq.Query | None:
        positive: list[wq.Query] = []
        negative: list[wq.Query] = []
        for item in node.items:
            if isinstance(item, Not):
                q = self._node(item.item, out, not negated)
                if q is not None:
                    negative.append(q)
            else:
                q = self._node(item, out, negated)
                if q is not None:
                    positive.append(q)
        if not negative:
            return _and(positive)
        base = _and(positive) or wq.Every()
        return wq.AndNot(base, _or(negative))

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
            return self._prefix(fields_, word.text, toks, mark)
        terms = [t[0] for t in toks]
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
            return _or(
                [
                    wq.Or([wq.Term(f, term, boost=b), wq.Prefix(f, term, boost=b)])
                    for f, b in fields_
                ]
            )
        return _or([wq.Term(f, term, boost=b) for f, b in fields_])

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
        self, fields_: Fields, terms: list[str], slop: int, mark: Compiled | None
    ) -> wq.Query | None:
        if mark is not None:
            mark.matcher.terms.update(terms)
        if len(terms) == 1:
            return _or([wq.Term(f, terms[0], boost=b) for f, b in fields_])
        return _or([wq.Phrase(f, terms, slop=slop, boost=b) for f, b in fields_])

    def _prefix(
        self, fields_: Fields, text: str, toks: list[Token], mark: Compiled | None
    ) -> wq.Query | None:
        last_raw = text[toks[-1][1] : toks[-1][2]]
        folded = fold(re.sub(r"['\u2019\u02bc\u00ad]", "", last_raw))
        candidates = {folded, self.analyzer.stem(folded)} - {""}
        if mark is not None:
            mark.matcher.prefixes.update(candidates)
        last = _or([wq.Prefix(f, p, boost=b) for f, b in fields_ for p in sorted(candidates)])
        if len(toks) == 1:
            return last
        head = self._phrase_terms(fields_, [t[0] for t in toks[:-1]], 1, mark)
        return _and([q for q in (head, last) if q is not None])

    def _wildcard(self, fields_: Fields, text: str, mark: Compiled | None) -> wq.Query | None:
        """``ex*rt``: the pattern as typed and stemmed (terms are stems: cab*ges ~ cab*g)."""
        pattern = fold(text.replace("?", ""))
        if not pattern.strip("*"):
            return None
        patterns = sorted({pattern, self.analyzer.stem(pattern)} - {"", "*"})
        if mark is not None:
            mark.matcher.patterns.extend(re.compile(fnmatch.translate(p)) for p in patterns)
        return _or([wq.Wildcard(f, p, boost=b) for f, b in fields_ for p in patterns])

    def _fuzzy(
        self, fields_: Fields, raw: str, term: str, dist: int, mark: Compiled | None
    ) -> wq.Query | None:
        folded = fold(raw)
        variants = sorted({folded, term})
        if mark is not None:
            mark.matcher.terms.update(variants)
            mark.fuzzy.extend((v, dist) for v in variants)
        return _or(
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


def _fields_for(name: str | None) -> Fields:
    if name is None:
        return DEFAULT_FIELDS
    return ((fields.BY_NAME[name].whoosh_name, 1.0),)


def _or(items: list[wq.Query]) -> wq.Query | None:
    if not items:
        return None
    return items[0] if len(items) == 1 else wq.Or(items)


def _and(items: list[wq.Query]) -> wq.Query | None:
    if not items:
        return None
    return items[0] if len(items) == 1 else wq.And(items)
