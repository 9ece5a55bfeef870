"""Self-contained HTML export: inline CSS, highlight colours, prints well, everything escaped.

The same HTML feeds the PDF writer (Qt's QTextDocument), so the markup keeps to what that
engine understands (class selectors, background colours, tables); browsers get a bit more.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from urllib.parse import urlsplit

from briefreader.core.models import AnchorStatus
from briefreader.core.names import display_name
from briefreader.core.textdiff import REMOVED, Piece, was_now

from .citing import CitationText, cite, web_address
from .common import (
    APPENDIX_TEXT,
    APPENDIX_TITLE,
    COLOR_HEX,
    FALLBACK_HEX,
    DocSection,
    Entry,
    Summary,
    file_uri,
)

_SAFE_SCHEMES = {"http", "https", "mailto", "file"}

_CSS = """
body { font-family: "Segoe UI", "Helvetica Neue", Arial, "DejaVu Sans", sans-serif;
       font-size: 10.5pt; line-height: 1.45; color: #1a1a1a; max-width: 46em;
       margin: 2em auto; padding: 0 1em; }
h1 { font-size: 18pt; margin: 0 0 0.3em 0; }
h2 { font-size: 14pt; margin: 1.4em 0 0.3em 0; border-bottom: 1px solid #bbb; }
h3 { font-size: 12pt; margin: 1.1em 0 0.3em 0; }
p.meta, p.since { color: #555; font-size: 9.5pt; margin: 0.2em 0; }
table.docmeta { border-collapse: collapse; margin: 0.3em 0 0.6em 0; font-size: 9.5pt; }
table.docmeta th { text-align: left; font-weight: bold; padding: 1px 12px 1px 0;
                   color: #444; vertical-align: top; }
table.docmeta td { padding: 1px 0; }
div.docnote { margin: 0.4em 0 0.8em 0; padding: 0.2em 0.8em; background-color: #f4f4f4; }
div.annotation { margin: 0.6em 0 1.1em 0; page-break-inside: avoid; break-inside: avoid; }
blockquote.quote { margin: 0.2em 0 0.3em 1.2em; padding: 0.1em 0 0.1em 0.7em;
                   border-left: 4px solid #999; font-style: italic; }
span.hl { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
div.note { margin: 0.2em 0; }
div.note p, div.note ul, div.note ol { margin: 0.2em 0 0.2em 1.2em; }
p.context { margin: 0.1em 0 0.1em 1.2em; color: #555; font-size: 9pt; }
span.swatch { padding: 0 0.6em; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
span.tag { color: #2f5d8a; }
span.status { color: #a34b00; font-weight: bold; }
p.was { margin: 0.1em 0 0.1em 1.2em; color: #555; font-size: 9pt; }
s.removed { color: #a30000; }
u.added { font-weight: bold; }
p.empty { color: #777; font-style: italic; }
p.cite { margin: 0.1em 0 0.1em 1.2em; color: #444; font-size: 9pt; }
div.intro { margin: 0.6em 0 1em 0; }
p.toc-title { font-size: 12pt; font-weight: bold; margin: 1em 0 0.3em 0; }
table.toc { border-collapse: collapse; margin: 0 0 1.2em 0; width: 100%; }
table.toc td { padding: 1px 0; }
table.toc td.page { text-align: right; padding-left: 12px; }
@page { margin: 18mm 16mm 20mm 16mm; }
@media print { body { margin: 0; max-width: none; } h2 { page-break-after: avoid; } }
"""


def _color_css() -> str:
    rules = [f".hl-{name} {{ background-color: {hex_}; }}" for name, hex_ in COLOR_HEX.items()]
    rules.append(f".hl-other {{ background-color: {FALLBACK_HEX}; }}")
    rules += [
        f"blockquote.quote-{name} {{ border-left-color: {hex_}; }}"
        for name, hex_ in COLOR_HEX.items()
    ]
    return "\n".join(rules)


def _color_class(color: str) -> str:
    return color if color in COLOR_HEX else "other"


def _e(text: str | None) -> str:
    return escape(text or "", quote=True)


def safe_href(url: str) -> str | None:
    """The URL when it is a harmless link (http(s), mailto, file), else None."""
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in _SAFE_SCHEMES else None


def _link(url: str, text: str) -> str:
    href = safe_href(url)
    if href is None:
        return _e(text)
    return f'<a href="{_e(href)}">{_e(text)}</a>'


def _multiline(text: str) -> str:
    return "<br>".join(_e(line) for line in text.split("\n"))


def citation(cited: CitationText) -> str:
    """A citation line as HTML: escaped, the title in italics."""
    return cited.text(_e, ("<i>", "</i>"))


def _sent_document_meta(summary: Summary, section: DocSection) -> list[str]:
    """A document as a recipient reads of it: where it comes from, how to cite it."""
    record = section.item.record
    rows: list[tuple[str, str]] = [
        (label, _e(value))
        for label, value in (
            ("Source", record.source),
            ("Author", record.author),
            ("Date", record.date),
        )
        if value
    ]
    url = web_address(record.url)
    if url:
        rows.append(("URL", _link(url, url)))
    rows.append(("Cite as", citation(section.citation)))
    out = ['<table class="docmeta">']
    out += [f"<tr><th>{label}</th><td>{value}</td></tr>" for label, value in rows]
    out.append("</table>")
    note = summary.notes(record.note)
    if note:
        out.append(f'<div class="docnote">{note}</div>')
    return out


def _document_meta(summary: Summary, section: DocSection) -> list[str]:
    if summary.to_send:
        return _sent_document_meta(summary, section)
    record = section.item.record
    rows: list[tuple[str, str]] = []
    if record.source:
        rows.append(("Source", _e(record.source)))
    if record.author:
        rows.append(("Author", _e(record.author)))
    if record.date:
        rows.append(("Date", _e(record.date)))
    if record.path:
        cell = _link(file_uri(record.path), display_name(record.path))
        if record.missing or section.item.document is None:
            cell += ' <span class="status">(file missing)</span>'
        rows.append(("File", cell))
    if record.url:
        rows.append(("URL", _link(record.url, record.url)))
    if record.tags:
        rows.append(("Tags", " ".join(f'<span class="tag">#{_e(t)}</span>' for t in record.tags)))
    rows.append(("Cite as", f'<span class="citation">{citation(cite(record))}</span>'))
    out = []
    if rows:
        out.append('<table class="docmeta">')
        out += [f"<tr><th>{label}</th><td>{value}</td></tr>" for label, value in rows]
        out.append("</table>")
    note = summary.notes(record.note)
    if note:
        out.append(f'<div class="docnote">{note}</div>')
    if not section.entries:
        out.append('<p class="empty">No highlights.</p>')
    return out


def _changed(kind: str, words: str) -> str:
    """Changed words: struck out when removed, underlined when added.

    ``<s>`` and ``<u>``, not ``<del>``/``<ins>``: the PDF is typeset from this HTML by Qt,
    which knows only the former.
    """
    if kind == REMOVED:
        return f'<s class="removed">{_multiline(words)}</s>'
    return f'<u class="added">{_multiline(words)}</u>'


def _wording(pieces: tuple[Piece, ...]) -> tuple[str, str]:
    """The original and the current quote as HTML, the changed words marked."""
    return was_now(pieces, _changed, _multiline)


def _context(entry: Entry) -> list[str]:
    """What is said under a quote: its colour's meaning, its place, tags, status; sending,
    only the meaning and tags (the citation says the place)."""
    annotation = entry.annotation
    cls = _color_class(annotation.color)
    swatch = f'<span class="swatch hl-{cls}">&#160;&#160;&#160;</span>&#160;'
    if entry.sending:
        context = [swatch + _e(entry.meaning or entry.color_name)]
    else:
        context = [swatch + _e(entry.color_label)]
        if entry.heading:
            context.append(f"§ {_e(entry.heading)}")
        if entry.page is not None:
            context.append(f"p.&#160;{entry.page}")
    if annotation.tags:
        context.append(" ".join(f'<span class="tag">#{_e(t)}</span>' for t in annotation.tags))
    if annotation.status is not AnchorStatus.ANCHORED and not entry.sending:
        context.append(
            f'<span class="status status-{_e(annotation.status.value)}">'
            f"⚠ {_e(entry.status_label)}</span>"
        )
    return context


def _entry(summary: Summary, entry: Entry) -> list[str]:
    annotation = entry.annotation
    cls = _color_class(annotation.color)
    # An annotation appears once per tag when grouped by tag: ids only where they are unique.
    unique = summary.by_document and not entry.sending
    anchor_id = f' id="a-{_e(annotation.uuid)}"' if unique else ""
    quote = entry.quote if entry.sending else annotation.anchor.exact
    out = [f'<div class="annotation color-{cls}"{anchor_id}>']
    was, now = _wording(entry.wording) if entry.wording else ("", "")  # () when sending
    out.append(
        f'<blockquote class="quote quote-{cls}"><span class="hl hl-{cls}">'
        f"{now or _multiline(quote)}</span></blockquote>"
    )
    if was:
        out.append(f'<p class="was">Was: “{was}”</p>')
    if entry.sending:
        out.append(f'<p class="cite">— {citation(entry.citation)}</p>')
    out.append('<p class="context">' + " · ".join(_context(entry)) + "</p>")
    note = summary.notes(annotation.note)
    if note:
        out.append(f'<div class="note">{note}</div>')
    out.append("</div>")
    return out


def contents(summary: Summary) -> list[str]:
    """The titles of the top-level parts (the ``<h2>`` headings), in order: a table of
    contents lists them."""
    if summary.by_document:
        titles = [section.item.record.title for section in summary.documents]
    else:
        titles = ["Documents"] + [group.title for group in summary.groups]
    if summary.appendix:
        titles.append(APPENDIX_TITLE)
    return titles


def _contents(summary: Summary, pages: Sequence[str]) -> list[str]:
    out = ['<p class="toc-title">Contents</p>', '<table class="toc">']
    for title, page in zip(contents(summary), pages, strict=False):
        out.append(f'<tr><td>{_e(title)}</td><td class="page">{_e(page)}</td></tr>')
    out.append("</table>")
    return out


def _sections(summary: Summary, section: DocSection) -> list[str]:
    """A document's entries, under the headings of its sections when grouped by section."""
    if not summary.by_section:
        return [line for entry in section.entries for line in _entry(summary, entry)]
    out = []
    for heading, entries in section.by_heading():
        out.append(f"<h3>{_e(heading)}</h3>")
        out += [line for entry in entries for line in _entry(summary, entry)]
    return out


def _appendix(summary: Summary) -> list[str]:
    if not summary.appendix:
        return []
    out = [f"<h2>{_e(APPENDIX_TITLE)}</h2>", f'<p class="since">{_e(APPENDIX_TEXT)}</p>']
    for section in summary.appendix:
        out.append(f"<h3>{_e(section.item.record.title)}</h3>")
        for entry in section.entries:
            out.append(f'<blockquote class="quote">{_multiline(entry.quote)}</blockquote>')
            out.append(f'<p class="cite">— {citation(section.citation)}</p>')
    return out


def _header(summary: Summary, generator: str) -> list[str]:
    out = [f"<h1>{_e(summary.title)}</h1>"]
    if summary.to_send:
        if summary.intro:
            out.append(f'<div class="intro">{summary.notes(summary.intro)}</div>')
        out.append(
            f'<p class="meta">{_e(summary.generated_text[:10])} · {_e(summary.counts_text)}</p>'
        )
        return out
    out.append(
        f'<p class="meta">Generated {_e(summary.generated_text)} by {_e(generator)}'
        f" · {_e(summary.counts_text)}</p>"
    )
    if summary.intro:
        out.append(f'<div class="intro">{summary.notes(summary.intro)}</div>')
    return out


def render_html_text(summary: Summary, toc_pages: Sequence[str] | None = None) -> str:
    """The whole export as one HTML page (a string, for the PDF writer). With ``toc_pages``
    (one per entry of ``contents(summary)``) it opens with a table of contents."""
    options = summary.options
    generator = f"{options.app_name} {options.app_version}"
    scope_meta = (
        []
        if summary.to_send
        else [f'<meta name="briefreader:scope" content="{_e(summary.scope.key)}">']
    )
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta name="generator" content="{_e(generator)}">',
        *scope_meta,
        f"<title>{_e(summary.title)}</title>",
        f"<style>{_CSS}{_color_css()}\n</style>",
        "</head>",
        "<body>",
        *_header(summary, generator),
    ]
    if toc_pages is not None:
        out += _contents(summary, toc_pages)
    if summary.since_text:
        out.append(f'<p class="since">{_e(summary.since_text)}</p>')
    if summary.by_document:
        for section in summary.documents:
            out.append(
                f'<h2 id="d-{_e(section.item.record.doc_id)}">{_e(section.item.record.title)}</h2>'
            )
            out += _document_meta(summary, section)
            out += _sections(summary, section)
    else:
        out.append("<h2>Documents</h2>")
        for section in summary.documents:
            out.append(f"<h3>{_e(section.item.record.title)}</h3>")
            out += _document_meta(summary, section)
        for group in summary.groups:
            key = _color_class(group.key) if summary.options.group_by == "color" else ""
            swatch = f'<span class="swatch hl-{key}">&#160;&#160;&#160;</span>&#160;' if key else ""
            out.append(f"<h2>{swatch}{_e(group.title)}</h2>")
            for section in group.sections:
                out.append(f"<h3>{_e(section.item.record.title)}</h3>")
                for entry in section.entries:
                    out += _entry(summary, entry)
    out += _appendix(summary)
    out += ["</body>", "</html>", ""]
    return "\n".join(out)


def render_html(summary: Summary) -> bytes:
    return render_html_text(summary).encode("utf-8")
