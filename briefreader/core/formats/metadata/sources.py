"""Publishers: a small set of canonical names, and how to recognise them.

Sources are normalised so that facets group well: "CRS", "Congressional Research Service"
and "crsreports.congress.gov" all become ``CRS``. Each canonical name carries the word a
user types in a ``source:`` query (``source:CRS``, ``source:EUR-Lex``, ``source:18F``).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from briefreader.core.formats.metadata.text import one_line

CRS = "Congressional Research Service (CRS)"
WHITE_HOUSE = "The White House"
UN_GENERAL_DEBATE = "United Nations (General Debate)"
CONGRESSIONAL_RECORD = "Congressional Record (GPO)"
EUR_LEX = "EUR-Lex (European Union)"
US_CODE = "US Code (Office of the Law Revision Counsel)"
NPC = "National People's Congress (PRC)"
STATE_COUNCIL = "State Council (PRC)"
SUPREME_COURT_PRC = "Supreme People's Court (PRC)"
PROCURATORATE_PRC = "Supreme People's Procuratorate (PRC)"
EIGHTEEN_F = "18F (GSA)"
DIGITAL_GOV = "Digital.gov (GSA)"

REUTERS = "Reuters"
AP = "Associated Press"
AFP = "Agence France-Presse (AFP)"

# News outlets: canonical name -> other ways of writing it (matched without case and
# punctuation). Kept apart because a text names an outlet only in a dateline or byline.
OUTLETS: dict[str, tuple[str, ...]] = {
    REUTERS: ("Reuters", "Thomson Reuters"),
    AP: ("AP", "Associated Press", "The Associated Press", "AP News"),
    AFP: ("AFP", "Agence France-Presse", "Agence France Presse"),
    "Bloomberg": ("Bloomberg", "Bloomberg News"),
    "Xinhua": ("Xinhua", "Xinhua News Agency"),
    "The New York Times": ("New York Times", "The New York Times", "NYT"),
    "The Washington Post": ("Washington Post", "The Washington Post"),
    "The Wall Street Journal": ("Wall Street Journal", "The Wall Street Journal", "WSJ"),
    "Financial Times": ("Financial Times", "FT"),
    "BBC News": ("BBC", "BBC News"),
    "The Guardian": ("The Guardian", "Guardian"),
    "Politico": ("Politico",),
    "Nikkei Asia": ("Nikkei Asia", "Nikkei Asian Review", "Nikkei"),
    "South China Morning Post": ("South China Morning Post", "SCMP"),
    "CNN": ("CNN",),
    "NPR": ("NPR",),
    "Axios": ("Axios",),
    "The Economist": ("The Economist", "Economist"),
    "Al Jazeera": ("Al Jazeera",),
    "Kyodo News": ("Kyodo", "Kyodo News"),
    "Yonhap": ("Yonhap", "Yonhap News Agency"),
}

_PUBLISHERS: dict[str, tuple[str, ...]] = {
    CRS: (
        "CRS",
        "Congressional Research Service",
        "CRS Report",
        "CRS Reports",
        "CRS Insight",
        "CRS Insights",
        "CRS In Focus",
        "CRS Legal Sidebar",
        "CRS Report for Congress",
        "crsreports.congress.gov",
        "Library of Congress, Congressional Research Service",
    ),
    WHITE_HOUSE: ("White House", "The White House", "whitehouse.gov", "White House Briefing Room"),
    UN_GENERAL_DEBATE: ("UN General Debate", "United Nations General Debate", "UNGDC"),
    CONGRESSIONAL_RECORD: ("Congressional Record", "CREC"),
    EUR_LEX: (
        "EUR-Lex",
        "Official Journal of the European Union",
        "Publications Office of the European Union",
    ),
    US_CODE: (
        "US Code",
        "U.S. Code",
        "United States Code",
        "Office of the Law Revision Counsel",
        "OLRC",
        "uscode.house.gov",
    ),
    NPC: (
        "National People's Congress",
        "NPC",
        "全国人民代表大会",
        "全国人大",
        "全国人民代表大会常务委员会",
    ),
    STATE_COUNCIL: ("State Council", "国务院", "中华人民共和国国务院"),
    SUPREME_COURT_PRC: ("Supreme People's Court", "最高人民法院"),
    PROCURATORATE_PRC: ("Supreme People's Procuratorate", "最高人民检察院"),
    EIGHTEEN_F: ("18F", "18F blog"),
    DIGITAL_GOV: ("Digital.gov", "DigitalGov"),
    # Digital.gov's "source:" slugs for posts that first appeared elsewhere.
    "General Services Administration (GSA)": ("GSA", "General Services Administration"),
    "USAGov (GSA)": ("USAGov", "USA.gov"),
    "Code.gov": ("codegov",),
    "U.S. Web Design System (GSA)": ("USWDS", "U.S. Web Design System"),
    "Performance.gov": ("performancegov",),
    "FedRAMP (GSA)": ("FedRAMP",),
    "Natural Resources Revenue Data (DOI)": ("doi-revenuedata", "revenuedata.doi.gov"),
}


def _key(name: str) -> str:
    """A name folded for matching: no case, no punctuation or spaces, no leading "the"."""
    folded = name.casefold()
    folded = folded.removeprefix("the ")
    return "".join(c for c in folded if c.isalnum())


_ALIASES: dict[str, str] = {
    _key(alias): canonical
    for table in (_PUBLISHERS, OUTLETS)
    for canonical, aliases in table.items()
    for alias in (canonical, *aliases)
}


def canonical_source(name: str) -> str | None:
    """The canonical name of a publisher as a file states it; unknown names kept, cleaned."""
    text = one_line(name).strip(" .,;")
    if not text:
        return None
    return _ALIASES.get(_key(text), text)


def known_source(name: str) -> str | None:
    """The canonical name when ``name`` is a known publisher or outlet, else None."""
    return _ALIASES.get(_key(name))


# -- addresses ---------------------------------------------------------------------------

_DOMAINS: tuple[tuple[str, str, str], ...] = (
    # (host suffix, path prefix, source)
    ("crsreports.congress.gov", "", CRS),
    ("congress.gov", "/crs-product", CRS),
    ("congress.gov", "/crs_external_products", CRS),
    ("everycrsreport.com", "", CRS),
    ("crs.gov", "", CRS),
    ("congress.gov", "/congressional-record", CONGRESSIONAL_RECORD),
    ("govinfo.gov", "/content/pkg/crec", CONGRESSIONAL_RECORD),
    ("govinfo.gov", "/app/details/crec", CONGRESSIONAL_RECORD),
    ("whitehouse.gov", "", WHITE_HOUSE),
    ("*whitehouse.archives.gov", "", WHITE_HOUSE),  # bidenwhitehouse., obamawhitehouse., ...
    ("eur-lex.europa.eu", "", EUR_LEX),
    ("uscode.house.gov", "", US_CODE),
    ("npc.gov.cn", "", NPC),
    ("18f.gsa.gov", "", EIGHTEEN_F),
    ("digital.gov", "", DIGITAL_GOV),
    ("reuters.com", "", REUTERS),
    ("apnews.com", "", AP),
    ("afp.com", "", AFP),
    ("bloomberg.com", "", "Bloomberg"),
    ("xinhuanet.com", "", "Xinhua"),
    ("news.cn", "", "Xinhua"),
    ("nytimes.com", "", "The New York Times"),
    ("washingtonpost.com", "", "The Washington Post"),
    ("wsj.com", "", "The Wall Street Journal"),
    ("ft.com", "", "Financial Times"),
    ("bbc.co.uk", "", "BBC News"),
    ("bbc.com", "", "BBC News"),
    ("theguardian.com", "", "The Guardian"),
    ("politico.com", "", "Politico"),
    ("politico.eu", "", "Politico"),
    ("nikkei.com", "", "Nikkei Asia"),
    ("scmp.com", "", "South China Morning Post"),
    ("cnn.com", "", "CNN"),
    ("npr.org", "", "NPR"),
    ("axios.com", "", "Axios"),
    ("economist.com", "", "The Economist"),
    ("aljazeera.com", "", "Al Jazeera"),
)


def source_from_url(url: str | None) -> str | None:
    """The publisher an address belongs to (whitehouse.gov, crsreports.congress.gov, ...)."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    path = parts.path.lower()
    for suffix, prefix, source in _DOMAINS:
        if suffix.startswith("*"):
            matches = host.endswith(suffix[1:])
        else:
            matches = host == suffix or host.endswith("." + suffix)
        if matches and path.startswith(prefix):
            return source
    return None


# -- folders -----------------------------------------------------------------------------

_FOLDERS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), source)
    for pattern, source in (
        (r"crs(?:[-_ ]?(?:reports?|products?|pdfs?))?", CRS),
        (r"congressional[-_ ]research[-_ ]service", CRS),
        (r"(?:the[-_ ]?)?white[-_ ]?house(?:[-_ ].*)?", WHITE_HOUSE),
        (r".*briefing[-_ ]room", WHITE_HOUSE),
        (r"un[-_ ]?general[-_ ]?debates?|ungd[c]?", UN_GENERAL_DEBATE),
        (r"congressional[-_ ]record|crec", CONGRESSIONAL_RECORD),
        (r"eur[-_ ]?lex|eu[-_ ]legislation", EUR_LEX),
        (r"us[-_ ]?code|u\.s\.[-_ ]?code|united[-_ ]states[-_ ]code", US_CODE),
        (r"(?:china|prc)[-_ ]laws?(?:[-_ ]zh)?", NPC),
        (r"18f(?:[-_ ].*)?", EIGHTEEN_F),
        (r"digital[-_ ]?gov(?:[-_ ].*)?", DIGITAL_GOV),
    )
)


def source_from_folders(folders: tuple[str, ...]) -> str | None:
    """The publisher a folder is named after, nearest folder first (the last resort)."""
    for folder in folders:
        name = folder.casefold()
        for pattern, source in _FOLDERS:
            if pattern.fullmatch(name):
                return source
    return None


# -- news outlets in a text --------------------------------------------------------------

_OUTLET_NAMES = "|".join(
    sorted(
        {re.escape(alias) for aliases in OUTLETS.values() for alias in aliases},
        key=len,
        reverse=True,
    )
)
# "BEIJING (Reuters) -", "WASHINGTON, March 5 (AP) —"
_DATELINE = re.compile(rf"\((?:{_OUTLET_NAMES})\)\s*[-—–]")
# "By Jane Doe, Reuters", "By Jane Doe | Bloomberg", "Source: Reuters", "© 2024 Reuters"
_BYLINE = re.compile(rf"By\s[^\n]{{2,80}}?(?:,|\||\s[-—–])\s*(?:{_OUTLET_NAMES})\s*")
_CREDIT = re.compile(
    rf"(?:(?:Source|Copyright|©)\s*:?\s*(?:©\s*)?(?:\d{{4}}\s+)?)?(?:{_OUTLET_NAMES})"
    r"(?:\.| News| All rights reserved\.?)*\s*"
)
_OUTLET = re.compile(rf"\b(?:{_OUTLET_NAMES})\b")


def news_outlet(head_lines: list[str], tail_lines: list[str]) -> str | None:
    """The news outlet a text names in its dateline, byline or credit line, if any."""
    for line in head_lines:
        text = line.strip()
        if not text or len(text) > 400:
            continue
        found = _DATELINE.search(text) if "(" in text else None
        if found:
            return _outlet_in(found.group(0))
        if text.startswith("By ") and _BYLINE.fullmatch(text):
            return _outlet_in(text, last=True)
    for line in (*head_lines[:12], *tail_lines):
        text = line.strip()
        if 2 <= len(text) <= 60 and _CREDIT.fullmatch(text):
            return _outlet_in(text)
    tail = "\n".join(tail_lines)
    if "(Reporting by" in tail and "Editing by" in tail:
        return REUTERS
    return None


def _outlet_in(text: str, *, last: bool = False) -> str | None:
    """The canonical outlet named in ``text`` (the last one named when ``last``)."""
    found = list(_OUTLET.finditer(text))
    if not found:
        return None
    return known_source(found[-1 if last else 0].group(0))
