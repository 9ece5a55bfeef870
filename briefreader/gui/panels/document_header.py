"""The strip above the reader: title, source, date, tags and the note on the whole document."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from briefreader.core.models import Document, DocumentRecord
from briefreader.gui.panels.header_actions import HeaderActions
from briefreader.gui.panels.version_widgets import VersionLinks


class DocumentHeader(QFrame):
    """Shows the open document's metadata; asks for document tag and note editors."""

    tag_requested = Signal()
    note_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("documentHeader")
        self.title = QLabel(self)
        self.title.setObjectName("documentTitle")
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.meta = QLabel(self)
        self.meta.setObjectName("documentMeta")
        self.meta.setWordWrap(True)
        self.note = QLabel(self)
        self.note.setObjectName("documentNote")
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.tag_button = QToolButton(self)
        self.tag_button.setText("Tags…")
        self.tag_button.setToolTip("Tag the whole document (Ctrl+Shift+T)")
        self.tag_button.clicked.connect(self.tag_requested)
        self.note_button = QToolButton(self)
        self.note_button.setText("Note…")
        self.note_button.setToolTip("A note on the whole document (Ctrl+Shift+N)")
        self.note_button.clicked.connect(self.note_requested)
        self.meta_actions = HeaderActions(self)  # Info…, Cite, reading status
        self.meta_actions.watch_title(self.title)
        text = QVBoxLayout()
        text.setSpacing(2)
        text.addWidget(self.title)
        text.addWidget(self.meta)
        text.addWidget(self.note)
        self.versions = VersionLinks(self)  # "What changed" once it was edited since annotated
        text.addWidget(self.versions)
        buttons = QHBoxLayout()
        buttons.setSpacing(4)
        buttons.addWidget(self.tag_button)
        buttons.addWidget(self.note_button)
        buttons.addWidget(self.meta_actions)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 10, 12, 10)
        layout.addLayout(text, 1)
        layout.addLayout(buttons)
        layout.setAlignment(buttons, Qt.AlignmentFlag.AlignTop)
        self.set_document(None, None)

    def set_document(self, doc: Document | None, record: DocumentRecord | None) -> None:
        if doc is None:
            self.hide()
            return
        self.title.setText((record.title if record else doc.title) or doc.path)
        self.title.setToolTip(f"{doc.path}\nClick for its Info: title, date, source… (Ctrl+I)")
        self.meta.setText(meta_html(doc, record))
        self.meta_actions.set_record(record)
        note = record.note if record else ""
        self.note.setText(f"✎ {note}" if note else "")
        self.note.setVisible(bool(note))
        self.show()


def meta_html(doc: Document, record: DocumentRecord | None) -> str:
    shown = record if record is not None else doc  # the record has your corrections
    bits = [b for b in (shown.source, shown.author, shown.date) if b]
    if record is not None and record.report_number:
        version = f" v{record.version}" if record.version else ""
        bits.append(f"{record.report_number}{version}")
    bits.append(doc.format.upper() if doc.format != "markdown" else "Markdown")
    if doc.pages:
        bits.append(f"{len(doc.pages)} pages")
    # The catalog's count: counting the words of a 5 MB text again costs 50 ms.
    words = record.word_count if record is not None and record.word_count else doc.word_count
    bits.append(f"{words:,} words")
    text = html.escape("  ·  ".join(bits))
    tags = record.tags if record else doc.tags
    if tags:
        chip = "<span style='background-color:rgba(127,127,127,0.18);'>&nbsp;#{}&nbsp;</span>"
        chips = " ".join(chip.format(html.escape(t)) for t in tags)
        text += f"&nbsp;&nbsp;{chips}"
    if doc.warnings:
        text += f"<br><span style='color:#b86e00'>⚠ {html.escape(doc.warnings[0])}</span>"
    return text
