"""The desktop GUI (PySide6). Importing it guards against a PySide6 6.12 refcount bug."""

from briefreader.gui.qt_compat import guard_refcount_bug

# Runs before any widget code: without it, CPython < 3.12 aborts after a few thousand Qt calls
# (see qt_compat). Cheap and idempotent.
guard_refcount_bug()
