"""Self-contained HTML export: inline CSS, highlight colours, prints well, everything escaped.

The same HTML feeds the PDF writer (Qt's QTextDocument), so the markup keeps to what that
engine understands (class selectors, background colours, tables); browsers get a bit more.
"""

from __future__ import annotations

from html import escape
from urllib.parse import urlsplit

from briefreader.core.models import AnchorStatus

from .citation import document_citation
from .common import (
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
div.note { margin: 0.2em 0 0.2em 1.2em; }
div.note p { margin: 0.2em 0; }
p.context { margin: 0.1em 0 0.1em 1.2em; color: #555; font-size: 9pt; }
span.swatch { padding: 0 0.6em; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
span.tag { color: #2f5d8a; }
span.status { color: #a34b00; font-weight: bold; }
p.empty { color: #777; font-style: italic; }
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


def _document_meta(summary: Summary, section: DocSection) -> list[str]:
    record = section.item.record
    rows: list[tuple[str, str]] = []
    if record.source:
        rows.append(("Source", _e(record.source)))
    if record.author:
        rows.append(("Author", _e(record.author)))
    if record.date:
        rows.append(("Date", _e(record.date)))
    if record.path:
        cell = _link(file_uri(record.path), record.path)
        if record.missing or section.item.document is None:
            cell += ' <span class="status">(file missing)</span>'
        rows.append(("File", cell))
    if record.url:
        rows.append(("URL", _link(record.url, record.url)))
    if record.tags:
        rows.append(("Tags", " ".join(f'<span class="tag">#{_e(t)}</span>' for t in record.tags)))
    rows.append(("Cite as", f'<span class="citation">{document_citation(record).html()}</span>'))
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


def _entry(summary: Summary, entry: Entry) -> list[str]:
    annotation = entry.annotation
    cls = _color_class(annotation.color)
    # An annotation appears once per tag when grouped by tag: ids only where they are unique.
    anchor_id = f' id="a-{_e(annotation.uuid)}"' if summary.by_document else ""
    out = [f'<div class="annotation color-{cls}"{anchor_id}>']
    out.append(
        f'<blockquote class="quote quote-{cls}"><span class="hl hl-{cls}">'
        f"{_multiline(annotation.anchor.exact)}</span></blockquote>"
    )
    swatch = f'<span class="swatch hl-{cls}">&#160;&#160;&#160;</span>&#160;'
    context = [swatch + _e(entry.color_label)]
    if entry.heading:
        context.append(f"§ {_e(entry.heading)}")
    if entry.page is not None:
        context.append(f"p.&#160;{entry.page}")
    if annotation.tags:
        context.append(" ".join(f'<span class="tag">#{_e(t)}</span>' for t in annotation.tags))
    if annotation.status is not AnchorStatus.ANCHORED:
        context.append(
            f'<span class="status status-{_e(annotation.status.value)}">'
            f"⚠ {_e(entry.status_label)}</span>"
        )
    out.append('<p class="context">' + " · ".join(context) + "</p>")
    note = summary.notes(annotation.note)
    if note:
        out.append(f'<div class="note">{note}</div>')
    out.append("</div>")
    return out


def render_html_text(summary: Summary) -> str:
    """The whole export as one HTML page (a string, for the PDF writer)."""
    options = summary.options
    generator = f"{options.app_name} {options.app_version}"
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta name="generator" content="{_e(generator)}">',
        f'<meta name="briefreader:scope" content="{_e(summary.scope.key)}">',
        f"<title>{_e(summary.title)}</title>",
        f"<style>{_CSS}{_color_css()}\n</style>",
        "</head>",
        "<body>",
        f"<h1>{_e(summary.title)}</h1>",
        f'<p class="meta">Generated {_e(summary.generated_text)} by {_e(generator)}'
        f" · {_e(summary.counts_text)}</p>",
    ]
    if summary.since_text:
        out.append(f'<p class="since">{_e(summary.since_text)}</p>')
    if summary.by_document:
        for section in summary.documents:
            out.append(
                f'<h2 id="d-{_e(section.item.record.doc_id)}">{_e(section.item.record.title)}</h2>'
            )
            out += _document_meta(summary, section)
            for entry in section.entries:
                out += _entry(summary, entry)
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
    out += ["</body>", "</html>", ""]
    return "\n".join(out)


def render_html(summary: Summary) -> bytes:
    return render_html_text(summary).encode("utf-8")
