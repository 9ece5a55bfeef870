"""The Export dialog (Ctrl+E), opened from the real MainWindow."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QKeySequence
from sample_library import write_library

from briefreader.gui.dialogs.export import ExportDialog

from .test_main_window import LONG, close_window, doc_id_of, make_window, wait_indexed

QUOTE = "high-bandwidth memory"


@pytest.fixture
def export_dialog(qtbot, tmp_path: Path):
    folder = write_library(tmp_path / "library")
    window, library, _settings = make_window(qtbot, tmp_path, [folder])
    wait_indexed(qtbot, window)
    doc_id = doc_id_of(library, "chips.md")
    window.library.annotate_quote(doc_id, QUOTE, note="HBM note", tags=["memory"])
    window.controllers.reading.open_document(doc_id)
    qtbot.waitUntil(lambda: window.controllers.document.doc_id == doc_id, timeout=LONG)
    window.actions_["export"].trigger()
    dialog = window.feedback.active_dialog
    assert isinstance(dialog, ExportDialog)
    opened: list[Path] = []
    dialog.open_folder = opened.append
    yield dialog, opened, doc_id
    dialog.reject()
    close_window(window, library)


def export_to(qtbot, dialog: ExportDialog, fmt: str, path: Path) -> None:
    dialog.format.setCurrentIndex(dialog.format.findData(fmt))
    dialog.path.setText(str(path))
    dialog._path_edited = True
    dialog.export_button.click()
    qtbot.waitUntil(lambda: dialog._export_task is None, timeout=LONG)


def test_export_action_has_ctrl_e(export_dialog) -> None:
    dialog, _opened, _doc_id = export_dialog
    action = dialog.parent().actions_["export"]
    assert QKeySequence("Ctrl+E") in action.shortcuts()


def test_defaults_to_current_document_and_previews_the_quote(export_dialog, qtbot) -> None:
    dialog, _opened, doc_id = export_dialog
    assert dialog.scope.currentData() == "document"
    assert dialog.request().doc_ids == (doc_id,)
    assert dialog.path.text().endswith(".md")
    qtbot.waitUntil(lambda: QUOTE in dialog.preview.toPlainText(), timeout=LONG)
    dialog.format.setCurrentIndex(dialog.format.findData("html"))
    assert dialog.path.text().endswith(".html")
    qtbot.waitUntil(
        lambda: QUOTE in dialog.preview.toPlainText() and "<" not in dialog.preview.toPlainText(),
        timeout=LONG,
    )


def test_export_opens_the_folder_only_when_asked_and_remembers(
    export_dialog, qtbot, tmp_path: Path
) -> None:
    dialog, opened, _doc_id = export_dialog
    out = tmp_path / "out"
    out.mkdir()
    assert not dialog.open_afterwards.isChecked()  # off by default: no surprise window
    export_to(qtbot, dialog, "md", out / "notes.md")
    assert QUOTE in (out / "notes.md").read_text(encoding="utf-8")
    assert "wrote" in dialog.message.text()
    assert opened == []
    dialog.open_afterwards.setChecked(True)
    export_to(qtbot, dialog, "json", out / "notes.json")
    text = (out / "notes.json").read_text(encoding="utf-8")
    assert QUOTE in text
    json.loads(text)
    assert opened == [out]
    assert dialog.settings.export_open_folder()  # remembered for the next time


def test_format_and_extension_follow_each_other(export_dialog) -> None:
    dialog, _opened, _doc_id = export_dialog
    dialog.format.setCurrentIndex(dialog.format.findData("pdf"))
    assert dialog.path.text().endswith(".pdf")
    dialog.path.setText("/tmp/brief.pdf")
    dialog._path_typed("/tmp/brief.pdf")
    dialog.format.setCurrentIndex(dialog.format.findData("docx"))
    assert dialog.path.text() == "/tmp/brief.docx"
    dialog.path.setText("/tmp/brief.csv")
    dialog._path_typed("/tmp/brief.csv")  # as typed: the extension chooses the format
    assert dialog.format.currentData() == "csv"
    assert dialog.audience.currentData() == "me" and not dialog.audience.isEnabled()
    dialog.format.setCurrentIndex(dialog.format.findData("md"))
    assert dialog.audience.currentData() == "send" and dialog.audience.isEnabled()
    assert dialog.path.text() == "/tmp/brief.md"


def test_a_two_part_extension_is_swapped_whole(export_dialog) -> None:
    """.csl.json is one extension: switching formats never makes "brief.csl.csl.json"."""
    dialog, _opened, _doc_id = export_dialog
    dialog.format.setCurrentIndex(dialog.format.findData("csljson"))
    assert dialog.path.text().endswith(".csl.json")
    for fmt, suffix in (("json", ".json"), ("csljson", ".csl.json"), ("bibtex", ".bib")):
        dialog.format.setCurrentIndex(dialog.format.findData(fmt))
        assert dialog.path.text().endswith(suffix) and ".csl.csl" not in dialog.path.text()
    dialog.path.setText("/tmp/refs.csl.json")
    dialog._path_typed("/tmp/refs.csl.json")  # typed: the longest extension names the format
    assert dialog.format.currentData() == "csljson"
    for fmt, path in (
        ("json", "/tmp/refs.json"),
        ("csljson", "/tmp/refs.csl.json"),
        ("md", "/tmp/refs.md"),
        ("csljson", "/tmp/refs.csl.json"),
    ):
        dialog.format.setCurrentIndex(dialog.format.findData(fmt))
        assert dialog.path.text() == path


def test_a_name_with_another_extension_is_refused(export_dialog, qtbot, tmp_path: Path) -> None:
    dialog, _opened, _doc_id = export_dialog
    target = tmp_path / "brief.txt"
    export_to(qtbot, dialog, "docx", target)
    assert dialog.message.text().startswith("Export failed: brief.txt has no Word")
    assert not target.exists()


def test_brief_to_send_with_title_intro_and_sections(export_dialog, qtbot, tmp_path: Path) -> None:
    dialog, _opened, _doc_id = export_dialog
    dialog.brief_title.setText("Memory chips")
    dialog.intro.setPlainText("For *Monday*.")
    dialog.group_by.setCurrentIndex(dialog.group_by.findData("section"))
    request = dialog.request()
    assert (request.audience, request.title, request.group_by) == (
        "send",
        "Memory chips",
        "section",
    )
    qtbot.waitUntil(lambda: "Memory chips" in dialog.preview.toPlainText(), timeout=LONG)
    export_to(qtbot, dialog, "md", tmp_path / "brief.md")
    text = (tmp_path / "brief.md").read_text(encoding="utf-8")
    assert "# Memory chips" in text and "For *Monday*." in text and "Cite as" in text
    assert str(tmp_path) not in text and "file:" not in text


def test_unwritable_target_shows_one_error_line(export_dialog, qtbot, tmp_path: Path) -> None:
    dialog, opened, _doc_id = export_dialog
    target = tmp_path / "no-such-dir" / "notes.md"
    export_to(qtbot, dialog, "md", target)
    message = dialog.message.text()
    assert message.startswith("Export failed")
    assert "\n" not in message and "Traceback" not in message
    assert not target.exists()
    assert opened == []
    assert dialog.isVisible()


def test_search_text_without_a_document_defaults_to_the_query(qtbot, tmp_path: Path) -> None:
    folder = write_library(tmp_path / "library")
    window, library, _settings = make_window(qtbot, tmp_path, [folder])
    try:
        wait_indexed(qtbot, window)
        doc_id = doc_id_of(library, "chips.md")
        library.annotate_quote(doc_id, QUOTE, tags=["memory"])
        window.panes.search_panel.set_query("memory")
        window.controllers.exporting.show_dialog()
        dialog = window.feedback.active_dialog
        assert dialog.scope.currentData() == "query"
        assert dialog.request().query == "memory"
        dialog.scope.setCurrentIndex(dialog.scope.findData("tag"))
        assert dialog.tag.isEnabled()
        dialog.tag.setCurrentIndex(dialog.tag.findData("memory"))
        assert dialog.request().tag == "memory"
        qtbot.waitUntil(lambda: QUOTE in dialog.preview.toPlainText(), timeout=LONG)
        assert dialog.preview.loadResource(0, QUrl("https://example.com/x.png")) is None
        dialog.reject()
    finally:
        close_window(window, library)
