"""Word (.docx) export with python-docx: headings, highlighted quoted passages, notes."""

from __future__ import annotations

import io
import re
from datetime import datetime
from html.parser import HTMLParser

import docx
from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from briefreader.core.models import AnchorStatus
from briefreader.core.names import display_name
from briefreader.core.textdiff import ADDED, REMOVED, Piece, runs

from .citing import CitationText, cite, web_address
from .common import (
    APPENDIX_TEXT,
    APPENDIX_TITLE,
    DocSection,
    Entry,
    NoteRenderer,
    Summary,
    color_hex,
)

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_GREY = RGBColor(0x55, 0x55, 0x55)
_NOTE_QUOTE = "note-quote"  # a block quote inside a note: indented italics, not "Quote" style
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_BLOCKS = {"p", "pre", "tr", "dt", "dd", "hr", *_HEADINGS}


def clean(text: str) -> str:
    """Text without the characters XML (and so Word) cannot hold."""
    return _XML_INVALID.sub("", text)


def _shade(run: Run, hex_color: str) -> None:
    """Give a run a background colour (any RGB, unlike Word's few highlight colours)."""
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), hex_color.lstrip("#").upper())
    run._r.get_or_add_rPr().append(shading)


class _Body:
    """Appends paragraphs to a python-docx document in constant time.

    ``Document.add_paragraph`` looks the style up by name and scans the whole body for the
    section properties on every call, which makes long exports quadratic; this keeps the
    style ids and the insertion point instead. Same two methods, same results.
    """

    def __init__(self, document: DocxDocument, notes: NoteRenderer) -> None:
        self.document = document
        self.notes = notes
        self._body = document.element.body
        self._end = self._body.sectPr
        self._style_ids: dict[str, str] = {}

    def _style_id(self, name: str) -> str:
        if name not in self._style_ids:
            self._style_ids[name] = self.document.styles[name].style_id
        return self._style_ids[name]

    def add_paragraph(self, text: str = "", style: str | None = None) -> Paragraph:
        element = OxmlElement("w:p")
        if self._end is not None:
            self._end.addprevious(element)
        else:
            self._body.append(element)
        if style:
            element.style = self._style_id(style)
        paragraph = Paragraph(element, self.document._body)
        if text:
            paragraph.add_run(text)
        return paragraph

    def add_heading(self, text: str, level: int) -> Paragraph:
        return self.add_paragraph(text, "Title" if level == 0 else f"Heading {level}")


def _add_lines(paragraph: Paragraph, text: str) -> Run:
    """Add text as one run, with line breaks for its newlines."""
    run = paragraph.add_run()
    for i, line in enumerate(clean(text).split("\n")):
        if i:
            run.add_break()
        run.add_text(line)
    return run


class _NoteWriter(HTMLParser):
    """Writes sanitised note HTML (from Markdown) as Word paragraphs and runs."""

    def __init__(self, doc: _Body, indent: Pt | None = None) -> None:
        super().__init__(convert_charrefs=True)
        self.doc = doc
        self.indent = indent
        self.paragraph: Paragraph | None = None
        self.style: str | None = None
        self.lists: list[str] = []
        self.containers: list[str] = []  # paragraph styles of the open li / blockquote
        self.bold = self.italic = self.code = self.strike = 0
        self.href: str | None = None

    def _start_block(self, style: str | None) -> None:
        self.paragraph = None
        self.style = style

    def _container_style(self) -> str | None:
        return self.containers[-1] if self.containers else None

    def _ensure_paragraph(self) -> Paragraph:
        if self.paragraph is None:
            quoted = self.style == _NOTE_QUOTE
            self.paragraph = self.doc.add_paragraph(style=None if quoted else self.style)
            indent = self.indent or Pt(0)
            if quoted:
                self.paragraph.paragraph_format.left_indent = indent + Pt(18)
            elif self.indent is not None and self.style is None:
                self.paragraph.paragraph_format.left_indent = self.indent
        return self.paragraph

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("ul", "ol"):
            self.lists.append(tag)
        elif tag in ("li", "blockquote"):
            if tag == "blockquote":
                style = _NOTE_QUOTE
            else:
                style = "List Number" if self.lists and self.lists[-1] == "ol" else "List Bullet"
            self.containers.append(style)
            self._start_block(style)
        elif tag in _BLOCKS:
            self._start_block(self._container_style())
            if tag in _HEADINGS:
                self.bold += 1
        elif tag in ("strong", "b"):
            self.bold += 1
        elif tag in ("em", "i"):
            self.italic += 1
        elif tag == "code":
            self.code += 1
        elif tag in ("del", "s"):
            self.strike += 1
        elif tag == "a":
            self.href = dict(attrs).get("href")
        elif tag == "br" and self.paragraph is not None:
            self.paragraph.add_run().add_break()
        elif tag in ("td", "th") and self.paragraph is not None:
            self.paragraph.add_run(" | ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("ul", "ol"):
            if self.lists:
                self.lists.pop()
            self._start_block(self._container_style())
        elif tag in ("li", "blockquote"):
            if self.containers:
                self.containers.pop()
            self._start_block(self._container_style())
        elif tag in _BLOCKS:
            if tag in _HEADINGS:
                self.bold -= 1
            self._start_block(self._container_style())
        elif tag in ("strong", "b"):
            self.bold -= 1
        elif tag in ("em", "i"):
            self.italic -= 1
        elif tag == "code":
            self.code -= 1
        elif tag in ("del", "s"):
            self.strike -= 1
        elif tag == "a":
            if self.href and self.paragraph is not None:
                self.paragraph.add_run(f" ({clean(self.href)})").font.color.rgb = _GREY
            self.href = None

    def handle_data(self, data: str) -> None:
        if self.paragraph is None and not data.strip():
            return
        text = clean(data if self.code else re.sub(r"\s+", " ", data))
        if self.paragraph is None:
            text = text.lstrip()
        run = self._ensure_paragraph().add_run(text)
        run.bold = bool(self.bold) or None
        run.italic = bool(self.italic) or _NOTE_QUOTE in self.containers or None
        run.font.strike = bool(self.strike) or None
        if self.code:
            run.font.name = "Consolas"


def _add_note(doc: _Body, note: str, indent: Pt | None = None) -> None:
    html = doc.notes(note)
    if html:
        writer = _NoteWriter(doc, indent)
        writer.feed(html)
        writer.close()


def _label(paragraph: Paragraph, label: str, value: str) -> None:
    paragraph.add_run(f"{label}: ").bold = True
    paragraph.add_run(clean(value))


def _add_citation(paragraph: Paragraph, cited: CitationText) -> None:
    """A citation in runs, the title in italics."""
    paragraph.add_run(clean(cited.before))
    paragraph.add_run(clean(cited.title)).italic = True
    paragraph.add_run(clean(cited.after))


def _sent_document_meta(doc: _Body, section: DocSection) -> None:
    """A document as a recipient reads of it: where it comes from, how to cite it."""
    record = section.item.record
    for label, value in (
        ("Source", record.source),
        ("Author", record.author),
        ("Date", record.date),
        ("URL", web_address(record.url)),
    ):
        if value:
            _label(doc.add_paragraph(), label, value)
    cite = doc.add_paragraph()
    cite.add_run("Cite as: ").bold = True
    _add_citation(cite, section.citation)
    if record.note.strip():
        _add_note(doc, record.note)


def _document_meta(doc: _Body, section: DocSection, sending: bool = False) -> None:
    if sending:
        _sent_document_meta(doc, section)
        return
    record = section.item.record
    for label, value in (
        ("Source", record.source),
        ("Author", record.author),
        ("Date", record.date),
        ("File", display_name(record.path)),
        ("URL", record.url),
    ):
        if value:
            paragraph = doc.add_paragraph()
            _label(paragraph, label, value)
            if label == "File" and (record.missing or section.item.document is None):
                paragraph.add_run(" (file missing)").italic = True
    if record.tags:
        _label(doc.add_paragraph(), "Tags", " ".join(f"#{t}" for t in record.tags))
    cited = doc.add_paragraph()
    cited.add_run("Cite as: ").bold = True
    _add_citation(cited, cite(record))
    if record.note.strip():
        doc.add_paragraph().add_run("Document note").bold = True
        _add_note(doc, record.note)
    if not section.entries:
        doc.add_paragraph().add_run("No highlights.").italic = True


def _sent_entry(doc: _Body, entry: Entry) -> None:
    """A passage in a brief: the quote (Quote style, shaded in its colour), its citation
    (Caption style), the colour's meaning and tags, the note."""
    annotation = entry.annotation
    quote = doc.add_paragraph(style="Quote")
    _shade(_add_lines(quote, entry.quote), color_hex(annotation.color))
    cite = doc.add_paragraph(style="Caption")
    cite.paragraph_format.left_indent = Pt(18)
    cite.add_run("— ")
    _add_citation(cite, entry.citation)
    context = doc.add_paragraph()
    context.paragraph_format.left_indent = Pt(18)
    _shade(context.add_run("\u00a0\u00a0\u00a0"), color_hex(annotation.color))
    parts = [entry.meaning or entry.color_name]
    if annotation.tags:
        parts.append(" ".join(f"#{t}" for t in annotation.tags))
    run = context.add_run(clean(" " + " · ".join(parts)))
    run.font.size = Pt(9)
    run.font.color.rgb = _GREY
    _add_note(doc, annotation.note, indent=Pt(18))


def _entries(doc: _Body, summary: Summary, section: DocSection) -> None:
    """A document's entries, under Heading 2 for each section when grouped by section."""
    if summary.by_section:
        for heading, entries in section.by_heading():
            doc.add_heading(clean(heading), level=2)
            for entry in entries:
                _entry(doc, entry)
        return
    for entry in section.entries:
        _entry(doc, entry)


def _appendix(doc: _Body, summary: Summary) -> None:
    if not summary.appendix:
        return
    doc.add_heading(APPENDIX_TITLE, level=1)
    doc.add_paragraph().add_run(APPENDIX_TEXT).italic = True
    for section in summary.appendix:
        doc.add_heading(clean(section.item.record.title), level=2)
        for entry in section.entries:
            _add_lines(doc.add_paragraph(style="Quote"), entry.quote)
            cite = doc.add_paragraph(style="Caption")
            cite.add_run("— ")
            _add_citation(cite, section.citation)


def _add_wording(paragraph: Paragraph, pieces: tuple[Piece, ...], side: str) -> list[Run]:
    """One side of a changed quote (the pieces not of the other side), changes marked:
    removed words struck out, added ones bold and underlined."""
    added = []
    for kind, text in runs(pieces, side):
        run = _add_lines(paragraph, text)
        if kind == REMOVED:
            run.font.strike = True
        elif kind == ADDED:
            run.bold = run.underline = True
        added.append(run)
    return added


def _entry(doc: _Body, entry: Entry) -> None:
    if entry.sending:
        _sent_entry(doc, entry)
        return
    annotation = entry.annotation
    quote = doc.add_paragraph(style="Quote")
    if entry.wording:
        for run in _add_wording(quote, entry.wording, ADDED):
            _shade(run, color_hex(annotation.color))
        was = doc.add_paragraph()
        was.paragraph_format.left_indent = Pt(18)
        label = was.add_run("Was: “")
        runs = [label, *_add_wording(was, entry.wording, REMOVED), was.add_run("”")]
        for run in runs:
            run.font.size = Pt(9)
            run.font.color.rgb = _GREY
    else:
        _shade(_add_lines(quote, annotation.anchor.exact), color_hex(annotation.color))
    parts = [entry.color_label]
    if entry.heading:
        parts.append(f"§ {entry.heading}")
    if entry.page is not None:
        parts.append(f"p. {entry.page}")
    if annotation.tags:
        parts.append(" ".join(f"#{t}" for t in annotation.tags))
    if annotation.status is not AnchorStatus.ANCHORED:
        parts.append(f"⚠ {entry.status_label}")
    context = doc.add_paragraph()
    context.paragraph_format.left_indent = Pt(18)
    swatch = context.add_run("\u00a0\u00a0\u00a0")
    _shade(swatch, color_hex(annotation.color))
    run = context.add_run(clean(" " + " · ".join(parts)))
    run.font.size = Pt(9)
    run.font.color.rgb = _GREY
    _add_note(doc, annotation.note, indent=Pt(18))


def _set_properties(doc: DocxDocument, summary: Summary) -> None:
    props = doc.core_properties
    props.title = clean(summary.title)[:255]
    props.author = summary.options.app_name
    props.comments = f"Generated by {summary.options.app_name} {summary.options.app_version}"
    try:
        moment = datetime.fromisoformat(summary.options.generated_at.replace("Z", "+00:00"))
    except ValueError:
        return
    props.created = props.modified = moment.replace(tzinfo=None)
    props.revision = 1


def render_docx(summary: Summary) -> bytes:
    document = docx.Document()
    _set_properties(document, summary)
    doc = _Body(document, summary.notes)
    doc.add_heading(clean(summary.title), level=0)
    sending = summary.to_send
    if sending:
        if summary.intro:
            _add_note(doc, summary.intro)
        doc.add_paragraph(f"{summary.generated_text[:10]} · {summary.counts_text}")
    else:
        generator = f"{summary.options.app_name} {summary.options.app_version}"
        doc.add_paragraph(
            f"Generated {summary.generated_text} by {generator} · {summary.counts_text}"
        )
        if summary.intro:
            _add_note(doc, summary.intro)
    if summary.since_text:
        doc.add_paragraph().add_run(summary.since_text).italic = True
    if summary.by_document:
        for section in summary.documents:
            doc.add_heading(clean(section.item.record.title), level=1)
            _document_meta(doc, section, sending)
            _entries(doc, summary, section)
    else:
        doc.add_heading("Documents", level=1)
        for section in summary.documents:
            doc.add_heading(clean(section.item.record.title), level=2)
            _document_meta(doc, section, sending)
        for group in summary.groups:
            doc.add_heading(clean(group.title), level=1)
            for section in group.sections:
                doc.add_heading(clean(section.item.record.title), level=2)
                for entry in section.entries:
                    _entry(doc, entry)
    _appendix(doc, summary)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
