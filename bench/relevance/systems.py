"""The three systems ranked on the relevance collection (each runs in a bench worker).

Every runner returns ``{"rankings": {query id: [relative paths, best first]}, ...}`` with
up to ``depth`` document paths per query, relative to the corpus folder, plus timings.

- **BriefReader**: ``Library.open(data_dir)``, ``add_folders([corpus])``, ``index()``, then
  ``search(SearchRequest(text=query, include_annotations=False, page_size=depth,
  collapse_works=False))`` with the query exactly as typed; the document hits' paths in
  order (files, as the peers rank them). ``rankings_by_work`` is the same search with one
  slot per work (the window's default): the "copies as one" scores use it.
- **SQLite FTS5 BM25**: text and title from the app's loader
  (``briefreader.core.formats.documents.load_document``, so it sees what BriefReader indexes),
  files listed like the bench baselines (``bench.parsing.iter_files``). One table
  ``fts5(path UNINDEXED, title, body, tokenize='porter unicode61')``, and for queries with
  Chinese characters a second table with ``tokenize='trigram'`` (unicode61 keeps a run of
  Chinese characters as one token, so it cannot find a word inside a sentence). Query: see
  ``fts5_query``. Ranked by ``bm25(docs, 0, 3.0, 1.0)``: a title match weighs three times
  a body match (fixed before any run, not tuned).
- **Recoll**: ``recollindex -c CONFDIR`` with ``topdirs = corpus`` (no copy), then
  ``recollq -c CONFDIR -F url -n 0-N query`` with the query as typed, in Recoll's default
  query language; the result URLs in order. Recoll also indexes folders as documents
  (``inode/directory``): those results are dropped, and so are files the other two do not
  index (suffixes outside ``bench.parsing.SUFFIXES``).
"""

from __future__ import annotations

import base64
import binascii
import os
import re
import shutil
import sqlite3
import subprocess
import time
from pathlib import Path

from bench.parsing import SUFFIXES, iter_files

DEPTH = 20
TITLE_WEIGHT = 3.0
RECOLL_TIMEOUT_S = 600

_CJK_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")
_CHUNK_RE = re.compile(r'"([^"]*)"?|(\S+)')
_WORD_CHAR_RE = re.compile(r"[^\W_]")
_OPERATORS = frozenset({"AND", "OR", "NOT"})


def relative(path: str, corpus: Path) -> str:
    """``path`` relative to ``corpus`` with '/' (unchanged when it lies outside)."""
    try:
        return Path(path).resolve().relative_to(corpus).as_posix()
    except ValueError:
        return path


# ---------------------------------------------------------------------- BriefReader


def app_rankings(corpus: str, data_dir: str, queries: dict[str, str], depth: int = DEPTH) -> dict:
    """Index ``corpus`` into a fresh data dir and rank every query through ``Library``."""
    from briefreader.core.library import Library
    from briefreader.core.models import KIND_DOCUMENT, SearchRequest

    root = Path(corpus).resolve()
    start = time.perf_counter()
    lib = Library.open(Path(data_dir))
    try:
        lib.add_folders([root])
        report = lib.index()
        index_s = time.perf_counter() - start
        rankings: dict[str, list[str]] = {}
        by_work: dict[str, list[str]] = {}
        messages: dict[str, str] = {}
        start = time.perf_counter()
        for qid, text in queries.items():
            request = SearchRequest(
                text=text, include_annotations=False, page_size=depth, collapse_works=False
            )
            results = lib.search(request)
            paths = [relative(h.path, root) for h in results.hits if h.kind == KIND_DOCUMENT]
            rankings[qid] = paths[:depth]
            said = "; ".join(m for m in (results.message, results.suggestion) if m)
            if said:
                messages[qid] = said
        search_s = time.perf_counter() - start
        for qid, text in queries.items():  # as the window lists them: one slot per work
            request = SearchRequest(text=text, include_annotations=False, page_size=depth)
            hits = lib.search(request).hits
            by_work[qid] = [relative(h.path, root) for h in hits if h.kind == KIND_DOCUMENT]
    finally:
        lib.close()
    return {
        "rankings": rankings,
        "rankings_by_work": by_work,
        "messages": messages,
        "docs": report.added,
        "skipped": [str(p) for p in report.skipped][:10],
        "index_s": index_s,
        "search_s": search_s,
    }


# ---------------------------------------------------------------------- SQLite FTS5


def fts5_terms(text: str) -> list[str]:
    """The user's words as FTS5 strings: one per quoted phrase or whitespace-separated word.

    Each becomes an FTS5 string (``"..."``), so FTS5's own tokenizer splits it and a word
    with punctuation inside (``U.S.C.``, ``Jean-Pierre``) becomes a phrase of its parts.
    ``word*`` keeps FTS5's prefix search. ``AND``/``OR``/``NOT`` are dropped (this
    baseline reads no operators) and so are chunks without a letter or digit (``§``).
    """
    terms: list[str] = []
    for match in _CHUNK_RE.finditer(text):
        phrase, word = match.groups()
        if phrase is not None:
            chunk, prefix = phrase, False
        else:
            if word in _OPERATORS:
                continue
            prefix = word.endswith("*")
            chunk = word.rstrip("*")
        if not _WORD_CHAR_RE.search(chunk):
            continue
        terms.append('"' + chunk.replace('"', "") + '"' + ("*" if prefix else ""))
    return terms


def fts5_query(text: str) -> tuple[str, str] | None:
    """(AND query, OR fallback) for ``text``; None when nothing searchable is left."""
    terms = fts5_terms(text)
    if not terms:
        return None
    return " ".join(terms), " OR ".join(terms)


def has_cjk(text: str) -> bool:
    return bool(_CJK_RE.search(text))


def _fts5_table(conn: sqlite3.Connection, name: str, tokenizer: str) -> None:
    conn.execute(
        f"CREATE VIRTUAL TABLE {name} USING fts5(path UNINDEXED, title, body, "
        f"tokenize='{tokenizer}')"
    )


def fts5_rankings(corpus: str, db_path: str, queries: dict[str, str], depth: int = DEPTH) -> dict:
    """Build the two FTS5 tables from the app loader's text, then rank every query."""
    from briefreader.core.formats.documents import load_document
    from briefreader.core.models import LoadError

    root = Path(corpus).resolve()
    start = time.perf_counter()
    conn = sqlite3.connect(db_path)
    _fts5_table(conn, "docs", "porter unicode61")
    _fts5_table(conn, "docs_cjk", "trigram")
    docs = 0
    skipped: list[str] = []
    with conn:
        for path in iter_files(root):
            try:
                doc = load_document(path)
            except LoadError as error:
                skipped.append(f"{relative(str(path), root)}: {error}")
                continue
            row = (relative(str(path), root), doc.title, doc.text)
            conn.execute("INSERT INTO docs (path, title, body) VALUES (?, ?, ?)", row)
            conn.execute("INSERT INTO docs_cjk (path, title, body) VALUES (?, ?, ?)", row)
            docs += 1
    index_s = time.perf_counter() - start
    rankings: dict[str, list[str]] = {}
    fallback: list[str] = []
    start = time.perf_counter()
    for qid, text in queries.items():
        table = "docs_cjk" if has_cjk(text) else "docs"
        sql = (
            f"SELECT path FROM {table} WHERE {table} MATCH ? "
            f"ORDER BY bm25({table}, 0.0, {TITLE_WEIGHT}, 1.0), rowid LIMIT {int(depth)}"
        )
        built = fts5_query(text)
        paths: list[str] = []
        if built is not None:
            paths = [r[0] for r in conn.execute(sql, (built[0],))]
            if not paths and built[1] != built[0]:
                fallback.append(qid)
                paths = [r[0] for r in conn.execute(sql, (built[1],))]
        rankings[qid] = paths
    search_s = time.perf_counter() - start
    conn.close()
    return {
        "rankings": rankings,
        "or_fallback": fallback,
        "docs": docs,
        "skipped": skipped[:10],
        "index_s": index_s,
        "search_s": search_s,
        "sqlite": sqlite3.sqlite_version,
    }


# ---------------------------------------------------------------------- Recoll


def recoll_available() -> str | None:
    """None when ``recollindex`` and ``recollq`` are on PATH, else what is missing."""
    missing = [name for name in ("recollindex", "recollq") if shutil.which(name) is None]
    return None if not missing else " and ".join(missing) + " not found (apt-get install recollcmd)"


def write_recoll_config(confdir: Path, corpus: Path) -> None:
    confdir.mkdir(parents=True, exist_ok=True)
    (confdir / "recoll.conf").write_text(
        f"topdirs = {corpus}\nnoaspell = 1\nloglevel = 3\n", encoding="utf-8"
    )


def parse_recollq_urls(output: str, corpus: Path) -> list[str]:
    """Relative paths of the files in ``recollq -F url`` output (base64, one a line)."""
    paths: list[str] = []
    for line in output.splitlines():
        token = line.strip().split(" ")[0] if line.strip() else ""
        if not token:
            continue
        try:
            url = base64.b64decode(token, validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError, ValueError):
            continue  # the query echo and the result count
        if not url.startswith("file://"):
            continue
        path = Path(url[len("file://") :])
        if path.suffix.lower() not in SUFFIXES:
            continue  # folders (Recoll indexes them as documents) and other files
        rel = relative(str(path), corpus)
        if rel not in paths:
            paths.append(rel)
    return paths


def _recoll_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("RECOLL_CONFDIR", None)
    return env


def recoll_rankings(corpus: str, confdir: str, queries: dict[str, str], depth: int = DEPTH) -> dict:
    """``recollindex`` over ``corpus`` into ``confdir``, then one ``recollq`` per query."""
    root = Path(corpus).resolve()
    conf = Path(confdir)
    write_recoll_config(conf, root)
    start = time.perf_counter()
    done = subprocess.run(
        ["recollindex", "-c", str(conf)],
        capture_output=True, text=True, timeout=RECOLL_TIMEOUT_S, env=_recoll_env(),
        stdin=subprocess.DEVNULL,
    )  # fmt: skip
    index_s = time.perf_counter() - start
    if done.returncode != 0:
        tail = done.stderr.strip().splitlines()[-1:] or [f"exit code {done.returncode}"]
        raise RuntimeError(f"recollindex failed: {tail[0][:300]}")
    version = re.search(r"Recoll (\S+) \+ Xapian (\S+)", done.stderr)
    rankings: dict[str, list[str]] = {}
    errors: dict[str, str] = {}
    start = time.perf_counter()
    for qid, text in queries.items():
        rankings[qid], error = _recollq(conf, root, text, depth)
        if error:
            errors[qid] = error
    search_s = time.perf_counter() - start
    return {
        "rankings": rankings,
        "errors": errors,
        "index_s": index_s,
        "search_s": search_s,
        "version": f"Recoll {version[1]}, Xapian {version[2]}" if version else None,
    }


def _recollq(conf: Path, root: Path, text: str, depth: int) -> tuple[list[str], str | None]:
    # Ask for more than depth: folder results are dropped afterwards.
    args = ["recollq", "-c", str(conf), "-F", "url", "-n", f"0-{depth * 3}", text]
    done = subprocess.run(
        args, capture_output=True, text=True, timeout=60, env=_recoll_env(),
        stdin=subprocess.DEVNULL,
    )  # fmt: skip
    paths = parse_recollq_urls(done.stdout, root)[:depth]
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines()
        return paths, (lines[-1] if lines else f"exit code {done.returncode}")[:200]
    return paths, None
