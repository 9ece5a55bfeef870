"""The Whoosh schema: fields, the analyser adapter and a lean positions format.

Whoosh pickles the schema (with these classes) into the index's table of contents, so the
class names here are part of the on-disk format: renaming one, or changing what the
analyser produces, needs ``INDEX_VERSION`` bumped (the index is then rebuilt on open).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from itertools import accumulate
from typing import Any

from whoosh import columns, fields, formats
from whoosh.analysis import Token, Tokenizer
from whoosh.codec.whoosh3 import W3Codec, W3LeafMatcher, W3PostingsWriter
from whoosh.lang.porter import stem as porter_stem

from briefreader.core.search.analysis import Analyzer, tag_key
from briefreader.core.search.entries import LIST_SEP
from briefreader.core.search.fields import FIELDS, Field, Kind
from briefreader.core.search.term_writer import LeanFieldWriter

# 7: the schema and the facet column are built from the field table (fields.py).
# 8: author:, report:, in:, status:; the facet column holds each document's work.
# 9: document notes are entries of their own (kind document_note, note: and plain words).
# 10: citation terms (citations.py) at the section numbers of legal citations.
INDEX_VERSION = 10
POSITION_TYPE = "I"
POSITION_SIZE = array(POSITION_TYPE).itemsize


class LeanCodec(W3Codec):
    """Whoosh's codec with three changes that make reading and writing cheaper.

    - Blocks of 256 postings, uncompressed (the index is a cache; disk is cheap).
    - No block length statistics: they cost a per-document lookup for every posting
      written and only feed Whoosh's block skipping, which ``search.engine`` does not use
      (the per-document lengths for BM25 are still written).
    - A block's positions are stored as one byte string plus their lengths instead of a
      pickled list of byte strings, so loading a block for a plain word query (which never
      looks at positions) costs about a tenth as much.
    """

    length_stats = False

    def __init__(self) -> None:
        super().__init__(blocklimit=256, compression=0)

    def field_writer(self, storage: Any, segment: Any) -> LeanFieldWriter:
        return LeanFieldWriter(self, storage, segment)

    def postings_writer(self, dbfile: Any, byteids: bool = False) -> LeanPostingsWriter:
        return LeanPostingsWriter(
            dbfile, blocklimit=self._blocklimit, byteids=byteids, compression=0, inlinelimit=1
        )

    def postings_reader(
        self, dbfile: Any, terminfo: Any, format_: Any, term: Any = None, scorer: Any = None
    ) -> Any:
        if terminfo.is_inlined():
            return super().postings_reader(dbfile, terminfo, format_, term, scorer)
        offset, length = terminfo.extent()
        return LeanLeafMatcher(dbfile, offset, length, format_, term=term, scorer=scorer)


class LeanPostingsWriter(W3PostingsWriter):
    def _mini_values(self) -> Any:
        fixedsize = self._format.fixed_value_size()
        if fixedsize is not None and fixedsize >= 0:
            return super()._mini_values()
        values = self._values
        return (b"".join(values), array("I", map(len, values)).tobytes())


class LeanLeafMatcher(W3LeafMatcher):
    def _read_values(self) -> None:
        if self._data is None:
            self._read_data()
        packed = self._data[2]
        fixedsize = self._fixedsize
        if fixedsize is not None and fixedsize >= 0:
            super()._read_values()
            return
        blob, lengths = packed
        ends = list(accumulate(array("I", lengths)))
        self._values = [blob[a:b] for a, b in zip([0, *ends], ends, strict=False)]


@lru_cache(maxsize=1)
def shared_analyzer() -> Analyzer:
    """One analyser per process: Whoosh unpickles a new schema for every writer and reader,
    and the analyser's stem cache is worth keeping across them (it is a pure memo)."""
    return Analyzer(porter_stem)


class _StatelessTokenizer(Tokenizer):
    """A tokenizer with no settings: equal to any other of its class (Whoosh compares the
    schemas it unpickles)."""

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self))


class TextTokenizer(_StatelessTokenizer):
    """Whoosh adapter over ``analysis.Analyzer`` (the whole analysis chain in one step)."""

    def __init__(self) -> None:
        self.analyzer = shared_analyzer()

    def __getstate__(self) -> dict[str, Any]:
        return {}  # the stem cache is not part of the schema

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.analyzer = shared_analyzer()

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Any]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for term, start, end, pos, _kind in self.analyzer.tokens(value, query=mode == "query"):
            token.text = term
            token.boost = 1.0
            token.stopped = False
            if positions:
                token.pos = start_pos + pos
            if chars:
                token.startchar = start_char + start
                token.endchar = start_char + end
            if keeporiginal:
                token.original = value[start:end]
            yield token


def encode_positions(poslist: list[int]) -> bytes:
    """Positions as a machine array of uint32 (Whoosh pickles a list of deltas).

    A block's values are stored back to back (``LeanPostingsWriter``), so the engine
    decodes every position of a block with one C call when it checks a phrase.
    """
    return array(POSITION_TYPE, poslist).tobytes()


def index_terms(text: str) -> dict[str, bytes]:
    """A text field's terms of ``text`` with their encoded positions: what indexing
    ``AnalysedText(text, index_terms(text))`` takes instead of analysing the text again
    (a loading worker makes them, so the analysis runs beside the one index writer)."""
    return {
        term: encode_positions(poslist)
        for term, poslist in shared_analyzer().positions(text).items()
    }


class AnalysedText(str):
    """A text field's value with its terms already made (``index_terms``)."""

    terms: Mapping[str, bytes]

    def __new__(cls, text: str, terms: Mapping[str, bytes]) -> AnalysedText:
        value = super().__new__(cls, text)
        value.terms = terms
        return value


class LeanPositions(formats.Positions):
    """``Positions`` that reads terms straight from the analyser (no Token objects)."""

    def word_values(
        self, value: str, analyzer: Any, **kwargs: Any
    ) -> Iterator[tuple[str, int, float, bytes]]:
        boost = self.field_boost
        if isinstance(value, AnalysedText):
            for term, encoded in value.terms.items():
                freq = len(encoded) // POSITION_SIZE
                yield (term, freq, freq * boost, encoded)
            return
        inner = getattr(analyzer, "analyzer", None)
        if not isinstance(inner, Analyzer):
            yield from super().word_values(value, analyzer, **kwargs)
            return
        poses = inner.positions(value)
        encode = self.encode
        for term, poslist in poses.items():
            yield (term, len(poslist), len(poslist) * boost, encode(poslist))

    def encode(self, poslist: list[int]) -> bytes:
        return encode_positions(poslist)

    def decode_positions(self, valuestring: bytes) -> array[int]:
        return array(POSITION_TYPE, valuestring)

    def decode_frequency(self, valuestring: bytes) -> int:
        return len(valuestring) // POSITION_SIZE

    def decode_weight(self, valuestring: bytes) -> float:
        return float(self.decode_frequency(valuestring) * self.field_boost)

    def decode_position_boosts(self, valuestring: bytes) -> list[tuple[int, float]]:
        return [(pos, 1.0) for pos in self.decode_positions(valuestring)]

    def combine(self, vs: Iterable[bytes]) -> bytes:
        merged: set[int] = set()
        for v in vs:
            merged.update(self.decode_positions(v))
        return self.encode(sorted(merged))


class TagTokenizer(_StatelessTokenizer):
    """Tags joined by ``LIST_SEP``; each one becomes one normalised term."""

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Any]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for i, tag in enumerate(value.split(LIST_SEP)):
            key = tag_key(tag)
            if key:
                token.text = key
                token.boost = 1.0
                token.stopped = False
                if positions:
                    token.pos = start_pos + i
                yield token


def _text(stored: bool = False) -> fields.TEXT:
    field = fields.TEXT(analyzer=TextTokenizer(), phrase=True, stored=stored)
    field.format = LeanPositions(field_boost=1.0)
    return field


def _field_type(field: Field) -> fields.FieldType:
    """The Whoosh field for a row of the field table."""
    if field.kind is Kind.TEXT:
        return _text(stored=field.stored)
    if field.kind is Kind.TAGS:
        return fields.FieldType(formats.Existence(), TagTokenizer(), scorable=False)
    if field.kind is Kind.KEYWORDS:
        return fields.KEYWORD(stored=field.stored)
    return fields.ID(stored=field.stored)  # KEYWORD, DATE: one exact term


def build_schema() -> fields.Schema:
    """One entry per document (kind=document) and per annotation (kind=annotation): the
    fields of the query language (``fields.FIELDS``) and those kept for hits and filters.

    Every indexed field is marked scorable: Whoosh then keeps a length column for it, and
    without one its segment writer stats a file for every posting it flushes.
    """
    schema = fields.Schema(
        uid=fields.ID(unique=True, stored=True),  # "d:<doc_id>" or "a:<annotation_id>"
        kind=fields.ID(stored=True),
        doc_id=fields.ID(stored=True),
        annotation_id=fields.STORED(),
        start=fields.STORED(),
        entry_title=fields.STORED(),  # an annotation's document title is not its text
        tags=fields.STORED(),
        source=fields.ID(),  # tag_key(source): exact filter
        source_name=fields.STORED(),
        facets=fields.COLUMN(columns.VarBytesColumn()),  # entries.facet_row
        **{f.whoosh_name: _field_type(f) for f in FIELDS},
    )
    for _name, field in schema.items():
        if field.indexed:
            field.scorable = True
    return schema
