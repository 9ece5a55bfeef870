"""PDF page geometry: words into lines, running headers and footers out, columns in order.

Pure Python over ``pdfium.Word`` lists, so it is tested without PDFs too. Coordinates are
display points (origin top-left, y down), as ``pdfium`` gives them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import accumulate

from briefreader.core.formats.pdfium import PageText, Word

_GAP_EM = 1.5  # a horizontal gap wider than this many ems on one baseline splits a line
_MARGIN_SHARE = 0.1  # running headers and footers sit in the top and bottom tenth of a page
_REPEAT_SHARE = 0.3  # ... and repeat on at least this share of the pages (and on two)
_DIGITS = re.compile(r"\d+")
_PAGE_NUMBER = re.compile(
    r"^(?:[-–—(\[]\s*)?(?:page\s+)?(?:#|[ivxlc]{1,7})(?:\s*(?:of|/)\s*#)?(?:\s*[-–—)\]])?$"
)


@dataclass(eq=False)
class Line:
    """Words on one baseline, left to right, with their union box and dominant style."""

    page: int  # 0-based
    words: list[Word]
    x0: float
    y0: float  # top and bottom of the line's main (largest) words: superscripts excluded
    x1: float
    y1: float
    size: float
    bold: bool
    column: int = 0  # 0: full width (or a one-column page), 1: left, 2: right
    region: int = 0  # index of the page region (between full-width lines) it belongs to
    text: str = field(default="", repr=False)

    @property
    def height(self) -> float:
        return self.y1 - self.y0


def page_lines(page: PageText) -> list[Line]:
    """The lines of a page in content order (a superscript stays on its line)."""
    lines: list[Line] = []
    current: list[Word] = []
    top = bottom = right = 0.0
    for word in page.words:
        if current:
            last = current[-1]
            size = max(last.size, word.size)
            overlap = min(bottom, word.y1) - max(top, word.y0)
            height = min(bottom - top, word.y1 - word.y0)
            same_line = (
                height > 0
                and overlap >= 0.5 * height
                and word.x0 >= last.x0
                and word.x0 - right <= _GAP_EM * size
            )
            if same_line:
                current.append(word)
                right = max(right, word.x1)
                if word.size > last.size * 1.2:  # a larger word sets the line's height
                    top, bottom = min(top, word.y0), max(bottom, word.y1)
                continue
            lines.append(_line(page.index, current))
        current = [word]
        top, bottom, right = word.y0, word.y1, word.x1
    if current:
        lines.append(_line(page.index, current))
    return lines


def _line(page: int, words: list[Word]) -> Line:
    sizes: Counter[float] = Counter()
    bold = 0
    for word in words:
        sizes[round(word.size * 2) / 2] += len(word.text)
        if word.bold:
            bold += len(word.text)
    size = max(sizes.items(), key=lambda item: (item[1], item[0]))[0]
    main = [w for w in words if round(w.size * 2) / 2 >= size - 0.5] or words
    return Line(
        page,
        words,
        min(w.x0 for w in words),
        min(w.y0 for w in main),
        max(w.x1 for w in words),
        max(w.y1 for w in main),
        size,
        bold >= 0.85 * sum(sizes.values()),
        text=" ".join(w.text for w in words),
    )


# -- running headers and footers -----------------------------------------------------------


def remove_running_lines(pages: Sequence[PageText], lines: list[list[Line]]) -> list[Line]:
    """Drop page numbers and the headers/footers that repeat across pages; return the lines
    that went, in page order. ``lines`` is changed in place (one list per page)."""
    texted = sum(1 for page_lines in lines if page_lines)
    seen: dict[tuple[str, str], set[int]] = {}
    zoned: list[list[tuple[Line, str, str]]] = []
    for page, page_lines in zip(pages, lines, strict=True):
        found = []
        for line in page_lines:
            zone = _zone(line, page.height)
            if zone:
                key = _key(line.text)
                found.append((line, zone, key))
                seen.setdefault((zone, key), set()).add(page.index)
        zoned.append(found)
    need = max(2, _REPEAT_SHARE * texted)
    repeated = {key for key, where in seen.items() if len(where) >= need}
    bases = {(zone, _base(key)) for zone, key in repeated if len(_base(key)) >= 12}
    removed: list[Line] = []
    for page_lines, found in zip(lines, zoned, strict=True):
        drop = {
            id(line)
            for line, zone, key in found
            if (zone, key) in repeated
            or _PAGE_NUMBER.match(key)
            or any(z == zone and _base(key).startswith(base) for z, base in bases)
        }
        rows = [line.y1 for line, _zone, _key in found if id(line) in drop]
        drop.update(
            id(line)
            for line, _zone, _key in found
            if any(abs(line.y1 - y) < 0.3 * line.size for y in rows)
        )
        if drop:
            removed.extend(line for line in page_lines if id(line) in drop)
            page_lines[:] = [line for line in page_lines if id(line) not in drop]
    return removed


def _zone(line: Line, height: float) -> str:
    if height <= 0:
        return ""
    if line.y1 <= _MARGIN_SHARE * height:
        return "top"
    if line.y0 >= (1 - _MARGIN_SHARE) * height:
        return "bottom"
    return ""


def _key(text: str) -> str:
    return _DIGITS.sub("#", " ".join(text.lower().split()))


def _base(key: str) -> str:
    """A key without its number-only words ("page #" -> "page")."""
    return " ".join(word for word in key.split() if word.strip("#.,:;·|-–") != "").strip()


# -- columns and reading order -------------------------------------------------------------


def reading_order(lines: list[Line], width: float, height: float) -> list[Line]:
    """A page's lines in reading order: blocks of lines that follow each other in content
    order, top to bottom (blocks side by side, such as table cells, left to right), and
    column by column where the page has two columns; full-width lines (a title, a figure,
    footnotes) split the columns into regions, read one after the other."""
    lines = _margins_last(lines, height)
    gutter = _gutter(lines, width)
    if gutter is None:
        for line in lines:
            line.column, line.region = 0, 0
        return _blocks_in_order(lines)
    left, right = gutter
    spanning = []
    for line in lines:
        if line.x1 <= right:
            line.column = 1
        elif line.x0 >= left:
            line.column = 2
        else:
            line.column = 0
            spanning.append(line)
    ordered: list[Line] = []
    region = 0
    pending = [line for line in lines if line.column]
    spanning.sort(key=lambda line: line.y0)  # stable: lines of one row keep their order
    for full in [*spanning, None]:
        limit = full.y0 if full is not None else float("inf")
        above = [line for line in pending if line.y0 < limit]
        pending = [line for line in pending if line.y0 >= limit]
        west = _blocks_in_order([line for line in above if line.column == 1])
        east = _blocks_in_order([line for line in above if line.column == 2])
        if west:  # right-column lines above all of the left column (a date) come first
            top = min(line.y0 for line in west)
            lead = [line for line in east if line.y1 <= top]
            east = [line for line in east if line.y1 > top]
            west = lead + west
        for line in west + east:
            line.region = region
        ordered += west + east
        region += 1
        if full is not None:
            full.region = region
            ordered.append(full)
            region += 1
    return ordered


def _blocks_in_order(lines: list[Line]) -> list[Line]:
    """Runs of lines that go down the page in content order, sorted by their tops; runs
    whose tops are level (cells of a table row, names side by side) left to right."""
    blocks: list[list[Line]] = []
    for line in lines:
        if blocks and _follows(blocks[-1][-1], line):
            blocks[-1].append(line)
        else:
            blocks.append([line])
    if len(blocks) < 2:
        return lines
    blocks.sort(key=lambda block: block[0].y0)
    ordered: list[Line] = []
    row: list[list[Line]] = []
    for block in [*blocks, None]:
        if block is not None and row and block[0].y0 - row[0][0].y0 < 0.5 * block[0].size:
            row.append(block)
            continue
        ordered += [line for item in sorted(row, key=lambda b: b[0].x0) for line in item]
        row = [block] if block is not None else []
    return ordered


def _follows(prev: Line, line: Line) -> bool:
    """Whether ``line`` is the next line below ``prev`` in the same run of text."""
    step = line.y1 - prev.y1
    size = max(prev.size, line.size)
    return 0 < step <= 2.5 * size and min(prev.x1, line.x1) > max(prev.x0, line.x0)


def _margins_last(lines: list[Line], height: float) -> list[Line]:
    """Content order, but what sits in the top margin first and the bottom margin last (a
    footer written first must not cut the last paragraph from the next page's first)."""
    top = [line for line in lines if _zone(line, height) == "top"]
    bottom = [line for line in lines if _zone(line, height) == "bottom"]
    if not top and not bottom:
        return lines
    body = [line for line in lines if not _zone(line, height)]
    return top + body + bottom


def _gutter(lines: list[Line], width: float) -> tuple[float, float] | None:
    """The (left, right) edges of the white strip between two columns of text, if any."""
    if width <= 0 or len(lines) < 6:
        return None
    narrow = [line for line in lines if line.x1 - line.x0 < 0.6 * width]
    if len(narrow) < 6:
        return None
    # Coverage of x by narrow lines, a bin per point, in the middle half of the page.
    lo, hi = int(0.25 * width), int(0.75 * width)
    steps = [0] * (hi - lo + 2)
    for line in narrow:
        first, last = max(lo, int(line.x0)), min(hi, int(line.x1))
        if first <= last:
            steps[first - lo] += 1
            steps[last - lo + 1] -= 1
    cover = list(accumulate(steps[:-1]))
    allowed = max(1, len(narrow) // 20)
    best: tuple[int, int] | None = None
    start = None
    for i, count in enumerate([*cover, allowed + 1]):
        if count <= allowed:
            if start is None:
                start = i
        elif start is not None:
            if best is None or i - start > best[1] - best[0]:
                best = (start, i)
            start = None
    if best is None or best[1] - best[0] < 6:
        return None
    left, right = lo + best[0], lo + best[1]
    if _two_columns(lines, left, right, len(lines)):
        return float(left), float(right)
    return None


def _two_columns(lines: list[Line], left: float, right: float, total: int) -> bool:
    """Whether text lines fill both sides of a strip, side by side (not a table of labels),
    and make most of the page (not a few short lines beside full-width text)."""
    west = [line for line in lines if line.x1 <= right]
    east = [line for line in lines if line.x0 >= left]
    if len(west) < 5 or len(east) < 5 or len(west) + len(east) < 0.6 * total:
        return False
    west_edge = min(line.x0 for line in west)
    east_edge = max(line.x1 for line in east)
    west_full = sorted(line.x1 - line.x0 for line in west)[len(west) // 2]
    east_full = sorted(line.x1 - line.x0 for line in east)[len(east) // 2]
    if west_full < 0.6 * (left - west_edge) or east_full < 0.6 * (east_edge - right):
        return False
    top = max(min(line.y0 for line in west), min(line.y0 for line in east))
    bottom = min(max(line.y1 for line in west), max(line.y1 for line in east))
    shorter = min(
        max(line.y1 for line in west) - min(line.y0 for line in west),
        max(line.y1 for line in east) - min(line.y0 for line in east),
    )
    return shorter > 0 and bottom - top >= 0.3 * shorter
