"""BriefReader: an offline reader, search and annotation tool for policy analysts."""

__version__ = "0.1.0"
