"""The window's actions by name, and how one is made (with its shortcuts and tip)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QWidget

Keys = str | QKeySequence.StandardKey


@dataclass
class WindowActions:
    """Every action of the window, by name; ``groups`` feeds the shortcuts dialog."""

    by_name: dict[str, QAction] = field(default_factory=dict)
    groups: list[tuple[str, list[QAction]]] = field(default_factory=list)
    theme_group: QActionGroup | None = None

    def __getitem__(self, name: str) -> QAction:
        return self.by_name[name]


def make_action(
    parent: QWidget,
    text: str,
    slot: Callable[[], object] | None = None,
    keys: tuple[Keys, ...] = (),
    tip: str = "",
    context: Qt.ShortcutContext = Qt.ShortcutContext.WindowShortcut,
) -> QAction:
    action = QAction(text, parent)
    sequences: list[QKeySequence] = []
    for key in keys:
        sequence = QKeySequence(key)
        if not sequence.isEmpty() and sequence not in sequences:
            sequences.append(sequence)
    if sequences:
        action.setShortcuts(sequences)
        action.setShortcutContext(context)
    if tip:
        action.setStatusTip(tip)
        action.setToolTip(tip)
    if slot is not None:
        action.triggered.connect(lambda _checked=False: slot())
    return action
