"""Soak test: a big library, thousands of annotation changes, two index rebuilds, nothing lost.

    python -m bench.soak                   # 2,000 documents, 5,000 annotations
    python bench/soak.py --docs 500 --annotations 1000 --work /tmp/soak --keep

Everything goes through the ``Library`` facade. After each phase it prints the resident
memory (RSS) and the counts that must agree: the annotations this script expects, the ones
in the store, and the search hits of their marker tag. Exit status 1 when anything is
missing or the counts disagree. Not part of the test suite (it takes minutes).
"""

from __future__ import annotations

import argparse
import gc
import random
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):  # run as a script: python bench/soak.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.generator import DEFAULT_SEED, generate_corpus
from bench.rss import current_rss_mb, peak_rss_mb
from briefreader.core.library import Library
from briefreader.core.models import COLORS, AnchorStatus, SearchRequest

MARK = "soakmark"
EDITED = "soakedited"


@dataclass
class Expected:
    """What the script did, to compare with what the library says."""

    notes: dict[int, str] = field(default_factory=dict)
    colors: dict[int, str] = field(default_factory=dict)
    edited: set[int] = field(default_factory=set)


@dataclass
class Phase:
    name: str
    seconds: float
    rss_mb: float | None
    peak_mb: float | None
    detail: str


class Soak:
    def __init__(self, work: Path, docs: int, annotations: int, seed: int) -> None:
        self.work = work
        self.docs = docs
        self.annotations = annotations
        self.rng = random.Random(seed)
        self.seed = seed
        self.data = work / "data"
        self.corpus = work / "corpus"
        self.expected = Expected()
        self.phases: list[Phase] = []
        self.problems: list[str] = []
        self.library: Library | None = None

    # ------------------------------------------------------------------ phases

    def run(self) -> int:
        self.phase("generate", self.generate)
        self.phase("index", self.index)
        self.phase("create", self.create)
        self.phase("edit", self.edit)
        self.phase("delete+undo", self.delete)
        self.phase("check", self.check)
        for n in (1, 2):
            self.phase(f"rebuild {n}", self.rebuild)
            self.phase(f"check {n}", self.check)
        self.phase("integrity", self.integrity)
        assert self.library is not None
        self.library.close()
        self.report()
        return 1 if self.problems else 0

    def phase(self, name: str, action) -> None:
        gc.collect()
        started = time.perf_counter()
        detail = action() or ""
        seconds = time.perf_counter() - started
        gc.collect()
        phase = Phase(name, seconds, current_rss_mb(), peak_rss_mb(), detail)
        self.phases.append(phase)
        print(
            f"{name:<12} {seconds:8.1f} s  RSS {_mb(phase.rss_mb):>7} MB  "
            f"peak {_mb(phase.peak_mb):>7} MB  {detail}",
            flush=True,
        )

    def generate(self) -> str:
        corpus = generate_corpus(self.corpus, self.docs, seed=self.seed)
        return f"{len(corpus.files)} files, {corpus.total_bytes / 1e6:.1f} MB"

    def index(self) -> str:
        self.library = Library.open(self.data)
        self.library.add_folders([self.corpus])
        report = self.library.index()
        count = len(self.library.documents())
        if count != self.docs:
            self.problems.append(f"indexed {count} documents, expected {self.docs}")
        return f"{report.added} added, {len(report.skipped)} skipped"

    def create(self) -> str:
        library = self._library()
        records = library.documents()
        texts = {r.doc_id: library.cached_text(r) or "" for r in records}
        for i in range(self.annotations):
            record = records[i % len(records)]
            text = texts[record.doc_id]
            start = self.rng.randrange(0, max(1, len(text) - 60))
            end = start + self.rng.randint(8, 50)
            while not text[start:end].strip():
                start, end = start + 1, end + 1
            color = self.rng.choice(COLORS)
            annotation = library.annotate(
                record.doc_id, start, end, color=color, note=f"soak note {i}", tags=[MARK]
            )
            self.expected.notes[annotation.id] = annotation.note
            self.expected.colors[annotation.id] = color
        return f"{len(self.expected.notes)} annotations"

    def edit(self) -> str:
        library = self._library()
        ids = sorted(self.expected.notes)
        chosen = self.rng.sample(ids, len(ids) // 2)
        for n, annotation_id in enumerate(chosen):
            note = f"edited {n}: {self.rng.random():.6f}"
            color = self.rng.choice(COLORS)
            library.update_annotation(annotation_id, note=note, color=color, tags=[MARK, EDITED])
            self.expected.notes[annotation_id] = note
            self.expected.colors[annotation_id] = color
            self.expected.edited.add(annotation_id)
        return f"{len(chosen)} edited"

    def delete(self) -> str:
        library = self._library()
        ids = sorted(self.expected.notes)
        doomed = self.rng.sample(ids, len(ids) // 5)
        deleted = [library.delete_annotation(annotation_id) for annotation_id in doomed]
        for annotation in deleted:
            del self.expected.notes[annotation.id]
            del self.expected.colors[annotation.id]
            self.expected.edited.discard(annotation.id)
        undone = deleted[: len(deleted) // 5]
        for annotation in undone:  # undo of delete: same id
            restored = library.restore_annotation(annotation)
            self.expected.notes[restored.id] = restored.note
            self.expected.colors[restored.id] = restored.color
            if EDITED in restored.tags:
                self.expected.edited.add(restored.id)
        return f"{len(deleted)} deleted, {len(undone)} restored"

    def rebuild(self) -> str:
        library = self._library()
        library.close()
        shutil.rmtree(self.data / "index")
        self.library = library = Library.open(self.data)
        report = library.index()
        everything = SearchRequest(text="", include_annotations=False, page_size=1)
        held = library.search(everything).total
        if held != self.docs:
            self.problems.append(f"the rebuilt index holds {held} documents, not {self.docs}")
        return (
            f"{' '.join(library.startup_messages)} {held} documents back ({report.total_seen} seen)"
        )

    def check(self) -> str:
        library = self._library()
        stored = {a.id: a for a in library.annotations(tag=MARK)}
        expected = self.expected.notes
        hits = _hits(library, f"tag:{MARK}")
        edited_hits = _hits(library, f"tag:{EDITED}")
        missing = expected.keys() - stored.keys()
        extra = stored.keys() - expected.keys()
        wrong = [
            i
            for i in expected.keys() & stored.keys()
            if stored[i].note != expected[i] or stored[i].color != self.expected.colors[i]
        ]
        bad_anchor = self._bad_anchors(stored.values())
        for label, items in (
            ("missing from the store", missing),
            ("unexpected in the store", extra),
            ("with a wrong note or colour", wrong),
            ("pointing at other text", bad_anchor),
        ):
            if items:
                self.problems.append(f"{len(items)} annotation(s) {label}")
        if hits != len(expected):
            self.problems.append(f"search finds {hits} marked annotations, not {len(expected)}")
        if edited_hits != len(self.expected.edited):
            self.problems.append(
                f"search finds {edited_hits} edited annotations, "
                f"expected {len(self.expected.edited)}"
            )
        return (
            f"expected {len(expected)} | store {len(stored)} | search {hits} "
            f"(edited: expected {len(self.expected.edited)}, search {edited_hits})"
        )

    def _bad_anchors(self, annotations) -> list[int]:
        library = self._library()
        texts: dict[str, str] = {}
        bad = []
        for annotation in annotations:
            if annotation.status not in (AnchorStatus.ANCHORED, AnchorStatus.MOVED):
                continue
            if annotation.doc_id not in texts:
                record = library.record(annotation.doc_id)
                texts[annotation.doc_id] = (library.cached_text(record) if record else "") or ""
            anchor = annotation.anchor
            if texts[annotation.doc_id][anchor.start : anchor.end] != anchor.exact:
                bad.append(annotation.id)
        return bad

    def integrity(self) -> str:
        ok = self._library().store.integrity_check()
        if not ok:
            self.problems.append("PRAGMA integrity_check failed")
        return "integrity_check ok" if ok else "integrity_check FAILED"

    # ------------------------------------------------------------------ output

    def report(self) -> None:
        rss = [p.rss_mb for p in self.phases if p.rss_mb is not None]
        by_name = {p.name: p for p in self.phases}
        print()
        if rss:
            first, last = by_name.get("check"), by_name.get("check 2")
            if first and last and first.rss_mb and last.rss_mb:
                print(
                    f"RSS after the first check {first.rss_mb:.0f} MB, after the second "
                    f"rebuild {last.rss_mb:.0f} MB ({last.rss_mb - first.rss_mb:+.0f} MB)"
                )
        if self.problems:
            print("PROBLEMS:")
            for problem in self.problems:
                print(f"  - {problem}")
        else:
            print("every annotation accounted for: expected = store = search hits")

    def _library(self) -> Library:
        assert self.library is not None
        return self.library


def _hits(library: Library, query: str) -> int:
    return library.search(SearchRequest(text=query, page_size=1)).total


def _mb(value: float | None) -> str:
    return "?" if value is None else f"{value:.0f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.soak", description=__doc__)
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--annotations", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--work", type=Path, default=None, help="folder for corpus and data")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    args = parser.parse_args(argv)
    work = Path(args.work or tempfile.mkdtemp(prefix="briefreader-soak-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"soak: {args.docs} documents, {args.annotations} annotations in {work}", flush=True)
    try:
        return Soak(work, args.docs, args.annotations, args.seed).run()
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
