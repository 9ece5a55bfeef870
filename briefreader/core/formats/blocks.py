"""Sanitised HTML to one canonical text plus typeset blocks (stdlib html.parser, no Qt)."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import nh3

from briefreader.core.formats.textio import normalize_newlines
from briefreader.core.models import Block, Span

_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_LISTS = frozenset({"ul", "ol", "menu"})
_CELLS = frozenset({"td", "th"})
# Elements whose start and end break the current line like a browser's block boxes.
_BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "caption", "center", "dd",
        "details", "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure",
        "footer", "form", "header", "hgroup", "html", "legend", "li", "main", "menu", "nav",
        "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th",
        "thead", "tr", "ul", *_HEADINGS,
    }
)  # fmt: skip
# Elements the parser keeps on its stack because they decide a block's kind and level.
_TRACKED = frozenset({"blockquote", "pre", "table", "thead", "tr", *_LISTS, "li", *_CELLS})
_TRACKED |= frozenset(_HEADINGS)
_INLINE_STYLES = {
    "b": "bold", "strong": "bold", "i": "italic", "em": "italic", "cite": "italic",
    "dfn": "italic", "var": "italic", "code": "code", "kbd": "code", "samp": "code",
    "tt": "code", "a": "link", "s": "strike", "del": "strike", "strike": "strike",
    "sup": "sup", "sub": "sub", "mark": "mark",
}  # fmt: skip
_SKIP_CONTENT = frozenset({"script", "style", "template", "title"})
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
_SPACES = re.compile(r"[ \t\n\r\f]+")
_SAFE_HREF = re.compile(r"^(?:https?://|mailto:|#)", re.IGNORECASE)

# What survives sanitising: structure and inline styles the reader can show, no media.
_ALLOWED_TAGS = (_BLOCK_TAGS | set(_INLINE_STYLES) | {"br", "hr", "img"}) | {
    "abbr", "bdi", "bdo", "big", "data", "ins", "q", "small", "span", "time", "u",
}  # fmt: skip
_DROPPED_CONTENT = {
    "applet", "audio", "canvas", "embed", "frame", "frameset", "iframe", "math", "noembed",
    "noframes", "noscript", "object", "script", "style", "svg", "template", "title", "video",
}  # fmt: skip
# Other HTML elements nh3 handles well (tag dropped, text kept, or void).
_OTHER_HTML = {
    "acronym", "area", "base", "basefont", "blink", "body", "button", "col", "colgroup",
    "font", "head", "html", "input", "label", "link", "map", "marquee", "meta", "meter",
    "nobr", "optgroup", "option", "output", "param", "picture", "progress", "rp", "rt",
    "ruby", "search", "select", "slot", "source", "textarea", "track", "wbr",
}  # fmt: skip
_KNOWN_TAGS = _ALLOWED_TAGS | _DROPPED_CONTENT | _OTHER_HTML
# nh3 (html5ever) silently drops the *content* of any element named like a MathML or SVG
# element (<divide>, <list>, <set>, <and>, ...) even outside <math>/<svg>: GPO pages use
# <divide>. Unknown tags are therefore removed before nh3 sees them, keeping their text.
_TAG_NAME = re.compile(r"</?([A-Za-z][\w:.-]*)")
_ALLOWED_ATTRIBUTES = {
    "a": {"href"},
    "img": {"alt", "src"},
    "ol": {"start"},
    "li": {"value"},
    "td": {"colspan"},
    "th": {"colspan"},
}


# EUR-Lex (the Official Journal's HTML) marks its titles with classes on paragraphs, not
# with heading tags: chapters and sections, then articles. Their subtitles ("Material
# scope") stay paragraphs, so a passage's section is cited as its article ("§ Article 2").
_EURLEX_TITLE = re.compile(
    r"<p\b([^>]*?)\bclass=\"(?:oj-)?(ti-section-1|ti-section-2|ti-art)\"([^>]*)>(.*?)</p\s*>",
    re.IGNORECASE | re.DOTALL,
)
_EURLEX_LEVELS = {"ti-section-1": 2, "ti-section-2": 2, "ti-art": 3}


def promote_class_headings(html: str) -> str:
    """HTML whose titles are classed paragraphs (EUR-Lex) with those titles as headings,
    so that the outline and the citations find them; the text is unchanged."""

    def heading(match: re.Match[str]) -> str:
        level = _EURLEX_LEVELS[match.group(2).lower()]
        return f"<h{level}{match.group(1)}{match.group(3)}>{match.group(4)}</h{level}>"

    return _EURLEX_TITLE.sub(heading, html)


def sanitize_html(html: str) -> str:
    """Strip scripts, styles, embeds, event handlers and unsafe links from ``html``."""
    return _cleaner()(_strip_unknown_tags(html))


def _strip_unknown_tags(html: str) -> str:
    """Remove the markup (not the text) of tags that are not HTML elements."""
    unknown = {name.lower() for name in _TAG_NAME.findall(html)} - _KNOWN_TAGS
    if not unknown:
        return html
    names = "|".join(re.escape(name) for name in sorted(unknown))
    pattern = re.compile(rf"</?(?:{names})(?![\w:.-])(?:\s[^<>]*)?/?>", re.IGNORECASE)
    return pattern.sub("", html)


def _keep_attribute(tag: str, name: str, value: str) -> str | None:
    """An image's ``src`` survives only when it names a local file: nothing remote."""
    if tag == "img" and name == "src":
        return local_image_source(value)
    return value


@functools.lru_cache(maxsize=1)
def _cleaner() -> Callable[[str], str]:
    """The nh3 sanitiser configured for the reader (built once; nh3 is thread-safe)."""
    options: dict[str, Any] = {
        "tags": set(_ALLOWED_TAGS),
        "clean_content_tags": set(_DROPPED_CONTENT),
        "attributes": {tag: set(names) for tag, names in _ALLOWED_ATTRIBUTES.items()},
        "url_schemes": {"http", "https", "mailto"},
        "link_rel": None,
        "strip_comments": True,
        "attribute_filter": _keep_attribute,
    }
    cleaner_class = getattr(nh3, "Cleaner", None)
    if cleaner_class is not None:
        clean: Callable[[str], str] = cleaner_class(**options).clean
        return clean
    return functools.partial(nh3.clean, **options)


def html_to_blocks(html: str) -> tuple[str, tuple[Block, ...]]:
    """Turn (sanitised) HTML into the canonical text and its blocks."""
    builder = _BlockBuilder()
    builder.feed(normalize_newlines(html))
    builder.close()
    return builder.result()


def verify_blocks(text: str, blocks: Sequence[Block]) -> list[str]:
    """Problems with a layout: blocks must tile ``text`` line by line, spans stay inside."""
    problems: list[str] = []
    expected = 0
    for i, block in enumerate(blocks):
        if block.start != expected or block.end < block.start or block.end > len(text):
            problems.append(f"block {i} spans [{block.start}, {block.end}), expected {expected}")
        elif "\n" in text[block.start : block.end]:
            problems.append(f"block {i} contains a newline")
        elif block.end < len(text) and text[block.end] != "\n":
            problems.append(f"block {i} is not followed by a newline")
        for span in block.spans:
            if not block.start <= span.start < span.end <= block.end:
                problems.append(f"block {i}: span {span} outside [{block.start}, {block.end})")
        expected = block.end + 1
    if blocks and blocks[-1].end != len(text):
        problems.append(f"last block ends at {blocks[-1].end}, text is {len(text)} long")
    if not blocks and text:
        problems.append("text without blocks")
    if text != "\n".join(text[b.start : b.end] for b in blocks):
        problems.append("text is not the block texts joined by newlines")
    return problems


_URL_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def local_image_source(src: str | None) -> str | None:
    """An image's ``src`` when it names a local file (a path, relative to the document or
    absolute), else None: nothing with a scheme (http, data, file) nor a ``//host`` path."""
    if not src or not src.strip():
        return None
    src = src.strip()
    if _URL_SCHEME.match(src) or src.startswith("//") or "\n" in src:
        return None
    return src


def safe_href(href: str | None) -> str | None:
    """Return ``href`` when it is an http(s), mailto or fragment link, else None."""
    if not href:
        return None
    href = href.strip()
    return href if _SAFE_HREF.match(href) else None


def read_html_head(html: str) -> tuple[str | None, dict[str, str]]:
    """Return the ``<title>`` and the ``<meta name=... content=...>`` pairs of a page
    (plus ``canonical``: the ``<link rel="canonical">`` address)."""
    cut = re.search(r"<body[\s>]", html, re.IGNORECASE)
    head = html[: cut.start()] if cut else html[:65536]
    parser = _HeadParser()
    parser.feed(head)
    parser.close()
    title = " ".join("".join(parser.title_parts).split()) or None
    return title, parser.meta


class _HeadParser(HTMLParser):
    """Collect ``<title>`` text and named ``<meta>`` values."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title_parts: list[str] = []
        self.meta: dict[str, str] = {}
        self._in_title = False
        self._seen_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title" and not self._seen_title:
            self._in_title = True
        elif tag == "meta":
            values = {k.lower(): (v or "") for k, v in attrs}
            name = (values.get("name") or values.get("property") or "").strip().lower()
            content = " ".join(values.get("content", "").split())
            if name and content and name not in self.meta:
                self.meta[name] = content
        elif tag == "link":  # <link rel="canonical" href=...>: the page's own address
            values = {k.lower(): (v or "") for k, v in attrs}
            href = values.get("href", "").strip()
            if "canonical" in values.get("rel", "").lower().split() and href:
                self.meta.setdefault("canonical", href)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self._in_title:
            self._in_title = False
            self._seen_title = True

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title_parts.append(data)

    def parse_marked_section(self, i: int, report: int = 1) -> int:
        """``<![alt](x.png)`` (Markdown in a page) is no CDATA or conditional section:
        skip it to the next ``>`` as a browser does; Python's parser raises AssertionError."""
        try:
            return super().parse_marked_section(i, bool(report))
        except AssertionError:
            end = self.rawdata.find(">", i)
            return -1 if end < 0 else end + 1


@dataclass
class _ListState:
    ordered: bool
    next_number: int = 1


@dataclass
class _ItemState:
    level: int
    ordered: bool
    number: int


@dataclass
class _TableState:
    index: int
    row: int = -1
    next_col: int = 0


@dataclass
class _CellState:
    table: int
    row: int
    col: int
    header: bool
    emitted: bool = False


@dataclass
class _OpenSpan:
    tag: str
    style: str
    href: str | None
    start: int


@dataclass
class _Line:
    """The block being collected: text pieces and spans relative to its start."""

    pieces: list[str] = field(default_factory=list)
    length: int = 0
    last_space: bool = True  # drop leading white space
    spans: list[tuple[int, int, str, str | None]] = field(default_factory=list)


class _BlockBuilder(HTMLParser):
    """An HTMLParser that lays text out in blocks the way a browser would show it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._texts: list[str] = []
        self._blocks: list[Block] = []
        self._offset = 0
        self._line = _Line()
        self._open: list[_OpenSpan] = []
        self._stack: list[tuple[str, object]] = []
        self._lists: list[_ListState] = []
        self._tables: list[_TableState] = []
        self._table_count = 0
        self._quote_depth = 0
        self._pre_depth = 0
        self._pre_fresh = False  # just after <pre>: a first newline is not content
        self._skip_depth = 0
        self._after_break = False

    def result(self) -> tuple[str, tuple[Block, ...]]:
        """The canonical text and blocks (call after ``close``)."""
        self._flush()
        return "\n".join(self._texts), tuple(self._blocks)

    # -- HTMLParser callbacks ------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_CONTENT:
            self._skip_depth += 1
        elif self._skip_depth:
            return
        elif tag == "br":
            self._line_break()
        elif tag == "hr":
            self._flush()
            self._emit("", {"kind": "rule"})
        elif tag == "img":
            found = dict(attrs)
            alt = " ".join((found.get("alt") or "").split())
            start = self._line.length
            self._add_text(f"[Image: {alt}]" if alt else "[Image]")
            src = local_image_source(found.get("src"))
            if src is not None:  # the reader shows it under the line; remote ones never
                self._line.spans.append((start, self._line.length, "image", src))
        elif tag in _BLOCK_TAGS:
            self._flush()
            self._after_break = False
            if tag in _TRACKED:
                self._open_container(tag, dict(attrs))
        elif tag in _INLINE_STYLES:
            self._open_span(tag, dict(attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_CONTENT:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif self._skip_depth:
            return
        elif tag in _BLOCK_TAGS:
            self._flush()
            self._after_break = False
            if tag in _TRACKED:
                self._close_container(tag)
        elif tag in _INLINE_STYLES:
            self._close_span(tag)

    def handle_data(self, data: str) -> None:
        if self._skip_depth or not data:
            return
        if self._pre_depth:
            self._add_preformatted(data)
        else:
            self._add_text(data)

    # -- text ------------------------------------------------------------------------------

    def _add_text(self, data: str) -> None:
        """Append flowing text, collapsing white space like a browser."""
        if self._pre_depth:
            self._append(data)
            return
        data = _SPACES.sub(" ", data)
        line = self._line
        if line.last_space and data.startswith(" "):
            data = data[1:]
        if data:
            self._append(data)
            line.last_space = data.endswith(" ")

    def _add_preformatted(self, data: str) -> None:
        """Append preformatted text: every line is a code block, spaces kept."""
        if self._pre_fresh:
            self._pre_fresh = False
            if data.startswith("\n"):
                data = data[1:]
        parts = data.split("\n")
        for part in parts[:-1]:
            self._append(part)
            self._flush(force=True)
        self._append(parts[-1])

    def _append(self, text: str) -> None:
        if text:
            self._line.pieces.append(text)
            self._line.length += len(text)
            self._after_break = False

    def _line_break(self) -> None:
        """<br>: end the line; a second <br> in a row makes an empty line (not a leading one)."""
        if self._line.length or self._after_break or self._pre_depth:
            self._flush(force=True)
        self._after_break = True

    # -- inline spans ----------------------------------------------------------------------

    def _open_span(self, tag: str, attrs: dict[str, str | None]) -> None:
        style = _INLINE_STYLES[tag]
        href = safe_href(attrs.get("href")) if tag == "a" else None
        if (tag == "a" and href is None) or (style == "code" and self._pre_depth):
            style = ""  # keep the text, drop the formatting
        self._open.append(_OpenSpan(tag, style, href, self._line.length))

    def _close_span(self, tag: str) -> None:
        for i in range(len(self._open) - 1, -1, -1):
            span = self._open[i]
            if span.tag == tag:
                del self._open[i]
                if span.style:
                    self._line.spans.append((span.start, self._line.length, span.style, span.href))
                return

    # -- containers ------------------------------------------------------------------------

    def _open_container(self, tag: str, attrs: dict[str, str | None]) -> None:
        self._auto_close(tag)
        state: object = None
        if tag in _LISTS:
            start = _int(attrs.get("start"), 1) if tag == "ol" else 1
            state = _ListState(ordered=tag == "ol", next_number=start)
            self._lists.append(state)
        elif tag == "li":
            state = self._new_item(attrs)
        elif tag == "blockquote":
            self._quote_depth += 1
        elif tag == "pre":
            self._pre_depth += 1
            self._pre_fresh = True
        elif tag == "table":
            state = _TableState(self._table_count)
            self._table_count += 1
            self._tables.append(state)
        elif tag == "tr" and self._tables:
            table = self._tables[-1]
            table.row += 1
            table.next_col = 0
        elif tag in _CELLS:
            state = self._new_cell(tag, attrs)
        self._stack.append((tag, state))

    def _auto_close(self, tag: str) -> None:
        """Close what a browser closes implicitly (an open li before a new li, etc.)."""
        if tag == "li":
            self._close_if_innermost({"li"}, stop={"ul", "ol", "menu", "table"})
        elif tag in _CELLS:
            self._close_if_innermost(_CELLS, stop={"tr", "table"})
        elif tag == "tr":
            self._close_if_innermost({"tr"}, stop={"table"})

    def _close_if_innermost(self, tags: set[str] | frozenset[str], stop: set[str]) -> None:
        for name, _state in reversed(self._stack):
            if name in stop:
                return
            if name in tags:
                self._close_container(name)
                return

    def _close_container(self, tag: str) -> None:
        if not any(name == tag for name, _state in self._stack):
            return
        while self._stack:
            name, state = self._stack[-1]
            self._on_close(name, state)  # while still open: it may emit a block inside it
            self._stack.pop()
            if name == tag:
                return

    def _on_close(self, name: str, state: object) -> None:
        if name in _CELLS and isinstance(state, _CellState) and not state.emitted:
            self._flush(force=True)  # keep empty cells so the grid stays complete
        elif name in _LISTS and self._lists:
            self._lists.pop()
        elif name == "blockquote":
            self._quote_depth -= 1
        elif name == "pre":
            self._flush()
            self._pre_depth -= 1
        elif name == "table" and self._tables:
            self._tables.pop()

    def _new_item(self, attrs: dict[str, str | None]) -> _ItemState:
        current = self._lists[-1] if self._lists else _ListState(ordered=False)
        number = _int(attrs.get("value"), current.next_number) if current.ordered else 0
        if current.ordered:
            current.next_number = number + 1
        return _ItemState(max(1, len(self._lists)), current.ordered, number)

    def _new_cell(self, tag: str, attrs: dict[str, str | None]) -> _CellState | None:
        if not self._tables:
            return None
        table = self._tables[-1]
        table.row = max(table.row, 0)
        col = table.next_col
        table.next_col += max(1, _int(attrs.get("colspan"), 1))
        header = tag == "th" or self._in_table_head()
        return _CellState(table.index, table.row, col, header)

    def _in_table_head(self) -> bool:
        for name, _state in reversed(self._stack):
            if name == "thead":
                return True
            if name == "table":
                return False
        return False

    # -- blocks ----------------------------------------------------------------------------

    def _flush(self, force: bool = False) -> None:
        """End the current line: emit it as a block if it has text (or ``force``)."""
        line = self._line
        if not line.length and not force:
            return
        text = "".join(line.pieces)
        if not self._pre_depth and line.last_space and text.endswith(" "):
            text = text[:-1]
        for span in self._open:
            if span.style:
                line.spans.append((span.start, len(text), span.style, span.href))
            span.start = 0
        self._emit(text, self._block_attrs(), line.spans)
        self._line = _Line()

    def _emit(
        self,
        text: str,
        attrs: dict[str, object],
        spans: Sequence[tuple[int, int, str, str | None]] = (),
    ) -> None:
        start = self._offset
        end = start + len(text)
        size = len(text)
        made = [
            Span(start + s, start + min(e, size), style, href)
            for s, e, style, href in sorted(spans, key=_span_order)
            if s < min(e, size)
        ]
        self._blocks.append(Block(start=start, end=end, spans=tuple(made), **attrs))  # type: ignore[arg-type]
        self._texts.append(text)
        self._offset = end + 1

    def _mark_cell_used(self) -> None:
        """Note that the innermost table cell has content (code lines in a cell)."""
        for _name, state in reversed(self._stack):
            if isinstance(state, _CellState):
                state.emitted = True
                return

    def _block_attrs(self) -> dict[str, object]:
        """Kind and level of a block from the elements around it."""
        if self._pre_depth:
            self._mark_cell_used()
            return {"kind": "code"}
        heading = 0
        for name, state in reversed(self._stack):
            if name in _HEADINGS and not heading:
                heading = _HEADINGS[name]
            elif isinstance(state, _CellState):
                state.emitted = True
                return {
                    "kind": "table_cell",
                    "table": state.table,
                    "row": state.row,
                    "col": state.col,
                    "header": state.header,
                }
            elif heading:
                break
            elif isinstance(state, _ItemState):
                return {
                    "kind": "list_item",
                    "level": state.level,
                    "ordered": state.ordered,
                    "number": state.number,
                }
            elif name == "blockquote":
                return {"kind": "quote", "level": self._quote_depth}
        if heading:
            return {"kind": "heading", "level": heading}
        return {"kind": "paragraph"}


def _span_order(span: tuple[int, int, str, str | None]) -> tuple[int, int]:
    """Sort spans by start, outer spans first."""
    return span[0], -span[1]


def _int(value: str | None, default: int) -> int:
    """Parse an HTML integer attribute, falling back to ``default``."""
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return default
