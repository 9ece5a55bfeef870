"""CSV export: one row per highlight, UTF-8 with a BOM so Excel reads the accents right.

``original quote`` is the passage as first highlighted (the same as ``quote`` unless the
document's wording changed under it), ``confirmed`` when the user accepted its place, and
``places`` how many places an ambiguous highlight may belong to.
"""

from __future__ import annotations

import csv
import io

from .common import Summary, location

HEADER: tuple[str, ...] = (
    "document",
    "title",
    "quote",
    "note",
    "tags",
    "colour",
    "colour meaning",
    "section",
    "page",
    "created",
    "updated",
    "status",
    "id",
    "original quote",
    "confirmed",
    "places",
)

# Cells a spreadsheet would run as a formula ("CSV injection") get a leading apostrophe.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: str) -> str:
    """A text cell that a spreadsheet shows as text, never evaluates."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def render_csv(summary: Summary) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    for section in summary.documents:
        record = section.item.record
        for entry in section.entries:
            annotation = entry.annotation
            status = annotation.status
            writer.writerow(
                [
                    cell(location(section.item)),
                    cell(record.title),
                    cell(annotation.anchor.exact),
                    cell(annotation.note),
                    cell("; ".join(annotation.tags)),
                    annotation.color,
                    cell(entry.meaning),
                    cell(entry.heading or ""),
                    "" if entry.page is None else str(entry.page),
                    annotation.created,
                    annotation.updated,
                    status.value,
                    annotation.uuid,
                    cell(annotation.original_anchor.exact),
                    annotation.confirmed,
                    str(len(annotation.candidates)) if annotation.candidates else "",
                ]
            )
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")
