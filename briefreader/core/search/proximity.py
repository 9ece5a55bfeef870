"""The proximity bonus: query words that stand together, found together (see ``scoring``)."""

from __future__ import annotations

import heapq

from briefreader.core.search.engine import Engine
from briefreader.core.search.scoring import (
    PROXIMITY_WEIGHT,
    RERANK_DEPTH,
    Pair,
    Scores,
    bm25f,
    near_count,
)


def add_proximity(engine: Engine, scores: Scores, pairs: list[Pair]) -> None:
    """Add each pair's bonus to the best ``RERANK_DEPTH`` entries of ``scores``."""
    if not pairs or not scores:
        return
    top = set(heapq.nlargest(RERANK_DEPTH, scores, key=scores.__getitem__))
    for pair in dict.fromkeys(pairs):
        for docnum, bonus in pair_scores(engine, pair, top).items():
            scores[docnum] += bonus


def pair_scores(engine: Engine, pair: Pair, docnums: set[int]) -> Scores:
    """BM25F of how often the pair's words stand within its window, in ``docnums``."""
    tfs: list[tuple[str, float, Scores]] = []
    idf = 0.0
    for fieldname, weight in pair.fields:
        firsts = engine.positions(fieldname, pair.first, docnums)
        if not firsts:
            continue
        seconds = engine.positions(fieldname, pair.second, set(firsts))
        counts: Scores = {}
        for docnum, found in seconds.items():
            count = near_count(firsts[docnum], found, pair.window)
            if count:
                counts[docnum] = count / engine.length_norm(fieldname, docnum)
        if counts:
            tfs.append((fieldname, weight, counts))
            idf = max(idf, engine.idf(fieldname, pair.first) + engine.idf(fieldname, pair.second))
    return bm25f(tfs, idf, PROXIMITY_WEIGHT)
