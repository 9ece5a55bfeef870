"""The bundled sample library (``content/``): marked as such when it is added, listed
apart, and removable with its documents so that it is not mixed into a real library for
ever.

Removing it never loses an annotation: documents the user annotated stay in the catalog
as missing documents (their annotations orphaned, like those of a deleted file), and
without ``force`` the removal is refused while such annotations exist, naming how many.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from briefreader.core.errors import LibraryError
from briefreader.core.facade.base import FacadeBase
from briefreader.core.models import AnchorStatus, LibraryFolder
from briefreader.core.store import Store
from briefreader.paths import bundled_content_dir

SAMPLES_REMOVED_SETTING = "samples.removed"


@dataclass(frozen=True)
class SampleRemoval:
    """What ``remove_sample_library`` did."""

    folder: str
    removed: int  # documents forgotten
    kept: int  # annotated documents kept as missing
    annotations: int  # annotations on the kept documents (now orphaned)


def is_under(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


class SampleLibrary(FacadeBase):
    def folder_entries(self) -> list[LibraryFolder]:
        """The library's folders, each saying whether it is the sample library."""
        with self._db as store:
            samples = set(store.sample_folders())
            return [LibraryFolder(p, p in samples) for p in store.folders()]

    def sample_folder(self) -> Path | None:
        """The sample library's folder when it is in the library."""
        with self._db as store:
            found = store.sample_folders()
        return Path(found[0]) if found else None

    def offer_sample_library(self) -> bool:
        """Whether a first start should add the samples: the library has no folder and
        the user never removed the samples."""
        with self._db as store:
            return not store.folders() and store.setting(SAMPLES_REMOVED_SETTING) is None

    def _mark_if_sample(self, store: Store, folder: Path) -> None:
        """Flag the bundled ``content/`` folder as the samples when it is added."""
        if folder == bundled_content_dir().resolve():
            store.mark_sample_folder(str(folder))

    def remove_sample_library(self, force: bool = False) -> SampleRemoval:
        """Remove the sample folder and its documents from the library (not from disk)."""
        with self._db as store:
            folders = store.sample_folders()
            if not folders:
                raise LibraryError("the library has no sample folder")
            folder = folders[0]
            records = [r for r in store.documents(include_missing=True) if is_under(r.path, folder)]
            annotated = {r.doc_id: len(store.annotations(doc_id=r.doc_id)) for r in records}
            annotations = sum(annotated.values())
            if annotations and not force:
                raise LibraryError(
                    f"the sample documents carry {annotations} annotation(s); export them "
                    f"first, or remove the samples anyway with --force (the annotated "
                    f"documents are kept as missing, with their annotations)"
                )
            with store.transaction():
                store.remove_folder(folder)
                store.set_setting(SAMPLES_REMOVED_SETTING, "1")
                orphaned: list[int] = []
                for record in records:
                    if annotated[record.doc_id]:
                        orphaned += self._keep_missing(store, record.doc_id)
                    else:
                        store.delete_document(record.doc_id)
            self._sync.note(documents=[r.doc_id for r in records], annotations=orphaned)
        kept = sum(1 for count in annotated.values() if count)
        return SampleRemoval(folder, len(records) - kept, kept, annotations)

    @staticmethod
    def _keep_missing(store: Store, doc_id: str) -> list[int]:
        """Keep an annotated document as missing, its annotations orphaned; their ids."""
        store.mark_missing(doc_id, True)
        found = store.annotations(doc_id=doc_id)
        for annotation in found:
            if annotation.status is not AnchorStatus.ORPHANED:
                store.set_anchor(annotation.id, annotation.anchor, AnchorStatus.ORPHANED)
        return [a.id for a in found]
