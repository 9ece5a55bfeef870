"""Value types shared by every layer: documents, anchors, annotations, search hits.

All offsets are indexes into a document's canonical text (``Document.text``) and count
Unicode code points (Python ``str`` indexes), never bytes or UTF-16 units.
"""

from __future__ import annotations

import bisect
import re
from array import array
from collections.abc import Iterator, Mapping, Sequence
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

# Where a metadata value came from: the loader's "file", "heuristic" or "fallback"
# (core/formats/metadata), or the user's own edit, which wins over all of them.
ORIGIN_USER = "user"
# The metadata fields the user may correct (Library.edit_metadata), in display order.
EDITABLE_FIELDS: tuple[str, ...] = (
    "title",
    "date",
    "source",
    "author",
    "url",
    "report_number",
    "version",
)
# A document's reading status, in the order a reading list moves through them.
READING_STATUSES: tuple[str, ...] = ("to-read", "reading", "read", "briefed")


class LoadError(Exception):
    """A file that cannot be read as a document; ``str(error)`` is a one-line reason."""


@dataclass(frozen=True)
class Span:
    """Inline formatting over ``[start, end)`` of the canonical text.

    ``style`` is one of: bold, italic, code, link, strike, sup, sub, mark, image.
    ``href`` is set for links (already sanitised: http(s), mailto or a fragment) and for
    images: the local file's path as written in the document (``[Image: alt]`` is the text).
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
    # A hash of the text's words (case and punctuation aside): the same text in two formats
    # shares it, so the two are one work (core/works.py); "" for no text.
    text_key: str = ""
    # The search index's terms of ``text`` with their encoded positions, when a loading
    # worker analysed it (so that the one index writer does not); None: not analysed yet.
    index_terms: Mapping[str, bytes] | None = field(default=None, compare=False, repr=False)

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
    report_number: str | None = None
    version: str | None = None
    # (field, origin) for each metadata field with a value; "user" for the user's edits.
    # title, date, source, author, url, report_number and version above are the effective
    # values: the user's edit when there is one, else what the loader found.
    field_origins: tuple[tuple[str, str], ...] = ()
    work_id: str = ""  # documents of one work (formats, versions) share it: core/works.py
    reading_status: str | None = None  # one of READING_STATUSES, None when not set
    collections: tuple[str, ...] = ()  # names of the reading lists it is in

    def origin(self, name: str) -> str | None:
        """Where field ``name``'s value came from ("file", "heuristic", "fallback", "user")."""
        return dict(self.field_origins).get(name)


@dataclass(frozen=True)
class WorkMember:
    """One document of a work: a format or a version of the same report or text."""

    doc_id: str
    path: str
    format: str
    version: str | None
    title: str
    date: str | None = None
    missing: bool = False


@dataclass(frozen=True)
class Work:
    """Documents that are one work, the preferred member first (newest version, then the
    preferred format); ``work_id`` is ``report:IF13204``, ``text:<hash>`` or ``doc:<id>``."""

    work_id: str
    members: tuple[WorkMember, ...]

    @property
    def preferred(self) -> WorkMember:
        return self.members[0]

    @property
    def title(self) -> str:
        return self.preferred.title


@dataclass(frozen=True)
class Collection:
    """A named, ordered reading list; ``doc_ids`` in the list's order."""

    name: str
    doc_ids: tuple[str, ...] = ()
    created: str = ""


@dataclass(frozen=True)
class LibraryFolder:
    """A folder of the library; ``sample`` marks the bundled sample library."""

    path: str
    sample: bool = False


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
    AMBIGUOUS = "ambiguous"  # fits two or more places about equally: the user picks one
    ORPHANED = "orphaned"  # not found: kept with its quote and note, can be re-attached

    def __str__(self) -> str:
        return self.value

    @property
    def needs_review(self) -> bool:
        """True for the statuses that wait for the user's decision."""
        return self in _NEEDS_REVIEW

    @property
    def placed(self) -> bool:
        """True when the annotation's anchor is a place in the document's current text."""
        return self not in _UNPLACED


_NEEDS_REVIEW = frozenset({AnchorStatus.FUZZY, AnchorStatus.AMBIGUOUS, AnchorStatus.ORPHANED})
_UNPLACED = frozenset({AnchorStatus.AMBIGUOUS, AnchorStatus.ORPHANED})


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
class Candidate:
    """A place ``[start, end)`` of the text version ``content_hash`` that an ambiguous
    annotation may belong to, with its match score (1.0: the exact quote)."""

    start: int
    end: int
    score: float
    content_hash: str = ""


@dataclass(frozen=True)
class Annotation:
    """A highlight on a passage, with its colour, Markdown note and passage tags.

    ``anchor`` is where the passage is now (re-anchoring after an edit moves it, a fuzzy
    match takes the new wording); ``original`` is the anchor as the highlight was first
    made, never changed afterwards (None: the same as ``anchor``, for values made by hand).
    ``candidates`` are the places an ``AMBIGUOUS`` annotation may belong to (in document
    order); ``confirmed`` is when the user last accepted its place (ISO 8601 UTC, or "").
    """

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
    original: Anchor | None = None
    confirmed: str = ""
    candidates: tuple[Candidate, ...] = ()

    @property
    def original_anchor(self) -> Anchor:
        """The anchor as the highlight was first made."""
        return self.original if self.original is not None else self.anchor

    @property
    def reworded(self) -> bool:
        """True when the passage's wording now differs from the quote as first highlighted."""
        return self.original_anchor.exact != self.anchor.exact


@dataclass(frozen=True)
class Resolution:
    """Where an anchor now sits in a new version of the text, and how sure we are.

    ``candidates`` lists the places an ``AMBIGUOUS`` result may mean (document order);
    ``start``/``end`` are then None, as for ``ORPHANED``.
    """

    status: AnchorStatus
    start: int | None = None
    end: int | None = None
    score: float = 1.0
    candidates: tuple[Candidate, ...] = ()


@dataclass(frozen=True)
class DocumentVersion:
    """A kept version of a document's canonical text (see ``core/store/versions.py``)."""

    doc_id: str
    content_hash: str
    saved: str  # ISO 8601 UTC: when it was kept
    length: int  # code points
    stored_bytes: int  # compressed size
    annotation_ids: tuple[int, ...] = ()  # the annotations that were placed on it
    current: bool = False  # the version the catalog has now


# ---------------------------------------------------------------------------
# Search
# ---------------------------------------------------------------------------

KIND_DOCUMENT = "document"
KIND_ANNOTATION = "annotation"
KIND_DOCUMENT_NOTE = "document_note"  # the user's note on a whole document


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
    # One slot per work in document results (the best-scoring member stands for it, the
    # others are its ``alternates``); False lists every format and version apart.
    collapse_works: bool = True
    prefer_format: str | None = None  # breaks ties between a work's members; None: the
    # library's setting (Library.preferred_format), else markdown
    # Search as you type: the last word may be unfinished, so it also matches as the
    # start of longer words (the whole word first). Operators and fields work as usual.
    as_you_type: bool = False
    # Relevance with a preference for newer documents (see core/search/scoring.py).
    recent_first: bool = False


@dataclass(frozen=True)
class Snippet:
    """A short passage around the best match; ``marks`` are ``(start, end)`` within ``text``.

    ``offset`` is where ``text`` starts in the canonical text of the document.
    """

    text: str
    offset: int
    marks: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Alternate:
    """Another member of a document hit's work (a format or a version), to open instead."""

    doc_id: str
    path: str
    format: str
    version: str | None = None


@dataclass(frozen=True)
class SearchHit:
    """One result. A ``KIND_DOCUMENT_NOTE`` hit is the document's note: its snippet is cut
    from the note (offsets within the note), not from the document's text."""

    kind: str  # KIND_DOCUMENT, KIND_ANNOTATION or KIND_DOCUMENT_NOTE
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
    alternates: tuple[Alternate, ...] = ()  # document hits: the work's other members


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
