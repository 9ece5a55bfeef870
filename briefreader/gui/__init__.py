"""The desktop GUI (PySide6): windows, panes, item models, background tasks."""
