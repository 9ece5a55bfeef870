"""Export of 1,000 annotations to each format (run inside a worker, Qt offscreen for PDF).

Set-up (not timed): a library of 20 generated briefings with 50 annotations each, made
through ``Library.annotate``. Timed: one export of everything to a file, through
``briefreader.core.export.exporting.export_to_file(library, ExportRequest(...), path)`` when that
glue exists (what the CLI calls), else ``briefreader.core.export.export_to_file`` fed with
``ExportItem``s built from ``Library.record/document/annotations`` (building them is timed).
"""

from __future__ import annotations

import random
import time
from pathlib import Path

from bench.generator import generate_corpus

DOCS = 20
COLORS = ("yellow", "green", "blue", "pink", "purple", "red", "orange")
DEFAULT_FORMATS = ("md", "html", "pdf", "docx", "json", "csv")


def _annotate(lib, count: int, seed: int) -> int:
    rng = random.Random(seed)
    records = lib.documents()
    made = 0
    for i in range(count):
        record = records[i % len(records)]
        text = lib.document(record.doc_id).text
        start = rng.randrange(0, max(1, len(text) - 200))
        while start < len(text) and not text[start].isalnum():
            start += 1
        end = min(len(text), start + rng.randint(30, 160))
        if not text[start:end].strip():
            continue
        note = f"Note {i}: check **{rng.choice(('scope', 'dates', 'figures'))}**." if i % 3 else ""
        tags = (rng.choice(("follow-up", "key", "numbers", "quote")),) if i % 2 else ()
        lib.annotate(record.doc_id, start, end, color=COLORS[i % len(COLORS)], note=note, tags=tags)
        made += 1
    return made


def _exporter(lib):
    """A function (format, path) -> None and the name of the API it goes through."""
    try:
        from briefreader.core.export.exporting import ExportRequest, export_to_file
    except ImportError:
        pass
    else:

        def via_glue(fmt: str, path: Path) -> None:
            export_to_file(lib, ExportRequest(everything=True, format=fmt), path)

        return via_glue, "briefreader.core.export.exporting.export_to_file"

    from briefreader.core.export.model import ExportItem, ExportOptions, ExportScope
    from briefreader.core.export.registry import export_to_file as write_items

    def via_package(fmt: str, path: Path) -> None:
        items = [
            ExportItem(record, lib.document(record.doc_id), lib.annotations(record.doc_id))
            for record in lib.documents()
        ]
        write_items(path, fmt, ExportScope("all"), items, ExportOptions())

    return via_package, "briefreader.core.export.registry.export_to_file"


def app_export(work_dir: str, count: int, repeat: int, seed: int) -> dict:
    from briefreader.core.library import Library

    work = Path(work_dir)
    corpus = generate_corpus(work / "docs", DOCS, seed)
    lib = Library.open(work / "data")
    lib.add_folders([corpus.root])
    lib.index()
    made = _annotate(lib, count, seed)
    export_fn, api = _exporter(lib)
    try:  # PDF is typeset by the GUI's writer, registered as the window and the CLI do
        from briefreader.gui.pdf_export import register_pdf_export
    except ImportError:
        pass
    else:
        register_pdf_export()
    try:
        from briefreader.core.export.formats import FORMATS

        suffixes = {f.name: f.suffix for f in FORMATS}
    except ImportError:
        suffixes = {name: f".{name}" for name in DEFAULT_FORMATS}
    results: dict[str, dict] = {}
    for fmt, suffix in suffixes.items():
        times: list[float] = []
        error = None
        size = 0
        for r in range(repeat):
            out = work / f"export-{r}{suffix}"  # the format's own extension: a mismatch is refused
            start = time.perf_counter()
            try:
                export_fn(fmt, out)
            except Exception as exc:
                error = f"{type(exc).__name__}: {exc}"[:300]
                break
            times.append(time.perf_counter() - start)
            size = out.stat().st_size if out.exists() else 0
        results[fmt] = {"times": times, "error": error, "bytes": size}
    lib.close()
    return {"annotations": made, "api": api, "formats": results}
