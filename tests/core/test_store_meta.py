"""The store's metadata edits, works, reading lists, reading status and sample folders
(schema 3): what the user corrects is kept apart from what the loader found, and wins."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefreader.core.models import Document
from briefreader.core.store import SCHEMA_VERSION, Store
from briefreader.core.store.schema import migrate_to_1, migrate_to_2
from briefreader.core.works import text_key

WORDS = " ".join(f"word{i}" for i in range(40))


def make_doc(path: str, title: str = "A brief", text: str = "Some words.", **kw) -> Document:
    fields = {"content_hash": f"hash-{path}-{text}", "size": 1, "mtime": 1.5, "format": "markdown"}
    fields.update(kw)
    return Document(path=path, title=title, text=text, blocks=(), **fields)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "briefreader.sqlite3") as opened:
        yield opened


def crs_doc(path: str, version: str, fmt: str = "markdown") -> Document:
    return make_doc(
        path,
        "China's 15th Five-Year Plan",
        format=fmt,
        date="2026-04-16",
        source="Congressional Research Service (CRS)",
        report_number="IF13204",
        version=version,
        field_origins=(("title", "heuristic"), ("date", "file"), ("report_number", "heuristic")),
    )


# -- extracted fields and the user's edits --------------------------------------------------


def test_the_catalog_keeps_every_extracted_field_with_its_origin(store: Store) -> None:
    record = store.upsert_document(crs_doc("/lib/IF13204.2.pdf", "2", "pdf"))
    assert (record.report_number, record.version) == ("IF13204", "2")
    assert record.origin("title") == "heuristic" and record.origin("date") == "file"
    assert record.origin("author") is None  # no value, no origin
    assert record.work_id == "report:IF13204"


def test_an_edit_wins_and_survives_a_reindex_and_a_move(store: Store) -> None:
    doc_id = store.upsert_document(crs_doc("/lib/a.md", "2")).doc_id
    store.set_document_edits(doc_id, {"title": "My title", "source": "CRS (edited)"})
    store.upsert_document(crs_doc("/lib/a.md", "2"), doc_id=doc_id)  # re-indexed
    store.set_path(doc_id, "/lib/moved.md")
    record = store.document(doc_id)
    assert record is not None
    assert (record.title, record.source, record.date) == ("My title", "CRS (edited)", "2026-04-16")
    assert record.origin("title") == record.origin("source") == "user"
    assert record.origin("date") == "file"
    store.set_document_edits(doc_id, {"title": None})  # the extracted title shows again
    assert store.document(doc_id).title == "China's 15th Five-Year Plan"  # type: ignore[union-attr]
    assert store.document_edits(doc_id) == {"source": "CRS (edited)"}


def test_an_edit_of_a_field_the_loader_left_empty_has_the_user_origin(store: Store) -> None:
    doc_id = store.upsert_document(make_doc("/lib/a.md")).doc_id
    store.set_document_edits(doc_id, {"author": "Jane Doe", "url": "https://example.org/a"})
    record = store.document(doc_id)
    assert record is not None and record.author == "Jane Doe"
    assert dict(record.field_origins) == {"author": "user", "url": "user"}


def test_edits_of_unknown_fields_or_documents_are_refused(store: Store) -> None:
    doc_id = store.upsert_document(make_doc("/lib/a.md")).doc_id
    with pytest.raises(ValueError, match="cannot edit path"):
        store.set_document_edits(doc_id, {"path": "/x"})
    with pytest.raises(KeyError):
        store.set_document_edits("nope", {"title": "x"})


def test_documents_are_listed_by_their_effective_title(store: Store) -> None:
    first = store.upsert_document(make_doc("/lib/a.md", "Alpha")).doc_id
    store.upsert_document(make_doc("/lib/b.md", "Beta"))
    store.set_document_edits(first, {"title": "Zulu"})
    assert [r.title for r in store.documents()] == ["Beta", "Zulu"]


# -- works ------------------------------------------------------------------------------


def test_work_ids_come_from_the_report_number_then_the_text(store: Store) -> None:
    pdf = store.upsert_document(crs_doc("/lib/IF13204.2.pdf", "2", "pdf"))
    old = store.upsert_document(crs_doc("/lib/IF13204v1.md", "1"))
    same_text = [
        store.upsert_document(make_doc(f"/lib/copy.{ext}", text=WORDS, text_key=text_key(WORDS)))
        for ext in ("md", "txt")
    ]
    lone = store.upsert_document(make_doc("/lib/short.md"))
    assert pdf.work_id == old.work_id == "report:IF13204"
    assert same_text[0].work_id == same_text[1].work_id == f"text:{text_key(WORDS)}"
    assert lone.work_id == f"doc:{lone.doc_id}"


def test_a_report_number_edit_or_an_override_moves_a_document_to_another_work(
    store: Store,
) -> None:
    pdf = store.upsert_document(crs_doc("/lib/IF13204.2.pdf", "2", "pdf")).doc_id
    other = store.upsert_document(make_doc("/lib/other.md")).doc_id
    store.set_document_edits(other, {"report_number": "if 13204"})
    assert store.document(other).work_id == "report:IF13204"  # type: ignore[union-attr]
    store.set_work_override(pdf, f"doc:{pdf}")  # split off
    assert store.document(pdf).work_id == f"doc:{pdf}"  # type: ignore[union-attr]
    store.set_work_override(pdf, None)
    assert store.document(pdf).work_id == "report:IF13204"  # type: ignore[union-attr]


# -- reading lists and status -----------------------------------------------------------


def test_reading_lists_are_named_ordered_and_a_document_may_be_in_several(store: Store) -> None:
    a, b, c = (store.upsert_document(make_doc(f"/lib/{n}.md", n)).doc_id for n in "abc")
    store.create_collection("  China   tech brief ")
    store.create_collection("Monday")
    store.add_to_collection("china tech brief", [a, b])
    store.add_to_collection("China tech brief", [c], position=0)
    store.add_to_collection("China tech brief", [a])  # already there: stays in place
    store.add_to_collection("Monday", [a])
    assert store.collection("CHINA TECH BRIEF").doc_ids == (c, a, b)  # type: ignore[union-attr]
    store.move_in_collection("China tech brief", b, 0)
    store.remove_from_collection("China tech brief", [c])
    assert store.collection("China tech brief").doc_ids == (b, a)  # type: ignore[union-attr]
    assert store.document(a).collections == ("China tech brief", "Monday")  # type: ignore[union-attr]
    assert [x.name for x in store.collections()] == ["China tech brief", "Monday"]


def test_reading_list_names_are_unique_and_renames_keep_the_members(store: Store) -> None:
    a = store.upsert_document(make_doc("/lib/a.md")).doc_id
    store.create_collection("Week 1")
    store.add_to_collection("Week 1", [a])
    with pytest.raises(ValueError, match="already"):
        store.create_collection("week 1")
    with pytest.raises(ValueError, match="needs a name"):
        store.create_collection("   ")
    store.create_collection("Week 2")
    with pytest.raises(ValueError, match="already"):
        store.rename_collection("Week 1", "WEEK 2")
    store.rename_collection("Week 1", "Week one")
    assert store.collection("week one").doc_ids == (a,)  # type: ignore[union-attr]
    store.delete_collection("Week one")
    assert store.collection("Week one") is None and store.document(a) is not None
    with pytest.raises(KeyError):
        store.add_to_collection("Week one", [a])


def test_reading_status_is_per_document_and_checked(store: Store) -> None:
    a = store.upsert_document(make_doc("/lib/a.md")).doc_id
    assert store.document(a).reading_status is None  # type: ignore[union-attr]
    store.set_reading_status(a, "briefed")
    assert store.document(a).reading_status == "briefed"  # type: ignore[union-attr]
    with pytest.raises(ValueError, match="to-read, reading, read, briefed"):
        store.set_reading_status(a, "skimmed")
    store.set_reading_status(a, None)
    assert store.reading_status(a) is None


def test_forgetting_a_document_forgets_its_edits_lists_and_status(store: Store) -> None:
    a = store.upsert_document(make_doc("/lib/a.md")).doc_id
    store.set_document_edits(a, {"title": "T"})
    store.create_collection("L")
    store.add_to_collection("L", [a])
    store.set_reading_status(a, "read")
    store.delete_document(a)
    assert store.collection("L").doc_ids == ()  # type: ignore[union-attr]
    assert store.document_edits(a) == {} and store.reading_status(a) is None


def test_sample_folders_are_flagged(store: Store) -> None:
    store.add_folder("/content")
    store.add_folder("/mine")
    store.mark_sample_folder("/content")
    assert store.sample_folders() == ["/content"] and store.folders() == ["/content", "/mine"]


# -- migration --------------------------------------------------------------------------


def test_migration_from_schema_2_keeps_the_data_and_rereads_every_file(tmp_path: Path) -> None:
    path = tmp_path / "briefreader.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    migrate_to_1(conn)
    migrate_to_2(conn)
    conn.execute("PRAGMA user_version = 2")
    conn.execute("COMMIT")
    conn.execute(
        "INSERT INTO documents (doc_id, path, format, title, content_hash, size, mtime, added) "
        "VALUES ('d1', '/lib/a.md', 'markdown', 'Old brief', 'h1', 10, 5.0, '2024-01-01')"
    )
    conn.execute("INSERT INTO folders VALUES ('/lib', '2024-01-01')")
    conn.close()
    with Store(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        record = store.document("d1")
        assert record is not None and record.title == "Old brief"
        assert record.mtime == 0  # the next index run reads the file again for the new fields
        assert record.work_id == "doc:d1" and record.field_origins == ()
        assert store.sample_folders() == []
        store.set_document_edits("d1", {"title": "New"})
        assert store.document("d1").title == "New"  # type: ignore[union-attr]
