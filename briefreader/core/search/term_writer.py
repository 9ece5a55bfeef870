"""Writing a segment's posting lists a whole term at a time.

Whoosh's field writer takes postings one by one (``start_term``, ``add`` per posting,
``finish_term``), a few Python calls per posting; a build writes about a million. The
pool already holds each term's postings together, so ``LeanFieldWriter.add_terms`` writes
each term's blocks in one go. The bytes are exactly those Whoosh's writer produces for
``LeanCodec`` (blocks of ``blocklimit`` postings, no compression, no length statistics,
the lean value layout): ``tests/core/test_term_writer.py`` compares the files.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence
from pickle import dumps
from typing import Any

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3FieldWriter, W3TermInfo
from whoosh.system import pack_int, pack_long, pack_ushort
from whoosh.util.numeric import length_to_byte

# (fieldname, btext, ids, weights, values): one term's postings in docnum order
TermPostings = tuple[str, bytes, Sequence[int], Sequence[float], Sequence[bytes]]

_NO_LENGTH = length_to_byte(None)
_ZERO_LENGTH = length_to_byte(0)  # without length statistics every length is 0
_TERMINFO = W3TermInfo._struct


class LeanFieldWriter(W3FieldWriter):
    """``W3FieldWriter`` that also takes whole posting lists (``add_terms``)."""

    def add_terms(self, schema: Any, terms: Iterable[TermPostings]) -> None:
        """Write every term of ``terms`` (sorted by field, then term)."""
        blocklimit = self._codec._blocklimit
        current = None
        fixedsize: int | None = None
        fieldid = 0
        postfile = self._postfile
        add_term = self._tindex.add
        for fieldname, btext, ids, weights, values in terms:
            if fieldname != current:
                if current is not None:
                    self.finish_field()
                self.start_field(fieldname, schema[fieldname])
                current = fieldname
                fieldid = self._fieldid
                fixedsize = self._format.fixed_value_size()
            start = postfile.tell()
            data, total, maxweight = _blocks(ids, weights, values, blocklimit, fixedsize)
            postfile.write(data)
            info = _TERMINFO.pack(
                False, total, len(ids), _NO_LENGTH, _ZERO_LENGTH, maxweight, ids[0], ids[-1]
            )
            add_term(pack_ushort(fieldid) + btext, info + pack_long(start) + pack_int(len(data)))
        if current is not None:
            self.finish_field()


def _blocks(
    ids: Sequence[int],
    weights: Sequence[float],
    values: Sequence[bytes],
    blocklimit: int,
    fixedsize: int | None,
) -> tuple[bytes, float, float]:
    """One term's blocks as Whoosh writes them, its total weight and its largest weight."""
    parts = [WHOOSH3_HEADER_MAGIC]
    total: float = 0
    term_max: float = 0
    count = len(ids)
    for a in range(0, count, blocklimit):
        b = min(a + blocklimit, count)
        block_ids = ids[a:b]
        block_weights = array("f", weights[a:b])
        block_max: float = 0
        for w in weights[a:b]:  # Whoosh compares the weights as given, before float32
            if w > block_max:
                block_max = w
        total += sum(block_weights)
        term_max = max(term_max, block_max)
        deltas = tuple(n - p for n, p in zip(block_ids, [0, *block_ids[:-1]], strict=True))
        data = dumps(
            (deltas, _mini_weights(block_weights), _mini_values(values[a:b], fixedsize)), 2
        )
        info = dumps((b - a, block_ids[-1], block_max, 0, _NO_LENGTH, _ZERO_LENGTH), 2)
        length = len(info) + len(data)
        parts += (pack_int(-length if b == count else length), info, data)
    return b"".join(parts), total, term_max


def _mini_weights(weights: array[float]) -> Any:
    first = weights[0]
    if first == 1.0 and weights.count(1.0) == len(weights):
        return None
    if weights.count(first) == len(weights):
        return first
    return tuple(weights)


def _mini_values(values: Sequence[bytes], fixedsize: int | None) -> Any:
    kept = [v for v in values if v]  # Whoosh's writer drops empty values
    if fixedsize is None or fixedsize < 0:  # LeanPostingsWriter's layout
        return (b"".join(kept), array("I", map(len, kept)).tobytes())
    if fixedsize == 0:
        return None
    return b"".join(kept)
