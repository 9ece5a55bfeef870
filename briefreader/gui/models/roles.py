"""Role names of the item models (what QML and model testers read)."""

from __future__ import annotations

from PySide6.QtCore import QByteArray


def role_names(base: dict[int, QByteArray], names: dict[int, bytes]) -> dict[int, QByteArray]:
    """Qt's own role names plus a model's."""
    return {**base, **{role: QByteArray(name) for role, name in names.items()}}
