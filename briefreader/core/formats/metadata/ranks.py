"""How much each kind of evidence is trusted: the lowest rank wins a field."""

from __future__ import annotations

from enum import IntEnum


class Rank(IntEnum):
    DECLARED = 0  # front matter, HTML <meta>, PDF /Author: the file says so
    DECLARED_PDF = 5  # PDF /Title and "Cover Date:" keywords: the file says so, less carefully
    URL = 8  # the publisher an address in the file's metadata belongs to
    KIND = 10  # a layout known for the kind of document (CRS cover, US Code section, ...)
    LABELLED = 10  # "Publication Date: 04/16/2026" in a header block
    PAGE1 = 12  # the largest text on page 1, as measured by the PDF loader
    CONTENT = 15  # a marker in the text ("[Congressional Record ...]", "Updated April 16, 2026")
    HEADING = 20  # the first heading, the HTML <title>
    PATH = 30  # a date or naming convention in the file name or its folders
    CONSTRUCTED = 35  # an address built from an identifier (CRS number, CELEX, granule)
    LATE_CONTENT = 40  # content dates that a date in the file name beats (PRC statutes)
    GENERIC = 45  # a headline line, a standalone date line near the top, a byline
    PDF_CREATED = 50  # the PDF's creation date: when the file was made, not written
    FOLDER = 60  # the folder's name
    LAST_RESORT = 80  # the first words of the text, for a file named by an id
    FALLBACK = 90  # the file name, made readable
