"""What every format shares: the summary laid out in sections and groups, labels, notes as HTML."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path, PurePath
from urllib.parse import quote

import markdown
import nh3

from briefreader.core.models import COLORS, AnchorStatus, Annotation
from briefreader.core.names import display_name
from briefreader.core.textdiff import Piece, word_diff

from .citing import CitationText, cite
from .model import ExportItem, ExportOptions, ExportScope

# Highlight colours as shown on screen (light, so black text stays readable when printed).
COLOR_HEX: dict[str, str] = {
    "yellow": "#fff176",
    "green": "#aed581",
    "blue": "#81d4fa",
    "pink": "#f8bbd0",
    "purple": "#d1c4e9",
    "red": "#ef9a9a",
    "orange": "#ffcc80",
}
FALLBACK_HEX = "#e0e0e0"

STATUS_LABELS: dict[AnchorStatus, str] = {
    AnchorStatus.ANCHORED: "",
    AnchorStatus.MOVED: "moved: found elsewhere in the current version",
    AnchorStatus.FUZZY: "approximate match: please check",
    AnchorStatus.AMBIGUOUS: "ambiguous: fits several places in the current version",
    AnchorStatus.ORPHANED: "orphaned: not found in the current version",
}

UNTAGGED = "No passage tags"
NO_SECTION = "Before the first heading"
UNPLACED_SECTION = "Elsewhere in the document"
APPENDIX_TITLE = "Appendix: passages not found in the current documents"
APPENDIX_TEXT = (
    "These passages were highlighted in an earlier version of their document and no longer "
    "appear in it; they are kept here for reference, not as evidence."
)

_NOTE_TAGS = {
    "p", "br", "strong", "b", "em", "i", "code", "pre", "blockquote", "ul", "ol", "li",
    "a", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "table", "thead", "tbody", "tr", "th",
    "td", "del", "s", "sup", "sub", "dl", "dt", "dd", "abbr",
}  # fmt: skip
_NOTE_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}


class NoteRenderer:
    """Markdown notes -> sanitised HTML (no scripts, styles or odd links).

    One per export: building a Markdown converter is the slow part, and it can be reused.
    """

    def __init__(self) -> None:
        self._markdown: markdown.Markdown | None = None
        self._cache: dict[str, str] = {}

    def __call__(self, note: str) -> str:
        if not note.strip():
            return ""
        cached = self._cache.get(note)
        if cached is not None:
            return cached
        if self._markdown is None:
            self._markdown = markdown.Markdown(
                extensions=["extra", "sane_lists"], output_format="html"
            )
        rendered = self._markdown.reset().convert(note)
        html = nh3.clean(
            rendered,
            tags=_NOTE_TAGS,
            attributes=_NOTE_ATTRIBUTES,
            url_schemes={"http", "https", "mailto"},
            link_rel="noopener noreferrer",
        ).strip()
        self._cache[note] = html
        return html


def note_to_html(note: str) -> str:
    """Render one Markdown note to sanitised HTML."""
    return NoteRenderer()(note)


@dataclass(frozen=True)
class Entry:
    """One annotation with what a reader of the summary needs around it."""

    item: ExportItem
    annotation: Annotation
    heading: str | None
    page: int | None
    color_name: str
    meaning: str
    quote: str  # the passage as the current version words it (the stored quote if unknown)
    citation: CitationText
    sending: bool = False  # laid out for a recipient (ExportOptions.audience "send")
    # When the wording changed since the highlight was made: the original quote against
    # the current one, word by word (textdiff pieces); () when it did not. A brief to
    # send shows only the current wording.
    wording: tuple[Piece, ...] = ()

    @property
    def color_label(self) -> str:
        """ "Yellow — Key finding", or just "Yellow" when the colour has no meaning."""
        return f"{self.color_name} — {self.meaning}" if self.meaning else self.color_name

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.annotation.status, str(self.annotation.status))


@dataclass(frozen=True)
class DocSection:
    item: ExportItem
    entries: tuple[Entry, ...]

    @property
    def citation(self) -> CitationText:
        """The citation of the whole document."""
        return cite(self.item.record)

    def by_heading(self) -> list[tuple[str, tuple[Entry, ...]]]:
        """The entries split by the section of the document they are in, in reading order;
        the passages without a settled place (ambiguous, orphaned) last."""
        parts: dict[str, list[Entry]] = {}
        unplaced: list[Entry] = []
        for entry in self.entries:
            if not entry.annotation.status.placed:
                unplaced.append(entry)
            else:
                parts.setdefault(entry.heading or NO_SECTION, []).append(entry)
        found = [(heading, tuple(entries)) for heading, entries in parts.items()]
        return found + ([(UNPLACED_SECTION, tuple(unplaced))] if unplaced else [])


@dataclass(frozen=True)
class Group:
    """A top-level part of the summary: one document, one tag or one colour."""

    key: str
    title: str
    sections: tuple[DocSection, ...]


@dataclass(frozen=True)
class Summary:
    scope: ExportScope
    options: ExportOptions
    title: str
    scope_text: str
    generated_text: str
    documents: tuple[DocSection, ...]  # every document, in export order
    groups: tuple[Group, ...]
    annotation_count: int
    status_counts: dict[AnchorStatus, int]
    appendix: tuple[DocSection, ...] = ()  # sending: the passages no longer found
    notes: NoteRenderer = field(default_factory=NoteRenderer, compare=False)

    @property
    def by_document(self) -> bool:
        """Each document in turn (also by section: the sections of each document)."""
        return self.options.group_by in ("document", "section")

    @property
    def by_section(self) -> bool:
        return self.options.group_by == "section"

    @property
    def to_send(self) -> bool:
        return self.options.to_send

    @property
    def intro(self) -> str:
        return self.options.intro.strip()

    @property
    def counts_text(self) -> str:
        """ "3 documents · 8 highlights (1 moved, 1 orphaned)"; no statuses when sending."""
        docs = plural(len(self.documents), "document")
        text = (
            f"{docs} · {plural(self.annotation_count, 'passage' if self.to_send else 'highlight')}"
        )
        if self.to_send:
            return text
        odd = [
            f"{count} {status.value}"
            for status, count in self.status_counts.items()
            if status is not AnchorStatus.ANCHORED and count
        ]
        return f"{text} ({', '.join(odd)})" if odd else text

    @property
    def since_text(self) -> str:
        """The "only new" line, or "" when the whole scope is exported."""
        if not self.scope.since_last:
            return ""
        if self.scope.since:
            return f"Only highlights new or changed since {format_timestamp(self.scope.since)}."
        return "Only highlights new or changed since the last export."


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def now_iso() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def rfc3339(value: str) -> str:
    """An ISO 8601 moment as RFC 3339 UTC ("2024-05-06T07:08:09Z"); "" when unparseable.

    Naive values are taken as UTC (the store keeps UTC)."""
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    text = moment.astimezone(timezone.utc).isoformat()
    return text.replace("+00:00", "Z")


def format_timestamp(value: str) -> str:
    """ISO 8601 -> "2024-05-06 07:08 UTC" (unparseable values are returned unchanged)."""
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return value
    if moment.tzinfo is None:
        return moment.strftime("%Y-%m-%d %H:%M")
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def color_name(color: str) -> str:
    return color[:1].upper() + color[1:] if color else "None"


def color_hex(color: str) -> str:
    return COLOR_HEX.get(color, FALLBACK_HEX)


def file_uri(path: str) -> str:
    """An absolute path as a ``file:`` URI; a relative one as a percent-encoded relative URI."""
    if not path:
        return ""
    pure = Path(path)
    if pure.is_absolute():
        return pure.as_uri()
    return "file:" + quote(PurePath(path).as_posix().replace(os.sep, "/"))


def location(item: ExportItem) -> str:
    """The document's path, or its URL when it has no path."""
    return display_name(item.record.path) or item.record.url or ""


def reading_order(annotations: Iterable[Annotation]) -> list[Annotation]:
    """Annotations in reading order; orphaned and ambiguous ones (no place in the current
    text) last."""
    return sorted(
        annotations,
        key=lambda a: (
            not a.status.placed,
            a.anchor.start,
            a.anchor.end,
            a.created,
            a.uuid,
        ),
    )


def scope_text(scope: ExportScope, items: Sequence[ExportItem]) -> str:
    """The scope in words: "tag “climate”", "whole library", ..."""
    if scope.label:
        label = scope.label
    elif scope.kind == "document" and len(items) == 1:
        label = items[0].record.title
    else:
        label = ", ".join(scope.values)
    if scope.kind == "document":
        return f"document “{label}”"
    if scope.kind == "documents":
        return scope.label or plural(len(scope.values) or len(items), "selected document")
    if scope.kind == "tag":
        return f"tag “{label}”"
    if scope.kind == "query":
        return f"search “{label}”"
    if scope.kind == "collection":
        return f"reading list “{label}”"
    return "whole library"


def _entry(item: ExportItem, annotation: Annotation, options: ExportOptions) -> Entry:
    heading = page = None
    doc = item.document
    anchor = annotation.anchor
    placed = doc is not None and annotation.status.placed
    quote = anchor.exact
    if doc is not None and placed:
        found = doc.heading_at(anchor.start)
        heading = found.title if found else None
        page = doc.page_at(anchor.start)
        current = doc.text[anchor.start : anchor.end]
        if current.strip():
            quote = current
    return Entry(
        item=item,
        annotation=annotation,
        heading=heading,
        page=page,
        color_name=color_name(annotation.color),
        meaning=options.color_meanings.get(annotation.color, "").strip(),
        quote=quote,
        citation=cite(item.record, doc if placed else None, anchor.start),
        sending=options.to_send,
        wording=() if options.to_send else wording(annotation),
    )


def wording(annotation: Annotation) -> tuple[Piece, ...]:
    """The original quote against the current one, word by word; () when the same."""
    if not annotation.reworded:
        return ()
    return word_diff(annotation.original_anchor.exact, annotation.anchor.exact)


def _groups(documents: Sequence[DocSection], options: ExportOptions) -> tuple[Group, ...]:
    if options.group_by in ("document", "section"):
        return tuple(Group(s.item.record.doc_id, s.item.record.title, (s,)) for s in documents)
    keyed: dict[str, dict[str, list[Entry]]] = {}
    for section in documents:
        for entry in section.entries:
            if options.group_by == "tag":
                keys = entry.annotation.tags or (UNTAGGED,)
            else:
                keys = (entry.annotation.color,)
            for key in dict.fromkeys(keys):
                keyed.setdefault(key, {}).setdefault(section.item.record.doc_id, []).append(entry)
    if options.group_by == "tag":
        order = sorted((k for k in keyed if k != UNTAGGED), key=lambda t: (t.casefold(), t))
        if UNTAGGED in keyed:
            order.append(UNTAGGED)
    else:
        order = [c for c in COLORS if c in keyed] + sorted(c for c in keyed if c not in COLORS)
    groups = []
    for key in order:
        sections = tuple(
            DocSection(s.item, tuple(keyed[key][s.item.record.doc_id]))
            for s in documents
            if s.item.record.doc_id in keyed[key]
        )
        if options.group_by == "tag":
            title = key if key == UNTAGGED else f"Tag: {key}"
        else:
            meaning = options.color_meanings.get(key, "").strip()
            title = f"{color_name(key)} — {meaning}" if meaning else color_name(key)
        groups.append(Group(key, title, sections))
    return tuple(groups)


def build_summary(
    scope: ExportScope, items: Sequence[ExportItem], options: ExportOptions
) -> Summary:
    """Lay the export out: entries in reading order, grouped as the options ask; sending,
    the passages no longer found go to an appendix."""
    documents = tuple(
        DocSection(item, tuple(_entry(item, a, options) for a in reading_order(item.annotations)))
        for item in items
    )
    appendix: tuple[DocSection, ...] = ()
    if options.to_send:
        documents, appendix = _set_apart_orphans(documents)
    status_counts = {status: 0 for status in AnchorStatus}
    for section in documents:
        for entry in section.entries:
            status_counts[entry.annotation.status] = (
                status_counts.get(entry.annotation.status, 0) + 1
            )
    described = scope_text(scope, items)
    return Summary(
        scope=scope,
        options=options,
        title=options.title.strip() or default_title(scope, items, options),
        scope_text=described,
        generated_text=format_timestamp(options.generated_at),
        documents=documents,
        groups=_groups(documents, options),
        annotation_count=sum(len(s.entries) for s in documents),
        status_counts=status_counts,
        appendix=appendix,
    )


def default_title(scope: ExportScope, items: Sequence[ExportItem], options: ExportOptions) -> str:
    """The brief's title when the analyst gave none."""
    described = scope_text(scope, items)
    if not options.to_send:
        return f"Annotated summary: {described}"
    if scope.kind == "document" and len(items) == 1:
        return f"Brief: {items[0].record.title}"
    if scope.kind == "tag":
        return f"Brief: {scope.label or scope.value}"
    if scope.kind in ("query", "collection"):
        return f"Brief: {scope.label or scope.value}"
    return "Brief"


def _set_apart_orphans(
    documents: Sequence[DocSection],
) -> tuple[tuple[DocSection, ...], tuple[DocSection, ...]]:
    """The sections without their orphaned entries, and those entries by document."""
    kept, apart = [], []
    for section in documents:
        found = [e for e in section.entries if e.annotation.status is not AnchorStatus.ORPHANED]
        lost = [e for e in section.entries if e.annotation.status is AnchorStatus.ORPHANED]
        if found or not lost:
            kept.append(DocSection(section.item, tuple(found)))
        if lost:
            apart.append(DocSection(section.item, tuple(lost)))
    return tuple(kept), tuple(apart)
