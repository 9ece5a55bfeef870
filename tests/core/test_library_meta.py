"""Metadata edits, works and versions, reading lists and status through the Library, on a
small CRS-like library: the markdown and PDF of IF13204 v2, the markdown of v1, a memo."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from crs_fixtures import NUMBER, write_crs_library

from briefreader.core.errors import LibraryError
from briefreader.core.export.exporting import ExportRequest, export_bytes
from briefreader.core.library import Library
from briefreader.core.models import SearchRequest


@pytest.fixture
def crs_dir(tmp_path: Path) -> Path:
    return write_crs_library(tmp_path / "crs")


@pytest.fixture
def crs(library: Library, crs_dir: Path) -> Library:
    library.add_folders([crs_dir])
    library.index()
    return library


def doc_id(library: Library, folder: Path, name: str) -> str:
    path = next(folder.rglob(name))
    return library.require_record(path).doc_id


def paths(library: Library, query: str, **kw: object) -> list[str]:
    request = SearchRequest(text=query, include_annotations=False, page_size=50, **kw)
    return sorted(Path(hit.path).name for hit in library.search(request).hits)


# -- editing ----------------------------------------------------------------------------


def test_an_edit_is_searchable_at_once_and_wins_over_the_extracted_value(
    crs: Library, crs_dir: Path
) -> None:
    memo = doc_id(crs, crs_dir, "memo.md")
    record = crs.edit_metadata(memo, title="Solar tariff negotiations", source="USTR Press Office")
    assert record.title == "Solar tariff negotiations" and record.origin("title") == "user"
    assert paths(crs, "title:negotiations") == ["memo.md"]
    assert paths(crs, "source:press") == ["memo.md"]
    assert paths(crs, "title:memo") == []  # the old title no longer matches


def test_edits_survive_reindexing_and_an_edit_of_the_file(crs: Library, crs_dir: Path) -> None:
    memo_path = crs_dir / "memo.md"
    memo = doc_id(crs, crs_dir, "memo.md")
    crs.edit_metadata(memo, date="2019-07", author="Jane Analyst")
    memo_path.write_text(memo_path.read_text() + "\nOne more line.\n", encoding="utf-8")
    stat = memo_path.stat()
    os.utime(memo_path, (stat.st_atime, stat.st_mtime + 10))
    assert crs.index().updated == 1
    record = crs.record(memo)
    assert record is not None and (record.date, record.author) == ("2019-07", "Jane Analyst")
    assert paths(crs, "date:2019") == ["memo.md"] and paths(crs, "author:jane") == ["memo.md"]


def test_an_empty_value_or_a_reset_shows_the_extracted_value_again(
    crs: Library, crs_dir: Path
) -> None:
    memo = doc_id(crs, crs_dir, "memo.md")
    crs.edit_metadata(memo, title="Mine", source="Mine too")
    assert crs.edit_metadata(memo, title="").title == "Trade talks memo"
    record = crs.reset_metadata(memo, "source")
    assert record.source == "Office of the USTR" and record.origin("source") == "file"
    assert crs.metadata_edits(memo) == {}


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"date": "16 April 2026"}, "YYYY, YYYY-MM or YYYY-MM-DD"),
        ({"date": "2026-02-30"}, "YYYY, YYYY-MM or YYYY-MM-DD"),
        ({"url": "ftp://example.org/x"}, "http:// or https://"),
        ({"url": "javascript:alert(1)"}, "http:// or https://"),
        ({"version": "second"}, "a version is a number"),
        ({"title": "x" * 501}, "too long"),
    ],
)
def test_bad_values_are_one_clear_error(
    crs: Library, crs_dir: Path, fields: dict[str, str], message: str
) -> None:
    with pytest.raises(LibraryError, match=message):
        crs.edit_metadata(doc_id(crs, crs_dir, "memo.md"), **fields)


def test_accepted_values_are_normalised(crs: Library, crs_dir: Path) -> None:
    memo = doc_id(crs, crs_dir, "memo.md")
    record = crs.edit_metadata(memo, date="2024", version="v3", title="  Two   spaces ")
    assert (record.date, record.version, record.title) == ("2024", "3", "Two spaces")
    with pytest.raises(LibraryError, match="unknown field"):
        crs.reset_metadata(memo, "path")


# -- works ------------------------------------------------------------------------------


def test_the_markdown_and_pdf_of_a_report_and_its_versions_are_one_work(crs: Library) -> None:
    works = crs.works()
    assert len(works) == 2  # IF13204 (3 documents) and the memo
    report = next(w for w in works if w.work_id == f"report:{NUMBER}")
    described = [(Path(m.path).name, m.format, m.version) for m in report.members]
    assert described == [
        ("IF13204v2-china-s-15th-five-year-plan.md", "markdown", "2"),  # default: markdown
        ("IF13204.2.pdf", "pdf", "2"),
        ("IF13204v1-china-s-15th-five-year-plan.md", "markdown", "1"),
    ]
    crs.set_preferred_format("pdf")
    assert Path(crs.works()[0].preferred.path).name == "IF13204.2.pdf"
    with pytest.raises(LibraryError, match="markdown or pdf"):
        crs.set_preferred_format("docx")


def test_work_members_of_any_member(crs: Library, crs_dir: Path) -> None:
    members = crs.work_members(doc_id(crs, crs_dir, "IF13204.2.pdf"))
    assert len(members) == 3 and members[0].format == "markdown"
    assert len(crs.work_members(doc_id(crs, crs_dir, "memo.md"))) == 1


def test_search_gives_one_slot_per_work_with_the_other_members(crs: Library) -> None:
    results = crs.search(SearchRequest(text="semiconductors", include_annotations=False))
    assert results.total == 1
    hit = results.hits[0]
    others = [(Path(a.path).name, a.format, a.version) for a in hit.alternates]
    assert len(others) == 2 and {Path(hit.path).name, *(o[0] for o in others)} == {
        "IF13204v2-china-s-15th-five-year-plan.md",
        "IF13204v1-china-s-15th-five-year-plan.md",
        "IF13204.2.pdf",
    }
    apart = crs.search(
        SearchRequest(text="semiconductors", include_annotations=False, collapse_works=False)
    )
    assert apart.total == 3 and all(not h.alternates for h in apart.hits)


def test_browsing_lists_the_preferred_member_and_facets_count_works(crs: Library) -> None:
    results = crs.search(SearchRequest(text="", include_annotations=False))
    assert sorted(Path(h.path).name for h in results.hits) == [
        "IF13204v2-china-s-15th-five-year-plan.md",
        "memo.md",
    ]
    assert dict(results.facets["source"])["Congressional Research Service (CRS)"] == 1


def test_report_finds_every_version_and_a_numbered_one(crs: Library) -> None:
    assert len(paths(crs, f"report:{NUMBER}", collapse_works=False)) == 3
    assert paths(crs, "report:if13204v1", collapse_works=False) == [
        "IF13204v1-china-s-15th-five-year-plan.md"
    ]
    assert paths(crs, "report:IF13204.2", collapse_works=False) == [
        "IF13204.2.pdf",
        "IF13204v2-china-s-15th-five-year-plan.md",
    ]
    assert paths(crs, "author:sutter", collapse_works=False)[0].startswith("IF13204")


def test_split_join_and_reset_a_work(crs: Library, crs_dir: Path) -> None:
    pdf = doc_id(crs, crs_dir, "IF13204.2.pdf")
    memo = doc_id(crs, crs_dir, "memo.md")
    crs.split_work(pdf)
    assert len(crs.works()) == 3
    assert len(paths(crs, "semiconductors")) == 2  # the PDF is its own slot now
    crs.join_work(memo, pdf)
    assert len(crs.work_members(memo)) == 2
    crs.reset_work(pdf)
    crs.reset_work(memo)
    assert len(crs.works()) == 2


def test_a_report_number_edit_moves_a_document_into_the_work(crs: Library, crs_dir: Path) -> None:
    memo = doc_id(crs, crs_dir, "memo.md")
    crs.edit_metadata(memo, report_number="IF13204", version="9")
    assert crs.work_members(memo)[0].doc_id == memo  # the newest version leads
    assert len(paths(crs, "tariffs OR semiconductors")) == 1


def test_annotations_stay_on_their_file_and_are_not_collapsed(crs: Library, crs_dir: Path) -> None:
    pdf = doc_id(crs, crs_dir, "IF13204.2.pdf")
    markdown = doc_id(crs, crs_dir, "IF13204v2-china-s-15th-five-year-plan.md")
    crs.annotate_quote(pdf, "extraordinary measures", note="check the PDF")
    crs.annotate_quote(markdown, "extraordinary measures", note="check the md")
    results = crs.search(SearchRequest(text="extraordinary"))
    kinds = sorted(h.kind for h in results.hits)
    assert kinds == ["annotation", "annotation", "document"]
    assert {a.doc_id for a in crs.annotations()} == {pdf, markdown}


# -- reading lists and status -----------------------------------------------------------


def test_reading_lists_are_searchable_at_once(crs: Library, crs_dir: Path) -> None:
    memo = doc_id(crs, crs_dir, "memo.md")
    pdf = doc_id(crs, crs_dir, "IF13204.2.pdf")
    crs.create_collection("China tech brief")
    crs.add_to_collection("China tech brief", [memo, pdf])
    assert paths(crs, 'in:"China tech brief"') == ["IF13204.2.pdf", "memo.md"]
    assert paths(crs, 'in:"china tech brief" tariffs') == ["memo.md"]
    crs.move_in_collection("China tech brief", pdf, 0)
    assert [r.doc_id for r in crs.collection_documents("China tech brief")] == [pdf, memo]
    crs.rename_collection("China tech brief", "Week 12")
    assert paths(crs, 'in:"China tech brief"') == [] and len(paths(crs, "in:week")) == 0
    assert len(paths(crs, 'collection:"Week 12"')) == 2
    crs.remove_from_collection("Week 12", [memo])
    assert paths(crs, 'in:"Week 12"') == ["IF13204.2.pdf"]
    crs.delete_collection("Week 12")
    assert paths(crs, 'in:"Week 12"') == []
    with pytest.raises(LibraryError, match="no reading list called 'Week 12'"):
        crs.collection("Week 12")


def test_reading_status_is_searchable_and_checked(crs: Library, crs_dir: Path) -> None:
    memo = doc_id(crs, crs_dir, "memo.md")
    assert crs.set_reading_status(memo, "to-read").reading_status == "to-read"
    assert paths(crs, "status:to-read") == ["memo.md"]
    assert paths(crs, "status:unread") == ["memo.md"]
    results = crs.search("status:skimmed")
    assert results.message and "status: takes" in results.message
    with pytest.raises(LibraryError, match="unknown reading status"):
        crs.set_reading_status(memo, "skimmed")
    crs.set_reading_status(memo, None)
    assert paths(crs, "status:to-read") == []


def test_reading_list_errors_are_one_line(crs: Library, crs_dir: Path) -> None:
    crs.create_collection("A")
    with pytest.raises(LibraryError, match="already"):
        crs.create_collection("a")
    with pytest.raises(LibraryError, match="no document"):
        crs.add_to_collection("A", ["nope"])
    with pytest.raises(LibraryError, match="not in the reading list"):
        crs.move_in_collection("A", doc_id(crs, crs_dir, "memo.md"), 0)


def test_edits_and_lists_follow_a_moved_file(crs: Library, crs_dir: Path) -> None:
    memo = doc_id(crs, crs_dir, "memo.md")
    crs.edit_metadata(memo, title="Kept title")
    crs.create_collection("Week")
    crs.add_to_collection("Week", [memo])
    (crs_dir / "archive").mkdir()
    (crs_dir / "memo.md").rename(crs_dir / "archive" / "memo.md")
    assert crs.index().moved == 1
    record = crs.record(memo)
    assert record is not None and record.path.endswith("archive/memo.md")
    assert (record.title, record.collections) == ("Kept title", ("Week",))
    assert paths(crs, 'title:kept in:"Week"') == ["memo.md"]


def test_a_change_to_a_missing_document_keeps_its_annotations_searchable(
    crs: Library, crs_dir: Path
) -> None:
    memo = doc_id(crs, crs_dir, "memo.md")
    crs.annotate_quote(memo, "solar cells", note="a note to keep")
    (crs_dir / "memo.md").unlink()
    crs.index()
    assert crs.record(memo).missing  # type: ignore[union-attr]
    crs.edit_metadata(memo, title="Gone but noted")
    hits = crs.search("keep").hits
    assert [(h.kind, h.title) for h in hits] == [("annotation", "Gone but noted")]


def test_an_export_by_query_keeps_every_matching_format(crs: Library) -> None:
    data, _scope, _count = export_bytes(crs, ExportRequest(format="md", query="semiconductors"))
    assert data.decode("utf-8").count("## China's 15th Five-Year Plan") == 3
