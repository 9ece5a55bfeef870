"""The ``relevance`` bench group: rank the collection's queries with the three systems.

BriefReader, SQLite FTS5 BM25 and Recoll each run in a fresh worker process over the same
corpus folder (read in place, never copied or changed), in one run. The rankings are scored
against ``qrels.tsv`` and written to ``relevance.json`` and ``relevance.md`` in
``--relevance-out`` (default ``bench/results``); the means also become figures of the bench
table.
"""

from __future__ import annotations

import time
from datetime import datetime, timezone
from pathlib import Path

from bench.context import Context, log
from bench.parsing import iter_files
from bench.records import Figure
from bench.relevance import collection, scoring
from bench.relevance.report import render_markdown
from bench.relevance.systems import DEPTH, recoll_available
from bench.report import write_json
from bench.runner import REPO_ROOT, run_task

SYSTEMS = {
    "briefreader": ("BriefReader", "relevance_app", "data_dir", ""),
    "fts5": ("SQLite FTS5 BM25", "relevance_fts5", "db_path", ".sqlite3"),
    "recoll": ("Recoll", "relevance_recoll", "confdir", ""),
}
CORPUS_CANDIDATES = ("../shared/corpus/real", "../../shared/corpus/real")
METRIC_UNITS = {"ndcg10": "nDCG@10", "mrr10": "MRR@10", "p5": "P@5"}
TASK_TIMEOUT_S = 1200


def find_corpus(explicit: Path | None) -> tuple[Path | None, str]:
    """The corpus folder and how it was chosen, or None and why not."""
    if explicit is not None:
        folder = explicit.expanduser()
        if folder.is_dir():
            return folder.resolve(), "--relevance-corpus"
        return None, f"--relevance-corpus {explicit} is not a folder"
    for candidate in CORPUS_CANDIDATES:
        folder = REPO_ROOT / candidate
        if folder.is_dir():
            return folder.resolve(), f"found at {candidate} from the repository"
    tried = ", ".join(CORPUS_CANDIDATES)
    return None, f"no corpus: give --relevance-corpus (tried {tried} from the repository)"


def run_systems(corpus: Path, work: Path, queries: dict[str, str], depth: int = DEPTH) -> dict:
    """Each system's result dict (rankings, timings) or ``{"error"|"skipped": why}``."""
    results: dict[str, dict] = {}
    for key, (label, task, where, suffix) in SYSTEMS.items():
        if key == "recoll" and (missing := recoll_available()):
            log(f"relevance: Recoll skipped: {missing}")
            results[key] = {"skipped": missing}
            continue
        log(f"relevance: {label} indexes {corpus} and ranks {len(queries)} queries")
        target = work / f"relevance-{key}{suffix}"
        start = time.perf_counter()
        result = run_task(
            task, timeout=TASK_TIMEOUT_S, corpus=str(corpus), queries=queries, depth=depth,
            **{where: str(target)},
        )  # fmt: skip
        result["wall_s"] = time.perf_counter() - start
        if "error" in result:
            log(f"relevance: {label} failed: {result['error']}")
        results[key] = result
    return results


def _corpus_check(corpus: Path, qrels: collection.Qrels) -> dict:
    files = {p.relative_to(corpus).as_posix() for p in iter_files(corpus)}
    judged = {path for judged in qrels.values() for path in judged}
    missing = sorted(judged - files)
    if missing:
        log(f"relevance: {len(missing)} judged files are not in {corpus} (a different corpus?)")
    return {"path": str(corpus), "files": len(files), "judged_missing": missing}


def evaluate_results(
    queries: list[collection.Query],
    qrels: collection.Qrels,
    results: dict[str, dict],
    copies: dict[str, str] | None = None,
) -> dict:
    runs = {k: r["rankings"] for k, r in results.items() if "rankings" in r}
    return scoring.evaluate(queries, qrels, runs, collapse=copies)


def _by_work(results: dict[str, dict]) -> dict[str, dict]:
    """The runs for "copies as one": a system that lists one slot per work (BriefReader's
    ``rankings_by_work``) is scored on that list, the others on their file rankings."""
    return {
        key: {**result, "rankings": result.get("rankings_by_work", result.get("rankings"))}
        if "rankings" in result
        else result
        for key, result in results.items()
    }


def copies_graded_apart(qrels: collection.Qrels, copies: dict[str, str]) -> list[str]:
    """Queries where two judged copies of one report got different grades (a judging slip)."""
    slips = []
    for qid, judged in qrels.items():
        grades: dict[str, set[int]] = {}
        for path, grade in judged.items():
            if path in copies:
                grades.setdefault(copies[path], set()).add(grade)
        slips += [f"{qid} {group}" for group, seen in grades.items() if len(seen) > 1]
    return slips


def _system_info(results: dict[str, dict]) -> dict:
    info = {}
    for key, result in results.items():
        kept = {k: v for k, v in result.items() if k not in ("rankings", "rankings_by_work", "rss")}
        info[key] = {"label": SYSTEMS[key][0], **kept}
    return info


def group_relevance(ctx: Context) -> list[Figure]:
    """Run, score and write the relevance results; the means as figures."""
    started = datetime.now(timezone.utc)
    corpus, how = find_corpus(ctx.relevance_corpus)
    if corpus is None:
        log(f"relevance: skipped: {how}")
        return [Figure("relevance.ndcg10", None, "nDCG@10", note=f"skipped: {how}")]
    queries = collection.load_queries()
    qrels, notes = collection.load_qrels()
    copies = collection.load_copies()
    corpus_info = _corpus_check(corpus, qrels) | {"chosen": how}
    results = run_systems(corpus, ctx.work, {q.id: q.text for q in queries})
    scores = evaluate_results(queries, qrels, results)
    collapsed = evaluate_results(queries, qrels, _by_work(results), copies)
    info = _collection_info(queries, qrels, notes)
    info["copies"] = {
        "groups": len(set(copies.values())),
        "graded_apart": copies_graded_apart(qrels, copies),
    }
    data = {
        "collection": info,
        "corpus": corpus_info,
        "run": {
            "started": started.isoformat(timespec="seconds"),
            "revision": ctx.revision,
            "duration_s": round((datetime.now(timezone.utc) - started).total_seconds(), 1),
            "depth": DEPTH,
            "systems": _system_info(results),
        },
        "scores": scores,
        "scores_copies_collapsed": collapsed,
        "rankings": {k: r["rankings"] for k, r in results.items() if "rankings" in r},
        "rankings_by_work": {
            k: r["rankings_by_work"] for k, r in results.items() if "rankings_by_work" in r
        },
    }
    out_dir = ctx.results_dir or (REPO_ROOT / "bench" / "results")
    write_json(out_dir / "relevance.json", data)
    (out_dir / "relevance.md").write_text(render_markdown(data, queries), encoding="utf-8")
    log(f"relevance: written {out_dir / 'relevance.json'} and relevance.md")
    return _figures(scores, results, collapsed)


def _collection_info(
    queries: list[collection.Query], qrels: collection.Qrels, notes: collection.Notes
) -> dict:
    grades = [g for judged in qrels.values() for g in judged.values()]
    classes: dict[str, int] = {}
    for q in queries:
        classes[q.cls] = classes.get(q.cls, 0) + 1
    return {
        "queries": len(queries),
        "by_class": classes,
        "judgements": len(grades),
        "by_grade": {str(g): grades.count(g) for g in range(collection.MAX_GRADE + 1)},
        "notes": len(notes),
        "files": {
            "queries": collection.QUERIES_FILE.relative_to(REPO_ROOT).as_posix(),
            "qrels": collection.QRELS_FILE.relative_to(REPO_ROOT).as_posix(),
            "copies": collection.COPIES_FILE.relative_to(REPO_ROOT).as_posix(),
        },
    }


def _figures(scores: dict, results: dict[str, dict], collapsed: dict) -> list[Figure]:
    def value(key: str, metric: str, of: dict = scores) -> float | None:
        return of["systems"].get(key, {}).get("mean", {}).get(metric)

    def why(key: str) -> str | None:
        result = results.get(key, {})
        reason = result.get("error") or result.get("skipped")
        if reason:
            return f"{SYSTEMS[key][0]}: {reason}"
        return None if scores["queries"] else "no query has judgements (qrels.tsv)"

    figures = []
    for metric, unit in METRIC_UNITS.items():
        figures.append(
            Figure(
                f"relevance.{metric}", value("briefreader", metric), unit,
                baseline=value("fts5", metric), baseline_name="SQLite FTS5 BM25",
                note=why("briefreader") or why("fts5"), samples=scores["queries"],
                extra={
                    "recoll": value("recoll", metric),
                    "copies_collapsed": {k: value(k, metric, collapsed) for k in SYSTEMS},
                },
            )
        )  # fmt: skip
    for metric, unit in METRIC_UNITS.items():
        figures.append(
            Figure(
                f"relevance.recoll.{metric}", value("recoll", metric), unit,
                baseline=value("fts5", metric), baseline_name="SQLite FTS5 BM25",
                note=why("recoll") or why("fts5"), samples=scores["queries"],
            )
        )  # fmt: skip
    return figures
