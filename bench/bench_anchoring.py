"""Timing of re-anchoring: a ~1 MB text, 500 anchors, an edited version, resolve_many.

Run: ``.venv/bin/python bench/bench_anchoring.py [--size 1000000] [--anchors 500]``.
Prints figures; not a test (timings belong here, not in assertions).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from briefreader.core.anchoring import make_anchor, resolve, resolve_many
from briefreader.core.models import Anchor, AnchorStatus

VOCABULARY = (
    "the of and to in a is that for on with as by are this be it from or at which an "
    "policy tariff export control semiconductor committee agreed government ministry "
    "trade agreement security supply chain regulation commerce data vehicle market "
    "analysis report finding evidence growth investment sanction license review rule "
    "department federal national international cooperation dialogue industry public "
    "framework strategy risk impact measure standard technology advanced computing"
)
WORDS = VOCABULARY.split()


def make_text(rng: random.Random, size: int) -> str:
    """Paragraphs of pseudo-English sentences, about ``size`` code points."""
    paragraphs, total = [], 0
    while total < size:
        sentences = []
        for _ in range(rng.randint(2, 6)):
            words = [rng.choice(WORDS) for _ in range(rng.randint(6, 22))]
            sentences.append(" ".join(words).capitalize() + ".")
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        total += len(paragraph) + 1
    return "\n".join(paragraphs)


def make_anchors(rng: random.Random, text: str, count: int) -> list[Anchor]:
    anchors = []
    for _ in range(count):
        start = rng.randrange(0, len(text) - 400)
        start = text.index(" ", start) + 1
        end = text.index(" ", start + rng.randint(15, 250))
        anchors.append(make_anchor(text, start, end, "v1"))
    return anchors


def apply(text: str, edits: list[tuple[int, int, str]]) -> str:
    """Apply (position, deleted length, inserted text) edits, given in any order."""
    for pos, deleted, inserted in sorted(edits, reverse=True):
        text = text[:pos] + inserted + text[pos + deleted :]
    return text


def shift(edits: list[tuple[int, int, str]], offset: int) -> int:
    return offset + sum(len(ins) - dl for pos, dl, ins in edits if pos + dl <= offset)


def build_edits(rng: random.Random, text: str, anchors: list[Anchor]):
    """Insertions above everything, changed words in 10 quotes, 5 deleted passages."""
    edits: list[tuple[int, int, str]] = [(0, 0, make_text(rng, 3000) + "\n")]
    expected: dict[int, str] = {}
    busy: list[tuple[int, int]] = [(0, 1)]

    def free(lo: int, hi: int) -> bool:
        return all(hi <= a or b <= lo for a, b in busy)

    order = list(range(len(anchors)))
    rng.shuffle(order)
    changed = deleted = 0
    for i in order:
        a = anchors[i]
        if changed < 10 and free(a.start - 40, a.end + 40):
            words = [
                (m, m + len(w)) for m, w in _words(a.exact) if len(w) > 3 and 0 < m < len(a.exact)
            ]
            if words:
                lo, hi = rng.choice(words)
                edits.append((a.start + lo, hi - lo, "REVISED"))
                busy.append((a.start - 40, a.end + 40))
                expected[i] = "fuzzy"
                changed += 1
                continue
        if deleted < 5 and free(a.start - 200, a.end + 200):
            lo = text.rfind("\n", 0, a.start) + 1
            hi = text.find("\n", a.end)
            if hi - lo < 3000 and free(lo - 40, hi + 40):
                edits.append((lo, hi - lo + 1, ""))
                busy.append((lo - 40, hi + 40))
                deleted += 1
    for _ in range(20):  # sentences inserted between paragraphs elsewhere
        pos = text.find("\n", rng.randrange(len(text))) + 1
        if pos > 0 and free(pos - 40, pos + 40):
            edits.append((pos, 0, "An inserted sentence about trade. "))
            busy.append((pos - 1, pos + 1))
    for i, a in enumerate(anchors):
        if i in expected:
            continue
        expected[i] = "exact"
        for pos, dl, _ in edits:
            if dl and pos <= a.start and a.end <= pos + dl:
                expected[i] = "orphaned"
                break
            if pos < a.end and a.start < pos + max(dl, 1) and (dl or pos > a.start):
                expected[i] = "touched"  # an edit made for another anchor falls inside
    return edits, expected


def _words(text: str):
    pos = 0
    for word in text.split(" "):
        yield pos, word
        pos += len(word) + 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--anchors", type=int, default=500)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    text = make_text(rng, args.size)
    anchors = make_anchors(rng, text, args.anchors)
    edits, expected = build_edits(rng, text, anchors)
    new_text = apply(text, edits)
    print(f"text: {len(text):,} -> {len(new_text):,} code points, {len(anchors)} anchors")
    print(f"edits: {len(edits)}; expected: {dict(Counter(expected.values()))}")

    versions = {"v1": text}.get  # the text the anchors were made on, as an index run has it
    t0 = time.perf_counter()
    unchanged = resolve_many(anchors, text, versions)
    t1 = time.perf_counter()
    results = resolve_many(anchors, new_text, versions)
    t2 = time.perf_counter()
    singles = [resolve(a, new_text) for a in anchors]
    t3 = time.perf_counter()
    blind = resolve_many(anchors, new_text)
    t4 = time.perf_counter()

    print(f"resolve_many, unchanged text: {1000 * (t1 - t0):8.1f} ms")
    print(f"resolve_many, edited text:    {1000 * (t2 - t1):8.1f} ms")
    print(f"resolve one by one, edited:   {1000 * (t3 - t2):8.1f} ms")
    print(f"resolve_many, old text not known (twins looked for everywhere): "
          f"{1000 * (t4 - t3):8.1f} ms")  # fmt: skip
    assert [r.status for r in blind] == [r.status for r in results]
    print(f"statuses: {dict(Counter(str(r.status) for r in results))}")
    edited = Counter(str(r.status) for i, r in enumerate(results) if expected[i] == "fuzzy")
    print(f"quotes with a word replaced: {dict(edited)}")
    assert all(r.status is AnchorStatus.ANCHORED for r in unchanged)
    wrong = 0
    for i, (a, r) in enumerate(zip(anchors, results, strict=True)):
        kind = expected[i]
        if kind == "exact":
            ok = r.start == shift(edits, a.start) and new_text[r.start : r.end] == a.exact
        elif kind == "fuzzy":  # a word replaced: FUZZY near the old place, or ORPHANED
            near = r.start is not None and abs(r.start - shift(edits, a.start)) <= len(a.exact)
            ok = r.status is AnchorStatus.ORPHANED or (r.status is AnchorStatus.FUZZY and near)
        elif kind == "touched":
            ok = r.status in (AnchorStatus.FUZZY, AnchorStatus.ORPHANED)
        else:
            ok = r.status is AnchorStatus.ORPHANED
        if not ok:
            wrong += 1
            print(f"  unexpected for anchor {i} ({kind}): {r}")
    agree = sum(
        (s.status, s.start, s.end) == (r.status, r.start, r.end)
        for s, r in zip(singles, results, strict=True)
    )
    print(
        f"unexpected results: {wrong}; one-by-one agrees with resolve_many: {agree}/{len(anchors)}"
    )

    # A harder case: a tenth of the document cut out, so ~50 anchors search fuzzily and fail.
    lo = text.index("\n", len(text) // 2) + 1
    hi = text.index("\n", lo + len(text) // 10) + 1
    cut = text[:lo] + text[hi:]
    t0 = time.perf_counter()
    results = resolve_many(anchors, cut, versions)
    t1 = time.perf_counter()
    print(
        f"resolve_many, 10% of the text cut: {1000 * (t1 - t0):8.1f} ms; "
        f"statuses: {dict(Counter(str(r.status) for r in results))}"
    )


if __name__ == "__main__":
    main()
