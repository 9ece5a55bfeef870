"""Export and import through the Library: choose what a scope covers, write it, read it back."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from briefreader.core import anchoring
from briefreader.core.errors import ExportError, LibraryError
from briefreader.core.export.atomic import writable_target
from briefreader.core.export.formats import DATA_FORMATS, check_extension, export_format
from briefreader.core.export.importer import (
    DocumentMatcher,
    ImportBatch,
    ImportedAnnotation,
    ImportedDocument,
    plan_import,
    read_import,
)
from briefreader.core.export.model import ExportItem, ExportOptions, ExportScope
from briefreader.core.export.registry import export_to_file as write_export
from briefreader.core.export.registry import render
from briefreader.core.models import (
    KIND_ANNOTATION,
    AnchorStatus,
    Annotation,
    Document,
    DocumentRecord,
    LoadError,
    SearchRequest,
)
from briefreader.core.store import DEFAULT_COLOR_MEANINGS

if TYPE_CHECKING:
    from briefreader.core.library import Library

log = logging.getLogger(__name__)

QUERY_EXPORT_LIMIT = 10_000


@dataclass(frozen=True)
class ExportRequest:
    """What the CLI or the Export dialog asks for; exactly one scope field is set."""

    format: str
    docs: tuple[Path, ...] = ()
    doc_ids: tuple[str, ...] = ()
    tag: str | None = None
    query: str | None = None
    collection: str | None = None  # a reading list: its documents in the list's order
    everything: bool = False
    since_last: bool = False
    group_by: str = "document"
    audience: str = ""  # "send" or "me"; "" is the format's default (default_audience)
    title: str = ""
    intro: str = ""

    @property
    def resolved_audience(self) -> str:
        return self.audience or default_audience(self.format)


@dataclass
class ImportReport:
    created: int = 0
    duplicates: int = 0
    orphaned: int = 0
    ambiguous: int = 0
    reanchored: int = 0
    documents: int = 0  # documents given the file's tags or note
    warnings: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)  # not imported (--skip-invalid)

    def __str__(self) -> str:
        ambiguous = f", {self.ambiguous} ambiguous" if self.ambiguous else ""
        lines = [
            f"{self.created} annotation(s) imported ({self.reanchored} placed by their quote, "
            f"{self.orphaned} kept as orphans{ambiguous}), {self.duplicates} already present"
        ]
        if self.documents:
            lines.append(f"{self.documents} document(s) given the file's tags or note")
        lines += [f"warning: {w}" for w in self.warnings]
        lines += [f"rejected: {r}" for r in self.rejected]
        return "\n".join(lines)


def resolve_scope(library: Library, request: ExportRequest) -> ExportScope:
    """The ExportScope a request names, with the time of its last export for "only new"."""
    scope = _named_scope(library, request)
    if scope.since_last:
        scope = replace(scope, since=library.last_export(scope.key))
    return scope


def _named_scope(library: Library, request: ExportRequest) -> ExportScope:
    since = request.since_last
    if request.docs or request.doc_ids:
        ids = [library.require_record(p).doc_id for p in request.docs] + list(request.doc_ids)
        if len(ids) == 1:
            record = library.record(ids[0])
            return ExportScope("document", ids[0], since, label=record.title if record else None)
        return ExportScope("documents", tuple(ids), since)
    if request.tag:
        return ExportScope("tag", request.tag, since)
    if request.query:
        return ExportScope("query", request.query, since)
    if request.collection:
        name = library.collection(request.collection).name  # LibraryError when unknown
        return ExportScope("collection", name, since)
    if request.everything:
        return ExportScope("all", None, since)
    raise LibraryError("say what to export: --doc, --tag, --query, --collection or --all")


def select_items(library: Library, scope: ExportScope, bare: bool = False) -> list[ExportItem]:
    """The documents and annotations a scope covers, in title order (a reading list's in
    the list's order)."""
    chosen: dict[str, list[Annotation] | None] = {}  # doc_id -> annotations (None: all)
    if scope.kind in ("document", "documents"):
        chosen = dict.fromkeys(scope.values)
    elif scope.kind == "tag":
        tag = str(scope.value).lower()
        for tagged in library.documents(include_missing=True):
            if tag in {t.lower() for t in tagged.tags}:
                chosen[tagged.doc_id] = None
        for annotation in library.annotations(tag=str(scope.value)):
            picked_so_far = chosen.setdefault(annotation.doc_id, [])
            if picked_so_far is not None:  # None: the whole document is chosen already
                picked_so_far.append(annotation)
    elif scope.kind == "query":
        chosen = _query_selection(library, str(scope.value))
    elif scope.kind == "collection":
        chosen = dict.fromkeys(library.collection(str(scope.value)).doc_ids)
    else:
        for every in library.documents(include_missing=True):
            chosen[every.doc_id] = None
    since = scope.since if scope.since_last else None
    items = []
    for doc_id, picked in chosen.items():
        record = library.record(doc_id)
        if record is None:
            continue
        chosen_notes = library.annotations(doc_id=doc_id) if picked is None else picked
        if since:
            chosen_notes = [a for a in chosen_notes if max(a.created, a.updated) > since]
        if scope.kind == "all" and not chosen_notes and not record.note and not bare:
            continue
        if since and not chosen_notes:
            continue
        items.append(ExportItem(record, _document_or_none(library, record), chosen_notes))
    if scope.kind != "collection":  # a reading list keeps its own order
        items.sort(key=lambda item: item.record.title.lower())
    return items


def _query_selection(library: Library, query: str) -> dict[str, list[Annotation] | None]:
    # Every matching document, not one per work: each format keeps its own annotations.
    request = SearchRequest(text=query, page_size=QUERY_EXPORT_LIMIT, collapse_works=False)
    results = library.search(request)
    if results.message and not results.hits:
        raise LibraryError(results.message)
    chosen: dict[str, list[Annotation] | None] = {}
    for hit in results.hits:
        if hit.kind != KIND_ANNOTATION:
            chosen[hit.doc_id] = None
    for hit in results.hits:
        if hit.kind == KIND_ANNOTATION and chosen.get(hit.doc_id, []) is not None:
            annotation = library.annotation(hit.annotation_id or -1)
            if annotation is not None:
                picked = chosen.setdefault(hit.doc_id, [])
                assert picked is not None  # checked above
                picked.append(annotation)
    return chosen


def _document_or_none(library: Library, record: DocumentRecord) -> Document | None:
    if record.missing:
        return None
    try:
        return library.document(record.doc_id)
    except (LoadError, LibraryError):
        return None


def default_audience(format: str) -> str:
    """Briefs (md, html, pdf, docx) are made to send; data exports (json, csv) keep all."""
    return "me" if format in DATA_FORMATS else "send"


def export_options(library: Library, request: ExportRequest) -> ExportOptions:
    return ExportOptions(
        group_by=request.group_by,
        color_meanings=library.color_meanings(),
        audience=request.resolved_audience,
        title=request.title,
        intro=request.intro,
    )


def export_bytes(library: Library, request: ExportRequest) -> tuple[bytes, ExportScope, int]:
    """Render without writing (the dialog's preview): bytes, scope and annotation count."""
    scope = resolve_scope(library, request)
    items = select_items(library, scope, bare=export_format(request.format).references)
    data = render(request.format, scope, items, export_options(library, request))
    return data, scope, sum(len(item.annotations) for item in items)


def export_to_file(library: Library, request: ExportRequest, output: Path) -> str:
    """Write the export atomically; remember when, for "only new" next time.

    The file name's extension must be the format's (ExportError otherwise)."""
    check_output(library, output)
    scope = resolve_scope(library, request)
    check_extension(output, request.format)
    items = select_items(library, scope, bare=export_format(request.format).references)
    started = library.clock_reading()  # not the wall clock: it may have been set back
    written = write_export(output, request.format, scope, items, export_options(library, request))
    library.set_last_export(scope.key, started)
    count = sum(len(item.annotations) for item in items)
    return f"wrote {written} ({len(items)} document(s), {count} annotation(s))"


def check_output(library: Library, output: Path) -> Path:
    """The real path an export to ``output`` may write; ExportError where it would destroy
    the user's data: inside the data dir (the database, its WAL, the backups, the index,
    the journal) or over a document of the library."""
    real = writable_target(output)
    data_dir = Path(os.path.realpath(library.data_dir))
    if real == data_dir or data_dir in real.parents:
        raise ExportError(
            f"Cannot export to {output}: it is inside BriefReader's data folder {data_dir}, "
            f"which holds your database, backups and search index; choose another folder"
        )
    if library.record_for_path(real) is not None:
        raise ExportError(
            f"Cannot export to {output}: it is a document of your library, which the export "
            f"would replace; choose another file name"
        )
    return real


def import_file(library: Library, path: Path, skip_invalid: bool = False) -> ImportReport:
    """Re-create the annotations of a JSON export; unplaceable ones are kept as orphans.

    What the export carries besides is restored too: each document's tags and note
    (``_restore_documents``) and the colour meanings (``_restore_color_meanings``).
    All or nothing: one transaction. A file with invalid annotations is refused
    (``ImportRefused`` lists each with its reason) unless ``skip_invalid``.
    """
    batch = read_import(path)
    batch.refuse_if_rejected(skip_invalid)
    report = ImportReport(warnings=list(batch.warnings), rejected=list(batch.rejected))
    with library.all_or_nothing("Nothing was imported"):
        _import_batch(library, batch, report)
    return report


def _import_batch(library: Library, batch: ImportBatch, report: ImportReport) -> None:
    records = library.documents(include_missing=True)
    known = {a.uuid for a in library.annotations()}
    placeholders: dict[str, str] = {}
    for match in plan_import(batch.annotations, records, known):
        imported = match.annotation
        if match.duplicate or imported.uuid in known:
            report.duplicates += 1
            continue
        known.add(imported.uuid)
        doc_id = match.doc_id or _find_by_quote(library, imported, records)
        if doc_id is None:
            doc_id = _missing_document(library, batch.document_for(imported), imported,
                                       placeholders)  # fmt: skip
        placed, as_exported = _place(library, doc_id, imported)
        report.created += 1
        if placed is AnchorStatus.ORPHANED:
            report.orphaned += 1
        elif placed is AnchorStatus.AMBIGUOUS:
            report.ambiguous += 1
        if not as_exported and placed is not AnchorStatus.ORPHANED:
            report.reanchored += 1
    _restore_documents(library, batch, placeholders, report)
    _restore_color_meanings(library, batch, report)


def _place(
    library: Library, doc_id: str, imported: ImportedAnnotation
) -> tuple[AnchorStatus, bool]:
    """Create the annotation on ``doc_id``: its status, and whether it was kept as exported."""
    record = library.record(doc_id)
    document = _document_or_none(library, record) if record else None
    as_exported = document is not None and _exported_place_holds(imported, document)
    placed = placement(imported, document, as_exported)
    library.add_imported_annotation(
        doc_id,
        placed.anchor,
        color=imported.color,
        note=imported.note,
        tags=imported.tags,
        uuid=imported.uuid,
        created=imported.created or None,
        status=placed.status,
        original=imported.original or imported.anchor(),
        updated=imported.modified or None,
        confirmed=imported.confirmed,
        candidates=placed.candidates,
    )
    return placed.status, as_exported


def placement(
    imported: ImportedAnnotation, document: Document | None, as_exported: bool = False
) -> anchoring.Placement:
    """Where an imported annotation goes in the library's version of its document.

    ``as_exported`` (see ``_exported_place_holds``): its anchor, status and candidates
    as the file has them. Otherwise it is resolved on the current text like an edit
    (statuses stay sticky: a fuzzy one found exactly is still to be confirmed); without
    a text it is an orphan.
    """
    anchor = imported.anchor()
    if as_exported and imported.status is not None:
        return anchoring.Placement(anchor, imported.status, imported.candidates)
    if document is None:
        return anchoring.Placement(anchor, AnchorStatus.ORPHANED)
    found = anchoring.resolve(anchor, document.text, content_hash=document.content_hash)
    return anchoring.place(anchor, imported.status, found, document.text, document.content_hash)


def _exported_place_holds(imported: ImportedAnnotation, document: Document) -> bool:
    """True when the exported state applies to this text as it is: a placed annotation
    whose selectors were made on this very version (and still quote it), or an orphaned
    or ambiguous one whose status was decided on it."""
    status = imported.status
    if status is None:
        return False
    if status.placed:
        anchor = imported.anchor()
        return (
            anchor.content_hash == document.content_hash
            and document.text[anchor.start : anchor.end] == anchor.exact
        )
    return imported.checked_on == document.content_hash and all(
        c.content_hash == document.content_hash and c.end <= len(document.text)
        for c in imported.candidates
    )


def _restore_documents(
    library: Library, batch: ImportBatch, placeholders: dict[str, str], report: ImportReport
) -> None:
    """Each exported document's tags and note onto the matching library document.

    Tags are added. A note is set where the document has none; where it has another,
    the imported one is appended below it (never replacing the user's words), once.
    A document the library lacks is catalogued as missing to hold them.
    """
    matcher = DocumentMatcher(library.documents(include_missing=True))
    for about in batch.documents:
        if not about.tags and not about.note.strip():
            continue
        doc_id = placeholders.get(about.source)
        if doc_id is None:
            doc_id, _how = matcher.match(about.content_hash, about.doc_id, about.path, about.url)
        if doc_id is None:
            doc_id = _missing_document(library, about, None, placeholders)
        record = library.record(doc_id)
        if record is None:
            continue
        missing_tags = [
            t for t in about.tags if t.casefold() not in {x.casefold() for x in record.tags}
        ]
        if missing_tags:
            library.tag_document(doc_id, *missing_tags)
        note = about.note.strip()
        if note and note not in record.note:
            merged = (
                f"{record.note.rstrip()}\n\n---\n\n{about.note}"
                if record.note.strip()
                else about.note
            )
            library.set_document_note(doc_id, merged)
            if record.note.strip():
                report.warnings.append(
                    f"the note of {record.title!r} differed; the imported one was added below yours"
                )
        report.documents += bool(missing_tags or (note and note not in record.note))


def _restore_color_meanings(library: Library, batch: ImportBatch, report: ImportReport) -> None:
    """The file's colour meanings, for colours whose meaning here is unset or the default.

    A meaning the user chose differently is kept, and the difference reported.
    """
    current = library.color_meanings()
    for color, meaning in batch.color_meanings:
        mine = current.get(color, "")
        if mine == meaning:
            continue
        if mine in ("", DEFAULT_COLOR_MEANINGS.get(color)):
            library.set_color_meaning(color, meaning)
        else:
            report.warnings.append(
                f"colour {color} means {mine!r} here and {meaning!r} in the file; kept yours"
            )


def _missing_document(
    library: Library,
    about: ImportedDocument | None,
    imported: ImportedAnnotation | None,
    made: dict[str, str],
) -> str:
    """A catalog entry, marked missing, for a document this library does not have.

    Its annotations are kept as orphans: they can be re-attached once the document is added.
    """
    source = imported.source if imported is not None else (about.source if about else "")
    if source in made:
        return made[source]
    path = (imported.path if imported else None) or (about.path if about else None) or source
    title = (about.title if about else None) or Path(path).name or source
    content_hash = (imported.content_hash if imported else None) or (
        about.content_hash if about else None
    )
    url = (imported.url if imported else None) or (about.url if about else None)
    placeholder = Document(
        path=path,
        format=(about.format if about else None) or "text",
        title=title,
        text="",
        blocks=(),
        content_hash=content_hash or "",
        size=0,
        mtime=0.0,
        date=about.date if about else None,
        source=about.publisher if about else None,
        url=url,
    )
    record = library.add_placeholder_document(placeholder)
    made[source] = record.doc_id
    return record.doc_id


def _find_by_quote(
    library: Library, imported: ImportedAnnotation, records: Iterable[DocumentRecord]
) -> str | None:
    """A document whose text holds the quote exactly once (documents from elsewhere)."""
    if len(imported.exact.strip()) < 12:
        return None
    found = None
    for record in records:
        if record.missing:
            continue
        text = library.cached_text(record)
        if text and imported.exact in text:
            if found is not None:
                return None  # ambiguous: better an orphan than a wrong place
            found = record.doc_id
    return found
