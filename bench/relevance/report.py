"""``relevance.md``: the relevance results as readable tables."""

from __future__ import annotations

from collections.abc import Sequence

from bench.relevance.collection import CLASSES, Query

LABELS = {"briefreader": "BriefReader", "fts5": "FTS5 BM25", "recoll": "Recoll"}
METRIC_LABELS = {"ndcg10": "nDCG@10", "mrr10": "MRR@10", "p5": "P@5"}


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return [*lines, ""]


def render_markdown(data: dict, queries: Sequence[Query]) -> str:
    scores = data["scores"]
    systems = [k for k in LABELS if k in scores["systems"]]
    run = data["run"]
    info = run["systems"]
    coll = data["collection"]
    out = [
        "# Relevance: BriefReader, SQLite FTS5 BM25 and Recoll",
        "",
        f"Run {run['started']} at revision {run['revision'] or '?'}, "
        f"{run['duration_s']} s in all. Corpus: `{data['corpus']['path']}` "
        f"({data['corpus']['files']} files). Collection: {coll['queries']} queries, "
        f"{coll['judgements']} judgements (grades 0/1/2/3: "
        + "/".join(str(coll["by_grade"][g]) for g in ("0", "1", "2", "3"))
        + "). Written by `python -m bench --only relevance`; see `bench/relevance/README.md`.",
        "",
    ]
    for key, result in info.items():
        if key not in scores["systems"]:
            why = result.get("error") or result.get("skipped") or "no rankings"
            out += [f"**{result['label']} not measured:** {why}", ""]
    out += ["## Means over all queries", ""]
    collapsed = data.get("scores_copies_collapsed", {}).get("systems", {})
    rows = []
    for key in systems:
        mean = scores["systems"][key]["mean"]
        flat = collapsed.get(key, {}).get("mean", {})
        rows.append((
            LABELS[key], _num(mean["ndcg10"]), _num(mean["mrr10"]), _num(mean["p5"]),
            _num(flat.get("ndcg10")), _num(flat.get("p5")), str(mean["unjudged10"]),
            f"{info[key].get('index_s', 0):.1f}", f"{info[key].get('search_s', 0):.2f}",
        ))  # fmt: skip
    header = ("system", "nDCG@10", "MRR@10", "P@5", "nDCG@10 (copies as one)",
              "P@5 (copies as one)", "unjudged in top 10", "index s", "queries s")  # fmt: skip
    out += _table(header, rows)
    out += [
        f"MRR@10 and P@5 leave out {', '.join(scores['no_relevant']) or 'no query'} "
        '(nothing judged 2 or 3). "Copies as one" scores a CRS report\'s markdown and PDF '
        "as one document (`copies.tsv`): the second copy in the top 10 then earns nothing.",
        "",
    ]
    for metric, label in METRIC_LABELS.items():
        out += [f"## {label} by class", ""]
        rows = []
        for cls in CLASSES:
            first = scores["systems"][systems[0]]["by_class"].get(cls) if systems else None
            if not first:
                continue
            cells = [scores["systems"][k]["by_class"][cls][metric] for k in systems]
            rows.append((cls, str(first["n"]), *(_num(v) for v in cells)))
        out += _table(("class", "queries", *(LABELS[k] for k in systems)), rows)
    out += ["## nDCG@10 per query", ""]
    rows = []
    for q in queries:
        if q.id in scores["undefined"]:
            continue
        cells = [scores["systems"][k]["per_query"][q.id]["ndcg10"] for k in systems]
        rows.append((q.id, q.cls, f"`{q.text}`", *(_num(v) for v in cells)))
    out += _table(("id", "class", "query", *(LABELS[k] for k in systems)), rows)
    if scores["undefined"]:
        out += [
            "Left out (no judged document of grade >= 1): " + ", ".join(scores["undefined"]),
            "",
        ]
    fallback = info.get("fts5", {}).get("or_fallback") or []
    if fallback:
        out += ["FTS5 used its OR fallback (no document had every word) for: "
                + ", ".join(fallback), ""]  # fmt: skip
    messages = info.get("briefreader", {}).get("messages") or {}
    if messages:
        out += ["BriefReader's messages and suggestions:", ""]
        out += [f"- {qid}: {_cell(text)}" for qid, text in messages.items()] + [""]
    errors = info.get("recoll", {}).get("errors") or {}
    if errors:
        out += ["Recoll query errors:", ""]
        out += [f"- {qid}: {_cell(text)}" for qid, text in errors.items()] + [""]
    return "\n".join(out).rstrip() + "\n"
