"""The Library facade: incremental indexing, recovery, search, annotations, tags."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from briefreader.core.errors import LibraryError
from briefreader.core.library import Library
from briefreader.core.models import AnchorStatus, SearchRequest
from briefreader.core.search import index as index_module
from briefreader.core.search.index import SearchIndex
from briefreader.core.search.index_writer import IndexWriter
from briefreader.core.sync import index_sync
from briefreader.core.sync import run as run_module

# talks.txt: its first line is a headline set apart by a blank line, so it is the title.
TALKS = "Commerce ministers' talks, August 2023"


def titles(library: Library, query: str, **kw: object) -> list[str]:
    results = library.search(SearchRequest(text=query, include_annotations=False, **kw))
    return [hit.title for hit in results.hits]


def bump_mtime(path: Path) -> None:
    stat = path.stat()
    os.utime(path, (stat.st_atime, stat.st_mtime + 10))


def test_first_index_reports_added_and_skipped(library: Library, library_dir: Path) -> None:
    library.add_folders([library_dir])
    report = library.index()
    assert report.added == 5
    assert [Path(p.path).name for p in report.skipped] == ["broken.md"]
    assert report.skipped[0].reason
    assert {r.title for r in library.documents()} >= {
        "Export controls on advanced chips",
        "Connected vehicles rule",
        "Unusual and extraordinary threat",
        "出口管制法摘要",
    }


def test_rescan_skips_unchanged_files(indexed: Library) -> None:
    report = indexed.index()
    assert (report.added, report.updated, report.unchanged) == (0, 0, 5)


def test_touched_but_identical_file_is_unchanged(indexed: Library, library_dir: Path) -> None:
    bump_mtime(library_dir / "chips.md")
    report = indexed.index()
    assert (report.updated, report.unchanged) == (0, 5)


def test_changed_file_is_updated_and_searchable(indexed: Library, library_dir: Path) -> None:
    path = library_dir / "chips.md"
    doc_id = indexed.record_for_path(path).doc_id
    path.write_text(path.read_text().replace("high-bandwidth memory", "lithography scanners"))
    bump_mtime(path)
    report = indexed.index()
    assert report.updated == 1
    assert indexed.record_for_path(path).doc_id == doc_id
    assert titles(indexed, "lithography") == ["Export controls on advanced chips"]
    assert titles(indexed, '"high-bandwidth memory"') == []


def test_deleted_file_is_removed(indexed: Library, library_dir: Path) -> None:
    (library_dir / "talks.txt").unlink()
    report = indexed.index()
    assert report.removed == 1
    assert titles(indexed, "working group") == []
    assert indexed.record_for_path(library_dir / "talks.txt") is None


def test_moved_file_keeps_identity_and_annotations(indexed: Library, library_dir: Path) -> None:
    old = library_dir / "sub" / "vehicles.md"
    record = indexed.record_for_path(old)
    annotation = indexed.annotate_quote(record.doc_id, "automated driving systems", note="scope")
    new = library_dir / "moved-vehicles.md"
    shutil.move(old, new)
    report = indexed.index()
    assert (report.moved, report.removed, report.added) == (1, 0, 0)
    assert indexed.record_for_path(new).doc_id == record.doc_id
    kept = indexed.annotation(annotation.id)
    assert kept.status is AnchorStatus.ANCHORED and kept.note == "scope"
    hits = indexed.search('"connected vehicles"').hits
    assert any(h.path == str(new.resolve()) for h in hits)


def test_deleted_file_with_annotations_is_kept_as_missing(
    indexed: Library, library_dir: Path
) -> None:
    path = library_dir / "talks.txt"
    doc_id = indexed.record_for_path(path).doc_id
    annotation = indexed.annotate_quote(doc_id, "working group", note="who chairs it?")
    path.unlink()
    indexed.index()
    assert indexed.annotation(annotation.id).status is AnchorStatus.ORPHANED
    missing = [r for r in indexed.documents(include_missing=True) if r.missing]
    assert [r.doc_id for r in missing] == [doc_id]
    assert indexed.search("note:chairs").hits, "an orphan's note stays searchable"


def test_index_rebuilt_when_deleted_and_annotations_survive(
    data_dir: Path, library_dir: Path
) -> None:
    with Library.open(data_dir) as library:
        library.add_folders([library_dir])
        library.index()
        doc_id = library.record_for_path(library_dir / "chips.md").doc_id
        library.annotate_quote(doc_id, "Entity List", color="red", note="140 entities")
    shutil.rmtree(data_dir / "index")
    with Library.open(data_dir) as library:
        report = library.index()
        assert report.unchanged == 5
        assert titles(library, "semiconductors") == ["Export controls on advanced chips"]
        assert [a.note for a in library.annotations()] == ["140 entities"]
        assert library.search("note:entities").hits


def test_corrupt_index_is_rebuilt_with_a_message(data_dir: Path, library_dir: Path) -> None:
    with Library.open(data_dir) as library:
        library.add_folders([library_dir])
        library.index()
    for file in (data_dir / "index").iterdir():
        if file.is_file():
            file.write_bytes(b"garbage")
    with Library.open(data_dir) as library:
        assert library.startup_messages
        library.index()
        assert titles(library, "vehicles") == ["Connected vehicles rule"]


def test_search_features_through_the_facade(indexed: Library) -> None:
    assert titles(indexed, "vehicle") == ["Connected vehicles rule"]
    assert titles(indexed, '"foreign direct product rule"') == ["Export controls on advanced chips"]
    assert titles(indexed, "tag:semiconductors") == ["Export controls on advanced chips"]
    assert titles(indexed, "§ 1701") == ["Unusual and extraordinary threat"]
    assert titles(indexed, "出口管制") == ["出口管制法摘要"]
    assert titles(indexed, "working AND exchange") == [TALKS]
    by_date = titles(indexed, "commerce OR semiconductors", sort="date")
    assert by_date[0] == "Connected vehicles rule"


def test_search_snippet_marks_the_match(indexed: Library) -> None:
    hit = indexed.search(SearchRequest(text="lithography OR Entity")).hits[0]
    text = indexed.document(hit.doc_id).text
    start, end = hit.snippet.marks[0]
    assert text[hit.snippet.offset + start : hit.snippet.offset + end].lower() in {
        "entity",
        "entities",
    }


def test_annotate_quote_and_search_notes(indexed: Library, library_dir: Path) -> None:
    doc_id = indexed.record_for_path(library_dir / "chips.md").doc_id
    annotation = indexed.annotate_quote(
        doc_id, "Entity List", color="red", note="Check **sanctions** overlap", tags=["disputed"]
    )
    text = indexed.document(doc_id).text
    assert text[annotation.anchor.start : annotation.anchor.end] == "Entity List"
    for query in ("note:sanctions", "tag:disputed", "color:red", "has:note"):
        hits = indexed.search(query).hits
        assert [h.annotation_id for h in hits if h.kind == "annotation"] == [annotation.id], query


def test_annotate_quote_not_found_is_a_clear_error(indexed: Library, library_dir: Path) -> None:
    doc_id = indexed.record_for_path(library_dir / "chips.md").doc_id
    with pytest.raises(LibraryError, match="is not in"):
        indexed.annotate_quote(doc_id, "no such words here")
    with pytest.raises(LibraryError, match="only 1"):
        indexed.annotate_quote(doc_id, "Entity List", occurrence=2)


def test_update_delete_restore_annotation(indexed: Library, library_dir: Path) -> None:
    doc_id = indexed.record_for_path(library_dir / "chips.md").doc_id
    annotation = indexed.annotate_quote(doc_id, "Entity List")
    updated = indexed.update_annotation(annotation.id, color="green", note="n", tags=["a", "b"])
    assert (updated.color, updated.note, updated.tags) == ("green", "n", ("a", "b"))
    deleted = indexed.delete_annotation(annotation.id)
    assert indexed.annotation(annotation.id) is None
    assert not indexed.search("tag:a").hits
    restored = indexed.restore_annotation(deleted)
    assert (restored.id, restored.uuid) == (annotation.id, annotation.uuid)
    assert indexed.search("tag:a").hits


def test_edits_reanchor_annotations(indexed: Library, library_dir: Path) -> None:
    path = library_dir / "chips.md"
    doc_id = indexed.record_for_path(path).doc_id
    kept = indexed.annotate_quote(doc_id, "expands the foreign direct product rule")
    fuzzy = indexed.annotate_quote(
        doc_id, "Controls on semiconductor manufacturing equipment now cover high-bandwidth memory"
    )
    gone = indexed.annotate_quote(doc_id, "tightened controls on advanced computing semiconductors")
    body = path.read_text()
    intro = "# Export controls\n\nNew intro.\n"
    body = body.replace("# Export controls on advanced chips\n", intro)
    body = body.replace("now cover high-bandwidth memory", "now also cover high-bandwidth memory")
    body = body.replace(
        "The Bureau of Industry and Security tightened controls on advanced computing "
        "semiconductors.\n",
        "",
    )
    path.write_text(body)
    bump_mtime(path)
    report = indexed.index()
    assert report.updated == 1
    text = indexed.document(doc_id).text
    moved = indexed.annotation(kept.id)
    assert moved.status is AnchorStatus.MOVED
    assert text[moved.anchor.start : moved.anchor.end] == kept.anchor.exact
    assert indexed.annotation(fuzzy.id).status is AnchorStatus.FUZZY
    assert indexed.annotation(gone.id).status is AnchorStatus.ORPHANED
    assert indexed.annotation(gone.id).anchor.exact == gone.anchor.exact
    assert sum(report.reanchored.values()) == 3


def test_reattach_orphan(indexed: Library, library_dir: Path) -> None:
    path = library_dir / "talks.txt"
    doc_id = indexed.record_for_path(path).doc_id
    annotation = indexed.annotate_quote(doc_id, "export control information exchange")
    path.write_bytes(b"Commerce ministers met again.\r\nNothing else was agreed.\r\n")
    bump_mtime(path)
    indexed.index()
    assert indexed.annotation(annotation.id).status is AnchorStatus.ORPHANED
    text = indexed.document(doc_id).text
    start = text.index("Nothing")
    again = indexed.reattach_annotation(annotation.id, start, start + 7)
    assert again.status is AnchorStatus.ANCHORED and again.anchor.exact == "Nothing"


def test_document_tags_notes_and_rename(indexed: Library, library_dir: Path) -> None:
    doc_id = indexed.record_for_path(library_dir / "talks.txt").doc_id
    indexed.tag_document(doc_id, "trade-talks", "commerce")
    assert titles(indexed, "tag:trade-talks") == [TALKS]
    indexed.untag_document(doc_id, "commerce")
    assert titles(indexed, "tag:commerce") == []
    indexed.set_document_note(doc_id, "Follow up in *September*")
    assert indexed.record(doc_id).note == "Follow up in *September*"
    chips = indexed.record_for_path(library_dir / "chips.md").doc_id
    indexed.annotate_quote(chips, "Entity List", tags=["trade-talks"])
    indexed.rename_tag("trade-talks", "dialogue")
    assert "dialogue" in indexed.record(doc_id).tags
    assert indexed.annotations(tag="dialogue")
    assert titles(indexed, "tag:dialogue") == [TALKS]


def test_add_missing_folder_is_a_clear_error(library: Library, tmp_path: Path) -> None:
    with pytest.raises(LibraryError, match="no such folder"):
        library.add_folders([tmp_path / "nope"])


def test_unwritable_data_dir_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(LibraryError, match="data dir"):
        Library.open(blocker / "data")


def test_cancel_stops_indexing_and_keeps_what_was_done(library: Library, library_dir: Path) -> None:
    library.add_folders([library_dir])
    seen: list[int] = []
    report = library.index(
        progress=lambda done, total, path: seen.append(done), cancel=lambda: len(seen) > 2
    )
    assert report.cancelled
    assert library.index().added + report.added == 5


def test_reading_position_and_backups(indexed: Library, library_dir: Path) -> None:
    doc_id = indexed.record_for_path(library_dir / "chips.md").doc_id
    indexed.set_reading_position(doc_id, 42)
    assert indexed.reading_position(doc_id) == 42
    assert indexed.backups(), "a backup is made at start-up"


def test_annotating_during_an_index_run_neither_waits_nor_loses_the_entry(
    indexed: Library, library_dir: Path
) -> None:
    doc_id = indexed.record_for_path(library_dir / "chips.md").doc_id
    for name in ("a", "b", "c"):
        (library_dir / f"{name}.md").write_text(f"# Extra {name}\n\nMore text.\n")
    made = []

    def annotate_midway(done: int, total: int, path: str) -> None:
        if done == 1 and not made:
            made.append(indexed.annotate_quote(doc_id, "Entity List", note="midway remark"))

    report = indexed.index(progress=annotate_midway)
    assert report.added == 3 and made
    assert [h.annotation_id for h in indexed.search("note:midway").hits] == [made[0].id]


def test_a_second_index_run_at_once_is_refused(indexed: Library) -> None:
    refused: list[str] = []

    def second_run(done: int, total: int, path: str) -> None:
        if not refused:
            with pytest.raises(LibraryError, match="already being indexed") as caught:
                indexed.index()
            refused.append(str(caught.value))

    indexed.index(progress=second_run)
    assert refused


# ---------------------------------------------------------------------- index changes that wait


@contextmanager
def held_index_lock(data_dir: Path) -> Iterator[None]:
    """The search index's write lock held, as by another BriefReader's index run."""
    index = SearchIndex(data_dir / "index", text_for=lambda _doc_id: None)
    index.open()
    try:
        with index.writer():
            yield
    finally:
        index.close()


def passage_hits(library: Library, query: str) -> set[int]:
    results = library.search(SearchRequest(text=query, page_size=100))
    return {hit.annotation_id for hit in results.hits if hit.annotation_id is not None}


def test_a_change_never_waits_for_another_process_holding_the_index(
    indexed: Library, library_dir: Path, data_dir: Path
) -> None:
    """The CLI's index run holds Whoosh's write lock: annotating in the window neither
    waits for it nor loses the entry, which is searchable once the lock is free."""
    doc_id = indexed.record_for_path(library_dir / "chips.md").doc_id
    with Library.open(data_dir) as other:
        with held_index_lock(data_dir):  # as by a run in another process
            started = time.monotonic()
            made = indexed.annotate_quote(doc_id, "Entity List", tags=["heldlock"])
            assert time.monotonic() - started < index_module.LOCK_TIMEOUT_S / 2
            assert indexed.annotation(made.id) is not None  # saved at once
            assert passage_hits(indexed, "tag:heldlock") == set()  # search does not wait
        assert passage_hits(indexed, "tag:heldlock") == {made.id}  # the next search applies it
        assert passage_hits(other, "tag:heldlock") == {made.id}


def test_changes_pending_at_close_are_indexed_by_the_next_library(
    indexed: Library, library_dir: Path, data_dir: Path
) -> None:
    doc_id = indexed.record_for_path(library_dir / "chips.md").doc_id
    kept = indexed.annotate_quote(doc_id, "Entity List", note="first words")
    gone = indexed.annotate_quote(doc_id, "high-bandwidth memory", tags=["doomed"])
    assert passage_hits(indexed, "note:first OR tag:doomed") == {kept.id, gone.id}
    with Library.open(data_dir):  # another Library open meanwhile adopts nothing
        with held_index_lock(data_dir):
            added = indexed.annotate_quote(
                doc_id, "foreign direct product rule", tags=["latecomer"]
            )
            indexed.update_annotation(kept.id, note="second thoughts")
            indexed.delete_annotation(gone.id)
            indexed.tag_document(doc_id, "doctagged")
            indexed.close()  # the index is still locked: the changes wait in a journal
        assert list((data_dir / "journal").glob("pending-closed-*.json"))
    with Library.open(data_dir) as reopened:
        assert passage_hits(reopened, "tag:latecomer") == {added.id}
        assert passage_hits(reopened, "note:second") == {kept.id}
        assert passage_hits(reopened, "note:first OR tag:doomed") == set()
        assert titles(reopened, "tag:doctagged") == ["Export controls on advanced chips"]
    assert not list((data_dir / "journal").glob("pending-*.json"))


def test_a_burst_of_changes_commits_together_and_search_sees_it_all(
    indexed: Library, library_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    commits: list[bool] = []
    commit = IndexWriter._commit
    monkeypatch.setattr(
        IndexWriter, "_commit", lambda w, final: (commits.append(final), commit(w, final))
    )
    monkeypatch.setattr(index_sync, "BATCH_WINDOW_S", 3600.0)
    doc_id = indexed.record_for_path(library_dir / "chips.md").doc_id
    made = [
        indexed.annotate_quote(doc_id, "Entity List", tags=[f"burst{i}", "burst"])
        for i in range(20)
    ]
    assert len(commits) == 1  # the first change, at once
    assert passage_hits(indexed, "tag:burst") == {a.id for a in made}
    assert len(commits) == 2  # the other 19 together, when the search needed them
    indexed.delete_annotation(made[0].id)
    indexed.update_annotation(made[1].id, tags=["moved"])
    assert passage_hits(indexed, "tag:burst") == {a.id for a in made[2:]}
    assert passage_hits(indexed, "tag:moved") == {made[1].id}
    assert len(commits) == 3


def test_changes_during_a_failed_index_run_are_not_lost(
    indexed: Library, library_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc_id = indexed.record_for_path(library_dir / "chips.md").doc_id
    for name in ("a", "b", "c"):
        (library_dir / f"{name}.md").write_text(f"# Extra {name}\n\nMore text.\n")
    monkeypatch.setattr(run_module, "BATCH_SIZE", 1)  # each file is a batch of its own
    made = []

    def annotate_then_fail(done: int, total: int, path: str) -> None:
        if done == 1:
            made.append(indexed.annotate_quote(doc_id, "Entity List", tags=["duringrun"]))
        elif done == 2:  # the second batch took the change; the run's writer is cancelled
            raise RuntimeError("the run failed")

    with pytest.raises(RuntimeError):
        indexed.index(progress=annotate_then_fail)
    assert passage_hits(indexed, "tag:duringrun") == {made[0].id}


def _pdf_library(library: Library, folder: Path) -> str:
    """A two-page PDF in the library; its doc_id."""
    from pdf_builder import PdfBuilder, paragraph

    builder = PdfBuilder(info={"Title": "Five-Year Plan"})
    builder.page(
        paragraph(72, 100, ["The plan aims to reduce China’s", "reliance on foreign S&T."])
    )
    builder.page(paragraph(72, 100, ["A second page on the “dual circulation” strategy."]))
    folder.mkdir()
    (folder / "plan.pdf").write_bytes(builder.build())
    library.add_folders([folder])
    library.index()
    return library.record_for_path(folder / "plan.pdf").doc_id


def test_a_quote_matches_across_line_breaks_spaces_and_quote_marks(
    library: Library, tmp_path: Path
) -> None:
    doc_id = _pdf_library(library, tmp_path / "pdfs")
    text = library.document(doc_id).text
    wanted = text.index("reduce China’s reliance on foreign S&T")
    for quote in (
        "reduce China's reliance on foreign S&T",  # typed with a straight apostrophe
        "reduce China’s\nreliance  on foreign S&T",  # the PDF's line break, two spaces
        "  reduce China’s reliance on foreign S&T ",
    ):
        annotation = library.annotate_quote(doc_id, quote)
        assert (annotation.anchor.start, annotation.anchor.end) == (wanted, wanted + 38)
        assert annotation.anchor.exact == "reduce China’s reliance on foreign S&T"
    annotation = library.annotate_quote(doc_id, 'the "dual circulation" strategy')
    assert annotation.anchor.exact == "the “dual circulation” strategy"
    with pytest.raises(LibraryError, match="is not in"):
        library.annotate_quote(doc_id, "reduce Chinas reliance")
    with pytest.raises(LibraryError, match="is not in"):
        library.annotate_quote(doc_id, " \n ")


def test_the_page_starts_of_a_pdf_are_kept_for_exports_and_lists(
    library: Library, tmp_path: Path, data_dir: Path
) -> None:
    doc_id = _pdf_library(library, tmp_path / "pdfs")
    pages = library.document(doc_id).pages
    assert len(pages) == 2
    library.close()
    again = Library.open(data_dir)  # nothing in memory: the text cache knows them
    try:
        assert again.page_starts(doc_id, load=False) == pages
        assert again.page_starts("no such document") == ()
    finally:
        again.close()
