"""Small text helpers for metadata: one-line values, shortening, title case, headlines, names.

Everything works on one short line or a bounded head of the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

TITLE_MAX = 200  # characters; longer titles are cut at a word with an ellipsis

# Spaces that should read as a plain space in a title, and invisible characters to drop.
_ODD_SPACES = str.maketrans(
    {
        "\u00a0": " ",
        "\u2007": " ",
        "\u202f": " ",
        "\u2009": " ",
        "\u200a": " ",
        "\u3000": " ",
        "\u2002": " ",
        "\u2003": " ",
        "\u200b": None,
        "\u2060": None,
        "\ufeff": None,
        "\u00ad": None,
    }
)
_SMALL_WORDS = frozenset(
    ("a", "an", "and", "as", "at", "but", "by", "en", "for", "from", "in", "into", "nor", "of",
     "on", "onto", "or", "over", "per", "the", "to", "upon", "via", "vs", "with")
)  # fmt: skip
_ORDINAL = re.compile(r"\d+(?:ST|ND|RD|TH)")
_ABBREVIATIONS = frozenset(("mr", "mrs", "ms", "dr", "jr", "sr", "st", "no", "gen", "sen", "rep"))
# Acronyms common enough in policy headings to keep even when the text never spells them out.
_ACRONYMS = frozenset(
    ("usa", "nato", "un", "eu", "fy", "nasa", "fbi", "cia", "dod", "epa", "fda", "irs", "gao",
     "omb", "opec", "wto", "imf", "nafta", "cafta", "usmca", "ai", "covid", "hiv", "aids", "fema",
     "osha", "tsa", "dhs", "nsa", "nih", "cdc", "ussr", "uk", "prc", "gdp", "ieepa", "cfius",
     "nsc", "usda", "hud", "va", "sba", "ftc", "fcc")
)  # fmt: skip
_ROMAN = re.compile(r"(?=[IVXLC])M*(?:C[MD]|D?C{0,3})(?:X[CL]|L?X{0,3})(?:I[XV]|V?I{0,3})")
_URLISH = re.compile(r"(?:https?://|www\.)", re.IGNORECASE)
_HEX = re.compile(r"[0-9a-fA-F]{8,}")
_UUID = re.compile(r"[0-9a-fA-F]{8}-?(?:[0-9a-fA-F]{4}-?){3}[0-9a-fA-F]{12}")
_ABBREVIATION_END = re.compile(r"(?:\b[A-Z]\.){1,4}$|\b(?:Inc|Jr|Sr|Co|Ltd|St)\.$")


def one_line(value: str) -> str:
    """``value`` on one line: odd spaces plain, invisible characters dropped, runs collapsed."""
    return " ".join(value.translate(_ODD_SPACES).split())


def shorten(value: str, limit: int = TITLE_MAX) -> str:
    """``value`` cut at a word boundary to at most ``limit`` characters, with an ellipsis."""
    if len(value) <= limit:
        return value
    cut = value[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-–—") + "…"


def clean_title(value: str | None, limit: int = TITLE_MAX) -> str | None:
    """A title candidate on one line and no longer than ``limit``, or None when empty."""
    if not value:
        return None
    text = one_line(value).strip(" #*_|")
    return shorten(text, limit) if text else None


def is_mostly_upper(text: str) -> bool:
    """True when the letters of ``text`` (at least three) are almost all capitals."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 3:
        return False
    upper = sum(1 for c in letters if c.isupper())
    return upper >= 0.85 * len(letters)


def acronyms_in(text: str) -> frozenset[str]:
    """Words written in capitals in ``text`` and never otherwise (CAFTA, NPT, DR-CAFTA).

    Used to keep acronyms when a heading in capitals is put into title case.
    """
    words = set(_WORD.findall(text))
    upper = {word for word in words if word.isupper()}
    other = words - upper
    for word in [w for w in words if "-" in w]:
        parts = [part for part in word.split("-") if len(part) > 1]
        (upper if word.isupper() else other).update(parts)
    return frozenset({w.casefold() for w in upper} - {w.casefold() for w in other})


_WORD = re.compile(r"[A-Za-z][A-Za-z-]*[A-Za-z]")


def title_case(text: str, acronyms: Iterable[str] = ()) -> str:
    """A heading written in capitals in title case: small words lower, acronyms kept.

    ``acronyms`` are case-folded words to keep in capitals (see ``acronyms_in``); words with
    digits, dots inside (H.R., U.S.) and Roman numerals stay as they are.
    """
    keep = frozenset(acronyms)
    words = text.split(" ")
    out: list[str] = []
    for index, word in enumerate(words):
        out.append(_case_word(word, keep, first=index == 0 or out[-1].endswith((":", "—", "–"))))
    return " ".join(out)


def _case_word(word: str, keep: frozenset[str], *, first: bool) -> str:
    core = word.strip("()[]\"'“”‘’,;:.!?")
    if not core:
        return word
    if not first and core.lower() in _SMALL_WORDS:
        return word.lower()
    if _ORDINAL.fullmatch(core):
        return word.lower()  # 31ST -> 31st
    if word.rstrip(",;:!?)").endswith(".") and core.lower() in _ABBREVIATIONS:
        return word[0].upper() + word[1:].lower()  # MR. -> Mr.
    folded = core.casefold()
    if folded in keep or folded in _ACRONYMS or any(c.isdigit() for c in core):
        return word
    if "." in core.strip("."):
        return word  # H.R., U.S.
    if len(core) >= 2 and core.isupper() and not any(c in "AEIOUY" for c in core):
        return word  # no vowel: an acronym (NPT, DR, HHS)
    if "/" in core:
        return "/".join(_case_word(part, keep, first=True) for part in word.split("/"))
    if word.startswith("(") and len(core) <= 5 and core.isupper():
        return word  # (EU), (EC), (DPD)
    if _ROMAN.fullmatch(core) and len(core) > 1:
        return word
    if "-" in core:
        return "-".join(_case_word(part, keep, first=True) for part in word.split("-"))
    lower = word.lower()
    position = next((i for i, c in enumerate(lower) if c.isalpha()), 0)
    return lower[:position] + lower[position].upper() + lower[position + 1 :]


def looks_hashlike(stem: str) -> bool:
    """True for a file name that is an id, not words: hex digests, UUIDs, random tokens."""
    bare = stem.strip()
    if _UUID.fullmatch(bare) or (_HEX.fullmatch(bare) and _has_digit_and_letter(bare)):
        return True
    if len(bare) >= 16 and bare.isalnum() and bare.isascii():
        digits = sum(c.isdigit() for c in bare)
        return digits >= 4 and len(bare) - digits >= 4
    return False


def _has_digit_and_letter(text: str) -> bool:
    return any(c.isdigit() for c in text) and any(c.isalpha() for c in text)


def is_headline(line: str) -> bool:
    """True when one stripped line reads as a title: short, capitalised, not a sentence's end."""
    if not 3 <= len(line) <= 150 or _URLISH.search(line):
        return False
    words = line.split()
    if not 1 <= len(words) <= 20:
        return False
    first = line[0]
    if not (first.isupper() or first.isdigit() or first in "\"'“‘«" or _is_cjk(first)):
        return False
    if line.endswith((",", ";", ":")):
        return False
    if line.endswith(".") and not _ABBREVIATION_END.search(line):
        return False
    letters = sum(1 for c in line if c.isalpha())
    return letters >= 0.5 * len(line.replace(" ", ""))


def is_title_cased(line: str) -> bool:
    """True when the words of ``line`` other than small words (and, of, the) are capitalised."""
    words = [w.strip("(\"“‘'") for w in line.split()]
    words = [w for w in words if w and w.lower() not in _SMALL_WORDS]
    if not words:
        return False
    capitalised = sum(1 for w in words if w[0].isupper() or w[0].isdigit())
    return capitalised >= 0.8 * len(words)


def _is_cjk(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"


def first_words_title(lines: Iterable[str], limit: int = 80) -> str | None:
    """The first non-blank line, shortened: the title of last resort for an id-named file."""
    for line in lines:
        text = one_line(line)
        if text:
            return shorten(text, limit)
    return None


def ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 63rd ..."""
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def flip_name(name: str) -> str:
    """ "Sutter, Karen M." -> "Karen M. Sutter" (a name written surname first)."""
    if name.count(",") != 1:
        return name.strip()
    last, first = (part.strip() for part in name.split(","))
    return f"{first} {last}" if first and last else name.strip()


def join_names(names: Iterable[str]) -> str | None:
    """Names joined with ", ", without repeats; None for none."""
    seen: list[str] = []
    for name in names:
        clean = one_line(name).strip(" ,;")
        if clean and clean not in seen:
            seen.append(clean)
    return ", ".join(seen) or None


_LEADING_DATE = re.compile(r"(?:19|20)\d{2}[-_.]\d{2}[-_.]\d{2}[-_ .]+")


def readable_file_name(stem: str) -> str:
    """A file name as a title: a leading date dropped, separators to spaces, capitalised."""
    text = _LEADING_DATE.sub("", stem, count=1) if _LEADING_DATE.match(stem) else stem
    text = text.replace("_", " ")
    text = re.sub(r"(?<![0-9])-|-(?![0-9])", " ", text)
    text = " ".join(text.split())
    if text and text == text.lower():
        text = text[0].upper() + text[1:]
    return text or stem.strip() or "Untitled"
