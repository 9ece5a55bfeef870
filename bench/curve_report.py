"""The cost curve's table (Markdown) and plot (PNG, matplotlib: the ``bench`` extra only)."""

from __future__ import annotations

from pathlib import Path

# Columns of the table: header -> (figure name, "value" or the baseline measured beside it).
FIGURE_COLUMNS = {
    "docs/s": ("build.docs_per_s", "value"),
    "build peak RSS MB": ("build.peak_rss_mb", "value"),
    "idle RSS MB": ("memory.idle_rss_mb", "value"),
    "first paint s": ("startup.first_paint_s", "value"),
    "bare Qt window s": ("startup.first_paint_s", "baseline"),
    "search p50 ms": ("search.p50_ms", "value"),
    "search p95 ms": ("search.p95_ms", "value"),
    "update 100 s": ("update.100_files_s", "value"),
    "rescan s": ("rescan.unchanged_s", "value"),
    "stat walk s": ("rescan.unchanged_s", "baseline"),
}


def figure_value(entry: dict, name: str, key: str = "value") -> float | None:
    """``key`` of figure ``name`` in one size's entry (None when missing or unmeasured)."""
    for figure in entry.get("figures", []):
        if figure["name"] == name:
            return figure.get(key)
    return None


def row(entry: dict) -> dict[str, float | str | None]:
    """One size as the table's columns."""
    corpus = entry.get("corpus", {})
    disk = entry.get("disk_mb") or {}
    values: dict[str, float | str | None] = {
        "N": entry["n"],
        "files MB": corpus.get("mb"),
        "build s": entry.get("build_s"),
    }
    for header, (name, key) in FIGURE_COLUMNS.items():
        values[header] = figure_value(entry, name, key)
        if header == "docs/s":
            values.update({f"{part} MB": disk.get(part) for part in ("index", "database", "cache")})
            values["data dir MB"] = disk.get("total")
    load = entry.get("load_avg", {})
    before, after = load.get("build") or [None], load.get("rescan") or [None]
    values["load before/after build"] = f"{_cell(before[0])}/{_cell(after[0])}"
    return values


def _cell(value: float | str | None) -> str:
    if value is None:
        return "-"
    if isinstance(value, str):
        return value
    if isinstance(value, int) or abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.3g}" if abs(value) < 10 else f"{value:.1f}"


def render_table(result: dict) -> str:
    rows = [row(entry) for entry in result["sizes"]]
    if not rows:
        return "(no sizes measured)\n"
    headers = list(rows[0])
    lines = ["| " + " | ".join(headers) + " |", "|" + "---:|" * len(headers)]
    lines += ["| " + " | ".join(_cell(r[h]) for h in headers) + " |" for r in rows]
    revisions = sorted({str(entry.get("revision")) for entry in result["sizes"]})
    lines.append("")
    lines.append(f"Revision measured: {', '.join(revisions)}.")
    return "\n".join(lines) + "\n"


def write_table(result: dict, path: Path) -> str:
    table = render_table(result)
    path.write_text(table, encoding="utf-8")
    return table


# Panels of the plot: (title, unit, [(label, column of the table)]).
PANELS = (
    ("Time", "s", [("build", "build s"), ("update 100 files", "update 100 s"),
                   ("rescan unchanged", "rescan s"), ("start-up to first paint", "first paint s")]),
    ("Size on disk", "MB", [("data dir", "data dir MB"), ("index", "index MB"),
                            ("database", "database MB"), ("text cache", "cache MB"),
                            ("the files", "files MB")]),
    ("Memory", "MB", [("build peak RSS", "build peak RSS MB"), ("idle RSS", "idle RSS MB")]),
    ("Search, top 10 with snippets", "ms", [("p50", "search p50 ms"), ("p95", "search p95 ms")]),
)  # fmt: skip


def write_plot(result: dict, path: Path) -> str:
    """Draw curve.png; a line saying what happened (skipped when matplotlib is missing)."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return (
            "plot skipped: matplotlib is not installed (pip install -e '.[bench]'); "
            f"{path.name} not written"
        )
    rows = [row(entry) for entry in result["sizes"]]
    fig, axes = plt.subplots(2, 2, figsize=(9, 6.6), layout="constrained")
    for ax, (title, unit, series) in zip(axes.flat, PANELS, strict=True):
        for label, column in series:
            points = [(r["N"], r[column]) for r in rows if r[column] is not None]
            if points:
                xs, ys = zip(*points, strict=True)
                ax.plot(xs, ys, marker="o", label=label)
        if unit == "ms":
            ax.axhline(100, color="grey", linestyle=":", linewidth=1, label="100 ms")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_title(title, fontsize=10)
        ax.set_xlabel("documents")
        ax.set_ylabel(unit)
        ax.grid(True, which="major", alpha=0.3)
        if ax.get_legend_handles_labels()[0]:
            ax.legend(fontsize=7)
    revisions = ", ".join(sorted({str(e.get("revision")) for e in result["sizes"]}))
    fig.suptitle(f"BriefReader cost curve (corpus/scale mix; revision {revisions})", fontsize=10)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return f"plot written: {path}"
