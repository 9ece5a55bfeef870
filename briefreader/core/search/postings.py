"""Reading whole posting lists out of Whoosh segments, block by block, and matching phrases
over them (used by ``engine``, ``scoring`` and ``writer``)."""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from itertools import accumulate
from typing import Any

from whoosh.matching import ListMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import TermNotFound

from briefreader.core.search.schema import POSITION_SIZE, POSITION_TYPE

_NEXT = (1).__add__
_PER_POSITION = POSITION_SIZE.__rfloordiv__  # bytes -> number of positions

Postings = tuple[list[int], list[float], list[bytes]]
PositionPostings = tuple[list[int], list[int], "array[int]"]


def postings(leaf: Any, fieldname: str, text: Any, *, values: bool) -> Postings:
    """All (ids, weights, values) of a term in one segment, deleted entries included."""
    try:
        matcher = leaf.postings(fieldname, text)
    except (TermNotFound, KeyError):
        return [], [], []
    if isinstance(matcher, FilterMatcher):
        matcher = matcher.child
    return _matcher_postings(matcher, values)


def _matcher_postings(matcher: Any, values: bool) -> Postings:
    if isinstance(matcher, ListMatcher):
        return _list_postings(matcher, values)
    if hasattr(matcher, "_read_ids") and hasattr(matcher, "_next_block"):
        return _block_postings(matcher, values)
    return _generic_postings(matcher, values)


def position_postings(
    leaf: Any, fieldname: str, text: Any, wanted: Sequence[int] | None = None
) -> PositionPostings:
    """(ids, positions per id, all positions) of a term in one segment, block by block.

    ``wanted``: sorted segment-local ids; blocks holding none of them are skipped without
    being read (a block's header gives its last id), so the result may leave out others.
    """
    try:
        m = leaf.postings(fieldname, text)
    except (TermNotFound, KeyError):
        return [], [], array(POSITION_TYPE)
    if isinstance(m, FilterMatcher):
        m = m.child
    if not (hasattr(m, "_read_data") and hasattr(m, "_next_block")):  # inlined or foreign
        found, _weights, values = _generic_postings(m, True)
        decoded = [array(POSITION_TYPE, v) for v in values]
        return found, [len(v) for v in decoded], array(POSITION_TYPE, b"".join(values))
    ids: list[int] = []
    counts: list[int] = []
    flat = array(POSITION_TYPE)
    last_id = -1  # the last id of the block before
    while m.is_active():
        if wanted is not None:
            k = bisect_right(wanted, last_id)
            if k == len(wanted):
                break
            last_id = m._maxid
            if wanted[k] > last_id:
                m._next_block()
                continue
        if m._data is None:
            m._read_data()
        raw_ids, _weights, (blob, lengths) = m._data
        sizes = array("I", lengths)
        skip = m._i  # postings before it were deleted: the FilterMatcher moved past them
        ids.extend(list(accumulate(raw_ids))[skip:] if not m._byteids else raw_ids[skip:])
        counts.extend(map(_PER_POSITION, sizes[skip:]))
        flat.frombytes(blob[sum(sizes[:skip]) :])
        m._next_block()
    return ids, counts, flat


def segment_postings(leaf: Any) -> Iterator[tuple[str, bytes, list[int], list[float], list[bytes]]]:
    """Every (fieldname, btext, ids, weights, values) of a segment, deleted entries included.

    Walks the segment's term table once instead of looking every term up again.
    """
    terms: Any = getattr(leaf, "_terms", None)
    postfile = getattr(terms, "_postfile", None)
    if postfile is None or not hasattr(terms, "items"):  # not a Whoosh 3 segment: slow path
        for fieldname, btext in leaf.all_terms():
            yield (fieldname, btext, *postings(leaf, fieldname, btext, values=True))
        return
    codec, schema = leaf.codec(), leaf.schema
    for (fieldname, btext), terminfo in terms.items():
        if fieldname not in schema:
            continue
        matcher = codec.postings_reader(postfile, terminfo, schema[fieldname].format)
        yield (fieldname, btext, *_matcher_postings(matcher, values=True))


def _block_postings(m: Any, values: bool) -> Postings:
    ids: list[int] = []
    weights: list[float] = []
    vals: list[bytes] = []
    while m.is_active():
        i = m._i
        if m._ids is None:
            if m._data is None:
                m._read_data()
            raw = m._data[0]
            m._ids = raw if m._byteids else list(accumulate(raw))  # Whoosh: delta_decode
        if m._weights is None:
            m._read_weights()
        ids.extend(m._ids[i:])
        weights.extend(m._weights[i:])
        if values:
            if m._values is None:
                m._read_values()
            vals.extend(m._values[i:])
        m._next_block()
    return ids, weights, vals


def _list_postings(m: ListMatcher, values: bool) -> Postings:
    i = m._i
    ids = list(m._ids[i:])
    if m._weights is not None:
        weights = list(m._weights[i:])
    else:
        weights = [float(m._all_weights or 1.0)] * len(ids)
    vals = list(m._values[i:]) if values and m._values is not None else []
    return ids, weights, vals


def _generic_postings(m: Any, values: bool) -> Postings:
    ids: list[int] = []
    weights: list[float] = []
    vals: list[bytes] = []
    while m.is_active():
        ids.append(m.id())
        weights.append(m.weight())
        if values:
            vals.append(m.value())
        m.next()
    return ids, weights, vals


def exact_phrase(leaf: Any, fieldname: str, words: list[Any]) -> dict[int, int]:
    """Phrase frequency per document in one segment.

    Positions come from the flat per-term arrays (one C call per block); the rarest word
    is read first and each next word only in the blocks that hold documents with every
    word so far. For each document with all the words, the positions of the first word
    are shifted and intersected with the next word's, word by word.
    """
    lists: list[Any] = [None] * len(words)
    candidates: list[int] | None = None
    for i in sorted(range(len(words)), key=lambda i: _doc_frequency(leaf, fieldname, words[i])):
        ids, counts, flat = position_postings(leaf, fieldname, words[i], candidates)
        if not ids:
            return {}
        where = dict(zip(ids, range(len(ids)), strict=True))
        lists[i] = (where, list(accumulate(counts, initial=0)), flat)
        candidates = sorted(where.keys() if candidates is None else where.keys() & candidates)
        if not candidates:
            return {}
    (first_at, first_offsets, first_flat), rest = lists[0], lists[1:]
    out: dict[int, int] = {}
    for d in candidates or ():
        i = first_at[d]
        ends: Any = first_flat[first_offsets[i] : first_offsets[i + 1]]
        for where, offsets, flat in rest:
            j = where[d]
            ends = set(map(_NEXT, ends)).intersection(flat[offsets[j] : offsets[j + 1]])
            if not ends:
                break
        else:
            out[d] = len(ends)
    return out


def _doc_frequency(leaf: Any, fieldname: str, text: Any) -> int:
    try:
        return int(leaf.doc_frequency(fieldname, text))
    except (TermNotFound, KeyError):
        return 0


def sloppy_phrase(
    leaf: Any, fieldname: str, words: list[Any], slop: int, schema: Any
) -> dict[int, int]:
    decode = schema[fieldname].format.decode_positions
    found: list[dict[int, bytes]] = []
    for word in words:
        ids, _weights, values = postings(leaf, fieldname, word, values=True)
        if not ids:
            return {}
        found.append(dict(zip(ids, values, strict=True)))
    out: dict[int, int] = {}
    smallest = min(found, key=len)
    for d in set(smallest).intersection(*(f.keys() for f in found)):
        freq = phrase_freq([decode(p[d]) for p in found], slop)
        if freq:
            out[d] = freq
    return out


def phrase_freq(positions: list[Any], slop: int) -> int:
    """How often the words occur in order, each within ``slop`` positions of the last."""
    if slop <= 1:  # exact phrase: shift and intersect, all in C
        ends = set(positions[0])
        for following in positions[1:]:
            ends = set(map(_NEXT, ends)).intersection(following)
            if not ends:
                return 0
        return len(ends)
    later = [set(p) for p in positions[1:]]
    count = 0
    for start in positions[0]:
        prev = start
        for following in later:
            for gap in range(1, slop + 1):
                if prev + gap in following:
                    prev += gap
                    break
            else:
                break
        else:
            count += 1
    return count
