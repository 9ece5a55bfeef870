"""The bundled sample library: marked when it is added, removable without losing notes."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefreader.core.errors import LibraryError
from briefreader.core.facade import samples
from briefreader.core.library import Library
from briefreader.core.models import AnchorStatus


@pytest.fixture
def content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A stand-in for the bundled ``content/`` folder."""
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "sample-a.md").write_text("# Sample A\n\nTariffs on solar cells.\n", "utf-8")
    (folder / "sample-b.md").write_text("# Sample B\n\nExport controls on chips.\n", "utf-8")
    monkeypatch.setattr(samples, "bundled_content_dir", lambda: folder)
    return folder


@pytest.fixture
def with_samples(library: Library, content: Path, library_dir: Path) -> Library:
    library.add_folders([content, library_dir])
    library.index()
    return library


def test_the_bundled_folder_is_marked_as_the_samples(
    with_samples: Library, content: Path, library_dir: Path
) -> None:
    assert with_samples.sample_folder() == content
    entries = {Path(f.path): f.sample for f in with_samples.folder_entries()}
    assert entries == {content: True, library_dir.resolve(): False}


def test_removing_the_samples_removes_their_documents_only(
    with_samples: Library, content: Path
) -> None:
    before = len(with_samples.documents())
    assert not with_samples.offer_sample_library()  # it has folders
    removal = with_samples.remove_sample_library()
    assert (removal.removed, removal.kept, removal.annotations) == (2, 0, 0)
    assert len(with_samples.documents()) == before - 2
    assert with_samples.search("tariffs solar").total == 0
    assert with_samples.sample_folder() is None and content not in with_samples.folders()
    assert with_samples.index().added == 0  # the next run does not bring them back
    with pytest.raises(LibraryError, match="no sample folder"):
        with_samples.remove_sample_library()
    for folder in with_samples.folders():
        with_samples.remove_folder(folder)
    assert not with_samples.offer_sample_library()  # removed once: not offered again


def test_a_new_library_is_offered_the_samples(library: Library) -> None:
    assert library.offer_sample_library()


def test_annotated_samples_are_refused_without_force_and_kept_missing_with_it(
    with_samples: Library, content: Path
) -> None:
    record = with_samples.require_record(content / "sample-a.md")
    annotation = with_samples.annotate_quote(record.doc_id, "solar cells", note="keep me")
    with pytest.raises(LibraryError, match=r"carry 1 annotation.*--force"):
        with_samples.remove_sample_library()
    assert with_samples.sample_folder() == content  # nothing was removed
    removal = with_samples.remove_sample_library(force=True)
    assert (removal.removed, removal.kept, removal.annotations) == (1, 1, 1)
    kept = with_samples.record(record.doc_id)
    assert kept is not None and kept.missing
    assert with_samples.annotation(annotation.id).status is AnchorStatus.ORPHANED  # type: ignore[union-attr]
    hits = with_samples.search("solar").hits
    assert [h.kind for h in hits] == ["annotation"]  # the note is still found
