"""The main window's parts: actions and menus, wiring, background indexing, annotating."""
