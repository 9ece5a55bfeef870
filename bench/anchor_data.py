"""A long text, passages to anchor in it, and a deterministic edit of it (re-anchoring figure).

The edit mixes what happens to real briefings between versions: 25 annotated passages get
one word changed (fuzzy), then 40 paragraphs are inserted, 15 deleted and 5 moved
(offsets shift; some quotes move, a few vanish).
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence

from bench.generator import _Writer, plain_text

_WORD_RE = re.compile(r"\w+")


def original_text(size: int, seed: int) -> str:
    return plain_text(size, seed)


def make_spans(text: str, count: int, seed: int) -> list[tuple[int, int]]:
    """``count`` passages of 20-150 code points on word boundaries, within one paragraph."""
    rng = random.Random(seed)
    spans: list[tuple[int, int]] = []
    while len(spans) < count:
        at = rng.randrange(len(text) - 200)
        match = _WORD_RE.search(text, at)
        if match is None:
            continue
        start = match.start()
        end = start + rng.randint(20, 150)
        newline = text.find("\n", start, end)
        if newline != -1:
            end = newline
        while end > start and not text[end - 1].isalnum():
            end -= 1
        word_end = _WORD_RE.match(text, end - 1) if end > start else None
        end = word_end.end() if word_end else end
        if end - start >= 12 and text[start:end].strip():
            spans.append((start, end))
    return spans


def edited_text(text: str, anchors: Sequence, seed: int) -> str:
    """The text after a typical revision (see the module docstring)."""
    rng = random.Random(seed + 7)
    # Change one word inside 25 annotated passages (right to left keeps offsets valid).
    targets = sorted(rng.sample(range(len(anchors)), min(25, len(anchors))),
                     key=lambda i: -anchors[i].start)  # fmt: skip
    for i in targets:
        a = anchors[i]
        words = list(_WORD_RE.finditer(text, a.start, a.end))
        if not words:
            continue
        w = rng.choice(words)
        text = text[: w.start()] + "revised" + text[w.end() :]
    paragraphs = text.split("\n")
    writer = _Writer(seed + 11)
    topic = writer.topic()
    for _ in range(40):
        paragraphs.insert(rng.randrange(len(paragraphs) + 1), writer.paragraph(topic))
    for _ in range(15):
        del paragraphs[rng.randrange(len(paragraphs))]
    for _ in range(5):
        moved = paragraphs.pop(rng.randrange(len(paragraphs)))
        paragraphs.insert(rng.randrange(len(paragraphs) + 1), moved)
    return "\n".join(paragraphs)
