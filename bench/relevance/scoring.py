"""nDCG@10, MRR@10 and P@5 of ranked lists against graded judgements (0-3).

- nDCG@k: DCG = sum over ranks i = 1..k of grade_i / log2(i + 1) (linear gain, as
  ``trec_eval``'s ``ndcg_cut``), divided by the DCG of the ideal ranking of *all* judged
  documents of the query (their grades sorted, best first, cut at k).
- MRR@k: 1 / rank of the first result with grade >= 2 within the top k, else 0.
- P@k: results with grade >= 2 among the top k, divided by k (fewer results count as misses).

With ``collapse`` (copies of one report, e.g. its markdown and its PDF), each group of
copies counts as one document: at the rank of its first file in the ranking, with the
highest grade of its files, and once in the ideal ranking; a second copy in the top 10 then
takes a slot without adding gain. The headline figures score the files as they are.

Unjudged documents count as grade 0. A path repeated in a ranking counts once, at its first
rank (later copies are dropped, as trec_eval does). A metric a query cannot score is left
out of that metric's means, as trec_eval leaves out queries without relevant documents:
nDCG when no judged document has grade >= 1, MRR and P@k when none has grade >= 2.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bench.relevance.collection import Query

RELEVANT = 2  # the grade from which a result counts for MRR and P@k
NDCG_K = 10
MRR_K = 10
P_K = 5
METRICS = ("ndcg10", "mrr10", "p5")


def dedupe(ranking: Sequence[str]) -> list[str]:
    """The ranking with repeated paths dropped (first occurrence kept)."""
    seen: set[str] = set()
    out = []
    for path in ranking:
        if path not in seen:
            seen.add(path)
            out.append(path)
    return out


def collapse_ranking(ranking: Sequence[str], groups: Mapping[str, str]) -> list[str]:
    """Each path replaced by its group id (when it has one); later copies dropped."""
    return dedupe([groups.get(p, p) for p in ranking])


def collapse_judged(judged: Mapping[str, int], groups: Mapping[str, str]) -> dict[str, int]:
    """Grades by group: the highest grade of the group's judged files."""
    out: dict[str, int] = {}
    for path, grade in judged.items():
        key = groups.get(path, path)
        out[key] = max(grade, out.get(key, 0))
    return out


def dcg(grades: Sequence[int], k: int) -> float:
    return sum(g / math.log2(i + 2) for i, g in enumerate(grades[:k]))


def ndcg_at(ranking: Sequence[str], judged: Mapping[str, int], k: int = NDCG_K) -> float | None:
    """nDCG@k; None when the query has no judged document with grade >= 1."""
    ideal = dcg(sorted(judged.values(), reverse=True), k)
    if ideal <= 0:
        return None
    return dcg([judged.get(p, 0) for p in dedupe(ranking)], k) / ideal


def has_relevant(judged: Mapping[str, int]) -> bool:
    return any(g >= RELEVANT for g in judged.values())


def mrr_at(ranking: Sequence[str], judged: Mapping[str, int], k: int = MRR_K) -> float | None:
    """MRR@k; None when the query has no judged document with grade >= 2."""
    if not has_relevant(judged):
        return None
    for rank, path in enumerate(dedupe(ranking)[:k], 1):
        if judged.get(path, 0) >= RELEVANT:
            return 1.0 / rank
    return 0.0


def precision_at(ranking: Sequence[str], judged: Mapping[str, int], k: int = P_K) -> float | None:
    """P@k; None when the query has no judged document with grade >= 2."""
    if not has_relevant(judged):
        return None
    hits = sum(1 for p in dedupe(ranking)[:k] if judged.get(p, 0) >= RELEVANT)
    return hits / k


def unjudged_at(ranking: Sequence[str], judged: Mapping[str, int], k: int = NDCG_K) -> int:
    """How many of the top k were never judged (a sign the pool missed something)."""
    return sum(1 for p in dedupe(ranking)[:k] if p not in judged)


@dataclass(frozen=True)
class QueryScore:
    ndcg10: float | None
    mrr10: float | None
    p5: float | None
    unjudged10: int


def score_query(ranking: Sequence[str], judged: Mapping[str, int]) -> QueryScore:
    return QueryScore(
        ndcg_at(ranking, judged),
        mrr_at(ranking, judged),
        precision_at(ranking, judged),
        unjudged_at(ranking, judged),
    )


def _mean(values: Sequence[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else None


def evaluate(
    queries: Sequence[Query],
    qrels: Mapping[str, Mapping[str, int]],
    runs: Mapping[str, Mapping[str, Sequence[str]]],
    collapse: Mapping[str, str] | None = None,
) -> dict:
    """Scores of every system: per query, per class and overall means.

    ``runs`` maps a system name to {query id: ranked relative paths}; a query missing
    from a run counts as an empty ranking. Queries without a defined nDCG (no judged
    document of grade >= 1) are listed in ``undefined`` and left out of every mean;
    ``no_relevant`` lists those left out of the MRR and P@5 means only. ``collapse``
    (path -> group id) scores copies of one report as one document.
    """
    if collapse:
        qrels = {qid: collapse_judged(j, collapse) for qid, j in qrels.items()}
        runs = {
            name: {qid: collapse_ranking(r, collapse) for qid, r in run.items()}
            for name, run in runs.items()
        }
    scored = [q for q in queries if ndcg_at([], qrels.get(q.id, {})) is not None]
    undefined = [q.id for q in queries if q not in scored]
    no_relevant = [q.id for q in scored if not has_relevant(qrels.get(q.id, {}))]
    result: dict = {
        "queries": len(scored),
        "undefined": undefined,
        "no_relevant": no_relevant,
        "systems": {},
    }
    for system, run in runs.items():
        per_query = {
            q.id: score_query(run.get(q.id, ()), qrels.get(q.id, {})).__dict__ for q in scored
        }
        classes: dict[str, list[str]] = {}
        for q in scored:
            classes.setdefault(q.cls, []).append(q.id)
        by_class = {
            cls: {m: _mean([per_query[i][m] for i in ids]) for m in METRICS} | {"n": len(ids)}
            for cls, ids in classes.items()
        }
        overall = {m: _mean([s[m] for s in per_query.values()]) for m in METRICS}
        overall["unjudged10"] = sum(s["unjudged10"] for s in per_query.values())
        result["systems"][system] = {
            "mean": overall,
            "by_class": by_class,
            "per_query": per_query,
        }
    return result
