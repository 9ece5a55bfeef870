"""One entry point for every format: ``render(format, scope, items, options) -> bytes``."""

from __future__ import annotations

import importlib
import logging
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from .atomic import write_atomic
from .common import Summary, build_summary, now_iso
from .csv_ import render_csv
from .docx_ import render_docx
from .html import render_html, render_html_text
from .jsonld import render_json
from .markdown import render_markdown
from .model import ExportError, ExportItem, ExportOptions, ExportScope

log = logging.getLogger(__name__)

FORMATS: tuple[str, ...] = ("md", "html", "pdf", "docx", "json", "csv")

FORMAT_LABELS: dict[str, str] = {
    "md": "Markdown (Obsidian)",
    "html": "HTML page",
    "pdf": "PDF",
    "docx": "Word document",
    "json": "W3C Web Annotations (JSON-LD)",
    "csv": "CSV spreadsheet",
}

FORMAT_SUFFIXES: dict[str, str] = {
    "md": ".md",
    "html": ".html",
    "pdf": ".pdf",
    "docx": ".docx",
    "json": ".json",
    "csv": ".csv",
}

MEDIA_TYPES: dict[str, str] = {
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "json": 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"',
    "csv": "text/csv; charset=utf-8",
}

_RENDERERS: dict[str, Callable[[Summary], bytes]] = {
    "md": render_markdown,
    "html": render_html,
    "docx": render_docx,
    "json": render_json,
    "csv": render_csv,
}

PDF_MODULE = "briefreader.gui.pdf_export"


def _render_pdf(summary: Summary) -> bytes:
    """PDF needs Qt: looked up only now, so ``core`` never imports it."""
    try:
        module = importlib.import_module(PDF_MODULE)
    except ImportError as error:
        raise ExportError(f"PDF export needs Qt (PySide6), not available here: {error}") from error
    return module.render_pdf(render_html_text(summary))


def render(
    format: str,
    scope: ExportScope,
    items: Sequence[ExportItem],
    options: ExportOptions | None = None,
) -> bytes:
    """The export of ``items`` in ``format`` (one of ``FORMATS``), as bytes ready to write."""
    options = options or ExportOptions()
    if not options.generated_at:
        options = replace(options, generated_at=now_iso())
    summary = build_summary(scope, items, options)
    if format == "pdf":
        return _render_pdf(summary)
    renderer = _RENDERERS.get(format)
    if renderer is None:
        raise ExportError(f"Unknown export format {format!r}; choose one of {', '.join(FORMATS)}")
    return renderer(summary)


def export_to_file(
    path: str | os.PathLike[str],
    format: str,
    scope: ExportScope,
    items: Sequence[ExportItem],
    options: ExportOptions | None = None,
) -> Path:
    """Render, then write atomically: a failed render never touches an existing file."""
    data = render(format, scope, items, options)
    return write_atomic(path, data)


def format_for_path(path: str | os.PathLike[str]) -> str | None:
    """The export format a file name asks for (".md", ".markdown", ".jsonld", ...), or None."""
    suffix = Path(path).suffix.lower()
    aliases = {".markdown": "md", ".htm": "html", ".json": "json", ".jsonld": "json"}
    if suffix in aliases:
        return aliases[suffix]
    for fmt, known in FORMAT_SUFFIXES.items():
        if suffix == known:
            return fmt
    return None


def default_filename(scope: ExportScope, format: str, generated_at: str = "") -> str:
    """A file name for an export: ``briefreader-tag-climate-2024-05-06.md``."""
    parts = ["briefreader", scope.kind]
    if scope.label or (scope.value and not isinstance(scope.value, tuple)):
        parts.append(str(scope.label or scope.value))
    if scope.since_last:
        parts.append("new")
    date = (generated_at or now_iso())[:10]
    stem = re.sub(r"[^\w]+", "-", "-".join([*parts, date]), flags=re.UNICODE).strip("-")
    return stem[:120] + FORMAT_SUFFIXES.get(format, "." + format)
