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
