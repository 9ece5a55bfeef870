"""JSON export as a W3C Web Annotation ``AnnotationCollection`` (https://www.w3.org/TR/annotation-model/).

Each highlight is an ``Annotation`` with ``motivation: highlighting``; its note is a
``TextualBody`` (purpose ``commenting``, ``text/markdown``), each passage tag a ``TextualBody``
(purpose ``tagging``). The target is a ``SpecificResource`` on the document (a ``file:`` URI,
or its URL) with a ``TextQuoteSelector`` and a ``TextPositionSelector`` over the canonical
text. The colour is a W3C ``styleClass`` plus an embedded ``CssStylesheet`` (so other tools
can show it) and ``briefreader:color``. What the model has no term for lives under the
``briefreader:`` prefix declared in the context: the content hash and anchoring status on
the target (and, for an ambiguous highlight, its candidate places as TextPositionSelectors
in ``briefreader:candidates``), when the user confirmed its place on the annotation, the
document metadata, tags and notes and every colour's meaning on the collection.

The quote as first highlighted is kept the W3C way. Several selectors of one
SpecificResource must describe the same segment, and ``refinedBy`` narrows a selection
down, so neither can hold a passage whose wording has since changed; instead, when the
original anchor differs from the current one, ``target`` is a list of two
SpecificResources on the same source: first the passage as it is now (what other tools,
which take the first target, show), then the passage as first highlighted, marked
``briefreader:original`` and given a ``TimeState`` whose ``sourceDate`` is the moment the
highlight was made (the source as it was then), with its own selectors and content hash.
"""

from __future__ import annotations

import json
import re
import uuid
from typing import Any

from briefreader.core.models import Anchor, Annotation, Candidate
from briefreader.core.names import display_name

from .common import COLOR_HEX, FALLBACK_HEX, Entry, Summary, file_uri, rfc3339

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
NS_PREFIX = "briefreader"
NS_IRI = "urn:briefreader:ns:"
CONTEXT: list[Any] = [ANNO_CONTEXT, {NS_PREFIX: NS_IRI}]
MEDIA_TYPE = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'

P = NS_PREFIX + ":"  # property prefix: "briefreader:"


def target_source(path: str, url: str | None) -> str:
    """The target's source IRI: the file as a ``file:`` URI, or the URL when there is no file."""
    return file_uri(path) if path else (url or "")


def style_class(color: str) -> str:
    """The CSS class naming a colour (``other`` for anything that is not a plain name)."""
    return color if re.fullmatch(r"[a-z][a-z0-9-]*", color) else "other"


def _stylesheet(color: str) -> dict[str, str]:
    hex_ = COLOR_HEX.get(color, FALLBACK_HEX)
    rule = f".{style_class(color)} {{ background-color: {hex_}; }}"
    return {"type": "CssStylesheet", "value": rule}


def _selectors(anchor: Anchor) -> list[dict[str, Any]]:
    return [
        {
            "type": "TextQuoteSelector",
            "exact": anchor.exact,
            "prefix": anchor.prefix,
            "suffix": anchor.suffix,
        },
        {"type": "TextPositionSelector", "start": anchor.start, "end": anchor.end},
    ]


def _candidates(candidates: tuple[Candidate, ...]) -> list[dict[str, Any]]:
    return [
        {
            "type": "TextPositionSelector",
            "start": c.start,
            "end": c.end,
            P + "score": c.score,
            P + "contentHash": c.content_hash,
        }
        for c in candidates
    ]


def _original_target(source: str, annotation: Annotation) -> dict[str, Any]:
    """The passage as first highlighted: a second target on the source as it was then."""
    original = annotation.original_anchor
    target: dict[str, Any] = {"type": "SpecificResource", "source": source, P + "original": True}
    if rfc3339(annotation.created):
        target["state"] = {"type": "TimeState", "sourceDate": rfc3339(annotation.created)}
    target["selector"] = _selectors(original)
    target[P + "contentHash"] = original.content_hash
    return target


def annotation_json(entry: Entry) -> dict[str, Any]:
    """One highlight as a W3C ``Annotation``."""
    annotation = entry.annotation
    record = entry.item.record
    anchor = annotation.anchor
    body: list[dict[str, Any]] = []
    if annotation.note.strip():
        body.append(
            {
                "type": "TextualBody",
                "purpose": "commenting",
                "format": "text/markdown",
                "value": annotation.note,
            }
        )
    body += [{"type": "TextualBody", "purpose": "tagging", "value": t} for t in annotation.tags]
    source = target_source(record.path, record.url)
    target: dict[str, Any] = {
        "type": "SpecificResource",
        "source": source,
        "styleClass": style_class(annotation.color),
        "selector": _selectors(anchor),
        P + "contentHash": anchor.content_hash,
        P + "status": annotation.status.value,
    }
    if annotation.candidates:
        target[P + "candidates"] = _candidates(annotation.candidates)
    if entry.heading:
        target[P + "section"] = entry.heading
    if entry.page is not None:
        target[P + "page"] = entry.page
    out: dict[str, Any] = {
        "@context": CONTEXT,
        "id": f"urn:uuid:{annotation.uuid}",
        "type": "Annotation",
        "motivation": "highlighting",
    }
    if rfc3339(annotation.created):
        out["created"] = rfc3339(annotation.created)
    if rfc3339(annotation.updated):
        out["modified"] = rfc3339(annotation.updated)
    if body:
        out["body"] = body
    changed = annotation.original_anchor != anchor
    out["target"] = [target, _original_target(source, annotation)] if changed else target
    out["stylesheet"] = _stylesheet(annotation.color)
    out[P + "color"] = annotation.color
    if entry.meaning:
        out[P + "colorMeaning"] = entry.meaning
    if annotation.confirmed:
        out[P + "confirmed"] = annotation.confirmed
    out[P + "docId"] = annotation.doc_id
    return out


def _document_json(summary: Summary) -> list[dict[str, Any]]:
    docs = []
    for section in summary.documents:
        record = section.item.record
        doc: dict[str, Any] = {
            "id": target_source(record.path, record.url),
            P + "docId": record.doc_id,
            "title": record.title,
            "format": record.format,
            P + "path": display_name(record.path),
            P + "contentHash": record.content_hash,
        }
        for key, value in (
            ("source", record.source),
            ("author", record.author),
            ("date", record.date),
            ("url", record.url),
        ):
            if value:
                doc[P + key] = value
        if record.tags:
            doc[P + "tags"] = list(record.tags)
        if record.note:
            doc[P + "note"] = record.note
        if record.missing or section.item.document is None:
            doc[P + "missing"] = True
        docs.append(doc)
    return docs


def collection_id(summary: Summary) -> str:
    """A stable id for this export: the same scope exported at the same moment."""
    seed = f"{summary.scope.key}|{summary.scope.since_last}|{summary.options.generated_at}"
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'briefreader-export:' + seed)}"


def collection_json(summary: Summary) -> dict[str, Any]:
    items = [annotation_json(e) for section in summary.documents for e in section.entries]
    cid = collection_id(summary)
    scope = summary.scope
    value: Any = list(scope.value) if isinstance(scope.value, tuple) else scope.value
    options = summary.options
    return {
        "@context": CONTEXT,
        "id": cid,
        "type": "AnnotationCollection",
        "label": summary.title,
        "total": len(items),
        "generated": rfc3339(options.generated_at) or options.generated_at,
        "generator": {
            "id": NS_IRI + "app",
            "type": "Software",
            "name": f"{options.app_name} {options.app_version}",
        },
        P + "scope": {
            "kind": scope.kind,
            "value": value,
            "key": scope.key,
            "onlyNew": scope.since_last,
            "since": scope.since,
        },
        P + "groupBy": options.group_by,
        P + "colorMeanings": dict(sorted(options.color_meanings.items())),
        P + "documents": _document_json(summary),
        "first": {
            "id": cid + "#page-1",
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": items,
        },
    }


def render_json(summary: Summary) -> bytes:
    text = json.dumps(collection_json(summary), ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")
