"""Documents built by hand, block by block, with every block kind the reader draws."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from briefreader.core.models import Block, Document, Span

Segment = str | tuple[str, str | tuple[str, ...]] | tuple[str, str | tuple[str, ...], str]


class DocBuilder:
    """Appends blocks; keeps ``text == "\\n".join(block texts)`` true by construction."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.blocks: list[Block] = []
        self.length = 0
        self.pages: list[int] = []
        self.page: int | None = None

    def new_page(self) -> None:
        self.page = (self.page or 0) + 1
        self.pages.append(self.length + (1 if self.blocks else 0))

    def add(self, kind: str, *segments: Segment, **fields: object) -> Block:
        if self.blocks:
            self.parts.append("\n")
            self.length += 1
        start = self.length
        spans: list[Span] = []
        for segment in segments:
            if isinstance(segment, str):
                text, styles, href = segment, (), None
            else:
                text, styles = segment[0], segment[1]
                href = segment[2] if len(segment) > 2 else None
                styles = (styles,) if isinstance(styles, str) else styles
            for style in styles:
                link = href if style == "link" else None
                spans.append(Span(self.length, self.length + len(text), style, link))
            self.parts.append(text)
            self.length += len(text)
        if self.page is not None:
            fields.setdefault("page", self.page)
        block = Block(kind, start, self.length, spans=tuple(spans), **fields)  # type: ignore[arg-type]
        self.blocks.append(block)
        return block

    def table(self, rows: Sequence[Sequence[str]], table: int, header: bool = True) -> None:
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                self.add("table_cell", cell, table=table, row=r, col=c, header=header and r == 0)

    def build(self, title: str = "Sample", fmt: str = "markdown", path: str = "") -> Document:
        text = "".join(self.parts)
        assert text == "\n".join(text[b.start : b.end] for b in self.blocks)
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        return Document(
            path=path or f"/tmp/{title.lower().replace(' ', '-')}.md",
            format=fmt,
            title=title,
            text=text,
            blocks=tuple(self.blocks),
            content_hash=digest,
            size=len(text.encode("utf-8")),
            mtime=0.0,
            pages=tuple(self.pages),
        )


def rich_document() -> Document:
    """Every block kind, nested spans, tables, CJK, astral characters and U+202F."""
    d = DocBuilder()
    d.add("heading", "Export controls: a brief 📘", level=1)
    d.add(
        "paragraph",
        "The rule took effect on 17\u202fOctober 2023 and ",
        ("tightened", "bold"),
        " the ",
        ("licence", "italic"),
        " regime for ",
        ("ECCN 3A090", "code"),
        " items; see ",
        ("the Federal Register", ("link", "italic"), "https://www.federalregister.gov/"),
        ".",
    )
    d.add("heading", "Findings", level=2)
    d.add("list_item", "Advanced chips 🧮 are covered", level=1)
    d.add("list_item", "Nested: ", ("US persons", "bold"), " may not support fabs", level=2)
    d.add("list_item", "Back at the first level", level=1)
    d.add("list_item", "First step", level=1, ordered=True, number=1)
    d.add("list_item", "Second step with 𝔘𝔫𝔦𝔠𝔬𝔡𝔢", level=1, ordered=True, number=2)
    d.add("list_item", "Third step", level=1, ordered=True, number=3)
    d.add("quote", "“Controls must keep pace with technology,” the Secretary said.", level=1)
    d.add("quote", "A nested remark 🙂 inside the quote.", level=2)
    d.add("code", "def threshold(tpp: int) -> bool:")
    d.add("code", "    return tpp >= 4800  # 🚀")
    d.add("code", "")
    d.add("code", "print(threshold(5000))")
    d.add("rule")
    d.add("paragraph", "Table 1 shows the thresholds:")
    d.table(
        [["Metric", "Threshold", "Note 🗒"], ["TPP", "4800", "total"], ["PD", "5.92", "密度"]], 0
    )
    d.add("paragraph", "中文段落：出口管制条例适用于先进计算芯片。", ("关键", "bold"), "词。")
    d.add("blank")
    d.add(
        "paragraph",
        "Mixed 🇫🇷 flags, e\u0301 combining, H",
        ("2", "sub"),
        "O and x",
        ("2", "sup"),
        " and ",
        ("struck", "strike"),
        " and ",
        ("marked", "mark"),
        " text ends with an emoji 😀",
    )
    d.add("heading", "Annex", level=3)
    d.table([["A", "B"], ["1", ""], ["𝟙", "two"]], 1)
    d.table([["only", "cells"]], 2, header=False)
    d.add("paragraph", "Last line after two tables. 𝄞")
    return d.build("Export controls brief")


def table_first_document() -> Document:
    """A document that starts and ends with a table."""
    d = DocBuilder()
    d.table([["Year", "Value"], ["2023", "10 😀"]], 0)
    d.add("paragraph", "Between the tables.")
    d.table([["x", "y"]], 1, header=False)
    return d.build("Tables")


def pdf_document(pages: int = 3) -> Document:
    """PDF-like: lines as paragraph blocks, ``page`` set, ``pages`` offsets."""
    d = DocBuilder()
    for page in range(1, pages + 1):
        d.new_page()
        d.add("heading", f"Section {page}", level=2)
        for line in range(4):
            d.add("paragraph", f"Page {page}, line {line + 1}: the measures apply to 𝑥 items.")
    return d.build("Report", fmt="pdf", path="/tmp/report.pdf")


def long_document(paragraphs: int = 400) -> Document:
    d = DocBuilder()
    d.add("heading", "A long report", level=1)
    for i in range(paragraphs):
        if i % 40 == 0:
            d.add("heading", f"Part {i // 40 + 1}", level=2)
        d.add(
            "paragraph",
            f"Paragraph {i}: policy analysts read long briefings closely and mark the "
            "passages they will quote; the reader keeps every offset exact. ",
            ("Bold", "bold"),
            " words 😀 appear.",
        )
    return d.build("Long report")


def odd_characters_document() -> Document:
    """Characters that QTextCursor.insertText would turn into block or frame breaks."""
    d = DocBuilder()
    d.add("paragraph", "para\u2029graph sep, carriage\rreturn, frame \ufdd0 \ufdd1 chars")
    d.add("paragraph", "tab\there and line\u2028separator")
    return d.build("Odd characters", fmt="text", path="/tmp/odd.txt")


def empty_document() -> Document:
    return DocBuilder().build("Empty", fmt="text", path="/tmp/empty.txt")


ALL_DOCUMENTS = {
    "rich": rich_document,
    "tables": table_first_document,
    "pdf": pdf_document,
    "odd": odd_characters_document,
}
