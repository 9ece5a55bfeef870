"""Small editors: tags (comma separated, with completion) and Markdown notes."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)


def parse_tags(text: str) -> tuple[str, ...]:
    """Tags from a comma-separated string: trimmed, empty ones dropped, first spelling kept."""
    seen: dict[str, str] = {}
    for part in text.split(","):
        tag = " ".join(part.split())
        if tag and tag.lower() not in seen:
            seen[tag.lower()] = tag
    return tuple(seen.values())


class TagsEdit(QLineEdit):
    """A line edit for comma-separated tags that completes the word being typed."""

    def __init__(self, known: Iterable[str] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("tag, another tag")
        self._completer = QCompleter(sorted(set(known), key=str.lower), self)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setWidget(self)
        self._completer.activated.connect(self._insert_completion)
        self.textEdited.connect(self._complete)

    def tags(self) -> tuple[str, ...]:
        return parse_tags(self.text())

    def set_tags(self, tags: Iterable[str]) -> None:
        self.setText(", ".join(tags))

    def _current_word(self) -> str:
        return self.text()[: self.cursorPosition()].rsplit(",", 1)[-1].strip()

    def _complete(self) -> None:
        word = self._current_word()
        if not word:
            self._hide_popup()
            return
        self._completer.setCompletionPrefix(word)
        if self._completer.completionCount():
            self._completer.complete()
        else:
            self._hide_popup()

    def _hide_popup(self) -> None:
        popup = self._completer.popup()
        if popup is not None:
            popup.hide()

    def _insert_completion(self, completion: str) -> None:
        before = self.text()[: self.cursorPosition()]
        after = self.text()[self.cursorPosition() :]
        head = before.rsplit(",", 1)[0] + ", " if "," in before else ""
        self.setText(f"{head}{completion}, {after.lstrip(', ')}".rstrip())


class TagEditorDialog(QDialog):
    """Edit a set of tags on a passage or a document."""

    def __init__(
        self,
        title: str,
        tags: Iterable[str],
        known: Iterable[str] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(380)
        self.edit = TagsEdit(known, self)
        self.edit.set_tags(tags)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Tags, separated by commas:"))
        layout.addWidget(self.edit)
        layout.addWidget(buttons)

    def tags(self) -> tuple[str, ...]:
        return self.edit.tags()


class NoteEditorDialog(QDialog):
    """Edit a Markdown note (on a passage or a whole document)."""

    def __init__(
        self, title: str, note: str, context: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(520, 320)
        layout = QVBoxLayout(self)
        if context:
            quote = QLabel(context)
            quote.setWordWrap(True)
            quote.setObjectName("noteContext")
            quote.setTextFormat(Qt.TextFormat.PlainText)
            layout.addWidget(quote)
        self.edit = QPlainTextEdit(self)
        self.edit.setPlaceholderText("A note in Markdown")
        self.edit.setPlainText(note)
        layout.addWidget(self.edit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def note(self) -> str:
        return self.edit.toPlainText().strip()


def elide_quote(text: str, limit: int = 240) -> str:
    """A quote shortened for a dialog header."""
    flat = " ".join(text.split())
    return f"“{flat[: limit - 1]}…”" if len(flat) > limit else f"“{flat}”"
