"""The status of a whole plan from one frame of many indicators' figures (tracker.pace.assess_plan's single pass)
is what each indicator's own figures give alone: interleaved or shuffled rows, figures of indicators outside the
plan, growth-only rows, a series break and a derived gap do not leak from one indicator into another."""

import math
from dataclasses import asdict
from datetime import date

import numpy as np
import pandas as pd
import pytest

from tracker.figures import comparable_series, derive_figures, formula_references, with_legacy_text
from tracker.pace import assess, assess_plan, status_table
from tracker.snapshot import shipped_snapshot

ON = (date(2025, 6, 1), date(2026, 12, 1))


@pytest.fixture(scope="module")
def shipped():
    return shipped_snapshot()


def _outside(count: int, periods: int) -> pd.DataFrame:
    """Figures of ``count`` indicators no plan names, with growths, flags and year-to-date periods."""
    labels = [str(2010 + k) for k in range(periods)] + ["2024-09", "2024Q3"]
    rows = [
        {
            "indicator_id": f"outside_{i:03d}",
            "period": label,
            "value": 100.0 + i + k,
            "qualifier": "about" if k % 3 == 0 else "exact",
            "flags": "break" if k == periods // 2 else "",
            "growth": 0.05 if k % 2 else math.nan,
        }
        for i in range(count)
        for k, label in enumerate(labels)
    ]
    return pd.DataFrame(rows)


def _figures(shipped, case: str) -> pd.DataFrame:
    """The shipped figures (as stored, without derived rows) changed as ``case`` says."""
    stored = shipped.figures[shipped.figures["confidence"] != "derived"]
    stored = stored[[c for c in stored.columns if c not in ("note", "source")]].reset_index(drop=True)
    if case == "shipped":
        return stored
    if case == "shuffled":
        return stored.iloc[np.random.default_rng(7).permutation(len(stored))].reset_index(drop=True)
    if case == "outside the plan, interleaved":
        both = pd.concat([stored, _outside(40, 12)], ignore_index=True)
        return both.iloc[np.random.default_rng(3).permutation(len(both))].reset_index(drop=True)
    if case == "growth-only rows":
        gdp = stored[stored["indicator_id"] == "gdp"]
        return pd.concat([stored, gdp.assign(value=math.nan, growth=0.061, flags="")], ignore_index=True)
    if case == "growths on every indicator":  # level targets read the latest growth, annual ones every growth
        return stored.assign(growth=[0.01 * (k % 9) if k % 4 else math.nan for k in range(len(stored))])
    if case == "no break flag":
        return stored.assign(flags="")
    raise ValueError(case)


CASES = [
    "shipped",
    "shuffled",
    "outside the plan, interleaved",
    "growth-only rows",
    "growths on every indicator",
    "no break flag",
]


def _rows(frame: pd.DataFrame) -> list[dict]:
    """Status rows as dicts, a missing number as None: a column's dtype follows the frame's other rows (a column of
    Nones alone is object, float with a number beside it), the values must agree."""
    return [
        {k: None if isinstance(v, float) and math.isnan(v) else v for k, v in row.items()}
        for row in frame.to_dict("records")
    ]


def _same(left: dict, right: dict) -> bool:
    """Equal field by field, NaN equal to NaN."""
    return left.keys() == right.keys() and all(
        left[k] == right[k] or (isinstance(left[k], float) and isinstance(right[k], float) and left[k] != left[k])
        for k in left
    )


@pytest.mark.parametrize("on", ON)
@pytest.mark.parametrize("case", CASES)
def test_one_pass_equals_each_indicator_alone(shipped, case, on):
    plan = shipped.plan
    derived = with_legacy_text(derive_figures(_figures(shipped, case), plan.indicators))
    whole = status_table(plan, derived, on)
    for ind_id, formula in zip(plan.indicators["id"], plan.indicators["formula"].fillna("")):
        own = {ind_id} | (formula_references(formula) if formula else set())  # a derived gap reads its inputs
        alone = status_table(plan, derived[derived["indicator_id"].isin(own)], on)
        expected = alone[alone["indicator_id"] == ind_id].reset_index(drop=True)
        got = whole[whole["indicator_id"] == ind_id].reset_index(drop=True)
        assert len(got) == len(expected) >= 1, ind_id
        assert _rows(got) == _rows(expected), (case, ind_id)


@pytest.mark.parametrize("on", ON)
@pytest.mark.parametrize("case", CASES)
def test_one_pass_equals_the_per_indicator_assessment(shipped, case, on):
    # tracker.pace.assess on one indicator's comparable series and growths, the way a single card was once assessed
    plan = shipped.plan
    figures = derive_figures(_figures(shipped, case), plan.indicators)
    got = assess_plan(plan, figures, on)
    formulas = plan.indicators["formula"].fillna("")
    milestones = plan.milestones
    checked = 0
    for ind_id, indicator in plan.indicators.iterrows():
        if formulas[ind_id]:
            continue  # a derived gap needs its inputs: the test above covers it
        rows = figures[figures["indicator_id"] == ind_id]
        series = comparable_series(rows[rows["value"].notna()], ind_id, indicator["measure"])
        growths = rows[rows["growth"].notna()]
        own = milestones[milestones["indicator_id"] == ind_id]
        expected = [assess(indicator, m, series, growths, on) for _, m in own.iterrows()] or [
            assess(indicator, None, series, growths, on)
        ]
        found = [a for a in got if a.indicator_id == ind_id]
        assert len(found) == len(expected), ind_id
        for a, b in zip(found, expected, strict=True):
            assert _same(asdict(a), asdict(b)), (case, ind_id, asdict(a), asdict(b))
        checked += 1
    assert checked >= 10  # most of the shipped plan is typed in, not derived


@pytest.mark.parametrize(
    "dropped",
    [[], [0], [-1], [3, 4], [0, 5, -1], list(range(70)), "all"],
    ids=["none", "first", "last", "adjacent", "spread", "more than 64", "all"],
)
def test_leaving_out_a_few_rows_keeps_every_other_row_and_its_label(shipped, dropped):
    from tracker.figures import _without_rows

    frame = pd.concat([shipped.figures] * 3, ignore_index=True)
    frame.index = frame.index * 2  # labels that are not positions
    drop = np.ones(len(frame), dtype=bool) if dropped == "all" else np.isin(np.arange(len(frame)), dropped)
    if dropped not in ([], "all"):
        drop[dropped] = True
    pd.testing.assert_frame_equal(_without_rows(frame, drop), frame[~drop])
