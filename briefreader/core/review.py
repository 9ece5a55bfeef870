"""The review list: annotations that wait for the user's decision after their documents
changed (fuzzy, ambiguous, orphaned), each with what there is to decide; and which
decisions fit which annotation (the Library makes them)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from briefreader.core.anchoring import make_anchor
from briefreader.core.errors import LibraryError
from briefreader.core.models import (
    Anchor,
    AnchorStatus,
    Annotation,
    Candidate,
    Document,
    DocumentRecord,
)
from briefreader.core.textdiff import Piece, word_diff

PLACE_CONTEXT = 40  # code points of text shown on each side of a candidate place

DECISIONS: dict[AnchorStatus, str] = {
    AnchorStatus.FUZZY: "the wording changed: confirm the new wording, re-attach or delete",
    AnchorStatus.AMBIGUOUS: "it fits several places: pick one, re-attach or delete",
    AnchorStatus.ORPHANED: "its passage is gone: re-attach it to new text or delete it",
}


@dataclass(frozen=True)
class Place:
    """A candidate place of an ambiguous annotation, with the text around it."""

    number: int  # 1-based, as ``briefreader pick ID N`` takes it
    candidate: Candidate
    before: str
    text: str
    after: str


@dataclass(frozen=True)
class ReviewItem:
    """One annotation to decide on, in library order (documents by title, then place)."""

    annotation: Annotation
    record: DocumentRecord | None
    decision: str  # one line: what there is to decide
    wording: tuple[Piece, ...] = ()  # the original quote against the current one
    places: tuple[Place, ...] = ()  # an ambiguous annotation's candidates, with context
    stale: bool = False  # the candidates are for another version than the catalog's


def review_items(
    annotations: Iterable[Annotation],
    record_for: Callable[[str], DocumentRecord | None],
    text_for: Callable[[str], str | None],
) -> list[ReviewItem]:
    """The annotations that need a decision, with what to decide (order kept)."""
    items = []
    for annotation in annotations:
        if not annotation.status.needs_review:
            continue
        record = record_for(annotation.doc_id)
        wording: tuple[Piece, ...] = ()
        if annotation.reworded:
            wording = word_diff(annotation.original_anchor.exact, annotation.anchor.exact)
        places: tuple[Place, ...] = ()
        stale = False
        if annotation.candidates:
            text = text_for(annotation.doc_id) or ""
            stale = record is None or any(
                c.content_hash != record.content_hash for c in annotation.candidates
            )
            places = tuple(candidate_places(annotation.candidates, text))
        items.append(
            ReviewItem(
                annotation=annotation,
                record=record,
                decision=DECISIONS[annotation.status],
                wording=wording,
                places=places,
                stale=stale,
            )
        )
    return items


def candidate_places(candidates: Iterable[Candidate], text: str) -> list[Place]:
    """Each candidate with up to PLACE_CONTEXT code points of ``text`` on each side."""
    return [
        Place(
            number=i,
            candidate=c,
            before=text[max(0, c.start - PLACE_CONTEXT) : c.start],
            text=text[c.start : c.end],
            after=text[c.end : c.end + PLACE_CONTEXT],
        )
        for i, c in enumerate(candidates, 1)
    ]


def check_confirmable(annotation: Annotation) -> Annotation:
    """The annotation, when its current place can be confirmed; LibraryError otherwise."""
    n = annotation.id
    if annotation.status is AnchorStatus.AMBIGUOUS:
        raise LibraryError(
            f"annotation {n} fits {len(annotation.candidates)} places: "
            f"pick one (briefreader pick {n} N) or re-attach it"
        )
    if annotation.status is AnchorStatus.ORPHANED:
        raise LibraryError(f"annotation {n} has no place in the document: re-attach it")
    return annotation


def check_pickable(annotation: Annotation, index: int) -> None:
    """LibraryError unless ``index`` (0-based) names one of the annotation's places."""
    count = len(annotation.candidates)
    if annotation.status is not AnchorStatus.AMBIGUOUS or not count:
        raise LibraryError(f"annotation {annotation.id} is not ambiguous: nothing to pick")
    if not 0 <= index < count:
        raise LibraryError(f"annotation {annotation.id} has {count} places; choose 1 to {count}")


def picked_anchor(annotation: Annotation, index: int, document: Document) -> Anchor:
    """The anchor at candidate ``index``, on the document's current text."""
    candidate = annotation.candidates[index]
    if candidate.content_hash != document.content_hash or candidate.end > len(document.text):
        raise LibraryError(
            "the document changed since its places were found; index it again "
            "(briefreader index) and pick once more"
        )
    return make_anchor(document.text, candidate.start, candidate.end, document.content_hash)
