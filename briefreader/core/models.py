"""Value types shared by every layer: documents, anchors, annotations, search hits.

All offsets are indexes into a document's canonical text (``Document.text``) and count
Unicode code points (Python ``str`` indexes), never bytes or UTF-16 units.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

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


@dataclass(frozen=True)
class Heading:
    """A section heading: level 1-6, its title, and where it starts in the canonical text."""

    level: int
    title: str
    start: int


@dataclass(frozen=True)
class Document:
    """A loaded document: metadata plus its one canonical plain text and its typeset blocks."""

    path: str
    format: str
    title: str
    text: str
    blocks: tuple[Block, ...]
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

    @property
    def word_count(self) -> int:
        return len(self.text.split())

    @property
    def headings(self) -> tuple[Heading, ...]:
        return tuple(
            Heading(b.level, self.text[b.start : b.end], b.start)
            for b in self.blocks
            if b.kind == "heading"
        )

    def page_at(self, offset: int) -> int | None:
        """The 1-based PDF page that contains ``offset``, or None for paginated-less formats."""
        if not self.pages:
            return None
        page = 0
        for i, start in enumerate(self.pages):
            if start <= offset:
                page = i
            else:
                break
        return page + 1

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
