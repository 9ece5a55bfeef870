"""How much metadata the loader finds in a real library, and what it costs.

    python -m bench.metadata_coverage ../shared/corpus/real [--table] [--search]

Loads every file with the real loader (``load_document``) and prints coverage of title
(not the file name), date, source, author and report number, overall and per top folder,
the time the metadata rules take per document, and with ``--table`` one line per file
(value and the rule that found it). ``--search`` indexes the folder into a temporary
library and runs ``source:CRS``, ``date:2024`` and ``date:1991``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

from briefreader.core.formats import documents
from briefreader.core.formats.metadata import ExtractedMetadata, MetadataInput, extract_metadata
from briefreader.core.models import LoadError

QUERIES = ("source:CRS", "date:2024", "date:1991")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--table", action="store_true", help="one line per file")
    parser.add_argument("--search", action="store_true", help="index and run " + ", ".join(QUERIES))
    args = parser.parse_args(argv)
    root = args.folder.resolve()
    found, times, problems = _load_all(root)
    if args.table:
        _print_table(root, found)
    _print_coverage(root, found)
    _print_timing(times)
    _print_large_inputs()
    for path, reason in problems:
        print(f"skipped {path.relative_to(root)}: {reason}")
    if args.search:
        _print_search(root)
    return 0


def _load_all(
    root: Path,
) -> tuple[dict[Path, ExtractedMetadata], list[float], list[tuple[Path, str]]]:
    """Every file through the real loader, with the metadata step timed on its own."""
    timed: list[tuple[float, ExtractedMetadata]] = []

    def timed_extract(source: MetadataInput) -> ExtractedMetadata:
        start = time.perf_counter()
        result = extract_metadata(source)
        timed.append((time.perf_counter() - start, result))
        return result

    original: Callable[[MetadataInput], ExtractedMetadata] = documents.extract_metadata
    documents.extract_metadata = timed_extract  # type: ignore[assignment]
    found: dict[Path, ExtractedMetadata] = {}
    problems: list[tuple[Path, str]] = []
    try:
        for path in documents.iter_library_files([root]):
            try:
                documents.load_document(path)
            except LoadError as error:
                problems.append((path, str(error)))
                continue
            found[path] = timed[-1][1]
    finally:
        documents.extract_metadata = original  # type: ignore[assignment]
    return found, [seconds for seconds, _ in timed], problems


def _kind(root: Path, path: Path) -> str:
    parts = path.relative_to(root).parts
    return parts[0] if len(parts) > 1 else "(top)"


def _print_coverage(root: Path, found: dict[Path, ExtractedMetadata]) -> None:
    groups: dict[str, list[ExtractedMetadata]] = defaultdict(list)
    for path, meta in found.items():
        groups[_kind(root, path)].append(meta)
    groups["ALL"] = list(found.values())
    header = (
        f"{'folder':28} {'docs':>5} {'title*':>7} {'conv.':>6} {'date':>6} {'source':>7}"
        f" {'author':>7} {'report':>7}"
    )
    print(f"\nCoverage in {root} (title*: not the file name; conv.: from a naming convention)")
    print(header)
    for name in sorted(groups, key=lambda n: (n == "ALL", n)):
        metas = groups[name]
        total = len(metas)

        def share(test: Callable[[ExtractedMetadata], bool], metas=metas, total=total) -> str:
            return f"{100 * sum(1 for m in metas if test(m)) / total:5.1f}%"

        print(
            f"{name[:28]:28} {total:5d} {share(lambda m: m.origin('title') != 'fallback'):>7}"
            f" {share(lambda m: m.rule('title') == 'un-file-name'):>6}"
            f" {share(lambda m: m.date is not None):>6} {share(lambda m: m.source is not None):>7}"
            f" {share(lambda m: m.author is not None):>7}"
            f" {share(lambda m: m.report_number is not None):>7}"
        )
    sources = Counter(meta.source for meta in found.values())
    print("\nSources:")
    for source, count in sources.most_common():
        print(f"  {count:5d}  {source}")
    rules = Counter(
        (field, meta.rule(field) or "-")
        for meta in found.values()
        for field in ("title", "date", "source")
    )
    print("\nRules (field, rule: documents):")
    for (field, rule), count in sorted(rules.items()):
        print(f"  {field:7} {rule:20} {count:5d}")


def _print_table(root: Path, found: dict[Path, ExtractedMetadata]) -> None:
    for path, meta in found.items():
        report = f"{meta.report_number or ''}{'.' + meta.version if meta.version else ''}"
        print(
            f"{str(path.relative_to(root))[:58]:58} | {meta.title[:70]:70} [{meta.rule('title')}]"
            f" | {meta.date or '-':10} [{meta.rule('date') or '-'}]"
            f" | {meta.source or '-'} [{meta.rule('source') or '-'}]"
            f" | {(meta.author or '-')[:40]} | {report or '-'} | {meta.url or '-'}"
        )


def _print_timing(times: list[float]) -> None:
    if not times:
        return
    micro = sorted(t * 1e6 for t in times)
    p95 = micro[int(0.95 * (len(micro) - 1))]
    print(
        f"\nMetadata rules per document: median {statistics.median(micro):.0f} µs,"
        f" mean {statistics.fmean(micro):.0f} µs, p95 {p95:.0f} µs, max {micro[-1]:.0f} µs"
        f" ({len(micro)} documents, {sum(times):.2f} s in all)"
    )


def _print_large_inputs() -> None:
    """The rules on 5 MB inputs: one line, many lines, no spaces."""
    cases = {
        "5 MB one line": "word " * 1_000_000,
        "5 MB of short lines": "Line of text.\n" * 370_000,
        "5 MB without a space": "x" * 5_000_000,
        "5 MB of capitals": "CONGRESSIONAL RECORD " * 250_000,
    }
    for name, text in cases.items():
        source = MetadataInput(path=f"/lib/{name}.txt", format="text", text=text)
        start = time.perf_counter()
        extract_metadata(source)
        print(f"{name}: {1e3 * (time.perf_counter() - start):.2f} ms")


def _print_search(root: Path) -> None:
    from briefreader.core.library import Library

    with tempfile.TemporaryDirectory() as data_dir:
        library = Library.open(Path(data_dir))
        try:
            library.add_folders([root])
            library.index()
            for query in QUERIES:
                results = library.search(query)
                print(f"{query}: {results.total} hits")
        finally:
            library.close()


if __name__ == "__main__":
    sys.exit(main())
