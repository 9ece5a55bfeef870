"""Figure records, targets and the statistics they are made from."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Target:
    """A goal on the ratio value/baseline and/or on the value itself (inclusive bounds)."""

    ratio_min: float | None = None
    ratio_max: float | None = None
    value_max: float | None = None
    value_below: float | None = None  # strict: value < value_below
    unit: str = ""

    def describe(self) -> str:
        parts = []
        if self.ratio_min is not None:
            parts.append(f"ratio >= {_num(self.ratio_min)}")
        if self.ratio_max is not None:
            parts.append(f"ratio <= {_num(self.ratio_max)}")
        if self.value_max is not None:
            parts.append(f"<= {_num(self.value_max)} {self.unit}".rstrip())
        if self.value_below is not None:
            parts.append(f"< {_num(self.value_below)} {self.unit}".rstrip())
        return " and ".join(parts)

    def met(self, value: float | None, ratio: float | None) -> bool:
        """True only when every bound can be checked and holds."""
        if value is None:
            return False
        checks: list[bool] = []
        if self.ratio_min is not None or self.ratio_max is not None:
            if ratio is None:
                return False
            if self.ratio_min is not None:
                checks.append(ratio >= self.ratio_min)
            if self.ratio_max is not None:
                checks.append(ratio <= self.ratio_max)
        if self.value_max is not None:
            checks.append(value <= self.value_max)
        if self.value_below is not None:
            checks.append(value < self.value_below)
        return all(checks)


@dataclass(frozen=True)
class Figure:
    """One measured figure, compared with its baseline measured in the same run."""

    name: str
    value: float | None
    unit: str
    baseline: float | None = None
    baseline_name: str | None = None
    target: Target | None = None
    note: str | None = None
    samples: int = 0
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        if self.value is None or not self.baseline:
            return None
        return self.value / self.baseline

    @property
    def met(self) -> bool | None:
        return None if self.target is None else self.target.met(self.value, self.ratio)

    def to_json(self) -> dict[str, object]:
        ratio = self.ratio
        return {
            "name": self.name,
            "value": _round(self.value),
            "unit": self.unit,
            "baseline": _round(self.baseline),
            "baseline_name": self.baseline_name,
            "ratio": None if ratio is None else round(ratio, 4),
            "target": None if self.target is None else self.target.describe(),
            "met": self.met,
            "samples": self.samples,
            "note": self.note,
            **({"extra": self.extra} if self.extra else {}),
        }


def median(values: Sequence[float]) -> float | None:
    return statistics.median(values) if values else None


def percentile(values: Sequence[float], pct: float) -> float | None:
    """Nearest-rank percentile (p95 of 200 samples is the 190th smallest)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def _round(value: float | None) -> float | None:
    if value is None:
        return None
    return round(value, 6 - max(0, int(math.log10(abs(value))) if value else 0))


def _num(value: float) -> str:
    return f"{value:.3g}"
