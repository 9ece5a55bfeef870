"""File formats: loaders that turn a file on disk into a Document (canonical text and blocks)."""
