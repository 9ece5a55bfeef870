"""Cheap guards that keep Python-Markdown and nh3 off their slow paths.

Both converters are fine on real documents but super-linear on some shapes (measured here,
Python-Markdown 3.11, nh3 0.3):

- Python-Markdown's inline pass costs about the square of the links in one paragraph
  (1,000 ``[a](b)`` in one paragraph: 2.5 s; 8,000: 3 minutes), and of its entities and tags
  (10 MB of ``&amp;`` never finished); its blockquote parser grows with the square of the
  nesting (quotes nested 1,500 deep: 13 s, 560 MB); thousands of abbreviation definitions
  cost seconds each thousand.
- nh3 (html5ever) costs the square of the ``&`` in one text node (10 MB of ``&amp;``: 33 s)
  and of the element nesting (100,000 nested ``<div>``: 20 s).

The guards find those shapes with string counts (linear, in C) and defuse them: such a
paragraph is shown as its plain text, quotes deeper than ``MAX_QUOTE_DEPTH`` and elements
deeper than ``MAX_HTML_DEPTH`` are flattened, long runs of ``&`` are cut into text nodes.
Each says so in a warning. The loading pool's time budget (``core/sync/pool.py``) remains
the safety net for shapes not listed here.
"""

from __future__ import annotations

import html
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field

MAX_QUOTE_DEPTH = 32
MAX_HTML_DEPTH = 256
MAX_ABBREVIATIONS = 200
INLINE_SECONDS = 1.0  # a paragraph estimated to cost more than this is shown as plain text
AMPERSANDS_PER_NODE = 2000

# Seconds per (count in one paragraph) squared, measured on this machine's Python-Markdown.
_LINK_COST = 2.5e-6
_ENTITY_COST = 2e-9
_EMPHASIS_COST = 3e-10

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_UNIT_START = re.compile(r"^\s{0,12}(?:[-*+]|\d{1,9}[.)])\s|^\s*\||^ {0,3}#")
_DEEP_QUOTE = re.compile(rf"^ {{0,3}}(?:>[ \t]?){{{MAX_QUOTE_DEPTH + 1}}}", re.MULTILINE)
_QUOTE_PREFIX = re.compile(r"^ {0,3}(?:>[ \t]?)+")
_ABBREVIATION = re.compile(r"^\*\[[^\]\n]*\][ ]?:", re.MULTILINE)
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)(?:[^<>]*?)(/?)>")
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param"}
    | {"source", "track", "wbr"}
)


@dataclass
class TamedMarkdown:
    """Markdown with its pathological pieces replaced by tokens."""

    body: str
    plain: dict[str, str] = field(default_factory=dict)  # token -> the text it stands for
    warnings: list[str] = field(default_factory=list)

    def restore(self, converted: str) -> str:
        """Put each defused piece back into the converted HTML as its escaped plain text."""
        for token, text in self.plain.items():
            escaped = html.escape(text, quote=False)
            converted = converted.replace(f"<p>{token}</p>", f"<p>{escaped}</p>", 1)
            converted = converted.replace(token, escaped, 1)
        return converted


def tame_markdown(body: str) -> TamedMarkdown:
    """Defuse deep quotes, floods of abbreviations and paragraphs too costly to convert."""
    tamed = TamedMarkdown(body)
    if _DEEP_QUOTE.search(body):
        tamed.body = _cap_quotes(tamed.body)
        tamed.warnings.append(f"quotes nested over {MAX_QUOTE_DEPTH} deep were flattened")
    abbreviations = len(_ABBREVIATION.findall(tamed.body))
    if abbreviations > MAX_ABBREVIATIONS:
        tamed.body = _ABBREVIATION.sub(lambda m: "\\" + m.group(0), tamed.body)
        tamed.warnings.append(
            f"{abbreviations:,} abbreviation definitions (over {MAX_ABBREVIATIONS}) "
            "are shown as text"
        )
    if _inline_cost(tamed.body) > INLINE_SECONDS:
        _defuse_paragraphs(tamed)
    return tamed


def _cap_quotes(body: str) -> str:
    def cap(match: re.Match[str]) -> str:
        depth = match.group(0).count(">")
        return match.group(0) if depth <= MAX_QUOTE_DEPTH else "> " * MAX_QUOTE_DEPTH

    return "\n".join(_QUOTE_PREFIX.sub(cap, line, count=1) for line in body.split("\n"))


def _inline_cost(text: str) -> float:
    """Estimated seconds Python-Markdown's inline pass spends on ``text`` as one paragraph."""
    links = text.count("](") + text.count("][")
    entities = text.count("&") ** 2 + text.count("<") ** 2
    emphasis = text.count("*") + text.count("_") + text.count("`")
    return _LINK_COST * links**2 + _ENTITY_COST * entities + _EMPHASIS_COST * emphasis**2


def _defuse_paragraphs(tamed: TamedMarkdown) -> None:
    """Replace each paragraph too costly to convert by a token (its plain text later)."""
    lines = tamed.body.split("\n")
    marker = f"zqplain{uuid.uuid4().hex}n"
    defused = 0
    for start, end in reversed(list(_paragraphs(lines))):
        text = "\n".join(lines[start:end])
        if _inline_cost(text) <= INLINE_SECONDS:
            continue
        token = f"{marker}{len(tamed.plain)}z"
        tamed.plain[token] = text
        lines[start:end] = [token]
        defused += 1
    if defused:
        tamed.body = "\n".join(lines)
        tamed.warnings.append(
            f"{defused} paragraph(s) with too much markup to convert in time "
            "are shown as plain text"
        )


def _paragraphs(lines: list[str]) -> Iterator[tuple[int, int]]:
    """``(start, end)`` line ranges that Python-Markdown's inline pass sees as one text:
    runs of lines outside fenced code, cut at blank lines, list items, table rows, headings."""
    start: int | None = None
    fence = ""
    for i, line in enumerate(lines):
        found = _FENCE.match(line)
        if found and (not fence or found.group(1)[0] == fence[0]):
            if start is not None:
                yield start, i
                start = None
            fence = "" if fence else found.group(1)
            continue
        if fence:
            continue
        if not line.strip() or _UNIT_START.match(line):
            if start is not None:
                yield start, i
            start = i if line.strip() else None
        elif start is None:
            start = i
    if start is not None and not fence:
        yield start, len(lines)


def tame_html(markup: str) -> tuple[str, list[str]]:
    """Flatten elements nested deeper than MAX_HTML_DEPTH and cut long runs of ``&`` into
    separate text nodes, before nh3 sees them; the warnings say what was done."""
    warnings = []
    if markup.count("<") > 2 * MAX_HTML_DEPTH:
        markup, dropped = _flatten(markup)
        if dropped:
            warnings.append(
                f"elements nested over {MAX_HTML_DEPTH} deep were flattened ({dropped:,} tags)"
            )
    if markup.count("&") > 10 * AMPERSANDS_PER_NODE:
        markup = _split_ampersands(markup)
    return markup, warnings


def _flatten(markup: str) -> tuple[str, int]:
    """``markup`` without the tags that open (and close) below MAX_HTML_DEPTH."""
    depth = extra = dropped = 0
    pieces: list[str] = []
    last = 0
    for match in _TAG.finditer(markup):
        closing, name, self_closing = match.groups()
        if name.lower() in _VOID or self_closing:
            continue
        drop = False
        if closing:
            if extra:
                extra, drop = extra - 1, True
            else:
                depth = max(depth - 1, 0)
        elif depth >= MAX_HTML_DEPTH:
            extra, drop = extra + 1, True
        else:
            depth += 1
        if drop:
            pieces.append(markup[last : match.start()])
            last = match.end()
            dropped += 1
    if not dropped:
        return markup, 0
    pieces.append(markup[last:])
    return "".join(pieces), dropped


def _split_ampersands(markup: str) -> str:
    """An empty ``<span>`` before every AMPERSANDS_PER_NODE-th ``&`` that is in text."""
    parts = markup.split("&")
    pieces: list[str] = []
    inside = False  # within a tag at the end of the pieces so far
    for first in range(0, len(parts), AMPERSANDS_PER_NODE):
        chunk = "&".join(parts[first : first + AMPERSANDS_PER_NODE])
        if pieces:
            pieces.append("&" if inside else "<span></span>&")
        pieces.append(chunk)
        opened, closed = chunk.rfind("<"), chunk.rfind(">")
        if opened >= 0 or closed >= 0:
            inside = opened > closed
    return "".join(pieces)
