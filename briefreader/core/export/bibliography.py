"""Bibliographic records of exported documents: BibTeX (.bib) and CSL-JSON (.csl.json).

One entry per document of the export (its annotations are not part of a reference).
A numbered report (a CRS product, anything with a report number) is a ``@techreport``
with ``number`` and ``institution`` / a CSL ``report``; statutes and the Congressional
Record are CSL ``legislation``, UN General Debate statements ``speech``, other documents
with an address ``webpage``, the rest ``document`` (BibTeX ``@misc``).
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

from briefreader.core.export.citation import author_names, date_parts
from briefreader.core.export.common import Summary
from briefreader.core.formats.metadata.sources import (
    CONGRESSIONAL_RECORD,
    EUR_LEX,
    NPC,
    STATE_COUNCIL,
    UN_GENERAL_DEBATE,
    US_CODE,
)
from briefreader.core.models import DocumentRecord

LEGISLATION = frozenset((US_CODE, EUR_LEX, NPC, STATE_COUNCIL, CONGRESSIONAL_RECORD))
BIBTEX_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_LATEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_LATEX = re.compile("|".join(re.escape(c) for c in _LATEX_SPECIALS))
_KEY_WORD = re.compile(r"[A-Za-z0-9]+")


def csl_type(record: DocumentRecord) -> str:
    if record.report_number:
        return "report"
    if record.source in LEGISLATION:
        return "legislation"
    if record.source == UN_GENERAL_DEBATE:
        return "speech"
    return "webpage" if record.url else "document"


# -- BibTeX -------------------------------------------------------------------------------


def latex_escape(text: str) -> str:
    """Text safe inside a BibTeX field: LaTeX's special characters escaped."""
    return _LATEX.sub(lambda m: _LATEX_SPECIALS[m.group(0)], " ".join(text.split()))


def bibtex_entry(record: DocumentRecord, key: str) -> str:
    """One ``@techreport`` or ``@misc`` entry."""
    authors = author_names(record.author)
    fields: list[tuple[str, str]] = []
    if authors:
        fields.append(("author", " and ".join(latex_escape(a) for a in authors)))
    fields.append(("title", "{" + latex_escape(record.title) + "}"))  # keep its capitals
    if record.report_number:
        kind = "techreport"
        fields.append(("institution", latex_escape(record.source or "")))
        fields.append(("number", latex_escape(record.report_number)))
        if record.version:
            fields.append(("note", f"Version {latex_escape(record.version)}"))
    else:
        kind = "misc"
        if record.source:
            fields.append(("howpublished", latex_escape(record.source)))
    parts = date_parts(record.date)
    if parts:
        fields.append(("year", str(parts[0])))
    if len(parts) >= 2 and 1 <= parts[1] <= 12:
        fields.append(("month", BIBTEX_MONTHS[parts[1] - 1]))  # a macro: no braces
    if record.url:
        fields.append(("url", record.url.replace("{", "%7B").replace("}", "%7D")))
    body = ",\n".join(
        f"  {name} = {value}" if name == "month" else f"  {name} = {{{value}}}"
        for name, value in fields
        if value
    )
    return f"@{kind}{{{key},\n{body}\n}}\n"


def bibtex_key(record: DocumentRecord) -> str:
    """``Sutter2026IF13204``: the first author's (or the source's) name, year and number."""
    authors = author_names(record.author)
    who = authors[0].split()[-1] if authors else _acronym(record.source) or "Anon"
    parts = date_parts(record.date)
    tail = record.report_number or next(iter(_KEY_WORD.findall(_ascii(record.title))), "")
    key = "".join(_KEY_WORD.findall(_ascii(f"{who}{parts[0] if parts else ''}{tail}")))
    return key or "document"


def render_bibtex(summary: Summary) -> bytes:
    entries, used = [], set()
    for section in summary.documents:
        record = section.item.record
        key = base = bibtex_key(record)
        suffix = ord("a")
        while key in used:
            key = f"{base}{chr(suffix)}"
            suffix += 1
        used.add(key)
        entries.append(bibtex_entry(record, key))
    header = f"% {summary.title}\n% {summary.options.app_name} {summary.options.app_version}\n\n"
    return (header + "\n".join(entries)).encode("utf-8")


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def _acronym(source: str | None) -> str:
    """ "Congressional Research Service (CRS)" -> "CRS"; else the first word."""
    if not source:
        return ""
    found = re.search(r"\(([A-Za-z0-9.-]+)\)", source)
    return found.group(1) if found else source.split()[0]


# -- CSL-JSON -----------------------------------------------------------------------------


def csl_name(name: str) -> dict[str, str]:
    """ "Karen M. Sutter" -> family "Sutter", given "Karen M."; one word stays literal."""
    words = name.split()
    if len(words) < 2:
        return {"literal": name}
    return {"family": words[-1], "given": " ".join(words[:-1])}


def csl_item(record: DocumentRecord) -> dict[str, Any]:
    """One CSL-JSON item (https://citeproc-js.readthedocs.io/en/latest/csl-json/)."""
    item: dict[str, Any] = {"id": record.doc_id, "type": csl_type(record), "title": record.title}
    authors = author_names(record.author)
    if authors:
        item["author"] = [csl_name(a) for a in authors]
    elif record.source:
        item["author"] = [{"literal": record.source}]
    if record.source:
        item["publisher"] = record.source
    if record.report_number:
        item["number"] = record.report_number
    if record.version:
        item["version"] = record.version
    parts = date_parts(record.date)
    if parts:
        item["issued"] = {"date-parts": [parts]}
    if record.url:
        item["URL"] = record.url
    return item


def render_csljson(summary: Summary) -> bytes:
    items = [csl_item(section.item.record) for section in summary.documents]
    return (json.dumps(items, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
