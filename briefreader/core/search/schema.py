"""The Whoosh schema: fields, the analyser adapter and a lean positions format.

Whoosh pickles the schema (with these classes) into the index's table of contents, so the
class names here are part of the on-disk format: renaming one, or changing what the
analyser produces, needs ``INDEX_VERSION`` bumped (the index is then rebuilt on open).
"""

from __future__ import annotations

from array import array
from typing import Any

from whoosh import columns, fields, formats
from whoosh.analysis import Token, Tokenizer
from whoosh.lang.porter import stem as porter_stem
from whoosh.system import _INT_SIZE, pack_uint

from briefreader.core.search.analysis import Analyzer, tag_key

INDEX_VERSION = 3
KIND_DOC = "document"
KIND_ANNOTATION = "annotation"
ROW_SEP = "\x1f"
LIST_SEP = "\x1e"

# The body is indexed twice from one analysis: ``body`` keeps frequencies only (cheap to
# read for word queries), ``body_pos`` keeps positions for phrases.
POSITIONS_FIELD = {"body": "body_pos"}
LENGTH_FIELD = {"body_pos": "body"}

# Fields analysed as text, and the query-language field each one answers to.
TEXT_FIELD_FOR = {
    "title": "title",
    "body": "body",
    "path": "path",
    "source": "source_text",
    "note": "note",
    "quote": "quote",
}


def make_analyzer() -> Analyzer:
    return Analyzer(porter_stem)


class TextTokenizer(Tokenizer):
    """Whoosh adapter over ``analysis.Analyzer`` (the whole analysis chain in one step)."""

    def __init__(self) -> None:
        self.analyzer = make_analyzer()

    def __getstate__(self) -> dict[str, Any]:
        return {}  # the stem cache is not part of the schema

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.analyzer = make_analyzer()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TextTokenizer)

    def __hash__(self) -> int:
        return hash(TextTokenizer)

    def __call__(  # type: ignore[override]
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
    ):
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


class LeanPositions(formats.Positions):
    """``Positions`` that reads terms straight from the analyser (no Token objects)."""

    def word_values(self, value, analyzer, **kwargs):  # type: ignore[override]
        inner = getattr(analyzer, "analyzer", None)
        if not isinstance(inner, Analyzer):
            yield from super().word_values(value, analyzer, **kwargs)
            return
        poses = inner.positions(value)
        boost = self.field_boost
        encode = self.encode
        for term, poslist in poses.items():
            yield (term, len(poslist), len(poslist) * boost, encode(poslist))

    def encode(self, poslist: list[int]) -> bytes:  # type: ignore[override]
        """Count (as Whoosh has it) + a typecode + the positions as a machine array.

        Decoding is one C call instead of unpickling deltas and summing them in Python,
        which matters when a phrase query checks thousands of documents.
        """
        code = "H" if poslist[-1] < 65536 else "I"
        return pack_uint(len(poslist)) + code.encode() + array(code, poslist).tobytes()

    def decode_positions(self, valuestring: bytes) -> array:  # type: ignore[override]
        return array(chr(valuestring[_INT_SIZE]), valuestring[_INT_SIZE + 1 :])

    def decode_position_boosts(self, valuestring: bytes) -> list[tuple[int, float]]:
        return [(pos, 1.0) for pos in self.decode_positions(valuestring)]

    def combine(self, vs) -> bytes:  # type: ignore[override]
        merged: set[int] = set()
        for v in vs:
            merged.update(self.decode_positions(v))
        return self.encode(sorted(merged))


class LeanFrequency(formats.Frequency):
    """``Frequency`` fed straight from the analyser (shares the body's analysis)."""

    def word_values(self, value, analyzer, **kwargs):  # type: ignore[override]
        inner = getattr(analyzer, "analyzer", None)
        if not isinstance(inner, Analyzer):
            yield from super().word_values(value, analyzer, **kwargs)
            return
        boost = self.field_boost
        for term, poslist in inner.positions(value).items():
            freq = len(poslist)
            yield (term, freq, freq * boost, pack_uint(freq))


class TagTokenizer(Tokenizer):
    """Tags joined by ``LIST_SEP``; each one becomes one normalised term."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TagTokenizer)

    def __hash__(self) -> int:
        return hash(TagTokenizer)

    def __call__(  # type: ignore[override]
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
    ):
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


def _text(stored: bool = False, *, positions: bool = True, scorable: bool = True) -> fields.TEXT:
    field = fields.TEXT(analyzer=TextTokenizer(), phrase=positions, stored=stored)
    field.format = LeanPositions(field_boost=1.0) if positions else LeanFrequency(field_boost=1.0)
    field.scorable = scorable
    return field


def build_schema() -> fields.Schema:
    """One entry per document (kind=document) and per annotation (kind=annotation)."""
    return fields.Schema(
        uid=fields.ID(unique=True, stored=True),  # "d:<doc_id>" or "a:<annotation_id>"
        kind=fields.ID(stored=True),
        doc_id=fields.ID(stored=True),
        annotation_id=fields.STORED(),
        start=fields.STORED(),
        title=_text(),  # documents only: an annotation's document title is not its text
        entry_title=fields.STORED(),
        body=_text(positions=False),  # documents: the text; annotations: quote and note
        body_pos=_text(scorable=False),  # the same, with positions, for phrases
        path=_text(stored=True),
        source_text=_text(),
        note=_text(stored=True),
        quote=_text(stored=True),
        tag=fields.FieldType(formats.Existence(), TagTokenizer(), scorable=False),
        tags=fields.STORED(),
        source=fields.ID(),  # tag_key(source): exact filter
        source_name=fields.STORED(),
        date=fields.ID(stored=True),
        format=fields.ID(stored=True),
        color=fields.ID(stored=True),
        has=fields.KEYWORD(),
        facets=fields.COLUMN(columns.VarBytesColumn()),
    )


def facet_row(kind: str, doc_id: str, date: str | None, source: str | None, tags) -> bytes:
    """The per-entry column value read back for facets, date sorting and id listing."""
    return ROW_SEP.join((kind, doc_id, date or "", source or "", LIST_SEP.join(tags))).encode()


def parse_row(raw: bytes | None) -> tuple[str, str, str, str, tuple[str, ...]]:
    if not raw:
        return ("", "", "", "", ())
    kind, doc_id, date, source, tags = raw.decode().split(ROW_SEP)
    return (kind, doc_id, date, source, tuple(t for t in tags.split(LIST_SEP) if t))
