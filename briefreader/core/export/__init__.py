"""Annotated summaries in every format, and import of W3C Web Annotation JSON.

Pure Python (no Qt): the PDF writer lives in ``briefreader.gui.pdf_export`` and is looked up
only when a PDF is asked for.

    data = render("md", ExportScope("tag", "climate"), items, ExportOptions(group_by="tag"))
    write_atomic(path, data)            # or export_to_file(path, "md", scope, items, options)
    batch = read_import(path)           # -> ImportBatch of ImportedAnnotation records
    plan = plan_import(batch.annotations, library_records, known_uuids)
"""

from __future__ import annotations

from .atomic import writable_target, write_atomic
from .importer import (
    ImportBatch,
    ImportedAnnotation,
    ImportedDocument,
    ImportMatch,
    parse_import,
    plan_import,
    read_import,
)
from .model import (
    GROUPINGS,
    SCOPE_KINDS,
    AnnotationImportError,
    ExportError,
    ExportItem,
    ExportOptions,
    ExportScope,
)
from .registry import (
    FORMAT_LABELS,
    FORMAT_SUFFIXES,
    FORMATS,
    MEDIA_TYPES,
    default_filename,
    export_to_file,
    format_for_path,
    render,
)

__all__ = [
    "FORMATS",
    "FORMAT_LABELS",
    "FORMAT_SUFFIXES",
    "GROUPINGS",
    "MEDIA_TYPES",
    "SCOPE_KINDS",
    "AnnotationImportError",
    "ExportError",
    "ExportItem",
    "ExportOptions",
    "ExportScope",
    "ImportBatch",
    "ImportMatch",
    "ImportedAnnotation",
    "ImportedDocument",
    "default_filename",
    "export_to_file",
    "format_for_path",
    "parse_import",
    "plan_import",
    "read_import",
    "render",
    "writable_target",
    "write_atomic",
]
