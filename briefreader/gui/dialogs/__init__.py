"""Dialogs of the main window: preferences, shortcuts, tag and note editors, import problems."""
