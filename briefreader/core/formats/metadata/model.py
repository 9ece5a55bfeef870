"""What the metadata extractor takes (what a loader knows) and what it gives back."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

# Where a value came from.
ORIGIN_FILE = "file"  # the file's own metadata: front matter, HTML <title>/<meta>, PDF info
ORIGIN_HEURISTIC = "heuristic"  # inferred from the content, a naming convention or the path
ORIGIN_FALLBACK = "fallback"  # nothing better: the title is the file name, made readable

FIELDS = ("title", "date", "source", "author", "url", "report_number", "version")

HEAD_CHARS = 6000  # the top of a text that the rules read
TAIL_CHARS = 8000  # and its end (author lines, version footers, credits)
MAX_LINES = 80


@dataclass(frozen=True)
class MetadataInput:
    """What a loader knows about one file, before any inference.

    ``declared_*`` are the file's own metadata, already normalised by the loader (front
    matter, HTML ``<meta>``; for a PDF its info dictionary's author), never guesses.
    ``html_meta`` holds the page's ``<meta name|property>`` values with lower-case names
    (plus ``canonical`` for ``<link rel=canonical>``). ``pdf_info`` holds the raw PDF
    document information strings with lower-case keys without the slash (``title``,
    ``author``, ``subject``, ``keywords``, ``creationdate``, ...). ``page1_title`` is the
    largest text on a PDF's first page, when the PDF loader knows font sizes.
    ``headings`` are the first few ``(level, text)`` headings, in order. ``furniture``
    holds the distinct running headers and footers a PDF loader left out of the text
    ("IF13204 · VERSION 2 · NEW", "https://crsreports.congress.gov"), in page order.
    """

    path: str
    format: str
    text: str
    headings: tuple[tuple[int, str], ...] = ()
    pages: tuple[int, ...] = ()
    declared_title: str | None = None
    declared_date: str | None = None
    declared_source: str | None = None
    declared_author: str | None = None
    declared_url: str | None = None
    html_title: str | None = None
    html_meta: Mapping[str, str] = field(default_factory=dict)
    pdf_info: Mapping[str, str] = field(default_factory=dict)
    page1_title: str | None = None
    furniture: tuple[str, ...] = ()


@dataclass(frozen=True)
class ExtractedMetadata:
    """The metadata found for a document, and where each value came from.

    ``origins`` pairs each field that has a value with ``"file"``, ``"heuristic"`` or
    ``"fallback"``; ``rules`` pairs it with the name of the rule that found it (for
    debugging and the coverage benchmark). Plain tuples: hashable and picklable.
    """

    title: str
    date: str | None = None
    source: str | None = None
    author: str | None = None
    url: str | None = None
    report_number: str | None = None
    version: str | None = None
    origins: tuple[tuple[str, str], ...] = ()
    rules: tuple[tuple[str, str], ...] = ()

    def origin(self, name: str) -> str | None:
        """Where field ``name`` came from, or None when it has no value."""
        return dict(self.origins).get(name)

    def rule(self, name: str) -> str | None:
        """The rule that found field ``name``, or None when it has no value."""
        return dict(self.rules).get(name)


@dataclass
class Candidates:
    """Values proposed for each field, ranked: the lowest rank wins, the first on a tie."""

    found: dict[str, tuple[int, str, str, str]] = field(default_factory=dict)

    def add(self, name: str, value: str | None, origin: str, rank: int, rule: str) -> None:
        """Propose ``value`` for field ``name`` (ignored when empty or outranked)."""
        if not value:
            return
        best = self.found.get(name)
        if best is None or rank < best[0]:
            self.found[name] = (rank, value, origin, rule)

    def value(self, name: str) -> str | None:
        best = self.found.get(name)
        return best[1] if best else None

    def rank(self, name: str) -> int | None:
        best = self.found.get(name)
        return best[0] if best else None


class Context:
    """The input plus the pieces of it that every rule reads, cut once."""

    def __init__(self, source: MetadataInput) -> None:
        self.input = source
        parts = source.path.replace("\\", "/").split("/")
        self.name = parts[-1]
        self.stem = self.name.rsplit(".", 1)[0] if "." in self.name.lstrip(".") else self.name
        self.folders = tuple(part for part in reversed(parts[-7:-1]) if part)  # nearest first
        text = source.text
        self.head = text[:HEAD_CHARS]
        self.tail = text[-TAIL_CHARS:] if len(text) > HEAD_CHARS else ""
        self.lines = self.head.split("\n", MAX_LINES)[:MAX_LINES]
        if source.pages and len(source.pages) > 1:
            page1 = text[: min(source.pages[1], HEAD_CHARS)]
        else:
            page1 = self.head
        self.page1_lines = page1.split("\n", MAX_LINES)[:MAX_LINES]
        self.furniture = "\n".join(source.furniture[:MAX_LINES])[:HEAD_CHARS]

    @cached_property
    def tail_lines(self) -> list[str]:
        return (self.tail or self.head).split("\n")[-MAX_LINES * 2 :]

    @cached_property
    def nonblank(self) -> list[str]:
        """The head's non-blank lines, stripped."""
        return [line.strip() for line in self.lines if line.strip()]
