"""PDF export through Qt: real text, the quotes and notes in it, page numbers in the footer."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import importlib.util
import io
import re
import subprocess
import sys
import unicodedata
from pathlib import Path
from types import ModuleType

import pypdf
import pytest

from briefreader.core.export.registry import render
from briefreader.gui.pdf_export import register_pdf_export, render_pdf

TESTS = Path(__file__).resolve().parent.parent


def _load_sample() -> ModuleType:
    name = "briefreader_export_sample"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, TESTS / "fixtures/export/sample.py")
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


sample = _load_sample()


def squash(text: str) -> str:
    """Text without white space or ligatures: PDF extraction splits and joins words freely."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def pages_text(pdf: bytes) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return [squash(page.extract_text()) for page in reader.pages]


@pytest.fixture
def sample_pdf(qapp: object) -> bytes:
    register_pdf_export()  # as the window and the CLI do before an export
    s = sample.build_sample()
    return render("pdf", s.scope, s.items, s.options)


def test_pdf_has_the_quotes_and_notes_as_text(sample_pdf: bytes) -> None:
    assert sample_pdf.startswith(b"%PDF")
    text = "".join(pages_text(sample_pdf))
    for phrase in (
        "Annotated summary: whole library",
        "covers about 40 % of emissions",
        "Allowance prices reached €100 in February 2023",
        "the « Fit for 55 » package adds a second system",
        "Renewables supplied 44 % of electricity",
        "Grid investment must double by 2030",
        "This memo is superseded.",
        '=HYPERLINK("http://evil") <script>alert(1)</script>',
        "Prices fell since.",
        "Check the number.",
        "Kept for the record.",
        "voir la deuxième partie",
        "Yellow — Key finding",
        "§ Energy · p. 2",
        "approximate match: please check",
    ):
        assert squash(phrase) in text, phrase
    assert "onerror" not in text


def test_every_page_has_its_number_in_the_footer(sample_pdf: bytes) -> None:
    pages = pages_text(sample_pdf)
    assert len(pages) >= 2
    for number, text in enumerate(pages, 1):
        assert f"Page{number}of{len(pages)}" in text


def test_pdf_title_comes_from_the_html(sample_pdf: bytes) -> None:
    reader = pypdf.PdfReader(io.BytesIO(sample_pdf))
    assert reader.metadata is not None
    assert reader.metadata.title == "Annotated summary: whole library"


def test_render_pdf_paginates_long_html(qapp: object) -> None:
    paragraphs = "".join(f"<p>Paragraph number {i} of the long brief.</p>" for i in range(300))
    pdf = render_pdf(f"<html><head><title>Long</title></head><body>{paragraphs}</body></html>")
    pages = pages_text(pdf)
    assert len(pages) > 3
    assert "Paragraphnumber0ofthelongbrief." in pages[0]
    assert "Paragraphnumber299ofthelongbrief." in pages[-1]
    assert f"Page{len(pages)}of{len(pages)}" in pages[-1]


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux display variables")
def test_pdf_export_works_without_a_display_or_platform_setting() -> None:
    """The CLI on a server: no DISPLAY, no QT_QPA_PLATFORM, no Qt application yet."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"}
    }
    code = (
        "from briefreader.gui.pdf_export import render_pdf\n"
        "data = render_pdf('<p>headless</p>')\n"
        "assert data.startswith(b'%PDF'), data[:10]\n"
        "print('ok')\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip() == "ok"


def test_no_page_ends_with_a_heading(qapp: object) -> None:
    sections = "".join(
        f"<h2>Heading {i}</h2>" + "<p>A line of the brief that takes some room.</p>" * (1 + i % 4)
        for i in range(80)
    )
    pdf = render_pdf(f"<html><body>{sections}</body></html>")
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) > 3
    seen: list[str] = []
    for page in reader.pages:
        lines = [ln.strip() for ln in page.extract_text().splitlines() if ln.strip()]
        body = [ln for ln in lines if not re.fullmatch(r"Page\s+\d+\s+of\s+\d+", ln)]
        assert not re.fullmatch(r"Heading\s+\d+", body[-1]), body[-3:]
        seen += re.findall(r"Heading\s+(\d+)", " ".join(body))
    assert seen == [str(i) for i in range(80)]  # moving headings loses nothing


def test_pdf_brief_opens_with_contents_giving_each_parts_page(qapp: object) -> None:
    register_pdf_export()
    s = sample.build_sample("document", "send", title="Carbon and energy")
    pages = pages_text(render("pdf", s.scope, s.items, s.options))
    first = pages[0]
    assert first.startswith(squash("Carbon and energy")) and "Contents" in first
    parts = ["Annualreport2023", "Retiredmemo", "Appendix:passagesnotfoundinthecurrentdocuments"]
    for part in parts:
        listed = re.search(re.escape(part) + r"(\d+)", first.split("Contents", 1)[1])
        assert listed, part
        page = int(listed.group(1))
        body = pages[page - 1].split("Contents", 1)[-1] if page == 1 else pages[page - 1]
        assert part in body, (part, page)
    assert all(f"Page{n}of{len(pages)}" in text for n, text in enumerate(pages, start=1))
    assert "orphaned" not in "".join(pages).lower() and "file:" not in "".join(pages)
