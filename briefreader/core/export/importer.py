"""Read W3C Web Annotation JSON (our own export or another tool's) into plain records.

The Library re-creates annotations from these records: it matches each to a document (see
``plan_import``: content hash, then path, then URL; the rest it re-anchors by quote or keeps
as orphans) and skips uuids it already has, so importing the same file twice is harmless.

Our own export carries everything an annotation has (see ``jsonld``): besides the current
selectors, the original ones (a second target marked ``briefreader:original``), the
status, the candidate places of an ambiguous one, when its place was confirmed and when
it was last modified; and on the collection each document's tags and note and every
colour's meaning.
"""

from __future__ import annotations

import html
import json
import logging
import os
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, unquote_to_bytes, urlsplit
from urllib.request import url2pathname

import nh3

from briefreader.core.models import (
    COLORS,
    DEFAULT_COLOR,
    Anchor,
    AnchorStatus,
    Candidate,
    DocumentRecord,
)

from . import import_checks as checks
from .jsonld import NS_IRI, NS_PREFIX
from .model import AnnotationImportError

log = logging.getLogger(__name__)

MAX_IMPORT_BYTES = 256 * 1024 * 1024
_NOTE_PURPOSES = {None, "commenting", "describing", "replying", "questioning", "assessing"}


class ImportRefused(AnnotationImportError):
    """Nothing was imported: some annotations are not valid (``reasons``, one line each)."""

    def __init__(self, reasons: tuple[str, ...], valid: int, skip_invalid: bool) -> None:
        self.reasons = reasons
        if valid and not skip_invalid:
            message = (
                f"the file has {len(reasons)} invalid entr{'y' if len(reasons) == 1 else 'ies'}; "
                f"fix the file, or import its {valid} valid annotation(s) with --skip-invalid"
            )
        else:
            message = f"none of the annotations in the file is valid ({len(reasons)} rejected)"
        super().__init__(f"Nothing was imported: {message}")


@dataclass(frozen=True)
class ImportedDocument:
    """What an export says about one document (ours carry all of it; others only ``source``)."""

    source: str  # the target source IRI the annotations point at
    doc_id: str | None = None  # in the exporting library
    title: str | None = None
    path: str | None = None
    url: str | None = None
    content_hash: str | None = None
    format: str | None = None
    publisher: str | None = None  # DocumentRecord.source
    author: str | None = None
    date: str | None = None
    tags: tuple[str, ...] = ()
    note: str = ""
    missing: bool = False


@dataclass(frozen=True)
class ImportedAnnotation:
    """One annotation read from the file, ready to be matched to a document and re-created."""

    uuid: str  # stable: from "urn:uuid:..." ids, or derived from any other id
    source: str  # target source IRI
    exact: str
    prefix: str = ""
    suffix: str = ""
    start: int | None = None  # TextPositionSelector, when there was one
    end: int | None = None
    content_hash: str | None = None  # the document version the selectors were made on
    path: str | None = None  # local path of the source, when it is a file
    url: str | None = None  # the source, when it is http(s)
    note: str = ""
    tags: tuple[str, ...] = ()
    color: str = DEFAULT_COLOR
    created: str = ""
    modified: str = ""
    status: AnchorStatus | None = None  # as the exporting library last saw it
    doc_id: str | None = None  # in the exporting library
    original_id: str = ""  # the annotation's "id" as written in the file
    original: Anchor | None = None  # the anchor as first made (our exports), when it differs
    confirmed: str = ""  # when its place was confirmed (our exports)
    candidates: tuple[Candidate, ...] = ()  # the places of an ambiguous one (our exports)
    checked_on: str | None = None  # the document version its status was decided on

    def anchor(self, content_hash: str | None = None) -> Anchor:
        """The selectors as an ``Anchor`` (positions 0 when the file had none)."""
        start = self.start if self.start is not None else 0
        end = self.end if self.end is not None else start + len(self.exact)
        return Anchor(
            exact=self.exact,
            prefix=self.prefix,
            suffix=self.suffix,
            start=start,
            end=end,
            content_hash=content_hash if content_hash is not None else self.content_hash or "",
        )


@dataclass(frozen=True)
class ImportBatch:
    annotations: tuple[ImportedAnnotation, ...]
    documents: tuple[ImportedDocument, ...] = ()
    warnings: tuple[str, ...] = ()  # one line each: what was skipped or read partly
    label: str | None = None
    generator: str | None = None
    color_meanings: tuple[tuple[str, str], ...] = ()  # (colour, meaning) as exported
    rejected: tuple[str, ...] = ()  # one line each: what is not valid, and why

    def refuse_if_rejected(self, skip_invalid: bool) -> None:
        """ImportRefused (nothing imported) when some annotations are not valid, unless
        the caller asked to import the others."""
        if self.rejected and not (skip_invalid and self.annotations):
            raise ImportRefused(self.rejected, len(self.annotations), skip_invalid)

    def document_for(self, annotation: ImportedAnnotation) -> ImportedDocument | None:
        for doc in self.documents:
            if doc.source == annotation.source:
                return doc
        return None


@dataclass(frozen=True)
class ImportMatch:
    """Where an imported annotation goes: ``doc_id`` None means "re-anchor by quote or orphan"."""

    annotation: ImportedAnnotation
    doc_id: str | None
    matched_by: str  # "hash", "path", "url" or "" (no match)
    duplicate: bool = False  # the library already has this uuid

    @property
    def same_version(self) -> bool:
        """True when the positions apply as they are (the document has the same content)."""
        return self.matched_by == "hash"


# ---------------------------------------------------------------------------
# small readers
# ---------------------------------------------------------------------------


def _ext(obj: dict[str, Any], name: str) -> Any:
    """A ``briefreader:`` extension property, compact or expanded."""
    if f"{NS_PREFIX}:{name}" in obj:
        return obj[f"{NS_PREFIX}:{name}"]
    return obj.get(NS_IRI + name)


def _types(obj: Any) -> set[str]:
    if not isinstance(obj, dict):
        return set()
    value = obj.get("type", obj.get("@type"))
    if isinstance(value, str):
        return {value}
    if isinstance(value, list):
        return {v for v in value if isinstance(v, str)}
    return set()


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _iri(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return _text(value.get("id", value.get("@id")))
    return None


def _timestamp(value: Any) -> str:
    if not isinstance(value, str):
        return ""
    try:
        datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return ""
    return value.strip()


def path_from_uri(source: str) -> str | None:
    """The local path of a ``file:`` URI, or None for any other IRI."""
    parts = urlsplit(source)
    if parts.scheme.lower() != "file":
        return None
    if parts.netloc and parts.netloc != "localhost":
        return f"//{parts.netloc}{url2pathname(parts.path)}" if os.name == "nt" else None
    if os.name != "nt":  # bytes that are not UTF-8 (%FF) come back as the file's own name
        return os.fsdecode(unquote_to_bytes(parts.path))
    return url2pathname(parts.path) if parts.path.startswith("/") else unquote(parts.path)


def _uuid_for(raw: dict[str, Any]) -> tuple[str, str]:
    """(uuid, original id): ``urn:uuid:`` ids kept, others mapped to a stable uuid5."""
    original = _iri(raw.get("id", raw.get("@id"))) or ""
    if original.lower().startswith("urn:uuid:"):
        try:
            return str(uuid.UUID(original[9:])), original
        except ValueError:
            pass
    seed = original or json.dumps(raw, sort_keys=True, ensure_ascii=False)
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "briefreader-import:" + seed)), original


# ---------------------------------------------------------------------------
# annotations
# ---------------------------------------------------------------------------


def _pick_target(
    raw: dict[str, Any], original: bool = False
) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """(target, its TextQuoteSelector) for the first target that has one: the current
    passage, or with ``original`` the passage as first highlighted (our exports)."""
    for target in _as_list(raw.get("target")):
        if not isinstance(target, dict) or (_ext(target, "original") is True) != original:
            continue
        for selector in _as_list(target.get("selector")):
            if "TextQuoteSelector" in _types(selector):
                return target, selector
    return None


def _offsets(selector: Any) -> tuple[int, int] | None:
    """The start and end of a TextPositionSelector, when they make sense."""
    start, end = selector.get("start"), selector.get("end")
    valid = all(isinstance(v, int) and not isinstance(v, bool) for v in (start, end))
    return (start, end) if valid and 0 <= start <= end else None


def _position(target: dict[str, Any]) -> tuple[int | None, int | None]:
    for selector in _as_list(target.get("selector")):
        if "TextPositionSelector" in _types(selector):
            offsets = _offsets(selector)
            if offsets is not None:
                return offsets
    return None, None


def _original(raw: dict[str, Any], content_hash: str | None) -> Anchor | None:
    """The anchor as first made, from the target marked original (our exports)."""
    picked = _pick_target(raw, original=True)
    if picked is None:
        return None
    target, quote = picked
    exact = quote.get("exact")
    start, end = _position(target)
    if not isinstance(exact, str) or not exact or start is None or end is None:
        return None
    prefix, suffix = checks.trim_context(
        _text(quote.get("prefix")) or "", _text(quote.get("suffix")) or ""
    )
    return Anchor(
        exact=exact,
        prefix=prefix,
        suffix=suffix,
        start=start,
        end=end,
        content_hash=_text(_ext(target, "contentHash")) or content_hash or "",
    )


def _candidates(target: dict[str, Any]) -> tuple[Candidate, ...]:
    """The candidate places of an ambiguous annotation (our exports)."""
    found = []
    for selector in _as_list(_ext(target, "candidates")):
        if not isinstance(selector, dict) or "TextPositionSelector" not in _types(selector):
            continue
        offsets, score = _offsets(selector), _ext(selector, "score")
        if offsets is None or not isinstance(score, (int, float)) or isinstance(score, bool):
            continue
        found.append(Candidate(*offsets, float(score), _text(_ext(selector, "contentHash")) or ""))
    return tuple(found)


def _bodies(raw: dict[str, Any]) -> tuple[str, tuple[str, ...]]:
    """(note, tags) from the bodies: commenting bodies join into the note, tagging into tags."""
    notes: list[str] = []
    tags: list[str] = []
    if isinstance(raw.get("bodyValue"), str):
        notes.append(raw["bodyValue"])
    for body in _as_list(raw.get("body")):
        if not isinstance(body, dict) or not isinstance(body.get("value"), str):
            continue
        purposes = set(_as_list(body.get("purpose"))) or {None}
        value: str = body["value"]
        if "tagging" in purposes:
            if value.strip():
                tags.append(value.strip())
        elif purposes & _NOTE_PURPOSES:
            if str(body.get("format", "")).lower().startswith("text/html"):
                value = html.unescape(nh3.clean(value, tags=set()))
            if value.strip():
                notes.append(value)
    return "\n\n".join(notes), tuple(dict.fromkeys(tags))


def _color(raw: dict[str, Any], target: dict[str, Any]) -> str:
    for candidate in (_ext(raw, "color"), *_as_list(target.get("styleClass"))):
        if isinstance(candidate, str) and candidate.strip().lower() in COLORS:
            return candidate.strip().lower()
    return DEFAULT_COLOR


def _status(target: dict[str, Any]) -> AnchorStatus | None:
    value = _ext(target, "status")
    try:
        return AnchorStatus(value) if isinstance(value, str) else None
    except ValueError:
        return None


def parse_annotation(
    raw: Any, documents: dict[str, ImportedDocument] | None = None
) -> ImportedAnnotation:
    """One W3C Annotation object -> record; raises ``AnnotationImportError`` when unusable."""
    if not isinstance(raw, dict):
        raise AnnotationImportError("not a JSON object")
    if "Annotation" not in _types(raw):
        raise AnnotationImportError('its "type" is not "Annotation"')
    if "target" not in raw:
        raise AnnotationImportError("it has no target")
    picked = _pick_target(raw)
    if picked is None:
        raise AnnotationImportError("its target has no TextQuoteSelector (nothing to anchor)")
    target, quote = picked
    exact = quote.get("exact")
    if not isinstance(exact, str) or not exact:
        raise AnnotationImportError("its TextQuoteSelector has no exact text")
    source = _iri(target.get("source")) or ""
    if not source:
        raise AnnotationImportError("its target has no source")
    doc = (documents or {}).get(source)
    start, end = _position(target)
    note, tags = _bodies(raw)
    uid, original = _uuid_for(raw)
    url = source if urlsplit(source).scheme.lower() in ("http", "https") else None
    content_hash = _text(_ext(target, "contentHash")) or (doc.content_hash if doc else None)
    doc_id = _text(_ext(raw, "docId")) or (doc.doc_id if doc else None)
    confirmed = _text(_ext(raw, "confirmed")) or ""
    return ImportedAnnotation(
        uuid=uid,
        source=source,
        exact=exact,
        prefix=checks.trim_context(_text(quote.get("prefix")) or "", "")[0],
        suffix=checks.trim_context("", _text(quote.get("suffix")) or "")[1],
        start=start,
        end=end,
        content_hash=content_hash,
        path=(_text(_ext(target, "path")) or (doc.path if doc else None) or path_from_uri(source)),
        url=url or (doc.url if doc else None),
        note=note,
        tags=tags,
        color=_color(raw, target),
        created=_timestamp(raw.get("created")),
        modified=_timestamp(raw.get("modified")),
        status=_status(target),
        doc_id=doc_id,
        original_id=original,
        original=_original(raw, content_hash),
        confirmed=confirmed if _timestamp(confirmed) else "",
        candidates=_candidates(target),
        checked_on=doc.content_hash if doc else None,
    )


# ---------------------------------------------------------------------------
# files
# ---------------------------------------------------------------------------


def _documents(data: dict[str, Any], rejected: list[str]) -> dict[str, ImportedDocument]:
    docs: dict[str, ImportedDocument] = {}
    for i, raw in enumerate(_as_list(_ext(data, "documents")), 1):
        if not isinstance(raw, dict) or not _iri(raw):
            continue
        try:
            checks.check_values(raw)
        except checks.InvalidAnnotation as error:
            rejected.append(f"Document {i} ({checks.label(raw)}): {error}")
            continue
        source = _iri(raw) or ""
        tags = tuple(t for t in _as_list(_ext(raw, "tags")) if isinstance(t, str))
        docs[source] = ImportedDocument(
            source=source,
            doc_id=_text(_ext(raw, "docId")),
            title=_text(raw.get("title")),
            path=_text(_ext(raw, "path")) or path_from_uri(source),
            url=_text(_ext(raw, "url")),
            content_hash=_text(_ext(raw, "contentHash")),
            format=_text(raw.get("format")),
            publisher=_text(_ext(raw, "source")),
            author=_text(_ext(raw, "author")),
            date=_text(_ext(raw, "date")),
            tags=tags,
            note=_text(_ext(raw, "note")) or "",
            missing=_ext(raw, "missing") is True,
        )
    return docs


def _annotation_items(data: Any) -> list[Any]:
    """The raw annotations of a collection, a page, one annotation or a list of them."""
    if isinstance(data, list):
        return data
    if not isinstance(data, dict):
        raise AnnotationImportError(
            "Not an annotation file: the JSON is neither an object nor a list"
        )
    types = _types(data)
    if "Annotation" in types:
        return [data]
    if "AnnotationPage" in types or ("items" in data and not types):
        return _as_list(data.get("items"))
    if "AnnotationCollection" in types:
        items: list[Any] = []
        page = data.get("first")
        seen = 0
        while page is not None and seen < 10_000:
            if not isinstance(page, dict):
                raise AnnotationImportError(
                    "The collection's pages are not embedded in the file; "
                    "only self-contained collections can be imported"
                )
            items += _as_list(page.get("items"))
            page = page.get("next") if isinstance(page.get("next"), dict) else None
            seen += 1
        return items
    raise AnnotationImportError(
        "Not a W3C Web Annotation file: expected an AnnotationCollection, an AnnotationPage, "
        "an Annotation or a list of them"
    )


def parse_import(data: bytes | str) -> ImportBatch:
    """Parse and check an annotation file; raises ``AnnotationImportError`` (one line) if bad.

    Annotations that cannot be used (no quote to anchor, not an Annotation) are skipped with
    a warning in the batch; a file with annotations none of which can be used is an error.
    """
    if isinstance(data, bytes):
        if len(data) > MAX_IMPORT_BYTES:
            raise AnnotationImportError("The file is too large to be an annotation export")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise AnnotationImportError(
                f"Not a JSON file: not UTF-8 text (byte {error.start})"
            ) from error
    else:
        text = data.removeprefix("\ufeff")
    try:
        parsed = json.loads(text, parse_int=checks.bounded_int)
    except json.JSONDecodeError as error:
        raise AnnotationImportError(
            f"Not a valid JSON file: {error.msg.removesuffix(' at')} "
            f"at line {error.lineno}, column {error.colno}"
        ) from error
    except RecursionError as error:
        raise AnnotationImportError("Not a usable JSON file: nested too deeply") from error
    raw_items = _annotation_items(parsed)
    rejected: list[str] = []
    documents = _documents(parsed, rejected) if isinstance(parsed, dict) else {}
    annotations: list[ImportedAnnotation] = []
    warnings: list[str] = []
    seen: set[str] = set()
    for i, raw in enumerate(raw_items, 1):
        name = checks.label(raw)
        try:
            checks.check_annotation(raw)
            annotation = parse_annotation(raw, documents)
        except checks.InvalidAnnotation as error:
            rejected.append(f"Annotation {i}{f' ({name})' if name else ''}: {error}")
            continue
        except AnnotationImportError as error:
            warnings.append(f"Annotation {i}{f' ({name})' if name else ''} skipped: {error}")
            continue
        if annotation.uuid in seen:
            warnings.append(f"Annotation {i} ({annotation.original_id}) skipped: listed twice")
            continue
        seen.add(annotation.uuid)
        annotations.append(annotation)
    if raw_items and not annotations and not rejected:
        raise AnnotationImportError(
            f"None of the {len(raw_items)} annotations in the file can be used: "
            + warnings[0].split(": ", 1)[-1]
        )
    for warning in warnings:
        log.info("import: %s", warning)
    generator = None
    label = None
    if isinstance(parsed, dict):
        label = _text(parsed.get("label"))
        gen = parsed.get("generator")
        generator = _text(gen.get("name")) if isinstance(gen, dict) else _text(gen)
    meanings = checks.valid_meanings(_color_meanings(parsed), rejected)
    return ImportBatch(
        annotations=tuple(annotations),
        documents=tuple(documents.values()),
        warnings=tuple(warnings),
        label=label,
        generator=generator,
        rejected=tuple(rejected),
        color_meanings=meanings,
    )


def _color_meanings(data: Any) -> tuple[tuple[str, str], ...]:
    """The colour meanings a collection carries (our exports), known colours only."""
    meanings = _ext(data, "colorMeanings") if isinstance(data, dict) else None
    if not isinstance(meanings, dict):
        return ()
    return tuple(
        (color, meaning.strip())
        for color, meaning in meanings.items()
        if color in COLORS and isinstance(meaning, str)
    )


def read_import(path: str | os.PathLike[str]) -> ImportBatch:
    """``parse_import`` on a file; an unreadable file is an ``AnnotationImportError`` too."""
    file = Path(path)
    try:
        if file.stat().st_size > MAX_IMPORT_BYTES:
            raise AnnotationImportError(f"{file.name} is too large to be an annotation export")
        data = file.read_bytes()
    except OSError as error:
        raise AnnotationImportError(f"Cannot read {file}: {error.strerror or error}") from error
    return parse_import(data)


# ---------------------------------------------------------------------------
# matching
# ---------------------------------------------------------------------------


def _norm_path(path: str) -> str:
    return os.path.normcase(os.path.normpath(path))


def plan_import(
    annotations: Iterable[ImportedAnnotation],
    records: Sequence[DocumentRecord],
    known_uuids: Iterable[str] = (),
) -> list[ImportMatch]:
    """Match each annotation to a library document: same content hash, then same path, then
    same URL. Unmatched ones (``doc_id`` None) are for the Library to re-anchor by quote
    against its documents, or to keep as orphans. ``duplicate`` marks uuids already known."""
    matcher = DocumentMatcher(records)
    known = set(known_uuids)
    plan = []
    for annotation in annotations:
        doc_id, how = matcher.match(
            annotation.content_hash, annotation.doc_id, annotation.path, annotation.url
        )
        plan.append(ImportMatch(annotation, doc_id, how, annotation.uuid in known))
    return plan


class DocumentMatcher:
    """Finds the library document an export's annotation or document entry is about."""

    def __init__(self, records: Sequence[DocumentRecord]) -> None:
        self._by_hash: dict[str, list[DocumentRecord]] = {}
        self._by_path: dict[str, DocumentRecord] = {}
        self._by_url: dict[str, DocumentRecord] = {}
        for record in sorted(records, key=lambda r: (r.missing, r.doc_id)):
            if record.content_hash:
                self._by_hash.setdefault(record.content_hash, []).append(record)
            if record.path:
                self._by_path.setdefault(_norm_path(record.path), record)
            if record.url:
                self._by_url.setdefault(record.url, record)

    def match(
        self, content_hash: str | None, doc_id: str | None, path: str | None, url: str | None
    ) -> tuple[str | None, str]:
        """(doc_id, how): same content hash (the same doc_id or path first), then same
        path, then same URL; (None, "") when none."""
        same = self._by_hash.get(content_hash or "", [])
        if same:
            preferred = [
                r
                for r in same
                if r.doc_id == doc_id or (path and _norm_path(r.path) == _norm_path(path))
            ]
            return (preferred or same)[0].doc_id, "hash"
        if path and _norm_path(path) in self._by_path:
            return self._by_path[_norm_path(path)].doc_id, "path"
        if url and url in self._by_url:
            return self._by_url[url].doc_id, "url"
        return None, ""
