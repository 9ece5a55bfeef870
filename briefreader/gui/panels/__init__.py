"""The panes around the reader: library, search, annotations and outline."""
