"""Citations of documents and passages, and BibTeX and CSL-JSON references."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from crs_fixtures import PAGE_2_SENTENCE, write_crs_library

from briefreader.core.export.bibliography import (
    bibtex_entry,
    bibtex_key,
    csl_item,
    latex_escape,
    render_bibtex,
)
from briefreader.core.export.citation import (
    author_names,
    document_citation,
    passage_citation,
    readable_date,
)
from briefreader.core.export.common import build_summary
from briefreader.core.export.formats import format_for_path
from briefreader.core.export.model import ExportItem, ExportOptions, ExportScope
from briefreader.core.export.registry import render
from briefreader.core.formats.documents import load_document
from briefreader.core.library import Library
from briefreader.core.models import DocumentRecord

CRS_SOURCE = "Congressional Research Service (CRS)"


def record(**fields: object) -> DocumentRecord:
    values: dict[str, object] = {
        "doc_id": "d1",
        "path": "/lib/a.md",
        "format": "markdown",
        "title": "A title",
        "content_hash": "h",
        "size": 1,
        "mtime": 0.0,
    }
    values.update(fields)
    return DocumentRecord(**values)  # type: ignore[arg-type]


CRS_RECORD = record(
    title="China’s 15th Five-Year Plan: S&T and Economic Priorities",
    author="Karen M. Sutter",
    source=CRS_SOURCE,
    date="2026-04-16",
    report_number="IF13204",
    version="2",
    url="https://crsreports.congress.gov/product/pdf/IF/IF13204",
)


@pytest.fixture
def crs(library: Library, tmp_path: Path) -> Library:
    library.add_folders([write_crs_library(tmp_path / "crs")])
    library.index()
    return library


def test_a_crs_report_with_its_author() -> None:
    assert document_citation(CRS_RECORD).text() == (
        "Karen M. Sutter. *China’s 15th Five-Year Plan: S&T and Economic Priorities*. "
        "Congressional Research Service (CRS), IF13204, version 2. April 16, 2026. "
        "https://crsreports.congress.gov/product/pdf/IF/IF13204."
    )


def test_the_agency_is_the_creator_when_no_author_is_known() -> None:
    bare = record(title="Title", source=CRS_SOURCE, report_number="R1", date="2024-05")
    assert document_citation(bare).text(plain=True) == (
        "Congressional Research Service (CRS). Title. R1. May 2024."
    )


def test_nothing_known_but_the_title_and_a_question_title() -> None:
    assert document_citation(record(title="Who decides?")).text() == "*Who decides?* n.d."


@pytest.mark.parametrize(
    ("author", "names"),
    [
        ("Marc Labonte, Ben Leubsdorf", ["Marc Labonte", "Ben Leubsdorf"]),
        ("Sutter, Karen M.", ["Sutter, Karen M."]),
        ("A One; B Two; C Three", ["A One", "B Two", "C Three"]),
        ("", []),
    ],
)
def test_author_names(author: str, names: list[str]) -> None:
    assert author_names(author) == names


def test_three_authors_and_dates() -> None:
    many = record(author="A One, B Two, C Three", date="2020")
    assert document_citation(many).text().startswith("A One, B Two, and C Three. *A title*.")
    assert readable_date("2026-04-16") == "April 16, 2026" and readable_date(None) == "n.d."


def test_a_passage_on_page_2_of_a_crs_pdf(crs: Library) -> None:
    pdf = next(r for r in crs.documents() if r.format == "pdf")
    document = crs.document(pdf.doc_id)
    start = document.text.index(PAGE_2_SENTENCE)
    assert passage_citation(pdf, document, start).text() == (
        "Karen M. Sutter. *China's 15th Five-Year Plan: S&T and Economic Priorities*. "
        "Congressional Research Service (CRS), IF13204, version 2. April 16, 2026, p. 2. "
        "https://crsreports.congress.gov/product/pdf/IF/IF13204."
    )


def test_a_passage_of_markdown_names_its_section(crs: Library) -> None:
    md = next(r for r in crs.documents() if r.version == "2" and r.format == "markdown")
    document = crs.document(md.doc_id)
    start = document.text.index(PAGE_2_SENTENCE)
    cited = passage_citation(md, document, start).text()
    assert ", § S&T Independence and Leadership. https://" in cited


def test_latex_specials_are_escaped() -> None:
    assert latex_escape(r"S&T 50% $5 #1 a_b {x} ~ ^ \ ") == (
        r"S\&T 50\% \$5 \#1 a\_b \{x\} \textasciitilde{} \textasciicircum{} \textbackslash{}"
    )


def test_bibtex_techreport_for_a_numbered_report() -> None:
    entry = bibtex_entry(CRS_RECORD, bibtex_key(CRS_RECORD))
    assert entry == (
        "@techreport{Sutter2026IF13204,\n"
        "  author = {Karen M. Sutter},\n"
        "  title = {{China’s 15th Five-Year Plan: S\\&T and Economic Priorities}},\n"
        "  institution = {Congressional Research Service (CRS)},\n"
        "  number = {IF13204},\n"
        "  note = {Version 2},\n"
        "  year = {2026},\n"
        "  month = apr,\n"
        "  url = {https://crsreports.congress.gov/product/pdf/IF/IF13204}\n"
        "}\n"
    )


def test_bibtex_misc_and_unique_keys() -> None:
    memo = record(title="Trade talks memo", source="Office of the USTR", date="2024-05-02")
    scope = ExportScope("all")
    items = [ExportItem(memo, None, []), ExportItem(memo, None, [])]
    text = render_bibtex(build_summary(scope, items, ExportOptions(generated_at="2024")))
    text = text.decode("utf-8")
    assert "@misc{Office2024Trade,\n" in text and "@misc{Office2024Tradea,\n" in text
    assert "  howpublished = {Office of the USTR},\n" in text


def test_csl_json_items() -> None:
    item = csl_item(CRS_RECORD)
    assert item["type"] == "report" and item["number"] == "IF13204"
    assert item["author"] == [{"family": "Sutter", "given": "Karen M."}]
    assert item["issued"] == {"date-parts": [[2026, 4, 16]]}
    assert item["URL"].startswith("https://crsreports") and item["publisher"] == CRS_SOURCE
    statute = csl_item(record(source="US Code (Office of the Law Revision Counsel)"))
    assert statute["type"] == "legislation" and "issued" not in statute
    assert csl_item(record(url="https://example.org"))["type"] == "webpage"


def test_the_reference_formats_are_in_the_format_registry(tmp_path: Path) -> None:
    assert format_for_path("refs.bib") == "bibtex"
    assert format_for_path("refs.csl.json") == "csljson"
    assert format_for_path("notes.json") == "json"
    data = render("csljson", ExportScope("all"), [ExportItem(CRS_RECORD, None, [])])
    assert json.loads(data)[0]["title"].startswith("China’s 15th")


def test_exports_carry_a_citation_under_each_document() -> None:
    items = [ExportItem(CRS_RECORD, None, [])]
    markdown = render("md", ExportScope("all"), items).decode("utf-8")
    assert "- **Cite as:** Karen M. Sutter. *China’s 15th Five-Year Plan: S&T and" in markdown
    html = render("html", ExportScope("all"), items).decode("utf-8")
    assert '<span class="citation">Karen M. Sutter. <i>China’s 15th' in html


@pytest.mark.parametrize(
    ("markdown", "locator"),
    [
        ("# Title\n\n## CRS PRODUCT (LIBRARY OF CONGRESS)\n\nThe passage.\n", None),
        ("# Title\n\n#### § 1701. Unusual threat\n\nThe passage.\n", "§ 1701. Unusual threat"),
        ("# Title\n\nThe passage.\n", None),
    ],
)
def test_section_locators_leave_out_the_title_and_layout_lines(
    tmp_path: Path, markdown: str, locator: str | None
) -> None:
    path = tmp_path / "doc.md"
    path.write_text(markdown, encoding="utf-8")
    document = load_document(path)
    cited = passage_citation(record(title="Title"), document, document.text.index("The passage"))
    assert cited.locator == locator
