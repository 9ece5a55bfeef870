"""The export formats, one ``Format`` record each: the CLI's ``--format`` choices, the
Export dialog's list, file-name suffixes and the renderers are all read from ``FORMATS``.

Light to import (the CLI builds its parser from it at every start): each renderer's module
is imported only when it first renders (python-docx alone takes 60 ms to import).
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from briefreader.core.errors import ExportError

if TYPE_CHECKING:
    from .common import Summary

Renderer = Callable[["Summary"], bytes]


def _lazy(module: str, function: str) -> Renderer:
    """The renderer ``function`` of ``briefreader.core.export.<module>``, imported when used."""

    def render(summary: Summary) -> bytes:
        found: Renderer = getattr(importlib.import_module(f"{__package__}.{module}"), function)
        return found(summary)

    return render


@dataclass(frozen=True)
class Format:
    """One export format."""

    name: str  # what --format takes
    label: str  # what the dialog shows
    suffixes: tuple[str, ...]  # the first is written; the others are read as this format
    media_type: str
    renderer: Renderer | None = None  # None: registered at start-up (see register_renderer)
    # A list of references: every document of the scope, annotated or not (the others
    # leave out, from the whole library, documents without annotations or a note).
    references: bool = False

    @property
    def suffix(self) -> str:
        return self.suffixes[0]

    @property
    def render(self) -> Renderer:
        """The renderer, or ExportError when this format's was not registered."""
        renderer = _registered.get(self.name) or self.renderer
        if renderer is None:
            raise ExportError(
                f"{self.label} export needs Qt (PySide6), not available here: "
                f"no {self.name} renderer was registered"
            )
        return renderer


FORMATS: tuple[Format, ...] = (
    Format(
        "md",
        "Markdown (Obsidian)",
        (".md", ".markdown"),
        "text/markdown; charset=utf-8",
        _lazy("markdown", "render_markdown"),
    ),
    Format(
        "html",
        "HTML page",
        (".html", ".htm"),
        "text/html; charset=utf-8",
        _lazy("html", "render_html"),
    ),
    # PDF needs Qt: the window and the CLI register briefreader.gui.pdf_export's renderer.
    Format("pdf", "PDF", (".pdf",), "application/pdf"),
    Format(
        "docx",
        "Word document",
        (".docx",),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _lazy("docx_", "render_docx"),
    ),
    Format(
        "json",
        "W3C Web Annotations (JSON-LD)",
        (".json", ".jsonld"),
        'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"',
        _lazy("jsonld", "render_json"),
    ),
    Format(
        "csv", "CSV spreadsheet", (".csv",), "text/csv; charset=utf-8", _lazy("csv_", "render_csv")
    ),
    Format(
        "bibtex",
        "BibTeX references",
        (".bib",),
        "application/x-bibtex; charset=utf-8",
        _lazy("bibliography", "render_bibtex"),
        references=True,
    ),
    Format(
        "csljson",
        "CSL-JSON references",
        (".csl.json",),
        "application/vnd.citationstyles.csl+json",
        _lazy("bibliography", "render_csljson"),
        references=True,
    ),
)
FORMAT_NAMES: tuple[str, ...] = tuple(f.name for f in FORMATS)
# Data and references, not a brief to read: they keep everything (no audience).
DATA_FORMATS: frozenset[str] = frozenset({"json", "csv", "bibtex", "csljson"})
_registered: dict[str, Renderer] = {}  # renderers that need more than core (Qt for PDF)


def format_for_name(name: str) -> Format | None:
    return next((f for f in FORMATS if f.name == name), None)


def export_format(name: str) -> Format:
    """The format called ``name``; ExportError for one there is not."""
    found = format_for_name(name)
    if found is None:
        raise ExportError(
            f"Unknown export format {name!r}; choose one of {', '.join(FORMAT_NAMES)}"
        )
    return found


def register_renderer(name: str, renderer: Renderer) -> None:
    """Provide the renderer of a format core cannot render itself (PDF: it needs Qt), or
    replace a built-in one."""
    export_format(name)
    _registered[name] = renderer


def format_for_path(path: str | os.PathLike[str]) -> str | None:
    """The export format a file name asks for (".md", ".markdown", ".jsonld", ".csl.json",
    ...), or None; the longest suffix wins ("x.csl.json" is CSL-JSON, "x.json" W3C JSON)."""
    name = Path(path).name.lower()
    found = [(len(s), f.name) for f in FORMATS for s in f.suffixes if name.endswith(s)]
    return max(found)[1] if found else None


def _suffix_of(path: str | os.PathLike[str], format: str) -> str | None:
    """The suffix of ``format`` that ``path``'s name ends with, if any."""
    name = Path(path).name.lower()
    return next((s for s in export_format(format).suffixes if name.endswith(s)), None)


def check_extension(path: str | os.PathLike[str], format: str) -> None:
    """ExportError when the file name's extension is not ``format``'s: a Word file is never
    written under a ``.pdf`` name (nor one without an extension)."""
    wanted = export_format(format)
    named = format_for_path(path)
    if named == format:
        return
    name = Path(path).name
    if named is not None:
        stem = name[: len(name) - len(_suffix_of(path, named) or "")]
        raise ExportError(
            f"{name} names a {export_format(named).label} file but the format is "
            f"{wanted.label}; name it {stem}{wanted.suffix} or choose {named}"
        )
    raise ExportError(f"{name} has no {wanted.label} extension; name it {name}{wanted.suffix}")


def with_format_suffix(path: str | os.PathLike[str], format: str) -> Path:
    """``path`` with ``format``'s extension in place of a known export extension (or added
    when it has none of them): what the dialog shows when the format changes."""
    target = Path(path)
    wanted = export_format(format).suffix
    named = format_for_path(target)
    if named is not None:
        old = _suffix_of(target, named) or ""
        return target.with_name(target.name[: len(target.name) - len(old)] + wanted)
    return target.with_name(target.name + wanted)  # "brief" or "brief.txt": added
