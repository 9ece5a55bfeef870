"""A small CRS-like library for the works, citation and metadata tests: the markdown
export and the PDF of one In Focus report (same report number, two formats), an older
version of it, and an unrelated memo."""

from __future__ import annotations

from pathlib import Path

from pdf_builder import PdfBuilder, Run, paragraph

TITLE = "China's 15th Five-Year Plan: S&T and Economic Priorities"
NUMBER = "IF13204"
AUTHOR = "Karen M. Sutter"
PDF_URL = "https://crsreports.congress.gov/product/pdf/IF/IF13204"
OPENING = "On March 12, 2026, the legislature of the People's"
PAGE_2_SENTENCE = "The plan calls for extraordinary measures in semiconductors."

CRS_MARKDOWN = f"""\
# {TITLE}

**Product Type:** In Focus
**Report No.:** {NUMBER}
**Version:** {{version}}
**Publication Date:** {{date}}
**Author(s):** Sutter, Karen M.
**Source:** https://www.congress.gov/crs-product/{NUMBER}?s=1&r=8

---

# {TITLE}

On March 12, 2026, the legislature of the People's Republic of China approved the plan.

## S&T Independence and Leadership

{PAGE_2_SENTENCE} It reinforces indigenous innovation.
"""

MEMO = """\
---
title: Trade talks memo
date: 2024-05-02
source: Office of the USTR
---
# Trade talks memo

Tariffs on solar cells and the next round of talks.
"""


def crs_markdown(version: int = 2, date: str = "04/16/2026") -> str:
    return CRS_MARKDOWN.format(version=version, date=date)


def crs_pdf(version: int = 2) -> bytes:
    """A three-page In Focus PDF: the CRS address and "IF13204 · VERSION 2 · NEW" only in
    the running footer (left out of the canonical text), the author on the last page."""
    footer = [
        Run(72, 770, f"https://crsreports.congress.gov | {NUMBER} · VERSION {version} · NEW", 8)
    ]
    builder = PdfBuilder(info={"Producer": "iText 7", "CreationDate": "D:20260417105912"})
    builder.page(
        [
            Run(72, 80, "Updated April 16, 2026", 10),
            Run(72, 110, TITLE, 16, bold=True),
            *paragraph(72, 150, [OPENING, "Republic of China approved the plan."]),
            *footer,
        ]
    )
    builder.page(
        [
            Run(72, 80, "S&T Independence and Leadership", 12, bold=True),
            *paragraph(72, 110, [PAGE_2_SENTENCE, "It reinforces indigenous innovation."]),
            *footer,
        ]
    )
    builder.page(
        [
            *paragraph(72, 80, ["The plan sets priorities that are to receive support."]),
            Run(72, 130, f"{AUTHOR}, Specialist in Asian Trade and Finance", 10),
            *footer,
        ]
    )
    return builder.build()


def write_crs_library(folder: Path) -> Path:
    """``folder`` with the md and PDF of IF13204 v2, the md of v1, and a memo."""
    (folder / "markdown").mkdir(parents=True, exist_ok=True)
    (folder / "pdf").mkdir(exist_ok=True)
    (folder / "markdown" / f"{NUMBER}v2-china-s-15th-five-year-plan.md").write_text(
        crs_markdown(2), encoding="utf-8"
    )
    (folder / "markdown" / f"{NUMBER}v1-china-s-15th-five-year-plan.md").write_text(
        crs_markdown(1, "03/20/2026"), encoding="utf-8"
    )
    (folder / "pdf" / f"{NUMBER}.2.pdf").write_bytes(crs_pdf(2))
    (folder / "memo.md").write_text(MEMO, encoding="utf-8")
    return folder
