"""A Whoosh segment writer with a compact, term-grouped posting pool.

Whoosh's ``PostingPool`` keeps one tuple per posting (about 200 bytes) and sorts all of
them when a segment is written. Postings arrive here in document order, so grouping them
by (field, term) as they come needs no sort but of the distinct terms, and packed arrays
hold a posting in about 16 bytes plus its positions. That makes a batch cheaper to build
and keeps the writer's memory small.
"""

from __future__ import annotations

import logging
from array import array
from collections.abc import Iterable, Iterator, Sequence
from itertools import accumulate
from typing import Any

from whoosh.reading import SegmentReader
from whoosh.writing import SegmentWriter

from briefreader.core.search.postings import segment_postings
from briefreader.core.search.term_writer import LeanFieldWriter, TermPostings

log = logging.getLogger(__name__)

Posting = tuple[str, bytes, int, float, bytes]
# ids, weights, value lengths, values back to back
_Entry = tuple["array[int]", "array[float]", "array[int]", bytearray]  # (array: 3.12+)
# A term's only posting so far (docnum, weight, value): most terms of a large batch have
# one, and a tuple costs about a third of four arrays.
_Single = tuple[int, float, bytes]

MAX_SEGMENTS = 8  # a batch's final commit merges small segments beyond this many ...
MERGE_BUDGET_DOCS = 600  # ... up to this many documents (or 5% of the index) at a time
HARD_MAX_SEGMENTS = 16
SMALL_MERGE_DOCS = 64  # what a small batch's commit merges at most (a saved file waits on it)

POSTING_OVERHEAD = 16  # bytes a pooled posting takes besides its value
SINGLE_OVERHEAD = 150  # bytes a term with one posting takes (key, tuple, dict slot)
TERM_OVERHEAD = 400  # bytes a term with several postings takes (key, arrays, dict slot)


class GroupedPool:
    """The ``PostingPool`` interface Whoosh's writer uses: add, iter_postings, cleanup."""

    def __init__(self) -> None:
        self._terms: dict[tuple[str, bytes], _Entry | _Single] = {}
        self.size = 0  # approximate bytes held

    def add(self, item: Posting) -> None:
        fieldname, btext, docnum, weight, value = item
        self.add_field(fieldname, docnum, [(btext, 0, weight, value)])

    def add_field(
        self,
        fieldname: str,
        docnum: int,
        items: Iterable[tuple[bytes, int, float, bytes | None]],
        boost: float = 1.0,
    ) -> int:
        """One field's postings of one document, as ``Field.index`` makes them
        (btext, frequency, weight, value); the sum of their frequencies."""
        terms = self._terms
        size = 0
        total = 0
        for btext, freq, weight, value in items:
            total += freq
            key = (fieldname, btext)
            value = value or b""
            entry = terms.get(key)
            if entry is None:
                terms[key] = (docnum, weight * boost, value)
                size += SINGLE_OVERHEAD + len(value)
                continue
            arrays = entry if len(entry) == 4 else self._arrays(key)
            arrays[0].append(docnum)
            arrays[1].append(weight * boost)
            arrays[2].append(len(value))
            arrays[3].extend(value)
            size += POSTING_OVERHEAD + len(value)
        self.size += size
        return total

    def add_many(
        self,
        fieldname: str,
        btext: bytes,
        ids: Sequence[int],
        weights: Sequence[float],
        values: Sequence[bytes | None] | None,
    ) -> None:
        """A whole posting list at once (merging a segment), ids already renumbered."""
        entry = self._arrays((fieldname, btext))
        blobs = [v or b"" for v in values] if values else [b""] * len(ids)
        entry[0].extend(ids)
        entry[1].extend(weights)
        entry[2].extend(map(len, blobs))
        blob = b"".join(blobs)
        entry[3].extend(blob)
        self.size += POSTING_OVERHEAD * len(ids) + len(blob)

    def _arrays(self, key: tuple[str, bytes]) -> _Entry:
        """The term's postings as arrays (made, or grown from a single posting)."""
        entry = self._terms.get(key)
        if entry is not None and len(entry) == 4:
            return entry
        arrays: _Entry = (array("I"), array("f"), array("I"), bytearray())
        self.size += TERM_OVERHEAD
        if entry is not None:  # a single posting so far
            docnum, weight, value = entry
            arrays[0].append(docnum)
            arrays[1].append(weight)
            arrays[2].append(len(value))
            arrays[3].extend(value)
            self.size -= SINGLE_OVERHEAD
        self._terms[key] = arrays
        return arrays

    def __len__(self) -> int:
        return len(self._terms)

    def iter_postings(self) -> Iterator[Posting]:
        """Postings in (field, term, docnum) order, as Whoosh's field writer wants them."""
        for fieldname, btext, ids, weights, values in self.iter_terms():
            for docnum, weight, value in zip(ids, weights, values, strict=True):
                yield (fieldname, btext, docnum, weight, value)

    def iter_terms(self) -> Iterator[TermPostings]:
        """Each term's postings at once, in (field, term) order (``LeanFieldWriter``)."""
        for key in sorted(self._terms):
            fieldname, btext = key
            entry = self._terms.pop(key)
            if len(entry) == 3:
                docnum, weight, value = entry
                yield (fieldname, btext, (docnum,), (weight,), (value,))
                continue
            ids, weights, lengths, blob = entry
            data = bytes(blob)
            ends = list(accumulate(lengths))
            starts = [0, *ends[:-1]]
            values = [data[start:end] for start, end in zip(starts, ends, strict=True)]
            yield (fieldname, btext, ids, weights, values)

    def cleanup(self) -> None:
        self._terms.clear()
        self.size = 0


class LeanWriter(SegmentWriter):
    """``SegmentWriter`` with a ``GroupedPool`` (postings must come in docnum order)."""

    def __init__(self, ix: Any, **kwargs: Any) -> None:
        # Not compound: Whoosh reads a compound segment's files through BytesIO copies,
        # i.e. the whole index in memory for every open reader; plain files are read
        # block by block.
        kwargs.setdefault("compound", False)
        try:
            super().__init__(ix, **kwargs)
        except BaseException:  # e.g. disk full after the lock was taken: let go of it
            lock = getattr(self, "writelock", None)
            if lock is not None and lock.fd is not None:
                lock.release()
            raise
        self.pool.cleanup()  # Whoosh's own pool: nothing in it yet
        self.pool: GroupedPool = GroupedPool()
        self._plain_fields = not any(
            f.vector or f.separate_spelling() for _name, f in self.schema.items()
        )

    @property
    def pooled_bytes(self) -> int:
        return self.pool.size

    def add_document(self, **fields: Any) -> None:
        """Whoosh's ``SegmentWriter.add_document``, but each field's postings go to the
        pool in one call (Whoosh makes a tuple and a call per posting). A schema with term
        vectors or separate spelling fields takes Whoosh's way."""
        if not self._plain_fields:
            super().add_document(**fields)
            return
        self._check_state()
        perdocwriter = self.perdocwriter
        schema = self.schema
        docnum = self.docnum
        docboost = self._doc_boost(fields)
        fieldnames = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, fieldnames)
        perdocwriter.start_doc(docnum)
        try:
            for fieldname in fieldnames:
                value = fields.get(fieldname)
                if value is None:
                    continue
                field = schema[fieldname]
                length = 0
                if field.indexed:
                    boost = self._field_boost(fields, fieldname, docboost)
                    freqs = self.pool.add_field(fieldname, docnum, field.index(value), boost)
                    length = freqs if field.scorable else 0
                stored = fields.get(f"_stored_{fieldname}", value)
                perdocwriter.add_field(fieldname, field, stored if field.stored else None, length)
                column = field.column_type
                if column and stored is not None:
                    perdocwriter.add_column_value(fieldname, column, field.to_column_value(stored))
        except Exception:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1

    def _flush_segment(self) -> None:
        """Whoosh's, but the postings go to the field writer a whole term at a time."""
        fieldwriter = self.fieldwriter
        if self.codec.length_stats or not isinstance(fieldwriter, LeanFieldWriter):
            super()._flush_segment()
            return
        self.perdocwriter.close()
        fieldwriter.add_terms(self.schema, self.pool.iter_terms())
        fieldwriter.close()

    def add_postings_to_pool(
        self, reader: Any, startdoc: int, docmap: dict[int, int] | None
    ) -> None:
        """Merging: copy whole posting lists (Whoosh steps through them one by one)."""
        schema = self.schema
        for fieldname, btext, ids, weights, values in segment_postings(reader):
            if fieldname not in schema:
                continue
            if docmap is None:
                ids = [startdoc + d for d in ids]
            else:  # the segment has deletions: docmap holds the live entries only
                keep = [i for i, d in enumerate(ids) if d in docmap]
                ids = [docmap[ids[i]] for i in keep]
                weights = [weights[i] for i in keep]
                values = [values[i] for i in keep] if values else values
            if ids:
                self.pool.add_many(fieldname, btext, ids, weights, values)


def bounded_merge(
    writer: Any, segments: list[Any], *, limit: int = MAX_SEGMENTS, budget: int | None = None
) -> list[Any]:
    """Merge policy: past MAX_SEGMENTS, fold the smallest segments into the new one.

    Whoosh's MERGE_SMALL never merges segments of a hundred documents or more, so one
    segment per indexing run would pile up. Only small segments are merged, within a
    budget of documents, so a batch never pays for rewriting a large part of the index;
    past HARD_MAX_SEGMENTS the two smallest are merged whatever their size. A small batch
    (an update of a few files) merges only past HARD_MAX_SEGMENTS: merging costs a few
    ms per document, which a large batch amortises and a small one would not; ``budget``
    (documents) bounds it further (a small batch folds only the tiny segments earlier
    saves left).
    """
    merged = segments_to_merge(segments, limit, budget)
    if not merged:
        return segments
    kept = [seg for seg in segments if seg not in merged]
    for seg in merged:
        reader = SegmentReader(writer.storage, writer.schema, seg)
        writer.add_reader(reader)
        reader.close()
    log.info("search index: merged %d small segments", len(merged))
    return kept


def segments_to_merge(segments: list[Any], limit: int, budget: int | None) -> list[Any]:
    """The segments ``bounded_merge`` folds into the new one (none below ``limit``)."""
    if len(segments) < limit:
        return []
    ordered = sorted(segments, key=lambda seg: seg.doc_count_all())
    if budget is None:
        budget = max(MERGE_BUDGET_DOCS, sum(seg.doc_count_all() for seg in ordered) // 20)
    merged: list[Any] = []
    for seg in ordered:
        if merged and sum(s.doc_count_all() for s in merged) + seg.doc_count_all() > budget:
            break
        merged.append(seg)
    if len(merged) < 2:
        if len(segments) < HARD_MAX_SEGMENTS:
            return []
        merged = ordered[:2]
    return merged
