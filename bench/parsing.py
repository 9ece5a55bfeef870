"""Listing and parsing corpus files for the reference baselines.

The baselines parse with the app's own loader (``briefreader.core.formats.documents.load_document``)
when it imports, so that parsing costs the same on both sides; otherwise with a plain
parser: YAML front matter + ``markdown.markdown`` + tag stripping, tag stripping for HTML,
UTF-8 (BOM aware, replacement on errors) for text, pypdf for PDF.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

SUFFIXES = frozenset({".md", ".markdown", ".txt", ".text", ".htm", ".html", ".pdf"})
PARSER_APP = "app loader (briefreader.core.formats.documents.load_document)"
PARSER_PLAIN = "plain (front matter + markdown.markdown + tag stripping; pypdf)"

_TAG_RE = re.compile(r"<[^>]+>")
_SCRIPT_RE = re.compile(r"<(script|style)\b.*?</\1\s*>", re.S | re.I)
_TITLE_RE = re.compile(r"<title[^>]*>(.*?)</title\s*>", re.S | re.I)


@dataclass(frozen=True)
class Parsed:
    """What the baselines index from one file."""

    path: str
    title: str
    text: str
    date: str
    source: str
    tags: tuple[str, ...]


Parser = Callable[[Path], "Parsed | None"]


def iter_files(root: Path) -> Iterator[Path]:
    """Supported files under ``root``, sorted, skipping hidden files and folders."""
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and os.path.splitext(name)[1].lower() in SUFFIXES:
                yield Path(folder, name)


def make_parser(mode: str = "auto") -> tuple[Parser, str]:
    """A parser and its description; ``mode`` is auto, app or plain."""
    if mode in ("auto", "app"):
        try:
            from briefreader.core.formats.documents import load_document
            from briefreader.core.models import LoadError
        except Exception:
            if mode == "app":
                raise
        else:
            return _app_parser(load_document, LoadError), PARSER_APP
    return parse_plain, PARSER_PLAIN


def _app_parser(load_document: Callable, load_error: type[Exception]) -> Parser:
    def parse(path: Path) -> Parsed | None:
        try:
            doc = load_document(path)
        except load_error:
            return None
        return Parsed(
            str(path), doc.title, doc.text, doc.date or "", doc.source or "", tuple(doc.tags)
        )

    return parse


def parse_plain(path: Path) -> Parsed | None:
    """Parse without the app: good enough text for indexing, no blocks, no sanitising."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".pdf":
            return _parse_pdf(path)
        data = path.read_bytes()
    except OSError:
        return None
    text = _decode(data)
    if suffix in (".md", ".markdown"):
        return _parse_markdown(path, text)
    if suffix in (".htm", ".html"):
        match = _TITLE_RE.search(text)
        title = html.unescape(match.group(1)).strip() if match else path.stem
        return Parsed(str(path), title, _strip_html(text), "", "", ())
    return Parsed(str(path), path.stem, text, "", "", ())


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    text = data.decode("utf-8-sig", errors="replace")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _strip_html(markup: str) -> str:
    return html.unescape(_TAG_RE.sub(" ", _SCRIPT_RE.sub(" ", markup)))


def _parse_markdown(path: Path, text: str) -> Parsed:
    import markdown
    import yaml

    meta: dict = {}
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end != -1:
            try:
                loaded = yaml.safe_load(text[4:end])
            except yaml.YAMLError:
                loaded = None
            if isinstance(loaded, dict):
                meta = loaded
                text = text[end + 4 :]
    tags = meta.get("tags") or ()
    if isinstance(tags, str):
        tags = [t.strip() for t in tags.split(",")]
    return Parsed(
        str(path),
        str(meta.get("title") or path.stem),
        _strip_html(markdown.markdown(text, extensions=["extra"])),
        str(meta.get("date") or ""),
        str(meta.get("source") or ""),
        tuple(str(t) for t in tags if t),
    )


def _parse_pdf(path: Path) -> Parsed | None:
    import logging

    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(path)
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
    except Exception:
        return None
    return Parsed(str(path), path.stem, text, "", "", ())
