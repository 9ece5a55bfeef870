"""Legal texts: US Code sections, EU acts from EUR-Lex, PRC statutes and regulations."""

from __future__ import annotations

import re

from briefreader.core.formats.metadata import dates
from briefreader.core.formats.metadata.model import ORIGIN_HEURISTIC, Candidates, Context
from briefreader.core.formats.metadata.ranks import Rank
from briefreader.core.formats.metadata.sources import (
    EUR_LEX,
    NPC,
    PROCURATORATE_PRC,
    STATE_COUNCIL,
    SUPREME_COURT_PRC,
    US_CODE,
)
from briefreader.core.formats.metadata.text import (
    clean_title,
    is_mostly_upper,
    one_line,
    shorten,
    title_case,
)

# -- US Code -------------------------------------------------------------------------------

_USC_TITLE = re.compile(r"Title\s+(\d{1,2}[A-Z]?)\s*[—–-]+\s*(\S.*)")
_USC_SECTION = re.compile(r"(§§?)\s*(\S+(?:\s+to\s+\S+)?)\.\s*(.*)")
_USC_CHAPTER = re.compile(r"CHAPTER\s+(\w+)\s*[—–-]+\s*(\S.*)", re.IGNORECASE)
_USC_SUBSECTION = re.compile(r"\(([a-z]{1,2})\)\s*\S.*")
_USC_SIMPLE_NUMBER = re.compile(r"[0-9]+[a-z]?(?:-[0-9]+)?")
_USC_FILE = re.compile(r"title-(\d{1,2}[a-z]?)_", re.IGNORECASE)


def us_code(ctx: Context, out: Candidates) -> bool:
    """A US Code section: "22 U.S.C. § 7002 — United States-China Economic and ..."."""
    headings = [(level, one_line(text)) for level, text in ctx.input.headings[:8]]
    if not headings:
        return False
    found = _USC_TITLE.fullmatch(headings[0][1])
    if not found:
        return False
    title_number = found.group(1)
    section = chapter = None
    subsection = None
    for i, (_level, text) in enumerate(headings[1:], start=1):
        if section is None and (match := _USC_SECTION.fullmatch(text)):
            section = match
            if i + 1 < len(headings) and (sub := _USC_SUBSECTION.fullmatch(headings[i + 1][1])):
                subsection = sub.group(1)
            break
        if chapter is None and (match := _USC_CHAPTER.fullmatch(text)):
            chapter = match
    if section is None and chapter is None:
        return False
    out.add("source", US_CODE, ORIGIN_HEURISTIC, Rank.CONTENT, "us-code-headings")
    if section is not None:
        signs, number, caption = section.groups()
        pin = f"({subsection})" if subsection and subsection != "a" else ""
        caption = caption.rstrip(". ")
        title = f"{title_number} U.S.C. {signs} {number}{pin}" + (
            f" — {caption}" if caption else ""
        )
        out.add("title", clean_title(title), ORIGIN_HEURISTIC, Rank.KIND, "us-code-section")
        if signs == "§" and _USC_SIMPLE_NUMBER.fullmatch(number):
            url = (
                "https://uscode.house.gov/view.xhtml?req=granuleid:"
                f"USC-prelim-title{title_number}-section{number}"
            )
            out.add("url", url, ORIGIN_HEURISTIC, Rank.CONSTRUCTED, "us-code-section")
    elif chapter is not None:
        name = chapter.group(2)
        if is_mostly_upper(name):
            name = title_case(name)  # the text around is in capitals too: no acronyms to learn
        title = f"{title_number} U.S.C. ch. {chapter.group(1)} — {name}"
        out.add("title", clean_title(title), ORIGIN_HEURISTIC, Rank.KIND, "us-code-chapter")
    return True


# -- EUR-Lex -------------------------------------------------------------------------------

_ACT = re.compile(
    r"((?:COMMISSION |COUNCIL )?(?:IMPLEMENTING |DELEGATED )?(?:REGULATION|DIRECTIVE|DECISION))"
    r"\s+((?:\((?:EU|EC|EEC|Euratom|EU, Euratom)\)\s+)?(?:No\s+)?\d{1,4}/\d{1,4}(?:/[A-Z]{2,8})?)"
    r"(?=[\s,]|$)(.*)",
    re.IGNORECASE,
)
_ACT_DATE = re.compile(r"of\s+(\d{1,2}\s+[A-Za-z]+\s+\d{4})")
_INLINE = re.compile(r"(.{10,200}?)\s+of\s+(\d{1,2}\s+[A-Za-z]+\s+\d{4})\s+(.+)")
_SHORT_NAME = re.compile(r"\s*\(([A-Z][^()]{5,80})\)\s*$")
_EU_TITLE_MAX = 170


def eur_lex(ctx: Context, out: Candidates) -> bool:
    """An EU act: "Regulation (EU) 2016/679 of the European Parliament and of the Council of
    27 April 2016 on the protection of natural persons… (General Data Protection Regulation)"."""
    lines = ctx.nonblank[:30]
    if not any("Official Journal" in line for line in lines[:15]):
        return False
    out.add("source", EUR_LEX, ORIGIN_HEURISTIC, Rank.CONTENT, "eur-lex-journal")
    act = _formal_act(lines) or _inline_act(lines)
    if act is None:
        return True
    name, number, kind, date_text, subject = act
    short = None
    found = _SHORT_NAME.search(subject)
    if found:
        short, subject = found.group(1), subject[: found.start()]
    elif ctx.input.headings:
        heading = one_line(ctx.input.headings[0][1])
        if 6 <= len(heading) <= 80 and not _ACT.match(heading):
            short = heading
    title = f"{name} of {date_text} {subject}".rstrip(" ,.")
    if short:
        title = shorten(title, _EU_TITLE_MAX - len(short) - 3) + f" ({short})"
    out.add("title", clean_title(title), ORIGIN_HEURISTIC, Rank.KIND, "eur-lex-act")
    out.add("date", dates.parse_date(date_text), ORIGIN_HEURISTIC, Rank.CONTENT, "eur-lex-act")
    out.add("url", _eli(kind, number), ORIGIN_HEURISTIC, Rank.CONSTRUCTED, "eur-lex-act")
    return True


def _formal_act(lines: list[str]) -> tuple[str, str, str, str, str] | None:
    """REGULATION (EU) 2016/679 OF ... / of 27 April 2016 / on the protection of ..."""
    for i, line in enumerate(lines):
        match = _ACT.match(line)
        if not match or not is_mostly_upper(line) or i + 2 >= len(lines):
            continue
        date = _ACT_DATE.fullmatch(lines[i + 1])
        if not date:
            continue
        subject = lines[i + 2] if lines[i + 2][:1].islower() else ""
        name = title_case(line)
        return name, match.group(2), match.group(1), date.group(1), subject
    return None


def _inline_act(lines: list[str]) -> tuple[str, str, str, str, str] | None:
    """Directive 95/46/EC of the European Parliament and of the Council of 24 October 1995 on ..."""
    for line in lines:
        match = _ACT.match(line)
        if not match or is_mostly_upper(line):
            continue
        inline = _INLINE.fullmatch(line)
        if inline:
            return inline.group(1), match.group(2), match.group(1), inline.group(2), inline.group(3)
    return None


def _eli(kind: str, number: str) -> str | None:
    """The European Legislation Identifier address of a plain regulation, directive or decision."""
    types = {"regulation": "reg", "directive": "dir", "decision": "dec"}
    eli_type = types.get(kind.lower())
    if eli_type is None:
        return None
    bare = re.sub(r"^\([^)]*\)\s*", "", number)
    numbered_first = bare.startswith("No ")
    parts = bare.removeprefix("No ").strip().split("/")
    if len(parts) < 2 or not (parts[0].isdigit() and parts[1].isdigit()):
        return None
    year, serial = (parts[1], parts[0]) if numbered_first else (parts[0], parts[1])
    if len(year) == 2:
        year = ("19" if int(year) >= 50 else "20") + year
    return f"https://eur-lex.europa.eu/eli/{eli_type}/{int(year)}/{int(serial)}/oj"


# -- PRC statutes --------------------------------------------------------------------------

_ZH_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_ACTIONS = ("通过", "公布", "发布", "修正", "修订", "批准", "颁布")
_BODIES = (
    ("最高人民法院", SUPREME_COURT_PRC),
    ("最高人民检察院", PROCURATORATE_PRC),
    ("全国人民代表大会", NPC),
    ("国务院", STATE_COUNCIL),
)
_CATEGORY = re.compile(r"(.+?)__")
_LAW_CATEGORIES = frozenset(
    ("宪法", "宪法相关法", "民法典", "民法商法", "经济法", "行政法", "社会法", "刑法",
     "诉讼与非诉讼程序法")
)  # fmt: skip
_LAW_TITLE = re.compile(r"中华人民共和国\S*法(?:修正案)?(?:（\S+）)?")


def prc_statute(ctx: Context, out: Candidates) -> bool:
    """A PRC statute, regulation or judicial interpretation: its issuing body and version date."""
    headings = ctx.input.headings
    if headings:
        title = one_line(headings[0][1])
    elif ctx.input.format == "text" and ctx.nonblank:  # a statute saved as plain text
        title = one_line(ctx.nonblank[0]).lstrip("# ")
    else:
        return False
    if not title or not ("\u4e00" <= title[0] <= "\u9fff"):
        return False
    found = _from_category(ctx.stem, out)  # LawRefBook's "行政法规__…" file names
    info = [line for line in ctx.nonblank[1:12] if _ZH_DATE.match(line)]
    body = _issuing_body(info[0]) if info else None
    if body is None:
        body = _body_from_title(title, ctx)
    if body is None and not info:
        return found
    if body is not None:
        out.add("source", body, ORIGIN_HEURISTIC, Rank.CONTENT, "prc-info-lines")
    out.add("date", _version_date(info), ORIGIN_HEURISTIC, Rank.LATE_CONTENT, "prc-info-lines")
    return True


def _from_category(stem: str, out: Candidates) -> bool:
    """The issuing body a LawRefBook category in the file name implies, if it implies one."""
    category = _CATEGORY.match(stem)
    if not category:
        return False
    name = category.group(1)
    if name == "行政法规":  # administrative regulations: the State Council
        out.add("source", STATE_COUNCIL, ORIGIN_HEURISTIC, Rank.PATH, "prc-category")
        return True
    if name in _LAW_CATEGORIES:  # laws: the NPC and its Standing Committee
        out.add("source", NPC, ORIGIN_HEURISTIC, Rank.PATH, "prc-category")
        return True
    return False


def _issuing_body(line: str) -> str | None:
    """The body named first on the line that records the text's adoption."""
    found = [(line.find(mark), source) for mark, source in _BODIES if mark in line]
    return min(found)[1] if found else None


def _body_from_title(title: str, ctx: Context) -> str | None:
    for mark, source in _BODIES:
        if title.startswith(mark):
            return source
    if _LAW_TITLE.fullmatch(title):
        return NPC
    if title.endswith("解释"):  # a judicial interpretation: the court or procuratorate named
        return _issuing_body(ctx.head[:1500])
    return None


def _version_date(info: list[str]) -> str | None:
    """The latest date on the info lines that records an adoption or amendment (not 施行)."""
    best = None
    for line in info:
        matches = list(_ZH_DATE.finditer(line))
        for i, match in enumerate(matches):
            end = matches[i + 1].start() if i + 1 < len(matches) else len(line)
            what = line[match.end() : end]
            if any(action in what for action in _ACTIONS):
                found = dates.iso(int(match.group(1)), int(match.group(2)), int(match.group(3)))
                if found and (best is None or found > best):
                    best = found
    return best
