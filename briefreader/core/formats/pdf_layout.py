"""Reflow of PDF pages into canonical text: lines into paragraphs, headings and list items,
hyphenation undone, with a map from every canonical character back to its page character.

Pure Python over the words ``pdfium`` reads (tests build them by hand too). Deterministic:
the same pages always give the same text, which anchors and caches depend on.
"""

from __future__ import annotations

import re
from array import array
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from briefreader.core.formats.pdf_lines import (
    Line,
    page_lines,
    reading_order,
    remove_running_lines,
)
from briefreader.core.formats.pdfium import OutlineEntry, PageText, Word
from briefreader.core.models import Block

MAX_FURNITURE = 40  # distinct running-line texts kept for the metadata rules
_BULLETS = frozenset("•◦▪■□►▸●○♦◆✓✔➢➤\uf0b7\uf0a7\uf0d8\uf076\uf0fc")
_HYPHENS = frozenset("-\u2010\ufffe\u00ad")  # \ufffe: PDFium's mark for a line-end hyphen
_DASHES = frozenset("–—/")  # a line ending in one runs on without a space
_TERMINAL = re.compile(r"[.!?:;][\"'”’)\]]*\d{0,3}$")
_DOT_LEADER = re.compile(r"(?:\.\s?){4,}|(?:·\s?){4,}|…{2,}")
_NUMBERED = re.compile(r"^(?:\(?\d{1,2}[.)]|\(?[a-z][.)]|\([ivx]{1,4}\))$")
_DATE_ONLY = re.compile(
    r"^(?:(?:updated|revised)\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
    r"\s+\d{1,2},?\s+\d{4}$",
    re.IGNORECASE,
)
_LETTERS = re.compile(r"[^\W\d_]+")
_DROPPED = re.compile("[\x00-\x1f\u00ad\ufeff\u200b]")  # invisible: never in the text
_NOT_WORD = re.compile(r"^\W+|\W+$")
_NORMAL = re.compile(r"[\W_]+")
_URL = re.compile(r"^(?:https?://|www\.)\S", re.IGNORECASE)


@dataclass(eq=False)
class _Para:
    """Lines that read as one block, and what kind of block."""

    lines: list[Line]
    page: int  # 0-based page of its first line
    kind: str = "paragraph"
    level: int = 0

    @property
    def text(self) -> str:
        return " ".join(line.text for line in self.lines)


@dataclass
class LineMap:
    """Where each emitted line sits: page, canonical [start, end) and its box, in arrays."""

    page: array[int] = field(default_factory=lambda: array("i"))
    start: array[int] = field(default_factory=lambda: array("i"))
    end: array[int] = field(default_factory=lambda: array("i"))
    box: array[float] = field(default_factory=lambda: array("f"))  # x0, y0, x1, y1 per line

    def add(self, page: int, start: int, end: int, line: Line) -> None:
        self.page.append(page)
        self.start.append(start)
        self.end.append(end)
        self.box.extend((line.x0, line.y0, line.x1, line.y1))


@dataclass
class Reflow:
    """Canonical text, blocks and page starts of a PDF, and the map back to the pages."""

    text: str
    blocks: tuple[Block, ...]
    pages: tuple[int, ...]  # canonical offset where each page starts
    chars: array[int]  # page-local character index of each canonical character; -1: inserted
    lines: LineMap
    title: str | None = None  # the largest text on the first page, when it stands out
    running_lines: int = 0  # headers, footers and page numbers left out
    # The distinct texts of those running lines, in order: the metadata rules read them
    # ("IF13204 · VERSION 2 · NEW", a publisher's address), the canonical text does not.
    furniture: tuple[str, ...] = ()


def reflow(pages: Sequence[PageText], outline: Sequence[OutlineEntry] = ()) -> Reflow:
    """Reflow the pages' words into canonical text (see the module docstring)."""
    lines = [page_lines(page) for page in pages]
    removed = remove_running_lines(pages, lines)
    furniture = tuple(dict.fromkeys(line.text for line in removed if line.text.strip()))
    ordered = [
        reading_order(found, page.width, page.height)
        for page, found in zip(pages, lines, strict=True)
    ]
    style = _Style(ordered)
    paras = _paragraphs(ordered, style)
    _classify(paras, style)
    if outline:
        _apply_outline(paras, outline)
    title = _title(paras)
    hyphens = _Hyphenation(ordered)
    flowed = _assemble(paras, len(pages), hyphens, title, len(removed))
    flowed.furniture = furniture[:MAX_FURNITURE]
    return flowed


# -- document style ------------------------------------------------------------------------


class _Style:
    """The body font size of a document and its line spacing per font size."""

    def __init__(self, pages: list[list[Line]]) -> None:
        sizes: Counter[float] = Counter()
        steps: dict[float, list[float]] = {}
        for lines in pages:
            previous = None
            for line in lines:
                sizes[line.size] += len(line.text)
                if (
                    previous is not None
                    and previous.size == line.size
                    and (previous.column, previous.region) == (line.column, line.region)
                ):
                    step = line.y1 - previous.y1
                    if 0.5 * line.size < step < 3 * line.size:
                        steps.setdefault(line.size, []).append(step)
                previous = line
        self.body = max(sizes.items(), key=lambda item: (item[1], -item[0]))[0] if sizes else 10.0
        # A low percentile: line steps inside paragraphs, not the gaps between them.
        self._leading = {
            size: sorted(values)[len(values) // 10]
            for size, values in steps.items()
            if len(values) >= 3
        }

    def leading(self, size: float) -> float:
        """The usual baseline-to-baseline distance for text of ``size``."""
        return self._leading.get(size, 1.2 * size)


# -- paragraphs ----------------------------------------------------------------------------


def _paragraphs(pages: list[list[Line]], style: _Style) -> list[_Para]:
    """Lines grouped into paragraphs; a page without lines is one empty paragraph."""
    paras: list[_Para] = []
    for number, lines in enumerate(pages):
        if not lines:
            paras.append(_Para([], number, kind="blank"))
            continue
        for i, line in enumerate(lines):
            after = lines[i + 1] if i + 1 < len(lines) else None
            if paras and paras[-1].lines and _continues(paras[-1], line, after, style):
                paras[-1].lines.append(line)
            else:
                paras.append(_Para([line], number))
    return paras


def _continues(para: _Para, line: Line, after: Line | None, style: _Style) -> bool:
    """Whether ``line`` goes on with the paragraph ``para`` (its previous line last)."""
    prev = para.lines[-1]
    if abs(prev.size - line.size) > 0.1 * max(prev.size, line.size):
        return False
    if prev.bold != line.bold and (prev.bold or _TERMINAL.search(prev.text)):
        return False  # a heading ends, or one starts after a finished sentence
    if _starts_item(line) or _DOT_LEADER.search(prev.text) or _DOT_LEADER.search(line.text):
        return False
    if prev.page != line.page or (prev.column, prev.region) != (line.column, line.region):
        return _flows_on(prev, line)
    step = line.y1 - prev.y1
    size = line.size
    leading = style.leading(size)
    if step < 0.3 * size or step > max(1.25 * leading, leading + 0.3 * size):
        return False
    if len(para.lines) >= 2 and abs(line.x0 - prev.x0) > 0.8 * size:
        return False  # indented (a new paragraph) or outdented (the end of a quote or list)
    if line.x0 >= prev.x1 or line.x0 < prev.x0 - 4 * size:
        return False  # side by side, or far to the left: table cells, not a paragraph
    if _ends_hyphenated(prev) or line.text[:1].islower():
        return True
    right = max(max(item.x1 for item in para.lines), line.x1)
    if after is not None and (after.column, after.region, after.size, after.bold) == (
        line.column,
        line.region,
        line.size,
        line.bold,
    ):
        right = max(right, after.x1)
    first = line.words[0]
    return prev.x1 + (first.x1 - first.x0) + 0.5 * size >= right  # else the word would fit


def _flows_on(prev: Line, line: Line) -> bool:
    """Whether a paragraph cut by a column or page break goes on with ``line``: the cut
    line has no final punctuation and the next is body text of the same style."""
    return not _TERMINAL.search(prev.text) and not _is_numbered(line)


def _starts_item(line: Line) -> bool:
    first = line.words[0].text
    return first[:1] in _BULLETS or (len(line.words) > 1 and bool(_NUMBERED.match(first)))


def _is_numbered(line: Line) -> bool:
    return bool(_NUMBERED.match(line.words[0].text)) or line.words[0].text.isdigit()


def _ends_hyphenated(line: Line) -> bool:
    """Whether the line ends in a hyphen after a word ("semi-", "P.L. 66-", "U.S.-")."""
    last = line.words[-1].text
    return len(last) > 1 and last[-1] in _HYPHENS and (last[-2].isalnum() or last[-2] in ".)")


def _runs_on(prev: Word, word: Word) -> bool:
    """Whether a line ends inside a word that the next line completes without a space: a
    dash or slash ("2019–", "and/"), or a web address cut at a line end."""
    left = prev.text
    if left[-1:] in _DASHES:
        return True
    return (
        bool(_URL.search(left))
        and left[-1:] not in ".,;:)]\"'”’"
        and not word.text[:1].isupper()
        and word.text[:1] not in '("“‘'
    )


# -- headings and list items ---------------------------------------------------------------


def _classify(paras: list[_Para], style: _Style) -> None:
    """Mark headings (larger or bold short text) with levels by size, and list items."""
    body = style.body
    headings: list[_Para] = []
    for para in paras:
        if not para.lines:
            continue
        if _is_heading(para, body):
            para.kind = "heading"
            headings.append(para)
        elif para.lines[0].words[0].text[:1] in _BULLETS:
            para.kind = "list_item"
            para.level = 1
    styles = sorted(
        {(para.lines[0].size, para.lines[0].bold) for para in headings},
        key=lambda item: (-item[0], not item[1]),
    )
    rank = {item: min(i + 1, 6) for i, item in enumerate(styles)}
    for para in headings:
        para.level = rank[(para.lines[0].size, para.lines[0].bold)]
    _nest_items(paras)


def _is_heading(para: _Para, body: float) -> bool:
    text = para.text
    letters = sum(len(part) for part in _LETTERS.findall(text))
    if letters < 2 or letters < 0.4 * len(text.replace(" ", "")) or _DATE_ONLY.match(text):
        return False
    first = para.lines[0]
    if first.size >= 1.12 * body:
        return len(para.lines) <= 4 and len(text) <= 250
    return (
        first.bold
        and first.size >= 0.95 * body
        and len(para.lines) <= 2
        and len(text) <= 150
        and not text.endswith((".", ",", ";"))
        and not text[:1].islower()
    )


def _nest_items(paras: list[_Para]) -> None:
    """A list item indented past the previous one is one level deeper."""
    indents: list[float] = []
    for para in paras:
        if para.kind != "list_item":
            indents = []
            continue
        x0 = para.lines[0].x0
        while indents and x0 < indents[-1] - 0.5 * para.lines[0].size:
            indents.pop()
        if not indents or x0 > indents[-1] + 0.5 * para.lines[0].size:
            indents.append(x0)
        para.level = min(len(indents), 6)


def _apply_outline(paras: list[_Para], outline: Sequence[OutlineEntry]) -> None:
    """Headings from the PDF's bookmarks when they can be found in the text: found entries
    become headings of their outline level, other detected headings plain paragraphs."""
    by_page: dict[int, list[_Para]] = {}
    for para in paras:
        if para.lines and len(para.lines) <= 4:
            by_page.setdefault(para.page, []).append(para)
    found: dict[int, int] = {}  # id(para) -> level
    for entry in outline:
        title = _normal(entry.title)
        if not title:
            continue
        for page in (entry.page - 1, entry.page):
            match = next(
                (
                    para
                    for para in by_page.get(page, ())
                    if id(para) not in found and _same_title(_normal(para.text), title)
                ),
                None,
            )
            if match is not None:
                found[id(match)] = min(entry.level, 6)
                break
    if 2 * len(found) < len(outline):
        return  # the outline does not describe this text well: keep the detected headings
    for para in paras:
        level = found.get(id(para))
        if level is not None:
            para.kind, para.level = "heading", level
        elif para.kind == "heading":
            para.kind, para.level = "paragraph", 0


def _normal(text: str) -> str:
    return _NORMAL.sub("", text.lower())


def _same_title(text: str, title: str) -> bool:
    if text == title:
        return True
    short, long = sorted((text, title), key=len)
    return len(short) >= 4 and len(long) - len(short) <= 8 and short in long


def _title(paras: list[_Para]) -> str | None:
    """The largest heading on the first page with text."""
    first = next((para.page for para in paras if para.lines), None)
    candidates = [p for p in paras if p.page == first and p.kind == "heading"]
    if not candidates:
        return None
    best = max(candidates, key=lambda para: para.lines[0].size)
    return " ".join(_DROPPED.sub("", best.text.replace("\ufffe", "-")).split()) or None


# -- hyphenation ---------------------------------------------------------------------------


class _Hyphenation:
    """Decides, from the document's own words, whether a line-end hyphen is a real one."""

    def __init__(self, pages: list[list[Line]]) -> None:
        words: set[str] = set()
        compounds: set[str] = set()
        for lines in pages:
            for line in lines:
                for word in line.words:
                    core = _NOT_WORD.sub("", word.text.lower())
                    if not core or core[-1:] in _HYPHENS:
                        continue
                    if "-" in core:
                        compounds.add(core)
                        words.update(part for part in core.split("-") if part)
                    else:
                        words.add(core)
        self.words, self.compounds = words, compounds
        self.syllables = False  # whether this document breaks words at syllables
        self._decided: dict[tuple[str, str], bool] = {}

    def learn(self, pairs: list[tuple[str, str]]) -> None:
        """Look at all line-end hyphens first: do they split words, or end compounds?"""
        drops = keeps = 0
        for left, right in pairs:
            evidence = self._evidence(left, right)
            drops += evidence is False
            keeps += evidence is True
        self.syllables = drops >= 2 and drops > keeps

    def keep(self, left: str, hyphen: str, right: str) -> bool:
        """Whether ``left`` + hyphen + ``right`` keeps its hyphen when the lines are joined."""
        if hyphen == "\u00ad":
            return False
        right_core = _NOT_WORD.sub("", right)
        if not right_core or not right_core[0].isalpha():
            return True
        evidence = self._evidence(left, right)
        if evidence is not None:
            return evidence
        part = left.rsplit("-", 1)[-1]
        if "-" in left or right_core[0].isupper() or len(part) <= 1:
            return True
        if not part.isalpha() or part.isupper():
            return True
        if not self.syllables:
            return True
        words = self.words
        return len(part) >= 3 and part.lower() in words and right_core.lower() in words

    def _evidence(self, left: str, right: str) -> bool | None:
        """True when the compound is written elsewhere, False when the whole word is."""
        left = _NOT_WORD.sub("", left.lower())
        right = _NOT_WORD.sub("", right.lower())
        if not left or not right:
            return None
        if f"{left}-{right}" in self.compounds:
            return True
        joined = left + right
        if joined in self.words or joined.rstrip("s") in self.words or joined + "s" in self.words:
            return False
        return None


# -- canonical text ------------------------------------------------------------------------


def _assemble(
    paras: list[_Para], page_count: int, hyphens: _Hyphenation, title: str | None, removed: int
) -> Reflow:
    """Blocks joined by newlines, lines by spaces (or nothing after a split word)."""
    hyphens.learn(
        [
            (prev.words[-1].text[:-1], line.words[0].text)
            for para in paras
            for prev, line in zip(para.lines, para.lines[1:], strict=False)
            if _ends_hyphenated(prev)
        ]
    )
    parts: list[str] = []
    chars = array("i")
    line_map = LineMap()
    blocks: list[Block] = []
    starts = [-1] * page_count
    offset = 0

    def emit(text: str, indexes: Sequence[int] | None = None) -> None:
        nonlocal offset
        parts.append(text)
        chars.extend(indexes if indexes is not None else [-1] * len(text))
        offset += len(text)

    for number, para in enumerate(paras):
        if number:
            emit("\n")
        start = offset
        if not para.lines:
            if starts[para.page] < 0:
                starts[para.page] = offset
            blocks.append(Block("blank", start, start, page=para.page + 1))
            continue
        skip_bullet = para.kind == "list_item"
        for i, line in enumerate(para.lines):
            words = line.words
            if i:
                prev = para.lines[i - 1]
                if _ends_hyphenated(prev):
                    hyphen = prev.words[-1].text[-1]
                    if hyphens.keep(prev.words[-1].text[:-1], hyphen, words[0].text):
                        emit("-", [prev.words[-1].end - 1])
                elif not _runs_on(prev.words[-1], words[0]):
                    emit(" ")
            if starts[line.page] < 0:
                starts[line.page] = offset
            line_start = offset
            for j, word in enumerate(words):
                text, first = word.text, word.start
                if skip_bullet and j == 0:
                    skip_bullet = False
                    if len(text) == 1:
                        continue
                    text, first = text[1:].lstrip(), word.end - len(text[1:].lstrip())
                if j == len(words) - 1 and i + 1 < len(para.lines) and _ends_hyphenated(line):
                    text = text[:-1]  # the hyphen is decided when the next line joins
                if j and offset > line_start and _spaced(words[j - 1], word):
                    emit(" ")
                _emit_word(emit, text, first)
            line_map.add(line.page, line_start, offset, line)
        blocks.append(Block(para.kind, start, offset, level=para.level, page=para.page + 1))
    text = "".join(parts)
    _fill_page_starts(starts, len(text))
    return Reflow(text, tuple(blocks), tuple(starts), chars, line_map, title, removed)


def _spaced(prev: Word, word: Word) -> bool:
    """Whether two words of one line are apart (a superscript hugs its word)."""
    if word.start == prev.end:
        return False  # split only at a PDFium hyphen mark
    if word.newline:  # PDFium's line break, but we put them on one line
        return word.x0 - prev.x1 > 0.15 * min(prev.size, word.size)
    return True


def _emit_word(emit: Callable[[str, Sequence[int] | None], None], text: str, first: int) -> None:
    """A word's characters, mapped to page characters ``first``, ``first + 1``, ..."""
    if not _DROPPED.search(text) and "\ufffe" not in text:
        emit(text, range(first, first + len(text)))
        return
    kept = []
    indexes = []
    for i, ch in enumerate(text):
        if ch == "\ufffe":
            ch = "-"
        elif _DROPPED.match(ch):
            continue
        kept.append(ch)
        indexes.append(first + i)
    if kept:
        emit("".join(kept), indexes)


def _fill_page_starts(starts: list[int], end: int) -> None:
    """A page whose every line joined an earlier paragraph... cannot be; a page with nothing
    emitted starts where the next page does (or at the end)."""
    following = end
    for i in range(len(starts) - 1, -1, -1):
        if starts[i] < 0:
            starts[i] = following
        following = starts[i]
