"""How annotations are printed: one block of text each, or a JSON object."""

from __future__ import annotations

from briefreader.core.models import Annotation, DocumentRecord
from briefreader.core.textdiff import bracket_mark, was_now, word_diff


def annotation_json(
    annotation: Annotation, record: DocumentRecord | None, page: int | None = None
) -> dict[str, object]:
    """An annotation for --json: its current anchor (and ``page``, its PDF page, or None),
    and its original one (as first made)."""
    anchor, original = annotation.anchor, annotation.original_anchor
    return {
        "id": annotation.id,
        "uuid": annotation.uuid,
        "path": record.path if record else None,
        "title": record.title if record else None,
        "exact": anchor.exact,
        "prefix": anchor.prefix,
        "suffix": anchor.suffix,
        "start": anchor.start,
        "end": anchor.end,
        "page": page,
        "content_hash": anchor.content_hash,
        "color": annotation.color,
        "note": annotation.note,
        "tags": list(annotation.tags),
        "status": str(annotation.status),
        "created": annotation.created,
        "updated": annotation.updated,
        "original_exact": original.exact,
        "original_prefix": original.prefix,
        "original_suffix": original.suffix,
        "original_start": original.start,
        "original_end": original.end,
        "original_content_hash": original.content_hash,
        "reworded": annotation.reworded,
        "confirmed": annotation.confirmed or None,
        "candidates": [
            {"start": c.start, "end": c.end, "score": c.score} for c in annotation.candidates
        ],
    }


def format_annotation(
    annotation: Annotation, record: DocumentRecord | None, page: int | None = None
) -> str:
    """The text form of one annotation: what it quotes (was/now when reworded), its note;
    ``page``: its PDF page, cited after the title."""
    tags = f"  tags: {', '.join(annotation.tags)}" if annotation.tags else ""
    anchor = annotation.anchor
    title = record.title if record else annotation.doc_id
    if page is not None and annotation.status.placed:
        title += f", p. {page}"
    where = f"@{anchor.start}-{anchor.end}" if annotation.status.placed else "(no place now)"
    lines = [f"#{annotation.id} [{annotation.color}, {annotation.status}] {title} {where}{tags}"]
    if annotation.reworded:
        was, now = was_now(word_diff(annotation.original_anchor.exact, anchor.exact), bracket_mark)
        lines += [f"    was: “{excerpt(was)}”", f"    now: “{excerpt(now)}”"]
    else:
        lines.append(f"    “{short(anchor.exact)}”")
    if annotation.candidates:
        lines.append(f"    fits {len(annotation.candidates)} places (briefreader review)")
    if annotation.note:
        lines.append(f"    note: {short(annotation.note)}")
    return "\n".join(lines) + "\n"


def excerpt(marked_text: str, limit: int = 120) -> str:
    """A one-line excerpt of a text with [-…-]/{+…+} marks, from just before the first."""
    flat = " ".join(marked_text.split())
    if len(flat) <= limit:
        return flat
    first = min((i for i in (flat.find("[-"), flat.find("{+")) if i >= 0), default=0)
    start = max(0, first - 30)
    piece = flat[start : start + limit - 2]
    return ("…" if start else "") + piece + "…"


def short(text: str, limit: int = 120) -> str:
    """One line of at most ``limit`` code points."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
