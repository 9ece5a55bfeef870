"""Notes on whole documents are searchable like annotation notes: ``note:`` and plain
words find them, hits say it is the document's note, and every change shows at once."""

from __future__ import annotations

import shutil
from pathlib import Path

from briefreader.core.library import Library
from briefreader.core.models import KIND_DOCUMENT_NOTE, SearchRequest


def note_hits(library: Library, query: str) -> list[tuple[str, str]]:
    return [
        (h.title, h.snippet.text if h.snippet else "")
        for h in library.search(query).hits
        if h.kind == KIND_DOCUMENT_NOTE
    ]


def test_a_document_note_is_found_by_note_and_by_plain_words(
    indexed: Library, library_dir: Path
) -> None:
    doc_id = indexed.record_for_path(library_dir / "talks.txt").doc_id
    indexed.set_document_note(doc_id, "Ask the **antimony** desk before Monday")
    title = indexed.record(doc_id).title
    for query in ("antimony", "note:antimony", "notes:antimony AND monday"):
        assert note_hits(indexed, query) == [(title, "Ask the **antimony** desk before Monday")]
    hit = next(h for h in indexed.search("antimony").hits)
    assert hit.snippet is not None and hit.snippet.offset == 0  # offsets in the note
    marked = hit.snippet.text[hit.snippet.marks[0][0] : hit.snippet.marks[0][1]]
    assert marked == "antimony"
    assert not indexed.search(SearchRequest("antimony", include_annotations=False)).hits
    assert note_hits(indexed, "title:antimony") == []  # the note is not the title


def test_a_changed_or_cleared_note_is_searchable_at_once(
    indexed: Library, library_dir: Path
) -> None:
    doc_id = indexed.record_for_path(library_dir / "chips.md").doc_id
    indexed.set_document_note(doc_id, "first thoughts on cobalt")
    assert note_hits(indexed, "cobalt")
    indexed.set_document_note(doc_id, "second thoughts on nickel")
    assert not note_hits(indexed, "cobalt") and note_hits(indexed, "nickel")
    indexed.tag_document(doc_id, "metals")  # the note entry carries the document's tags
    assert note_hits(indexed, "nickel AND tag:metals")
    indexed.set_document_note(doc_id, "")
    assert not note_hits(indexed, "nickel")


def test_notes_survive_a_rebuilt_index_and_a_deleted_file(
    data_dir: Path, library_dir: Path
) -> None:
    with Library.open(data_dir) as library:
        library.add_folders([library_dir])
        library.index()
        doc_id = library.record_for_path(library_dir / "talks.txt").doc_id
        library.annotate_quote(doc_id, "working group")
        library.set_document_note(doc_id, "tungsten talks")
    shutil.rmtree(data_dir / "index")
    with Library.open(data_dir) as library:
        library.index()
        assert note_hits(library, "tungsten")
        (library_dir / "talks.txt").unlink()
        library.index()
        assert library.record(doc_id).missing
        assert note_hits(library, "tungsten"), "a missing document's note stays searchable"
    shutil.rmtree(data_dir / "index")
    with Library.open(data_dir) as library:
        library.index()
        assert note_hits(library, "tungsten")
