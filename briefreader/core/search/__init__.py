"""Full-text search: ``index.SearchIndex`` (open-or-rebuild, writer, search) is the face;
the field table, analysis, query parsing, entries, snippets and results sit behind it.
Nothing outside this package imports Whoosh."""
