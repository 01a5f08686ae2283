"""How status (build_snapshot) grows with the plan: plans of 200, 2,000 and 20,000 indicators, each a copy of the
shipped GDP indicator with its first target and its figures, and the fitted exponent of the time over them."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from benchmarks.measure import Row, best_of, loglog_slope

ROOT = Path(__file__).resolve().parent.parent


def synthetic_plan(count: int):
    """(a Plan of ``count`` indicators like the shipped GDP, one target each, and their figures)."""
    from tracker.figures import load_figures
    from tracker.plan import build_plan

    def read(name: str) -> pd.DataFrame:
        return pd.read_csv(ROOT / "data" / name, dtype=str, keep_default_na=False)

    pillars, indicators, milestones = read("pillars.csv"), read("indicators.csv"), read("milestones.csv")
    shipped = load_figures(ROOT / "data" / "figures.csv")
    ids = [f"metric_{i:05d}" for i in range(count)]
    like = indicators[indicators["id"] == "gdp"].iloc[[0] * count].reset_index(drop=True)
    like = like.assign(
        id=ids, name_zh=[f"指标{i:05d}" for i in range(count)], name_en=[f"Metric {i:05d}" for i in range(count)]
    )
    target = milestones[milestones["indicator_id"] == "gdp"].iloc[[0] * count].reset_index(drop=True)
    target = target.assign(indicator_id=ids).drop(columns=["milestone_id"], errors="ignore")
    gdp = shipped[shipped["indicator_id"] == "gdp"]
    # GDP's rows once per indicator, in id order (a concat of 20,000 frames took longer than the status itself)
    figures = gdp.iloc[np.tile(np.arange(len(gdp)), count)].reset_index(drop=True)
    figures["indicator_id"] = np.repeat(ids, len(gdp))
    return build_plan(pillars, like, target, figures), figures


def status_growth_row(counts: list[int]) -> Row:
    from tracker.snapshot import build_snapshot

    seconds = []
    for count in counts:
        plan, figures = synthetic_plan(count)
        seconds.append(best_of(lambda p=plan, f=figures: build_snapshot(p, f, 2), 2 if count <= 2_000 else 1))
    span = f"{counts[0]:,}–{counts[-1]:,}"
    return Row(
        f"status time growth exponent ({span} indicators)",
        loglog_slope(counts, seconds),
        "",
        1.0,
        "(linear)",
        note=f"status growth: build_snapshot of plans of {', '.join(f'{c:,}' for c in counts)} indicators took "
        + ", ".join(f"{s:.2f} s" for s in seconds),
    )
