"""Keeping the search index in step with the store and the files: changes, journal, runs."""
