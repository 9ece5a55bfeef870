"""Reference implementations measured beside the app in the same run.

*naive Whoosh*: what a straightforward implementation does. One schema with the stock
``StemmingAnalyzer``, body stored, one writer and a single commit at the end of a build,
``update_document`` for changed files, ``MultifieldParser(title, body)`` with the fuzzy
plugin, ``hit.highlights("body")`` for snippets, one searcher reused across queries.

*SQLite FTS5*: stdlib ``sqlite3``, ``tokenize='porter unicode61'``, one transaction for a
build, ``snippet()`` for snippets, ``ORDER BY rank``.

Both parse files with ``bench.parsing.make_parser`` (the app's loader when it imports).
Each function returns a plain dict so it can run in a worker subprocess.
"""

from __future__ import annotations

import gc
import sqlite3
import time
from collections.abc import Sequence
from pathlib import Path

from bench.parsing import iter_files, make_parser
from bench.queries import time_queries
from bench.rss import current_rss_mb

FTS5_SCHEMA = (
    "CREATE VIRTUAL TABLE docs USING fts5("
    "path UNINDEXED, title, body, tags, source, date UNINDEXED, "
    "tokenize='porter unicode61')"
)
FTS5_SEARCH = (
    "SELECT path, title, snippet(docs, 2, '[', ']', '…', 16) FROM docs "
    "WHERE docs MATCH ? ORDER BY rank LIMIT 10"
)


def _settled_rss() -> float | None:
    """RSS after a garbage collection and a short pause (what an idle process holds)."""
    gc.collect()
    time.sleep(0.3)
    return current_rss_mb()


# ---------------------------------------------------------------------- naive Whoosh


def _whoosh_schema():
    from whoosh.analysis import StemmingAnalyzer
    from whoosh.fields import ID, KEYWORD, TEXT, Schema

    return Schema(
        path=ID(stored=True, unique=True),
        title=TEXT(stored=True, analyzer=StemmingAnalyzer()),
        body=TEXT(stored=True, analyzer=StemmingAnalyzer()),
        tags=KEYWORD(stored=True, commas=True, lowercase=True, scorable=True),
        source=ID(stored=True),
        date=ID(stored=True),
    )


def _whoosh_fields(parsed) -> dict[str, str]:
    return {
        "path": parsed.path,
        "title": parsed.title,
        "body": parsed.text,
        "tags": ",".join(parsed.tags),
        "source": parsed.source,
        "date": parsed.date,
    }


def naive_build(corpus: str, index_dir: str, parser_mode: str = "auto") -> dict:
    """Fresh index of every file under ``corpus``: one writer, one commit."""
    from whoosh import index

    parse, parser_name = make_parser(parser_mode)
    start = time.perf_counter()
    Path(index_dir).mkdir(parents=True, exist_ok=True)
    ix = index.create_in(index_dir, _whoosh_schema())
    writer = ix.writer()
    docs = skipped = 0
    for path in iter_files(Path(corpus)):
        parsed = parse(path)
        if parsed is None:
            skipped += 1
            continue
        writer.add_document(**_whoosh_fields(parsed))
        docs += 1
    writer.commit()
    seconds = time.perf_counter() - start
    ix.close()
    return {"seconds": seconds, "docs": docs, "skipped": skipped, "parser": parser_name}


def naive_update(index_dir: str, paths: Sequence[str], parser_mode: str = "auto") -> dict:
    """Re-parse the changed files and ``update_document`` each; one commit."""
    from whoosh import index

    parse, _ = make_parser(parser_mode)
    ix = index.open_dir(index_dir)
    start = time.perf_counter()
    writer = ix.writer()
    for path in paths:
        parsed = parse(Path(path))
        if parsed is not None:
            writer.update_document(**_whoosh_fields(parsed))
    writer.commit()
    seconds = time.perf_counter() - start
    ix.close()
    return {"seconds": seconds}


def naive_search(index_dir: str, queries: Sequence[str], repeat: int) -> dict:
    """Latency of each query with title and highlights for the top 10."""
    from whoosh import index
    from whoosh.qparser import FuzzyTermPlugin, MultifieldParser

    ix = index.open_dir(index_dir)
    parser = MultifieldParser(["title", "body"], ix.schema)
    parser.add_plugin(FuzzyTermPlugin())
    with ix.searcher() as searcher:

        def run(text: str) -> int:
            results = searcher.search(parser.parse(text), limit=10)
            for hit in results:
                _ = hit["title"], hit.highlights("body")
            return results.scored_length()

        latencies, totals = time_queries(run, queries, repeat)
    ix.close()
    return {"latencies": latencies, "totals": totals}


def naive_idle(index_dir: str, term: str) -> dict:
    """Open the index and answer one query; the worker then reports RSS."""
    result = naive_search(index_dir, [term], 1)
    return {"hits": result["totals"][0], "idle_rss_mb": _settled_rss()}


# ---------------------------------------------------------------------- SQLite FTS5


def _fts5_row(parsed) -> tuple[str, ...]:
    return (parsed.path, parsed.title, parsed.text, " ".join(parsed.tags), parsed.source)


def fts5_build(corpus: str, db_path: str, parser_mode: str = "auto") -> dict:
    """Fresh FTS5 table of every file under ``corpus`` in one transaction."""
    parse, parser_name = make_parser(parser_mode)
    start = time.perf_counter()
    conn = sqlite3.connect(db_path)
    conn.execute(FTS5_SCHEMA)
    conn.execute("CREATE TABLE files (id INTEGER PRIMARY KEY, path TEXT UNIQUE)")
    docs = skipped = 0
    with conn:
        for path in iter_files(Path(corpus)):
            parsed = parse(path)
            if parsed is None:
                skipped += 1
                continue
            docs += 1
            conn.execute("INSERT INTO files (id, path) VALUES (?, ?)", (docs, parsed.path))
            conn.execute(
                "INSERT INTO docs (rowid, path, title, body, tags, source, date) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (docs, *_fts5_row(parsed), parsed.date),
            )
    seconds = time.perf_counter() - start
    conn.close()
    return {"seconds": seconds, "docs": docs, "skipped": skipped, "parser": parser_name}


def fts5_update(db_path: str, paths: Sequence[str], parser_mode: str = "auto") -> dict:
    """Re-parse the changed files and rewrite their rows; one transaction."""
    parse, _ = make_parser(parser_mode)
    conn = sqlite3.connect(db_path)
    start = time.perf_counter()
    with conn:
        for path in paths:
            parsed = parse(Path(path))
            row = conn.execute("SELECT id FROM files WHERE path = ?", (str(path),)).fetchone()
            if parsed is None or row is None:
                continue
            conn.execute(
                "UPDATE docs SET title = ?, body = ?, tags = ?, source = ? WHERE rowid = ?",
                (*_fts5_row(parsed)[1:], row[0]),
            )
    seconds = time.perf_counter() - start
    conn.close()
    return {"seconds": seconds}


def fts5_search(db_path: str, queries: Sequence[str], repeat: int) -> dict:
    """Latency of each query with snippet() for the top 10."""
    conn = sqlite3.connect(db_path)
    errors = 0

    def run(text: str) -> int:
        nonlocal errors
        try:
            return len(conn.execute(FTS5_SEARCH, (text,)).fetchall())
        except sqlite3.OperationalError:
            errors += 1
            return 0

    latencies, totals = time_queries(run, queries, repeat)
    conn.close()
    return {"latencies": latencies, "totals": totals, "errors": errors}


def fts5_idle(db_path: str, term: str) -> dict:
    result = fts5_search(db_path, [term], 1)
    return {"hits": result["totals"][0], "idle_rss_mb": _settled_rss()}


def scandir_walk(root: str) -> dict:
    """The floor for any rescan: walk with ``os.scandir`` and stat every file."""
    import os

    start = time.perf_counter()
    files = 0
    stack = [root]
    while stack:
        with os.scandir(stack.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                elif entry.is_file():
                    st = entry.stat()
                    _ = st.st_size, st.st_mtime
                    files += 1
    return {"seconds": time.perf_counter() - start, "files": files}
