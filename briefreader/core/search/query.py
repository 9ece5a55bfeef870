"""The BriefReader query language, parsed into a small syntax tree (no Whoosh here).

Grammar (uppercase operators, as in Whoosh; the default between clauses is AND)::

    query   := or_expr*
    or_expr := and_expr (OR and_expr)*
    and_expr:= unary ([AND] unary)*
    unary   := (NOT | -) unary | primary
    primary := ( or_expr ) | field:value | field:( or_expr ) | "phrase"[~N] | word[*|~N]

The parser never fails: whatever it cannot read (an unbalanced quote or parenthesis, a
dangling operator, an unknown field, a bad date) is dropped or read as plain words, and a
one-line note says so (``ParsedQuery.messages``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from briefreader.core.search import fields
from briefreader.core.search.analysis import is_cjk
from briefreader.core.search.citations import Citation, query_citation

MAX_DEPTH = 32
# Exclusive upper bound for everything that starts with a date prefix ("2024" < "2024-05").
AFTER = "\uffff"

_QUOTES = {ord(c): '"' for c in "“”„‟«»＂〝〞〟"}
_PARENS = {ord("（"): "(", ord("）"): ")", ord("："): ":"}
_FIELD_RE = re.compile(r"([A-Za-z]+):(.*)", re.S)
_FUZZY_RE = re.compile(r"(.+?)~(\d*)", re.S)
_DATE_RE = re.compile(r"(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?")


# ---------------------------------------------------------------------- syntax tree


@dataclass(frozen=True)
class Word:
    field: str | None  # None: the default fields (title and body)
    text: str
    start: int = 0  # span in the query string (for spelling suggestions)
    end: int = 0
    prefix: bool = False
    wildcard: bool = False
    fuzzy: int = 0  # maximum edit distance, 0 for an exact word
    typing: bool = False  # the word being typed (as you type): the word or a completion


@dataclass(frozen=True)
class Phrase:
    field: str | None
    text: str
    slop: int = 1


@dataclass(frozen=True)
class Cite:
    """A legal citation (``50 U.S.C. 1701``, ``§ 1701``): its index terms (``citations``)."""

    field: str | None
    text: str
    terms: tuple[str, ...]
    number: str  # the section as written, marked in snippets


@dataclass(frozen=True)
class DateRange:
    start: str | None  # inclusive lower key, None for open
    stop: str | None  # exclusive upper key, None for open


@dataclass(frozen=True)
class And:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    item: Node


Node = Word | Phrase | Cite | DateRange | And | Or | Not


@dataclass
class ParsedQuery:
    root: Node | None
    messages: list[str] = field(default_factory=list)
    suggestion: str | None = None  # the query with a lowercase operator in capitals


# ---------------------------------------------------------------------- lexer

# token kinds
T_WORD, T_PHRASE, T_LPAREN, T_RPAREN, T_AND, T_OR, T_NOT, T_CITE, T_TYPING = range(9)
_OPERATORS = {"AND": T_AND, "&&": T_AND, "OR": T_OR, "||": T_OR, "NOT": T_NOT}


@dataclass(frozen=True)
class _Tok:
    kind: int
    text: str = ""
    start: int = 0
    end: int = 0
    slop: int = 1
    citation: Citation | None = None


def _lex(text: str, notes: list[str]) -> list[_Tok]:
    toks: list[_Tok] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
        elif c == "(":
            toks.append(_Tok(T_LPAREN, c, i, i + 1))
            i += 1
        elif c == ")":
            toks.append(_Tok(T_RPAREN, c, i, i + 1))
            i += 1
        elif c == '"':
            i = _lex_phrase(text, i, toks, notes)
        elif c in "-+" and i + 1 < n and not text[i + 1].isspace() and _at_word_start(text, i):
            if c == "-":
                toks.append(_Tok(T_NOT, c, i, i + 1))
            i += 1
        elif _at_word_start(text, i) and (cited := query_citation(text, i)) is not None:
            toks.append(_Tok(T_CITE, text[i : cited.end], i, cited.end, citation=cited))
            i = cited.end
        else:
            i = _lex_word(text, i, toks)
    return toks


def _at_word_start(text: str, i: int) -> bool:
    return i == 0 or text[i - 1].isspace() or text[i - 1] in "()"


def _lex_phrase(text: str, i: int, toks: list[_Tok], notes: list[str]) -> int:
    close = text.find('"', i + 1)
    if close < 0:
        notes.append("A quotation mark was not closed; read the rest as a phrase.")
        close = len(text)
    body, end = text[i + 1 : close], close + 1
    slop = 1
    m = re.match(r"~(\d{1,2})", text[end:])
    if m:
        slop = max(1, int(m.group(1)))
        end += m.end()
    toks.append(_Tok(T_PHRASE, body, i, min(end, len(text)), slop))
    return end


def _lex_word(text: str, i: int, toks: list[_Tok]) -> int:
    j = i
    while j < len(text) and not text[j].isspace() and text[j] not in '()"':
        j += 1
    word = text[i:j]
    m = _FIELD_RE.fullmatch(word)
    if m and m.group(2)[:1] in ("[", "{") and not re.search(r"[\]}]", word):
        close = re.compile(r"[\]}]").search(text, j)
        j = close.end() if close else len(text)
        word = text[i:j]
    kind = _OPERATORS.get(word, T_WORD)
    toks.append(_Tok(kind, word, i, j))
    return j


# ---------------------------------------------------------------------- parser


class _Parser:
    def __init__(self, toks: list[_Tok], notes: list[str]) -> None:
        self.toks = toks
        self.i = 0
        self.depth = 0
        self.notes = notes

    def note(self, message: str) -> None:
        if message not in self.notes:
            self.notes.append(message)

    def peek(self) -> int | None:
        return self.toks[self.i].kind if self.i < len(self.toks) else None

    def take(self) -> _Tok:
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def parse(self) -> Node | None:
        items: list[Node] = []
        while self.peek() is not None:
            if self.peek() == T_RPAREN:
                self.take()
                self.note("Ignored a “)” without a matching “(”.")
                continue
            node = self.or_expr(None)
            if node is not None:
                items.append(node)
        return _combine(And, items)

    def or_expr(self, fieldname: str | None) -> Node | None:
        parts = [self.and_expr(fieldname)]
        while self.peek() == T_OR:
            self.take()
            if self.peek() in (None, T_OR, T_RPAREN):
                self.note("Ignored an OR with nothing after it.")
                continue
            parts.append(self.and_expr(fieldname))
        return _combine(Or, [p for p in parts if p is not None])

    def and_expr(self, fieldname: str | None) -> Node | None:
        items: list[Node] = []
        while self.peek() not in (None, T_OR, T_RPAREN):
            if self.peek() == T_AND:
                self.take()
                if not items or self.peek() in (None, T_OR, T_RPAREN, T_AND):
                    self.note("Ignored an AND that did not join two terms.")
                continue
            node = self.unary(fieldname)
            if node is not None:
                items.append(node)
        return _combine(And, items)

    def unary(self, fieldname: str | None) -> Node | None:
        negations = 0
        while self.peek() == T_NOT:
            self.take()
            negations += 1
        if negations and self.peek() in (None, T_OR, T_RPAREN, T_AND):
            self.note("Ignored a NOT with nothing after it.")
            return None
        node = self.primary(fieldname)
        if node is None or negations % 2 == 0:
            return node
        return Not(node)

    def primary(self, fieldname: str | None) -> Node | None:
        tok = self.take()
        if tok.kind == T_LPAREN:
            return self.group(fieldname)
        if tok.kind == T_PHRASE:
            return Phrase(fieldname, tok.text, tok.slop) if tok.text.strip() else None
        if tok.kind == T_RPAREN:  # only reachable through a field with no value
            return None
        if tok.kind == T_CITE and tok.citation is not None:
            cited = tok.citation
            return Cite(fieldname, tok.text, cited.exact, cited.number)
        return self.word(tok, fieldname, typing=tok.kind == T_TYPING)

    def group(self, fieldname: str | None) -> Node | None:
        if self.depth >= MAX_DEPTH:
            self.note("Too many nested parentheses; read the inner ones as plain grouping.")
            return None
        self.depth += 1
        node = self.or_expr(fieldname)
        self.depth -= 1
        if self.peek() == T_RPAREN:
            self.take()
        else:
            self.note("A “(” was not closed; closed it at the end.")
        return node

    def word(self, tok: _Tok, fieldname: str | None, typing: bool = False) -> Node | None:
        m = _FIELD_RE.fullmatch(tok.text)
        if m:
            name = fields.ALIASES.get(m.group(1).lower())
            if name is not None:
                return self.field_value(name, m.group(2), tok, typing)
            if not m.group(2).startswith("//"):
                self.note(
                    f"Unknown field “{m.group(1)}:”; searched for it as words. "
                    f"Fields: {fields.HELP}"
                )
        if tok.text in ("§", "¶", "§§") and self.peek() in (T_WORD, T_TYPING):
            nxt = self.take()
            return Phrase(fieldname, f"{tok.text} {nxt.text}")
        return make_word(fieldname, tok.text, tok.start, tok.end, self.notes, typing)

    def field_value(self, name: str, value: str, tok: _Tok, typing: bool = False) -> Node | None:
        if not value:
            if self.peek() in (T_PHRASE, T_LPAREN, T_WORD, T_TYPING):
                nxt = self.take()
                if nxt.kind == T_LPAREN:
                    return self.group(name)
                if nxt.kind == T_PHRASE:
                    return _field_phrase(name, nxt, self.notes)
                value, tok, typing = nxt.text, nxt, nxt.kind == T_TYPING
            else:
                self.note(f"“{name}:” needs a value after it.")
                return None
        if fields.BY_NAME[name].kind is fields.Kind.DATE:
            return date_node(value, self.notes)
        if value[:1] in ("[", "{"):
            self.note(f"Ranges work with date: only; searched {name}: for the words.")
            value = value.strip("[]{}")
        start = tok.end - len(value)
        return make_word(name, value, start, tok.end, self.notes, typing)


def _field_phrase(name: str, tok: _Tok, notes: list[str]) -> Node | None:
    if fields.BY_NAME[name].kind is fields.Kind.DATE:
        return date_node(tok.text, notes)
    return Phrase(name, tok.text, tok.slop) if tok.text.strip() else None


def _combine(kind: type[And] | type[Or], items: list[Node]) -> Node | None:
    if not items:
        return None
    if len(items) == 1:
        return items[0]
    return kind(tuple(items))


def make_word(
    fieldname: str | None, text: str, start: int, end: int, notes: list[str], typing: bool = False
) -> Word | None:
    """A word with its prefix (``*``), wildcard or fuzzy (``~``, ``~2``) suffix read;
    ``typing``: the word being typed, a prefix that prefers the word itself."""
    if typing and "*" not in text and "?" not in text:
        return Word(fieldname, text, start, end, prefix=True, typing=True)
    fuzzy = 0
    m = _FUZZY_RE.fullmatch(text)
    if m and m.group(1).strip("~"):
        text = m.group(1)
        fuzzy = min(2, max(1, int(m.group(2) or 1)))
        end -= len(m.group(0)) - len(text)
    if "*" in text:
        stem = text.rstrip("*")
        if not stem.strip("*?"):
            notes.append("A lone * matches nothing; ignored it.")
            return None
        if "*" not in stem:
            return Word(fieldname, stem, start, end, prefix=True)
        return Word(fieldname, text, start, end, wildcard=True)
    return Word(fieldname, text, start, end, fuzzy=fuzzy)


# ---------------------------------------------------------------------- dates


def date_key(value: str) -> str | None:
    """``2024``, ``2024-3``, ``2024/03/05`` -> ``2024``, ``2024-03``, ``2024-03-05``."""
    m = _DATE_RE.fullmatch(value.strip())
    if not m:
        return None
    year, month, day = m.groups()
    if month is None:
        return year
    if not 1 <= int(month) <= 12:
        return None
    if day is None:
        return f"{year}-{int(month):02d}"
    if not 1 <= int(day) <= 31:
        return None
    return f"{year}-{int(month):02d}-{int(day):02d}"


def date_node(value: str, notes: list[str]) -> DateRange | None:
    """``date:2024``, ``date:[2024 to 2025]``, ``date:>=2024-03`` as a range of date keys."""
    value = value.strip()
    if value[:1] in ("[", "{"):
        return _date_range(value, notes)
    for op in (">=", "<=", ">", "<"):
        if value.startswith(op):
            key = date_key(value[len(op) :])
            if key is None:
                break
            return {
                ">=": DateRange(key, None),
                ">": DateRange(key + AFTER, None),
                "<=": DateRange(None, key + AFTER),
                "<": DateRange(None, key),
            }[op]
    key = date_key(value)
    if key is None:
        notes.append(f"Could not read the date “{value}”; use 2024, 2024-03 or 2024-03-15.")
        return None
    return DateRange(key, key + AFTER)


def _date_range(value: str, notes: list[str]) -> DateRange | None:
    open_excl = value[0] == "{"
    close_excl = value.endswith("}")
    body = value[1:].rstrip("]}")
    if not value.endswith(("]", "}")):
        notes.append("A date range was not closed with “]”.")
    if ".." in body:
        lo_text, _, hi_text = body.partition("..")
    else:
        words = body.split()
        lowered = [w.lower() for w in words]
        if "to" in lowered:
            k = lowered.index("to")
            lo_text, hi_text = " ".join(words[:k]), " ".join(words[k + 1 :])
        else:
            lo_text = hi_text = body
    lo_text, hi_text = lo_text.strip(), hi_text.strip()
    lo = date_key(lo_text) if lo_text not in ("", "*") else ""
    hi = date_key(hi_text) if hi_text not in ("", "*") else ""
    if lo is None or hi is None or (lo == "" and hi == ""):
        notes.append(
            f"Could not read the date range “{value}”; "
            "use date:[2024 to 2025] or date:[2024-03 to]."
        )
        return None
    start = (lo + AFTER if open_excl else lo) if lo else None
    stop = (hi if close_excl else hi + AFTER) if hi else None
    return DateRange(start, stop)


# ---------------------------------------------------------------------- entry point


def parse_query(text: str, as_you_type: bool = False) -> ParsedQuery:
    """Parse ``text``; never raises for any input.

    ``as_you_type``: the text is still being typed, so its last word (when nothing
    follows it, not even a space) matches as the word or as the start of a longer one.
    """
    text = text.translate(_QUOTES).translate(_PARENS)
    notes: list[str] = []
    toks = _lex(text, notes)
    suggestion = _operator_hint(text, toks, notes)
    if as_you_type:
        toks = _typing(text, toks)
    root = _Parser(toks, notes).parse()
    return ParsedQuery(root, notes, suggestion)


_LOWER_OPERATORS = {"or": "OR", "not": "NOT"}
_BEFORE_OPERATOR = (T_WORD, T_PHRASE, T_RPAREN, T_CITE)
_AFTER_OPERATOR = (T_WORD, T_PHRASE, T_LPAREN, T_CITE)


def _operator_hint(text: str, toks: list[_Tok], notes: list[str]) -> str | None:
    """``tariffs not steel``: the query with ``NOT`` (and ``OR``) in capitals, and a note
    that the lowercase word was searched as a word (``and`` needs no hint: AND is what
    words next to each other mean anyway)."""
    spans = []
    for before, tok, after in zip(toks, toks[1:], toks[2:], strict=False):
        upper = _LOWER_OPERATORS.get(tok.text)
        if upper and before.kind in _BEFORE_OPERATOR and after.kind in _AFTER_OPERATOR:
            spans.append((tok.start, tok.end, upper))
    if not spans:
        return None
    for _start, _end, upper in spans:
        note = (
            f"“{upper.lower()}” was searched as a word; type {upper} in capitals for the operator."
        )
        if note not in notes:
            notes.append(note)
    out = text
    for start, end, upper in reversed(spans):
        out = out[:start] + upper + out[end:]
    return out


def _typing(text: str, toks: list[_Tok]) -> list[_Tok]:
    """Mark the last word as being typed (the parser reads ``T_TYPING`` as a prefix); a
    one-letter start of a word that follows others is left out until it grows."""
    if not toks or text[-1:].isspace():
        return toks
    last = toks[-1]
    if last.kind != T_WORD or last.end != len(text) or last.text[-1:] in "*~":
        return toks
    if len(last.text.split(":")[-1]) < 2 and len(toks) > 1 and not is_cjk(last.text[-1:]):
        return toks[:-1]
    return [*toks[:-1], _Tok(T_TYPING, last.text, last.start, last.end)]


def iter_nodes(node: Node | None, negated: bool = False) -> Iterator[tuple[Node, bool]]:
    """Yield ``(node, negated)`` for every leaf of the tree."""
    if node is None:
        return
    if isinstance(node, (And, Or)):
        for item in node.items:
            yield from iter_nodes(item, negated)
    elif isinstance(node, Not):
        yield from iter_nodes(node.item, not negated)
    else:
        yield node, negated
