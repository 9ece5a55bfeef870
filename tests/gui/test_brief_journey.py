"""A new user's journey to a brief they can send: add a single file (File ▸ Add Files…),
highlight a passage with a colour key and see it, export "to send" as PDF and as Word,
and read both back: real titles and citations, no local path, no internal status."""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path

import docx
import pypdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from sample_library import write_library

from briefreader.gui.dialogs.export import ExportDialog

from .test_journey import painted_canonical_ranges
from .test_main_window import LONG, close_window, make_window, wait_indexed

TITLE = "Export controls on legacy chips"
PASSAGE = "mature-node semiconductors made with Chinese equipment"
MEMO = f"""---
title: "{TITLE}"
source: "Bureau of Industry and Security"
date: 2025-01-15
url: https://www.bis.gov/press/legacy-chips
---

# {TITLE}

## Scope of the rule

The rule covers {PASSAGE}, and the firms that buy them.

## Licensing

Licences are reviewed case by case.
"""
CITATION = "Bureau of Industry and Security."
FORBIDDEN = ("file://", "orphaned", "moved", "fuzzy", "⚠")


def pdf_text(path: Path) -> str:
    """The PDF's text, white space collapsed and ligatures (ﬁ) undone."""
    reader = pypdf.PdfReader(io.BytesIO(path.read_bytes()))
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    return " ".join(unicodedata.normalize("NFKC", text).split())


def docx_text(path: Path) -> tuple[str, set[str]]:
    document = docx.Document(str(path))
    paragraphs = document.paragraphs
    return "\n".join(p.text for p in paragraphs), {p.style.name for p in paragraphs}


def export_through_dialog(
    qtbot, window, monkeypatch: pytest.MonkeyPatch, fmt: str, target: Path
) -> ExportDialog:
    window.actions_["export"].trigger()
    dialog = window.feedback.active_dialog
    assert isinstance(dialog, ExportDialog)
    opened: list[Path] = []
    dialog.open_folder = opened.append
    dialog.format.setCurrentIndex(dialog.format.findData(fmt))
    assert dialog.audience.currentData() == "send"  # the default for a brief
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), ""))
    dialog.browse()
    dialog.export_button.click()
    qtbot.waitUntil(lambda: target.exists() and dialog._export_task is None, timeout=LONG)
    assert dialog.message.text().startswith("wrote")
    assert opened == []  # no file manager window unless asked
    return dialog


@pytest.mark.slow
def test_a_single_file_to_a_brief_fit_to_send(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = write_library(tmp_path / "library")
    window, library, _settings = make_window(qtbot, tmp_path, [folder])
    try:
        wait_indexed(qtbot, window)

        # File ▸ Add Files…: one file from elsewhere, not its folder
        downloads = tmp_path / "downloads"
        downloads.mkdir()
        memo = downloads / "legacy-chips.md"
        memo.write_text(MEMO, encoding="utf-8")
        (downloads / "unrelated.md").write_text("# Unrelated\n\nNot added.\n", encoding="utf-8")
        monkeypatch.setattr(
            QFileDialog, "getOpenFileNames", lambda *_a, **_k: ([str(memo)], "Documents")
        )
        window.actions_["add_files"].trigger()
        assert "Added to the library: legacy-chips.md" in window.statusBar().currentMessage()
        wait_indexed(qtbot, window, runs=2)
        record = library.record_for_path(memo)
        assert record is not None and record.title == TITLE
        assert library.record_for_path(downloads / "unrelated.md") is None

        # open it, select a passage, press 1: the highlight shows at once
        window.controllers.reading.open_document(record.doc_id)
        qtbot.waitUntil(lambda: window.controllers.document.doc_id == record.doc_id, timeout=LONG)
        reader = window.panes.reader
        text = window.controllers.document.document.text
        start = text.index(PASSAGE)
        end = start + len(PASSAGE)
        reader.setFocus()
        reader.select_range(start, end)
        qtbot.keyClick(reader, Qt.Key.Key_1)
        qtbot.waitUntil(lambda: len(library.annotations(doc_id=record.doc_id)) == 1, timeout=LONG)
        assert library.annotations(doc_id=record.doc_id)[0].color == "yellow"
        assert painted_canonical_ranges(window) == [(start, end)]
        assert not reader.textCursor().hasSelection()  # cleared: the yellow is visible
        assert window.statusBar().currentMessage().startswith("Highlight in yellow: saved")

        # export "to send" as PDF and as Word, through the Export dialog
        pdf, word = tmp_path / "out" / "brief.pdf", tmp_path / "out" / "brief.docx"
        pdf.parent.mkdir()
        export_through_dialog(qtbot, window, monkeypatch, "pdf", pdf).reject()
        export_through_dialog(qtbot, window, monkeypatch, "docx", word).reject()

        pdf_body = pdf_text(pdf)
        word_body, styles = docx_text(word)
        for body in (pdf_body, word_body):
            assert TITLE in body and PASSAGE in body
            assert "Cite as" in body and CITATION in body and "January 15, 2025" in body
            assert "Key finding" in body  # what yellow means
            assert "§ Scope of the rule" in body  # the passage's own citation: its section
            assert "https://www.bis.gov/press/legacy-chips" in body
            assert str(tmp_path) not in body and "legacy-chips.md" not in body
            for word_ in FORBIDDEN:
                assert word_ not in body.lower(), word_
        assert "Page 1 of" in pdf_body
        assert {"Title", "Heading 1", "Quote", "Caption"} <= styles
    finally:
        close_window(window, library)
