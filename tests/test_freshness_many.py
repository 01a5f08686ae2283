"""Freshness and coverage of a plan read from a big store's figures (issue 15): figures of indicators outside the
plan, shuffled rows and periods that sort together (2023Q4 and 2023-12) give each indicator what its own figures
give alone."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from tracker.freshness import coverage_cells, freshness_table, latest_periods, load_calendar
from tracker.snapshot import build_snapshot, shipped_snapshot

TODAY = (dt.date(2025, 3, 1), dt.date(2026, 12, 1))


@pytest.fixture(scope="module")
def shipped():
    return shipped_snapshot()


def _outside(count: int) -> pd.DataFrame:
    labels = [str(y) for y in range(2000, 2027)] + ["2026-09", "2026Q3"]
    return pd.DataFrame(
        [
            {"indicator_id": f"outside_{i:03d}", "period": p, "value": 1.0 + i, "note_zh": "", "note_en": "PROXY"}
            for i in range(count)
            for p in labels
        ]
    )


def _figures(shipped, case: str) -> pd.DataFrame:
    stored = shipped.figures[shipped.figures["confidence"] != "derived"].drop(columns=["note", "source"])
    if case == "outside the plan, shuffled":
        both = pd.concat([stored, _outside(30)], ignore_index=True)
        return both.iloc[np.random.default_rng(11).permutation(len(both))].reset_index(drop=True)
    if case == "a quarter and a month of one time":
        gdp = stored[stored["indicator_id"] == "gdp"].head(1)
        return pd.concat([gdp.assign(period="2026Q3"), stored, gdp.assign(period="2026-09")], ignore_index=True)
    return stored


@pytest.mark.parametrize("today", TODAY)
@pytest.mark.parametrize("case", ["shipped", "outside the plan, shuffled", "a quarter and a month of one time"])
def test_each_indicator_reads_its_own_figures(shipped, case, today):
    plan, calendar = shipped.plan, load_calendar()
    figures = build_snapshot(plan, _figures(shipped, case)).figures
    latest = latest_periods(figures)
    fresh = freshness_table(plan, figures, calendar, today)
    cells = coverage_cells(plan, figures, fresh, today)
    years = sorted(set(cells["year"]))
    for ind_id in plan.indicators["id"]:
        own = figures[figures["indicator_id"] == ind_id]
        assert latest.get(ind_id) == latest_periods(own).get(ind_id), ind_id
        if ind_id not in set(figures["indicator_id"]):
            continue
        mine = cells[cells["indicator_id"] == ind_id].reset_index(drop=True)
        alone = coverage_cells(plan, own, fresh, today)
        alone = alone[(alone["indicator_id"] == ind_id) & alone["year"].isin(years)].reset_index(drop=True)
        pd.testing.assert_frame_equal(mine[mine["year"].isin(alone["year"])].reset_index(drop=True), alone)
    assert list(fresh["indicator_id"]) == list(plan.indicators["id"])
    assert set(fresh["latest_period"].dropna()) <= set(latest.values())
