"""Hostile documents: nothing executable or remote survives loading, and the text still reads."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from briefreader.core.export.exporting import ExportRequest, export_to_file
from briefreader.core.formats.documents import load_document
from briefreader.core.library import Library
from briefreader.core.models import Document

from .helpers import EXECUTABLE_MARKERS, HOSTILE_HTML, HOSTILE_MD, write_hostile

SAFE_SCHEMES = ("http", "https", "mailto")
READABLE = {
    "hostile.html": ("Tariff review", "The committee met on Monday.", "Controls on memory apply."),
    "hostile.htm": ("Second page", "the rule", "Equipment"),
    "hostile.md": ("Readable paragraph about export controls.", "Hover text.", "Final words."),
}


def hrefs(document: Document) -> list[str]:
    """The links' targets (an image span's href is a local file the reader shows)."""
    return [
        span.href
        for block in document.blocks
        for span in block.spans
        if span.href and span.style != "image"
    ]


def image_sources(document: Document) -> list[str]:
    return [s.href for b in document.blocks for s in b.spans if s.style == "image" and s.href]


def is_safe_href(href: str) -> bool:
    if href.startswith("#"):
        return True
    parts = urlsplit(href)
    return parts.scheme in SAFE_SCHEMES and href == href.strip()


@pytest.fixture
def hostile(tmp_path: Path) -> list[Path]:
    return write_hostile(tmp_path / "hostile")


def test_nothing_executable_or_remote_survives_loading(hostile: list[Path]) -> None:
    for path in hostile:
        document = load_document(path)
        found = [marker for marker in EXECUTABLE_MARKERS if marker in document.text]
        assert not found, f"{path.name}: {found} in {document.text!r}"
        assert all(is_safe_href(h) for h in hrefs(document)), hrefs(document)
        # remote resources: only plain http(s) links the user may choose to follow remain
        remote = [h for h in hrefs(document) if "evil.example" in h]
        assert remote in ([], ["http://evil.example/ok"]), remote
        assert "evil.example" not in document.text
        for value in (document.url, document.author, document.source, document.summary):
            assert value is None or not re.match(r"\s*(javascript|data|vbscript):", value, re.I)
        if document.url is not None:
            assert urlsplit(document.url).scheme in ("http", "https")


def test_hostile_documents_still_read(hostile: list[Path]) -> None:
    for path in hostile:
        document = load_document(path)
        for phrase in READABLE[path.name]:
            assert phrase in document.text, f"{path.name}: {phrase!r} missing"
        assert document.title in ("Hostile page", "Tariff review", "Second page", "Hostile notes")


def test_links_keep_only_safe_targets() -> None:
    document = _load_string(HOSTILE_HTML, ".html")
    assert sorted(set(hrefs(document))) == [
        "#equipment",
        "https://www.bis.gov/rule",
        "mailto:desk@example.org",
    ]
    markdown = _load_string(HOSTILE_MD, ".md")
    assert sorted(set(hrefs(markdown))) == [
        "http://evil.example/ok",
        "https://www.congress.gov/",
        "mailto:desk@example.org",
    ]


def _load_string(text: str, suffix: str) -> Document:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"page{suffix}"
        path.write_text(text, encoding="utf-8")
        return load_document(path)


@pytest.mark.parametrize(
    "attack",
    [
        '<a href="javascript&colon;alert(1)">x</a>',
        '<a href="java\nscript:alert(1)">x</a>',
        '<a href="&#106;avascript:alert(1)">x</a>',
        '<a href="\x01javascript:alert(1)">x</a>',
        "<a href='data:image/svg+xml,<svg onload=alert(1)>'>x</a>",
        '<a href="//evil.example/protocol-relative">x</a>',
        '<a href="file:///etc/passwd">x</a>',
        '<a href="smb://evil.example/share">x</a>',
        '<img src="x" srcset="http://evil.example/a.png 2x">',
        '<p style="behavior:url(http://evil.example/x.htc)">x</p>',
        '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
        '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
        '<object type="text/html" data="http://evil.example/">x</object>',
        '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
        "<table background='http://evil.example/bg.png'><tr><td>x</td></tr></table>",
        '<body background="http://evil.example/bg.png">x</body>',
        '<input type="image" src="http://evil.example/i.png">',
        '<link rel="import" href="http://evil.example/i.html">',
        '<base href="javascript:alert(1)//">',
    ],
)
@pytest.mark.parametrize("suffix", [".html", ".md"])
def test_tricky_links_and_resources_are_dropped(attack: str, suffix: str) -> None:
    page = f"<p>Before the attack.</p>\n\n{attack}\n\n<p>After the attack.</p>\n"
    document = _load_string(page, suffix)
    assert "Before the attack." in document.text and "After the attack." in document.text
    assert all(is_safe_href(h) for h in hrefs(document)), hrefs(document)
    assert not any("evil.example" in h for h in hrefs(document) if not h.startswith("http"))
    assert "alert(" not in document.text and "evil.example" not in document.text
    assert all(not urlsplit(src).scheme and "evil" not in src for src in image_sources(document))


def test_hostile_front_matter_url_is_not_kept() -> None:
    for url in ("javascript:alert(1)", "data:text/html,x", " JavaScript:alert(1)", "file:///x"):
        document = _load_string(f"---\ntitle: T\nurl: '{url}'\n---\n# T\n\nBody.\n", ".md")
        assert document.url is None, url
    document = _load_string("---\nurl: https://www.bis.gov/x\n---\n# T\n\nBody.\n", ".md")
    assert document.url == "https://www.bis.gov/x"
    page = '<html><head><meta property="og:url" content="javascript:alert(1)"></head>'
    document = _load_string(page + "<body><p>Body.</p></body></html>", ".html")
    assert document.url is None


def test_hostile_library_searches_and_exports_cleanly(hostile: list[Path], tmp_path: Path) -> None:
    with Library.open(tmp_path / "data") as library:
        report = library.index([hostile[0].parent])
        assert report.added == 3 and not report.skipped
        for word in ("alert", "SCRIPT-TEXT", "onload", "IFRAME-TEXT", "evil"):
            assert library.search(word).total == 0, word
        assert library.search("committee").total == 2
        for record in library.documents():
            text = library.document(record.doc_id).text
            start = text.index(READABLE[Path(record.path).name][0])
            library.annotate(record.doc_id, start, start + 8, note="<script>alert(1)</script>")
        for fmt in ("md", "html", "csv", "json"):
            output = tmp_path / f"export.{fmt}"
            export_to_file(library, ExportRequest(everything=True, format=fmt), output)
            written = output.read_text(encoding="utf-8")
            assert "javascript:" not in written.lower(), fmt
            if fmt == "html":
                assert "<script" not in written.lower()
