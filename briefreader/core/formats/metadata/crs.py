"""Congressional Research Service products: markdown exports and the PDFs.

Markdown exports start with a block of labelled fields ("Product Type: In Focus Report No.:
IF13204 Version: 2 Publication Date: 04/16/2026 Author(s): Sutter, Karen M. ... Source:
https://www.congress.gov/crs-product/IF13204"). PDFs put the date next to the title on page
1 ("Updated April 16, 2026"), the authors at the end ("Name, Analyst in ..." or an "Author
Information" block) and "IF13204 · VERSION 2 · NEW" in the page footers.
"""

from __future__ import annotations

import re

from briefreader.core.formats.metadata import dates
from briefreader.core.formats.metadata.model import (
    ORIGIN_FILE,
    ORIGIN_HEURISTIC,
    Candidates,
    Context,
)
from briefreader.core.formats.metadata.ranks import Rank
from briefreader.core.formats.metadata.sources import CRS
from briefreader.core.formats.metadata.text import (
    clean_title,
    flip_name,
    is_title_cased,
    join_names,
    one_line,
)

NUMBER = r"(?:IF|IN|RS|RL|R|LSB)\d{4,5}"
_NUMBER = re.compile(NUMBER)
_OLD_NUMBER = re.compile(r"\d{2}-\d{3,4}[A-Z]?")  # 98-317
_FILE_NAME = re.compile(rf"({NUMBER})(?:v(\d{{1,3}})|\.(\d{{1,3}}))?(?=[-_. ]|$)")
_VERSION_LINE = re.compile(rf"({NUMBER})\s*[·•]\s*VERSION\s+(\d{{1,3}})")
_LABELS = re.compile(
    r"(CRS Product Type|Product Type|Report No\.|CRS Product Number|Version|Publication Date"
    r"|Author\(s\)|Authors|Author|Topics|Source|Referenced Legislation)\s*:\s*\|?\s*"
)
# Lines CRS puts on its products ("Congressional Research Service   1" is a page footer).
_MARKER_LINE = re.compile(
    r"^[ \t]*(?:Congressional Research Service|Informing the legislative debate since 1914"
    r"|CRS INSIGHT|CRS Legal Sidebar|CRS PRODUCT \(LIBRARY OF CONGRESS\)|CRS Report for Congress"
    r"|CRS In Focus)[ \t\d]*$",
    re.IGNORECASE | re.MULTILINE,
)
_MARKER_TEXT = ("crsreports.congress.gov", "www.crs.gov", "congress.gov/crs-product")
_JOB = (
    r"(?:Senior |Acting |Section Research |Visiting |Presidential )?"
    r"(?:Analyst|Specialist|Legislative Attorney|Research Librarian|Coordinator|Manager"
    r"|Economist|Research Assistant|Attorney)\b"
)
_NAME = r"[A-Z][\w.'’-]*(?: (?:[A-Z][\w.'’-]*|de|da|van|von|del|la|le)){1,4}"
_NAME_AND_JOB = re.compile(rf"({_NAME}), {_JOB}")
_NAME_LINE = re.compile(_NAME)
_JOB_LINE = re.compile(_JOB)
_BOILERPLATE = re.compile(
    r"(?:https?://\S+|crs (?:insight|legal sidebar|report)|prepared for members and"
    r"|committees of congress|insight\w?|legal sidebar|in focus|congressional research service"
    r"|\d+)",
    re.IGNORECASE,
)
_SECTION_HEADINGS = frozenset(("background", "introduction", "overview", "summary", "context"))
_CONTINUES = re.compile(
    r"(?:\b(?:and|of|the|for|in|to|on|with|a|an|or|from|by|under|after|at)|[:,\-–—])$"
)


def is_marker_line(line: str) -> bool:
    """True for a line CRS prints on its products rather than a heading of the text
    ("CRS PRODUCT (LIBRARY OF CONGRESS)", "Congressional Research Service 1")."""
    return bool(_MARKER_LINE.fullmatch(line))


def is_crs(ctx: Context) -> bool:
    """True when the text carries CRS's own marks (not a passing mention of CRS)."""
    if ctx.input.pdf_info.get("subject", "").startswith("CRS "):
        return True
    for part in (ctx.head[:4000], ctx.tail[-4000:], ctx.furniture):
        folded = part.casefold()
        if any(marker in folded for marker in _MARKER_TEXT):
            return True
        if ("research service" in folded or "crs " in folded or "since 1914" in folded) and (
            _MARKER_LINE.search(part)
        ):
            return True
    return False


def extract(ctx: Context, out: Candidates) -> bool:
    """Add what a CRS product says about itself; False when it is not one."""
    if not is_crs(ctx):
        return False
    out.add("source", CRS, ORIGIN_HEURISTIC, Rank.CONTENT, "crs-marks")
    _labelled(ctx, out)
    _number_from_text(ctx, out)
    _number_from_file_name(ctx, out)
    if ctx.input.pages:
        _pdf_page_one(ctx, out)
        _pdf_authors(ctx, out)
    _cover_date(ctx, out)
    number = out.value("report_number")
    if number and _NUMBER.fullmatch(number):
        prefix = re.match(r"[A-Z]+", number).group(0)  # type: ignore[union-attr]
        url = f"https://crsreports.congress.gov/product/pdf/{prefix}/{number}"
        out.add("url", url, ORIGIN_HEURISTIC, Rank.CONSTRUCTED, "crs-number")
    return True


def _labelled(ctx: Context, out: Candidates) -> None:
    """The labelled block at the top of a markdown export."""
    head = ctx.head[:2500]
    if "Report No.:" not in head and "Product Type:" not in head:
        return
    fields: dict[str, str] = {}
    for line in head.split("\n")[:40]:
        matches = list(_LABELS.finditer(line))
        for i, match in enumerate(matches):
            end = matches[i + 1].start() if i + 1 < len(matches) else len(line)
            value = line[match.end() : end].strip(" |")
            fields.setdefault(match.group(1), value)
    number = fields.get("Report No.") or fields.get("CRS Product Number") or ""
    if _NUMBER.fullmatch(number) or _OLD_NUMBER.fullmatch(number):
        out.add("report_number", number, ORIGIN_HEURISTIC, Rank.LABELLED, "crs-labels")
    version = fields.get("Version", "")
    if version.isdigit():
        out.add("version", str(int(version)), ORIGIN_HEURISTIC, Rank.LABELLED, "crs-labels")
    date = dates.parse_date(fields.get("Publication Date", ""))
    out.add("date", date, ORIGIN_HEURISTIC, Rank.LABELLED, "crs-labels")
    authors = fields.get("Author(s)") or fields.get("Authors") or fields.get("Author")
    if authors:
        names = join_names(flip_name(name) for name in authors.split(";"))
        out.add("author", names, ORIGIN_HEURISTIC, Rank.LABELLED, "crs-labels")
    source = fields.get("Source", "")
    if source.startswith(("https://", "http://")) and " " not in source:
        if "/crs-product/" in source:
            source = source.split("?", 1)[0]  # ?s=1&r=8: the search that found it
        out.add("url", source, ORIGIN_HEURISTIC, Rank.LABELLED, "crs-labels")


def _number_from_text(ctx: Context, out: Candidates) -> None:
    """ "IF13204 · VERSION 2 · NEW" in the page footers of a PDF (left out of its text)."""
    for part in (ctx.furniture, ctx.head, ctx.tail):
        if "VERSION" not in part:
            continue
        match = _VERSION_LINE.search(part)
        if match:
            out.add("report_number", match.group(1), ORIGIN_HEURISTIC, Rank.CONTENT, "crs-footer")
            out.add(
                "version", str(int(match.group(2))), ORIGIN_HEURISTIC, Rank.CONTENT, "crs-footer"
            )
            return


def _number_from_file_name(ctx: Context, out: Candidates) -> None:
    """IF13204v2-china-s-15th.md, IF13204.2.pdf, R48903.3.pdf, IF12155.pdf."""
    match = _FILE_NAME.match(ctx.stem)
    if not match:
        return
    number, version = match.group(1), match.group(2) or match.group(3)
    if out.value("report_number") not in (None, number):
        return  # the name is of another product: trust the text
    out.add("report_number", number, ORIGIN_HEURISTIC, Rank.PATH, "crs-file-name")
    if version:
        out.add("version", str(int(version)), ORIGIN_HEURISTIC, Rank.PATH, "crs-file-name")


def _pdf_page_one(ctx: Context, out: Candidates) -> None:
    """Title and date around the date line of page 1; the report number on a line alone."""
    lines = [line.strip() for line in ctx.page1_lines[:30]]
    for line in lines[:20]:
        if _NUMBER.fullmatch(line):
            out.add("report_number", line, ORIGIN_HEURISTIC, Rank.CONTENT, "crs-cover")
            break
    at = next((i for i, line in enumerate(lines[:15]) if dates.date_line(line)), None)
    if at is None:
        return
    title = _title_before(lines, at) or _title_after(lines, at)
    out.add("title", clean_title(title), ORIGIN_HEURISTIC, Rank.KIND, "crs-cover")


def _cover_date(ctx: Context, out: Candidates) -> None:
    """The date next to the title: "Updated April 16, 2026" on page 1, or the PDF's cover date."""
    keywords = ctx.input.pdf_info.get("keywords", "")
    if keywords.lower().startswith("cover date:"):
        date = dates.parse_date(keywords.split(":", 1)[1])
        out.add("date", date, ORIGIN_FILE, Rank.DECLARED_PDF, "pdf-cover-date")
    if ctx.input.pages:
        for line in ctx.page1_lines[:15]:
            date = dates.date_line(line)
            if date:
                out.add("date", date, ORIGIN_HEURISTIC, Rank.CONTENT, "crs-cover")
                return


def _title_before(lines: list[str], at: int) -> str | None:
    """The block of lines just above the date line (reports, insights, sidebars)."""
    block: list[str] = []
    for line in reversed(lines[:at]):
        if not line or _BOILERPLATE.fullmatch(line):
            break
        block.insert(0, line)
        if len(block) == 4:
            break
    return _join(block) if block else None


def _title_after(lines: list[str], at: int) -> str | None:
    """The line just below the date line (In Focus), with a continuation line if it runs on."""
    following = [line for line in lines[at + 1 : at + 4] if line]
    if not following or _BOILERPLATE.fullmatch(following[0]):
        return None
    block = [following[0]]
    if len(following) > 1 and _continues(following[0], following[1]):
        block.append(following[1])
    return _join(block)


def _continues(line: str, following: str) -> bool:
    """Whether ``following`` carries on the title in ``line`` rather than starting the text.

    The first line of the body is a sentence (mostly lower case) or a section heading; the
    rest of a title is title-cased ("Systems", "and Considerations for Congress").
    """
    if _CONTINUES.search(line):
        return True
    if following.endswith(".") or len(following) > len(line):
        return False
    if following.casefold() in _SECTION_HEADINGS:
        return False
    return is_title_cased(following)


def _join(lines: list[str]) -> str:
    """Lines of a title set over several lines, joined (a hyphen at a line end kept)."""
    text = ""
    for line in lines:
        if text and not text.endswith("-"):
            text += " "
        text += line
    return one_line(text)


def _pdf_authors(ctx: Context, out: Candidates) -> None:
    """ "Name, Analyst in ..." lines, or an "Author Information" block of name and job lines."""
    names = [m.group(1) for line in ctx.tail_lines if (m := _NAME_AND_JOB.match(line.strip()))]
    if not names:
        names = _author_block(ctx.tail_lines)
    out.add("author", join_names(names), ORIGIN_HEURISTIC, Rank.CONTENT, "crs-authors")


def _author_block(lines: list[str]) -> list[str]:
    """Names under the last "Author Information" heading: each line followed by a job line."""
    start = None
    for i, line in enumerate(lines):
        if line.strip() == "Author Information":
            start = i + 1
    if start is None:
        return []
    body = [line.strip() for line in lines[start : start + 30] if line.strip()]
    names = []
    for i in range(len(body) - 1):
        if _JOB_LINE.match(body[i + 1]) and _NAME_LINE.fullmatch(body[i]):
            names.append(body[i])
        if body[i] in ("Disclaimer", "Acknowledgments"):
            break
    return names
