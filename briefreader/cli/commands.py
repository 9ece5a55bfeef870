"""What each command-line sub-command does, through the Library facade."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO, cast

from briefreader.cli.output import EXIT_OK, dump_json
from briefreader.core.errors import LibraryError
from briefreader.core.library import Library
from briefreader.core.models import (
    Annotation,
    DocumentRecord,
    SearchHit,
    SearchRequest,
    page_number,
)
from briefreader.core.sync.scan import IndexReport

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
        out.write(f"skipped: {problem.path}: {problem.reason}\n")
    for problem in report.warnings:
        out.write(f"read partly: {problem.path}: {problem.reason}\n")
    if report.reanchored:
        counts = ", ".join(f"{n} {status}" for status, n in sorted(report.reanchored.items()))
        out.write(f"annotations re-anchored: {counts}\n")
    for message in report.messages:
        out.write(f"{message}\n")


def cmd_search(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    request = SearchRequest(
        text=args.query,
        tags=tuple(args.tag),
        sources=tuple(args.source),
        date_from=args.date_from,
        date_to=args.date_to,
        sort=args.sort,
        page=max(1, args.page),
        page_size=max(1, args.limit),
        include_annotations=not args.documents_only,
    )
    results = library.search(request)
    if results.message:
        print(f"briefreader: {results.message}", file=sys.stderr)
    if args.json:
        dump_json([hit_json(hit) for hit in results.hits], out)
        return EXIT_OK
    emphasis = _Emphasis(out.isatty())
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


class _Emphasis:
    def __init__(self, terminal: bool) -> None:
        self.open, self.close = ("\033[1m", "\033[0m") if terminal else ("«", "»")


def format_hit(number: int, hit: SearchHit, emphasis: _Emphasis) -> str:
    facts = ", ".join(x for x in (hit.source, hit.date) if x)
    kind = f"[{hit.color} highlight #{hit.annotation_id}] " if hit.kind == "annotation" else ""
    lines = [f"{number:>3}. {kind}{hit.title}" + (f"  ({facts})" if facts else "")]
    if hit.tags:
        lines.append("     tags: " + ", ".join(hit.tags))
    lines.append(f"     {hit.path}")
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
    }


def cmd_docs(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    records = library.documents(include_missing=args.missing)
    if args.json:
        dump_json([record_json(r) for r in records], out)
        return EXIT_OK
    for record in records:
        facts = " | ".join(x for x in (record.date, record.source) if x)
        missing = " [missing]" if record.missing else ""
        out.write(f"{record.title}{missing}\n    {facts}\n    {record.path}\n")
        if record.tags:
            out.write(f"    tags: {', '.join(record.tags)}\n")
    out.write(f"{len(records)} document(s)\n")
    return EXIT_OK


def record_json(record: DocumentRecord) -> dict[str, object]:
    return {
        "id": record.doc_id,
        "path": record.path,
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
    page = page_number(library.page_starts(record.doc_id), annotation.anchor.start)
    if args.json:
        dump_json(annotation_json(annotation, record, page), out)
    else:
        at = f" (p. {page})" if page else ""
        out.write(
            f"annotation {annotation.id} on {record.title!r} at {annotation.anchor.start}{at}\n"
        )
    return EXIT_OK


def cmd_annotations(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    doc_id = library.require_record(args.path).doc_id if args.path else None
    annotations = library.annotations(
        doc_id=doc_id, tag=args.tag, status=args.status, color=args.color
    )
    records: dict[str, DocumentRecord | None] = {}
    pages: dict[str, tuple[int, ...]] = {}
    rows = []
    for annotation in annotations:
        if annotation.doc_id not in records:
            records[annotation.doc_id] = library.record(annotation.doc_id)
            pages[annotation.doc_id] = library.page_starts(annotation.doc_id)
        page = page_number(pages[annotation.doc_id], annotation.anchor.start)
        rows.append(annotation_json(annotation, records[annotation.doc_id], page))
    if args.json:
        dump_json(rows, out)
        return EXIT_OK
    for row in rows:
        tags = f"  tags: {', '.join(cast('list[str]', row['tags']))}" if row["tags"] else ""
        on_page = f", p. {row['page']}" if row["page"] else ""
        out.write(
            f"#{row['id']} [{row['color']}, {row['status']}] {row['title']}{on_page} "
            f"@{row['start']}-{row['end']}{tags}\n    “{_short(str(row['exact']))}”\n"
        )
        if row["note"]:
            out.write(f"    note: {_short(str(row['note']))}\n")
    out.write(f"{len(rows)} annotation(s)\n")
    return EXIT_OK


def annotation_json(
    annotation: Annotation, record: DocumentRecord | None, page: int | None = None
) -> dict[str, object]:
    """An annotation for ``--json`` output; ``page``: its PDF page (None for other formats)."""
    anchor = annotation.anchor
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
        "color": annotation.color,
        "note": annotation.note,
        "tags": list(annotation.tags),
        "status": str(annotation.status),
        "created": annotation.created,
        "updated": annotation.updated,
    }


def _short(text: str, limit: int = 120) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


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
    out.write(f"deleted annotation {annotation.id}: “{_short(annotation.anchor.exact)}”\n")
    return EXIT_OK


def cmd_export(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    from briefreader.core.export.exporting import ExportRequest, export_to_file

    if args.format == "pdf":
        register_pdf_renderer()

    request = ExportRequest(
        docs=tuple(args.doc or ()),
        tag=args.tag,
        query=args.query,
        everything=args.all,
        since_last=args.since_last,
        group_by=args.group_by,
        format=args.format,
    )
    summary = export_to_file(library, request, args.output)
    out.write(f"{summary}\n")
    return EXIT_OK


def register_pdf_renderer() -> None:
    """PDF is typeset by Qt: register the GUI's writer (without Qt, the export says so)."""
    try:
        from briefreader.gui.pdf_export import register_pdf_export
    except ImportError:
        return
    register_pdf_export()


def cmd_import(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    from briefreader.core.export.exporting import import_file

    report = import_file(library, args.file)
    out.write(f"{report}\n")
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
}
# Commands that work on the data dir without opening the Library (the database may be damaged).
OFFLINE_COMMANDS: dict[str, Callable[[Path, argparse.Namespace, TextIO], int]] = {
    "backups": cmd_backups,
    "restore-backup": cmd_restore_backup,
}
