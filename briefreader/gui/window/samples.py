"""Removing the bundled sample documents from the window: how many annotations they
carry (to ask first), the question, and what the status bar says afterwards."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox, QWidget

from briefreader.core.facade.samples import SampleRemoval, is_under

if TYPE_CHECKING:
    from briefreader.core.library import Library


def sample_annotations(library: Library, folder: Path) -> int:
    """The annotations on documents under the sample folder."""
    doc_ids = {
        r.doc_id for r in library.documents(include_missing=True) if is_under(r.path, str(folder))
    }
    return sum(1 for a in library.annotations() if a.doc_id in doc_ids)


def ask_to_remove(count: int, parent: QWidget) -> QMessageBox:
    """ "Remove them anyway?" for samples that carry ``count`` annotations."""
    noun = "annotation" if count == 1 else "annotations"
    box = QMessageBox(parent)
    box.setObjectName("removeSamples")
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Remove Sample Documents")
    box.setText(f"The sample documents carry {count} {noun} of yours.")
    box.setInformativeText(
        "Remove the samples anyway? The annotated documents stay in the library, marked "
        "missing, with their annotations (export them first to keep them elsewhere)."
    )
    remove = box.addButton("Remove Anyway", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(remove)
    return box


def removal_message(removal: SampleRemoval) -> str:
    noun = "document" if removal.removed == 1 else "documents"
    text = f"Removed {removal.removed} sample {noun} from the library (not from the disk)."
    if removal.kept:
        text += f" {removal.kept} annotated one(s) kept, marked missing."
    return text
