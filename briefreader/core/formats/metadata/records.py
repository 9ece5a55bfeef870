"""Records of what was said: the Congressional Record (GPO), UN General Debate speeches,
White House releases."""

from __future__ import annotations

import re

from briefreader.core.formats.metadata import dates
from briefreader.core.formats.metadata.countries import country_name
from briefreader.core.formats.metadata.model import ORIGIN_HEURISTIC, Candidates, Context
from briefreader.core.formats.metadata.ranks import Rank
from briefreader.core.formats.metadata.sources import (
    CONGRESSIONAL_RECORD,
    UN_GENERAL_DEBATE,
    WHITE_HOUSE,
)
from briefreader.core.formats.metadata.text import (
    acronyms_in,
    clean_title,
    is_headline,
    is_mostly_upper,
    one_line,
    ordinal,
    title_case,
)

# -- Congressional Record ------------------------------------------------------------------

_CR_HEADER = re.compile(
    r"\[Congressional Record Volume \d+, Number \d+ \(((?:\w+, )?[A-Z][a-z]+\.? \d{1,2}, \d{4})\)\]"
)
_CR_FILE = re.compile(r"CREC-(\d{4}-\d{2}-\d{2})-[\w-]+")
_CR_SKIP = re.compile(r"\[\[Page [^\]]*\]\]|\{time\}.*|By (?:Mr|Mrs|Ms|Miss|Dr)\.? .*:|[_\-=* ]+")
_BILL = re.compile(
    r"((?:S|H\.R|S\. ?Res|H\. ?Res|S\.J\. ?Res|H\.J\. ?Res|S\. ?Con\. ?Res|H\. ?Con\. ?Res)"
    r"\.\s*\d+)\.\s+(An? (?:bill|resolution|joint resolution|concurrent resolution)\b.*)"
)
_CENTRED = 8  # leading spaces of a centred heading line in the <pre> text


def congressional_record(ctx: Context, out: Candidates) -> bool:
    """A Congressional Record item: its date, its heading as the title, its GovInfo address."""
    file_match = _CR_FILE.fullmatch(ctx.stem)
    if file_match:
        out.add("source", CONGRESSIONAL_RECORD, ORIGIN_HEURISTIC, Rank.PATH, "crec-file-name")
        url = f"https://www.govinfo.gov/content/pkg/CREC-{file_match.group(1)}/html/{ctx.stem}.htm"
        out.add("url", url, ORIGIN_HEURISTIC, Rank.CONSTRUCTED, "crec-file-name")
    start = next((i for i, line in enumerate(ctx.lines[:5]) if line.strip()), None)
    header = _CR_HEADER.fullmatch(ctx.lines[start].strip()) if start is not None else None
    if header is None or start is None:
        return file_match is not None
    out.add("source", CONGRESSIONAL_RECORD, ORIGIN_HEURISTIC, Rank.CONTENT, "crec-header")
    out.add("date", dates.date_line(header.group(1)), ORIGIN_HEURISTIC, Rank.CONTENT, "crec-header")
    lines = ctx.lines[start + 1 : start + 40]
    body_from = next(
        (i + 1 for i, line in enumerate(lines[:6]) if line.startswith("From the Congressional")), 0
    )
    parts = _heading(lines[body_from:])
    if parts:
        heading = " ".join(parts)
        if is_mostly_upper(heading):
            body = ctx.head[:3000]
            for part in parts:
                body = body.replace(part, " ", 1)
            heading = title_case(one_line(heading), acronyms_in(body))
        out.add("title", clean_title(heading), ORIGIN_HEURISTIC, Rank.KIND, "crec-heading")
    return True


def _heading(lines: list[str]) -> list[str]:
    """The item's heading lines: lines in capitals, a centred line, or a bill's description."""
    heading: list[str] = []
    for number, line in enumerate(lines):
        text = line.strip()
        if not text or _CR_SKIP.fullmatch(text) or (dates.date_line(text) and not heading):
            if heading:
                break
            continue
        if is_mostly_upper(text):
            heading.append(text)
            continue
        if heading:
            break
        bill = _BILL.match(text)
        if bill:
            return [_bill_title(bill.group(1), [bill.group(2), *lines[number + 1 : number + 6]])]
        indent = len(line) - len(line.lstrip(" "))
        if indent >= _CENTRED and len(text) <= 80 and is_headline(text[0].upper() + text[1:]):
            return [text[0].upper() + text[1:]]  # "prayer", centred
        if indent == 0 and len(text) <= 50 and ". " not in text and is_headline(text):
            return [text]  # "Committee Meetings"
        return []
    return heading


def _bill_title(number: str, lines: list[str]) -> str:
    """ "S. 264. A bill to amend title XI ... for other purposes" (up to the committee)."""
    text = ""
    for line in lines:
        text = f"{text} {line.strip()}" if text else line.strip()
        if ";" in text or text.endswith("."):
            break
    return f"{number}. {text.split(';', 1)[0].rstrip('.')}"


# -- UN General Debate ---------------------------------------------------------------------

# ISO_NN_YYYY at the end of the name: CHN_63_2008, EU_76_2021, latin1_ungdc-AGO_79_2024.
_UN_FILE = re.compile(r"(?:.*[_\-. ])?([A-Z]{2,3})_(\d{2})_(\d{4})")
_FIRST_SESSION_YEAR = 1945  # session 1 met in 1946


def un_speech(ctx: Context, out: Candidates) -> bool:
    """A UN General Debate speech named by the UNGDC convention ISO_NN_YYYY."""
    match = _UN_FILE.fullmatch(ctx.stem)
    if not match:
        return False
    code, session, year = match.group(1), int(match.group(2)), int(match.group(3))
    if year - session != _FIRST_SESSION_YEAR:
        return False
    country = country_name(code, year)
    if country is None:
        return False
    title = (
        f"{country}: statement at the {ordinal(session)} session of the UN General Assembly "
        f"General Debate ({year})"
    )
    out.add("title", title, ORIGIN_HEURISTIC, Rank.KIND, "un-file-name")
    out.add("date", dates.iso(year), ORIGIN_HEURISTIC, Rank.PATH, "un-file-name")
    out.add("source", UN_GENERAL_DEBATE, ORIGIN_HEURISTIC, Rank.PATH, "un-file-name")
    return True


# -- White House ---------------------------------------------------------------------------

_WH_LINE = re.compile(
    r"^[ \t]*(?:THE WHITE HOUSE|Office of the Press Secretary)[ \t.]*$",
    re.IGNORECASE | re.MULTILINE,
)


def white_house(ctx: Context, out: Candidates) -> bool:
    """A release that carries the "THE WHITE HOUSE" / "Office of the Press Secretary" header."""
    if _WH_LINE.search(ctx.head[:3000]):
        out.add("source", WHITE_HOUSE, ORIGIN_HEURISTIC, Rank.CONTENT, "white-house-header")
        return True
    return False
