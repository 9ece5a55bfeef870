"""Loading documents of every format, their metadata, and the library scan (core/formats/)."""

from __future__ import annotations

import codecs
import hashlib
import os
import pickle
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pdf_fixture import minimal_pdf

from briefreader.core.formats.blocks import verify_blocks
from briefreader.core.formats.documents import (
    LOADER_VERSION,
    SUPPORTED_SUFFIXES,
    iter_library_files,
    load_document,
    text_blocks,
    title_from_filename,
)
from briefreader.core.models import Block, Document, LineBlocks, LoadError

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "docs"


def load(path: Path) -> Document:
    """Load and check the canonical-text invariant."""
    doc = load_document(path)
    assert verify_blocks(doc.text, doc.blocks) == []
    assert "\r" not in doc.text and "\x00" not in doc.text and "\ufeff" not in doc.text
    return doc


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def block_texts(doc: Document, kind: str | None = None) -> list[str]:
    return [doc.text[b.start : b.end] for b in doc.blocks if kind is None or b.kind == kind]


# -- contract ------------------------------------------------------------------------------


def test_contract_constants() -> None:
    assert LOADER_VERSION == 3
    assert {".md", ".markdown", ".txt", ".html", ".htm", ".pdf"} == set(SUPPORTED_SUFFIXES)


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.iterdir()))
def test_every_fixture_loads_with_a_valid_layout(name: str) -> None:
    path = FIXTURES / name
    doc = load(path)
    data = path.read_bytes()
    assert doc.content_hash == hashlib.sha256(data).hexdigest()
    assert doc.size == len(data)
    assert doc.mtime == path.stat().st_mtime
    assert doc.path == str(path)
    assert doc.title and doc.word_count > 0


# -- markdown ------------------------------------------------------------------------------


def test_markdown_fixture_metadata() -> None:
    doc = load(FIXTURES / "briefing.md")
    assert doc.format == "markdown"
    assert doc.title == "Copper Tariffs: What Changed"
    assert doc.date == "2024-03-15"
    assert doc.source == "Congressional Research Service (CRS)"  # canonical, for facets
    assert doc.author == "Jane Analyst"
    assert doc.url == "https://example.org/briefs/copper"
    assert doc.tags == ("trade", "tariffs")
    assert doc.summary == "A short note on the copper tariff decision."
    assert doc.warnings == ()


def test_markdown_fixture_blocks() -> None:
    doc = load(FIXTURES / "briefing.md")
    kinds = {b.kind for b in doc.blocks}
    assert kinds == {"heading", "paragraph", "list_item", "quote", "code", "table_cell", "rule"}
    assert block_texts(doc, "heading") == ["Section 232 and copper"]
    assert block_texts(doc, "quote") == ["Quoted testimony continues here."]
    assert block_texts(doc, "code") == ["def tariff(rate):", "    return rate  * 2"]
    assert [(b.level, b.ordered, b.number) for b in doc.blocks if b.kind == "list_item"] == [
        (1, False, 0),
        (1, False, 0),
        (2, True, 1),
        (2, True, 2),
    ]
    cells = [
        (doc.text[b.start : b.end], b.row, b.col, b.header) for b in doc.blocks if b.table == 0
    ]
    assert cells[:2] == [("Country", 0, 0, True), ("Share", 0, 1, True)]
    assert cells[-1] == ("", 2, 1, False)


def test_markdown_keeps_quotes_dashes_and_odd_spaces() -> None:
    doc = load(FIXTURES / "briefing.md")
    assert "The President’s “Buy American” order — signed on March 15 — uses" in doc.text
    assert "§\u202f232 of the Trade Expansion Act" in doc.text
    assert "Don't \"fix\" my 'quotes'." in doc.text


def test_markdown_inline_spans() -> None:
    doc = load(FIXTURES / "briefing.md")
    found = {(doc.text[s.start : s.end], s.style, s.href) for b in doc.blocks for s in b.spans}
    assert {
        ("March 15", "bold", None),
        ("Trade Expansion Act", "italic", None),
        ("the notice", "link", "https://example.org/notice"),
        ("HTS 7403", "code", None),
        ("mail", "link", "mailto:desk@example.org"),
    } <= found
    assert all(href is None or not href.startswith("javascript") for _t, _s, href in found)


def test_markdown_raw_html_is_sanitised_and_images_are_text() -> None:
    doc = load(FIXTURES / "briefing.md")
    assert "[Image: Copper cathodes] and [Image]" in doc.text
    assert "Click here or mail." in doc.text
    for hidden in ("never shown", "alert", "steal", "iframe fallback", "example.org/img"):
        assert hidden not in doc.text


def test_markdown_title_falls_back_to_first_heading_then_file_name(tmp_path: Path) -> None:
    assert load(write(tmp_path, "a.md", "Intro\n\n## The Heading\n\ntext\n")).title == "The Heading"
    doc = load(write(tmp_path, "2016-08-08-facts_about-open-source.markdown", "just text\n"))
    assert doc.title == "Facts about open source"  # the date goes to the date field
    assert doc.date == "2016-08-08"


def test_title_from_filename() -> None:
    assert title_from_filename(Path("copper-tariffs_2024.md")) == "Copper tariffs 2024"
    assert title_from_filename(Path("CHN_71_2016.txt")) == "CHN 71 2016"
    assert title_from_filename(Path("report 2024-03-01.txt")) == "Report 2024-03-01"


def test_markdown_with_many_documents_in_threads_matches_serial(tmp_path: Path) -> None:
    paths = [
        write(tmp_path, f"d{i}.md", f"# Doc {i}\n\nText[^{i}] with *{i}*.\n\n[^{i}]: Note {i}.\n")
        for i in range(24)
    ]
    serial = [load_document(p).text for p in paths]
    with ThreadPoolExecutor(max_workers=4) as pool:
        parallel = list(pool.map(lambda p: load_document(p).text, paths))
    assert parallel == serial
    assert all(f"Note {i}." in text for i, text in enumerate(serial))


# -- front matter --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("front", "tags"),
    [
        ("tags:\n  - trade\n  - China\n", ("trade", "China")),
        ("tags: [trade, China]\n", ("trade", "China")),
        ("tags: trade, China , ,trade\n", ("trade", "China")),
        ("tags: fact-sheets\n", ("fact-sheets",)),
        ("keywords: a; b\n", ("a", "b")),
        ("tags:\n  - 2024\n  - {nested: map}\n", ("2024",)),
    ],
)
def test_front_matter_tags(tmp_path: Path, front: str, tags: tuple[str, ...]) -> None:
    doc = load(write(tmp_path, "t.md", f"---\n{front}---\nBody.\n"))
    assert doc.tags == tags
    assert doc.text == "Body."


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("2024-03-15", "2024-03-15"),
        ("'2024-03-15'", "2024-03-15"),
        ("2025-11-01 14:31:47-04:00", "2025-11-01"),
        ("2020-05-11 12:00:00 -0500", "2020-05-11"),
        ("2024-03", "2024-03"),
        ("2024", "2024"),
        ("'2024'", "2024"),
        ("March 5, 2024", "2024-03-05"),
        ("05/03/2024", "2024-05-03"),
    ],
)
def test_front_matter_dates(tmp_path: Path, value: str, iso: str) -> None:
    assert load(write(tmp_path, "d.md", f"---\ndate: {value}\n---\nBody.\n")).date == iso


def test_front_matter_bad_date_is_a_warning(tmp_path: Path) -> None:
    doc = load(write(tmp_path, "d.md", "---\ndate: sometime soon\n---\nBody.\n"))
    assert doc.date is None
    assert any("date" in w for w in doc.warnings)


def test_front_matter_with_comments_blank_lines_and_aliases(tmp_path: Path) -> None:
    text = (
        "---\n# View this page online\nslug: x\n\ndate: 2020-05-11 12:00:00 -0500\n"
        'title: "Folded\n  title"\n# authors below\nauthors:\n  - ann\n  - bob\n'
        "source_url: https://example.gov/x\ndescription: What it says.\n"
        "topics:\n  - search\n---\n\nBody text.\n"
    )
    doc = load(write(tmp_path, "c.md", text))
    assert (doc.title, doc.date, doc.author) == ("Folded title", "2020-05-11", "ann, bob")
    assert (doc.url, doc.summary, doc.tags) == (
        "https://example.gov/x",
        "What it says.",
        ("search",),
    )
    assert doc.text == "Body text."
    assert doc.warnings == ()


def test_unterminated_front_matter_reads_the_whole_file(tmp_path: Path) -> None:
    text = (
        '---\ntitle: "Bank Capital"\ntags: [banking, "Basel III"\n# Bank Capital\n\n'
        "**Report No.:** IN12680\n\n---\nBody after a rule.\n"
    )
    doc = load(write(tmp_path, "u.md", text))
    assert any("never ends" in w for w in doc.warnings)
    assert "Report No.: IN12680" in doc.text
    assert "Body after a rule." in doc.text
    assert doc.title == "Bank Capital"  # the first heading


def test_front_matter_without_any_closing_line(tmp_path: Path) -> None:
    doc = load(write(tmp_path, "u.md", "---\ntitle: x\n\nNo closing line at all.\n"))
    assert any("never ends" in w for w in doc.warnings)
    assert "No closing line at all." in doc.text


def test_bad_yaml_is_a_warning_and_the_body_is_read(tmp_path: Path) -> None:
    doc = load(write(tmp_path, "b.md", "---\ntitle: [unclosed\ndate: 2024-01-01\n---\n# Body\n"))
    assert any("YAML" in w for w in doc.warnings)
    assert doc.text == "Body"
    assert doc.title == "Body"


def test_front_matter_that_is_not_a_mapping_is_body(tmp_path: Path) -> None:
    doc = load(write(tmp_path, "r.md", "---\nJust a sentence between rules.\n---\n\nMore.\n"))
    assert "Just a sentence between rules." in doc.text
    assert "More." in doc.text


def test_empty_front_matter(tmp_path: Path) -> None:
    doc = load(write(tmp_path, "e.md", "---\n---\nBody.\n"))
    assert doc.text == "Body."
    assert doc.warnings == ()


def test_front_matter_only_shows_title_and_summary(tmp_path: Path) -> None:
    text = "---\ntitle: A link post\nsummary: What the linked page\n  says.\n---\n\n"
    doc = load(write(tmp_path, "f.md", text))
    assert doc.text == "A link post\nWhat the linked page says."
    assert [(b.kind, b.level) for b in doc.blocks] == [("heading", 1), ("paragraph", 0)]
    assert any("front matter" in w for w in doc.warnings)


def test_front_matter_without_title_or_summary_and_no_body_is_refused(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="front matter"):
        load_document(write(tmp_path, "f.md", "---\ndate: 2024-01-01\n---\n\n"))


# -- plain text ----------------------------------------------------------------------------


def test_text_fixture_is_the_file_itself() -> None:
    path = FIXTURES / "notes.txt"
    doc = load(path)
    assert doc.format == "text"
    assert doc.text == path.read_text(encoding="utf-8")
    assert [b.kind for b in doc.blocks] == [
        "paragraph",
        "blank",
        "paragraph",
        "paragraph",
        "blank",
        "paragraph",
        "blank",
    ]
    assert block_texts(doc)[2] == "  indented line with trailing spaces   "
    assert doc.title == "First line of notes"  # a headline set apart by a blank line


ENCODING_TRAPS = {
    "cp1252.txt": ("He said “no” – twice… it’s €5.\r\n".encode("cp1252"), "He said “no” – twice"),
    "latin1.txt": ("Genève, été, señor, Ça\n".encode("latin-1"), "Genève, été, señor, Ça"),
    "utf16le.md": (
        codecs.BOM_UTF16_LE + "# Copper\r\n\r\nText “quoted”.\r\n".encode("utf-16-le"),
        "Copper\nText “quoted”.",
    ),
    "utf16be.txt": (codecs.BOM_UTF16_BE + "Speech\r\nline 2".encode("utf-16-be"), "Speech\nline 2"),
    "bom-cr.txt": (
        codecs.BOM_UTF8 + b"Mr. President,\rthank you.\r",
        "Mr. President,\nthank you.\n",
    ),
    "gb18030.txt": (
        "中华人民共和国对外贸易法\n第一条 为了扩大对外开放，发展对外贸易。\n".encode("gb18030"),
        "对外贸易法",
    ),
    "mixed.md": (b"# T\r\n\r\nline one\rline two\n\nlast\r\n", "T\nline one line two\nlast"),
}


@pytest.mark.parametrize("name", sorted(ENCODING_TRAPS))
def test_encoding_traps(tmp_path: Path, name: str) -> None:
    data, expected = ENCODING_TRAPS[name]
    doc = load(write(tmp_path, name, data))
    assert expected in doc.text


def test_text_keeps_lines_exactly_apart_from_line_endings(tmp_path: Path) -> None:
    data = "  lead\t\r\n\r\n§\u202f1701 “x”  \rlast"
    doc = load(write(tmp_path, "t.txt", data))
    assert doc.text == "  lead\t\n\n§\u202f1701 “x”  \nlast"
    assert [b.kind for b in doc.blocks] == ["paragraph", "blank", "paragraph", "paragraph"]


# -- html ----------------------------------------------------------------------------------


def test_html_fixture() -> None:
    doc = load(FIXTURES / "page.html")
    assert doc.format == "html"
    assert doc.title == "Hearing Record & Testimony"
    assert (doc.date, doc.author) == ("2023-11-02", "Committee Clerk")
    assert doc.summary == "Testimony on export controls."
    assert doc.tags == ("export controls", "semiconductors")
    assert block_texts(doc)[:2] == ["Opening statement by the chair.", "Second line of it."]
    assert block_texts(doc, "code") == ["  Sec. 1. Short title.", "  Sec. 2. Definitions."]
    assert "$5\u00a0bn" in block_texts(doc, "table_cell")
    assert "[Image: Seal of the Committee] GPO relative" in doc.text
    assert "Text in an unknown GPO tag" in doc.text
    for hidden in ("color: red", "document.write", "bad", "object fallback", "track"):
        assert hidden not in doc.text


def test_html_heading_beats_title_tag(tmp_path: Path) -> None:
    html = "<html><head><title>Site | Page</title></head><body><h1>Real</h1>x</body></html>"
    assert load(write(tmp_path, "p.htm", html)).title == "Real"


def test_html_declared_legacy_charset(tmp_path: Path) -> None:
    html = '<meta charset="windows-1252"><p>“Déjà vu”</p>'.encode("cp1252")
    assert load(write(tmp_path, "p.html", html)).text == "“Déjà vu”"


def test_html_with_only_scripts_is_refused(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="no readable text"):
        load_document(write(tmp_path, "s.html", "<script>alert(1)</script><style>p{}</style>"))


# -- pdf -----------------------------------------------------------------------------------


def test_pdf_pages_and_metadata() -> None:
    doc = load(FIXTURES / "three-pages.pdf")
    assert doc.format == "pdf"
    assert doc.title == "Three Page Briefing"
    assert (doc.author, doc.date, doc.summary) == ("Test Author", "2024-03-15", "A test PDF")
    assert doc.tags == ("trade", "tariffs")
    assert len(doc.pages) == 3 and doc.pages[0] == 0
    starts = [doc.text.index(f"Page {n}:") for n in ("one", "two", "three")]
    assert list(doc.pages) == starts
    assert {b.page for b in doc.blocks} == {1, 2, 3}
    assert all(b.page == doc.page_at(b.start) for b in doc.blocks)
    assert doc.warnings == ()


def test_truncated_pdf_keeps_the_readable_pages() -> None:
    doc = load(FIXTURES / "three-pages-truncated.pdf")
    assert "Imports fell by ten percent." in doc.text
    assert "Negotiations" not in doc.text
    assert len(doc.pages) == 3
    assert any("damaged" in w for w in doc.warnings)
    assert doc.title == "Three pages truncated"


def test_pdf_cut_before_any_page_is_refused(tmp_path: Path) -> None:
    data = (FIXTURES / "three-pages.pdf").read_bytes()
    with pytest.raises(LoadError, match="PDF"):
        load_document(write(tmp_path, "cut.pdf", data[:300]))


def test_pdf_without_text_layer_is_kept_with_a_warning(tmp_path: Path) -> None:
    data = minimal_pdf([b"0 0 1 rg 10 10 100 100 re f", b""])
    doc = load_document(write(tmp_path, "scan.pdf", data))
    assert len(doc.warnings) == 1 and doc.warnings[0].startswith("no text layer")
    assert (doc.text, doc.pages, doc.title) == ("\n", (0, 1), "Scan")


def test_pdf_empty_page_is_a_blank_block(tmp_path: Path) -> None:
    data = minimal_pdf([b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET", b"", b"BT /F1 12 Tf (Bye) Tj ET"])
    doc = load(write(tmp_path, "gap.pdf", data))
    assert doc.text == "Hello\n\nBye"
    assert [(b.kind, b.page) for b in doc.blocks] == [
        ("paragraph", 1),
        ("blank", 2),
        ("paragraph", 3),
    ]
    assert doc.pages == (0, 6, 7)


def test_garbage_named_pdf_is_refused(tmp_path: Path) -> None:
    with pytest.raises(LoadError):
        load_document(write(tmp_path, "x.pdf", b"this is not a PDF at all\n" * 10))


# -- bad files -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("photo.md", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 8, "JPEG"),
        ("report.txt", (FIXTURES / "three-pages.pdf").read_bytes(), "PDF"),
        ("empty.md", b"", "empty"),
        ("empty.txt", b"", "empty"),
        ("blank.md", b"  \t\n\r\n   \n", "white space"),
        ("bom.txt", codecs.BOM_UTF8, "byte-order mark"),
        ("bom-space.txt", codecs.BOM_UTF8 + b" \n", "white space"),
        ("nul.txt", b"\x00\x01\x00\x02" * 500, "binary"),
        ("blob.html", bytes(range(1, 32)) * 100, "binary"),
    ],
)
def test_unreadable_files_raise_load_error(
    tmp_path: Path, name: str, data: bytes, reason: str
) -> None:
    with pytest.raises(LoadError, match=reason) as caught:
        load_document(write(tmp_path, name, data))
    assert "\n" not in str(caught.value)


def test_nul_bytes_inside_text_are_stripped_with_a_warning(tmp_path: Path) -> None:
    doc = load(write(tmp_path, "n.md", b"# Title\n\nSome\x00 text about\x00 tariffs.\n"))
    assert doc.text == "Title\nSome text about tariffs."
    assert doc.warnings == ("removed 2 NUL bytes",)


def test_missing_unsupported_and_directory_paths(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="cannot read"):
        load_document(tmp_path / "missing.md")
    with pytest.raises(LoadError, match="unsupported"):
        load_document(write(tmp_path, "x.docx", b"PK"))
    (tmp_path / "folder.md").mkdir()
    with pytest.raises(LoadError, match="not a regular file"):
        load_document(tmp_path / "folder.md")


# -- large files ---------------------------------------------------------------------------


def test_large_text_file(tmp_path: Path) -> None:
    line = "The General Assembly met again to discuss trade and security. " * 3
    data = (line + "\n\n") * 25_000  # about 5 MB
    doc = load(write(tmp_path, "big.txt", data))
    assert len(doc.blocks) == 50_001
    assert doc.text == data


@pytest.mark.slow
def test_two_megabyte_single_line(tmp_path: Path) -> None:
    data = "word " * 400_000
    doc = load(write(tmp_path, "line.txt", data))
    assert len(doc.blocks) == 1 and doc.text == data
    md = load(write(tmp_path, "line.md", data))
    assert len(md.blocks) == 1 and md.text == data.strip()


@pytest.mark.slow
def test_text_lines_are_compact_blocks(tmp_path: Path) -> None:
    data = "a\n" * 1_000_000  # a million one-character lines (2 MB)
    doc = load(write(tmp_path, "lines.txt", data))
    assert isinstance(doc.blocks, LineBlocks)  # not a million Block objects
    assert len(doc.blocks) == 1_000_001 and doc.text == data
    assert doc.blocks[0] == Block("paragraph", 0, 1)
    assert doc.blocks[-1] == Block("blank", len(data), len(data))
    assert doc.blocks[999_999] == Block("paragraph", 1_999_998, 1_999_999)
    assert doc.headings == () and doc.title == "Lines"
    pickled = pickle.dumps(doc)
    assert len(pickled) < 8 * 2**20  # 70 MB as a tuple of Blocks
    again = pickle.loads(pickled)
    assert again == doc and isinstance(again.blocks, LineBlocks)


def test_line_blocks_behave_like_a_tuple_of_blocks() -> None:
    text = "one\n\n  \t\ntwo three\n\u3000\nfour"
    blocks = LineBlocks(text)
    made = (
        Block("paragraph", 0, 3),
        Block("blank", 4, 4),
        Block("blank", 5, 8),
        Block("paragraph", 9, 18),
        Block("blank", 19, 20),
        Block("paragraph", 21, 25),
    )
    assert blocks == made and made == blocks and list(blocks) == list(made)
    assert blocks != made[:-1] and blocks != LineBlocks(text + "!")
    assert blocks == LineBlocks(text) and hash(blocks) == hash(made)
    assert len(blocks) == 6 and blocks[-2] == made[-2] and blocks[1:4] == made[1:4]
    assert blocks[::2] == made[::2] and list(reversed(blocks)) == list(reversed(made))
    assert made[3] in blocks and blocks.index(made[3]) == 3
    with pytest.raises(IndexError):
        blocks[6]
    assert list(blocks.line_starts) == [0, 4, 5, 9, 19, 21, 26]
    assert verify_blocks(text, blocks) == []
    assert pickle.loads(pickle.dumps(blocks)) == made


# -- library scan --------------------------------------------------------------------------


def test_iter_library_files(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    for name in (
        "b.md",
        "a.txt",
        "sub/c.PDF",
        "sub/deeper/d.htm",
        "sub/e.markdown",
        "f.html",
        ".hidden.md",
        ".git/config.md",
        "sub/.cache/x.txt",
        "notes.docx",
        "image.png",
    ):
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")
    found = list(iter_library_files([root]))
    assert found == sorted(found)
    assert [p.relative_to(root).as_posix() for p in found] == [
        "a.txt",
        "b.md",
        "f.html",
        "sub/c.PDF",
        "sub/deeper/d.htm",
        "sub/e.markdown",
    ]


def test_iter_library_files_survives_symlink_loops_and_overlaps(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    (root / "sub").mkdir(parents=True)
    (root / "a.md").write_text("x")
    (root / "sub" / "b.md").write_text("x")
    try:
        os.symlink(root, root / "sub" / "loop")
    except (OSError, NotImplementedError):
        pytest.skip("symlinks not available")
    found = list(iter_library_files([root, root / "sub", root, tmp_path / "missing"]))
    assert [p.name for p in found] == ["a.md", "b.md"]


def test_iter_library_files_accepts_a_file(tmp_path: Path) -> None:
    path = write(tmp_path, "one.md", "x")
    assert list(iter_library_files([path, str(path)])) == [path]


_MARKDOWN_PIECES = st.one_of(
    st.sampled_from(
        [
            "# ", "## ", "- ", "1. ", "> ", "```\n", "    ", "| a | b |\n|---|---|\n", "---\n",
            "**", "_", "`", "[link](https://x.org)", "![alt](x.png)", "<b>", "</b>",
            "<script>", "</script>", "\n", "\n\n", "\r\n", "  \n", "title: x\n", "\t", "&amp;",
        ]
    ),
    st.text(max_size=10),
)  # fmt: skip


# "<![" starts a marked section for Python's HTML parser, which raised AssertionError.
@pytest.mark.slow
@example(pieces=["<", "![alt](x.png)"], suffix=".html")
@settings(max_examples=150, deadline=None)
@given(st.lists(_MARKDOWN_PIECES, max_size=30), st.sampled_from([".md", ".txt", ".html"]))
def test_any_markdown_like_file_loads_or_raises_load_error(
    tmp_path_factory: pytest.TempPathFactory, pieces: list[str], suffix: str
) -> None:
    path = tmp_path_factory.mktemp("any") / f"doc{suffix}"
    path.write_bytes("".join(pieces).encode("utf-8", errors="surrogatepass"))
    try:
        load(path)
    except LoadError as error:
        assert str(error) and "\n" not in str(error)
        assert "could not be read" not in str(error)  # the catch-all for loader bugs


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Export controls on advanced chips.", 5),
        ("Exportkontrollen für Halbleiter.", 3),
        ("中华人民共和国出口管制法", 12),  # no spaces: each character is a word
        ("第一条 为了维护国家安全 (Article 1)", 13),
        ("輸出管理 について", 8),  # kana too
        ("수출 통제 법률", 3),  # Korean puts spaces between words
    ],
)
def test_word_count_counts_han_and_kana_characters(text: str, words: int) -> None:
    doc = Document("/x.txt", "text", "x", text, text_blocks(text), "h", len(text), 0.0)
    assert doc.word_count == words


def test_eurlex_titles_are_headings_and_the_text_is_unchanged(tmp_path: Path) -> None:
    page = """<html><head><title>Regulation (EU) 2016/679</title></head><body>
<p class="doc-ti">REGULATION (EU) 2016/679</p>
<p id="d1" class="oj-ti-section-1"><span class="italic">CHAPTER I</span></p>
<p class="ti-section-2"><span class="bold">General provisions</span></p>
<p id="a1" class="ti-art">Article 1</p>
<p class="sti-art">Subject-matter and objectives</p>
<p class="normal">1. This Regulation lays down rules.</p>
</body></html>"""
    path = tmp_path / "gdpr.html"
    path.write_text(page, encoding="utf-8")
    doc = load(path)
    headings = [(b.level, doc.text[b.start : b.end]) for b in doc.blocks if b.kind == "heading"]
    assert headings == [(2, "CHAPTER I"), (2, "General provisions"), (3, "Article 1")]
    found = doc.heading_at(doc.text.index("lays down"))
    assert found is not None and found.title == "Article 1"
    assert "Subject-matter and objectives" in block_texts(doc, "paragraph")
    plain = tmp_path / "plain.html"
    plain.write_text(page.replace("class=", "data-x="), encoding="utf-8")
    assert load(plain).text == doc.text  # headings, not other words
