"""What changed in a document since it was annotated: two kept versions diffed block by
block (the canonical text's lines: paragraphs, headings, list items, lines of plain text),
words marked inside changed blocks, each block with the annotations on it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from briefreader.core.models import Annotation, DocumentVersion
from briefreader.core.textdiff import UNCHANGED, LineChange, Piece, line_diff

Span = tuple[int, int]
Spans = Mapping[int, tuple[Span, ...]]  # annotation id -> where it sits on one version


@dataclass(frozen=True)
class ChangeBlock:
    """A run of lines: ``kind`` is unchanged, added, removed or changed (one edited line,
    its words marked in ``pieces``). Offsets are code points in the old and new texts."""

    kind: str
    old_start: int
    old_end: int
    new_start: int
    new_end: int
    old_text: str
    new_text: str
    pieces: tuple[Piece, ...] = ()
    annotation_ids: tuple[int, ...] = ()  # annotations whose passage lies in it (old or new)


@dataclass(frozen=True)
class VersionDiff:
    """A document's text since ``since`` (a kept version; None: nothing earlier is kept)."""

    doc_id: str
    since: DocumentVersion | None
    current_hash: str
    blocks: tuple[ChangeBlock, ...]

    @property
    def changed(self) -> bool:
        return any(block.kind != UNCHANGED for block in self.blocks)

    @property
    def affected(self) -> tuple[int, ...]:
        """The annotations on changed, added or removed blocks, in order."""
        ids = (i for b in self.blocks if b.kind != UNCHANGED for i in b.annotation_ids)
        return tuple(dict.fromkeys(ids))


def version_diff(
    doc_id: str,
    since: DocumentVersion | None,
    old_text: str,
    new_text: str,
    current_hash: str,
    old_spans: Spans,
    new_spans: Spans,
) -> VersionDiff:
    """Diff two versions; ``old_spans``/``new_spans`` are where annotations sit on each."""
    blocks = tuple(
        _block(change, old_text, new_text, old_spans, new_spans)
        for change in line_diff(old_text, new_text)
    )
    return VersionDiff(doc_id, since, current_hash, blocks)


def _block(
    change: LineChange,
    old_text: str,
    new_text: str,
    old_spans: Spans,
    new_spans: Spans,
) -> ChangeBlock:
    on_old = _within(old_spans, change.old_start, change.old_end)
    on_new = _within(new_spans, change.new_start, change.new_end)
    return ChangeBlock(
        kind=change.kind,
        old_start=change.old_start,
        old_end=change.old_end,
        new_start=change.new_start,
        new_end=change.new_end,
        old_text=old_text[change.old_start : change.old_end],
        new_text=new_text[change.new_start : change.new_end],
        pieces=change.pieces,
        annotation_ids=tuple(dict.fromkeys([*on_old, *on_new])),
    )


def _within(spans: Spans, start: int, end: int) -> list[int]:
    """Annotations with a span overlapping ``[start, end)``, by where they start."""
    hits = {i: s for i, places in spans.items() for s, e in places if s < end and start < e}
    return sorted(hits, key=lambda i: (hits[i], i))


def spans_on(
    annotations: Iterable[Annotation], content_hash: str, placements: Mapping[int, Span]
) -> dict[int, tuple[Span, ...]]:
    """Where each annotation sat on the earlier version ``content_hash``: as recorded when
    it was placed there, else its original anchor when it was made on that version."""
    spans: dict[int, tuple[Span, ...]] = {}
    for annotation in annotations:
        original = annotation.original_anchor
        if annotation.id in placements:
            spans[annotation.id] = (placements[annotation.id],)
        elif original.content_hash == content_hash:
            spans[annotation.id] = ((original.start, original.end),)
    return spans


def current_spans(
    annotations: Iterable[Annotation], content_hash: str
) -> dict[int, tuple[Span, ...]]:
    """Where each annotation sits on the current version: its anchor when placed on it, an
    ambiguous one's candidate places (an orphan has none)."""
    spans: dict[int, tuple[Span, ...]] = {}
    for annotation in annotations:
        anchor = annotation.anchor
        if annotation.status.placed and anchor.content_hash == content_hash:
            spans[annotation.id] = ((anchor.start, anchor.end),)
        places = tuple((c.start, c.end) for c in annotation.candidates
                       if c.content_hash == content_hash)  # fmt: skip
        if places and not annotation.status.placed:
            spans[annotation.id] = places
    return spans
