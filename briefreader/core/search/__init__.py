"""Helpers behind ``briefreader.core.search.index.SearchIndex``: analysis, query parsing, snippets.

These modules are pure Python; only ``core/index.py`` talks to Whoosh.
"""
