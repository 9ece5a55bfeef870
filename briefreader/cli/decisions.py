"""Commands that decide on annotations after their documents changed: the review list,
confirm, pick, re-attach, and editing one annotation."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TextIO

from briefreader.cli.annotation_text import annotation_json, format_annotation, short
from briefreader.cli.output import EXIT_OK, dump_json
from briefreader.core.errors import LibraryError
from briefreader.core.library import Library
from briefreader.core.models import AnchorStatus, Annotation
from briefreader.core.review import ReviewItem
from briefreader.core.textdiff import bracket_mark, was_now


def cmd_review(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    items = library.needs_review()
    if args.json:
        dump_json([review_json(item) for item in items], out)
        return EXIT_OK
    for item in items:
        out.write(format_review(item))
    out.write(f"{len(items)} annotation(s) need a decision\n")
    return EXIT_OK


def format_review(item: ReviewItem) -> str:
    """One annotation of the review list, with what to decide and the commands for it."""
    annotation = item.annotation
    lines = [format_annotation(annotation, item.record).rstrip("\n"), f"    {item.decision}"]
    for place in item.places:
        context = short(f"…{place.before}«{short(place.text, 60)}»{place.after}…", 140)
        lines.append(f"    {place.number}. @{place.candidate.start}: {context}")
    if item.stale:
        lines.append("    (the document changed since: index it again before picking)")
    lines.append("    → " + " | ".join(_commands(annotation)))
    return "\n".join(lines) + "\n"


def _commands(annotation: Annotation) -> list[str]:
    n = annotation.id
    first = {
        AnchorStatus.FUZZY: [f"briefreader confirm {n}"],
        AnchorStatus.AMBIGUOUS: [f"briefreader pick {n} N"],
    }.get(annotation.status, [])
    return [*first, f'briefreader reattach {n} --quote "…"', f"briefreader delete-annotation {n}"]


def review_json(item: ReviewItem) -> dict[str, object]:
    data = annotation_json(item.annotation, item.record)
    was, now = was_now(item.wording, bracket_mark) if item.wording else ("", "")
    data.update(
        decision=item.decision,
        was=was or None,
        now=now or None,
        places=[
            {
                "number": p.number,
                "start": p.candidate.start,
                "end": p.candidate.end,
                "score": p.candidate.score,
                "before": p.before,
                "text": p.text,
                "after": p.after,
            }
            for p in item.places
        ],
        stale=item.stale,
    )
    return data


def cmd_confirm(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    annotation = library.confirm_annotation(args.id)
    out.write(f"annotation {annotation.id} confirmed at “{short(annotation.anchor.exact)}”\n")
    return EXIT_OK


def cmd_pick(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    annotation = library.pick_candidate(args.id, args.n - 1)  # N counts from 1
    out.write(f"annotation {annotation.id} placed at {annotation.anchor.start} (place {args.n})\n")
    return EXIT_OK


def cmd_reattach(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    annotation = library.reattach_quote(args.id, args.quote, occurrence=args.occurrence)
    out.write(f"annotation {annotation.id} attached at {annotation.anchor.start}\n")
    return EXIT_OK


def cmd_annotation(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    """Show one annotation, after changing what the options say."""
    annotation = library.annotation(args.id)
    if annotation is None:
        raise LibraryError(f"no annotation with id {args.id}")
    if args.note is not None or args.color is not None or args.tags or args.untag:
        tags = None
        if args.tags or args.untag:
            removed = {t.casefold() for t in args.untag}
            tags = [t for t in (*annotation.tags, *args.tags) if t.casefold() not in removed]
        annotation = library.update_annotation(args.id, color=args.color, note=args.note, tags=tags)
    record = library.record(annotation.doc_id)
    if args.json:
        dump_json(annotation_json(annotation, record), out)
    else:
        out.write(format_annotation(annotation, record))
    return EXIT_OK


COMMANDS: dict[str, Callable[[Library, argparse.Namespace, TextIO], int]] = {
    "review": cmd_review,
    "confirm": cmd_confirm,
    "pick": cmd_pick,
    "reattach": cmd_reattach,
    "annotation": cmd_annotation,
}
