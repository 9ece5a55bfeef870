"""Legal citations as search terms: one term per cited provision, however it is written.

``50 U.S.C. 1701``, ``50 USC 1701``, ``50 U.S.C. § 1701``, ``section 1701 of title 50``
and, in a US Code text whose heading names its title (``Title 50— WAR AND NATIONAL
DEFENSE``), ``§ 1701`` and ``section 1701 of this title`` are all the provision
``usc:50:1701``; each is also the title-less ``sec:1701``, which ``§ 1701`` alone searches.
The Code of Federal Regulations (``15 C.F.R. § 744.21``, ``15 CFR part 744``) gives
``cfr:15:744.21`` and its part ``cfr:15:744``; public laws (``Pub. L. 117-167``,
``P.L. 117-167``, ``Public Law 117–167``) give ``pl:117-167``.

At index time the analyser adds these terms at the position of the section number (they
are index-only extras, like the joined form of a compound); at query time the lexer reads
a citation as one item that matches any of its forms. The terms hold a colon, which no
word term can, so they never meet ordinary words, prefixes or fuzzy look-ups. A range
(``50 U.S.C. 1701-1706``) cites its first and last section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SPACE = r"[\s\u00a0\u202f]*"
_SECTION = r"\d+(?:[a-z]+(?:-\d+)?)?"
_RANGE = rf"(?:{_SPACE}[-\u2010-\u2013]{_SPACE}(\d+)(?![\w.]))?"
_SECTIONS = rf"(?:§+{_SPACE})?({_SECTION}){_RANGE}"
_USC = rf"(?<![\w.])(\d{{1,2}}){_SPACE}U\.?{_SPACE}S\.?{_SPACE}C\.?(?:{_SPACE}A\.?)?{_SPACE}"
_CFR = rf"(?<![\w.])(\d{{1,2}}){_SPACE}C\.?{_SPACE}F\.?{_SPACE}R\.?{_SPACE}"
_PATTERNS = (
    ("usc", re.compile(rf"{_USC}{_SECTIONS}", re.I)),
    (
        "of_title",
        re.compile(
            rf"\bsection{_SPACE}({_SECTION}){_SPACE}of{_SPACE}title{_SPACE}(\d{{1,2}})\b", re.I
        ),
    ),
    ("cfr", re.compile(rf"{_CFR}(?:part{_SPACE}|§+{_SPACE})?(\d+)(?:\.(\d+[a-z]?))?", re.I)),
    (
        "pl",
        re.compile(
            rf"\b(?:pub(?:lic|\.)?{_SPACE}l(?:aw|\.)?|p\.{_SPACE}l\.){_SPACE}(\d{{2,3}})"
            rf"{_SPACE}[-\u2010-\u2013]{_SPACE}(\d{{1,3}})\b",
            re.I,
        ),
    ),
)
# In a US Code text: "§ 1701" and "section 1701 of this title" cite the text's own title.
_CODE_TITLE = re.compile(r"^[#\s]*title\s+(\d{1,2})\b", re.I | re.M)
_LOCAL = (
    ("local", re.compile(rf"§+{_SPACE}({_SECTION}){_RANGE}")),
    (
        "this_title",
        re.compile(rf"\bsection{_SPACE}({_SECTION}){_SPACE}of{_SPACE}this{_SPACE}title\b", re.I),
    ),
)
# Literal triggers (found at C speed): the patterns run only in a window around each one.
_TRIGGERS = {
    "usc": ("U.S.C", "U. S. C", "USC", "usc"),
    "cfr": ("C.F.R", "CFR", "cfr"),
    "section": ("ection", "ECTION"),
    "local": ("§",),
    "pl": ("P.L.", "P. L.", "Pub", "PUB", "pub.", "ublic Law", "ublic law", "UBLIC LAW"),
}
_BY_TRIGGER = {
    "usc": ("usc",),
    "cfr": ("cfr",),
    "section": ("of_title", "this_title"),
    "local": ("local",),
    "pl": ("pl",),
}
_TRIGGER_RES = tuple(
    (kind, re.compile(re.escape(literal))) for kind, lits in _TRIGGERS.items() for literal in lits
)
_ALL = dict((*_PATTERNS, *_LOCAL))
_BEFORE, _AFTER = 4, 48  # the window around a trigger: title digits before, numbers after
HEAD_CHARS = 400  # where a US Code text names its title


@dataclass(frozen=True)
class Citation:
    """A citation in a text: its span, where its section number starts, its terms (all
    of them, for the index) and the most specific of them (what a query searches)."""

    start: int
    end: int
    anchor: int
    terms: tuple[str, ...]
    exact: tuple[str, ...]

    @property
    def number(self) -> str:
        """The cited section or part as written, e.g. ``1701`` (marked in snippets)."""
        return re.split(r"[^\w.]", self.terms[0].rsplit(":", 1)[-1])[0]


def find_citations(text: str) -> list[Citation]:
    """Every citation in ``text`` (a whole document or title), in order of position."""
    title: str | None = None
    head = _CODE_TITLE.search(text[:HEAD_CHARS])
    if head is not None:
        title = str(int(head.group(1)))
    found: dict[int, Citation] = {}
    end_of_last = -1
    triggers = sorted(
        (m.start(), m.end(), kind) for kind, literal in _TRIGGER_RES for m in literal.finditer(text)
    )
    for start, end, kind in triggers:
        if start < end_of_last:
            continue
        lo, hi = max(0, start - _BEFORE), end + _AFTER
        for name in _BY_TRIGGER[kind]:
            if name == "this_title" and title is None:
                continue
            m = _ALL[name].search(text, lo, hi)
            if m is None or m.start() > start or m.end() <= start:
                continue
            citation = _citation(name, m, title)
            if citation is not None:
                found.setdefault(citation.start, citation)
                end_of_last = citation.end
                break
    return [found[k] for k in sorted(found)]


def query_citation(text: str, pos: int) -> Citation | None:
    """The citation that starts at ``pos`` of a query, if one does (no title context:
    a bare ``§ 1701`` is the title-less section)."""
    for kind, pattern in (*_PATTERNS, _LOCAL[0]):
        m = pattern.match(text, pos)
        if m is not None:
            citation = _citation(kind, m, None)
            if citation is not None and _ends_word(text, citation.end):
                return citation
    return None


def _ends_word(text: str, end: int) -> bool:
    return end >= len(text) or not (text[end].isalnum() or text[end] in "_")


def _citation(kind: str, m: re.Match[str], title: str | None) -> Citation | None:
    """The terms of one match of a pattern of ``kind``."""
    if kind == "usc":
        return _code(m, str(int(m.group(1))), m.group(2), m.group(3), m.start(2))
    if kind == "of_title":
        return _code(m, str(int(m.group(2))), m.group(1), None, m.start(1))
    if kind == "local":
        return _code(m, title, m.group(1), m.group(2), m.start(1))
    if kind == "this_title":
        return _code(m, title, m.group(1), None, m.start(1))
    if kind == "cfr":
        title_no, part, section = str(int(m.group(1))), m.group(2), m.group(3)
        terms = [f"cfr:{title_no}:{part}"]
        if section:
            terms.insert(0, f"cfr:{title_no}:{part}.{section.lower()}")
        return Citation(m.start(), m.end(), m.start(2), tuple(terms), (terms[0],))
    law = f"pl:{int(m.group(1))}-{int(m.group(2))}"
    return Citation(m.start(), m.end(), m.start(1), (law,), (law,))


def _code(
    m: re.Match[str], title: str | None, section: str, last: str | None, anchor: int
) -> Citation | None:
    """US Code terms for ``section`` (and the last section of a range) of ``title``."""
    sections = [section.lower()]
    if last and _is_range(section, last):
        sections.append(last)
    terms: list[str] = []
    exact: list[str] = []
    for s in sections:
        if title is not None:
            terms.append(f"usc:{title}:{s}")
        terms.append(f"sec:{s}")
        exact.append(terms[-2] if title is not None else terms[-1])
    return Citation(m.start(), m.end(), anchor, tuple(terms), tuple(exact))


def _is_range(first: str, last: str) -> bool:
    """``1701-1706`` is a range; ``1862s-9`` (a letter before the hyphen) was one section."""
    return first.isdigit() and int(last) > int(first)
