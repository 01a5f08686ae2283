"""Progress, pace status and the assessment of one milestone (tracker.pace) as tables of cases."""

import math

import pandas as pd
import pytest

from tracker.figures import comparable_series
from tracker.pace import assess, classify, meets, progress

NAN = float("nan")


@pytest.mark.parametrize(
    ("latest", "target", "baseline", "direction", "expected", "why"),
    [
        (1767.3, 3238.6, 1619.3, "up", 148 / 1619.3, ""),  # GDP 2023 on the way to doubling 2022's
        (110, 200, 100, "up", 0.10, ""),
        (130, 120, 100, "up", 1.50, ""),  # beyond the target: more than 100 %
        (90, 120, 100, "up", -0.50, ""),  # went the wrong way
        (80, 50, 100, "down", 0.40, ""),  # a falling indicator, 20 of the 50 to go
        (110, 50, 100, "down", -0.20, ""),  # a falling indicator that rose
        (40, 50, 100, "down", 1.20, ""),
        (5, 10, 0, "up", 0.50, ""),  # zero baseline
        (0, 10, -10, "up", 0.50, ""),  # negative baseline
        (-5, -20, 10, "down", 0.50, ""),
        (4100, 5000, None, "up", 0.82, ""),  # no baseline: latest / target
        (8, 4, None, "down", 0.50, ""),  # no baseline, down is good: target / latest
        (5, 5, 5, "up", None, "the target equals the baseline"),
        (5, 0, None, "up", None, "the target is zero"),
        (0, 4, None, "down", None, "the latest figure is zero"),
    ],
)
def test_progress(latest, target, baseline, direction, expected, why):
    share, reason = progress(latest, target, baseline, direction)
    if expected is None:
        assert share is None
    else:
        assert share == pytest.approx(expected)
    assert reason == why


@pytest.mark.parametrize(
    ("ratio", "status"),
    [
        (math.inf, "on_track"),
        (1.5, "on_track"),
        (1.0, "on_track"),
        (0.95, "on_track"),
        (0.9499, "acceleration_needed"),
        (0.746, "acceleration_needed"),  # the zone's GDP against the 6-year doubling
        (0.60, "acceleration_needed"),
        (0.5999, "limited_progress"),
        (0.0001, "limited_progress"),
        (0.0, "limited_progress"),
        (-0.0001, "deterioration"),
        (-2.0, "deterioration"),
        (-math.inf, "deterioration"),
    ],
)
def test_classify(ratio, status):
    assert classify(ratio) == status


@pytest.mark.parametrize(
    ("value", "target", "direction", "bound", "expected"),
    [
        (20.28, 20, "up", "at_least", True),
        (20, 20, "up", "at_least", True),
        (19.99, 20, "up", "at_least", False),
        (184, 150, "up", "above", True),
        (150, 150, "up", "above", False),  # "突破150亿" needs more than 150
        (150.01, 150, "up", "above", True),
        (8, 8, "up", "about", True),
        (8.3, 8, "up", "about", True),
        (7.9, 8, "up", "about", False),  # "about" is read as "at least": no tolerance below the target
        (5, 5, "down", "at_most", True),
        (4.9, 5, "down", "at_most", True),
        (5.1, 5, "down", "at_most", False),
        (5, 5, "down", "below", False),
        (4.9, 5, "down", "below", True),
        (4, 5, "down", "at_least", True),  # the direction decides which side is good
        (6, 5, "down", "at_least", False),
    ],
)
def test_meets(value, target, direction, bound, expected):
    assert meets(value, target, direction, bound) is expected


def _assess(
    figures: dict[str, float],
    measure: str = "flow",
    direction: str = "up",
    method: str = "cagr",
    target_period: str = "2027",
    target_value: float | None = None,
    target_multiple: float | None = None,
    baseline_period: str = "",
    bound: str = "at_least",
):
    """Assess one hand-built milestone of an indicator "x" whose figures are {period: value}."""
    frame = pd.DataFrame({"indicator_id": "x", "period": list(figures), "value": list(figures.values())})
    indicator = pd.Series({"id": "x", "measure": measure, "direction": direction, "pace_method": method})
    milestone = pd.Series(
        {
            "indicator_id": "x",
            "target_period": target_period,
            "target_value": NAN if target_value is None else target_value,
            "target_multiple": NAN if target_multiple is None else target_multiple,
            "baseline_period": baseline_period,
            "bound": bound,
        }
    )
    return assess(indicator, milestone, comparable_series(frame, "x", measure))


def _check(assessment, expected: dict) -> None:
    for field, want in expected.items():
        got = getattr(assessment, field)
        if isinstance(want, float) and want is not None:
            assert got == pytest.approx(want, abs=1e-6), field
        else:
            assert got == want, field


ASSESS_CASES = [
    pytest.param(
        {"2022": 100, "2023": 130},
        {"target_value": 120, "baseline_period": "2022"},
        {
            "status": "achieved",
            "reason_code": "meets",
            "progress": 1.5,
            "latest_period": "2023",
            "projected_year_reached": 2023,
            "needed_rate": None,
            "actual_rate": None,
        },
        id="target-already-met",
    ),
    pytest.param(
        {"2023": 100},
        {"target_value": 200},
        {
            "status": "not_assessed",
            "reason_code": "few_figures",
            "progress": 0.5,
            "needed_rate": 2 ** (1 / 4) - 1,  # still computable from the one figure
            "actual_rate": None,
            "required_rate": None,
        },
        id="one-data-point",
    ),
    pytest.param(
        {"2022": 100},
        {"target_value": 200, "baseline_period": "2022"},
        {"status": "not_assessed", "reason_code": "few_figures", "baseline_value": 100.0, "progress": 0.0},
        id="figure-only-in-baseline-year",
    ),
    pytest.param(
        {"2018": 8.1, "2020": 6.19},  # the zone's R&D intensity: an older figure does not make a rate
        {"measure": "ratio", "method": "linear", "target_value": 8, "baseline_period": "2020", "bound": "about"},
        {
            "status": "not_assessed",
            "reason_code": "nothing_after_baseline",
            "reason_params": (("period", "2020"),),
            "needed_rate": (8 - 6.19) / 7,
        },
        id="only-earlier-figures-than-baseline",
    ),
    pytest.param(
        {"2021": 100, "2022": 140},
        {"target_period": "2022", "target_value": 150, "bound": "above"},
        {
            "status": "missed",
            "reason_code": "does_not_meet",
            "reason_params": (("period", "2022"), ("value", "140"), ("target", "150")),
            "needed_rate": None,
        },
        id="deadline-passed-not-met",
    ),
    pytest.param(
        {"2021": 100, "2022": 140, "2023": 160},
        {"target_period": "2022", "target_value": 150, "bound": "above"},
        {
            "status": "missed",
            "reason_params": (("period", "2022"), ("value", "140"), ("target", "150")),
            "latest_period": "2023",
            "latest_value": 160.0,
        },
        id="deadline-passed-met-only-later",
    ),
    pytest.param(
        {"2021": 120, "2022": 184, "2023": 140},
        {"target_period": "2022", "target_value": 150, "bound": "above"},
        {
            "status": "achieved",
            "reason_code": "meets",
            "reason_params": (("period", "2022"), ("value", "184"), ("target", "150")),
            "projected_year_reached": 2022,
        },
        id="met-in-target-year-then-fell",
    ),
    pytest.param(
        {"2022": 100, "2023": 110, "2024-09": 90},  # a flow's Jan-Sep total is not 2024's
        {"target_value": 200, "baseline_period": "2022"},
        {
            "latest_period": "2023",
            "latest_value": 110.0,
            "actual_rate": 0.10,
            "required_rate": 2 ** (1 / 5) - 1,
            "needed_rate": (200 / 110) ** (1 / 4) - 1,
            "status": "acceleration_needed",  # 0.10 / 0.1487 = 0.67
        },
        id="flow-ytd-left-out-of-rates",
    ),
    pytest.param(
        {"2022": 2057, "2024-09": 2400},  # the zone's high-tech enterprises
        {"measure": "stock", "target_value": 4000, "baseline_period": "2022"},
        {
            "latest_period": "2024-09",
            "latest_value": 2400.0,
            "actual_rate": (2400 / 2057) ** (1 / 2) - 1,  # two years: 2024-09 counts as 2024
            "required_rate": (4000 / 2057) ** (1 / 5) - 1,
            "needed_rate": (4000 / 2400) ** (1 / 3) - 1,
            "projected_value": 2400 * (2400 / 2057) ** (3 / 2),
            "projected_year_reached": 2031,
            "status": "limited_progress",
        },
        id="stock-at-a-month-is-that-years-level",
    ),
    pytest.param(
        {"2022": 2057, "2027": 3900},
        {"measure": "stock", "target_value": 4000, "baseline_period": "2022"},
        {"status": "missed", "reason_params": (("period", "2027"), ("value", "3900"), ("target", "4000"))},
        id="stock-year-end-below-target-missed",
    ),
    pytest.param(
        {"2022": 2057, "2027-09": 3900},  # September of the target year: three months still to go
        {"measure": "stock", "target_value": 4000, "baseline_period": "2022"},
        {
            "status": "on_track",
            "actual_rate": (3900 / 2057) ** (1 / 5) - 1,
            "required_rate": (4000 / 2057) ** (1 / 5) - 1,
            "needed_rate": None,
            "projected_value": 3900.0,
        },
        id="stock-month-of-target-year-not-yet-missed",
    ),
    pytest.param(
        {"2020": 100, "2022": 81},
        {"direction": "down", "target_period": "2025", "target_value": 59.049, "baseline_period": "2020"},
        {
            "status": "on_track",
            "actual_rate": -0.10,
            "required_rate": -0.10,
            "ratio": 1.0,
            "progress": 19 / 40.951,
            "projected_year_reached": 2025,
        },
        id="decreasing-on-track",
    ),
    pytest.param(
        {"2020": 100, "2022": 90.25},
        {"direction": "down", "target_period": "2025", "target_value": 59.049, "baseline_period": "2020"},
        {"status": "limited_progress", "actual_rate": -0.05, "ratio": 0.5},
        id="decreasing-too-slowly",
    ),
    pytest.param(
        {"2020": 100, "2022": 121},
        {"direction": "down", "target_period": "2025", "target_value": 59.049, "baseline_period": "2020"},
        {"status": "deterioration", "actual_rate": 0.10, "ratio": -1.0, "projected_year_reached": None},
        id="decreasing-rose-instead",
    ),
    pytest.param(
        {"2020": 100, "2022": 50},
        {"direction": "down", "target_period": "2025", "target_value": 59.049, "baseline_period": "2020"},
        {"status": "achieved"},
        id="decreasing-already-below-target",
    ),
    pytest.param(
        {"2020": 0, "2022": 4},
        {"target_period": "2025", "target_value": 10, "baseline_period": "2020"},
        {
            "status": "on_track",
            "reason_code": "linear_fallback",
            "pace_method": "linear",
            "actual_rate": 2.0,
            "required_rate": 2.0,
            "needed_rate": 2.0,
            "projected_value": 10.0,
            "projected_year_reached": 2025,
        },
        id="cagr-zero-baseline-linear",
    ),
    pytest.param(
        {"2020": -10, "2022": -4},
        {"target_period": "2025", "target_value": 15, "baseline_period": "2020"},
        {
            "status": "acceleration_needed",
            "reason_code": "linear_fallback",
            "pace_method": "linear",
            "actual_rate": 3.0,
            "required_rate": 5.0,
            "ratio": 0.6,  # exactly on the edge
            "needed_rate": 19 / 3,
        },
        id="cagr-negative-baseline-linear",
    ),
    pytest.param(
        {"2021": 16.94, "2023": 17.5},
        {"method": "linear", "measure": "ratio", "target_value": 20, "baseline_period": "2021"},
        {
            "status": "limited_progress",
            "reason_code": "",
            "pace_method": "linear",
            "actual_rate": 0.28,
            "ratio": 0.28 / 0.51,
            "required_rate": (20 - 16.94) / 6,
        },
        id="linear-share",
    ),
    pytest.param(
        {"2020": 100, "2022": 115},
        {"target_value": 200},
        {
            "status": "acceleration_needed",
            "reason_code": "from_earliest",
            "reason_params": (("period", "2020"),),
            "baseline_period": None,
            "baseline_value": None,
            "actual_rate": 1.15**0.5 - 1,
            "required_rate": 2 ** (1 / 7) - 1,  # from the earliest figure, 2020, to 2027
            "progress": 0.575,
        },
        id="no-baseline-rate-from-earliest",
    ),
    pytest.param(
        {"2022": 100, "2023": 110},
        {"target_period": "2028", "target_multiple": 2, "baseline_period": "2022"},
        {"target_value": 200.0, "progress": 0.10, "status": "acceleration_needed", "required_rate": 2 ** (1 / 6) - 1},
        id="multiple-of-baseline",
    ),
    pytest.param(
        {"2022": 120, "2023": 110},  # the same, after the 2022 figure was revised up
        {"target_period": "2028", "target_multiple": 2, "baseline_period": "2022"},
        {"target_value": 240.0, "baseline_value": 120.0, "progress": -10 / 120, "status": "deterioration"},
        id="multiple-of-revised-baseline",
    ),
    pytest.param(
        {"2023": 110},
        {"target_period": "2028", "target_multiple": 2, "baseline_period": "2022"},
        {
            "status": "not_assessed",
            "reason_code": "no_baseline_figure",
            "reason_params": (("period", "2022"),),
            "target_value": None,
        },
        id="multiple-without-baseline-figure",
    ),
    pytest.param(
        {},
        {"target_value": 22},
        {"status": "not_assessed", "reason_code": "no_figure", "latest_value": None, "progress": None},
        id="no-figures",
    ),
]


@pytest.mark.parametrize(("figures", "setup", "expected"), ASSESS_CASES)
def test_assess(figures, setup, expected):
    _check(_assess(figures, **setup), expected)


@pytest.mark.parametrize(
    ("latest", "status"),
    [
        (110.0, "acceleration_needed"),  # 0.10 a year against 0.1225: ratio 0.82
        (112.3, "on_track"),  # 0.123 against 0.1225
        (105.0, "limited_progress"),  # 0.05: ratio 0.41
        (95.0, "deterioration"),
        (200.0, "achieved"),
    ],
)
def test_doubling_statuses_by_latest_figure(latest, status):
    result = _assess({"2022": 100, "2023": latest}, target_period="2028", target_multiple=2, baseline_period="2022")
    assert result.status == status


def test_context_indicator_has_no_status():
    frame = pd.DataFrame({"indicator_id": ["x"], "period": ["2022-10"], "value": [44.0]})
    indicator = pd.Series({"id": "x", "measure": "stock", "direction": "up", "pace_method": "cagr"})
    result = assess(indicator, None, comparable_series(frame, "x", "stock"))
    assert (result.status, result.reason_code) == ("not_assessed", "context")
    assert (result.latest_period, result.latest_value, result.target_value) == ("2022-10", 44.0, None)
    assert result.reason == "context indicator: the plan sets no target"


# Issue 11: qualifiers act, annual growth targets, series breaks.

from datetime import date  # noqa: E402

from tracker.figures import mixed_basis_years  # noqa: E402
from tracker.pace import FIGURE_COLUMNS, basis_text, caveats, meets_growth, status_table  # noqa: E402
from tracker.pace import _assess as _assess_records  # noqa: E402
from tracker.snapshot import shipped_snapshot  # noqa: E402


def _figures(rows: list[tuple]) -> pd.DataFrame:
    """(period, value[, qualifier[, flags[, growth]]]) rows of indicator "x"."""
    full = [r + ("", "", NAN)[len(r) - 2 :] for r in rows]
    return pd.DataFrame(
        {
            "indicator_id": "x",
            "period": [r[0] for r in full],
            "value": [r[1] for r in full],
            "qualifier": [r[2] for r in full],
            "flags": [r[3] for r in full],
            "growth": [r[4] for r in full],
        }
    )


def _assess_qualified(rows, measure="stock", on=date(2026, 12, 1), **milestone):
    frame = _figures(rows)
    indicator = pd.Series({"id": "x", "measure": measure, "direction": "up", "pace_method": "cagr"})
    setup = {"target_period": "2027", "target_value": NAN, "target_multiple": NAN, "baseline_period": "", **milestone}
    setup.setdefault("bound", "at_least")
    return assess(indicator, pd.Series(setup), comparable_series(frame, "x", measure), frame, on)


QUALIFIER_CASES = [
    pytest.param(
        [("2022", 2057), ("2024-09", 4000, "at_least")],
        {"target_value": 4000},
        {"status": "achieved", "lower_bound": True, "approximate": False, "latest_qualifier": "at_least"},
        id="at-least-at-target-achieved",
    ),
    pytest.param(
        [("2022", 2057), ("2024-09", 4100, "at_least")],
        {"target_value": 4000},
        {"status": "achieved", "lower_bound": True},
        id="at-least-above-target-achieved",
    ),
    pytest.param(
        [("2022", 2057), ("2024-09", 2400, "at_least")],  # 2400余家: progress and the rate are lower bounds
        {"target_value": 4000, "baseline_period": "2022"},
        {"status": "limited_progress", "lower_bound": True, "approximate": False, "progress": (2400 - 2057) / 1943},
        id="at-least-progress-is-a-lower-bound",
    ),
    pytest.param(
        [("2022", 2057), ("2027", 3900, "at_least")],  # 3900余 at the deadline: may still be 4000
        {"target_value": 4000},
        {"status": "not_assessed", "reason_code": "lower_bound_below", "lower_bound": True},
        id="at-least-below-target-at-deadline-not-missed",
    ),
    pytest.param(
        [("2022", 2057), ("2027", 3900)],
        {"target_value": 4000},
        {"status": "missed", "reason_code": "does_not_meet", "lower_bound": False},
        id="exact-below-target-at-deadline-missed",
    ),
    pytest.param(
        [("2024", 1000, "about")],  # 近千亿元 against 1000亿级
        {"target_value": 1000, "bound": "about"},
        {"status": "achieved", "approximate": True, "lower_bound": False, "latest_qualifier": "about"},
        id="about-figure-achieved-approximately",
    ),
    pytest.param(
        [("2022", 500), ("2024", 1000, "about")],
        {"target_value": 2000, "baseline_period": "2022"},
        {"status": "on_track", "approximate": True, "actual_rate": 2**0.5 - 1},
        id="about-figure-rate-approximate",
    ),
    pytest.param(
        [("2022", 500, "about"), ("2024", 1000)],  # the start of the rate is about too
        {"target_value": 2000, "baseline_period": "2022"},
        {"approximate": True},
        id="about-baseline-rate-approximate",
    ),
    pytest.param(
        [("2022", 10000), ("2025", 14000, "at_least", "estimate")],  # 预计超过1.4万亿元
        {"target_value": 13000},
        {"status": "achieved", "approximate": True, "lower_bound": True, "latest_flags": ("estimate",)},
        id="estimate-lower-bound-achieved",
    ),
    pytest.param(
        [("2022", 10000), ("2025", 12000)],
        {"target_value": 20000, "baseline_period": "2022"},
        {"approximate": False, "lower_bound": False, "latest_qualifier": "exact", "latest_flags": ()},
        id="exact-figures-no-caveat",
    ),
]


@pytest.mark.parametrize(("rows", "setup", "expected"), QUALIFIER_CASES)
def test_qualifiers_act(rows, setup, expected):
    _check(_assess_qualified(rows, **setup), expected)


@pytest.mark.parametrize(
    ("row", "zh", "en"),
    [
        ({"approximate": True, "lower_bound": False}, ["约"], ["approximate"]),
        ({"approximate": False, "lower_bound": True}, ["下限"], ["lower bound"]),
        ({"approximate": True, "lower_bound": True}, ["约", "下限"], ["approximate", "lower bound"]),
        ({"approximate": False, "lower_bound": False}, [], []),
    ],
)
def test_caveats(row, zh, en):
    assert (caveats(row, "zh"), caveats(row, "en")) == (zh, en)


@pytest.mark.parametrize(
    ("growth", "target", "bound", "expected"),
    [
        (0.07, 0.07, "at_least", True),
        (0.0699, 0.07, "at_least", False),
        (0.055, 0.06, "about", True),  # "about 6%" is met within half a point below
        (0.0549, 0.06, "about", False),
        (0.078, 0.06, "about", True),  # above a growth target is never a miss
        (0.07, 0.07, "above", False),
        (0.0701, 0.07, "above", True),
    ],
)
def test_meets_growth(growth, target, bound, expected):
    assert meets_growth(growth, target, bound) is expected


def _growth_target(rows, year="2025", target=0.06, bound="about", on=date(2026, 12, 1)):
    return _assess_qualified(
        rows, measure="flow", on=on, kind="annual_growth", target_period=year, target_value=target, bound=bound
    )


GROWTH_CASES = [
    pytest.param(
        [("2024", 1900, "", "", 0.073), ("2025-09", 1656.7, "", "year_to_date", 0.078)],
        {"year": "2024", "target": 0.07, "bound": "at_least"},
        {
            "status": "achieved",
            "reason_code": "growth_meets",
            "latest_growth": 0.073,
            "latest_growth_period": "2024",
            "milestone_kind": "annual_growth",
            "target_value": 0.07,
        },
        id="passed-year-annual-figure-met",
    ),
    pytest.param(
        [("2024", 1900, "", "", 0.065)],
        {"year": "2024", "target": 0.07, "bound": "at_least"},
        {"status": "missed", "reason_code": "growth_misses", "latest_growth": 0.065},
        id="passed-year-annual-figure-missed",
    ),
    pytest.param(
        [("2025", 2000, "", "", 0.052)],
        {},
        {"status": "missed", "reason_code": "growth_misses_about"},
        id="passed-year-about-missed-beyond-half-a-point",
    ),
    pytest.param(
        [("2025", 2000, "", "", 0.056)],
        {},
        {"status": "achieved", "reason_code": "growth_meets_about"},
        id="passed-year-about-met-within-half-a-point",
    ),
    pytest.param(
        [("2024-09", 1425.9, "", "year_to_date", 0.065)],  # the shipped case: only Jan–Sep published
        {"year": "2024", "target": 0.07, "bound": "at_least"},
        {
            "status": "not_assessed",
            "reason_code": "ytd_only",
            "reason_params": (("period", "2024"), ("last_month", "9"), ("growth", "+6.5%"), ("target", "7%")),
            "latest_growth": 0.065,
            "latest_growth_period": "2024-09",
        },
        id="passed-year-only-ytd-not-assessed",
    ),
    pytest.param(
        [("2023", 1767.3, "", "", 0.033)],
        {},
        {"status": "not_assessed", "reason_code": "no_growth", "latest_growth": None},
        id="passed-year-no-growth",
    ),
    pytest.param(
        [("2025-06", 1000, "", "", 0.05), ("2025-09", 1656.7, "", "year_to_date", 0.078)],
        {"on": date(2025, 11, 1)},
        {
            "status": "on_track",
            "reason_code": "ytd_above_about",
            "latest_growth": 0.078,
            "latest_growth_period": "2025-09",
        },
        id="running-year-ytd-above-about",
    ),
    pytest.param(
        [("2025-09", 1656.7, "", "", 0.05)],
        {"on": date(2025, 11, 1)},
        {"status": "acceleration_needed", "reason_code": "ytd_below_about"},
        id="running-year-ytd-below-about",
    ),
    pytest.param(
        [("2025-Q3", 1656.7, "", "", 0.068)],
        {"on": date(2025, 11, 1), "target": 0.07, "bound": "at_least"},
        {"status": "acceleration_needed", "reason_code": "ytd_below", "latest_growth_period": "2025-Q3"},
        id="running-year-ytd-below-at-least",
    ),
    pytest.param(
        [("2025-09", 1656.7, "", "", 0.071)],
        {"on": date(2025, 11, 1), "target": 0.07, "bound": "at_least"},
        {"status": "on_track", "reason_code": "ytd_above"},
        id="running-year-ytd-above-at-least",
    ),
    pytest.param(
        [("2025-09", 1656.7, "", "estimate", 0.071)],
        {"on": date(2025, 11, 1), "target": 0.07, "bound": "at_least"},
        {"status": "on_track", "approximate": True},
        id="running-year-estimate-approximate",
    ),
    pytest.param(
        [("2024", 1900, "", "", 0.073)],
        {"on": date(2024, 11, 1)},
        {"status": "not_assessed", "reason_code": "growth_not_begun"},
        id="year-not-begun",
    ),
]


@pytest.mark.parametrize(("rows", "setup", "expected"), GROWTH_CASES)
def test_annual_growth_targets(rows, setup, expected):
    _check(_growth_target(rows, **setup), expected)


@pytest.mark.parametrize(
    ("rows", "on", "zh", "en"),
    [
        (
            [("2025-09", 1656.7, "", "", 0.078)],
            date(2025, 11, 1),
            "1–9月 +7.8%，高于全年目标 6% 左右",
            "Jan–Sep +7.8%, above the annual target of about 6%",
        ),
        (
            [("2025-09", 1656.7, "", "", 0.078)],
            date(2026, 2, 1),
            "2025 年度增速尚未公布，仅有 1–9月 +7.8%（全年目标 6% 左右）",
            "no annual growth for 2025 has been published, only Jan–Sep +7.8% (annual target about 6%)",
        ),
    ],
)
def test_in_year_signal_in_both_languages(rows, on, zh, en):
    from tracker.i18n import reason

    result = _growth_target(rows, on=on)
    params = dict(result.reason_params)
    assert (reason(result.reason_code, params, "zh"), reason(result.reason_code, params, "en")) == (zh, en)


# The shipped GDP with the zone's 2024 figure flagged as a break (../shared/reference/figures-2026-12.csv).
GDP = [("2020", 1291.5), ("2021", 1510.3), ("2022", 1619.3), ("2023", 1767.3), ("2024-09", 1425.9, "", "year_to_date")]


def _gdp(extra: list[tuple]) -> list[tuple]:
    kept = {r[0] for r in extra}
    return [r for r in GDP if r[0] not in kept] + extra


BREAK_CASES = [
    pytest.param(
        _gdp([("2024", 2053.5, "exact", "break")]),
        {
            "status": "acceleration_needed",
            "latest_period": "2023",
            "latest_value": 1767.3,
            "actual_rate": 1767.3 / 1619.3 - 1,  # 9.1%/yr, never the 16.2% jump to 2024
            "target_value": 3238.6,
            "break_kind": "pre_break",
            "break_period": "2024",
            "post_break_period": "2024",
            "post_break_value": 2053.5,
            "basis_note": "on the pre-2024 basis; 2024 on the new basis: 2,053.5",
        },
        id="one-figure-after-the-break-stays-on-the-old-basis",
    ),
    pytest.param(
        _gdp([("2024", 2053.5, "exact", "break"), ("2025", 2250.0)]),  # the multiple needs a new-basis 2022
        {"latest_period": "2023", "break_period": "2024", "post_break_period": "2025", "post_break_value": 2250.0},
        id="two-after-the-break-without-a-revised-baseline",
    ),
    pytest.param(
        _gdp([("2022", 1800.0, "", "revised"), ("2023", 1900.0, "", "revised"), ("2024", 2053.5, "", "break")]),
        {
            "latest_period": "2024",
            "latest_value": 2053.5,
            "baseline_value": 1800.0,  # the baseline moves with the revised back series
            "target_value": 3600.0,
            "actual_rate": (2053.5 / 1800) ** 0.5 - 1,
            "break_kind": None,
            "basis_note": None,
        },
        id="revised-back-series-ends-the-break",
    ),
    pytest.param(
        _gdp([("2023", 1900.0, "", "revised"), ("2024", 2053.5, "", "break")]),  # 2022 still on the old basis
        {"latest_period": "2022", "baseline_value": 1619.3, "status": "not_assessed", "break_period": "2024"},
        id="revised-from-2023-only-keeps-the-old-baseline",
    ),
    pytest.param(
        GDP,
        {"latest_period": "2023", "actual_rate": 1767.3 / 1619.3 - 1, "break_kind": None, "basis_note": None},
        id="no-break",
    ),
]


@pytest.mark.parametrize(("rows", "expected"), BREAK_CASES)
def test_series_breaks(rows, expected):
    frame = _figures(rows)
    indicator = pd.Series({"id": "gdp", "measure": "flow", "direction": "up", "pace_method": "cagr"})
    milestone = pd.Series(
        {
            "target_period": "2028",
            "target_value": NAN,
            "target_multiple": 2.0,
            "baseline_period": "2022",
            "bound": "at_least",
        }
    )
    result = assess(indicator, milestone, comparable_series(frame, "x", "flow"), frame, date(2026, 12, 1))
    _check(result, expected)


def test_an_absolute_target_reads_the_new_basis_once_it_has_two_figures():
    rows = [("2022", 100), ("2023", 110), ("2024", 150, "", "break"), ("2025", 160)]
    result = _assess_qualified(rows, measure="flow", target_value=300)
    assert (result.latest_period, result.break_kind) == ("2025", None)
    assert result.actual_rate == pytest.approx(160 / 150 - 1)  # from 2024, not from 2022 across the break


def test_basis_note_in_both_languages():
    row = {"break_kind": "pre_break", "break_period": "2024", "post_break_period": "2024", "post_break_value": 2053.5}
    assert basis_text(row, "zh") == "按2024年以前口径；2024年新口径：2,053.5"
    assert basis_text(row, "zh", "亿元") == "按2024年以前口径；2024年新口径：2,053.5 亿元"
    assert basis_text(row, "en", "亿元", "100 million yuan") == (
        "on the pre-2024 basis; 2024 on the new basis: 2,053.5 (100 million yuan)"
    )
    assert basis_text(row, "en") == "on the pre-2024 basis; 2024 on the new basis: 2,053.5"
    assert basis_text({}, "en") is None


@pytest.fixture(scope="module")
def shipped():
    return shipped_snapshot()


def _with_break(figures: pd.DataFrame, extra: pd.DataFrame) -> pd.DataFrame:
    """The figures without their qualifiers, flags and growths, ``extra`` replacing the rows of its periods (the
    shipped gdp 2024 among them: each case says itself whether it is a break)."""
    figures = figures.assign(qualifier="", flags="", growth=NAN)
    replaced = set(zip(extra["indicator_id"], extra["period"]))
    keep = [key not in replaced for key in zip(figures["indicator_id"], figures["period"])]
    return pd.concat([figures[keep], extra], ignore_index=True)


def test_shipped_gdp_with_the_break_stays_on_2022_2023(shipped):
    extra = pd.DataFrame([{"indicator_id": "gdp", "period": "2024", "value": 2053.5, "flags": "break"}])
    status = status_table(shipped.plan, _with_break(shipped.figures, extra), date(2026, 12, 1))
    gdp = status[(status["indicator_id"] == "gdp") & (status["milestone_kind"] == "level")]  # not the annual ones
    assert list(gdp["latest_period"]) == ["2023", "2023"]
    assert list(gdp["actual_rate"].round(4)) == [0.0914, 0.0914]
    assert list(gdp["target_value"]) == [3238.6, 3238.6]
    assert list(gdp["post_break_value"]) == [2053.5, 2053.5]
    assert set(gdp["basis_note"]) == {"on the pre-2024 basis; 2024 on the new basis: 2,053.5"}


def test_a_derived_share_is_not_computed_across_a_break(shipped):
    # the 2024 share of the city's GDP increment would read (2053.5 − 1767.3) / (13527.6 − 12757.4) = 37.2%
    figures = _with_break(shipped.figures, pd.DataFrame([{"indicator_id": "gdp", "period": "2024", "value": 2053.5}]))
    from tracker.figures import derive_figures

    plain = derive_figures(figures, shipped.plan.indicators)
    share = plain[(plain["indicator_id"] == "gdp_increment_share") & (plain["period"] == "2024")]
    assert share["value"].round(1).tolist() == [37.2]  # without the flag, a figure is computed
    figures.loc[(figures["indicator_id"] == "gdp") & (figures["period"] == "2024"), "flags"] = "break"
    assert mixed_basis_years(figures, shipped.plan.indicators) == {("gdp_increment_share", 2024): ("gdp", "2024")}
    derived = derive_figures(figures, shipped.plan.indicators)
    row = status_table(shipped.plan, derived, date(2026, 12, 1)).set_index("indicator_id").loc["gdp_increment_share"]
    assert row["latest_period"] == "2023"  # 20.28%, not the 37.2% from mixed bases
    assert row["break_kind"] == "mixed_formula"
    assert row["basis_note"] == (
        "2024 not computed: Zone GDP is on a new basis from 2024, and the formula would subtract across the break"
    )
    assert basis_text(dict(row), "zh") == "2024未计算：高新区地区生产总值自2024年起口径调整，公式不能跨口径相减"


def test_a_revised_back_series_moves_the_gap_of_the_derived_share(shipped):
    extra = pd.DataFrame(
        [
            {"indicator_id": "gdp", "period": "2023", "value": 1900.0, "flags": "revised"},
            {"indicator_id": "gdp", "period": "2024", "value": 2053.5, "flags": "break"},
        ]
    )
    figures = _with_break(
        shipped.figures[~((shipped.figures["indicator_id"] == "gdp") & (shipped.figures["period"] == "2023"))], extra
    )
    # 2024 − 2023 is on the new basis now; 2023 − 2022 mixes the revised 2023 with the old 2022
    assert mixed_basis_years(figures, shipped.plan.indicators) == {("gdp_increment_share", 2023): ("gdp", "2023")}


def test_every_status_row_has_the_issue_11_columns(shipped):
    status = status_table(shipped.plan, shipped.figures)  # a frame without qualifier, flags or growth columns
    assert set(FIGURE_COLUMNS) <= set(status.columns)
    assert all(isinstance(f, list) for f in status["latest_flags"])
    assert set(status["milestone_kind"].dropna()) == {"level", "annual_growth"}  # GDP +7% in 2024, about 6% in 2025
    assert status.loc[status["target_period"].isna(), "milestone_kind"].isna().all()  # context rows


def test_records_and_frames_agree():
    rows = [("2022", 100), ("2024", 150, "about", "estimate")]
    frame = _figures(rows)
    indicator = {"id": "x", "measure": "flow", "direction": "up", "pace_method": "cagr"}
    milestone = {"target_period": "2027", "target_value": 300.0, "target_multiple": NAN, "baseline_period": "2022"}
    series = comparable_series(frame, "x", "flow")
    records = [
        {"period": "2022", "value": 100.0, "year": 2022, "qualifier": "exact", "flags": [], "growth": None},
        {"period": "2024", "value": 150.0, "year": 2024, "qualifier": "about", "flags": ["estimate"], "growth": None},
    ]
    assert assess(pd.Series(indicator), pd.Series(milestone), series) == _assess_records(indicator, milestone, records)


def test_a_status_is_computed_from_unknown_stored_words():
    # a store written by another version: unknown words are read as exact / no flag, not a crash of every page
    result = _assess_qualified([("2022", 2057), ("2024-09", 2400, "roughly", "estimate,checked")], target_value=4000)
    assert (result.status, result.latest_qualifier, result.latest_flags) == ("limited_progress", "exact", ("estimate",))
    assert result.approximate is True


@pytest.mark.parametrize(
    ("qualifier", "flags", "growth", "expected"),
    [
        ([NAN, NAN], [NAN, NAN], [NAN, NAN], [("exact", [], None), ("exact", [], None)]),  # columns read as floats
        ([None, "about"], [None, ["estimate"]], [None, 0.05], [("exact", [], None), ("about", ["estimate"], 0.05)]),
        (
            ["at_least", "at_least"],
            ["", "revised"],
            ["", "0.033"],
            [("at_least", [], None), ("at_least", ["revised"], 0.033)],
        ),
    ],
)
def test_figure_records_read_every_stored_form(qualifier, flags, growth, expected):
    from tracker.pace import figure_records

    frame = pd.DataFrame(
        {"period": ["2022", "2023"], "value": [1.0, 2.0], "year": [2022, 2023], "qualifier": qualifier, "flags": flags}
    ).assign(growth=growth)
    got = [(r["qualifier"], r["flags"], r["growth"]) for r in figure_records(frame)]
    assert got == expected


@pytest.mark.parametrize(
    ("gdp_flags", "shown"),
    [
        ({"2024": "break"}, ["2021", "2022", "2023"]),  # 2024's share would read 37.2% from mixed bases
        ({"2023": "revised", "2024": "break"}, ["2021", "2022", "2024"]),  # the gap moves to 2023 − 2022
        ({}, ["2021", "2022", "2023", "2024"]),
    ],
)
def test_drop_mixed_bases_leaves_the_gap_for_pages(shipped, gdp_flags, shown):
    from tracker.figures import derive_figures, drop_mixed_bases

    extra = pd.DataFrame([{"indicator_id": "gdp", "period": "2024", "value": 2053.5}])
    figures = _with_break(shipped.figures, extra)
    for period, flag in gdp_flags.items():
        figures.loc[(figures["indicator_id"] == "gdp") & (figures["period"] == period), "flags"] = flag
    derived = drop_mixed_bases(derive_figures(figures, shipped.plan.indicators), shipped.plan.indicators)
    share = derived[derived["indicator_id"] == "gdp_increment_share"]
    assert sorted(share["period"]) == shown


@pytest.mark.parametrize(
    ("on", "status", "code", "growth_period"),
    [
        (date(2026, 12, 1), "not_assessed", "ytd_only", "2024-09"),  # as shipped: both years passed, only Jan–Sep
        (date(2024, 11, 1), "acceleration_needed", "ytd_below", "2024-09"),  # a running year: Jan–Sep 6.5% < 7%
    ],
)
def test_annual_targets_through_status_table(shipped, on, status, code, growth_period):
    from tracker.plan import Plan

    annual = pd.DataFrame(
        [
            {
                "indicator_id": "gdp",
                "target_period": "2024",
                "target_value": 0.07,
                "target_multiple": NAN,
                "baseline_period": "",
                "bound": "at_least",
                "kind": "annual_growth",
            }
        ]
    )
    plan = Plan(
        shipped.plan.pillars, shipped.plan.indicators, pd.concat([shipped.plan.milestones, annual], ignore_index=True)
    )
    figures = shipped.figures.assign(growth=NAN)
    figures.loc[(figures["indicator_id"] == "gdp") & (figures["period"] == "2024-09"), "growth"] = 0.065
    rows = status_table(plan, figures, on)
    row = rows[rows["milestone_kind"] == "annual_growth"].iloc[0]
    assert (row["status"], row["reason_code"], row["latest_growth"], row["latest_growth_period"]) == (
        status,
        code,
        0.065,
        growth_period,
    )
    levels = rows[rows["milestone_kind"] == "level"].set_index(["indicator_id", "target_period"])
    assert levels.loc[("gdp", "2028"), "latest_growth_period"] == "2024-09"  # the latest growth, beside the level
    assert levels["latest_growth_period"].drop(index="gdp", level=0).isna().all()
