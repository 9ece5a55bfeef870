"""The SQLite store: schema and migrations, transactions, CRUD, tags, backups, two processes."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefreader.core.errors import UserError
from briefreader.core.models import Anchor, AnchorStatus, Annotation, Candidate, Document
from briefreader.core.store import (
    DEFAULT_COLOR_MEANINGS,
    SCHEMA_VERSION,
    Store,
    StoreError,
    list_backups,
    restore_backup,
)
from briefreader.core.store.database import environment_error
from briefreader.core.store.schema import MIGRATIONS, migrate_to_1, migrate_to_2, migrate_to_3

REPO = Path(__file__).resolve().parents[2]


def make_doc(path: str, title: str = "A brief", text: str = "Some words here.", **kw) -> Document:
    fields = {"content_hash": f"hash-{path}-{text}", "size": len(text), "mtime": 1_700_000_000.5}
    fields.update(kw)
    return Document(path=path, format="markdown", title=title, text=text, blocks=(), **fields)


def anchor(start: int = 0, end: int = 4, exact: str = "Some", content_hash: str = "h") -> Anchor:
    return Anchor(exact, "", " words", start, end, content_hash)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "briefreader.sqlite3"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    db_path.parent.mkdir(parents=True, exist_ok=True)
    with Store(db_path) as opened:
        yield opened


@pytest.fixture
def doc_id(store: Store) -> str:
    return store.upsert_document(make_doc("/lib/a.md", "Alpha brief", tags=("china",))).doc_id


def run_python(code: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )


# ---------------------------------------------------------------------------
# Schema, pragmas, migrations
# ---------------------------------------------------------------------------


def test_new_database_has_current_schema_and_pragmas(store: Store, db_path: Path) -> None:
    assert store.schema_version == SCHEMA_VERSION == len(MIGRATIONS)
    conn = store._conn
    assert conn is not None
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"documents", "annotations", "tags", "color_meanings", "saved_searches"} <= tables
    assert store.color_meanings() == DEFAULT_COLOR_MEANINGS
    assert store.integrity_check()


def _write_v1_database(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    migrate_to_1(conn)
    conn.execute("PRAGMA user_version = 1")
    conn.execute("COMMIT")
    conn.executescript(
        """
        INSERT INTO folders VALUES ('/lib', '2024-01-01T00:00:00.000Z');
        INSERT INTO documents (doc_id, path, format, title, content_hash, size, mtime, added,
                               word_count, source)
            VALUES ('d1', '/lib/a.md', 'markdown', 'Old brief', 'h1', 10, 5.0,
                    '2024-01-01T00:00:00.000Z', 3, 'Reuters');
        INSERT INTO tags (id, name, key) VALUES (1, 'China', 'china');
        INSERT INTO document_tags VALUES ('d1', 1, 'file');
        INSERT INTO annotations (id, uuid, doc_id, exact, prefix, suffix, start, "end",
                                 content_hash, color, note, status, created, updated)
            VALUES (7, 'u-7', 'd1', 'brief', 'Old ', '', 4, 9, 'h1', 'red', 'a *note*',
                    'fuzzy', '2024-01-02T00:00:00.000Z', '2024-01-03T00:00:00.000Z');
        INSERT INTO annotation_tags VALUES (7, 1);
        INSERT INTO document_notes VALUES ('d1', 'doc note', '2024-01-01T00:00:00.000Z');
        INSERT INTO reading_positions VALUES ('d1', 42, '2024-01-01T00:00:00.000Z');
        INSERT INTO settings VALUES ('theme', 'dark');
        """
    )
    conn.close()


def test_migration_from_schema_1_keeps_the_data(db_path: Path) -> None:
    _write_v1_database(db_path)
    with Store(db_path) as store:
        assert store.schema_version == SCHEMA_VERSION
        record = store.document("d1")
        assert record is not None
        assert (record.title, record.source, record.tags, record.note) == (
            "Old brief",
            "Reuters",
            ("China",),
            "doc note",
        )
        annotation = store.annotation(7)
        assert annotation == Annotation(
            id=7,
            uuid="u-7",
            doc_id="d1",
            anchor=Anchor("brief", "Old ", "", 4, 9, "h1"),
            color="red",
            note="a *note*",
            tags=("China",),
            status=AnchorStatus.FUZZY,
            created="2024-01-02T00:00:00.000Z",
            updated="2024-01-03T00:00:00.000Z",
            original=Anchor("brief", "Old ", "", 4, 9, "h1"),  # schema 4: its anchor then
        )
        assert store.reading_position("d1") == 42
        assert store.setting("theme") == "dark"
        assert store.folders() == ["/lib"]
        # what schema 2 added works at once
        assert store.color_meanings()["red"] == "Disputed"
        store.save_search("China", "tag:china")
        assert store.saved_searches() == [("China", "tag:china")]
        assert store.integrity_check()
    with Store(db_path) as again:  # a second open does not migrate twice
        assert again.schema_version == SCHEMA_VERSION and again.annotation(7) is not None


def test_migration_from_schema_3_gives_every_annotation_its_anchor_as_original(
    db_path: Path,
) -> None:
    _write_v1_database(db_path)
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("BEGIN")
    migrate_to_2(conn)
    migrate_to_3(conn)
    conn.execute("PRAGMA user_version = 3")
    conn.execute("COMMIT")
    conn.close()
    with Store(db_path) as store:
        annotation = store.annotation(7)
        assert annotation is not None and annotation.original == annotation.anchor
        assert (annotation.confirmed, annotation.candidates) == ("", ())
        assert store.versions("d1") == []
        assert store.integrity_check()


def test_a_failing_migration_leaves_the_old_schema_intact(db_path: Path) -> None:
    _write_v1_database(db_path)

    def broken(conn: sqlite3.Connection) -> None:
        migrate_to_2(conn)
        raise RuntimeError("bug in a migration, after half its work")

    MIGRATIONS[1] = broken
    try:
        with pytest.raises(RuntimeError):
            Store(db_path)
    finally:
        MIGRATIONS[1] = migrate_to_2
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "color_meanings" not in tables
    conn.close()
    with Store(db_path) as store:
        assert store.schema_version == SCHEMA_VERSION and store.annotation(7) is not None


def test_newer_database_is_refused_with_a_clear_message(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    Store(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA user_version = 9")
    conn.close()
    expected = rf"newer BriefReader \(schema 9\); .* up to {SCHEMA_VERSION}"
    with pytest.raises(StoreError, match=expected):
        Store(db_path)


def test_foreign_sqlite_file_and_garbage_are_refused(tmp_path: Path) -> None:
    foreign = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE t (x)")
    conn.close()
    with pytest.raises(StoreError, match="not BriefReader's"):
        Store(foreign)
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"this is not a database at all" * 200)
    with pytest.raises(StoreError, match=r"not a BriefReader database|damaged"):
        Store(garbage)


def test_missing_folder_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="cannot be opened"):
        Store(tmp_path / "no" / "such" / "dir" / "db.sqlite3")


def test_store_error_is_a_user_error_and_bugs_are_not_translated() -> None:
    assert issubclass(StoreError, UserError)
    full = environment_error(sqlite3.OperationalError("database or disk is full"), "db")
    assert isinstance(full, StoreError) and "disk is full" in str(full)
    locked = environment_error(sqlite3.OperationalError("database is locked"), "db")
    assert locked is not None and "busy" in str(locked)
    readonly = environment_error(
        sqlite3.OperationalError("attempt to write a readonly database"), "db"
    )
    assert readonly is not None and "read-only" in str(readonly)
    assert environment_error(sqlite3.OperationalError("no such column: x"), "db") is None
    assert environment_error(sqlite3.IntegrityError("UNIQUE constraint failed"), "db") is None


def test_a_write_lock_held_too_long_is_a_store_error(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    Store(db_path).close()
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with Store(db_path, busy_timeout=0.2) as store, pytest.raises(StoreError, match="busy"):
            store.add_folder("/lib")
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_closed_store_raises_store_error(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    store = Store(db_path)
    store.close()
    store.close()  # idempotent
    with pytest.raises(StoreError, match="closed"):
        store.folders()


# ---------------------------------------------------------------------------
# Transactions
# ---------------------------------------------------------------------------


def test_transaction_rolls_back_everything_on_error(store: Store, doc_id: str) -> None:
    with pytest.raises(RuntimeError), store.transaction():
        store.add_annotation(doc_id, anchor(), "yellow", note="first")
        store.tag_document(doc_id, ["half-written"])
        raise RuntimeError("boom")
    assert store.annotations() == []
    assert "half-written" not in store.document(doc_id).tags


def test_nested_transaction_is_a_savepoint(store: Store, doc_id: str) -> None:
    with store.transaction():
        store.add_annotation(doc_id, anchor(), "yellow", note="kept")
        with pytest.raises(ValueError), store.transaction():
            store.add_annotation(doc_id, anchor(), "yellow", note="dropped")
            raise ValueError("inner")
    assert [a.note for a in store.annotations()] == ["kept"]


def test_a_method_failing_half_way_writes_nothing(
    store: Store, doc_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*args: object) -> None:
        raise RuntimeError("crash after the annotation row was inserted")

    monkeypatch.setattr(Store, "_set_annotation_tags", fail)
    with pytest.raises(RuntimeError):
        store.add_annotation(doc_id, anchor(), "green", tags=["x"])
    monkeypatch.undo()
    assert store.annotations() == [] and store.tags() == [("china", 1)]


# ---------------------------------------------------------------------------
# Catalog
# ---------------------------------------------------------------------------


def test_folders(store: Store) -> None:
    store.add_folder("/b")
    store.add_folder(Path("/a"))
    store.add_folder("/a")
    assert store.folders() == ["/a", "/b"]
    store.remove_folder("/a")
    assert store.folders() == ["/b"]


def test_upsert_inserts_then_updates_keeping_doc_id(store: Store) -> None:
    first = store.upsert_document(
        make_doc("/lib/a.md", "Brief", text="one two three", source="FT", date="2024-05")
    )
    assert len(first.doc_id) == 32 and first.word_count == 3 and first.added
    assert (first.source, first.date, first.missing, first.last_opened) == (
        "FT",
        "2024-05",
        False,
        None,
    )
    second = store.upsert_document(make_doc("/lib/a.md", "Brief, revised", text="one two"))
    assert second.doc_id == first.doc_id and second.title == "Brief, revised"
    assert second.added == first.added and second.source is None
    assert store.document_by_path("/lib/a.md") == second
    assert store.document("nope") is None and store.document_by_path("/nope") is None


def test_upsert_with_doc_id_and_loader_version(store: Store) -> None:
    record = store.upsert_document(make_doc("/lib/a.md"), doc_id="fixed", loader_version=3)
    assert record.doc_id == "fixed"
    store.upsert_document(make_doc("/lib/a.md", "New"), doc_id="fixed")
    assert store.loader_versions() == {"fixed": 3}


def test_file_tags_are_replaced_and_user_tags_kept(store: Store) -> None:
    doc_id = store.upsert_document(make_doc("/a.md", tags=("China", "trade"))).doc_id
    store.tag_document(doc_id, ["mine", "china"])
    assert store.document(doc_id).tags == ("China", "mine", "trade")
    store.upsert_document(make_doc("/a.md", tags=("Semiconductors",)))
    assert store.document(doc_id).tags == ("China", "mine", "Semiconductors")
    store.untag_document(doc_id, ["CHINA", "mine"])
    assert store.document(doc_id).tags == ("Semiconductors",)


def test_documents_are_ordered_by_title_and_missing_hidden(store: Store) -> None:
    b = store.upsert_document(make_doc("/b.md", "beta")).doc_id
    store.upsert_document(make_doc("/a.md", "Alpha"))
    store.upsert_document(make_doc("/c.md", "Gamma"))
    store.mark_missing(b)
    assert [r.title for r in store.documents()] == ["Alpha", "Gamma"]
    assert [r.title for r in store.documents(include_missing=True)] == ["Alpha", "beta", "Gamma"]
    assert store.document(b).missing
    store.mark_missing(b, False)
    assert not store.document(b).missing


def test_documents_by_hash_and_file_states(store: Store) -> None:
    a = store.upsert_document(make_doc("/a.md", content_hash="same", size=5, mtime=1.5))
    b = store.upsert_document(make_doc("/b.md", content_hash="same"))
    store.upsert_document(make_doc("/c.md", content_hash="other"))
    assert {r.doc_id for r in store.documents_by_hash("same")} == {a.doc_id, b.doc_id}
    states = store.file_states()
    assert states["/a.md"] == (a.doc_id, 5, 1.5, "same")
    assert set(states) == {"/a.md", "/b.md", "/c.md"}


def test_move_keeps_doc_id_and_paths_stay_unique(store: Store) -> None:
    a = store.upsert_document(make_doc("/old/a.md")).doc_id
    store.set_path(a, "/new/a.md")
    assert store.document(a).path == "/new/a.md"
    assert store.document_by_path("/old/a.md") is None
    # a file moved onto the path of another present document: that one is now missing
    b = store.upsert_document(make_doc("/b.md")).doc_id
    store.set_path(a, "/b.md")
    assert store.document(b).missing and not store.document(a).missing
    assert store.document_by_path("/b.md").doc_id == a
    assert store.file_states()["/b.md"][0] == a
    # the missing one coming back at that path frees it from the other
    store.mark_missing(b, False)
    assert store.document(a).missing and not store.document(b).missing
    with pytest.raises(KeyError):
        store.set_path("nope", "/x.md")


def test_delete_document_only_without_annotations(store: Store, doc_id: str) -> None:
    store.set_reading_position(doc_id, 3)
    store.set_document_note(doc_id, "note")
    annotation = store.add_annotation(doc_id, anchor(), "yellow")
    with pytest.raises(ValueError, match="mark it missing"):
        store.delete_document(doc_id)
    store.delete_annotation(annotation.id)
    store.delete_document(doc_id)
    assert store.document(doc_id) is None
    assert store.reading_position(doc_id) is None
    assert store.tags() == []


def test_touch_opened_and_document_note(store: Store, doc_id: str) -> None:
    store.touch_opened(doc_id)
    assert store.document(doc_id).last_opened.endswith("Z")
    store.set_document_note(doc_id, "Follow up in *September*")
    assert store.document(doc_id).note == "Follow up in *September*"
    store.set_document_note(doc_id, "")
    assert store.document(doc_id).note == ""
    with pytest.raises(KeyError):
        store.set_document_note("nope", "x")


# ---------------------------------------------------------------------------
# Tags
# ---------------------------------------------------------------------------


def test_tag_names_are_normalised_and_case_insensitive(store: Store, doc_id: str) -> None:
    store.tag_document(doc_id, ["  Trade   talks ", "trade TALKS", "", "   "])
    other = store.upsert_document(make_doc("/b.md")).doc_id
    store.tag_document(other, ["TRADE talks"])
    assert store.document(doc_id).tags == ("china", "Trade talks")
    assert store.document(other).tags == ("Trade talks",)
    assert store.tags() == [("china", 1), ("Trade talks", 2)]


def test_tags_count_documents_and_annotations(store: Store, doc_id: str) -> None:
    store.tag_document(doc_id, ["china"])  # file and user origin: one document
    store.add_annotation(doc_id, anchor(), "yellow", tags=["China", "evidence"])
    assert store.tags() == [("china", 2), ("evidence", 1)]


def test_rename_tag(store: Store, doc_id: str) -> None:
    annotation = store.add_annotation(doc_id, anchor(), "yellow", tags=["china"])
    store.rename_tag("CHINA", "PRC")
    assert store.document(doc_id).tags == ("PRC",)
    assert store.annotation(annotation.id).tags == ("PRC",)
    store.rename_tag("prc", "Prc")  # another spelling of the same tag
    assert store.tags() == [("Prc", 2)]
    store.rename_tag("no such tag", "x")
    assert store.tags() == [("Prc", 2)]
    with pytest.raises(ValueError):
        store.rename_tag("Prc", "  ")


def test_rename_tag_merges_into_an_existing_tag(store: Store, doc_id: str) -> None:
    other = store.upsert_document(make_doc("/b.md", tags=("PRC",))).doc_id
    store.tag_document(doc_id, ["PRC"])  # doc_id has both china (file) and PRC (user)
    both = store.add_annotation(doc_id, anchor(), "yellow", tags=["china", "prc"])
    one = store.add_annotation(other, anchor(), "red", tags=["china"])
    store.rename_tag("china", "prc")
    assert store.tags() == [("PRC", 4)]
    assert store.document(doc_id).tags == ("PRC",)
    assert store.document(other).tags == ("PRC",)
    assert store.annotation(both.id).tags == ("PRC",)
    assert store.annotation(one.id).tags == ("PRC",)
    assert [a.id for a in store.annotations(tag="prc")] == [one.id, both.id]  # "A brief" first


# ---------------------------------------------------------------------------
# Annotations
# ---------------------------------------------------------------------------


def test_add_and_read_annotation(store: Store, doc_id: str) -> None:
    made = store.add_annotation(doc_id, anchor(), "green", note="**n**", tags=["b", "A", "a"])
    assert made.id > 0 and len(made.uuid) == 36
    assert (made.color, made.note, made.tags, made.status) == (
        "green",
        "**n**",
        ("A", "b"),
        AnchorStatus.ANCHORED,
    )
    assert made.created == made.updated and made.created.endswith("Z")
    assert store.annotation(made.id) == made == store.annotation_by_uuid(made.uuid)
    assert store.annotation(999) is None and store.annotation_by_uuid("nope") is None


def test_add_annotation_keeps_imported_identity(store: Store, doc_id: str) -> None:
    made = store.add_annotation(
        doc_id, anchor(), "blue", uuid="urn-x", created="2020-01-01T00:00:00.000Z", status="fuzzy"
    )
    assert (made.uuid, made.created, made.status) == (
        "urn-x",
        "2020-01-01T00:00:00.000Z",
        AnchorStatus.FUZZY,
    )


def test_add_annotation_validates(store: Store, doc_id: str) -> None:
    with pytest.raises(ValueError, match="unknown colour"):
        store.add_annotation(doc_id, anchor(), "magenta")
    with pytest.raises(KeyError):
        store.add_annotation("nope", anchor(), "yellow")
    with pytest.raises(ValueError):
        store.add_annotation(doc_id, anchor(), "yellow", status="lost")
    assert store.annotations() == []


def test_annotations_filters_and_reading_order(store: Store) -> None:
    zeta = store.upsert_document(make_doc("/z.md", "Zeta")).doc_id
    alpha = store.upsert_document(make_doc("/a.md", "alpha")).doc_id
    z1 = store.add_annotation(zeta, anchor(10, 12), "red", tags=["x"])
    a2 = store.add_annotation(alpha, anchor(50, 55), "yellow")
    a1 = store.add_annotation(alpha, anchor(5, 9), "red", status=AnchorStatus.ORPHANED)
    assert [a.id for a in store.annotations()] == [a1.id, a2.id, z1.id]
    assert [a.id for a in store.annotations(doc_id=alpha)] == [a1.id, a2.id]
    assert [a.id for a in store.annotations(color="red")] == [a1.id, z1.id]
    assert [a.id for a in store.annotations(tag="X")] == [z1.id]
    assert [a.id for a in store.annotations(status="orphaned")] == [a1.id]
    assert [a.id for a in store.annotations(status=AnchorStatus.ANCHORED, color="red")] == [z1.id]
    assert store.annotations(doc_id=alpha, tag="x") == []


def test_annotations_since_gives_only_new_ones(store: Store, doc_id: str) -> None:
    old = store.add_annotation(doc_id, anchor(), "yellow", created="2020-01-01T00:00:00.000Z")
    stamp = store.set_last_export("doc:" + doc_id)
    assert store.last_export("doc:" + doc_id) == stamp
    time.sleep(0.002)
    new = store.add_annotation(doc_id, anchor(), "yellow")
    assert [a.id for a in store.annotations(since=stamp)] == [new.id]
    time.sleep(0.002)
    store.update_annotation(old.id, note="changed")
    assert [a.id for a in store.annotations(since=stamp)] == [old.id, new.id]


def test_update_annotation(store: Store, doc_id: str) -> None:
    made = store.add_annotation(doc_id, anchor(), "yellow", note="n", tags=["a"])
    time.sleep(0.002)
    updated = store.update_annotation(made.id, color="purple")
    assert (updated.color, updated.note, updated.tags) == ("purple", "n", ("a",))
    assert updated.updated > made.updated and updated.created == made.created
    updated = store.update_annotation(made.id, note="", tags=["b", "c"])
    assert (updated.note, updated.tags) == ("", ("b", "c"))
    assert store.tags() == [("b", 1), ("c", 1), ("china", 1)]  # "a" is gone with its last use
    with pytest.raises(ValueError):
        store.update_annotation(made.id, color="black")
    with pytest.raises(KeyError):
        store.update_annotation(999, note="x")


def test_set_anchor_reanchors_without_touching_updated(store: Store, doc_id: str) -> None:
    made = store.add_annotation(doc_id, anchor(), "yellow")
    moved = Anchor("Some", "New text. ", " words", 10, 14, "h2")
    again = store.set_anchor(made.id, moved, AnchorStatus.MOVED)
    assert (again.anchor, again.status, again.updated) == (moved, AnchorStatus.MOVED, made.updated)
    with pytest.raises(KeyError):
        store.set_anchor(999, moved, "moved")


def test_delete_and_restore_keep_id_and_uuid(store: Store, doc_id: str) -> None:
    first = store.add_annotation(doc_id, anchor(), "yellow")
    last = store.add_annotation(doc_id, anchor(), "red", note="undo me", tags=["t"])
    deleted = store.delete_annotation(last.id)
    assert deleted == last and store.annotation(last.id) is None and store.tags() == [("china", 1)]
    newer = store.add_annotation(doc_id, anchor(), "blue")
    assert newer.id > last.id, "ids of deleted annotations are never reused"
    restored = store.restore_annotation(deleted)
    assert restored == last
    assert store.restore_annotation(deleted) == last  # twice is harmless
    assert [a.id for a in store.annotations()] == [first.id, last.id, newer.id]
    with pytest.raises(KeyError):
        store.delete_annotation(999)


def test_restore_refuses_a_taken_uuid(store: Store, doc_id: str) -> None:
    made = store.add_annotation(doc_id, anchor(), "yellow", uuid="shared")
    store.delete_annotation(made.id)
    store.add_annotation(doc_id, anchor(), "yellow", uuid="shared")
    with pytest.raises(ValueError, match="in use"):
        store.restore_annotation(made)


# ---------------------------------------------------------------------------
# Preferences
# ---------------------------------------------------------------------------


def test_reading_positions(store: Store, doc_id: str) -> None:
    assert store.reading_position(doc_id) is None
    store.set_reading_position(doc_id, 120)
    store.set_reading_position(doc_id, 130)
    assert store.reading_position(doc_id) == 130
    with pytest.raises(KeyError):
        store.set_reading_position("nope", 1)


def test_color_meanings(store: Store) -> None:
    assert list(store.color_meanings()) == [
        "yellow",
        "green",
        "blue",
        "pink",
        "purple",
        "red",
        "orange",
    ]
    store.set_color_meaning("red", "  Contested ")
    assert store.color_meanings()["red"] == "Contested"
    with pytest.raises(ValueError):
        store.set_color_meaning("black", "x")


def test_saved_searches(store: Store) -> None:
    store.save_search("chips", "semiconductor*")
    store.save_search("China", "tag:china")
    store.save_search("chips", "tag:chips")
    assert store.saved_searches() == [("China", "tag:china"), ("chips", "tag:chips")]
    store.delete_saved_search("chips")
    assert store.saved_searches() == [("China", "tag:china")]
    with pytest.raises(ValueError):
        store.save_search(" ", "x")


def test_export_history_and_settings(store: Store) -> None:
    assert store.last_export("all") is None
    store.set_last_export("all", "2025-01-01T00:00:00.000Z")
    store.set_last_export("tag:china")
    assert store.export_history()["all"] == "2025-01-01T00:00:00.000Z"
    assert set(store.export_history()) == {"all", "tag:china"}
    assert store.setting("font", "Serif") == "Serif"
    store.set_setting("font", "Sans")
    assert store.setting("font") == "Sans" and store.settings() == {"font": "Sans"}
    store.set_setting("font", None)
    assert store.setting("font") is None


# ---------------------------------------------------------------------------
# Backups
# ---------------------------------------------------------------------------


def test_backups_rotate(store: Store, tmp_path: Path) -> None:
    backups = tmp_path / "backups"
    assert list_backups(backups) == []
    made = [store.backup(backups, keep=3) for _ in range(5)]
    assert list_backups(backups) == made[-3:] == store.list_backups(backups)
    assert not list(backups.glob("*.part"))
    with pytest.raises(ValueError):
        store.backup(backups, keep=0)


def test_restore_backup_brings_back_the_data_and_keeps_the_current_db(
    db_path: Path, tmp_path: Path
) -> None:
    db_path.parent.mkdir(parents=True)
    backups = tmp_path / "backups"
    with Store(db_path) as store:
        doc = store.upsert_document(make_doc("/a.md")).doc_id
        kept = store.add_annotation(doc, anchor(), "yellow", note="before the backup")
        backup = store.backup(backups)
        store.add_annotation(doc, anchor(), "red", note="after the backup")
        store.delete_annotation(kept.id)
    aside = restore_backup(backup, db_path)
    with Store(db_path) as store:
        assert [a.note for a in store.annotations()] == ["before the backup"]
        assert store.integrity_check()
    assert aside is not None and aside.exists()
    with Store(aside) as previous:
        assert [a.note for a in previous.annotations()] == ["after the backup"]


@pytest.mark.parametrize("damage", ["garbage", "truncated", "foreign", "newer"])
def test_a_bad_backup_is_refused_and_the_db_left_alone(
    db_path: Path, tmp_path: Path, damage: str
) -> None:
    db_path.parent.mkdir(parents=True)
    with Store(db_path) as store:
        store.add_folder("/lib")
        good = store.backup(tmp_path / "backups")
    bad = tmp_path / "bad.sqlite3"
    if damage == "garbage":
        bad.write_bytes(b"\x00garbage" * 1000)
    elif damage == "truncated":
        bad.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    elif damage == "foreign":
        conn = sqlite3.connect(bad)
        conn.execute("CREATE TABLE x (y)")
        conn.close()
    else:
        bad.write_bytes(good.read_bytes())
        conn = sqlite3.connect(bad)
        conn.execute("PRAGMA user_version = 9")
        conn.close()
    with pytest.raises(StoreError):
        restore_backup(bad, db_path)
    with pytest.raises(StoreError, match="no such backup"):
        restore_backup(tmp_path / "missing.sqlite3", db_path)
    with Store(db_path) as store:
        assert store.folders() == ["/lib"]
    assert not list(db_path.parent.glob("*.restoring*"))
    assert not list(db_path.parent.glob("*before-restore*"))


def test_corrupted_pages_fail_the_integrity_check(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    with Store(path) as store:
        doc = store.upsert_document(make_doc("/a.md")).doc_id
        with store.transaction():
            for i in range(300):
                store.add_annotation(doc, anchor(), "yellow", note=f"note {i} " * 20)
        backup = store.backup(tmp_path / "backups")
    data = bytearray(backup.read_bytes())
    for offset in range(4096 * 3, len(data) - 4096, 4096):  # scribble over page headers
        data[offset : offset + 16] = b"\xff" * 16
    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(bytes(data))
    with pytest.raises(StoreError, match="damaged"):
        restore_backup(damaged, path)


# ---------------------------------------------------------------------------
# Two processes, durability
# ---------------------------------------------------------------------------

WRITER = """
import sys
from briefreader.core.models import Anchor
from briefreader.core.store import Store
store = Store(sys.argv[1])
doc_id = sys.argv[2]
print("ready", flush=True)
sys.stdin.readline()
for i in range(150):
    store.add_annotation(doc_id, Anchor("Some", "", "", 0, 4, "h"), "blue", note=f"child {i}")
    if i % 10 == 0:
        store.annotations(doc_id=doc_id)
store.close()
print("done", flush=True)
"""


@pytest.mark.slow
def test_two_processes_write_the_same_database(db_path: Path, store: Store, doc_id: str) -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db_path), doc_id],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    try:
        assert child.stdout is not None and child.stdin is not None
        assert child.stdout.readline().strip() == "ready"
        child.stdin.write("go\n")
        child.stdin.flush()
        for i in range(150):
            store.add_annotation(doc_id, anchor(), "yellow", note=f"parent {i}")
            assert len(store.annotations(doc_id=doc_id)) >= i + 1
        out, err = child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == 0, err
    assert out.strip() == "done"
    notes = [a.note for a in store.annotations()]
    assert sorted(n for n in notes if n.startswith("parent")) == sorted(
        f"parent {i}" for i in range(150)
    )
    assert len([n for n in notes if n.startswith("child")]) == 150
    assert store.integrity_check()


def test_a_write_is_durable_when_the_method_returns(db_path: Path, store: Store) -> None:
    doc_id = store.upsert_document(make_doc("/a.md", "Durable")).doc_id
    store.add_annotation(doc_id, anchor(), "orange", note="written")
    reader = run_python(
        f"""
        from briefreader.core.store import Store
        with Store({str(db_path)!r}) as store:
            print(store.document({doc_id!r}).title, store.annotations()[0].note)
        """
    )
    assert reader.returncode == 0, reader.stderr
    assert reader.stdout.split() == ["Durable", "written"]


def test_a_process_killed_after_a_write_loses_nothing(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    crash = run_python(
        f"""
        import os
        from briefreader.core.models import Anchor
        from briefreader.core.store import Store
        from briefreader.core.models import Document
        store = Store({str(db_path)!r})
        doc = Document("/a.md", "text", "Crash test", "x", (), "h", 1, 1.0)
        doc_id = store.upsert_document(doc).doc_id
        store.add_annotation(doc_id, Anchor("x", "", "", 0, 1, "h"), "pink", note="survives")
        os._exit(9)  # no close, no checkpoint
        """
    )
    assert crash.returncode == 9, crash.stderr
    with Store(db_path) as store:
        assert [a.note for a in store.annotations()] == ["survives"]
        assert store.integrity_check()


# ---------------------------------------------------------------------------
# Original anchors, confirmations, candidates, kept versions (schema 4)
# ---------------------------------------------------------------------------


def test_set_anchor_never_changes_the_original(store: Store, doc_id: str) -> None:
    first = anchor()
    made = store.add_annotation(doc_id, first, "yellow")
    assert made.original == first and made.confirmed == "" and made.candidates == ()
    later = Anchor("Some words", "", " here.", 0, 10, "h2")
    places = (Candidate(0, 4, 0.9, "h2"), Candidate(5, 9, 0.88, "h2"))
    moved = store.set_anchor(made.id, later, AnchorStatus.AMBIGUOUS, places)
    assert (moved.anchor, moved.original, moved.candidates) == (later, first, places)
    confirmed = store.confirm_anchor(made.id, later)
    assert confirmed.status is AnchorStatus.ANCHORED and confirmed.confirmed
    assert confirmed.original == first and confirmed.candidates == ()
    assert confirmed.updated == made.updated  # a place decided is not an edit of the note


def test_an_import_keeps_what_the_annotation_carries(store: Store, doc_id: str) -> None:
    first = anchor(content_hash="old")
    places = (Candidate(0, 4, 1.0, "h"),)
    made = store.add_annotation(
        doc_id, anchor(), "red", uuid="u-1", created="2024-01-01T00:00:00Z",
        status=AnchorStatus.AMBIGUOUS, original=first, updated="2024-02-01T00:00:00Z",
        confirmed="2024-01-15T00:00:00Z", candidates=places,
    )  # fmt: skip
    assert (made.original, made.updated, made.confirmed, made.candidates) == (
        first, "2024-02-01T00:00:00Z", "2024-01-15T00:00:00Z", places
    )  # fmt: skip
    store.delete_annotation(made.id)
    assert store.restore_annotation(made) == made


def test_versions_are_kept_once_with_their_placements_and_bounded(
    store: Store, doc_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from briefreader.core.store import versions

    made = store.add_annotation(doc_id, anchor(content_hash="v0"), "yellow")
    store.keep_version(doc_id, "v0", "Some words here.", [(made.id, made.anchor)])
    store.keep_version(doc_id, "v0", "ignored: already kept", [])
    assert store.version_text(doc_id, "v0") == "Some words here."
    assert store.placements(doc_id, "v0") == {made.id: (0, 4)}
    monkeypatch.setattr(versions, "VERSIONS_KEPT", 3)
    for n in range(1, 6):
        store.keep_version(doc_id, f"v{n}", f"Version {n}.", [])
    kept = [v.content_hash for v in store.versions(doc_id)]
    assert kept == ["v0", "v3", "v4", "v5"]  # the newest 3, and the one it was made on
    assert store.versions(doc_id)[0].annotation_ids == (made.id,)
    monkeypatch.setattr(versions, "VERSION_BYTES_KEPT", 1)
    store.keep_version(doc_id, "v6", "Version 6.", [])
    assert [v.content_hash for v in store.versions(doc_id)] == ["v6"]  # the newest stays
    assert store.placements(doc_id, "v0") == {}  # gone with its version
    store.forget_versions(doc_id)
    assert store.versions(doc_id) == [] and store.version_text(doc_id, "v6") is None
