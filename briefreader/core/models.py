"""Value types shared by every layer: documents, anchors, annotations, search hits.

All offsets are indexes into a document's canonical text (``Document.text``) and count
Unicode code points (Python ``str`` indexes), never bytes or UTF-16 units.
"""

from __future__ import annotations

import bisect
import re
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from enum import Enum
from itertools import accumulate
from typing import Any, overload

# Han ideographs and kana: scripts written without spaces between words.
_HAN_KANA = re.compile(
    "[\u3005-\u3007\u3041-\u30fa\u30fc-\u30ff\u31f0-\u31ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f\U00020000-\U0002fa1f]"
)

# ---------------------------------------------------------------------------
# Documents
# ---------------------------------------------------------------------------

FORMAT_MARKDOWN = "markdown"
FORMAT_TEXT = "text"
FORMAT_HTML = "html"
FORMAT_PDF = "pdf"


class LoadError(Exception):
    """A file that cannot be read as a document; ``str(error)`` is a one-line reason."""


@dataclass(frozen=True)
class Span:
    """Inline formatting over ``[start, end)`` of the canonical text.

    ``style`` is one of: bold, italic, code, link, strike, sup, sub, mark.
    ``href`` is set for links only (already sanitised: http(s), mailto or a fragment).
    """

    start: int
    end: int
    style: str
    href: str | None = None


@dataclass(frozen=True)
class Block:
    """One line of the typeset document: its text is ``doc.text[start:end]`` (no newline inside).

    Consecutive blocks are separated by exactly one ``\\n`` in the canonical text, so
    ``doc.text == "\\n".join(doc.text[b.start:b.end] for b in doc.blocks)``.

    ``kind`` is one of: heading, paragraph, list_item, quote, code, table_cell, rule, blank.
    ``level`` is the heading level (1-6), or the nesting depth of a list item or quote.
    Table cells carry ``table`` (index of the table in the document), ``row``, ``col``
    and ``header``. ``page`` is the 1-based PDF page the block comes from.
    """

    kind: str
    start: int
    end: int
    level: int = 0
    ordered: bool = False
    number: int = 0
    table: int = -1
    row: int = -1
    col: int = -1
    header: bool = False
    page: int | None = None
    spans: tuple[Span, ...] = ()


class LineBlocks(Sequence[Block]):
    """The blocks of a plain text, one per line, kept compact: line starts in an ``array``
    and one byte per line for its kind (``paragraph``, or ``blank`` for an empty or white
    space line). Blocks are made on access.

    A 2 MB file of one-character lines is a million blocks: as Block objects they took
    some 250 MB and a 70 MB pickle (documents are pickled from the indexing workers);
    here they take 5 MB. Immutable; equal to any sequence of the same blocks.
    """

    __slots__ = ("_kinds", "_starts")

    def __init__(self, text: str) -> None:
        lines = text.split("\n")
        self._kinds = bytes(map(bool, map(str.strip, lines)))  # 1: paragraph, 0: blank
        # Line i is text[starts[i] : starts[i + 1] - 1]; the last entry is len(text) + 1.
        code = "i" if len(text) < 2**31 - 1 else "q"
        self._starts = array(code, accumulate(map(len, lines), _next_line, initial=0))

    @classmethod
    def _restore(cls, code: str, starts: bytes, kinds: bytes) -> LineBlocks:
        blocks = cls.__new__(cls)
        blocks._starts = array(code)
        blocks._starts.frombytes(starts)
        blocks._kinds = kinds
        return blocks

    def __reduce__(self) -> tuple[Any, ...]:
        return (LineBlocks._restore, (self._starts.typecode, self._starts.tobytes(), self._kinds))

    @property
    def line_starts(self) -> array[int]:
        """Where each line starts, plus ``len(text) + 1`` at the end (one more than blocks)."""
        return self._starts

    @property
    def paragraphs(self) -> bytes:
        """One byte per line: 1 for a ``paragraph``, 0 for a ``blank`` line."""
        return self._kinds

    def __len__(self) -> int:
        return len(self._kinds)

    @overload
    def __getitem__(self, index: int) -> Block: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Block, ...]: ...
    def __getitem__(self, index: int | slice) -> Block | tuple[Block, ...]:
        if isinstance(index, slice):
            return tuple(self[i] for i in range(*index.indices(len(self))))
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("block index out of range")
        kind = "paragraph" if self._kinds[index] else "blank"
        return Block(kind, self._starts[index], self._starts[index + 1] - 1)

    def __iter__(self) -> Iterator[Block]:
        starts = self._starts
        for i, paragraph in enumerate(self._kinds):
            yield Block("paragraph" if paragraph else "blank", starts[i], starts[i + 1] - 1)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LineBlocks):
            return self._kinds == other._kinds and self._starts == other._starts
        if isinstance(other, (tuple, list)):
            return len(other) == len(self) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))  # consistent with a tuple of the same blocks

    def __repr__(self) -> str:
        return f"LineBlocks({len(self)} lines)"


def _next_line(start: int, length: int) -> int:
    return start + length + 1


@dataclass(frozen=True)
class Heading:
    """A section heading: level 1-6, its title, and where it starts in the canonical text."""

    level: int
    title: str
    start: int


def page_number(pages: Sequence[int], offset: int) -> int | None:
    """The 1-based page holding ``offset``, given where each page starts (None: no pages)."""
    return max(1, bisect.bisect_right(pages, offset)) if pages else None


@dataclass(frozen=True)
class Document:
    """A loaded document: metadata plus its one canonical plain text and its typeset blocks."""

    path: str
    format: str
    title: str
    text: str
    blocks: Sequence[Block]  # a tuple, or LineBlocks for plain text
    content_hash: str
    size: int
    mtime: float
    date: str | None = None  # ISO "YYYY-MM-DD" (or "YYYY-MM" / "YYYY" when that is all we know)
    source: str | None = None
    author: str | None = None
    url: str | None = None
    tags: tuple[str, ...] = ()
    summary: str | None = None
    pages: tuple[int, ...] = ()  # canonical offset where page i+1 starts (PDF only)
    warnings: tuple[str, ...] = ()  # things read "as far as sensible", one line each
    report_number: str | None = None  # a report's own number: "IF13204", "R48905", "98-317"
    version: str | None = None  # the report's version: "2" for IF13204.2
    # (field, origin) for each metadata field that has a value: "file" (front matter, HTML
    # meta, PDF info), "heuristic" (content, naming convention or path) or "fallback"
    # (the title is the file name). See core/formats/metadata.
    field_origins: tuple[tuple[str, str], ...] = ()

    @property
    def word_count(self) -> int:
        """Words between spaces; in Chinese and Japanese, which have no spaces, each
        character counts as one word (as word processors count them)."""
        text = self.text
        if text.isascii():
            return len(text.split())
        characters = len(_HAN_KANA.findall(text))
        return (
            characters + len(_HAN_KANA.sub(" ", text).split()) if characters else len(text.split())
        )

    @property
    def headings(self) -> tuple[Heading, ...]:
        if isinstance(self.blocks, LineBlocks):
            return ()  # lines only: spare making a Block per line
        return tuple(
            Heading(b.level, self.text[b.start : b.end], b.start)
            for b in self.blocks
            if b.kind == "heading"
        )

    def page_at(self, offset: int) -> int | None:
        """The 1-based PDF page that contains ``offset``, or None for paginated-less formats."""
        return page_number(self.pages, offset)

    def heading_at(self, offset: int) -> Heading | None:
        """The nearest section heading at or before ``offset``."""
        found = None
        for heading in self.headings:
            if heading.start <= offset:
                found = heading
            else:
                break
        return found


@dataclass(frozen=True)
class DocumentRecord:
    """A document as the library catalog (SQLite) knows it, without its text.

    ``doc_id`` is stable: it survives edits and moves (same content hash, new path).
    ``tags`` are the document's tags, front-matter ones and the user's together.
    """

    doc_id: str
    path: str
    format: str
    title: str
    content_hash: str
    size: int
    mtime: float
    date: str | None = None
    source: str | None = None
    author: str | None = None
    url: str | None = None
    summary: str | None = None
    word_count: int = 0
    tags: tuple[str, ...] = ()
    note: str = ""  # the user's Markdown note on the whole document
    missing: bool = False  # the file is gone from disk; kept because annotations refer to it
    added: str = ""  # ISO 8601 UTC
    last_opened: str | None = None


@dataclass(frozen=True)
class Problem:
    """A file that was skipped or read only partly, with a one-line reason."""

    path: str
    reason: str
    skipped: bool = True


# ---------------------------------------------------------------------------
# Annotations
# ---------------------------------------------------------------------------

COLORS: tuple[str, ...] = ("yellow", "green", "blue", "pink", "purple", "red", "orange")
DEFAULT_COLOR = "yellow"


class AnchorStatus(str, Enum):
    ANCHORED = "anchored"  # the quote is where it was
    MOVED = "moved"  # the exact quote was found elsewhere
    FUZZY = "fuzzy"  # an approximate match: the user should confirm it
    ORPHANED = "orphaned"  # not found: kept with its quote and note, can be re-attached

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class Anchor:
    """W3C TextQuoteSelector + TextPositionSelector over the canonical text, and its version."""

    exact: str
    prefix: str
    suffix: str
    start: int
    end: int
    content_hash: str


@dataclass(frozen=True)
class Annotation:
    """A highlight on a passage, with its colour, Markdown note and passage tags."""

    id: int
    uuid: str  # stable across export/import (the W3C annotation id)
    doc_id: str
    anchor: Anchor
    color: str = DEFAULT_COLOR
    note: str = ""
    tags: tuple[str, ...] = ()
    status: AnchorStatus = AnchorStatus.ANCHORED
    created: str = ""  # ISO 8601 UTC
    updated: str = ""


@dataclass(frozen=True)
class Resolution:
    """Where an anchor now sits in a new version of the text, and how sure we are."""

    status: AnchorStatus
    start: int | None = None
    end: int | None = None
    score: float = 1.0


# ---------------------------------------------------------------------------
# Search
# ---------------------------------------------------------------------------

KIND_DOCUMENT = "document"
KIND_ANNOTATION = "annotation"


@dataclass(frozen=True)
class SearchRequest:
    """A query in the BriefReader query language plus filters, sort and page."""

    text: str
    tags: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    date_from: str | None = None  # inclusive, "YYYY" or "YYYY-MM-DD"
    date_to: str | None = None
    sort: str = "relevance"  # or "date" (newest first)
    page: int = 1
    page_size: int = 20
    include_annotations: bool = True


@dataclass(frozen=True)
class Snippet:
    """A short passage around the best match; ``marks`` are ``(start, end)`` within ``text``.

    ``offset`` is where ``text`` starts in the canonical text of the document.
    """

    text: str
    offset: int
    marks: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class SearchHit:
    kind: str  # KIND_DOCUMENT or KIND_ANNOTATION
    doc_id: str
    path: str
    title: str
    score: float
    snippet: Snippet | None = None
    source: str | None = None
    date: str | None = None
    tags: tuple[str, ...] = ()
    annotation_id: int | None = None  # annotation hits only
    color: str | None = None  # annotation hits only


@dataclass(frozen=True)
class SearchResults:
    hits: tuple[SearchHit, ...]
    total: int
    page: int = 1
    page_size: int = 20
    suggestion: str | None = None  # a corrected query when nothing (or little) was found
    message: str | None = None  # a clear word about a query that could only partly be read
    facets: dict[str, tuple[tuple[str, int], ...]] = field(default_factory=dict)
    # facet name ("tag", "source", "year") -> ((value, count), ...) most frequent first
