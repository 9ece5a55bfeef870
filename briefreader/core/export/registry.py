"""One entry point for every format: ``render(format, scope, items, options) -> bytes``."""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from .atomic import write_atomic
from .common import build_summary, now_iso
from .formats import export_format, format_for_name
from .model import ExportItem, ExportOptions, ExportScope

log = logging.getLogger(__name__)


def render(
    format: str,
    scope: ExportScope,
    items: Sequence[ExportItem],
    options: ExportOptions | None = None,
) -> bytes:
    """The export of ``items`` in ``format`` (a name in ``FORMATS``), as bytes to write."""
    options = options or ExportOptions()
    if not options.generated_at:
        options = replace(options, generated_at=now_iso())
    renderer = export_format(format).render
    return renderer(build_summary(scope, items, options))


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


def default_filename(scope: ExportScope, format: str, generated_at: str = "") -> str:
    """A file name for an export: ``briefreader-tag-climate-2024-05-06.md``."""
    parts = ["briefreader", scope.kind]
    if scope.label or (scope.value and not isinstance(scope.value, tuple)):
        parts.append(str(scope.label or scope.value))
    if scope.since_last:
        parts.append("new")
    date = (generated_at or now_iso())[:10]
    stem = re.sub(r"[^\w]+", "-", "-".join([*parts, date]), flags=re.UNICODE).strip("-")
    known = format_for_name(format)
    return stem[:120] + (known.suffix if known else "." + format)
