"""The clock jumping backwards during edits: created/updated stamps keep their order and
"only what is new since the last export" still has every later edit."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from briefreader.core.export.exporting import ExportRequest, export_to_file
from briefreader.core.library import Library
from briefreader.core.store import database


class Clock:
    """A wall clock the test sets (``datetime.now`` as the store reads it)."""

    def __init__(self, start: datetime) -> None:
        self.moment = start

    def now(self, tz: timezone | None = None) -> datetime:
        return self.moment

    def __getattr__(self, name: str) -> object:  # fromisoformat and the rest: the real ones
        return getattr(datetime, name)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock(datetime(2025, 6, 1, 12, 0, tzinfo=timezone.utc))
    monkeypatch.setattr(database, "datetime", fake)
    return fake


@pytest.fixture
def library(tmp_path: Path, clock: Clock) -> Iterator[Library]:
    folder = tmp_path / "lib"
    folder.mkdir()
    (folder / "brief.md").write_text(
        "# Brief\n\nThe tariff review began. The Entity List grew again. Allies objected.\n",
        encoding="utf-8",
    )
    with Library.open(tmp_path / "data") as library:
        library.index([folder])
        yield library


def _exported_notes(library: Library, out: Path) -> list[str]:
    export_to_file(library, ExportRequest(format="json", everything=True, since_last=True), out)
    page = json.loads(out.read_text(encoding="utf-8")).get("first", {})
    return sorted(
        body["value"]
        for item in page.get("items", [])
        for body in item.get("body", [])
        if body.get("purpose") == "commenting"
    )


def test_edits_after_the_clock_went_back_are_still_new(
    library: Library, clock: Clock, tmp_path: Path
) -> None:
    doc_id = library.documents()[0].doc_id
    first = library.annotate_quote(doc_id, "tariff review", note="first")
    assert _exported_notes(library, tmp_path / "1.json") == ["first"]
    clock.moment -= timedelta(hours=3)  # set back, by hand or by a bad time server
    edited = library.update_annotation(first.id, note="first, edited")
    second = library.annotate_quote(doc_id, "Entity List", note="second")
    assert edited.updated > edited.created  # never an edit before its creation
    assert second.created > edited.updated  # nor a later change stamped earlier
    assert _exported_notes(library, tmp_path / "2.json") == ["first, edited", "second"]
    assert _exported_notes(library, tmp_path / "3.json") == []  # nothing new since
    clock.moment += timedelta(hours=5)  # and forward again: the wall clock leads once more
    third = library.annotate_quote(doc_id, "Allies objected", note="third")
    assert third.created == "2025-06-01T14:00:00.000Z"
    assert _exported_notes(library, tmp_path / "4.json") == ["third"]


def test_the_clock_going_back_keeps_document_note_order(library: Library, clock: Clock) -> None:
    record = library.documents()[0]
    library.set_document_note(record.doc_id, "before")
    clock.moment -= timedelta(days=1)
    library.annotate_quote(record.doc_id, "tariff review", note="later")
    (annotation,) = library.annotations()
    assert annotation.created > "2025-06-01T12:00:00.000Z"  # after the note, by the clock kept
    assert "~clock.latest" not in library.index_settings()  # the store's own, not a setting
