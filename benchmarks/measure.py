"""What every benchmark row is: a figure, its floor measured in the same run, the ratio and the goal; and the
timing helpers the rows share."""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Row:
    """One line of the table. ``goal`` is a limit on ``ratio`` (or on ``figure`` when ``goal_on_figure``)."""

    what: str
    figure: float
    unit: str  # "s", "ms", "MB", "" (a plain number)
    floor: float | None = None
    floor_what: str = ""
    goal: float | None = None
    goal_on_figure: bool = False
    note: str = ""

    @property
    def ratio(self) -> float | None:
        return self.figure / self.floor if self.floor else None

    @property
    def met(self) -> bool | None:
        if self.goal is None:
            return None
        value = self.figure if self.goal_on_figure else self.ratio
        return value is not None and value <= self.goal

    def goal_text(self) -> str:
        if self.goal is None:
            return "—"
        return f"≤ {_number(self.goal, self.unit)}" if self.goal_on_figure else f"≤ {self.goal:g}×"


def _number(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "s":
        return f"{value:.3f} s" if value < 10 else f"{value:.1f} s"
    if unit == "ms":
        return f"{value:.1f} ms"
    if unit == "MB":
        return f"{value:.1f} MB"
    return f"{value:.2f}"


def table(rows: list[Row]) -> str:
    """The rows as one plain-text table."""
    header = ["what", "figure", "floor (same run)", "ratio", "goal", "met"]
    body = []
    for row in rows:
        floor = f"{_number(row.floor, row.unit)} {row.floor_what}".strip() if row.floor is not None else "—"
        ratio = f"{row.ratio:.2f}×" if row.ratio is not None else "—"
        met = {True: "yes", False: "NO", None: "—"}[row.met]
        body.append([row.what, _number(row.figure, row.unit), floor, ratio, row.goal_text(), met])
    widths = [max(len(line[i]) for line in [header, *body]) for i in range(len(header))]

    def fmt(line: list[str]) -> str:
        return "  ".join(cell.ljust(width) for cell, width in zip(line, widths)).rstrip()

    lines = [fmt(header), fmt(["-" * w for w in widths])] + [fmt(line) for line in body]
    notes = [f"  [{i}] {row.note}" for i, row in enumerate(rows, start=1) if row.note]
    return "\n".join(lines + (["", "notes:"] + notes if notes else []))


def best_of(call: Callable[[], object], repeat: int) -> float:
    """The fastest of ``repeat`` runs, in seconds (the least disturbed by a shared machine)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return min(times)


def median_of(call: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def loglog_slope(sizes: list[float], seconds: list[float]) -> float:
    """The least-squares slope of log(seconds) against log(size): 1 means linear growth."""
    xs, ys = [math.log(s) for s in sizes], [math.log(t) for t in seconds]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
