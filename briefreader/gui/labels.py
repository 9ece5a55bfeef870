"""How the window names reading statuses and where a metadata value came from."""

from __future__ import annotations

from briefreader.core.works import describe

STATUS_LABELS: dict[str, str] = {
    "to-read": "To read",
    "reading": "Reading",
    "read": "Read",
    "briefed": "Briefed",
}

ORIGIN_LABELS: dict[str, str] = {
    "file": "from the file",
    "heuristic": "guessed from the text",
    "fallback": "the file name",
    "user": "edited by you",
}

FIELD_LABELS: dict[str, str] = {
    "title": "Title",
    "date": "Date",
    "source": "Source",
    "author": "Authors",
    "url": "Web address",
    "report_number": "Report number",
    "version": "Version",
}


def member_name(format: str, version: str | None) -> str:
    """ "PDF v2", "Markdown v1": a work's member as the window names it."""
    label = describe(format, version)
    return label[:1].upper() + label[1:]


def status_label(status: str | None) -> str:
    """ "To read"; "" for no status."""
    return STATUS_LABELS.get(status or "", status or "")


def window_title(document_title: str | None) -> str:
    """ "Title — BriefReader", or "BriefReader" with no document open."""
    return f"{document_title} — BriefReader" if document_title else "BriefReader"
