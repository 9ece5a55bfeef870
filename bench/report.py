"""The results as a terminal table and as JSON (bench/results/latest.json)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from bench.records import Figure

COLUMNS = ("figure", "value", "unit", "baseline", "ratio", "target", "met")


def _fmt(value: float | None) -> str:
    if value is None:
        return "-"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 1:
        return f"{value:.2f}"
    return f"{value:.3g}"


def _met(figure: Figure) -> str:
    met = figure.met
    return "" if met is None else ("yes" if met else "NO")


def render_table(figures: Sequence[Figure]) -> str:
    """A fixed-width table; notes and baselines' names follow as numbered lines."""
    rows = [COLUMNS]
    notes: list[str] = []
    for figure in figures:
        ratio = figure.ratio
        name = figure.name
        if figure.note:
            if figure.note not in notes:
                notes.append(figure.note)
            name += f" [{notes.index(figure.note) + 1}]"
        rows.append((
            name,
            _fmt(figure.value),
            figure.unit,
            _fmt(figure.baseline),
            "-" if ratio is None else f"{ratio:.2f}x",
            figure.target.describe() if figure.target else "",
            _met(figure),
        ))  # fmt: skip
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
    lines = []
    for i, row in enumerate(rows):
        cells = [cell.ljust(w) if j in (0, 2, 5, 6) else cell.rjust(w)
                 for j, (cell, w) in enumerate(zip(row, widths, strict=True))]  # fmt: skip
        lines.append("  ".join(cells).rstrip())
        if i == 0:
            lines.append("  ".join("-" * w for w in widths))
    lines.append("")
    lines.extend(f"[{i}] {note}" for i, note in enumerate(notes, 1))
    baselines = sorted({f.baseline_name for f in figures if f.baseline_name})
    if baselines:
        lines.append("baselines: " + "; ".join(baselines))
    return "\n".join(lines)


def to_json(corpus: dict, run: dict, figures: Sequence[Figure]) -> dict:
    return {"corpus": corpus, "run": run, "figures": [f.to_json() for f in figures]}


def write_json(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
