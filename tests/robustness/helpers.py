"""Fixtures for the robustness tests, all made here: awkward files, hostile pages, corpora.

Nothing is read from outside the repository; every file is written into a temporary folder.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pdf_fixture import minimal_pdf as pdf_from_streams

REPO = Path(__file__).resolve().parents[2]
WORDS = [
    *("export", "controls", "semiconductor", "licence", "entity", "list", "tariff", "review"),
    *("allies", "committee", "rule", "chips", "equipment", "memory", "commerce", "bureau"),
    *("security", "foreign", "direct", "product"),
]

# ---------------------------------------------------------------------------- small builders


def minimal_pdf(page_lines: Sequence[str]) -> bytes:
    """A small valid PDF with one page per string (Helvetica, ASCII text)."""
    return pdf_from_streams(
        [b"BT /F1 12 Tf 72 720 Td (%s) Tj ET" % line.encode("ascii") for line in page_lines]
    )


JPEG_BYTES = (
    b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    + bytes(range(256)) * 8
    + b"\xff\xd9"
)


def prose(words: int, seed: int = 0) -> str:
    """Deterministic English-like filler of about ``words`` words."""
    out = []
    for i in range(words):
        out.append(WORDS[(i * 7 + seed * 13 + i // 5) % len(WORDS)])
        if i % 12 == 11:
            out[-1] += "."
    return " ".join(out)


# ---------------------------------------------------------------------------- awkward files


@dataclass(frozen=True)
class Awkward:
    """One awkward file: its name, bytes, and what the loader must do with it."""

    name: str
    data: bytes
    read: bool  # True: read as a document; False: skipped with a one-line reason
    contains: str = ""  # a piece of the canonical text when read
    reason: str = ""  # a piece of the skip reason when skipped


LATIN = (
    "Überprüfung der Ausfuhrkontrollen für Halbleiter: Die Behörde prüft Anträge "
    "gemäß § 8 AWV. Größere Änderungen betreffen Güter mit doppeltem Verwendungszweck, "
    "Lieferketten und Zölle. Ökonomen erwarten Verzögerungen bei Genehmigungen.\n"
)
CP1252 = (
    "Caf\u00e9 diplomacy \u2013 the \u201cnew\u201d export regime costs \u20ac5 billion; "
    "na\u00efve hopes for a d\u00e9tente faded \u2026 ministers said.\n"
)
CHINESE = (
    "出口管制法摘要：国家对两用物项、军品、核以及其他与维护国家安全和利益有关的货物、"
    "技术、服务等物项实施出口管制。出口经营者应当建立出口管制内部合规制度。\n"
)
BIG_TEXT_BYTES = 5 * 1024 * 1024
LONG_LINE_BYTES = 2 * 1024 * 1024


def long_line(size: int = LONG_LINE_BYTES) -> bytes:
    unit = " ".join(WORDS) + " "
    return (unit * (size // len(unit) + 1)).encode("ascii")[:size]


def big_text(size: int = BIG_TEXT_BYTES) -> bytes:
    line = (prose(60) + "\n").encode("ascii")
    return (line * (size // len(line) + 1))[:size]


def awkward_files() -> list[Awkward]:
    """Every awkward kind of file the brief lists, with the expected outcome."""
    pdf = minimal_pdf(["Export controls page one", "Entity List page two", "Page three"])
    return [
        Awkward("cp1252.txt", (CP1252 * 3).encode("cp1252"), True, "\u20ac5 billion"),
        Awkward("latin-1.md", (LATIN * 3).encode("latin-1"), True, "Überprüfung"),
        Awkward("utf16-le.txt", b"\xff\xfe" + (LATIN * 2).encode("utf-16-le"), True, "Ökonomen"),
        Awkward("utf16-be.md", b"\xfe\xff" + (CHINESE * 2).encode("utf-16-be"), True, "出口管制"),
        Awkward("gb18030.txt", (CHINESE * 3).encode("gb18030"), True, "出口管制内部合规制度"),
        Awkward("bom-only.md", b"\xef\xbb\xbf", False, reason="empty"),
        Awkward("empty.txt", b"", False, reason="empty"),
        Awkward("whitespace-only.md", b"  \n\t \r\n   \n", False, reason="empty"),
        Awkward("cr-only.txt", b"line one\rline two\rline three\r", True, "line one\nline two"),
        Awkward("mixed-eol.md", b"# Title\r\n\r\nFirst\rsecond line\n\nLast\r\n", True, "Last"),
        Awkward("long-line.md", long_line(), True, "semiconductor licence"),
        Awkward("big.txt", big_text(), True, "committee"),
        Awkward("photo.md", JPEG_BYTES, False, reason="JPEG"),
        Awkward("actually-a-pdf.txt", pdf, False, reason="PDF"),
        Awkward("nul-bytes.txt", b"Export\x00 controls\x00 apply.\nLine 2\x00.\n", True, "apply"),
        Awkward("good.pdf", pdf, True, "Entity List page two"),
        Awkward("truncated.pdf", pdf[: len(pdf) // 3], False, reason=""),
        Awkward(
            "unterminated-front-matter.md",
            b"---\ntitle: Never closed\ndate: 2024-01-01\n\nThe body goes on without a fence.\n",
            True,
            "body goes on",
        ),
        Awkward(
            "raw-script.md",
            b"# Notes\n\n<script>alert('pwned')</script>\n\nPlain words survive.\n",
            True,
            "Plain words survive.",
        ),
        Awkward(
            "remote-images.md",
            b"# Chart\n\n![trade chart](http://example.com/chart.png)\n\n"
            b'<img src="https://tracker.example/pixel.gif" alt="pixel">\n\nText after.\n',
            True,
            "Text after.",
        ),
        Awkward("with  spaces  .txt", b"Spaces in the name.\n", True, "Spaces"),
        Awkward("出口管制 报告.md", "# 报告\n\n两用物项。\n".encode(), True, "两用物项"),
        Awkward("report #3 & notes.md", b"# Hash and ampersand\n\nFine.\n", True, "Fine."),
        Awkward("deep-nesting.md", (b">" * 2000) + b" deep quote\n\nAfter the quote.\n", True, ""),
        Awkward("wrong-charset.html", _wrong_charset_html(), True, "Zölle"),
    ]


def _wrong_charset_html() -> bytes:
    body = "<p>Zölle und Ausfuhr: Überprüfung.</p>" * 5
    return f'<html><head><meta charset="bogus-8"></head><body>{body}</body></html>'.encode(
        "latin-1"
    )


def write_awkward(folder: Path) -> dict[str, Awkward]:
    """Write every awkward file into ``folder``; map resolved path -> expectation."""
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for item in awkward_files():
        path = folder / item.name
        path.write_bytes(item.data)
        written[str(path.resolve())] = item
    return written


def write_traps(folder: Path) -> None:
    """Things that must be passed over without hanging: a FIFO, links that lead nowhere."""
    folder.mkdir(parents=True, exist_ok=True)
    os.mkfifo(folder / "pipe.md")
    (folder / "dangling.md").symlink_to(folder / "no-such-file.md")
    (folder / "loop").symlink_to(folder)
    (folder / "device.txt").symlink_to("/dev/zero")
    (folder / "folder.md").mkdir()


# ---------------------------------------------------------------------------- hostile pages

HOSTILE_HTML = """<!DOCTYPE html>
<html><head><title>Hostile page</title>
<meta http-equiv="refresh" content="0; url=http://evil.example/refresh">
<link rel="stylesheet" href="http://evil.example/style.css">
<base href="http://evil.example/">
<style>@import url("http://evil.example/import.css");
body { background: url(http://evil.example/bg.png) }</style>
<script src="http://evil.example/x.js"></script>
<script>document.write('SCRIPT-TEXT-1')</script>
</head>
<body onload="alert('ONLOAD')">
<h1 onclick="alert('HANDLER')">Tariff review</h1>
<p style="background-image: url('http://evil.example/p.png')">The committee met on Monday.</p>
<p><a href="javascript:alert('JSLINK')">a javascript link</a>,
<a href=" JaVaScRiPt:alert(1)">spaced</a>,
<a href="jav&#x61;script:alert(2)">encoded</a>,
<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">a data link</a>,
<a href="vbscript:msgbox(1)">vb</a>,
<a href="file:///etc/passwd">file</a>,
<a href="https://www.bis.gov/rule">the rule</a>,
<a href="mailto:desk@example.org">the desk</a>,
<a href="#equipment">below</a>.</p>
<iframe src="http://evil.example/frame">IFRAME-TEXT</iframe>
<object data="http://evil.example/o.swf">OBJECT-TEXT</object>
<embed src="http://evil.example/e.swf">
<img src="http://evil.example/pixel.gif" onerror="alert('IMGERR')" alt="chart">
<svg onload="alert('SVG')"><script>SVG-SCRIPT</script></svg>
<form action="http://evil.example/post"><input name="q" value="x"></form>
<video src="http://evil.example/v.mp4" poster="http://evil.example/poster.png"></video>
<audio src="http://evil.example/a.mp3"></audio>
<h2 id="equipment">Equipment</h2>
<p>Controls on <span style="font-family: url(http://evil.example/font.woff)">memory</span>
apply.</p>
<noscript>NOSCRIPT-TEXT</noscript>
<template>TEMPLATE-TEXT</template>
<script>var x = "SCRIPT-TEXT-2";</script>
</body></html>
"""

HOSTILE_MD = """---
title: Hostile notes
url: javascript:alert('FRONT')
---
# Hostile notes

<script>alert('SCRIPT-TEXT-1')</script>

Readable paragraph about export controls.

[js link](javascript:alert('JSLINK')) and [data link](data:text/html,<script>x</script>)
and [good link](https://www.congress.gov/) and [mail](mailto:desk@example.org).

![remote image](http://evil.example/md.png)

<img src="http://evil.example/raw.gif" onerror="alert('IMGERR')">

<iframe src="http://evil.example/frame"></iframe>

<div style="background:url(http://evil.example/div.png)"
 onmouseover="alert('HANDLER')">Hover text.</div>

<style>@import "http://evil.example/a.css";</style>

<a href="http://evil.example/ok" onclick="alert('HANDLER')">click me</a>

Final words.
"""

EXECUTABLE_MARKERS = (
    "SCRIPT-TEXT",
    "alert(",
    "ONLOAD",
    "HANDLER",
    "IMGERR",
    "SVG-SCRIPT",
    "document.write",
    "@import",
    "url(",
    "IFRAME-TEXT",
    "OBJECT-TEXT",
    "TEMPLATE-TEXT",
    "NOSCRIPT-TEXT",
    "evil.example/pixel",
    "evil.example/md.png",
    "evil.example/raw.gif",
    "javascript:",
)


def write_hostile(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / "hostile.html", folder / "hostile.md", folder / "hostile.htm"]
    paths[0].write_text(HOSTILE_HTML, encoding="utf-8")
    paths[1].write_text(HOSTILE_MD, encoding="utf-8")
    paths[2].write_text(HOSTILE_HTML.replace("Tariff review", "Second page"), encoding="utf-8")
    return paths


# ---------------------------------------------------------------------------- corpora


def write_corpus(folder: Path, count: int, start: int = 0) -> list[Path]:
    """``count`` small Markdown briefings named brief-NNNN.md (deterministic)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(start, start + count):
        path = folder / f"sub-{number % 7}" / f"brief-{number:04d}.md"
        path.parent.mkdir(exist_ok=True)
        path.write_text(
            f"---\ntitle: Brief {number}\ndate: 2024-01-{number % 28 + 1:02d}\n---\n"
            f"# Brief {number}\n\nMarker zq{number}x. {prose(80, number)}\n\n"
            f"Second paragraph {number}: {prose(40, number + 1)}\n",
            encoding="utf-8",
        )
        paths.append(path)
    return paths


# ---------------------------------------------------------------------------- processes


def python_env(**extra: str) -> dict[str, str]:
    """Environment for a child Python that imports this checkout."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.update(extra)
    return env


def start_python(args: Sequence[str], **kwargs) -> subprocess.Popen:
    """Start ``python ARGS`` in its own process group (so leftovers can be cleaned up)."""
    return subprocess.Popen(
        [sys.executable, *args],
        cwd=REPO,
        env=python_env(),
        start_new_session=True,
        **kwargs,
    )


def sigkill(process: subprocess.Popen) -> None:
    """SIGKILL the process, wait for it, then clear any helper it left in its group."""
    if process.poll() is None:
        process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    try:
        os.killpg(process.pid, signal.SIGKILL)  # its own group: only what it started
    except (ProcessLookupError, PermissionError):
        pass


def wait_for(condition: Callable[[], bool], timeout: float = 30.0, step: float = 0.01) -> bool:
    """Poll ``condition`` until true or ``timeout`` (a hang guard, not a timing assertion)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return condition()
