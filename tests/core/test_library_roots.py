"""What the library is made of: folders, single files added by themselves, and removing one."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefreader.core.errors import LibraryError
from briefreader.core.library import Library


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_single_file_joins_the_library_without_its_folder(
    library: Library, tmp_path: Path
) -> None:
    lone = write(tmp_path / "downloads" / "memo.md", "# Lone memo\n\nTariffs on solar panels.\n")
    write(tmp_path / "downloads" / "other.md", "# Not wanted\n\nSomething else.\n")
    assert library.add_files([lone]) == [lone.resolve()]
    assert library.files() == [lone.resolve()] and library.folders() == []
    report = library.index()
    assert report.added == 1
    assert [r.title for r in library.documents()] == ["Lone memo"]
    assert library.search("tariffs").hits


def test_a_file_already_in_a_folder_is_not_added_twice(indexed: Library, library_dir: Path) -> None:
    assert indexed.add_files([library_dir / "chips.md"]) == []
    assert indexed.files() == []


@pytest.mark.parametrize(
    ("name", "message"), [("missing.md", "no such file"), ("report.docx", "not a document")]
)
def test_what_cannot_be_added_is_refused(
    library: Library, tmp_path: Path, name: str, message: str
) -> None:
    if name.endswith(".docx"):
        write(tmp_path / name, "x")
    with pytest.raises(LibraryError, match=message):
        library.add_files([tmp_path / name])


def test_removing_a_root_forgets_its_documents_but_keeps_annotated_ones(
    indexed: Library, library_dir: Path, tmp_path: Path
) -> None:
    lone = write(tmp_path / "elsewhere" / "memo.md", "# Lone memo\n\nTariffs on solar panels.\n")
    indexed.add_files([lone])
    indexed.index()
    chips = indexed.record_for_path(library_dir / "chips.md")
    assert chips is not None
    indexed.annotate_quote(chips.doc_id, "Entity List")
    indexed.remove_folder(library_dir)
    report = indexed.index(forget=[library_dir])
    assert report.removed == 5
    assert [r.title for r in indexed.documents()] == ["Lone memo"]  # the file is still there
    kept = indexed.record(chips.doc_id)
    assert kept is not None and kept.missing  # its annotation is not lost
    indexed.remove_folder(lone)
    indexed.index(forget=[lone])
    assert indexed.documents() == [] and indexed.roots() == []


def test_a_deleted_single_file_becomes_missing(library: Library, tmp_path: Path) -> None:
    lone = write(tmp_path / "memo.md", "# Lone memo\n\nTariffs on solar panels.\n")
    library.add_files([lone])
    library.index()
    lone.unlink()
    report = library.index()
    assert report.removed == 1 and library.documents() == []
    assert library.files() == [lone.resolve()]  # still listed, so it can be removed
    assert [p.reason for p in report.skipped] == ["file not found"]


def test_rescan_of_one_folder_leaves_the_others_alone(
    indexed: Library, library_dir: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other"
    write(other / "a.md", "# A\n\nalpha\n")
    indexed.add_folders([other])
    indexed.index()
    write(library_dir / "new.md", "# New\n\nbeta\n")
    write(other / "b.md", "# B\n\ngamma\n")
    report = indexed.index(folders=[other])
    assert report.added == 1
    titles = {r.title for r in indexed.documents()}
    assert "B" in titles and "New" not in titles
