"""More like this: documents sharing a document's (or a passage's) telling words."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefreader.core.errors import LibraryError
from briefreader.core.library import Library

DOCS = {
    "merger.md": "# Merger review\n\nThe FTC reviews premerger filings under the HSR Act. "
    "Antitrust agencies may challenge an anticompetitive merger or acquisition.",
    "merger-copy.txt": "Merger review\n\nThe FTC reviews premerger filings under the HSR Act. "
    "Antitrust agencies may challenge an anticompetitive merger or acquisition.",
    "antitrust.md": "# Antitrust enforcement\n\nThe FTC and DOJ challenged an anticompetitive "
    "acquisition; the merger was abandoned after the HSR waiting period.",
    "fisheries.md": "# Fisheries\n\nSeafood imports are monitored at the border. Fishing "
    "fleets and seafood traceability programs report their catch.",
    "budget.md": "# Budget\n\nThe committee reviewed the annual budget and the staffing plan.",
}


@pytest.fixture
def library(tmp_path: Path) -> Library:
    folder = tmp_path / "lib"
    folder.mkdir()
    for name, text in DOCS.items():
        (folder / name).write_text(text, encoding="utf-8")
    lib = Library.open(tmp_path / "data")
    lib.add_folders([folder])
    lib.index()
    yield lib
    lib.close()


def _doc(library: Library, name: str) -> str:
    return next(r.doc_id for r in library.documents() if r.path.endswith(f"/{name}"))


def _names(results) -> list[str]:
    return [Path(h.path).name for h in results.hits]


def test_related_documents_share_the_telling_words(library: Library) -> None:
    found = _names(library.more_like_this(_doc(library, "merger.md")))
    assert found[0] == "antitrust.md"
    assert "merger.md" not in found  # itself
    assert "merger-copy.txt" not in found  # its copy: the same text, one work
    assert "budget.md" not in found


def test_related_to_a_passage(library: Library) -> None:
    doc_id = _doc(library, "fisheries.md")
    text = library.cached_text(library.record(doc_id))
    start = text.index("Seafood")
    found = _names(library.more_like_this(doc_id, (start, start + 40)))
    assert "fisheries.md" not in found
    with pytest.raises(LibraryError):
        library.more_like_this(doc_id, (5, 2))


def test_a_passage_with_nothing_to_match_says_so(library: Library) -> None:
    doc_id = _doc(library, "budget.md")
    text = library.cached_text(library.record(doc_id))
    results = library.more_like_this(doc_id, (len(text) - 1, len(text)))
    assert results.hits == () and results.message
