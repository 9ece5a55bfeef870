"""What each command-line sub-command does, through the Library facade."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from briefreader.cli import decisions, versions
from briefreader.cli.annotation_text import annotation_json, format_annotation, short
from briefreader.cli.arguments import check_date_range
from briefreader.cli.output import EXIT_ERROR, EXIT_OK, dump_json, fail
from briefreader.core.errors import LibraryError
from briefreader.core.library import Library, find_occurrence
from briefreader.core.models import (
    KIND_ANNOTATION,
    KIND_DOCUMENT_NOTE,
    DocumentRecord,
    SearchHit,
    SearchRequest,
)
from briefreader.core.names import display_name
from briefreader.core.sync.scan import IndexReport
from briefreader.core.works import describe

Command = Callable[[Library, argparse.Namespace, TextIO], int]


class TerminalProgress:
    """A one-line progress bar on stderr, drawn only on a terminal."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self._last = -1

    def __call__(self, done: int, total: int, path: str) -> None:
        if not self.enabled or total == 0:
            return
        percent = done * 100 // total
        if percent == self._last and done != total:
            return
        self._last = percent
        bar = "#" * (percent // 4)
        sys.stderr.write(f"\rIndexing [{bar:<25}] {done}/{total}")
        if done == total:
            sys.stderr.write("\n")
        sys.stderr.flush()


def cmd_index(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    if args.folders:
        library.add_folders(args.folders)
    if not library.folders():
        raise LibraryError("the library has no folders yet: briefreader index FOLDER")
    report = library.index(progress=TerminalProgress(not args.quiet))
    print_index_report(report, out)
    return EXIT_OK


def print_index_report(report: IndexReport, out: TextIO) -> None:
    out.write(
        f"{report.added} added, {report.updated} updated, {report.moved} moved, "
        f"{report.removed} removed, {report.unchanged} unchanged, "
        f"{len(report.skipped)} skipped{' (cancelled)' if report.cancelled else ''}\n"
    )
    for problem in report.skipped:
        out.write(f"skipped: {display_name(problem.path)}: {problem.reason}\n")
    for problem in report.warnings:
        out.write(f"read partly: {display_name(problem.path)}: {problem.reason}\n")
    if report.reanchored:
        counts = ", ".join(f"{n} {status}" for status, n in sorted(report.reanchored.items()))
        out.write(f"annotations re-anchored: {counts}\n")
    for message in report.messages:
        out.write(f"{message}\n")


def cmd_search(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    check_date_range(args.date_from, args.date_to)
    request = SearchRequest(
        text=args.query,
        tags=tuple(args.tag),
        sources=tuple(args.source),
        date_from=args.date_from,
        date_to=args.date_to,
        sort=args.sort,
        page=args.page,
        page_size=args.limit,
        include_annotations=not args.documents_only,
        collapse_works=not args.all_versions,
        recent_first=args.recent,
    )
    results = library.search(request)
    if results.message:
        print(f"briefreader: {results.message}", file=sys.stderr)
    if args.json:
        dump_json([hit_json(hit) for hit in results.hits], out)
        return EXIT_OK
    emphasis = _Emphasis(out.isatty())
    if not results.hits and results.total:
        out.write(f"No results on page {results.page:,}; {results.total} result(s) in all.\n")
        return EXIT_OK
    if not results.hits:
        out.write("No results.")
        if results.suggestion:
            out.write(f" Did you mean: {results.suggestion}")
        out.write("\n")
        return EXIT_OK
    first = (results.page - 1) * results.page_size
    out.write(f"{results.total} result(s); showing {first + 1}-{first + len(results.hits)}\n")
    for number, hit in enumerate(results.hits, first + 1):
        out.write(format_hit(number, hit, emphasis))
    return EXIT_OK


def cmd_related(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    """Documents like a document, or like a passage of it (--quote)."""
    record = library.require_record(args.path)
    span = None
    if args.quote:
        text = library.cached_text(record) or ""
        start = find_occurrence(text, args.quote, args.occurrence)
        if start is None:
            raise LibraryError(f"the quote is not in {record.path} (occurrence {args.occurrence})")
        span = (start, start + len(args.quote))
    results = library.more_like_this(record.doc_id, span, limit=max(1, args.limit))
    if results.message:
        print(f"briefreader: {results.message}", file=sys.stderr)
    if args.json:
        dump_json([hit_json(hit) for hit in results.hits], out)
        return EXIT_OK
    what = "the passage" if span else f"“{record.title}”"
    out.write(f"{len(results.hits)} document(s) like {what}\n")
    emphasis = _Emphasis(out.isatty())
    for number, hit in enumerate(results.hits, 1):
        out.write(format_hit(number, hit, emphasis))
    return EXIT_OK


class _Emphasis:
    def __init__(self, terminal: bool) -> None:
        self.open, self.close = ("\033[1m", "\033[0m") if terminal else ("«", "»")


def format_hit(number: int, hit: SearchHit, emphasis: _Emphasis) -> str:
    facts = ", ".join(x for x in (hit.source, hit.date) if x)
    kind = ""
    if hit.kind == KIND_ANNOTATION:
        kind = f"[{hit.color} highlight #{hit.annotation_id}] "
    elif hit.kind == KIND_DOCUMENT_NOTE:
        kind = "[document note] "
    lines = [f"{number:>3}. {kind}{hit.title}" + (f"  ({facts})" if facts else "")]
    if hit.tags:
        lines.append("     tags: " + ", ".join(hit.tags))
    lines.append(f"     {hit.path}")
    if hit.alternates:
        lines.append(
            "     also: " + ", ".join(describe(a.format, a.version) for a in hit.alternates)
        )
    if hit.snippet:
        lines.append("     " + marked(hit, emphasis.open, emphasis.close))
    return "\n".join(lines) + "\n"


def marked(hit: SearchHit, before: str, after: str) -> str:
    """The snippet with each matched term wrapped in ``before``/``after``."""
    if hit.snippet is None:
        return ""
    text, pieces, last = hit.snippet.text, [], 0
    for start, end in sorted(hit.snippet.marks):
        if start < last:
            continue
        pieces += [text[last:start], before, text[start:end], after]
        last = end
    pieces.append(text[last:])
    return " ".join("".join(pieces).split())


def hit_json(hit: SearchHit) -> dict[str, object]:
    return {
        "kind": hit.kind,
        "path": hit.path,
        "title": hit.title,
        "date": hit.date,
        "source": hit.source,
        "tags": list(hit.tags),
        "score": round(hit.score, 4),
        "snippet": hit.snippet.text if hit.snippet else "",
        "snippet_marks": [list(m) for m in hit.snippet.marks] if hit.snippet else [],
        "offset": hit.snippet.offset if hit.snippet else None,
        "annotation_id": hit.annotation_id,
        "color": hit.color,
        "doc_id": hit.doc_id,
        "alternates": [
            {"id": a.doc_id, "path": a.path, "format": a.format, "version": a.version}
            for a in hit.alternates
        ],
    }


def cmd_docs(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    if args.works:
        return print_works(library, args, out)
    records = library.documents(include_missing=args.missing)
    if args.json:
        dump_json([record_json(r) for r in records], out)
        return EXIT_OK
    for record in records:
        facts = " | ".join(x for x in (record.date, record.source) if x)
        missing = " [missing]" if record.missing else ""
        out.write(f"{record.title}{missing}\n    {facts}\n    {display_name(record.path)}\n")
        if record.tags:
            out.write(f"    tags: {', '.join(record.tags)}\n")
    out.write(f"{len(records)} document(s)\n")
    return EXIT_OK


def print_works(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    """One entry per work, its members best first (the first opens by default)."""
    works = library.works(include_missing=args.missing)
    if args.json:
        rows = [
            {
                "work": w.work_id,
                "title": w.title,
                "members": [
                    {"id": m.doc_id, "path": m.path, "format": m.format, "version": m.version}
                    for m in w.members
                ],
            }
            for w in works
        ]
        dump_json(rows, out)
        return EXIT_OK
    for work in works:
        out.write(f"{work.title}\n")
        for member in work.members:
            missing = " [missing]" if member.missing else ""
            out.write(f"    {describe(member.format, member.version)}{missing}: {member.path}\n")
    documents = sum(len(w.members) for w in works)
    out.write(f"{len(works)} work(s), {documents} document(s)\n")
    return EXIT_OK


def record_json(record: DocumentRecord) -> dict[str, object]:
    return {
        "id": record.doc_id,
        "path": display_name(record.path),
        "title": record.title,
        "format": record.format,
        "date": record.date,
        "source": record.source,
        "author": record.author,
        "url": record.url,
        "summary": record.summary,
        "tags": list(record.tags),
        "words": record.word_count,
        "note": record.note,
        "missing": record.missing,
        "content_hash": record.content_hash,
        "report_number": record.report_number,
        "version": record.version,
        "origins": dict(record.field_origins),
        "work": record.work_id,
        "status": record.reading_status,
        "collections": list(record.collections),
    }


def cmd_annotate(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    record = library.require_record(args.path)
    annotation = library.annotate_quote(
        record.doc_id,
        args.quote,
        occurrence=args.occurrence,
        color=args.color,
        note=args.note,
        tags=args.tags,
    )
    if args.json:
        dump_json(annotation_json(annotation, record), out)
    else:
        out.write(f"annotation {annotation.id} on {record.title!r} at {annotation.anchor.start}\n")
    return EXIT_OK


def cmd_annotations(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    doc_id = library.require_record(args.path).doc_id if args.path else None
    annotations = library.annotations(
        doc_id=doc_id, tag=args.tag, status=args.status, color=args.color
    )
    records: dict[str, DocumentRecord | None] = {}
    rows = []
    for annotation in annotations:
        if annotation.doc_id not in records:
            records[annotation.doc_id] = library.record(annotation.doc_id)
        rows.append(annotation_json(annotation, records[annotation.doc_id]))
    if args.json:
        dump_json(rows, out)
        return EXIT_OK
    for annotation in annotations:
        out.write(format_annotation(annotation, records[annotation.doc_id]))
    out.write(f"{len(rows)} annotation(s)\n")
    return EXIT_OK


def cmd_note(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    record = library.set_document_note(library.require_record(args.path).doc_id, args.text)
    out.write(f"note {'cleared' if not record.note else 'saved'} on {record.title!r}\n")
    return EXIT_OK


def cmd_tag(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    record = library.tag_document(library.require_record(args.path).doc_id, *args.tags)
    out.write(f"{record.title!r} tags: {', '.join(record.tags) or '(none)'}\n")
    return EXIT_OK


def cmd_untag(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    record = library.untag_document(library.require_record(args.path).doc_id, *args.tags)
    out.write(f"{record.title!r} tags: {', '.join(record.tags) or '(none)'}\n")
    return EXIT_OK


def cmd_rename_tag(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    library.rename_tag(args.old, args.new)
    out.write(f"tag {args.old!r} is now {args.new!r}\n")
    return EXIT_OK


def cmd_delete_annotation(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    annotation = library.delete_annotation(args.id)
    out.write(f"deleted annotation {annotation.id}: “{short(annotation.anchor.exact)}”\n")
    return EXIT_OK


def cmd_export(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    from briefreader.core.export.exporting import ExportRequest, export_to_file

    fmt = export_format_for(args.format, args.output)
    if fmt == "pdf":
        register_pdf_renderer()
    request = ExportRequest(
        docs=tuple(args.doc or ()),
        tag=args.tag,
        query=args.query,
        collection=args.collection,
        everything=args.all,
        since_last=args.since_last,
        group_by=args.group_by,
        format=fmt,
        audience=args.audience or "",
        title=args.title,
        intro=_intro(args),
    )
    summary = export_to_file(library, request, args.output)
    out.write(f"{summary}\n")
    if args.open_folder:
        open_folder(args.output.expanduser().resolve().parent)
    return EXIT_OK


def export_format_for(named: str | None, output: Path) -> str:
    """The format asked for, else the one the output's extension names; a mismatch is an
    error (the export refuses it with the names to use)."""
    from briefreader.core.export.formats import FORMATS, format_for_path

    if named:
        return named
    found = format_for_path(output)
    if found is None:
        raise LibraryError(
            f"cannot tell the format from {output.name!r}: give it an extension "
            f"({', '.join(f.suffix for f in FORMATS)}) or say --format"
        )
    return found


def _intro(args: argparse.Namespace) -> str:
    if args.intro_file is None:
        return str(args.intro)
    try:
        return Path(args.intro_file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise LibraryError(f"cannot read the introduction {args.intro_file}: {error}") from None


def open_folder(folder: Path) -> None:
    """Show ``folder`` in the desktop's file manager (asked for with --open-folder)."""
    import subprocess

    if sys.platform == "win32":
        os.startfile(folder)  # type: ignore[attr-defined]
        return
    opener = "open" if sys.platform == "darwin" else "xdg-open"
    try:
        subprocess.Popen(
            [opener, str(folder)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
    except OSError as error:
        raise LibraryError(f"cannot open the folder {folder}: {error}") from None


def register_pdf_renderer() -> None:
    """PDF is typeset by Qt: register the GUI's writer (without Qt, the export says so)."""
    try:
        from briefreader.gui.pdf_export import register_pdf_export
    except ImportError:
        return
    register_pdf_export()


def cmd_import(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    from briefreader.core.export.exporting import import_file
    from briefreader.core.export.importer import ImportRefused

    try:
        report = import_file(library, args.file, skip_invalid=args.skip_invalid)
    except ImportRefused as refused:
        fail(str(refused))
        for reason in refused.reasons:
            print(f"rejected: {reason}", file=sys.stderr)
        return EXIT_ERROR
    out.write(f"{report}\n")
    return EXIT_OK


def cmd_settings(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    """List the index settings, or show or set one."""
    from briefreader.core.sync.options import SETTINGS

    if args.key is not None and args.value is not None:
        library.set_index_setting(args.key, None if args.value == "default" else args.value)
    values = library.index_settings()
    if args.key is not None and args.key not in values:
        raise LibraryError(f"unknown setting {args.key!r}; known: {', '.join(values)}")
    for key, value in values.items():
        if args.key in (None, key):
            out.write(f"{key} = {value if value is not None else 'default'}  # {SETTINGS[key]}\n")
    return EXIT_OK


def cmd_backups(data_dir: Path, args: argparse.Namespace, out: TextIO) -> int:
    """List the backups; works without opening the database (it may be damaged)."""
    from briefreader.core import recovery

    backups = recovery.backups(data_dir)
    for backup in backups:
        out.write(f"{backup}\n")
    out.write(f"{len(backups)} backup(s) in {data_dir / recovery.BACKUP_DIR}\n")
    if backups:
        good = recovery.latest_good_backup(data_dir)
        out.write(f"latest good backup: {good or 'none (all are damaged)'}\n")
    return EXIT_OK


def cmd_restore_backup(data_dir: Path, args: argparse.Namespace, out: TextIO) -> int:
    """Replace the database with a backup, without opening the current (damaged) one."""
    from briefreader.core import recovery

    aside = recovery.restore(data_dir, args.backup)
    out.write(f"restored the database from {args.backup}\n")
    if aside is not None:
        out.write(f"the replaced database was kept as {aside}\n")
    out.write("the search index is rebuilt on the next start (run: briefreader index)\n")
    return EXIT_OK


COMMANDS: dict[str, Command] = {
    "index": cmd_index,
    "search": cmd_search,
    "related": cmd_related,
    "docs": cmd_docs,
    "annotate": cmd_annotate,
    "annotations": cmd_annotations,
    "note": cmd_note,
    "tag": cmd_tag,
    "untag": cmd_untag,
    "rename-tag": cmd_rename_tag,
    "delete-annotation": cmd_delete_annotation,
    "export": cmd_export,
    "import": cmd_import,
    "settings": cmd_settings,
}
COMMANDS.update(decisions.COMMANDS)
COMMANDS.update(versions.COMMANDS)
# metadata, works, reading lists, citations, the sample library: meta_commands.py
# Commands that work on the data dir without opening the Library (the database may be damaged).
OFFLINE_COMMANDS: dict[str, Callable[[Path, argparse.Namespace, TextIO], int]] = {
    "backups": cmd_backups,
    "restore-backup": cmd_restore_backup,
}
