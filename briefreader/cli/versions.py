"""Commands on the kept versions of annotated documents: list them, and show what changed."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TextIO

from briefreader.cli.annotation_text import short
from briefreader.cli.output import EXIT_OK, dump_json
from briefreader.core.changes import ChangeBlock, VersionDiff
from briefreader.core.library import Library
from briefreader.core.models import Annotation, DocumentVersion
from briefreader.core.textdiff import UNCHANGED, bracket_mark, inline

HASH_SHOWN = 12  # hash characters printed (any unique prefix is accepted back)
CONTEXT_LINES = 1  # unchanged lines shown around a change (without --full)
MARKS = {"added": "+", "removed": "-", "changed": "~", UNCHANGED: " "}


def _when(stamp: str) -> str:
    return stamp[:16].replace("T", " ") + " UTC"


def cmd_versions(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    record = library.require_record(args.path)
    versions = library.versions(record.doc_id)
    if args.json:
        dump_json([version_json(v) for v in versions], out)
        return EXIT_OK
    out.write(f"{record.title!r}: {len(versions)} kept version(s)\n")
    for version in versions:
        ids = " ".join(f"#{i}" for i in version.annotation_ids)
        current = "* " if version.current else "  "
        out.write(
            f"{current}{version.content_hash[:HASH_SHOWN]}  kept {_when(version.saved)}  "
            f"{version.length} characters ({version.stored_bytes} bytes stored)"
            + (f"  annotations {ids}" if ids else "")
            + ("  (current)" if version.current else "")
            + "\n"
        )
    return EXIT_OK


def version_json(version: DocumentVersion) -> dict[str, object]:
    return {
        "content_hash": version.content_hash,
        "saved": version.saved,
        "length": version.length,
        "stored_bytes": version.stored_bytes,
        "annotations": list(version.annotation_ids),
        "current": version.current,
    }


def cmd_diff(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    record = library.require_record(args.path)
    diff = library.changes_since_annotated(record.doc_id, since=args.since)
    annotations = {a.id: a for a in library.annotations(doc_id=record.doc_id)}
    if args.json:
        dump_json(diff_json(diff, record.title), out)
        return EXIT_OK
    if diff.since is None:
        out.write(f"{record.title!r}: no earlier version is kept; nothing changed since it was "
                  f"annotated\n")  # fmt: skip
        return EXIT_OK
    out.write(
        f"What changed in {record.title!r} since {diff.since.content_hash[:HASH_SHOWN]} "
        f"(kept {_when(diff.since.saved)}); now {diff.current_hash[:HASH_SHOWN]}\n"
    )
    if not diff.changed:
        out.write("no changes\n")
        return EXIT_OK
    last = len(diff.blocks) - 1
    for i, block in enumerate(diff.blocks):
        out.write(format_block(block, annotations, args.full, first=i == 0, last=i == last))
    changed = sum(block.kind != UNCHANGED for block in diff.blocks)
    affected = ", ".join(_label(annotations.get(i), i, quote=False) for i in diff.affected)
    out.write(f"{changed} changed passage(s); annotations on them: {affected or 'none'}\n")
    return EXIT_OK


def format_block(
    block: ChangeBlock, annotations: dict[int, Annotation], full: bool, first: bool, last: bool
) -> str:
    """One block as diff lines: ``+`` added, ``-`` removed, ``~`` changed (words marked
    [-removed-] and {+added+}), two spaces unchanged (long runs cut to their ends)."""
    mark = MARKS.get(block.kind, "?")
    if block.kind == "changed":
        lines = inline(block.pieces, bracket_mark).split("\n")
    elif block.kind == "removed":
        lines = block.old_text.split("\n")
    else:
        lines = block.new_text.split("\n")
    if block.kind == UNCHANGED and not full:
        head = [] if first else lines[:CONTEXT_LINES]
        tail = [] if last else lines[-CONTEXT_LINES:]
        hidden = len(lines) - len(head) - len(tail)
        if hidden > 0:
            lines = [*head, f"… {hidden} unchanged line(s) …", *tail]
    out = [f"{mark} {short(line, 200)}" if line else mark for line in lines]
    if block.kind != UNCHANGED:
        for annotation_id in block.annotation_ids:
            out.append(f"    ⚑ {_label(annotations.get(annotation_id), annotation_id)}")
    return "\n".join(out) + "\n"


def _label(annotation: Annotation | None, annotation_id: int, quote: bool = True) -> str:
    if annotation is None:
        return f"#{annotation_id} (deleted)"
    label = f"#{annotation_id} ({annotation.status})"
    return f"{label} “{short(annotation.original_anchor.exact, 50)}”" if quote else label


def diff_json(diff: VersionDiff, title: str) -> dict[str, object]:
    return {
        "doc_id": diff.doc_id,
        "title": title,
        "since": version_json(diff.since) if diff.since else None,
        "current_hash": diff.current_hash,
        "changed": diff.changed,
        "affected": list(diff.affected),
        "blocks": [
            {
                "kind": b.kind,
                "old_start": b.old_start,
                "old_end": b.old_end,
                "new_start": b.new_start,
                "new_end": b.new_end,
                "old_text": b.old_text,
                "new_text": b.new_text,
                "pieces": [[p.kind, p.text] for p in b.pieces],  # changed blocks' words
                "annotations": list(b.annotation_ids),
            }
            for b in diff.blocks
        ],
    }


COMMANDS: dict[str, Callable[[Library, argparse.Namespace, TextIO], int]] = {
    "versions": cmd_versions,
    "diff": cmd_diff,
}
