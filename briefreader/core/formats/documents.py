"""Document loaders: Markdown, plain text, HTML and PDF files to a canonical ``Document``.

The parsers (Python-Markdown, nh3, PyYAML, pypdfium2) are imported by the loaders that use them,
not by this module: importing it (the CLI, the index run, the window) stays cheap.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import re
import stat
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from briefreader.core.formats import walk
from briefreader.core.formats.md_pieces import PIECES_VERSION, TooMuchToConvert, convert_in_pieces
from briefreader.core.formats.metadata import MetadataInput, extract_metadata
from briefreader.core.formats.textio import decode_text
from briefreader.core.formats.walk import LINKS_INSIDE, SkipCallback
from briefreader.core.models import (
    FORMAT_HTML,
    FORMAT_MARKDOWN,
    FORMAT_PDF,
    FORMAT_TEXT,
    Block,
    Document,
    LineBlocks,
    LoadError,
)
from briefreader.core.names import display_name
from briefreader.core.works import text_key

if TYPE_CHECKING:
    from briefreader.core.formats.frontmatter import Metadata
    from briefreader.core.formats.md_pieces import Converted, PieceStore

log = logging.getLogger(__name__)

# Bump when the canonical text or blocks change: caches and anchors key on it.
# 3: EUR-Lex titles are headings.
LOADER_VERSION = 3

FORMATS: dict[str, str] = {
    ".md": FORMAT_MARKDOWN,
    ".markdown": FORMAT_MARKDOWN,
    ".txt": FORMAT_TEXT,
    ".html": FORMAT_HTML,
    ".htm": FORMAT_HTML,
    ".pdf": FORMAT_PDF,
}
SUPPORTED_SUFFIXES: frozenset[str] = frozenset(FORMATS)
_SUFFIX_TUPLE = tuple(SUPPORTED_SUFFIXES)  # for str.endswith

MAX_TEXT_BYTES = 64 * 1024 * 1024
MAX_PDF_BYTES = 256 * 1024 * 1024
MARKDOWN_EXTENSIONS = ("extra", "sane_lists")  # no smarty: keep the author's quotes

_DECLARED_CHARSET = re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)
# HTML <meta name=...> names that stand for a front matter field.
_HTML_META_ALIASES = {
    "dc.date": "date",
    "dcterms.date": "date",
    "article:published_time": "date",
    "dc.creator": "author",
    "dc.publisher": "publisher",
    "og:description": "description",
    "og:url": "url",
}
_THREAD = threading.local()


@dataclass
class _Parsed:
    """What a format loader found, before the file facts are added."""

    text: str
    blocks: Sequence[Block]
    metadata: Metadata
    title_hint: str | None = None  # HTML <title> or PDF title: used when there is no heading
    pages: tuple[int, ...] = ()
    warnings: list[str] = field(default_factory=list)
    meta_tags: Mapping[str, str] = field(default_factory=dict)  # HTML <meta> names, canonical
    pdf_info: Mapping[str, str] = field(default_factory=dict)  # PDF document info, raw
    page1_title: str | None = None  # PDF: the largest text on page 1
    furniture: tuple[str, ...] = ()  # PDF: running headers/footers left out of the text


def load_document(
    path: Path | str,
    as_format: str | None = None,
    pieces: PieceStore | None = None,
    fresh_limit: int | None = None,
) -> Document:
    """Load one file as a Document; raise LoadError with a one-line reason if it can't be.

    ``as_format`` reads it as another format than its suffix says (``FORMAT_TEXT``: a
    Markdown or HTML file whose conversion ran over the loading budget, read as plain text).
    ``pieces`` keeps converted Markdown pieces (``md_pieces``): an edited file then
    converts only the pieces that changed, with the same result. ``fresh_limit``: raise
    ``md_pieces.TooMuchToConvert`` rather than convert more Markdown than this many
    characters anew (a caller loading in-process, outside the loading pool's budget).
    """
    path = Path(path)
    suffix_format = FORMATS.get(path.suffix.lower())
    if suffix_format is None:
        raise LoadError(f"unsupported file type {path.suffix or '(no suffix)'}")
    fmt = as_format if as_format in _LOADERS else suffix_format
    data, mtime = _read_file(path, MAX_PDF_BYTES if fmt == FORMAT_PDF else MAX_TEXT_BYTES)
    try:
        if fmt == FORMAT_MARKDOWN:
            parsed = _load_markdown(data, pieces, fresh_limit)
        else:
            parsed = _LOADERS[fmt](data)
    except (LoadError, MemoryError, TooMuchToConvert):  # MemoryError: the pool's budget decides
        raise
    except Exception as error:  # a parser bug must not stop the indexing of a library
        log.exception("loader failed on %s", path)
        raise LoadError(f"could not be read ({type(error).__name__}: {error})") from None
    return _document(path, fmt, data, mtime, parsed)


def iter_library_files(folders: Iterable[Path | str]) -> Iterator[Path]:
    """Supported files under ``folders``, recursively and sorted, skipping hidden names."""
    for path, _size, _mtime in iter_library_entries(folders):
        yield Path(path)


def iter_library_entries(
    folders: Iterable[Path | str],
    follow_links: str = LINKS_INSIDE,
    on_skip: SkipCallback | None = None,
) -> Iterator[tuple[str, int, float]]:
    """``(path, size, mtime)`` of each supported file under ``folders``, sorted by path
    (``core/formats/walk.py``: links, loops, system folders).

    Strings and one ``stat`` per file: a rescan of a large library is mostly this walk.
    """
    return walk.iter_library_entries(folders, _SUFFIX_TUPLE, follow_links, on_skip)


def title_from_filename(path: Path) -> str:
    """A readable title from a file name: separators to spaces, first letter capitalised."""
    text = path.stem.replace("_", " ")
    text = re.sub(r"(?<![0-9])-|-(?![0-9])", " ", text)
    text = " ".join(text.split())
    if text and text == text.lower():
        text = text[0].upper() + text[1:]
    return text or path.name


# -- files -------------------------------------------------------------------------------


def _read_file(path: Path, limit: int) -> tuple[bytes, float]:
    """The bytes and mtime of a regular file no bigger than ``limit``."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise LoadError("not a regular file")
        if info.st_size > limit:
            size, most = info.st_size // 2**20, limit // 2**20
            raise LoadError(f"file too large ({size} MB; the limit is {most} MB)")
        data = path.read_bytes()
    except OSError as error:
        raise LoadError(f"cannot read file: {error.strerror or error}") from None
    if len(data) > limit:
        raise LoadError(f"file too large (over {limit // 2**20} MB)")
    return data, info.st_mtime


# -- formats ------------------------------------------------------------------------------


def _load_text(data: bytes) -> _Parsed:
    """Plain text: every line is a block, so the text is the file with LF line endings."""
    from briefreader.core.formats.frontmatter import Metadata

    decoded = decode_text(data)
    _require_text(decoded.text)
    blocks = text_blocks(decoded.text)
    return _Parsed(decoded.text, blocks, Metadata(), warnings=[*decoded.warnings])


def text_blocks(text: str) -> LineBlocks:
    """One block per line: ``paragraph``, or ``blank`` for empty and white-space lines."""
    return LineBlocks(text)


def _load_markdown(
    data: bytes, pieces: PieceStore | None = None, fresh_limit: int | None = None
) -> _Parsed:
    """Markdown: front matter to metadata, body through Python-Markdown and the sanitiser."""
    from briefreader.core.formats import frontmatter
    from briefreader.core.formats.blocks import html_to_blocks, sanitize_html
    from briefreader.core.formats.guards import tame_html, tame_markdown

    decoded = decode_text(data)
    _require_text(decoded.text)
    warnings = [*decoded.warnings]
    fields, body, front_warnings = frontmatter.read_front_matter(decoded.text)
    metadata, field_warnings = frontmatter.metadata_from_fields(fields)
    warnings += front_warnings + field_warnings
    tamed = tame_markdown(body)
    converted = None
    if pieces is not None and tamed.body is body and not tamed.warnings:
        converted = _convert_in_pieces(body, pieces, fresh_limit)
    if converted is None:
        if fresh_limit is not None and len(tamed.body) > fresh_limit:
            raise TooMuchToConvert(f"{len(tamed.body)} characters to convert")
        markup, html_warnings = tame_html(tamed.restore(markdown_to_html(tamed.body)))
        warnings += tamed.warnings + html_warnings
        text, blocks = html_to_blocks(sanitize_html(markup))
    else:
        text, blocks = converted
    if not text.strip():
        if body == decoded.text or not (metadata.title or metadata.summary):
            raise LoadError("no text besides front matter" if body != decoded.text else "no text")
        # A link post: only front matter. Show its title and summary rather than skip it.
        text, blocks = _title_and_summary(metadata)
        warnings.append("no text besides front matter; showing its title and summary")
    return _Parsed(text, blocks, metadata, None, (), warnings)


def _title_and_summary(metadata: Metadata) -> tuple[str, tuple[Block, ...]]:
    """Blocks for a document that is only metadata: a heading and a paragraph."""
    lines = [
        (kind, value)
        for kind, value in (("heading", metadata.title), ("paragraph", metadata.summary))
        if value
    ]
    blocks = []
    start = 0
    for kind, value in lines:
        blocks.append(Block(kind, start, start + len(value), level=1 if kind == "heading" else 0))
        start += len(value) + 1
    return "\n".join(value for _kind, value in lines), tuple(blocks)


def _convert_in_pieces(
    body: str, pieces: PieceStore, fresh_limit: int | None
) -> tuple[str, tuple[Block, ...]] | None:
    """``body``'s text and blocks converted piece by piece (None: convert it whole)."""
    if len(_markdown_chunks(body)) > 1:
        return None  # converted in chunks: the pieces would not give the same result
    return convert_in_pieces(body, _convert_group, pieces, _piece_salt(), fresh_limit)


def _convert_group(group: str) -> Converted | None:
    """One group of pieces as text, blocks and its table count; None if it needs taming."""
    from briefreader.core.formats.blocks import html_to_blocks, sanitize_html
    from briefreader.core.formats.guards import tame_html

    markup, html_warnings = tame_html(markdown_to_html(group))
    if html_warnings:
        return None
    text, blocks = html_to_blocks(sanitize_html(markup))
    tables = max((b.table for b in blocks), default=-1) + 1
    return text, blocks, tables


@functools.lru_cache(maxsize=1)
def _piece_salt() -> str:
    """What a converted piece depends on besides its text: the converters' versions."""
    from importlib.metadata import version

    names = ("markdown", "nh3")
    return ":".join([str(PIECES_VERSION), str(LOADER_VERSION), *map(version, names)])


def markdown_to_html(body: str) -> str:
    """Convert Markdown with this thread's reusable converter."""
    converter = getattr(_THREAD, "markdown", None)
    if converter is None:
        import markdown

        converter = markdown.Markdown(extensions=list(MARKDOWN_EXTENSIONS))
        _THREAD.markdown = converter
    chunks = _markdown_chunks(body)
    if len(chunks) == 1:
        converter.reset()
        return converter.convert(body)
    # Link definitions apply to the whole document: give every chunk all of them.
    references = "\n".join(m.group(0) for m in _LINK_DEFINITION.finditer(body))
    parts = []
    for chunk in chunks:
        converter.reset()
        parts.append(converter.convert(f"{chunk}\n\n{references}" if references else chunk))
    return "\n".join(parts)


# Python-Markdown's block parser is quadratic in the number of blocks (100,000 short
# paragraphs take minutes), so very long documents are converted in chunks, cut at blank
# lines outside fenced code and before a line that does not continue a block (not indented).
MARKDOWN_CHUNK_BLOCKS = 2000
_LINK_DEFINITION = re.compile(r"^ {0,3}\[(?!\^)[^\]\n]+\]:[ \t]*\S.*$", re.MULTILINE)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def _markdown_chunks(body: str) -> list[str]:
    """``body`` cut into pieces of about MARKDOWN_CHUNK_BLOCKS blocks (one piece if short)."""
    if body.count("\n\n") <= 5 * MARKDOWN_CHUNK_BLOCKS:
        return [body]
    lines = body.split("\n")
    chunks: list[str] = []
    start = blanks = 0
    fence = ""
    for i, line in enumerate(lines):
        found = _FENCE.match(line)
        if found and (not fence or found.group(1)[0] == fence[0]):
            fence = "" if fence else found.group(1)
        if fence or line.strip():
            continue
        blanks += 1
        following = lines[i + 1] if i + 1 < len(lines) else ""
        if blanks >= MARKDOWN_CHUNK_BLOCKS and following[:1] not in (" ", "\t", ""):
            chunks.append("\n".join(lines[start:i]))
            start, blanks = i + 1, 0
    chunks.append("\n".join(lines[start:]))
    return chunks


def _load_html(data: bytes) -> _Parsed:
    """HTML: title and meta tags from the head, the sanitised body as blocks."""
    from briefreader.core.formats import frontmatter
    from briefreader.core.formats.blocks import (
        html_to_blocks,
        promote_class_headings,
        read_html_head,
        sanitize_html,
    )
    from briefreader.core.formats.guards import tame_html

    declared = _DECLARED_CHARSET.search(data[:4096])
    decoded = decode_text(data, declared.group(1).decode("ascii") if declared else None)
    _require_text(decoded.text)
    title, meta = read_html_head(decoded.text)
    fields = {name: value for name, value in meta.items() if name != "title"}
    for alias, name in _HTML_META_ALIASES.items():
        if alias in meta:
            fields.setdefault(name, meta[alias])
    metadata, warnings = frontmatter.metadata_from_fields(fields)
    markup, html_warnings = tame_html(promote_class_headings(decoded.text))
    text, blocks = html_to_blocks(sanitize_html(markup))
    if not text.strip():
        raise LoadError("no readable text in the page")
    warnings = [*decoded.warnings, *warnings, *html_warnings]
    return _Parsed(text, blocks, metadata, title, (), warnings, meta)


def _load_pdf(data: bytes) -> _Parsed:
    """PDF: the text layer reflowed into paragraphs and headings (``formats.pdf``)."""
    from briefreader.core.formats.pdf import read_pdf

    content = read_pdf(data)
    metadata = replace(content.metadata, title=None)  # the title is the metadata rules' call
    return _Parsed(
        content.text,
        content.blocks,
        metadata,
        content.metadata.title,
        content.pages,
        content.warnings,
        pdf_info=content.info,
        page1_title=content.page1_title,
        furniture=content.furniture,
    )


_LOADERS: dict[str, Callable[[bytes], _Parsed]] = {
    FORMAT_TEXT: _load_text,
    FORMAT_MARKDOWN: _load_markdown,
    FORMAT_HTML: _load_html,
    FORMAT_PDF: _load_pdf,
}


def _require_text(text: str) -> None:
    """Refuse a file with nothing but white space."""
    if not text or text.isspace():
        raise LoadError("file is empty (only white space)" if text else "file is empty")


# -- assembly -----------------------------------------------------------------------------


def _document(path: Path, fmt: str, data: bytes, mtime: float, parsed: _Parsed) -> Document:
    """Combine a loader's result with the file facts and the metadata rules."""
    meta = parsed.metadata
    found = extract_metadata(_metadata_input(path, fmt, parsed))
    for warning in parsed.warnings:
        log.info("%s: %s", path, warning)
    return Document(
        path=str(path),
        format=fmt,
        title=found.title,
        text=parsed.text,
        blocks=parsed.blocks,
        content_hash=hashlib.sha256(data).hexdigest(),
        size=len(data),
        mtime=mtime,
        date=found.date,
        source=found.source,
        author=found.author,
        url=found.url,
        tags=meta.tags,
        summary=meta.summary,
        pages=parsed.pages,
        warnings=tuple(parsed.warnings),
        report_number=found.report_number,
        version=found.version,
        field_origins=found.origins,
        text_key=text_key(parsed.text),
    )


def _metadata_input(path: Path, fmt: str, parsed: _Parsed) -> MetadataInput:
    """What the loader knows, for the metadata rules (a PDF's date is its creation date:
    the rules weigh it as such, so it goes in as PDF info, not as a declared date)."""
    meta = parsed.metadata
    pdf = fmt == FORMAT_PDF
    return MetadataInput(
        path=display_name(str(path)),  # a title from a name that is not UTF-8 must be text
        format=fmt,
        text=parsed.text,
        headings=_first_headings(parsed),
        pages=parsed.pages,
        declared_title=meta.title,
        declared_date=None if pdf else meta.date,
        declared_source=meta.source,
        declared_author=meta.author,
        declared_url=meta.url,
        html_title=parsed.title_hint if fmt == FORMAT_HTML else None,
        html_meta=parsed.meta_tags,
        pdf_info=parsed.pdf_info,
        page1_title=parsed.page1_title,
        furniture=parsed.furniture,
    )


def _first_headings(
    parsed: _Parsed, most: int = 8, scan: int = 2000
) -> tuple[tuple[int, str], ...]:
    """``(level, text)`` of the first few non-empty headings among the first blocks."""
    if isinstance(parsed.blocks, LineBlocks):
        return ()  # plain text has no headings: spare making a Block per line
    found: list[tuple[int, str]] = []
    for block in parsed.blocks[:scan]:
        if block.kind == "heading":
            title = " ".join(parsed.text[block.start : block.end].split())
            if title:
                found.append((block.level, title))
                if len(found) == most:
                    break
    return tuple(found)
