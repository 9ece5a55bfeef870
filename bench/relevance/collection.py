"""The test collection's files: queries (TSV) and graded judgements (qrels, TSV).

``queries.tsv``: ``id  class  query  need``, one query a line, a header line, ``#`` comments.
``qrels.tsv``: ``query_id  path  grade  [note]``; ``path`` is relative to the corpus folder
(forward slashes), ``grade`` 0-3. Unjudged documents count as grade 0. Fields are separated
by tabs and never quoted, so a query can hold ``"quotes"`` as typed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
QUERIES_FILE = HERE / "queries.tsv"
QRELS_FILE = HERE / "qrels.tsv"
COPIES_FILE = HERE / "copies.tsv"
CLASSES = ("topic", "known-item", "person", "agency", "citation", "chinese", "question")
MAX_GRADE = 3


class CollectionError(ValueError):
    """A malformed queries or qrels file (the message names the file and line)."""


@dataclass(frozen=True)
class Query:
    id: str
    cls: str
    text: str
    need: str


Qrels = dict[str, dict[str, int]]  # query id -> relative path -> grade
Notes = dict[tuple[str, str], str]  # (query id, relative path) -> the judge's note


def _rows(lines: Iterable[str], header: str) -> Iterator[tuple[int, list[str]]]:
    for number, raw in enumerate(lines, 1):
        line = raw.rstrip("\n").rstrip("\r")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = line.split("\t")
        if fields[0] == header:
            continue
        yield number, fields


def parse_queries(text: str, name: str = "queries") -> list[Query]:
    """Queries in file order; ids unique, classes known, query text non-empty."""
    queries: list[Query] = []
    seen: set[str] = set()
    for number, fields in _rows(text.splitlines(), "id"):
        if len(fields) != 4:
            raise CollectionError(f"{name}:{number}: expected 4 tab-separated fields")
        qid, cls, query, need = (f.strip() for f in fields)
        if not qid or not query:
            raise CollectionError(f"{name}:{number}: empty id or query")
        if cls not in CLASSES:
            raise CollectionError(f"{name}:{number}: unknown class {cls!r}")
        if qid in seen:
            raise CollectionError(f"{name}:{number}: duplicate id {qid}")
        seen.add(qid)
        queries.append(Query(qid, cls, query, need))
    return queries


def parse_qrels(text: str, name: str = "qrels") -> tuple[Qrels, Notes]:
    """Grades by query and path, plus the notes of the harder calls."""
    qrels: Qrels = {}
    notes: Notes = {}
    for number, fields in _rows(text.splitlines(), "query_id"):
        if len(fields) not in (3, 4):
            raise CollectionError(f"{name}:{number}: expected 3 or 4 tab-separated fields")
        qid, path, grade_text = (f.strip() for f in fields[:3])
        try:
            grade = int(grade_text)
        except ValueError:
            raise CollectionError(f"{name}:{number}: grade {grade_text!r} is not 0-3") from None
        if not 0 <= grade <= MAX_GRADE:
            raise CollectionError(f"{name}:{number}: grade {grade} is not 0-3")
        if not path or path.startswith("/") or "\\" in path:
            raise CollectionError(f"{name}:{number}: path must be relative, with '/'")
        judged = qrels.setdefault(qid, {})
        if path in judged:
            raise CollectionError(f"{name}:{number}: {qid} {path} judged twice")
        judged[path] = grade
        if len(fields) == 4 and fields[3].strip():
            notes[(qid, path)] = fields[3].strip()
    return qrels, notes


def parse_copies(text: str, name: str = "copies") -> dict[str, str]:
    """Path -> group id, for files that are copies of one document (markdown + PDF)."""
    groups: dict[str, str] = {}
    for number, fields in _rows(text.splitlines(), "group"):
        if len(fields) != 2 or not all(f.strip() for f in fields):
            raise CollectionError(f"{name}:{number}: expected group and path")
        group, path = (f.strip() for f in fields)
        if path in groups:
            raise CollectionError(f"{name}:{number}: {path} is in two groups")
        groups[path] = group
    return groups


def load_queries(path: Path = QUERIES_FILE) -> list[Query]:
    return parse_queries(path.read_text(encoding="utf-8"), path.name)


def load_qrels(path: Path = QRELS_FILE) -> tuple[Qrels, Notes]:
    return parse_qrels(path.read_text(encoding="utf-8"), path.name)


def load_copies(path: Path = COPIES_FILE) -> dict[str, str]:
    return parse_copies(path.read_text(encoding="utf-8"), path.name)


def format_qrels(qrels: Qrels, notes: Notes | None = None) -> str:
    """The qrels file text: queries in the given order, paths sorted, notes kept."""
    notes = notes or {}
    lines = ["query_id\tpath\tgrade\tnote"]
    for qid, judged in qrels.items():
        for path in sorted(judged):
            note = notes.get((qid, path), "")
            lines.append(f"{qid}\t{path}\t{judged[path]}\t{note}".rstrip("\t"))
    return "\n".join(lines) + "\n"
