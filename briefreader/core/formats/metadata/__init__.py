"""Document metadata (title, date, publisher, authors, address, report number) from what a
loader knows, each value with where it came from. Pure functions; no Qt, no parsers."""

from __future__ import annotations

from briefreader.core.formats.metadata.extract import extract_metadata
from briefreader.core.formats.metadata.model import (
    FIELDS,
    ORIGIN_FALLBACK,
    ORIGIN_FILE,
    ORIGIN_HEURISTIC,
    ExtractedMetadata,
    MetadataInput,
)

__all__ = [
    "FIELDS",
    "ORIGIN_FALLBACK",
    "ORIGIN_FILE",
    "ORIGIN_HEURISTIC",
    "ExtractedMetadata",
    "MetadataInput",
    "extract_metadata",
]
