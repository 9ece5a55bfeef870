"""Build the judging pool: ``python -m bench.relevance.pool [--corpus DIR] [--sheets DIR]``.

For each query the pool is the union of the top 20 of BriefReader, SQLite FTS5 BM25 and
Recoll (the same runners as the bench task, each in a worker) plus every file whose text
(the app loader's canonical text, title included) matches one of the query's patterns in
``pool_terms.tsv`` (case-insensitive Python regular expressions: the key terms, grepped).
Writes ``pool.tsv`` (query id, path, who found it) and, with ``--sheets``, one judging sheet
per query: each pooled file's title and the passages where the key terms occur. Lists the
pooled pairs ``qrels.tsv`` does not judge yet (after a ranking change: judge those).
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

from bench.parsing import iter_files
from bench.relevance import collection
from bench.relevance.systems import DEPTH
from bench.relevance.task import find_corpus, run_systems

TERMS_FILE = collection.HERE / "pool_terms.tsv"
POOL_FILE = collection.HERE / "pool.tsv"
CONTEXT = 130
MAX_PASSAGES = 6


def load_terms(path: Path = TERMS_FILE) -> dict[str, list[re.Pattern[str]]]:
    terms: dict[str, list[re.Pattern[str]]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        qid, *patterns = line.split("\t")
        # A space in a pattern matches any run of white space (the text has no-break spaces).
        terms[qid] = [re.compile(p.replace(" ", r"\s+"), re.I) for p in patterns if p.strip()]
    return terms


def load_texts(corpus: Path) -> dict[str, tuple[str, str]]:
    """Relative path -> (title, canonical text) through the app's loader."""
    from briefreader.core.formats.documents import load_document
    from briefreader.core.models import LoadError

    texts = {}
    for path in iter_files(corpus):
        try:
            doc = load_document(path)
        except LoadError:
            continue
        texts[path.relative_to(corpus).as_posix()] = (doc.title, doc.text)
    return texts


def build_pool(
    queries: list[collection.Query],
    rankings: dict[str, dict[str, list[str]]],
    texts: dict[str, tuple[str, str]],
    terms: dict[str, list[re.Pattern[str]]],
) -> dict[str, dict[str, list[str]]]:
    """Query id -> path -> how it got in ("briefreader@3", "grep:5", ...)."""
    pool: dict[str, dict[str, list[str]]] = {}
    for q in queries:
        found: dict[str, list[str]] = {}
        for system, run in rankings.items():
            for rank, path in enumerate(run.get(q.id, [])[:DEPTH], 1):
                found.setdefault(path, []).append(f"{system}@{rank}")
        for path, (title, text) in texts.items():
            count = sum(len(p.findall(title + "\n" + text)) for p in terms.get(q.id, []))
            if count:
                found.setdefault(path, []).append(f"grep:{count}")
        pool[q.id] = found
    return pool


def _query_words(text: str) -> list[re.Pattern[str]]:
    """The query's own words (their first six letters) as extra passage markers."""
    words = re.findall(r"[^\W_]{4,}", text)
    return [re.compile(re.escape(w[:6]), re.I) for w in words if w.upper() not in ("AND", "NOT")]


def _sheet(q: collection.Query, found, texts, patterns) -> str:
    patterns = [*patterns, *_query_words(q.text)]
    lines = [f"# {q.id} [{q.cls}] {q.text}", q.need, ""]
    for path in sorted(found):
        title, text = texts.get(path, ("?", ""))
        lines.append(f"## {path}\n   title: {title}\n   found: {' '.join(found[path])}"
                     f"  ({len(text)} chars)")  # fmt: skip
        lines.append("   start: " + " ".join(text[:200].split()))
        shown = 0
        for pattern in patterns:
            for match in list(pattern.finditer(text))[:2]:
                if shown >= MAX_PASSAGES:
                    break
                a, b = max(0, match.start() - CONTEXT), match.end() + CONTEXT
                lines.append("   ... " + " ".join(text[a:b].split()))
                shown += 1
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.relevance.pool", description=__doc__)
    parser.add_argument("--corpus", type=Path, help="default: as the bench's relevance task")
    parser.add_argument("--out", type=Path, default=POOL_FILE)
    parser.add_argument("--sheets", type=Path, help="write one judging sheet per query here")
    args = parser.parse_args(argv)
    corpus, how = find_corpus(args.corpus)
    if corpus is None:
        print(f"pool: {how}", file=sys.stderr)
        return 2
    queries = collection.load_queries()
    terms = load_terms()
    with tempfile.TemporaryDirectory(prefix="relevance-pool-") as work:
        results = run_systems(corpus, Path(work), {q.id: q.text for q in queries}, DEPTH)
    for name, result in results.items():
        if "rankings" not in result:
            print(f"pool: {name} gave no rankings: {result}", file=sys.stderr)
    rankings = {k: r["rankings"] for k, r in results.items() if "rankings" in r}
    texts = load_texts(corpus)
    pool = build_pool(queries, rankings, texts, terms)
    rows = ["query_id\tpath\tfound_by"]
    for q in queries:
        rows += [f"{q.id}\t{p}\t{' '.join(pool[q.id][p])}" for p in sorted(pool[q.id])]
    args.out.write_text("\n".join(rows) + "\n", encoding="utf-8")
    print(f"pool: {len(rows) - 1} (query, document) pairs written to {args.out}")
    qrels, _ = collection.load_qrels()
    new = [(q.id, p) for q in queries for p in sorted(pool[q.id]) if p not in qrels.get(q.id, {})]
    print(f"pool: {len(new)} pairs not yet in {collection.QRELS_FILE.name}")
    for qid, path in new:
        print(f"  {qid}\t{path}")
    if args.sheets:
        args.sheets.mkdir(parents=True, exist_ok=True)
        for q in queries:
            sheet = _sheet(q, pool[q.id], texts, terms.get(q.id, []))
            (args.sheets / f"{q.id}.txt").write_text(sheet, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
