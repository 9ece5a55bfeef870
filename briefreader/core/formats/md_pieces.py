"""Markdown converted in independent pieces, each piece's blocks kept in a cache.

An edited document mostly keeps its paragraphs: converting only the pieces that changed
(and reading the others' text and blocks back from ``PieceCache``) makes the re-index of
an edited file cost a fraction of a full conversion. The result must be exactly the
full conversion's, so a document is cut only where Python-Markdown (``extra``,
``sane_lists``) cannot carry anything from one side to the other: at a blank line followed
by an unindented line that cannot continue a list, quote, definition list or code block.
A document with anything that acts across the whole of it (reference links, footnotes,
abbreviations, raw HTML, fenced code) is not cut at all (``split_pieces`` returns None).
``tests/core/test_md_pieces.py`` compares both conversions on generated Markdown.

Pieces are grouped for caching at content-defined boundaries (after a piece whose hash
says so), so an inserted paragraph changes one group, not every group after it.
"""

from __future__ import annotations

import hashlib
import pickle
import re
import zlib
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from briefreader.core.models import Block, Span

PIECES_VERSION = 1  # bump when what a group's entry holds changes
GROUP_EVERY = 4  # pieces per cached group, on average

# Whole-document constructs: link and footnote definitions (at any indentation: Python-
# Markdown reads them inside list items too), abbreviations, raw HTML (and autolinks),
# fences, and the characters Python-Markdown uses for its own placeholders.
_GLOBAL = re.compile(r"^[ \t]*(?:\*?\[[^\]\n]*\]:|`{3,}|~{3,})|[<\x02\x03]", re.MULTILINE)
# A line that may continue what came before a blank line: indented (code, list item
# content), a list item, a quote, a definition, a table row, an attribute list.
_CONTINUES = re.compile(r"[ \t]|[*+\->:|{]|\d+[.)]")

Converted = tuple[str, tuple[Block, ...], int]  # text, blocks, tables in it


class TooMuchToConvert(Exception):
    """More Markdown than the caller's ``fresh_limit`` would have to be converted anew."""


class PieceStore(Protocol):
    """Where converted groups are kept (``PieceCache``; a dict-like one in tests)."""

    def get_many(self, keys: Sequence[str]) -> dict[str, bytes]: ...

    def put_many(self, items: dict[str, bytes]) -> None: ...


def split_pieces(body: str) -> list[str] | None:
    """``body`` cut into pieces that convert independently, or None when it must not be cut."""
    if _GLOBAL.search(body):
        return None
    lines = body.split("\n")
    if lines[0].isspace():
        return None  # a first line of spaces is not blank to Python-Markdown
    pieces: list[str] = []
    start = None  # first line of the current piece
    last = 0  # its last line that is not blank
    blank_before = False
    for i, line in enumerate(lines):
        if not line.strip(" \t"):
            blank_before = True
            continue
        if start is None:
            start = i
        elif blank_before and not line[0].isspace() and not _CONTINUES.match(line):
            # (a line of other white space, e.g. U+00A0, is no text to Python-Markdown's
            # strip(): a definition below it would take the paragraph above as its term)
            pieces.append("\n".join(lines[start : last + 1]))
            start = i
        last = i
        blank_before = False
    if start is not None:
        pieces.append("\n".join(lines[start : last + 1]))
    return pieces


def group_pieces(pieces: list[str]) -> list[str]:
    """Consecutive pieces joined into groups, cut after a piece whose hash says so."""
    groups: list[str] = []
    current: list[str] = []
    for piece in pieces:
        current.append(piece)
        if zlib.crc32(piece.encode("utf-8", "surrogatepass")) % GROUP_EVERY == 0:
            groups.append("\n\n".join(current))
            current = []
    if current:
        groups.append("\n\n".join(current))
    return groups


def convert_in_pieces(
    body: str,
    convert: Callable[[str], Converted | None],
    store: PieceStore,
    salt: str,
    fresh_limit: int | None = None,
) -> tuple[str, tuple[Block, ...]] | None:
    """The canonical text and blocks of ``body``, from the store where it has a group.

    ``convert`` turns one group into its text, blocks and table count (None: it cannot be
    converted on its own, e.g. it needed taming); ``salt`` names the converters' versions.
    None when the body cannot be cut (the caller converts it whole). TooMuchToConvert
    when the groups not in the store hold more than ``fresh_limit`` characters.
    """
    pieces = split_pieces(body)
    if pieces is None or len(pieces) < 2:
        return None
    groups = group_pieces(pieces)
    keys = [_key(salt, group) for group in groups]
    cached = store.get_many(keys)
    if fresh_limit is not None:
        fresh_chars = sum(len(g) for k, g in zip(keys, groups, strict=True) if k not in cached)
        if fresh_chars > fresh_limit:
            raise TooMuchToConvert(f"{fresh_chars} characters to convert")
    parts: list[Converted] = []
    fresh: dict[str, bytes] = {}
    for key, group in zip(keys, groups, strict=True):
        blob = cached.get(key)
        part = _unpack(blob) if blob is not None else None
        if part is None:
            part = convert(group)
            if part is None:
                return None
            fresh[key] = _pack(part)
        parts.append(part)
    if fresh:
        store.put_many(fresh)
    return join_parts(parts)


def join_parts(parts: Sequence[Converted]) -> tuple[str, tuple[Block, ...]]:
    """The parts' texts joined by newlines, their blocks shifted (offsets, table numbers)."""
    texts: list[str] = []
    blocks: list[Block] = []
    offset = tables = 0
    for text, part_blocks, part_tables in parts:
        if not part_blocks:
            continue
        texts.append(text)
        for b in part_blocks:
            blocks.append(_shifted(b, offset, tables))
        offset += len(text) + 1
        tables += part_tables
    return "\n".join(texts), tuple(blocks)


def _shifted(b: Block, offset: int, tables: int) -> Block:
    if not offset and not tables:
        return b
    spans = tuple(Span(s.start + offset, s.end + offset, s.style, s.href) for s in b.spans)
    return Block(
        b.kind, b.start + offset, b.end + offset, b.level, b.ordered, b.number,
        b.table + tables if b.table >= 0 else b.table, b.row, b.col, b.header, b.page, spans,
    )  # fmt: skip


def _key(salt: str, group: str) -> str:
    digest = hashlib.blake2b(group.encode("utf-8", "surrogatepass"), digest_size=20)
    digest.update(salt.encode())
    return digest.hexdigest()


# A stored group: (text, table count, blocks as plain tuples: a fraction of the size and
# time of pickled Block objects).
def _pack(part: Converted) -> bytes:
    text, blocks, tables = part
    rows = [
        (b.kind, b.start, b.end, b.level, b.ordered, b.number, b.table, b.row, b.col,
         b.header, b.page, tuple((s.start, s.end, s.style, s.href) for s in b.spans))
        for b in blocks
    ]  # fmt: skip
    return zlib.compress(pickle.dumps((text, tables, rows), protocol=pickle.HIGHEST_PROTOCOL), 1)


def _unpack(blob: bytes) -> Converted | None:
    """A stored group, or None when it does not read back (it is converted again)."""
    try:
        text, tables, rows = pickle.loads(zlib.decompress(blob))
        blocks = tuple(_block(row) for row in rows)
    except Exception:  # a damaged entry costs a conversion, nothing more
        return None
    if not isinstance(text, str) or not isinstance(tables, int):
        return None
    return text, blocks, tables


def _block(row: tuple[Any, ...]) -> Block:
    kind, start, end, level, ordered, number, table, r, col, header, page, spans = row
    return Block(
        kind, start, end, level, ordered, number, table, r, col, header, page,
        tuple(Span(*span) for span in spans),
    )  # fmt: skip
