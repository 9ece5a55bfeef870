"""Deterministic synthetic briefing corpus: Markdown with YAML front matter.

Same seed -> byte-identical files. Everything comes from one ``random.Random(seed)`` stream
consumed in a fixed order, and files are written as UTF-8 with ``\\n`` newlines, so the
output does not depend on the platform, the locale or the Python hash seed.
"""

from __future__ import annotations

import itertools
import random
import re
import string
from dataclasses import dataclass
from pathlib import Path

from bench import vocab

DEFAULT_SEED = 20240611
DEFAULT_DOC_BYTES = 6000
FILES_PER_FOLDER = 500

_CUM_COMMON = list(itertools.accumulate(1.0 / (rank + 1) for rank in range(len(vocab.COMMON))))
_SLUG_RE = re.compile(r"[^a-z0-9]+")

_TEMPLATE_TEXTS: tuple[str, ...] = (
    "On {date}, the {agency} {verb} a {noun} on {term} affecting {country}.",
    "The {noun} would {vbase} {term} worth ${money} billion in {year}.",
    "{Country} {verb} its {noun} on {term}, a step {analysts} described as {adj}.",
    "According to the {agency}, {term} accounted for {pct} percent of {country}'s imports.",
    "{Analysts} expect the {noun} to {vbase} {term} and {term2} over the next {num} months.",
    "The {agency} said the {noun} covers {num} entities added to the Entity List.",
    "Under Section 301, tariffs of {pct} percent apply to {term} from {country}.",
    "The effect on {term} remains {adj}, with {analysts} pointing to {term2}.",
    "A {adj} {noun} on {term} took effect on {date} after a {num}-day comment period.",
    "{Country} and {country2} {verb} {adj} talks on {term} in {year}.",
    "Shipments of {term} fell {pct} percent year on year, to ${money} billion.",
    "The {agency} {verb} guidance under 15 CFR {cfr} clarifying {term}.",
)
_TEMPLATES: tuple[tuple[str, tuple[str, ...]], ...] = tuple(
    (text, tuple(dict.fromkeys(f for _, f, _, _ in string.Formatter().parse(text) if f)))
    for text in _TEMPLATE_TEXTS
)
_LISTS: dict[str, tuple[str, ...]] = {
    "agency": vocab.AGENCIES,
    "verb": vocab.VERBS_PAST,
    "vbase": vocab.VERBS_BASE,
    "noun": vocab.NOUNS,
    "term2": vocab.POLICY_TERMS,
    "country": vocab.COUNTRIES,
    "country2": vocab.COUNTRIES,
    "analysts": vocab.ANALYSTS,
    "adj": vocab.ADJECTIVES,
}
_CAPITALISED = frozenset({"Country", "Analysts"})
_PERCENTS = ("10", "15", "20", "25", "50", "100", "3", "7", "35", "60")
_CFR_PARTS = ("734", "740", "742", "744", "746", "748")


@dataclass(frozen=True)
class GeneratedCorpus:
    """What ``generate_corpus`` wrote."""

    root: Path
    files: tuple[Path, ...]
    total_bytes: int
    seed: int


class _Writer:
    """Builds sentences, paragraphs and documents from one random stream."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    # ------------------------------------------------------------------ pieces

    def pick(self, seq: tuple[str, ...]) -> str:
        return seq[int(self.rng.random() * len(seq))]

    def between(self, lo: int, hi: int) -> int:
        """An int in [lo, hi] (cheaper than ``randint``)."""
        return lo + int(self.rng.random() * (hi - lo + 1))

    def date(self) -> str:
        return f"{self.between(2018, 2025)}-{self.between(1, 12):02d}-{self.between(1, 28):02d}"

    def filler(self, topic: tuple[str, ...]) -> str:
        r = self.rng
        words = r.choices(vocab.COMMON, cum_weights=_CUM_COMMON, k=self.between(9, 22))
        words.insert(int(r.random() * len(words)), self.pick(topic))
        if r.random() < 0.4:
            words.insert(int(r.random() * len(words)), self.pick(vocab.POLICY_TERMS))
        text = " ".join(words)
        return text[0].upper() + text[1:] + "."

    def slot(self, name: str, topic: tuple[str, ...]) -> str:
        """A value for one template field."""
        if name == "term":
            return self.pick(topic)
        if name in _CAPITALISED:
            value = self.slot(name.lower(), topic)
            return value[0].upper() + value[1:]
        if name in _LISTS:
            return self.pick(_LISTS[name])
        if name == "date":
            return self.date()
        if name == "money":
            return f"{self.between(1, 480)}.{self.between(0, 9)}"
        if name == "pct":
            return self.pick(_PERCENTS)
        if name == "year":
            return str(self.between(2018, 2026))
        if name == "cfr":
            return f"{self.pick(_CFR_PARTS)}.{self.between(1, 23)}"
        return str(self.between(2, 140))  # num

    def templated(self, topic: tuple[str, ...]) -> str:
        template, fields = _TEMPLATES[int(self.rng.random() * len(_TEMPLATES))]
        text = template.format(**{name: self.slot(name, topic) for name in fields})
        return text[0].upper() + text[1:]

    def sentence(self, topic: tuple[str, ...]) -> str:
        return self.templated(topic) if self.rng.random() < 0.55 else self.filler(topic)

    def paragraph(self, topic: tuple[str, ...], lo: int = 3, hi: int = 6) -> str:
        return " ".join(self.sentence(topic) for _ in range(self.between(lo, hi)))

    def table(self, topic: tuple[str, ...]) -> str:
        r = self.rng
        years = sorted(r.sample(range(2018, 2026), 3))
        lines = ["| Item | " + " | ".join(map(str, years)) + " |", "|---|---:|---:|---:|"]
        for term in r.sample(topic, min(len(topic), self.between(2, 4))):
            cells = " | ".join(f"{self.between(1, 900)}.{self.between(0, 9)}" for _ in years)
            lines.append(f"| {term} | {cells} |")
        return "\n".join(lines)

    def bullets(self, topic: tuple[str, ...]) -> str:
        r = self.rng
        marker = "1." if r.random() < 0.3 else "-"
        return "\n".join(f"{marker} {self.sentence(topic)}" for _ in range(self.between(3, 6)))

    def section(self, topic: tuple[str, ...]) -> str:
        r = self.rng
        heading = r.choice(("Background", "Key measures", "Analysis", "Implications", "Outlook"))
        parts = [f"## {heading}: {self.pick(topic)}", self.paragraph(topic)]
        roll = r.random()
        if roll < 0.35:
            parts.append(self.bullets(topic))
        elif roll < 0.47:
            parts.append(self.table(topic))
        elif roll < 0.55:
            parts.append("> " + self.sentence(topic))
        parts.append(self.paragraph(topic))
        return "\n\n".join(parts)

    # ------------------------------------------------------------------ documents

    def topic(self) -> tuple[str, ...]:
        return tuple(self.rng.sample(vocab.POLICY_TERMS, 3))

    def body(self, topic: tuple[str, ...], size: int) -> str:
        parts: list[str] = []
        length = 0
        while length < size:
            part = self.section(topic)
            parts.append(part)
            length += len(part.encode("utf-8")) + 2
        return "\n\n".join(parts)

    def document(self, number: int, size: int) -> tuple[str, str]:
        """One briefing: (relative path, Markdown text)."""
        r = self.rng
        topic = self.topic()
        date = self.date()
        source = r.choice(vocab.SOURCES)
        agency = r.choice(vocab.AGENCIES)
        title = f"{agency} {r.choice(vocab.VERBS_PAST)} {r.choice(vocab.NOUNS)} on {topic[0]}"
        tags = sorted(set(r.sample(vocab.TAGS, r.randint(1, 4))))
        summary = self.paragraph(topic, 2, 3)
        body = self.body(topic, size - len(summary) - 800)
        text = (
            "---\n"
            f'title: "{title}"\n'
            f"date: {date}\n"
            f"source: {source}\n"
            f"tags: [{', '.join(tags)}]\n"
            "---\n\n"
            f"# {title}\n\n"
            f"*{source}, {date}.* {summary}\n\n"
            f"{body}\n"
        )
        slug = _SLUG_RE.sub("-", title.lower()).strip("-")[:60]
        folder = f"{date[:4]}/batch-{number // FILES_PER_FOLDER:03d}"
        return f"{folder}/{date}-{slug}-{number:05d}.md", text


def generate_corpus(
    root: Path, n: int, seed: int = DEFAULT_SEED, doc_bytes: int = DEFAULT_DOC_BYTES
) -> GeneratedCorpus:
    """Write ``n`` briefing documents under ``root`` (created when missing)."""
    writer = _Writer(seed)
    files: list[Path] = []
    total = 0
    made: set[Path] = set()
    for number in range(n):
        size = max(1500, int(writer.rng.gauss(doc_bytes, doc_bytes * 0.2)))
        rel, text = writer.document(number, size)
        path = root / rel
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        data = text.encode("utf-8")
        path.write_bytes(data)
        files.append(path)
        total += len(data)
    return GeneratedCorpus(root, tuple(files), total, seed)


def large_markdown(size: int = 200_000, seed: int = DEFAULT_SEED) -> str:
    """A long Markdown briefing of about ``size`` bytes (for the reader figures)."""
    writer = _Writer(seed + 1)
    topic = tuple(writer.rng.sample(vocab.POLICY_TERMS, 6))
    return f"# Annual review of {topic[0]}\n\n{writer.body(topic, size)}\n"


def plain_text(size: int = 1_000_000, seed: int = DEFAULT_SEED) -> str:
    """About ``size`` characters of paragraphs separated by newlines (for re-anchoring)."""
    writer = _Writer(seed + 2)
    topic = tuple(writer.rng.sample(vocab.POLICY_TERMS, 8))
    parts: list[str] = []
    length = 0
    while length < size:
        part = writer.paragraph(topic)
        parts.append(part)
        length += len(part) + 1
    return "\n".join(parts)
