"""What the metadata, works, reading-list, citation and sample-library commands do."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TextIO

from briefreader.cli.commands import Command, record_json
from briefreader.cli.output import EXIT_OK, dump_json
from briefreader.core.errors import LibraryError
from briefreader.core.library import Library, find_occurrence
from briefreader.core.models import EDITABLE_FIELDS, DocumentRecord, WorkMember
from briefreader.core.works import describe

# -- meta ---------------------------------------------------------------------------------


def cmd_meta(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    record = library.require_record(args.path)
    if args.reset:
        fields = () if "all" in args.reset else tuple(args.reset)
        record = library.reset_metadata(record.doc_id, *fields)
    edits = {name: getattr(args, name) for name in EDITABLE_FIELDS}
    if any(value is not None for value in edits.values()):
        record = library.edit_metadata(record.doc_id, **edits)
    members = library.work_members(record.doc_id)
    if args.json:
        dump_json({**record_json(record), "work": [member_json(m) for m in members]}, out)
        return EXIT_OK
    out.write(format_metadata(record, members))
    return EXIT_OK


def format_metadata(record: DocumentRecord, members: tuple[WorkMember, ...]) -> str:
    """The record's fields, each with where its value came from."""
    lines = [record.path]
    for name in EDITABLE_FIELDS:
        value = getattr(record, name) or "-"
        origin = record.origin(name) or ""
        lines.append(
            f"  {name.replace('_', ' '):<14} {value}" + (f"  [{origin}]" if origin else "")
        )
    others = ", ".join(describe(m.format, m.version) for m in members)
    lines.append(f"  {'work':<14} {record.work_id} ({len(members)} document(s): {others})")
    lines.append(f"  {'status':<14} {record.reading_status or '-'}")
    lines.append(f"  {'lists':<14} {', '.join(record.collections) or '-'}")
    return "\n".join(lines) + "\n"


def member_json(member: WorkMember) -> dict[str, object]:
    return {
        "id": member.doc_id,
        "path": member.path,
        "format": member.format,
        "version": member.version,
        "missing": member.missing,
    }


# -- works --------------------------------------------------------------------------------


def cmd_work(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    if args.action == "prefer":
        library.set_preferred_format(args.format)
        out.write(f"works open as {args.format} when they have it\n")
        return EXIT_OK
    record = library.require_record(args.path)
    if args.action == "join":
        record = library.join_work(record.doc_id, library.require_record(args.other).doc_id)
    elif args.action == "split":
        record = library.split_work(record.doc_id)
    elif args.action == "reset":
        record = library.reset_work(record.doc_id)
    members = library.work_members(record.doc_id)
    out.write(f"{record.work_id}: {len(members)} document(s)\n")
    for number, member in enumerate(members, 1):
        out.write(f"  {number}. {describe(member.format, member.version)}  {member.path}\n")
    return EXIT_OK


# -- reading lists ------------------------------------------------------------------------


def cmd_collection(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    action = args.action
    if action == "list":
        found = library.collections()
        for collection in found:
            out.write(f"{collection.name}  ({len(collection.doc_ids)} document(s))\n")
        out.write(f"{len(found)} reading list(s)\n")
        return EXIT_OK
    if action == "create":
        out.write(f"created reading list {library.create_collection(args.name).name!r}\n")
        return EXIT_OK
    if action == "delete":
        gone = library.delete_collection(args.name)
        out.write(
            f"deleted reading list {gone.name!r} (its {len(gone.doc_ids)} document(s) stay)\n"
        )
        return EXIT_OK
    if action == "rename":
        renamed = library.rename_collection(args.name, args.new)
        out.write(f"reading list {args.name!r} is now {renamed.name!r}\n")
        return EXIT_OK
    if action == "add":
        ids = [library.require_record(p).doc_id for p in args.paths]
        position = args.at - 1 if args.at else None
        library.add_to_collection(args.name, ids, position)
    elif action == "remove":
        library.remove_from_collection(args.name, [_doc_id(library, p) for p in args.paths])
    elif action == "move":
        library.move_in_collection(args.name, _doc_id(library, args.path), args.position - 1)
    return _show_collection(library, args.name, getattr(args, "json", False), out)


def _show_collection(library: Library, name: str, as_json: bool, out: TextIO) -> int:
    records = library.collection_documents(name)
    shown = library.collection(name).name
    if as_json:
        dump_json({"name": shown, "documents": [record_json(r) for r in records]}, out)
        return EXIT_OK
    out.write(f"{shown}\n")
    for number, record in enumerate(records, 1):
        status = f" [{record.reading_status}]" if record.reading_status else ""
        out.write(f"  {number}. {record.title}{status}\n     {record.path}\n")
    out.write(f"{len(records)} document(s)\n")
    return EXIT_OK


def _doc_id(library: Library, path: Path) -> str:
    """The document at ``path``, present or missing (a list may hold a missing one)."""
    return library.require_record(path).doc_id


def cmd_status(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    status = None if args.status == "none" else args.status
    record = library.set_reading_status(library.require_record(args.path).doc_id, status)
    out.write(f"{record.title!r}: {record.reading_status or 'no reading status'}\n")
    return EXIT_OK


# -- citations ----------------------------------------------------------------------------


def cmd_cite(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    from briefreader.core.export import bibliography
    from briefreader.core.export.citation import document_citation, passage_citation

    record = library.require_record(args.path)
    if args.format == "bibtex":
        out.write(bibliography.bibtex_entry(record, bibliography.bibtex_key(record)))
        return EXIT_OK
    if args.format == "csljson":
        out.write(json.dumps([bibliography.csl_item(record)], ensure_ascii=False, indent=2))
        out.write("\n")
        return EXIT_OK
    start = _passage_start(library, record, args)
    if start is None:
        citation = document_citation(record)
    else:
        citation = passage_citation(record, library.document(record.doc_id), start)
    out.write(citation.text() + "\n")
    return EXIT_OK


def _passage_start(
    library: Library, record: DocumentRecord, args: argparse.Namespace
) -> int | None:
    """Where the passage to cite starts (None: the whole document)."""
    if args.annotation is not None:
        annotation = library.annotation(args.annotation)
        if annotation is None or annotation.doc_id != record.doc_id:
            raise LibraryError(f"no annotation {args.annotation} on {record.title!r}")
        return annotation.anchor.start
    if args.quote is None:
        return None
    text = library.document(record.doc_id).text
    start = find_occurrence(text, args.quote, args.occurrence)
    if start is None:
        raise LibraryError(f"the quote is not in {record.title!r}: {args.quote!r}")
    return start


# -- folders and the sample library -------------------------------------------------------


def cmd_folders(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    entries = library.folder_entries()
    for entry in entries:
        out.write(f"{entry.path}{'  [sample library]' if entry.sample else ''}\n")
    out.write(f"{len(entries)} folder(s)\n")
    return EXIT_OK


def cmd_remove_samples(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    removal = library.remove_sample_library(force=args.force)
    out.write(f"removed the sample library {removal.folder}: {removal.removed} document(s)")
    if removal.kept:
        out.write(
            f"; {removal.kept} annotated document(s) kept as missing, "
            f"with their {removal.annotations} annotation(s)"
        )
    out.write("\n")
    return EXIT_OK


META_COMMANDS: dict[str, Command] = {
    "meta": cmd_meta,
    "work": cmd_work,
    "collection": cmd_collection,
    "status": cmd_status,
    "cite": cmd_cite,
    "folders": cmd_folders,
    "remove-samples": cmd_remove_samples,
}
