"""Search-index entries built from catalog records and annotations."""

from __future__ import annotations

from briefreader.core.models import Annotation, DocumentRecord
from briefreader.core.search.index import AnnotationEntry, DocEntry


def doc_entry(record: DocumentRecord, text: str) -> DocEntry:
    return DocEntry(
        doc_id=record.doc_id,
        path=record.path,
        title=record.title,
        text=text,
        format=record.format,
        date=record.date,
        source=record.source,
        tags=record.tags,
    )


def annotation_entry(annotation: Annotation, record: DocumentRecord) -> AnnotationEntry:
    return AnnotationEntry(
        annotation_id=annotation.id,
        doc_id=annotation.doc_id,
        path=record.path,
        title=record.title,
        exact=annotation.anchor.exact,
        note=annotation.note,
        tags=annotation.tags,
        color=annotation.color,
        date=record.date,
        source=record.source,
    )
