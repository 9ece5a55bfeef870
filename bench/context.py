"""The state shared by figure groups in one run: the working corpus and the built indexes."""

from __future__ import annotations

import re
import shutil
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bench.parsing import iter_files
from bench.runner import run_task

_WORD_RE = re.compile(r"[a-z]{6,}")
_TAG_RE = re.compile(r"<[^>]+>")


def log(message: str) -> None:
    """Progress for the person running the benchmark (stderr, so tables stay clean)."""
    print(f"[bench] {message}", file=sys.stderr, flush=True)


@dataclass
class Context:
    """A working copy of the corpus and, once built, the app's and the baselines' indexes."""

    corpus: Path
    work: Path
    repeat: int
    parser_mode: str
    seed: int
    info: dict
    poll_term: str
    quick: bool = False  # small fixed workloads (smoke test): numbers are not comparable
    relevance_corpus: Path | None = None  # the relevance collection's corpus (None: look for it)
    results_dir: Path | None = None  # where groups write their own result files
    revision: str | None = None  # the commit measured
    engines: tuple[str, ...] = ("app", "naive", "fts5")  # the baselines measured beside the app
    build_timeout: float = 1800  # seconds a build worker may take (the curve's large sizes)
    builds: dict[str, list[dict]] = field(default_factory=dict)
    built: dict[str, Path] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    _serial: int = 0

    @property
    def n_files(self) -> int:
        return int(self.info["files"])

    @property
    def corpus_bytes(self) -> int:
        return int(self.info["bytes"])

    def fresh(self, name: str) -> Path:
        """A new, not yet existing path under the work folder."""
        self._serial += 1
        return self.work / f"{name}-{self._serial:03d}"

    def build(self, engine: str, target: Path | None = None) -> dict:
        """One fresh build with ``engine`` (app, naive, fts5) in a worker; keeps the newest."""
        target = target or self.fresh(engine)
        if engine == "app":
            result = run_task(
                "app_build", self.build_timeout, corpus=str(self.corpus), data_dir=str(target)
            )
        elif engine == "naive":
            result = run_task(
                "naive_build", self.build_timeout, corpus=str(self.corpus), index_dir=str(target),
                parser_mode=self.parser_mode,
            )  # fmt: skip
        else:
            target = target.with_suffix(".sqlite3")
            result = run_task(
                "fts5_build", self.build_timeout, corpus=str(self.corpus), db_path=str(target),
                parser_mode=self.parser_mode,
            )  # fmt: skip
        self.builds.setdefault(engine, []).append(result)
        if "error" in result:
            self.errors[engine] = result["error"]
            _remove(target)
        else:
            self.errors.pop(engine, None)
            old = self.built.get(engine)
            self.built[engine] = target
            if old is not None:
                _remove(old)
        return result

    def ensure(self, engine: str) -> tuple[Path | None, str | None]:
        """The built index of ``engine`` (building it once, untimed, when needed)."""
        if engine not in self.built and engine not in self.errors:
            log(f"building the {engine} index for later figures")
            self.build(engine)
        where = self.built.get(engine)
        return where, None if where else self.errors.get(engine)


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    elif path.exists():
        path.unlink()


def describe_corpus(root: Path) -> dict:
    """Counts, bytes and formats of the supported files under ``root``."""
    files = 0
    total = 0
    by_suffix: Counter[str] = Counter()
    for path in iter_files(root):
        files += 1
        total += path.stat().st_size
        by_suffix[path.suffix.lower()] += 1
    return {
        "files": files,
        "bytes": total,
        "mb": round(total / 1e6, 2),
        "by_suffix": dict(sorted(by_suffix.items())),
    }


def choose_poll_term(root: Path, sample: int = 200) -> str:
    """The word (6+ letters) found in most of ``sample`` files spread over the corpus."""
    paths = [p for p in iter_files(root) if p.suffix.lower() != ".pdf"]
    if not paths:
        return "policy"
    step = max(1, len(paths) // sample)
    df: Counter[str] = Counter()
    for path in paths[::step][:sample]:
        text = path.read_text(encoding="utf-8", errors="replace")
        if text.startswith("---\n"):  # front matter keys are not searchable text
            text = text[text.find("\n---", 4) + 4 :]
        text = _TAG_RE.sub(" ", text).lower()
        df.update(set(_WORD_RE.findall(text)))
    if not df:
        return "policy"
    return min(df, key=lambda w: (-df[w], w))
