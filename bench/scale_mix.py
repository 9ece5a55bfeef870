"""A generated library with the mix of ``corpus/scale``: its folders, formats and sizes.

The numbers below were measured once on ``/work/shared/corpus/scale`` (2,003 files,
53 MB; December 2026) so that nothing here reads it: per source folder and format, the
file count and the deciles (0 %, 10 %, ..., 100 %) of the file size in bytes, and for the
PDFs the deciles of pages per file and text characters per page (pypdfium2). Text is the
generator's policy vocabulary; formats are written the way the sources are (Markdown with
front matter, plain text paragraphs, HTML with a ``<pre>`` body, text PDFs).

Shares are kept exactly for every N: document i gets the kind furthest behind its quota,
so even 60 documents include a PDF. Same seed, same bytes.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from bench import vocab
from bench.generator import DEFAULT_SEED, FILES_PER_FOLDER, GeneratedCorpus, _Writer
from bench.pdfwriter import LINES_PER_PAGE, paginate, pdf_bytes


@dataclass(frozen=True)
class Kind:
    """One source folder and format of the scale corpus."""

    folder: str
    suffix: str
    count: int
    deciles: tuple[int, ...]  # file bytes; for PDFs, pages per file


# Measured on corpus/scale: (folder, suffix, files, size deciles in bytes / PDF pages).
KINDS: tuple[Kind, ...] = (
    Kind("whitehouse-briefing-room", ".md", 600,
         (398, 1188, 1585, 2047, 2808, 3884, 5965, 10054, 17374, 26074, 78270)),
    Kind("un-general-debate", ".txt", 550,
         (2994, 9873, 11047, 12359, 14383, 16288, 18346, 21014, 24434, 29887, 92191)),
    Kind("us-code", ".md", 250, (113, 345, 421, 485, 579, 711, 851, 1161, 1421, 1751, 15180)),
    Kind("congressional-record", ".htm", 191,
         (522, 660, 922, 1534, 1790, 1962, 2643, 3912, 6616, 11988, 1601163)),
    Kind("china-laws-zh", ".md", 120,
         (883, 2977, 3699, 4747, 6211, 7446, 10234, 13440, 18225, 26122, 308492)),
    Kind("digitalgov-news", ".md", 100,
         (419, 1441, 2286, 3293, 3725, 4558, 5219, 6401, 7515, 9305, 22514)),
    Kind("crs-reports/markdown", ".md", 92,
         (7566, 12648, 14357, 15214, 16152, 17962, 22878, 35503, 72153, 103884, 223344)),
    Kind("18f-blog", ".md", 60,
         (1546, 2903, 4002, 4308, 5037, 6210, 7284, 8115, 9246, 10503, 27499)),
    Kind("crs-reports/pdf", ".pdf", 40, (3, 3, 3, 3, 3, 4, 8, 19, 27, 32, 67)),
)  # fmt: skip
PDF_CHARS_PER_PAGE = (1800, 2687, 3219, 3320, 3545, 3621, 3681, 3852, 4019, 4286, 4518)
_TOTAL = sum(kind.count for kind in KINDS)
_SLUG_RE = re.compile(r"[^a-z0-9]+")


def from_deciles(deciles: tuple[int, ...], u: float) -> int:
    """The value at quantile ``u`` in [0, 1): geometric interpolation between deciles."""
    position = u * (len(deciles) - 1)
    i = int(position)
    lo, hi = deciles[i], deciles[min(i + 1, len(deciles) - 1)]
    return max(1, round(lo * (hi / lo) ** (position - i)))


def kind_schedule(n: int) -> list[Kind]:
    """The kind of each of ``n`` documents: always the one furthest behind its share."""
    made = [0] * len(KINDS)
    order: list[Kind] = []
    for number in range(n):
        deficits = [(number + 1) * k.count / _TOTAL - made[i] for i, k in enumerate(KINDS)]
        best = max(range(len(KINDS)), key=deficits.__getitem__)
        made[best] += 1
        order.append(KINDS[best])
    return order


class _MixWriter(_Writer):
    """Documents of every format of the mix, from the generator's sentence machinery."""

    def paragraphs(self, topic: tuple[str, ...], size: int) -> list[str]:
        """Paragraphs (sections for long texts) adding up to about ``size`` characters."""
        parts: list[str] = []
        length = 0
        while length < size:
            part = self.section(topic) if size - length > 1500 else self.paragraph(topic, 1, 3)
            parts.append(part)
            length += len(part) + 2
        return parts

    def title(self, topic: tuple[str, ...]) -> str:
        r = self.rng
        agency, verb, noun = (
            r.choice(vocab.AGENCIES),
            r.choice(vocab.VERBS_PAST),
            r.choice(vocab.NOUNS),
        )
        return f"{agency} {verb} {noun} on {topic[0]}"

    def document(self, number: int, kind: Kind) -> tuple[str, bytes]:  # type: ignore[override]
        topic = self.topic()
        title = self.title(topic)
        date = self.date()
        slug = _SLUG_RE.sub("-", title.lower()).strip("-")[:50]
        rel = (
            f"{kind.folder}/batch-{number // FILES_PER_FOLDER:03d}/{slug}-{number:06d}{kind.suffix}"
        )
        u = self.rng.random()
        if kind.suffix == ".pdf":
            pages = from_deciles(kind.deciles, u)
            per_page = from_deciles(PDF_CHARS_PER_PAGE, self.rng.random())
            text = self.paragraphs(topic, pages * per_page)
            laid_out = paginate([title, date, *text], width=max(40, per_page // LINES_PER_PAGE))
            return rel, pdf_bytes(laid_out[:pages] or [[title]], title)
        size = from_deciles(kind.deciles, u)
        if kind.suffix == ".md":
            source = self.pick(vocab.SOURCES)
            tags = sorted(set(self.rng.sample(vocab.TAGS, self.between(1, 3))))
            head = (
                f'---\ntitle: "{title}"\ndate: {date}\nsource: {source}\n'
                f"tags: [{', '.join(tags)}]\n---\n\n# {title}\n\n"
            )
            body = "\n\n".join(self.paragraphs(topic, size - len(head)))
            return rel, f"{head}{body}\n".encode()
        if kind.suffix == ".txt":
            return rel, ("\n\n".join(self.paragraphs(topic, size)) + "\n").encode()
        body = html.escape("\n\n".join(self.paragraphs(topic, size - 120)), quote=False)
        page = (
            f"<html>\n<head>\n<title>{html.escape(title)}</title>\n</head>\n"
            f"<body><pre>\n{date}\n\n{body}\n</pre></body>\n</html>\n"
        )
        return rel, page.encode()


def generate_scale_mix(root: Path, n: int, seed: int = DEFAULT_SEED) -> GeneratedCorpus:
    """Write ``n`` documents with corpus/scale's mix under ``root`` (created when missing)."""
    writer = _MixWriter(seed)
    files: list[Path] = []
    total = 0
    made: set[Path] = set()
    for number, kind in enumerate(kind_schedule(n)):
        rel, data = writer.document(number, kind)
        path = root / rel
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        path.write_bytes(data)
        files.append(path)
        total += len(data)
    return GeneratedCorpus(root, tuple(files), total, seed)
