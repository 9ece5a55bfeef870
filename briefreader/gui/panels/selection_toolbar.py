"""A small floating toolbar shown near a selection in the reader: colours, note, tag, cite,
related documents."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtWidgets import QApplication, QFrame, QHBoxLayout, QToolButton, QWidget

from briefreader.core.models import COLORS
from briefreader.gui import colors


class SelectionToolbar(QFrame):
    """Child of the reader's viewport; never takes focus, so the selection stays."""

    color_chosen = Signal(str)
    note_chosen = Signal()
    tag_chosen = Signal()
    cite_chosen = Signal()
    related_chosen = Signal()  # More Like This passage

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("selectionToolbar")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setFont(QApplication.font())  # not the reader's body font
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.setSpacing(1)
        self.buttons: dict[str, QToolButton] = {}
        for number, color in enumerate(COLORS, start=1):
            button = self._button("", f"Highlight {color} ({number})")
            button.setIcon(colors.swatch_icon(color, 16))
            button.setIconSize(QSize(16, 16))
            button.clicked.connect(lambda _=False, c=color: self.color_chosen.emit(c))
            layout.addWidget(button)
            self.buttons[color] = button
        note = self._button("Note", "Highlight and add a note (N)")
        note.clicked.connect(self.note_chosen)
        tag = self._button("Tag", "Highlight and tag the passage (T)")
        tag.clicked.connect(self.tag_chosen)
        cite = self._button("Cite", "Copy the passage's citation, with its page or section")
        cite.clicked.connect(self.cite_chosen)
        related = self._button("Related", "Documents like this passage (Ctrl+Shift+M)")
        related.clicked.connect(self.related_chosen)
        layout.addWidget(note)
        layout.addWidget(tag)
        layout.addWidget(cite)
        layout.addWidget(related)
        self.hide()

    def _button(self, text: str, tip: str) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.setAutoRaise(True)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        return button

    def show_near(self, selection_rect: QRect) -> None:
        """Place the bar just above the selection (below it when there is no room)."""
        self.adjustSize()
        parent = self.parentWidget()
        assert parent is not None  # made over the reader's viewport
        size = self.sizeHint()
        x = selection_rect.center().x() - size.width() // 2
        y = selection_rect.top() - size.height() - 6
        if y < 2:
            y = selection_rect.bottom() + 8
        x = max(4, min(x, parent.width() - size.width() - 4))
        y = max(2, min(y, parent.height() - size.height() - 2))
        self.move(QPoint(x, y))
        self.resize(size)
        self.show()
        self.raise_()
