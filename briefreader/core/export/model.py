"""The data an export works on: what was selected (scope), the documents and how to lay it out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from briefreader import __version__
from briefreader.core.errors import UserError
from briefreader.core.models import Annotation, Document, DocumentRecord

SCOPE_KINDS: tuple[str, ...] = ("document", "documents", "tag", "query", "collection", "all")
GROUPINGS: tuple[str, ...] = ("document", "tag", "color", "section")
# "send": a brief fit for a recipient (real titles and citations; no file paths, no internal
# statuses, passages no longer found set apart); "me": everything the analyst keeps.
AUDIENCES: tuple[str, ...] = ("send", "me")


class AnnotationImportError(UserError):
    """An annotation file that cannot be imported; ``str(error)`` is a one-line message.

    (Not called ``ImportError``: that would shadow the Python built-in.)
    """


@dataclass(frozen=True)
class ExportScope:
    """What the user chose to export; the Library selects the matching documents/annotations.

    ``value`` is the doc_id ("document"), a tuple of doc_ids ("documents"), the tag name
    ("tag"), the query text ("query"), the reading list's name ("collection": its documents
    in the list's order), or None ("all"). ``since_last`` asks for only the
    annotations created or changed since the last export of the same scope (``key``);
    ``since`` is that moment (ISO 8601) when known, shown in the header. ``label`` is an
    optional human description (e.g. the document title) used instead of ``value``.
    """

    kind: str
    value: str | tuple[str, ...] | None = None
    since_last: bool = False
    since: str | None = None
    label: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in SCOPE_KINDS:
            raise ValueError(f"unknown export scope {self.kind!r}")
        if self.kind == "documents" and isinstance(self.value, str):
            object.__setattr__(self, "value", (self.value,))
        elif self.kind == "documents" and self.value is not None:
            object.__setattr__(self, "value", tuple(self.value))

    @property
    def key(self) -> str:
        """A stable identifier of the scope (not of ``since_last``), for the export history."""
        if self.kind == "all" or self.value is None:
            return self.kind
        if isinstance(self.value, tuple):
            return f"{self.kind}:" + ",".join(sorted(self.value))
        return f"{self.kind}:{self.value}"

    @property
    def values(self) -> tuple[str, ...]:
        """``value`` as a tuple (empty for "all")."""
        if self.value is None:
            return ()
        if isinstance(self.value, tuple):
            return self.value
        return (self.value,)


@dataclass(frozen=True)
class ExportItem:
    """One document in an export: its catalog record, its loaded text (None when the file is
    missing or unreadable) and the annotations to export, in reading order."""

    record: DocumentRecord
    document: Document | None
    annotations: Sequence[Annotation] = ()


@dataclass(frozen=True)
class ExportOptions:
    """How to lay the export out. ``generated_at`` is ISO 8601 UTC ("" means now).

    ``title`` and ``intro`` (Markdown) are the analyst's own words at the top of a brief;
    ``audience`` is one of ``AUDIENCES``.
    """

    group_by: str = "document"
    generated_at: str = ""
    color_meanings: dict[str, str] = field(default_factory=dict)
    app_version: str = __version__
    app_name: str = "BriefReader"
    audience: str = "me"
    title: str = ""
    intro: str = ""

    def __post_init__(self) -> None:
        if self.group_by not in GROUPINGS:
            raise ValueError(f"unknown grouping {self.group_by!r}")
        if self.audience not in AUDIENCES:
            raise ValueError(f"unknown audience {self.audience!r}")

    @property
    def to_send(self) -> bool:
        return self.audience == "send"
