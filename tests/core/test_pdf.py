"""The PDF loader (PDFium + reflow) and the page map, on PDFs built by the tests."""

from __future__ import annotations

import os
import threading
import zlib
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pdf_builder import (
    IMAGE_ONLY,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    PdfBuilder,
    Run,
    _write,
    paragraph,
    text_width,
    wrap,
)

from briefreader.core.formats.documents import load_document
from briefreader.core.formats.pdf import NO_TEXT_WARNING, read_pdf
from briefreader.core.formats.pdf_map import PdfMapCache
from briefreader.core.formats.pdf_pages import PdfLayout, PdfPages
from briefreader.core.formats.pdfium import pdfium_lock
from briefreader.core.models import Document, LoadError

HEADER = "Export Controls Review"


def report(**info: str) -> PdfBuilder:
    """Three pages with a running header and page numbers: a title, a hyphenated paragraph,
    a bold heading, a second paragraph that runs on to page 2, and a two-column page 3."""
    builder = PdfBuilder(info=dict(info))
    running = [Run(72, 40, HEADER, 9), Run(300, 760, "1", 9)]
    builder.page(
        [
            *running,
            Run(72, 100, "Semiconductor Export Controls", 20, bold=True),
            *paragraph(
                72,
                140,
                [
                    "The rules on advanced semi-",
                    "conductor equipment changed in",
                    "2024, with long-term effects on U.S.-",
                    "China trade and a long-",
                    "term review. A semiconductor is a chip.",
                ],
            ),
            Run(72, 230, "Background", 11, bold=True),
            *paragraph(
                72,
                250,
                [
                    "Licences for the equipment are reviewed by the bureau and",
                    "the committee, which meets every month to look at the",
                ],
            ),
        ]
    )
    builder.page(
        [
            Run(72, 40, HEADER, 9),
            Run(300, 760, "2", 9),
            *paragraph(72, 100, ["pending cases and the appeals of the applicants."]),
            *paragraph(72, 130, ["A new paragraph on page two."]),
        ]
    )
    left = [f"left column line {n} goes on" for n in range(1, 8)] + ["and ends."]
    right = [f"right column line {n} goes on" for n in range(1, 8)] + ["and ends."]
    builder.page(
        [
            Run(72, 40, HEADER, 9),
            Run(300, 760, "3", 9),
            *paragraph(72, 100, left),
            *paragraph(330, 100, right),
        ]
    )
    return builder


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.fixture(scope="module")
def report_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = report(Title="Microsoft Word - draft7.docx", CreationDate="D:20240315093000Z").build()
    return write(tmp_path_factory.mktemp("pdf"), "report.pdf", data)


def texts(doc: Document) -> list[tuple[str, str]]:
    return [(b.kind, doc.text[b.start : b.end]) for b in doc.blocks]


# -- reflow --------------------------------------------------------------------------------


def test_lines_reflow_into_paragraphs_with_hyphenation_undone(report_pdf: Path) -> None:
    doc = load_document(report_pdf)
    assert texts(doc)[:2] == [
        ("heading", "Semiconductor Export Controls"),
        (
            "paragraph",
            "The rules on advanced semiconductor equipment changed in 2024, with long-term "
            "effects on U.S.-China trade and a long-term review. A semiconductor is a chip.",
        ),
    ]


def test_running_header_and_page_numbers_are_left_out(report_pdf: Path) -> None:
    doc = load_document(report_pdf)
    assert HEADER not in doc.text
    assert not any(doc.text[b.start : b.end].strip().isdigit() for b in doc.blocks)


def test_a_paragraph_cut_by_a_page_break_is_one_block(report_pdf: Path) -> None:
    doc = load_document(report_pdf)
    joined = (
        "Licences for the equipment are reviewed by the bureau and the committee, which "
        "meets every month to look at the pending cases and the appeals of the applicants."
    )
    block = next(b for b in doc.blocks if doc.text[b.start : b.end] == joined)
    assert block.page == 1
    assert doc.page_at(doc.text.index("pending cases")) == 2
    assert doc.pages[1] == doc.text.index("pending cases")


def test_two_columns_read_column_by_column(report_pdf: Path) -> None:
    doc = load_document(report_pdf)
    page3 = doc.text[doc.pages[2] :]
    left = " ".join(f"left column line {n} goes on" for n in range(1, 8)) + " and ends."
    right = " ".join(f"right column line {n} goes on" for n in range(1, 8)) + " and ends."
    assert page3 == f"{left}\n{right}"


def test_headings_have_levels_by_size(report_pdf: Path) -> None:
    doc = load_document(report_pdf)
    assert [(h.level, h.title) for h in doc.headings] == [
        (1, "Semiconductor Export Controls"),
        (2, "Background"),
    ]


def test_the_block_invariant_and_pages(report_pdf: Path) -> None:
    doc = load_document(report_pdf)
    assert doc.text == "\n".join(doc.text[b.start : b.end] for b in doc.blocks)
    assert all("\n" not in doc.text[b.start : b.end] for b in doc.blocks)
    assert all(b.page == doc.page_at(b.start) for b in doc.blocks)
    assert len(doc.pages) == 3 and doc.pages[0] == 0


def test_the_same_file_always_gives_the_same_text(report_pdf: Path) -> None:
    first, second = load_document(report_pdf), load_document(report_pdf)
    assert (first.text, first.blocks, first.pages) == (second.text, second.blocks, second.pages)
    with PdfLayout.open(report_pdf) as layout:
        assert layout.text == first.text


# -- metadata ------------------------------------------------------------------------------


def test_a_junk_title_gives_way_to_the_largest_text_on_page_one(report_pdf: Path) -> None:
    doc = load_document(report_pdf)
    assert doc.title == "Semiconductor Export Controls"
    assert doc.date == "2024-03-15"


def test_metadata_title_author_and_modification_date(tmp_path: Path) -> None:
    data = report(
        Title="Chip Rules in Brief", Author="A. Analyst", ModDate="D:20250102120000Z"
    ).build()
    doc = load_document(write(tmp_path, "r.pdf", data))
    assert (doc.title, doc.author, doc.date) == ("Chip Rules in Brief", "A. Analyst", "2025-01-02")


def test_the_outline_gives_the_headings(tmp_path: Path) -> None:
    builder = report()
    builder.outline = [
        (1, "Semiconductor Export Controls", 0, 100),
        (2, "The rules on advanced semi-", 0, 140),  # not a heading by its looks
        (1, "Background", 0, 230),
    ]
    data = builder.build()
    content = read_pdf(data)
    assert [(e.level, e.title, e.page) for e in content.outline] == [
        (1, "Semiconductor Export Controls", 1),
        (2, "The rules on advanced semi-", 1),
        (1, "Background", 1),
    ]
    headings = [(b.level, content.text[b.start : b.end]) for b in content.blocks if b.level]
    assert headings == [(1, "Semiconductor Export Controls"), (1, "Background")]


# -- scanned, encrypted, damaged, hostile --------------------------------------------------


def test_a_scanned_pdf_is_kept_with_a_warning(tmp_path: Path) -> None:
    builder = PdfBuilder(info={"Title": "Scanned Letter"})
    builder.page(raw=IMAGE_ONLY)
    builder.page(raw=IMAGE_ONLY)
    doc = load_document(write(tmp_path, "scan.pdf", builder.build()))
    assert doc.warnings == (NO_TEXT_WARNING,)
    assert doc.title == "Scanned Letter"
    assert [(b.kind, b.page) for b in doc.blocks] == [("blank", 1), ("blank", 2)]
    assert doc.pages == (0, 1)
    with PdfLayout.open(tmp_path / "scan.pdf") as layout:
        assert layout.page_count == 2
        assert layout.render_page(1, 0.5).width == round(PAGE_WIDTH / 2)


def test_a_scanned_pdf_without_metadata_takes_its_file_name(tmp_path: Path) -> None:
    builder = PdfBuilder()
    builder.page(raw=IMAGE_ONLY)
    doc = load_document(write(tmp_path, "board-minutes_2024.pdf", builder.build()))
    assert doc.title == "Board minutes 2024"


def test_an_encrypted_pdf_is_refused_in_one_line(tmp_path: Path) -> None:
    builder = report()
    builder.user_password = "secret"
    with pytest.raises(LoadError, match=r"^PDF is encrypted \(password-protected\)$"):
        load_document(write(tmp_path, "locked.pdf", builder.build()))


def test_a_pdf_cut_in_the_middle_keeps_its_first_pages(tmp_path: Path) -> None:
    data = report().build()
    cut = data[: data.index(b"right column line 3")]
    doc = load_document(write(tmp_path, "cut.pdf", cut))
    assert "Semiconductor Export Controls" in doc.text
    assert "pending cases" in doc.text
    assert any(w.startswith("damaged PDF") for w in doc.warnings)


def test_pages_are_found_when_the_page_tree_is_lost(tmp_path: Path) -> None:
    data = report().build()
    broken = data[: data.rindex(b"xref")].replace(b"/Type /Pages", b"/Type /Lost!")
    doc = load_document(write(tmp_path, "lost.pdf", broken))
    assert "Semiconductor Export Controls" in doc.text and "right column line 7" in doc.text
    assert len(doc.pages) == 3
    assert doc.warnings[0].startswith("damaged PDF")


def test_a_unicode_map_bomb_is_not_expanded(tmp_path: Path) -> None:
    """Each code maps to 1,000 characters: PDFium would build 32 million (5.9 GB)."""
    cmap = (
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Bomb def "
        b"1 begincodespacerange <00> <FF> endcodespacerange 1 beginbfrange <20> <7E> <"
        + b"0041" * 1000
        + b"> endbfrange endcmap CMapName currentdict /CMap defineresource pop end end"
    )
    content = zlib.compress(b"BT /F1 1 Tf 72 700 Td (" + b"A" * 40000 + b") Tj ET")
    packed = zlib.compress(cmap)
    data = _write(
        {
            1: b"<< /Type /Catalog /Pages 2 0 R >>",
            2: b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
            3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
            4: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>",
            5: b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream"
            % (len(content), content),
            6: b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream"
            % (len(packed), packed),
        },
        b"",
    )
    assert len(data) < 2000
    doc = load_document(write(tmp_path, "bomb.pdf", data))
    assert doc.text == ""
    assert len(doc.warnings) == 1 and "ToUnicode bomb" in doc.warnings[0]


# -- the page map --------------------------------------------------------------------------


def test_boxes_cover_the_characters_of_a_range(report_pdf: Path) -> None:
    with PdfLayout.open(report_pdf) as layout:
        start = layout.text.index("semiconductor equipment")
        boxes = layout.boxes(start, start + len("semiconductor"))
        # "semi-" ends line 1 and "conductor" starts line 2: two rectangles.
        assert [page for page, _box in boxes] == [1, 1]
        (_, first), (_, second) = boxes
        size = 11
        line1_top = 140 - size
        assert first[0] == pytest.approx(72 + text_width("The rules on advanced ", size), abs=1)
        assert first[2] == pytest.approx(72 + text_width("The rules on advanced semi", size), abs=1)
        assert first[1] == pytest.approx(line1_top, abs=3) and first[3] > 140
        assert second[0] == pytest.approx(72, abs=0.5)
        assert second[2] == pytest.approx(72 + text_width("conductor", size), abs=1)
        assert second[1] > first[1]


def test_boxes_span_pages_and_columns(report_pdf: Path) -> None:
    with PdfLayout.open(report_pdf) as layout:
        start = layout.text.index("look at the")
        end = layout.text.index("appeals")
        assert [page for page, _box in layout.boxes(start, end)] == [1, 2]
        start = layout.text.index("and ends.")
        end = layout.text.index("right column line 1") + 5
        pages_boxes = layout.boxes(start, end)
        assert [page for page, _ in pages_boxes] == [3, 3]
        assert pages_boxes[0][1][0] < 100 and pages_boxes[1][1][0] > 300


def test_offset_at_finds_the_character_under_a_point(report_pdf: Path) -> None:
    with PdfLayout.open(report_pdf) as layout:
        text = layout.text
        for offset in (0, text.index("China"), text.index("pending"), len(text) - 1):
            ((page, (x0, y0, x1, y1)),) = layout.boxes(offset, offset + 1)
            assert layout.offset_at(page, (x0 + x1) / 2, (y0 + y1) / 2) == offset
            assert layout.page_of(offset) == page
        china = text.index("China")
        ((page, (x0, y0, x1, y1)),) = layout.boxes(china, china + 5)
        assert layout.word_at(page, x0 + 3, (y0 + y1) / 2) == (china, china + 5)
        assert layout.caret_at(page, x1 - 0.5, y0 + 2) == china + 5
        assert layout.offset_at(page, 5, 5) == 0  # far away: the nearest character
        assert layout.offset_at(4, 10, 10) is None  # no such page


def test_pages_render_from_a_thread_while_another_reads_boxes(report_pdf: Path) -> None:
    with PdfLayout.open(report_pdf) as layout:
        rendered = []
        errors = []

        def render() -> None:
            try:
                for _ in range(5):
                    for page in (1, 2, 3):
                        rendered.append(layout.render_page(page, 1.0))
            except Exception as error:  # pragma: no cover - reported below
                errors.append(error)

        worker = threading.Thread(target=render)
        worker.start()
        for _ in range(20):
            layout.pages.handle.close_text_pages()
            assert layout.boxes(0, 20)
        worker.join()
        assert not errors and len(rendered) == 15
        page = rendered[0]
        assert (page.width, page.height) == (612, 792)
        assert len(page.data) == page.stride * page.height
        assert isinstance(pdfium_lock(), type(threading.RLock()))


# -- property ------------------------------------------------------------------------------

WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=12)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(st.lists(WORDS, min_size=1, max_size=60), min_size=1, max_size=4))
def test_any_words_laid_out_in_lines_read_back_in_order(
    tmp_path: Path, paragraphs: list[list[str]]
) -> None:
    # One-line paragraphs only, evenly spaced, read as one paragraph of widely spaced lines:
    # the layout cannot tell them apart, so at least one paragraph has two lines.
    assume(any(len(wrap(words, 300)) > 1 for words in paragraphs))
    runs = []
    top = 80.0
    for words in paragraphs:
        lines = wrap(words, 300)
        runs += paragraph(72, top, lines)
        top += 13.2 * len(lines) + 12
    builder = PdfBuilder()
    builder.page(runs)
    path = write(tmp_path, "p.pdf", builder.build())
    with PdfLayout.open(path) as layout:
        assert layout.text == "\n".join(" ".join(words) for words in paragraphs)
        for offset in range(0, len(layout.text), 7):
            if layout.text[offset] == " " or layout.text[offset] == "\n":
                continue
            ((page, (x0, y0, x1, y1)),) = layout.boxes(offset, offset + 1)
            assert 0 <= x0 < x1 <= PAGE_WIDTH and 0 <= y0 < y1 <= PAGE_HEIGHT
            assert layout.offset_at(page, (x0 + x1) / 2, (y0 + y1) / 2) == offset


# -- pages before text, and the page-map cache ---------------------------------------------


def test_pages_open_and_render_without_reading_the_text(report_pdf: Path) -> None:
    with PdfPages.open(report_pdf) as pages:
        assert pages.page_count == 3 and pages.page_size(1) == (PAGE_WIDTH, PAGE_HEIGHT)
        assert pages.render_page(2, 0.5).width == round(PAGE_WIDTH / 2)
        assert pages.content_hash == load_document(report_pdf).content_hash
        layout = PdfLayout.of(pages)  # the layout of open pages leaves them open
        layout.close()
        assert pages.render_page(1, 0.25).height == round(PAGE_HEIGHT / 4)


def test_a_mapped_pdf_is_mapped_again_from_the_cache(report_pdf: Path, tmp_path: Path) -> None:
    cache = PdfMapCache(tmp_path / "maps", loader_version=7)
    text = load_document(report_pdf).text
    with PdfLayout.open(report_pdf, text, cache) as first:
        boxes = first.boxes(0, len(text))
    (stored,) = (tmp_path / "maps").iterdir()
    assert stored.name.endswith("-v7.map")
    with PdfLayout.open(report_pdf, text, cache) as again:
        assert again.map == first.map and again.boxes(0, len(text)) == boxes
        assert again.outline == first.outline
    # another loader version maps afresh; a stale or damaged file is passed over
    assert PdfMapCache(tmp_path / "maps", loader_version=8).get(first.pages.content_hash) is None
    stored.write_bytes(stored.read_bytes()[:-40])
    assert cache.get(first.pages.content_hash) is None
    with PdfLayout.open(report_pdf, text, cache) as rebuilt:
        assert rebuilt.map == first.map
    assert cache.get(first.pages.content_hash) == first.map  # and written again


def test_a_cached_map_of_other_text_is_not_used(report_pdf: Path, tmp_path: Path) -> None:
    cache = PdfMapCache(tmp_path / "maps", loader_version=1)
    with PdfLayout.open(report_pdf, cache=cache) as layout:
        cache.put(layout.pages.content_hash, replace(layout.map, text="x" * len(layout.text)))
        with PdfLayout.open(report_pdf, layout.text, cache) as fresh:
            assert fresh.text == layout.text
        with pytest.raises(LoadError, match="changed since it was read"):
            PdfLayout.open(report_pdf, layout.text + " more", cache)


def test_the_cache_keeps_the_last_maps_used(report_pdf: Path, tmp_path: Path) -> None:
    cache = PdfMapCache(tmp_path / "maps", loader_version=1, keep=2)
    with PdfLayout.open(report_pdf) as layout:
        for n, content_hash in enumerate(("a" * 64, "b" * 64, "c" * 64)):
            cache.put(content_hash, layout.map)
            os.utime(cache.folder / f"{content_hash}-v1.map", (n, n))
    assert sorted(p.name[0] for p in cache.folder.iterdir()) == ["b", "c"]


def test_the_offset_near_a_height_of_a_page(report_pdf: Path) -> None:
    with PdfLayout.open(report_pdf) as layout:
        text = layout.text
        (page, (_x0, y0, _x1, y1)), *_ = layout.boxes(text.index("Licences"), len(text))
        assert layout.offset_near(page, (y0 + y1) / 2) == text.index("Licences")
        assert layout.offset_near(2, 0) == layout.page_start(2)
        last_line = text.index("the committee, which")  # page 1's last line
        assert layout.offset_near(1, PAGE_HEIGHT) == last_line  # below every line
        # two columns: the first line (in reading order) reaching below the height
        left = text.index("left column line 4")
        (_page, (_a, top, _b, _c)), *_ = layout.boxes(left, left + 4)
        assert layout.offset_near(3, top + 1) == left
