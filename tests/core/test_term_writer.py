"""Ways of building a segment faster that must give the very bytes of the plain way:
pooling a field's postings and writing a term's postings in one go (``writer``,
``term_writer``), and document bodies analysed beforehand by a loading worker
(``schema.index_terms``)."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

import pytest
from whoosh.writing import SegmentWriter

from briefreader.core.models import Document
from briefreader.core.search.entries import DocEntry
from briefreader.core.search.index import SearchIndex
from briefreader.core.search.schema import index_terms
from briefreader.core.search.writer import LeanWriter
from briefreader.core.sync.worker import ANALYSE_MAX_CHARS, with_index_terms

WORDS = [
    "export",
    "control",
    "chip",
    "tariff",
    "entity",
    "list",
    "china",
    "régime",
    "中华人民",
    "§",
    "1701",
    "co-operation",
]


def _entries(count: int) -> list[DocEntry]:
    rng = random.Random(7)
    entries = []
    for i in range(count):
        # "export" in every entry: a posting list longer than one block (256 postings)
        words = ["export", *rng.choices(WORDS, k=rng.randint(0, 40))]
        entries.append(
            DocEntry(
                f"d{i}",
                f"/lib/{i}.md",
                f"Title {i % 7}",
                " ".join(words) + f" 50 U.S.C. {1700 + i % 3}",
                "markdown",
                f"20{10 + i % 15}-01-02" if i % 4 else None,
                "CRS" if i % 2 else None,
                tuple(rng.sample(["trade", "chips", "energy"], k=i % 3)),
            )
        )
    return entries


def _segment_files(index_dir: Path) -> dict[str, bytes]:
    """The files of the index's one segment, by extension (segment names are random)."""
    files = {}
    for path in index_dir.iterdir():
        if path.name.startswith("MAIN_") and "." in path.name:
            files[path.name.split(".", 1)[1]] = path.read_bytes()
    return files


def _build(index_dir: Path, entries: list[DocEntry]) -> dict[str, bytes]:
    index = SearchIndex(index_dir, text_for=lambda doc_id: None)
    index.open()
    with index.writer() as writer:
        for entry in entries:
            writer.add_document(entry)
    index.close()
    return _segment_files(index_dir)


def test_segment_files_are_those_of_whooshs_posting_by_posting_writers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    entries = _entries(600)
    bulk = _build(tmp_path / "bulk", entries)
    monkeypatch.setattr(LeanWriter, "_flush_segment", SegmentWriter._flush_segment)
    monkeypatch.setattr(LeanWriter, "add_document", SegmentWriter.add_document)
    stock = _build(tmp_path / "stock", entries)
    assert {"trm", "pst"} <= set(bulk)
    assert bulk.keys() == stock.keys()
    for ext in bulk:
        assert bulk[ext] == stock[ext], ext


def test_bodies_analysed_beforehand_index_the_same_terms_frequencies_and_positions(
    tmp_path: Path,
) -> None:
    entries = _entries(300)
    plain = _build(tmp_path / "plain", entries)
    analysed = [replace(e, text_terms=index_terms(e.text)) for e in entries]
    assert _build(tmp_path / "analysed", analysed) == plain


def _document(text: str) -> Document:
    return Document("/lib/a.txt", "text", "A", text, (), "h", len(text), 0.0)


def test_a_worker_analyses_a_loaded_text_but_not_a_very_long_one() -> None:
    text = "Export controls on chips; export-control rules (50 U.S.C. 1701)."
    assert with_index_terms(_document(text)).index_terms == index_terms(text)
    long_text = "word " * (ANALYSE_MAX_CHARS // 5 + 1)
    assert with_index_terms(_document(long_text)).index_terms is None
