"""Title, date, publisher, authors, address and report number of a document.

Every rule proposes values with a rank (``ranks.Rank``): what the file declares beats what
a known layout shows, which beats what the path suggests, which beats generic guesses; the
file name is the title only when nothing else is. Rules read a bounded head and tail of
the text (``model.HEAD_CHARS``, ``model.TAIL_CHARS``), so a document of any size costs
the same.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

from briefreader.core.formats.metadata import crs, dates, legal, records
from briefreader.core.formats.metadata.model import (
    FIELDS,
    ORIGIN_FALLBACK,
    ORIGIN_FILE,
    ORIGIN_HEURISTIC,
    Candidates,
    Context,
    ExtractedMetadata,
    MetadataInput,
)
from briefreader.core.formats.metadata.ranks import Rank
from briefreader.core.formats.metadata.sources import (
    canonical_source,
    known_source,
    news_outlet,
    source_from_folders,
    source_from_url,
)
from briefreader.core.formats.metadata.text import (
    acronyms_in,
    clean_title,
    first_words_title,
    is_headline,
    is_mostly_upper,
    join_names,
    looks_hashlike,
    one_line,
    readable_file_name,
    title_case,
)

log = logging.getLogger(__name__)

# Titles that name a file or a template rather than the document (PDF and HTML metadata).
_JUNK_TITLE = re.compile(
    r"(?:untitled(?: document)?|microsoft word - .*|powerpoint presentation|slide \d+"
    r"|document\d*|title|none|null|\S+\.(?:xml|x?html?|docx?|pdf|indd|rtf|tex|txt|qxd))",
    re.IGNORECASE,
)
# Headings that name a part of a document, not the document.
_GENERIC_HEADINGS = frozenset(
    (
        "abstract",
        "background",
        "contents",
        "table of contents",
        "introduction",
        "overview",
        "summary",
        "executive summary",
        "home",
        "menu",
        "main menu",
        "navigation",
        "search",
        "skip to content",
        "skip to main content",
        "briefing room",
        "news",
    )
)
_JUNK_AUTHORS = frozenset(
    ("user", "admin", "administrator", "owner", "unknown", "author", "microsoft office user")
)
_BYLINE = re.compile(
    r"By:?\s+((?:[A-Z][\w.'’-]+ ){1,3}[A-Z][\w.'’-]+"
    r"(?:(?:,| and| &) (?:[A-Z][\w.'’-]+ ){1,3}[A-Z][\w.'’-]+)*)"
    r"(?:\s*(?:,|\||[-–—])\s*.{1,60})?"
)
_HONORIFIC = re.compile(r"(?:Mr|Mrs|Ms|Miss|Dr|Hon|Sen|Rep)\b")  # "By Mr. MCCAIN:" sponsors
_YEAR_ONLY = re.compile(r"\d{4}")
_HTML_DATES = ("citation_publication_date", "dcterms.issued", "dcterms.created", "dc.date.issued")

Rule = Callable[[Context, Candidates], object]
# Layouts of known kinds of documents, most specific first.
_KINDS: tuple[Rule, ...] = (
    records.congressional_record,
    legal.eur_lex,
    legal.us_code,
    legal.prc_statute,
    records.white_house,
    crs.extract,
    records.un_speech,
)


def extract_metadata(source: MetadataInput) -> ExtractedMetadata:
    """The metadata of one document, each value with where it came from. Never raises."""
    ctx = Context(source)
    out = Candidates()
    for rule in (_declared, *_KINDS, _titles, _path, _generic):
        try:
            rule(ctx, out)
        except Exception:  # a rule's bug must not cost the document its other fields
            log.exception("metadata rule %s failed on %s", rule.__name__, source.path)
    _fallback(ctx, out)
    return _result(out)


# -- what the file declares -------------------------------------------------------------


def _declared(ctx: Context, out: Candidates) -> None:
    inp = ctx.input
    out.add("title", _usable_title(inp.declared_title, ctx), ORIGIN_FILE, Rank.DECLARED, "declared")
    out.add("date", inp.declared_date, ORIGIN_FILE, Rank.DECLARED, "declared")
    if inp.declared_source:
        source = canonical_source(inp.declared_source)
        out.add("source", source, ORIGIN_FILE, Rank.DECLARED, "declared")
    out.add("author", _author(inp.declared_author), ORIGIN_FILE, Rank.DECLARED, "declared")
    out.add("url", _web(inp.declared_url), ORIGIN_FILE, Rank.DECLARED, "declared")
    meta = inp.html_meta
    if meta:
        out.add("url", _web(meta.get("canonical")), ORIGIN_FILE, Rank.DECLARED, "html-canonical")
        site = meta.get("og:site_name") or meta.get("citation_publisher")
        if site:
            out.add("source", canonical_source(site), ORIGIN_FILE, Rank.DECLARED, "html-meta")
        for name in _HTML_DATES:
            if meta.get(name):
                date = dates.parse_date(meta[name])
                out.add("date", date, ORIGIN_FILE, Rank.DECLARED, "html-meta")
        author = meta.get("citation_author") or meta.get("dc.creator")
        out.add("author", _author(author), ORIGIN_FILE, Rank.DECLARED, "html-meta")
    info = inp.pdf_info
    if info:
        title = _usable_title(info.get("title"), ctx)
        out.add("title", title, ORIGIN_FILE, Rank.DECLARED_PDF, "pdf-info")
        out.add("author", _author(info.get("author")), ORIGIN_FILE, Rank.DECLARED, "pdf-info")
        for key, rule in (("creationdate", "pdf-created"), ("moddate", "pdf-modified")):
            date = dates.pdf_date(info[key]) if info.get(key) else None
            if date:  # the creation date, else the last modification
                out.add("date", date, ORIGIN_FILE, Rank.PDF_CREATED, rule)
                break
    if inp.format == "text" and _front_matter_end(ctx.lines):
        _text_front_matter(ctx, out)
    page1 = _usable_title(inp.page1_title, ctx)
    out.add("title", page1, ORIGIN_HEURISTIC, Rank.PAGE1, "pdf-largest-text")
    for url in (inp.declared_url, meta.get("canonical"), meta.get("og:url")):
        out.add("source", source_from_url(url), ORIGIN_HEURISTIC, Rank.URL, "url-domain")


def _usable_title(value: str | None, ctx: Context) -> str | None:
    """A declared title unless it only names a file or a template."""
    title = clean_title(value)
    if title is None or _JUNK_TITLE.fullmatch(title) or looks_hashlike(title):
        return None
    if title in (ctx.stem, ctx.name):
        return None
    return title


def _author(value: str | None) -> str | None:
    if not value or one_line(value).casefold() in _JUNK_AUTHORS:
        return None
    return join_names([value])


def _web(value: str | None) -> str | None:
    if value and re.match(r"https?://\S", value.strip(), re.IGNORECASE):
        return value.strip()
    return None


# -- titles from the content -----------------------------------------------------------


def _titles(ctx: Context, out: Candidates) -> None:
    inp = ctx.input
    heading = _first_heading(ctx)
    if inp.format == "html":
        origin = ORIGIN_HEURISTIC
        out.add("title", heading, origin, Rank.HEADING, "html-heading")
        title = _usable_title(inp.html_title, ctx)
        out.add("title", title, ORIGIN_FILE, Rank.HEADING + 1, "html-title")
    else:
        out.add("title", heading, ORIGIN_HEURISTIC, Rank.HEADING, "first-heading")
    rank = out.rank("title")
    if rank is not None and rank <= Rank.GENERIC:
        return
    if inp.format in ("text", "markdown", "html"):  # PDFs: page1_title, from font sizes
        headline = _headline(ctx, blank_after=inp.format == "text")
        out.add("title", headline, ORIGIN_HEURISTIC, Rank.GENERIC, "headline")


def _first_heading(ctx: Context) -> str | None:
    """The first heading that names the document (not "Introduction", not the site)."""
    for _level, text in ctx.input.headings[:4]:
        title = clean_title(text)
        if not title:
            continue
        folded = title.casefold().rstrip(":")
        if folded in _GENERIC_HEADINGS or known_source(title):
            continue  # a part of the document, or the site's name in a banner
        return title
    return None


def _headline(ctx: Context, *, blank_after: bool) -> str | None:
    """The first line when it reads as a headline: set apart from the text that follows.

    In a plain text a blank line (or a byline) follows it; in Markdown and HTML, where
    blocks follow each other without blank lines, a longer paragraph follows it.
    """
    lines = ctx.lines[_front_matter_end(ctx.lines) :]
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return None
    line = one_line(lines[first])
    if line.startswith("# ") or line.startswith("## "):
        line = line.lstrip("#").strip()  # Markdown saved as plain text
    if not is_headline(line):
        return None
    after = lines[first + 1].strip() if first + 1 < len(lines) else ""
    if blank_after:
        if after and not (_BYLINE.fullmatch(after) or dates.date_line(after)):
            return None
    elif after and len(after) < max(2 * len(line), 60) and not _BYLINE.fullmatch(after):
        return None
    return _cased(line, ctx)


def _front_matter_end(lines: list[str]) -> int:
    """The index after a "---" front matter block at the top of a plain text (0 if none)."""
    if not lines or lines[0].strip() != "---":
        return 0
    for i, line in enumerate(lines[1:41], start=1):
        if line.strip() in ("---", "..."):
            return i + 1
    return 0


_FRONT_LINE = re.compile(r"([A-Za-z_]+):[ \t]+(\S.*)")
_FRONT_KEYS = {
    "title": "title",
    "date": "date",
    "published": "date",
    "publication_date": "date",
    "source": "source",
    "publisher": "source",
    "author": "author",
    "url": "url",
    "source_url": "url",
    "canonical_url": "url",
}


def _text_front_matter(ctx: Context, out: Candidates) -> None:
    """Simple "key: value" front matter at the top of a plain text (Markdown saved as .txt)."""
    end = _front_matter_end(ctx.lines)
    for line in ctx.lines[1 : end - 1]:
        match = _FRONT_LINE.fullmatch(line.strip())
        name = _FRONT_KEYS.get(match.group(1).lower()) if match else None
        if match is None or name is None:
            continue
        value = match.group(2).strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1].replace("\\_", "\u00a0")  # YAML's escaped no-break space
        if name == "title":
            out.add("title", _usable_title(value, ctx), ORIGIN_FILE, Rank.DECLARED, "front-matter")
        elif name == "date":
            out.add("date", dates.parse_date(value), ORIGIN_FILE, Rank.DECLARED, "front-matter")
        elif name == "source":
            out.add("source", canonical_source(value), ORIGIN_FILE, Rank.DECLARED, "front-matter")
        elif name == "author":
            out.add("author", _author(value), ORIGIN_FILE, Rank.DECLARED, "front-matter")
        elif _web(value):
            out.add("url", _web(value), ORIGIN_FILE, Rank.DECLARED, "front-matter")
            out.add("source", source_from_url(value), ORIGIN_HEURISTIC, Rank.URL, "url-domain")


def _cased(line: str, ctx: Context) -> str | None:
    """A headline in capitals put into title case (acronyms kept)."""
    if is_mostly_upper(line) and len(line.split()) >= 3:
        line = title_case(line, acronyms_in(ctx.head.replace(line, " ", 1)))
    return clean_title(line)


# -- the path --------------------------------------------------------------------------


def _path(ctx: Context, out: Candidates) -> None:
    out.add("date", dates.name_date(ctx.stem), ORIGIN_HEURISTIC, Rank.PATH, "file-name-date")
    out.add("date", dates.folder_date(ctx.folders), ORIGIN_HEURISTIC, Rank.PATH + 1, "folder-date")
    out.add("source", source_from_folders(ctx.folders), ORIGIN_HEURISTIC, Rank.FOLDER, "folder")


# -- generic guesses -------------------------------------------------------------------


def _generic(ctx: Context, out: Candidates) -> None:
    lines = ctx.page1_lines if ctx.input.pages else ctx.lines
    date_rank = out.rank("date")
    if date_rank is None or date_rank > Rank.GENERIC:
        nonblank = [line.strip() for line in lines if line.strip()][:15]
        for line in nonblank:
            if _YEAR_ONLY.fullmatch(line):
                continue  # a year alone is a table cell or a page number as often as a date
            date = dates.date_line(line)
            if date:
                out.add("date", date, ORIGIN_HEURISTIC, Rank.GENERIC, "date-line")
                break
    if out.rank("author") is None:
        for line in ctx.nonblank[:10]:
            match = _BYLINE.fullmatch(line)
            if match and not _HONORIFIC.match(match.group(1)):
                names = re.split(r", | and | & ", match.group(1))
                out.add("author", join_names(names), ORIGIN_HEURISTIC, Rank.GENERIC, "byline")
                break
    if out.rank("source") is None:
        outlet = news_outlet(ctx.nonblank[:15], ctx.tail_lines[-15:])
        out.add("source", outlet, ORIGIN_HEURISTIC, Rank.GENERIC, "news-credit")


def _fallback(ctx: Context, out: Candidates) -> None:
    """The title of last resort: the first words for a file named by an id, else the name."""
    if out.value("title"):
        return
    if looks_hashlike(ctx.stem):
        words = first_words_title(ctx.lines[:20])
        out.add("title", words, ORIGIN_HEURISTIC, Rank.LAST_RESORT, "first-words")
    out.add("title", readable_file_name(ctx.stem), ORIGIN_FALLBACK, Rank.FALLBACK, "file-name")


def _result(out: Candidates) -> ExtractedMetadata:
    found = {name: out.found[name] for name in FIELDS if name in out.found}
    values = {name: entry[1] for name, entry in found.items()}
    return ExtractedMetadata(
        title=values.pop("title", "") or "Untitled",
        **values,
        origins=tuple((name, entry[2]) for name, entry in found.items()),
        rules=tuple((name, entry[3]) for name, entry in found.items()),
    )
